"""The append-only, hash-chained audit log.

Every record holds ``kind``, ``at`` (UTC, ISO 8601), ``actor``, ``payload`` (inputs and outputs) and
``versions`` (rule set, list snapshot, matcher), plus ``prev_hash``: the ``hash`` of the record before it
(64 zeros for the first). ``hash`` is the sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of
``{"kind", "at", "actor", "payload", "versions", "prev_hash"}``. ``seq`` numbers records 1, 2, 3...; the
single ``audit_head`` row holds the last ``seq`` and ``hash`` and is updated in the same transaction as
each append, so cutting records off the end is caught too.

Appends happen inside :meth:`Database.write` transactions (serialised), together with the change they
record: either both are committed or neither. The application never updates or deletes a record.

:func:`verify` walks the chain and names the first record that was edited, deleted, inserted or moved.
:func:`export` writes records as JSONL plus a manifest that :func:`verify_export` checks without the database.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stackclear.records.db import Database
from stackclear.records.errors import RecordsError
from stackclear.records.models import AuditHead, AuditRecord

GENESIS = "0" * 64
PRUNE_KIND = "audit.prune"  # a checkpoint: records 1..N were pruned (stackclear.records.retention)
EXPORT_FORMAT = "stackclear-audit-export/1"
_VERIFY_BATCH = 5000


def canonical(value: Any) -> str:
    """The canonical JSON text that is hashed (sorted keys, compact, UTF-8 kept, no NaN)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                      default=str)  # fmt: skip


def record_hash(kind: str, at: str, actor: str, payload: str, versions: str, prev_hash: str) -> str:
    """sha256 of one record's canonical content; ``payload`` and ``versions`` are canonical JSON texts."""
    body = (
        '{"actor":' + json.dumps(actor, ensure_ascii=False)
        + ',"at":' + json.dumps(at)
        + ',"kind":' + json.dumps(kind, ensure_ascii=False)
        + ',"payload":' + payload
        + ',"prev_hash":' + json.dumps(prev_hash)
        + ',"versions":' + versions
        + "}"
    )  # fmt: skip
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def default_actor() -> str:
    """Who runs this process: the OS user (``--actor`` overrides it in the CLI)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def utc_text(moment: dt.datetime | None = None) -> str:
    when = (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append(
    session: Session,
    kind: str,
    payload: Mapping[str, Any],
    *,
    actor: str,
    versions: Mapping[str, Any] | None = None,
) -> AuditRecord:
    """Append one record in the caller's write transaction (see :meth:`Database.write`)."""
    if not actor or not actor.strip():
        raise RecordsError("audit: every record needs an actor (a user name); got an empty one")
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        raise RecordsError("audit: the chain head row is missing; the database was tampered with "
                           "(run `stackclear audit verify`)")
    at = utc_text()
    payload_text = canonical(dict(payload))
    versions_text = canonical(dict(versions or {}))
    digest = record_hash(kind, at, actor, payload_text, versions_text, head.hash)
    record = AuditRecord(seq=head.seq + 1, kind=kind, at=at, actor=actor, payload=payload_text,
                         versions=versions_text, prev_hash=head.hash, hash=digest)  # fmt: skip
    session.add(record)
    head.seq = record.seq
    head.hash = digest
    session.flush()
    return record


def record_dict(record: AuditRecord) -> dict[str, Any]:
    """One record as exported (payload and versions as JSON objects)."""
    return {
        "seq": record.seq,
        "kind": record.kind,
        "at": record.at,
        "actor": record.actor,
        "payload": json.loads(record.payload),
        "versions": json.loads(record.versions),
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }


# -- verification --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Verdict:
    records: int
    ok: bool
    first_bad: int | None = None
    problem: str | None = None
    last_hash: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"records": self.records, "ok": self.ok}
        if not self.ok:
            out["first_bad"] = self.first_bad
            out["problem"] = self.problem
        return out


@dataclass(slots=True)
class _Link:
    seq: int
    kind: str
    at: str
    actor: str
    payload: str
    versions: str
    prev_hash: str
    hash: str


