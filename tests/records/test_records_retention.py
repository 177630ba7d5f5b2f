"""Retention: `db prune` deletes audit records older than the retention period that nothing still needs,
keeps the rest of the chain verifiable through a checkpoint record, and a dry run changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from stackclear.records import Database, audit
from stackclear.records.models import Case, License, Party
from stackclear.records.retention import prune

TODAY = dt.date(2026, 12, 7)


@contextmanager
def made_on(monkeypatch: pytest.MonkeyPatch, day: str) -> Iterator[None]:
    """Records appended inside are dated ``day`` (the chain hashes the time it is given)."""
    with monkeypatch.context() as patch:
        patch.setattr(audit, "utc_text", lambda moment=None: f"{day}T10:00:00.000000Z")
        yield


def _note(db: Database, n: int) -> None:
    with db.write() as session:
        audit.append(session, "test.note", {"n": n}, actor="t")


def test_prune_deletes_old_records_and_the_chain_still_verifies(db: Database, monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:  # fmt: skip
    with made_on(monkeypatch, "2019-03-01"):
        for n in range(3):
            _note(db, n)
        with db.write() as session:  # a license that expired long ago: its records may go
            session.add(License(number="L-OLD", eccns="[]", destinations="[]", parties="[]",
                                expires=dt.date(2020, 1, 1)))  # fmt: skip
            audit.append(session, "license.add", {"number": "L-OLD"}, actor="t")
    with made_on(monkeypatch, "2024-06-01"):  # younger than five years on TODAY: kept
        _note(db, 3)
    _note(db, 4)
    before = audit.count(db)
    dry = prune(db, actor="admin", dry_run=True, today=TODAY)
    assert (dry.pruned, dry.through_seq, dry.checkpoint, dry.keep_from) == (4, 4, None, "2021-12-07")
    assert dry.kinds == {"license.add": 1, "test.note": 3} and audit.count(db) == before  # nothing changed
    done = prune(db, actor="admin", today=TODAY)
    assert (done.pruned, done.through_seq) == (4, 4) and done.checkpoint == 7
    remaining = audit.records(db)
    assert [r["seq"] for r in remaining] == [5, 6, 7] and remaining[-1]["kind"] == "audit.prune"
    assert remaining[-1]["payload"]["pruned_head_hash"] == remaining[0]["prev_hash"] == dry.pruned_head_hash
    verdict = audit.verify(db)
    assert verdict.ok and verdict.records == 3
    _note(db, 5)  # the chain goes on after a prune
    assert audit.verify(db).ok
    again = prune(db, actor="admin", today=TODAY)  # nothing old left
    assert again.pruned == 0 and again.checkpoint is None and audit.verify(db).ok
    # an export of the pruned chain verifies without the database
    audit.export(db, tmp_path / "a.jsonl")
    assert audit.verify_export(tmp_path / "a.jsonl").ok
    # deleting the first kept record is still caught, and so is editing the checkpoint
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_records WHERE seq = 5"))
    broken = audit.verify(db)
    assert not broken.ok and broken.first_bad == 5 and "missing" in (broken.problem or "")


def test_an_edited_checkpoint_is_caught(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with made_on(monkeypatch, "2018-01-01"):
        _note(db, 0)
        _note(db, 1)
    _note(db, 2)
    assert prune(db, actor="admin", today=TODAY).through_seq == 2
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET payload = REPLACE(payload, :a, :b) WHERE kind = 'audit.prune'"),
                     {"a": '"pruned":2', "b": '"pruned":3'})
    broken = audit.verify(db)
    assert not broken.ok and broken.first_bad == 4 and "edited" in (broken.problem or "")


def test_prune_keeps_what_is_still_needed(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """An old decision still in force (the reason a party is cleared) stops the prune; so does an old record
    of a license that is still valid."""
    with db.write() as session:
        session.add(Party(id="p1", name="Acme", content_hash="x"))
        session.flush()
        case = Case(party_id="p1", party_name="Acme", entry_key="EL:1", entry_id="EL:1", entry_name="Acme Ltd",
                    entry_hash="h", list_code="EL", score=0.8, explanation="{}", version=2,
                    decision="false_positive", status="closed")  # fmt: skip
        session.add(case)
        session.add(License(number="L-LIVE", eccns="[]", destinations="[]", parties="[]",
                            expires=dt.date(2030, 1, 1)))  # fmt: skip
        session.flush()
        case_id = case.id
    with made_on(monkeypatch, "2019-01-01"):
        _note(db, 0)
        with db.write() as session:
            audit.append(session, "case.decide", {"case_id": case_id, "version": 2, "decision": "false_positive"},
                         actor="rev")  # fmt: skip
            audit.append(session, "license.add", {"number": "L-LIVE"}, actor="t")
    report = prune(db, actor="admin", today=TODAY)
    assert (report.pruned, report.through_seq, report.stopped_at) == (1, 1, 2)
    assert "decision still in force" in (report.stopped_because or "")
    with db.write() as session:  # the case was decided again since: the old decision may go
        session.execute(text(f"UPDATE cases SET version = 3 WHERE id = {case_id}"))
    report = prune(db, actor="admin", today=TODAY)
    assert (report.pruned, report.stopped_at) == (1, 3) and "license L-LIVE" in (report.stopped_because or "")
    assert audit.verify(db).ok


def test_prune_through_the_cli(db_url: str, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from stackclear.cli import app

    with made_on(monkeypatch, "2001-05-05"):
        _note(db, 0)
    _note(db, 1)
    runner = CliRunner()
    dry = runner.invoke(app, ["db", "prune", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["pruned"] == 1 and audit.count(db) == 2
    done = runner.invoke(app, ["db", "prune", "--actor", "admin"])
    assert done.exit_code == 0 and "deleted 1 of 2 audit records" in done.output and "checkpoint" in done.output
    verdict = runner.invoke(app, ["audit", "verify", "--json"])
    assert verdict.exit_code == 0 and json.loads(verdict.output)["ok"] is True
