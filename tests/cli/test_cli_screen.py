"""`stackclear screen` and `stackclear match` through the CLI: contracts, bad lines, fail-closed lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stackclear.cli import app

runner = CliRunner()

HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
    "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids"
)
ROWS = [
    'e1,Entity List (EL) - Bureau of Industry and Security,,,,"Huawei Technologies Co., Ltd. (Huawei)",,'
    '"Bantian, Shenzhen, CN",84 FR 22961,2019-05-21,,,For all items subject to the EAR.,Presumption of denial,'
    ',,,,,,,,Shenzhen Huawei Technologies,,,,,,',
    'c1,Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department,,,,'
    '"HUAWEI TECHNOLOGIES CO., LTD.",,"Shenzhen, CN",,,,,,,,,,,,,,,,,,,,,',
]


@pytest.fixture
def csl(tmp_path: Path) -> Path:
    path = tmp_path / "consolidated.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_screen_jsonl_contract_and_bad_lines(csl: Path, tmp_path: Path) -> None:
    queries = tmp_path / "parties.jsonl"
    lines = [
        json.dumps({"id": "a", "name": "Huawei Technologies Company Limited", "country": "CN"}),
        "{not json",
        json.dumps({"id": "b", "name": ""}),
        json.dumps({"id": "c", "name": "x" * 10_240}),
        json.dumps({"id": "d", "name": "Acme\u0007 Corp"}),
        json.dumps({"id": "e", "name": "Acme", "schema": "Planet"}),
        json.dumps({"id": "f", "name": "Acme", "country": "ZZ"}),
        json.dumps({"id": "g", "name": "Kathryn Barr", "schema": "Person"}),
    ]
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["screen", str(queries), "--list", str(csl)])
    assert result.exit_code == 1
    out = _lines(result.stdout)
    assert [o["id"] for o in out] == ["a", "line 2", "b", "c", "d", "e", "f", "g"]
    first = out[0]
    assert first["decision"] == "hit" and first["matcher"] == "stackclear-v2"
    assert len(first["matcher_fingerprint"]) == 16
    assert {h["source"].split(" ")[0] for h in first["hits"]} >= {"Entity", "Non-SDN"}  # type: ignore[union-attr]
    for bad, word in zip(out[1:7], ["invalid JSON", "empty", "characters long", "control character",
                                      "unknown schema", "unknown country"], strict=True):
        assert word in str(bad["error"])
    assert out[7]["decision"] == "clear"


def test_screen_single_name_table(csl: Path) -> None:
    result = runner.invoke(app, ["screen", "Huаwei Technologies", "--list", str(csl)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "HIT" in result.stdout and "stackclear-v2" in result.stdout and "Presumption of denial" in result.stdout


def test_screen_without_lists_fails_closed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", "Acme Corp", "--json", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["decision"] == "review" and out["hits"] == [] and out["reasons"]


def test_screen_stdin(csl: Path) -> None:
    data = json.dumps({"id": "1", "name": "HUAWEI TECHNOLOGIES CO., LTD."}) + "\n"
    result = runner.invoke(app, ["screen", "-", "--list", str(csl), "--threshold", "0.99"], input=data)
    assert result.exit_code == 0
    assert _lines(result.stdout)[0]["decision"] == "hit"


def test_match_contract() -> None:
    data = "\n".join([
        json.dumps({"id": "1", "a": "OAO Gazprom", "b": "Gazprom JSC", "schema": "Company"}),
        json.dumps({"id": "2", "a": "Raúl Castro", "b": "Raúl Castillo", "schema": "Person"}),
        json.dumps({"id": "3", "a": "A", "b": 7}),
    ]) + "\n"
    result = runner.invoke(app, ["match", "-"], input=data)
    assert result.exit_code == 1
    out = _lines(result.stdout)
    assert out[0]["match"] is True and 0.0 <= float(out[0]["score"]) <= 1.0  # type: ignore[arg-type]
    assert out[1]["match"] is False and "explanation" in out[1]
    assert "expected a string" in str(out[2]["error"])


def test_screen_uses_the_stored_current_lists(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "sdn_sample.xml"
    home = str(tmp_path)
    imported = runner.invoke(app, ["lists", "import", str(fixture), "--home", home])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["screen", "Mousa Abu Marzook", "--schema", "Person", "--json", "--home", home])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["decision"] == "hit" and out["hits"][0]["source"].startswith("Specially Designated")
    assert out["lists"][0]["sha256"] and out["lists"][0]["counts"] == {"SDN": 4}
