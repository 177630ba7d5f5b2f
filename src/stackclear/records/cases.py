"""Screening cases: a possible match of a stored party with one listed entry, and the reviewer's decision.

A decision is ``true_match`` (closes the case: the party is the listed one), ``false_positive`` (closes
it for *this version* of the entry: ``entry_hash``; when the entry changes, ``rescreen`` reopens it) or
``escalate`` (stays open for a senior reviewer). A reason is mandatory. Decisions use an optimistic
version column: a decision states the version it was made on, and when someone else decided in between,
the later writer gets :class:`ConflictError` and nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update

from stackclear.records import audit
from stackclear.records.db import Database
from stackclear.records.errors import ConflictError, NotFoundError, RecordsError
from stackclear.records.models import CASE_STATUSES, DECISIONS, Case, utcnow

MAX_REASON = 10_000
#: audit record kinds that name one case (``payload.case_id``)
CASE_EVENTS = ("case.open", "case.update", "case.reopen", "case.close", "case.decide")


def case_dict(case: Case, *, full: bool = False) -> dict[str, Any]:
    """The ``cases list`` contract keys (plus details with ``full``)."""
    out: dict[str, Any] = {
        "id": case.id,
        "party_id": case.party_id,
        "party_name": case.party_name,
        "entry_id": case.entry_id,
        "entry_hash": case.entry_hash,
        "list": case.list_code,
        "score": round(case.score, 4),
        "status": case.status,
        "decision": case.decision,
        "entry_name": case.entry_name,
        "version": case.version,
    }
    if full:
        out.update({
            "reason": case.reason,
            "decided_by": case.decided_by,
            "decided_at": case.decided_at.isoformat() if case.decided_at else None,
            "note": case.note,
            "opened_at": case.opened_at.isoformat(),
            "updated_at": case.updated_at.isoformat(),
            "explanation": json.loads(case.explanation),
        })  # fmt: skip
    return out


def list_cases(db: Database, status: str = "open", *, party_id: str | None = None) -> list[dict[str, Any]]:
    if status not in (*CASE_STATUSES, "all"):
        raise RecordsError(f"--status {status!r}: expected open, closed or all")
    with db.read() as session:
        query = select(Case).order_by(Case.id)
        if status != "all":
            query = query.where(Case.status == status)
        if party_id:
            query = query.where(Case.party_id == party_id)
        return [case_dict(c) for c in session.execute(query).scalars()]


def get_case(db: Database, case_id: int) -> dict[str, Any]:
    with db.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError(f"no case {case_id}")
        return case_dict(case, full=True)


def history(db: Database, case_id: int) -> list[dict[str, Any]]:
    """The audit records that name this case: its decisions, and the re-screens that opened, changed,
    reopened or closed it (one record each; older databases name it only in the run's record)."""
    found = []
    for kind in CASE_EVENTS:
        for record in audit.records(db, kind=kind):
            if record["payload"].get("case_id") == case_id:
                found.append(record)
    for record in audit.records(db, kind="rescreen"):
        payload = record["payload"]
        if any(case_id in payload.get(k, []) for k in ("opened", "reopened", "closed")):
            found.append(record)
    return sorted(found, key=lambda r: int(r["seq"]))


def decide(
    db: Database,
    case_id: int,
    decision: str,
    reason: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Record a decision; ``expected_version`` (default: the version read now) guards against a concurrent
    decision: if the case changed since, ConflictError and nothing is written."""
    if decision not in DECISIONS:
        raise RecordsError(f"--decision {decision!r}: expected one of {', '.join(DECISIONS)}")
    reason = (reason or "").strip()
    if not reason:
        raise RecordsError("--reason: a decision needs a reason (what the reviewer checked)")
    if len(reason) > MAX_REASON:
        raise RecordsError(f"--reason: {len(reason):,} characters, longer than the {MAX_REASON:,} allowed")
    if expected_version is None:
        expected_version = int(get_case(db, case_id)["version"])
    status = "open" if decision == "escalate" else "closed"
    now = utcnow()
    with db.write() as session:
        done = session.execute(
            update(Case)
            .where(Case.id == case_id, Case.version == expected_version)
            .values(decision=decision, reason=reason, status=status, decided_by=actor, decided_at=now,
                    updated_at=now, version=Case.version + 1)  # fmt: skip
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            current = session.get(Case, case_id)
            if current is None:
                raise NotFoundError(f"no case {case_id}")
            by = f" by {current.decided_by} ({current.decision}, {current.decided_at:%Y-%m-%d %H:%M:%S} UTC)" \
                if current.decided_by and current.decided_at else ""  # fmt: skip
            raise ConflictError(f"case {case_id} changed while you were deciding: you decided on version "
                                f"{expected_version}, it is now version {current.version}{by}; nothing was "
                                "written — look at it again (`stackclear cases show "
                                f"{case_id}`) and decide again")  # fmt: skip
        case = session.execute(select(Case).where(Case.id == case_id)).scalar_one()
        session.refresh(case)
        record = audit.append(session, "case.decide", {
            "case_id": case_id, "party_id": case.party_id, "entry_id": case.entry_id,
            "entry_hash": case.entry_hash, "decision": decision, "reason": reason,
            "status": status, "version": case.version,
        }, actor=actor)  # fmt: skip
        out = case_dict(case, full=True)
        out["audit_record"] = record.seq
        return out