class _Walker:
    """Checks links one by one in seq order; the first break is the answer."""

    def __init__(self, start_seq: int = 1, start_prev: str = GENESIS) -> None:
        self.expected = start_seq
        self.prev = start_prev
        self.count = 0
        self.bad: tuple[int, str] | None = None

    def feed(self, link: _Link) -> bool:
        """False once a break is found."""
        if self.bad is not None:
            return False
        self.count += 1
        if link.seq != self.expected:
            if link.seq > self.expected:
                gap = (f"record {self.expected} is missing" if link.seq == self.expected + 1
                       else f"records {self.expected}..{link.seq - 1} are missing")  # fmt: skip
                self.bad = (self.expected, f"{gap} (deleted): record {link.seq} follows record {self.expected - 1}")
            else:
                self.bad = (link.seq, f"record {link.seq} appears twice or out of order")
            return False
        computed = record_hash(link.kind, link.at, link.actor, link.payload, link.versions, link.prev_hash)
        if computed != link.hash:
            self.bad = (link.seq, f"record {link.seq} was edited: its content no longer matches its hash")
            return False
        if link.prev_hash != self.prev:
            before = f"record {link.seq - 1}" if link.seq > 1 else "the start of the chain"
            self.bad = (link.seq, f"record {link.seq} does not follow {before} (its prev_hash differs): a record "
                                  "was inserted, deleted or moved here")
            return False
        self.prev = link.hash
        self.expected += 1
        return True

    def finish(self, head_seq: int | None, head_hash: str | None) -> Verdict:
        if self.bad is not None:
            return Verdict(self.count, False, self.bad[0], self.bad[1], None)
        last = self.expected - 1
        if head_seq is None:
            if last == 0:
                return Verdict(0, True, last_hash=self.prev)
            return Verdict(self.count, False, 1, "the chain head row is missing (deleted)")
        if head_seq > last:
            gap = f"record {last + 1}" if head_seq == last + 1 else f"records {last + 1}..{head_seq}"
            return Verdict(self.count, False, last + 1,
                           f"{gap} missing at the end (deleted or truncated): the chain head records {head_seq}")
        if head_seq < last or head_hash != self.prev:
            first = head_seq + 1 if head_seq < last else last
            return Verdict(self.count, False, first, f"record {first} is not part of the chain the head "
                                                      f"records (head: record {head_seq}): appended or edited "
                                                      "outside stackclear")  # fmt: skip
        return Verdict(self.count, True, last_hash=self.prev)


def _start(session: Session) -> tuple[int, str]:
    """Where the walk starts: record 1 after the genesis hash, or — after ``db prune`` removed records 1..N —
    record N+1 after the hash of record N, as the newest ``audit.prune`` checkpoint naming N carries it (that
    checkpoint is itself a link of the walked chain, so it cannot be edited unnoticed)."""
    first = session.execute(select(func.min(AuditRecord.seq))).scalar_one()
    if first is None or first <= 1:
        return 1, GENESIS
    checkpoints = session.execute(
        select(AuditRecord.payload).where(AuditRecord.kind == PRUNE_KIND).order_by(AuditRecord.seq.desc())
    ).scalars()
    fallback = (1, GENESIS)
    for payload in checkpoints:
        try:
            data = json.loads(payload)
            through, digest = int(data["pruned_through"]), str(data["pruned_head_hash"])
        except (ValueError, KeyError, TypeError):
            continue
        if through == first - 1:
            return first, digest
        if through < first - 1 and fallback[0] == 1:
            fallback = (through + 1, digest)  # records after the newest checkpoint are missing: the walk names them
    return fallback


def verify(db: Database) -> Verdict:
    """Walk the whole chain in one read transaction; name the first edited/deleted/inserted/moved record."""
    with db.read() as session:
        walker = _Walker(*_start(session))
        head = session.get(AuditHead, 1)
        head_seq, head_hash = (head.seq, head.hash) if head else (None, None)
        columns = (AuditRecord.seq, AuditRecord.kind, AuditRecord.at, AuditRecord.actor, AuditRecord.payload,
                   AuditRecord.versions, AuditRecord.prev_hash, AuditRecord.hash)  # fmt: skip
        after = 0
        while True:  # keyset pages: constant memory for millions of records, on both backends
            rows = session.execute(
                select(*columns).where(AuditRecord.seq > after).order_by(AuditRecord.seq).limit(_VERIFY_BATCH)
            ).all()
            if not rows:
                break
            for row in rows:
                if not walker.feed(_Link(*row)):
                    break
            if walker.bad is not None:
                break
            after = rows[-1][0]
    return walker.finish(head_seq, head_hash)


def count(db: Database) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(AuditRecord)).scalar_one())


