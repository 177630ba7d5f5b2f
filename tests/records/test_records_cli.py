"""The records commands as DESIGN.md specifies them: JSON keys and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stackclear.cli import app

from .helpers import BASE, write_csl

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (args, result.exit_code, result.output)
    return result.output


def run_json(*args: str, code: int = 0) -> object:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (args, result.exit_code, result.output)
    return json.loads(result.stdout)


def test_records_workflow_through_the_cli(db_url: str, tmp_path: Path) -> None:
    from stackclear.records import head_revision

    assert run_json("db", "upgrade", "--json")["to"] == head_revision()  # type: ignore[index]
    run("lists", "import", str(write_csl(tmp_path / "l" / "csl.csv", BASE)))
    parties_file = tmp_path / "p.csv"
    parties_file.write_text("id,name\nc1,Zhongxing Quantum Microelectronics\nc2,Quiet Bakery\nc2,Dup\n,\n",
                            encoding="utf-8")  # fmt: skip
    imported = run_json("parties", "import", str(parties_file), code=1)
    assert set(imported) >= {"imported", "updated", "rejected"}  # type: ignore[arg-type]
    assert imported["imported"] == 2 and [r["line"] for r in imported["rejected"]] == [4]  # type: ignore[index]
    result = run_json("rescreen", "--json", "--actor", "ops")
    assert set(result) >= {"snapshot", "full", "screened", "opened", "reopened", "closed"}  # type: ignore[arg-type]
    assert result["full"] is True and result["screened"] == 2 and len(result["opened"]) == 1  # type: ignore[index]
    listed = run_json("cases", "list", "--status", "open", "--json")
    assert isinstance(listed, list) and len(listed) == 1
    case = listed[0]
    assert set(case) >= {"id", "party_id", "party_name", "entry_id", "entry_hash", "list", "score", "status",
                         "decision"}  # fmt: skip
    assert case["party_id"] == "c1" and case["status"] == "open"
    shown = run_json("cases", "show", str(case["id"]), "--json")
    assert shown["explanation"] and shown["history"][0]["kind"] == "case.open"  # type: ignore[index]
    run("cases", "decide", str(case["id"]), "--decision", "false_positive", "--reason", "", code=2)
    run("cases", "decide", str(case["id"]), "--decision", "nope", "--reason", "x", code=2)
    out = run("cases", "decide", str(case["id"]), "--decision", "false_positive", "--reason", "other firm",
              "--actor", "rev")  # fmt: skip
    assert "false_positive" in out
    stale = str(case["version"])
    conflict = runner.invoke(app, ["cases", "decide", str(case["id"]), "--decision", "true_match", "--reason", "x",
                                   "--expect-version", stale])  # fmt: skip
    assert conflict.exit_code == 1 and "conflict" in conflict.output and "rev" in conflict.output
    assert run_json("cases", "list", "--status", "closed", "--json")[0]["decision"] == "false_positive"  # type: ignore[index]
    run("cases", "show", "999", code=2)
    verdict = run_json("audit", "verify", "--json")
    assert verdict == {"records": verdict["records"], "ok": True}  # type: ignore[index]
    kinds = ["lists.import", "parties.import", "case.open", "rescreen", "case.decide"]
    export = tmp_path / "out" / "audit.jsonl"
    run("audit", "export", "--out", str(export))
    assert [json.loads(line)["kind"] for line in export.read_text().splitlines()] == kinds
    assert json.loads(export.read_text().splitlines()[-1])["actor"] == "rev"
    assert run_json("audit", "verify-export", str(export), "--json")["ok"] is True  # type: ignore[index]
    export.write_text(export.read_text().replace("other firm", "other firm!"))
    broken = run_json("audit", "verify-export", str(export), "--json", code=1)
    assert broken["ok"] is False and broken["first_bad"] == 5  # type: ignore[index]


def test_audit_verify_exit_1_when_broken(db_url: str) -> None:
    from stackclear.records import open_database

    run("users", "add", "ann", "--role", "admin", "--actor", "root")
    created = run_json("keys", "create", "ann", "--label", "ci", "--json")
    assert set(created) == {"id", "key"}  # type: ignore[arg-type]
    run("keys", "revoke", created["id"])  # type: ignore[index]
    run("users", "add", "bob", "--role", "god", code=2)
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_records SET actor = 'mallory' WHERE seq = 2")
    db.dispose()
    verdict = run_json("audit", "verify", "--json", code=1)
    assert verdict["ok"] is False and verdict["first_bad"] == 2 and "edited" in verdict["problem"]  # type: ignore[index]


def test_db_backup_while_another_process_writes(db_url: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    from stackclear.records import Database, audit, open_database

    db = open_database(db_url)
    writer = subprocess.Popen([sys.executable, "-c", (
        "from stackclear.records import open_database, audit\n"
        "db = open_database()\n"
        "for i in range(400):\n"
        "    with db.write() as s:\n"
        "        audit.append(s, 'load.test', {'i': i, 'pad': 'x' * 500}, actor='writer')\n"
    )])  # fmt: skip
    try:
        outputs = []
        for n in range(3):
            target = tmp_path / f"backup{n}.{'db' if db.dialect == 'sqlite' else 'dump'}"
            run("db", "backup", str(target))
            outputs.append(target)
    finally:
        assert writer.wait(timeout=300) == 0
    for target in outputs:
        assert target.stat().st_size > 0
        if db.dialect == "sqlite":
            copy = Database(f"sqlite:///{target}")
            verdict = audit.verify(copy)  # a consistent copy: its chain verifies on its own
            assert verdict.ok, verdict
            copy.dispose()
        else:  # restore the dump into a fresh database: its chain verifies on its own
            from stackclear.records.db import find_pg_binary

            from .conftest import drop_pg_database, make_pg_database

            assert target.read_bytes()[:5] == b"PGDMP"
            url, name = make_pg_database()
            try:
                from sqlalchemy.engine import make_url

                plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
                pg_restore = find_pg_binary("pg_restore")
                assert pg_restore is not None
                subprocess.run([pg_restore, "--no-owner", "-d", plain, str(target)], check=True, capture_output=True)
                copy = Database(url)
                verdict = audit.verify(copy)
                assert verdict.ok, verdict
                copy.dispose()
            finally:
                drop_pg_database(name)
    assert audit.verify(db).ok and audit.count(db) == 400
    db.dispose()


def test_missing_database_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from stackclear.extras import MissingExtraError, require

    with pytest.raises(MissingExtraError, match=r"stackclear\[db\]"):
        require("sqlalchemy_not_installed_here", extra="db")


def test_lists_import_is_recorded_in_the_database_of_its_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stackclear.records import Database, audit

    monkeypatch.delenv("STACKCLEAR_DATABASE_URL", raising=False)
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path / "elsewhere"))
    home = tmp_path / "home"
    run("lists", "import", str(write_csl(tmp_path / "l" / "csl.csv", BASE)), "--home", str(home))
    db = Database(f"sqlite:///{home / 'stackclear.db'}")
    (record,) = audit.records(db)
    assert record["kind"] == "lists.import" and record["payload"]["counts"] == {"EL": 4, "SDN": 1}
    db.dispose()
    assert not (tmp_path / "elsewhere").exists()


def test_lists_import_prepares_the_snapshot_when_parties_are_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No parties: nothing prepared. With parties: the import caches the entry state and the index, and the
    rescreen that follows reads them (the same cases as from the lists)."""
    from stackclear.records import Database, cases, parties

    monkeypatch.delenv("STACKCLEAR_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("STACKCLEAR_HOME", str(home))
    run("lists", "import", str(write_csl(tmp_path / "l" / "v1.csv", BASE)))
    assert not list((home / "cache").glob("entries-*.tsv"))
    db = Database(f"sqlite:///{home / 'stackclear.db'}")
    (tmp_path / "p.csv").write_text("id,name\nc1,Volga Precision Instruments\n", encoding="utf-8")
    parties.import_file(db, str(tmp_path / "p.csv"), actor="t")
    run("lists", "import", str(write_csl(tmp_path / "l" / "v2.csv", BASE[1:])))
    assert len(list((home / "cache").glob("entries-*.tsv"))) == 1
    assert len(list((home / "cache").glob("index-*.bin"))) == 1
    result = run_json("rescreen", "--json")
    assert result["full"] is True and len(result["opened"]) == 1  # type: ignore[index]
    assert [c["entry_id"] for c in cases.list_cases(db)] == ["EL:2"]
    db.dispose()
