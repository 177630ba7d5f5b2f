"""How long records are kept: 15 CFR 762.6 asks for five years; ``STACKCLEAR_RETENTION_YEARS`` changes it.

Nothing is ever deleted automatically. ``retention_years`` is reported by ``db status``; ``stackclear db
prune`` (:func:`prune`) deletes the audit records older than the period that nothing still needs, leaving a
checkpoint record so the rest of the chain still verifies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select

from stackclear.records import audit
from stackclear.records.db import Database
from stackclear.records.errors import RecordsError
from stackclear.records.models import AuditHead, AuditRecord, Case, License

ENV_RETENTION = "STACKCLEAR_RETENTION_YEARS"
DEFAULT_YEARS = 5


def retention_years() -> int:
    raw = os.environ.get(ENV_RETENTION, "").strip()
    if not raw:
        return DEFAULT_YEARS
    if not raw.isdigit() or int(raw) < 1:
        raise RecordsError(f"{ENV_RETENTION}: expected a whole number of years >= 1, got {raw!r}")
    return int(raw)


def keep_until(recorded: dt.date, years: int | None = None) -> dt.date:
    """The first day a record made on ``recorded`` may be discarded."""
    span = years if years is not None else retention_years()
    try:
        return recorded.replace(year=recorded.year + span)
    except ValueError:  # 29 February
        return recorded.replace(year=recorded.year + span, day=28)


def may_discard(recorded: dt.date, today: dt.date | None = None) -> bool:
    return (today or dt.date.today()) >= keep_until(recorded)


# -- pruning -----------------------------------------------------------------------------------------------

PRUNE_KIND = audit.PRUNE_KIND


def retention_limit(today: dt.date, years: int) -> dt.date:
    """Records made before this day are older than the retention period on ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@dataclass(slots=True)
class PruneReport:
    retention_years: int
    keep_from: str  # records made on or after this day (UTC) are kept
    dry_run: bool
    records: int = 0  # records in the chain before pruning
    pruned: int = 0
    through_seq: int | None = None  # the last pruned record
    pruned_head_hash: str | None = None  # its hash: the first kept record's prev_hash
    kinds: dict[str, int] = field(default_factory=dict)
    stopped_at: int | None = None  # the first old record kept, and why
    stopped_because: str | None = None
    checkpoint: int | None = None  # the audit.prune record written

    def to_dict(self) -> dict[str, Any]:
        return {"retention_years": self.retention_years, "keep_from": self.keep_from, "dry_run": self.dry_run,
                "records": self.records, "pruned": self.pruned, "through_seq": self.through_seq,
                "pruned_head_hash": self.pruned_head_hash, "kinds": self.kinds, "stopped_at": self.stopped_at,
                "stopped_because": self.stopped_because, "checkpoint": self.checkpoint}  # fmt: skip


def _still_needed(kind: str, payload: dict[str, Any], cases: dict[int, int], licenses: dict[str, dt.date],
                  limit: dt.date) -> str | None:  # fmt: skip
    """Why an old record must be kept (None: it may go)."""
    if kind == "case.decide":
        case_id = payload.get("case_id")
        if isinstance(case_id, int) and cases.get(case_id) == payload.get("version"):
            return f"it is case {case_id}'s decision still in force"
    number = payload.get("license") if kind != "license.add" else payload.get("number")
    if kind.startswith("license.") or (kind == "determination.record" and number):
        expires = licenses.get(str(number))
        if expires is not None and expires >= limit:
            return f"license {number} expired less than the retention period ago (or is still valid)"
    return None


def prune(db: Database, *, actor: str, dry_run: bool = False, today: dt.date | None = None,
          years: int | None = None) -> PruneReport:  # fmt: skip
    """Delete the oldest audit records once they are older than the retention period, keeping the chain
    verifiable: only a prefix of the chain (records 1..N) is ever removed, and in the same transaction an
    ``audit.prune`` record is appended that carries N and the hash of record N — the ``prev_hash`` the first
    kept record links to. ``audit verify`` starts the walk there. The prefix stops before the first record
    that is younger than the period or still needed: a case decision still in force (the reason a party is
    cleared), a license's records while the license is valid or expired less than the period ago. Nothing
    else (parties, cases, licenses, determinations) is deleted. ``dry_run`` reports what would go."""
    span = years if years is not None else retention_years()
    limit = retention_limit(today or dt.datetime.now(dt.UTC).date(), span)
    report = PruneReport(span, limit.isoformat(), dry_run)
    with db.read() if dry_run else db.write() as session:
        head = session.get(AuditHead, 1)
        count = select(func.count()).select_from(AuditRecord)
        report.records = 0 if head is None else int(session.execute(count).scalar_one())
        cases = {cid: version for cid, version in session.execute(select(Case.id, Case.version))}
        licenses = {number: expires for number, expires in session.execute(select(License.number, License.expires))}
        query = (select(AuditRecord.seq, AuditRecord.kind, AuditRecord.at, AuditRecord.payload, AuditRecord.hash)
                 .order_by(AuditRecord.seq))  # fmt: skip
        kinds: Counter[str] = Counter()
        rows = session.execute(query.execution_options(yield_per=5000))
        for seq, kind, at, payload, digest in rows:
            if at >= limit.isoformat():
                break
            why = _still_needed(kind, json.loads(payload), cases, licenses, limit)
            if why is not None:
                report.stopped_at, report.stopped_because = seq, why
                break
            kinds[kind] += 1
            report.pruned += 1
            report.through_seq, report.pruned_head_hash = seq, digest
        rows.close()
        report.kinds = dict(sorted(kinds.items()))
        if dry_run or report.through_seq is None:
            return report
        record = audit.append(session, PRUNE_KIND, {
            "pruned_through": report.through_seq, "pruned_head_hash": report.pruned_head_hash,
            "pruned": report.pruned, "kinds": report.kinds, "keep_from": report.keep_from,
            "retention_years": span, "stopped_at": report.stopped_at, "stopped_because": report.stopped_because,
        }, actor=actor)  # fmt: skip
        report.checkpoint = record.seq
        session.execute(delete(AuditRecord).where(AuditRecord.seq <= report.through_seq))
    return report
