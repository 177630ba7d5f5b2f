"""The audit chain: appends, verification, tampering with raw SQL, export, concurrent writers."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from stackclear.records import Database, audit


def _fill(db: Database, n: int, actor: str = "tester") -> None:
    for i in range(n):
        with db.write() as session:
            audit.append(session, "test.event", {"i": i, "name": f"Ünïcode {i}", "value": i / 3}, actor=actor,
                         versions={"matcher": "stackclear-v1"})  # fmt: skip


def _sql(db: Database, *statements: str) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def test_empty_chain_verifies(db: Database) -> None:
    assert audit.verify(db).to_dict() == {"records": 0, "ok": True}


def test_appended_records_chain_and_verify(db: Database) -> None:
    _fill(db, 5)
    verdict = audit.verify(db)
    assert verdict.ok and verdict.records == 5
    rows = audit.records(db)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["prev_hash"] == audit.GENESIS
    assert all(rows[i]["prev_hash"] == rows[i - 1]["hash"] for i in range(1, 5))
    assert rows[2]["payload"] == {"i": 2, "name": "Ünïcode 2", "value": 2 / 3}
    assert rows[2]["actor"] == "tester" and rows[2]["at"].endswith("Z")


def test_record_without_actor_is_refused(db: Database) -> None:
    with pytest.raises(audit.RecordsError, match="actor"), db.write() as session:
        audit.append(session, "x", {}, actor=" ")


def test_edit_is_caught(db: Database) -> None:
    _fill(db, 6)
    _sql(db, "UPDATE audit_records SET payload = '{\"i\":99}' WHERE seq = 4")
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 4 and "edited" in (verdict.problem or "")


def test_edit_of_actor_is_caught(db: Database) -> None:
    _fill(db, 3)
    _sql(db, "UPDATE audit_records SET actor = 'mallory' WHERE seq = 2")
    assert audit.verify(db).first_bad == 2


def test_delete_in_the_middle_is_caught(db: Database) -> None:
    _fill(db, 6)
    _sql(db, "DELETE FROM audit_records WHERE seq = 3")
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 3 and "missing" in (verdict.problem or "")


def test_delete_and_renumber_is_caught(db: Database) -> None:
    _fill(db, 6)
    _sql(db, "DELETE FROM audit_records WHERE seq = 3",
         "UPDATE audit_records SET seq = seq + 100 WHERE seq > 3",
         "UPDATE audit_records SET seq = seq - 101 WHERE seq > 100")  # fmt: skip
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 3 and "does not follow" in (verdict.problem or "")


def test_insert_is_caught(db: Database) -> None:
    _fill(db, 5)
    # make room at 3 and insert a forged record there
    _sql(db, "UPDATE audit_records SET seq = seq + 100 WHERE seq >= 3",
         "UPDATE audit_records SET seq = seq - 99 WHERE seq > 100",
         "INSERT INTO audit_records (seq, kind, at, actor, payload, versions, prev_hash, hash) VALUES "
         "(3, 'test.event', '2020-01-01T00:00:00.000000Z', 'mallory', '{}', '{}', 'forged', 'forgedhash')")  # fmt: skip
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 3


def test_well_forged_insert_is_caught_at_the_next_link(db: Database) -> None:
    """A forger who knows the hash function makes an inserted record link to record 2; prev_hash is unique
    (the chain cannot fork), so the displaced record must be altered too: the chain breaks right after."""
    _fill(db, 5)
    rows = audit.records(db)
    prev = rows[1]["hash"]
    at, payload, versions = "2026-01-01T00:00:00.000000Z", audit.canonical({"forged": True}), "{}"
    forged = audit.record_hash("test.event", at, "mallory", payload, versions, prev)
    _sql(db, "UPDATE audit_records SET seq = seq + 100 WHERE seq >= 3",
         "UPDATE audit_records SET seq = seq - 99 WHERE seq > 100",
         f"UPDATE audit_records SET prev_hash = '{'f' * 64}' WHERE seq = 4",
         "INSERT INTO audit_records (seq, kind, at, actor, payload, versions, prev_hash, hash) VALUES "
         f"(3, 'test.event', '{at}', 'mallory', '{payload}', '{versions}', '{prev}', '{forged}')")  # fmt: skip
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 4


def test_append_at_the_end_outside_stackclear_is_caught(db: Database) -> None:
    _fill(db, 3)
    last = audit.records(db)[-1]["hash"]
    at, payload = "2026-01-01T00:00:00.000000Z", audit.canonical({"forged": True})
    forged = audit.record_hash("test.event", at, "mallory", payload, "{}", last)
    _sql(db, "INSERT INTO audit_records (seq, kind, at, actor, payload, versions, prev_hash, hash) VALUES "
             f"(4, 'test.event', '{at}', 'mallory', '{payload}', '{{}}', '{last}', '{forged}')")  # fmt: skip
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 4 and "head" in (verdict.problem or "")


def test_reorder_is_caught(db: Database) -> None:
    _fill(db, 6)
    _sql(db, "UPDATE audit_records SET seq = 1000 WHERE seq = 3",
         "UPDATE audit_records SET seq = 3 WHERE seq = 4",
         "UPDATE audit_records SET seq = 4 WHERE seq = 1000")  # fmt: skip
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 3 and "does not follow" in (verdict.problem or "")


def test_truncate_tail_is_caught(db: Database) -> None:
    _fill(db, 6)
    _sql(db, "DELETE FROM audit_records WHERE seq > 4")
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 5 and "missing at the end" in (verdict.problem or "")


def test_truncate_table_is_caught(db: Database) -> None:
    _fill(db, 4)
    _sql(db, "DELETE FROM audit_records")
    verdict = audit.verify(db)
    assert not verdict.ok and verdict.first_bad == 1 and verdict.records == 0


def test_export_verifies_without_the_database(db: Database, tmp_path: Path) -> None:
    _fill(db, 7)
    out = tmp_path / "export" / "audit.jsonl"
    manifest = audit.export(db, out)
    assert manifest["records"] == 7 and manifest["last_hash"] == audit.records(db)[-1]["hash"]
    db.dispose()
    assert audit.verify_export(out).ok
    lines = out.read_text(encoding="utf-8").splitlines()
    # edit one record of the export
    edited = json.loads(lines[2])
    edited["actor"] = "mallory"
    out.write_text("\n".join([*lines[:2], json.dumps(edited), *lines[3:]]) + "\n", encoding="utf-8")
    verdict = audit.verify_export(out)
    assert not verdict.ok and verdict.first_bad == 3
    # drop the last line: chain fine, but the manifest catches it
    out.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    verdict = audit.verify_export(out)
    assert not verdict.ok and verdict.first_bad == 7


def test_export_date_range(db: Database, tmp_path: Path) -> None:
    import datetime as dt

    _fill(db, 3)
    today = dt.datetime.now(dt.UTC).date()
    assert audit.export(db, tmp_path / "a.jsonl", start=today, end=today)["records"] == 3
    assert audit.export(db, tmp_path / "b.jsonl", end=today - dt.timedelta(days=1))["records"] == 0
    assert audit.verify_export(tmp_path / "a.jsonl").ok
    assert audit.verify_export(tmp_path / "b.jsonl").ok


def test_concurrent_writers_never_fork_the_chain(db: Database, db_url: str) -> None:
    """Eight threads with their own engines append at once: one linear chain, nothing lost."""
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        own = Database(db_url)
        try:
            for i in range(15):
                with own.write() as session:
                    audit.append(session, "test.concurrent", {"worker": worker, "i": i}, actor=f"w{worker}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    verdict = audit.verify(db)
    assert verdict.ok and verdict.records == 120
    payloads = {(r["payload"]["worker"], r["payload"]["i"]) for r in audit.records(db)}
    assert len(payloads) == 120
