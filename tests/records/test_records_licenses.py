"""Licenses: draws against quantity and value, refusals with the reason, usage in the chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stackclear.cli import app
from stackclear.records import Database, RecordsError, audit, licenses

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "examples" / "packages" / "h200_china_2026.yaml"


def _result(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "verdict": "LICENSE_REQUIRED", "as_of": "2026-02-01", "destination": "CN", "name": "test package",
        "rule_set": "test", "parties": [{"name": "Example Cloud Co."}],
        "items": [{"id": "gpus", "eccn": "3A090.a", "verdict": "LICENSE_REQUIRED", "quantity": 100},
                  {"id": "app", "eccn": "EAR99", "verdict": "NO_LICENSE_REQUIRED", "quantity": 1}],
    }  # fmt: skip
    base.update(over)
    return base


def _license(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"number": "D100001", "eccns": ["3A090"], "destinations": ["CN"],
                            "parties": ["Example Cloud Co"], "quantity": 250, "value_usd": 5_000_000,
                            "expires": "2026-12-31"}  # fmt: skip
    data.update(over)
    return licenses.parse_license(data, "test")


def test_draws_until_the_quantity_is_used_up(db: Database) -> None:
    licenses.add_licenses(db, [_license()], actor="t")
    values = {"gpus": 1_000_000.0}
    for _ in range(2):
        out = licenses.record_determination(db, _result(), actor="t", license_number="D100001", values=values)
        assert out["license"]["drawn"]["quantity"] == 100 and out["license"]["drawn"]["items"] == ["gpus"]
    third = licenses.record_determination(db, _result(), actor="t", license_number="D100001", values=values)
    assert "over-use" in third["license"]["refused"] and "50 of 250 left" in third["license"]["refused"]
    row = licenses.list_licenses(db)[0]
    assert row["quantity_used"] == 200 and row["value_used"] == 2_000_000 and len(row["draws"]) == 2
    kinds = [r["kind"] for r in audit.records(db)]
    assert kinds == ["license.add", "determination.record", "license.draw", "determination.record", "license.draw",
                     "determination.record", "license.refused"]  # fmt: skip
    assert licenses.get_determination(db, third["id"])["result"]["verdict"] == "LICENSE_REQUIRED"
    assert audit.verify(db).ok


@pytest.mark.parametrize(
    ("change", "values", "reason"),
    [
        ({"as_of": "2027-01-05"}, {"gpus": 1.0}, "expired on 2026-12-31"),
        ({"destination": "RU"}, {"gpus": 1.0}, "not the destination RU"),
        ({"parties": [{"name": "Other Buyer Ltd"}]}, {"gpus": 1.0}, "'Other Buyer Ltd' is not on license"),
        ({"items": [{"id": "x", "eccn": "4A090.a", "verdict": "LICENSE_REQUIRED", "quantity": 1}]}, {"x": 1.0},
         "covers 3A090"),
        ({}, {"gpus": 6_000_000.0}, "over-use: this draw is $6,000,000.00"),
        ({}, {}, "has no value_usd"),
        ({"verdict": "PROHIBITED"}, {"gpus": 1.0}, "verdict is PROHIBITED"),
    ],
)
def test_refusals_name_the_reason(db: Database, change: dict[str, Any], values: dict[str, float | None],
                                  reason: str) -> None:  # fmt: skip
    licenses.add_licenses(db, [_license()], actor="t")
    out = licenses.record_determination(db, _result(**change), actor="t", license_number="D100001", values=values)
    assert reason in out["license"]["refused"]
    assert licenses.list_licenses(db)[0]["quantity_used"] == 0
    assert audit.records(db)[-1]["payload"]["reason"] == out["license"]["refused"]


def test_bad_license_files(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "l.yaml"
    bad.write_text("number: X1\neccns: [notaneccn]\ndestinations: [CN]\nexpires: 2026-01-01\n", encoding="utf-8")
    with pytest.raises(RecordsError, match="not an ECCN"):
        licenses.add_file(db, str(bad), actor="t")
    bad.write_text("number: X1\neccns: [3A090]\ndestinations: [ZZ]\nexpires: 2026-01-01\n", encoding="utf-8")
    with pytest.raises(RecordsError, match="destinations"):
        licenses.add_file(db, str(bad), actor="t")
    bad.write_text("number: X1\neccns: [3A090]\ndestinations: [NO]\n", encoding="utf-8")
    with pytest.raises(RecordsError, match="expires"):
        licenses.add_file(db, str(bad), actor="t")
    licenses.add_licenses(db, [_license()], actor="t")
    with pytest.raises(RecordsError, match="already exists"):
        licenses.add_licenses(db, [_license()], actor="t")


def test_evaluate_record_license_through_the_cli(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    lic = tmp_path / "license.yaml"
    lic.write_text("licenses:\n  - number: D777\n    eccns: [3A090]\n    destinations: [CN]\n    quantity: 5000\n"
                   "    expires: 2027-01-01\n", encoding="utf-8")  # fmt: skip
    assert runner.invoke(app, ["licenses", "add", str(lic)]).exit_code == 0
    done = runner.invoke(app, ["evaluate", str(PACKAGE), "--record", "--license", "D777", "--json"])
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["record"]["id"] == 1 and "drawn" in result["record"]["license"]
    drawn = result["record"]["license"]["drawn"]["quantity"]
    listed = json.loads(runner.invoke(app, ["licenses", "list", "--json"]).stdout)
    assert listed[0]["quantity_used"] == drawn > 0
    again = runner.invoke(app, ["evaluate", str(PACKAGE), "--record", "--license", "D777"])
    assert again.exit_code == 1 and "over-use" in again.output and "recorded determination 2" in again.output
    assert runner.invoke(app, ["evaluate", str(PACKAGE), "--license", "D777"]).exit_code == 2
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
