"""Parties import: CSV and JSONL, idempotent by id, bad rows rejected with line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackclear.records import Database, RecordsError, audit, parties


def _csv(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_import_is_idempotent_by_id(db: Database, tmp_path: Path) -> None:
    first = _csv(tmp_path / "p.csv", "id,name,country\nc1,Acme Robotics GmbH,DE\nc2,Northwind Traders,US\n")
    result = parties.import_file(db, first, actor="t")
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (2, 0, 0, [])
    again = parties.import_file(db, first, actor="t")
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
    changed = _csv(tmp_path / "q.csv", "id,name,country\nc1,Acme Robotics AG,DE\nc3,Contoso Ltd,GB\n")
    third = parties.import_file(db, changed, actor="t")
    assert (third.imported, third.updated, third.unchanged) == (1, 1, 0)
    assert parties.get_party(db, "c1") == {"id": "c1", "name": "Acme Robotics AG", "schema": None, "country": "DE",
                                           "address": None, "content_hash": parties.PartyRow(
                                               "c1", "Acme Robotics AG", None, "DE").content_hash(),
                                           "screened": False}  # fmt: skip
    assert [p["id"] for p in parties.list_parties(db)] == ["c1", "c2", "c3"]
    kinds = [r["kind"] for r in audit.records(db)]
    assert kinds == ["parties.import"] * 3 and audit.verify(db).ok


def test_bad_rows_are_rejected_with_line_and_reason_good_rows_kept(db: Database, tmp_path: Path) -> None:
    huge = "A" * (1024 * 1024)
    text = (
        "id,name,schema,country,address\n"
        "p1,Good One Ltd,Company,GB,\n"          # line 2: good
        "p2,Broken Row Ltd,Company\n"             # line 3: too few columns
        "p1,Duplicate Of One,Company,GB,\n"       # line 4: duplicate id
        "p3,,Company,GB,\n"                       # line 5: empty name
        f"p4,{huge},Company,GB,\n"                # line 6: 1 MB name
        "p5,Bad Country Co,Company,XX,\n"         # line 7: unknown country
        "p6,Bad Schema Co,Spaceship,GB,\n"        # line 8: unknown schema
        ",No Id Co,Company,GB,\n"                 # line 9: empty id
        "p7,\"Quoted, Name Inc\",Company,US,\"1 Main St, Springfield\"\n"  # line 10: good
    )  # fmt: skip
    result = parties.import_file(db, _csv(tmp_path / "bad.csv", text), actor="t")
    assert result.imported == 2
    by_line = {r["line"]: r["error"] for r in result.rejected}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]
    assert "columns" in by_line[3]
    assert "duplicate id 'p1'" in by_line[4] and "line 2" in by_line[4]
    assert by_line[5].startswith("name: empty")
    assert "1,048,576 characters" in by_line[6]
    assert "country" in by_line[7] and "schema" in by_line[8] and by_line[9].startswith("id: empty")
    assert {p["id"] for p in parties.list_parties(db)} == {"p1", "p7"}
    assert parties.get_party(db, "p1")["name"] == "Good One Ltd"  # type: ignore[index]
    assert parties.get_party(db, "p7")["address"] == "1 Main St, Springfield"  # type: ignore[index]
    record = audit.records(db)[-1]
    assert record["payload"]["rejected_total"] == 7 and record["payload"]["imported"] == 2


def test_jsonl_import_and_broken_lines(db: Database, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "j1", "name": "Jade Imports", "country": "sg"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "j2", "name": "Orion Systems", "extra": 1}),
        "",
        json.dumps({"id": 42, "name": "Numeric Id Corp"}),
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = parties.import_file(db, str(path), actor="t")
    assert result.imported == 2
    assert [r["line"] for r in result.rejected] == [2, 3, 4]
    assert "not valid JSON" in result.rejected[0]["error"] and "unknown field" in result.rejected[2]["error"]
    assert parties.get_party(db, "j1")["country"] == "SG"  # type: ignore[index]
    assert parties.get_party(db, "42") is not None


def test_unusable_files_are_errors(db: Database, tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match="no such file"):
        parties.import_file(db, str(tmp_path / "missing.csv"), actor="t")
    with pytest.raises(RecordsError, match="header lacks name"):
        parties.import_file(db, _csv(tmp_path / "h.csv", "id,nom\n1,x\n"), actor="t")
    with pytest.raises(RecordsError, match="UTF-8"):
        (tmp_path / "latin.csv").write_bytes("id,name\n1,Caf\xe9\n".encode("latin-1"))
        parties.import_file(db, str(tmp_path / "latin.csv"), actor="t")
    assert parties.list_parties(db) == [] and audit.count(db) == 0
