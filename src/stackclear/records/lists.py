"""List snapshots in the audit chain: every ``lists import`` / ``lists update`` becomes a record.

The list store (``screening.store``) switches snapshots on the filesystem, the chain lives in the
database: the two cannot commit together. The CLI records a snapshot right after the store made it
current; if the process dies in between, the next ``rescreen`` (or list import) finds the current snapshot
unrecorded and records it then (payload ``"late": true``), so no snapshot the system screened against is
missing from the chain.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stackclear.records import audit
from stackclear.records.db import Database
from stackclear.records.models import AuditRecord
from stackclear.screening.store import Snapshot

KINDS = ("lists.import", "lists.update")


def snapshot_payload(snap: Snapshot) -> dict[str, Any]:
    return {"id": snap.id, "origin": snap.origin, "imported_at": snap.imported_at.isoformat(),
            "as_of": snap.as_of.isoformat() if snap.as_of else None, "counts": snap.counts,
            "files": [{"name": f.name, "format": f.format, "sha256": f.sha256, "rows": f.rows, "source": f.source,
                       "url": f.url} for f in snap.files]}  # fmt: skip


def recorded(session: Session, snap_id: str) -> bool:
    needle = f'%"id":"{snap_id}"%'
    found = session.execute(
        select(AuditRecord.seq).where(AuditRecord.kind.in_(KINDS), AuditRecord.payload.like(needle)).limit(1)
    ).first()
    return found is not None


def record_snapshot_in(session: Session, snap: Snapshot, *, actor: str, late: bool = False) -> int | None:
    """Record ``snap`` in the caller's write transaction unless already recorded; the record's seq or None."""
    if recorded(session, snap.id):
        return None
    payload = snapshot_payload(snap)
    if late:
        payload["late"] = True
    kind = "lists.update" if snap.origin == "update" else "lists.import"
    return audit.append(session, kind, payload, actor=actor, versions={"list_snapshot": snap.id}).seq


def record_snapshot(db: Database, snap: Snapshot, *, actor: str) -> int | None:
    with db.write() as session:
        return record_snapshot_in(session, snap, actor=actor)