def records(db: Database, *, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Records, newest last (optionally of one kind, the last ``limit`` of them)."""
    with db.read() as session:
        query = select(AuditRecord)
        if kind:
            query = query.where(AuditRecord.kind == kind)
        if limit:
            query = query.order_by(AuditRecord.seq.desc()).limit(limit)
            found = list(reversed(session.execute(query).scalars().all()))
        else:
            found = list(session.execute(query.order_by(AuditRecord.seq)).scalars().all())
        return [record_dict(r) for r in found]


# -- export --------------------------------------------------------------------------------------------------


def _date_bound(day: dt.date | None, end: bool) -> str | None:
    if day is None:
        return None
    return (day + dt.timedelta(days=1)).isoformat() if end else day.isoformat()


def export(
    db: Database, out: str | Path, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Write records (those dated ``start``..``end`` inclusive, UTC) as JSONL to ``out`` and a manifest
    beside it (``OUT.manifest.json``); both appear only when complete. Returns the manifest."""
    target = Path(out).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    low, high = _date_bound(start, False), _date_bound(end, True)
    digest = hashlib.sha256()
    first: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    n = 0
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle, db.read() as session:
            head = session.get(AuditHead, 1)
            query = select(AuditRecord).order_by(AuditRecord.seq)
            if low:
                query = query.where(AuditRecord.at >= low)
            if high:
                query = query.where(AuditRecord.at < high)
            for record in session.execute(query.execution_options(yield_per=_VERIFY_BATCH)).scalars():
                line = (canonical(record_dict(record)) + "\n").encode("utf-8")
                handle.write(line)
                digest.update(line)
                item = {"seq": record.seq, "prev_hash": record.prev_hash, "hash": record.hash, "at": record.at}
                first = first or item
                last = item
                n += 1
                session.expunge(record)
        manifest = {
            "format": EXPORT_FORMAT,
            "file": target.name,
            "sha256": digest.hexdigest(),
            "records": n,
            "first_seq": first["seq"] if first else None,
            "last_seq": last["seq"] if last else None,
            "first_prev_hash": first["prev_hash"] if first else None,
            "last_hash": last["hash"] if last else None,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "exported_at": utc_text(),
            "head": {"seq": head.seq, "hash": head.hash} if head else None,
        }
        manifest_path = manifest_path_for(target)
        _atomic_write(manifest_path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        os.replace(tmp_name, target)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    return manifest


def manifest_path_for(export_file: Path) -> Path:
    return export_file.with_name(export_file.name + ".manifest.json")


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def _export_links(path: Path, digest: Any) -> Iterator[_Link]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            digest.update(raw)
            try:
                data = json.loads(raw)
                yield _Link(int(data["seq"]), str(data["kind"]), str(data["at"]), str(data["actor"]),
                            canonical(data["payload"]), canonical(data["versions"]), str(data["prev_hash"]),
                            str(data["hash"]))  # fmt: skip
            except (ValueError, KeyError, TypeError) as exc:
                raise RecordsError(f"{path}, line {number}: not an audit record ({exc})") from None


def verify_export(path: str | Path, manifest: str | Path | None = None) -> Verdict:
    """Check an export without the database: the manifest's sha256 and counts, and every link of the chain."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise RecordsError(f"{file}: no such file")
    manifest_file = Path(manifest) if manifest else manifest_path_for(file)
    if not manifest_file.is_file():
        raise RecordsError(f"{manifest_file}: no manifest beside the export (expected {manifest_file.name})")
    try:
        meta = json.loads(manifest_file.read_text(encoding="utf-8"))
        if meta.get("format") != EXPORT_FORMAT:
            raise ValueError(f"format {meta.get('format')!r}, expected {EXPORT_FORMAT!r}")
    except ValueError as exc:
        raise RecordsError(f"{manifest_file}: not an audit export manifest ({exc})") from None
    digest = hashlib.sha256()
    start_seq = meta.get("first_seq") or 1
    walker = _Walker(int(start_seq), str(meta.get("first_prev_hash") or GENESIS))
    for link in _export_links(file, digest):
        if not walker.feed(link):
            break
    if walker.bad is not None:
        return Verdict(walker.count, False, walker.bad[0], walker.bad[1])
    last = walker.expected - 1
    if digest.hexdigest() != meta.get("sha256"):
        return Verdict(walker.count, False, last + 1 if walker.count < (meta.get("records") or 0) else last,
                       f"the file's sha256 differs from the manifest's: records were added, removed or "
                       f"changed after export ({walker.count} records in the file, the manifest says "
                       f"{meta.get('records')})")  # fmt: skip
    if walker.count != meta.get("records") or (walker.count and walker.prev != meta.get("last_hash")):
        return Verdict(walker.count, False, last, "the export does not end where its manifest says")
    return Verdict(walker.count, True, last_hash=walker.prev)
