"""`stackclear catalog list`: table and JSON lines, with time travel."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from stackclear.cli import app

runner = CliRunner()


def test_catalog_list_json_lines_time_travel() -> None:
    before = runner.invoke(app, ["catalog", "list", "--json", "--as-of", "2023-06-01"])
    after = runner.invoke(app, ["catalog", "list", "--json", "--as-of", "2023-11-17"])
    assert before.exit_code == 0 and after.exit_code == 0
    rows_before = {r["name"]: r for r in map(json.loads, before.stdout.splitlines())}
    rows_after = {r["name"]: r for r in map(json.loads, after.stdout.splitlines())}
    assert len(rows_after) >= 40
    assert rows_before["NVIDIA H800 SXM5 80GB"]["eccn"] == "not 3A090"
    assert rows_after["NVIDIA H800 SXM5 80GB"]["eccn"] == "3A090.a"
    assert rows_after["NVIDIA DGX H100"]["eccn"] == "4A090.a"
    assert rows_after["NVIDIA GeForce RTX 4090"]["nac_eligible"] is True
    assert all(r["as_of"] in (None, "2023-11-17") for r in rows_after.values())


def test_catalog_list_table() -> None:
    result = runner.invoke(app, ["catalog", "list", "--as-of", "2024-06-01"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "NVIDIA H20 96GB" in result.stdout and "not 3A090" in result.stdout
    assert "2024-06-01" in result.stdout


def test_catalog_list_bad_date_is_a_usage_error() -> None:
    result = runner.invoke(app, ["catalog", "list", "--as-of", "June 2024"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output
