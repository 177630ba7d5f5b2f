"""The `classify chips` JSONL contract (DESIGN.md), driven through the CLI on the public chip table."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from conftest import shared_file
from stackclear.cli import app

COLUMNS = {"fp64": "fp64_tflops_dense", "fp32": "fp32_tflops_dense", "tf32": "tf32_tflops_dense",
           "fp16": "fp16_bf16_tflops_dense", "fp8": "fp8_tflops_dense", "int8": "int8_tops_dense",
           "int4": "int4_or_fp4_tops_dense"}


def _num(raw: str) -> float | None:
    return float(raw) if raw.strip() else None


def test_public_chips_classify_as_expected_through_the_contract() -> None:
    path = shared_file("chips", "chips_public.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    lines = []
    for row in rows:
        lines.append(json.dumps({
            "id": row["model"],
            "tops": {k: float(row[c]) for k, c in COLUMNS.items() if row[c].strip()},
            "die_area_mm2": _num(row["die_area_mm2"]),
            "datacenter": row["datacenter"] == "y",
            "memory_bandwidth_gbs": _num(row["mem_bw_gbs"]),
            "interconnect_gbs": _num(row["interconnect_gbs"]),
        }))
    result = CliRunner().invoke(app, ["classify", "chips", "-", "--as-of", "2024-06-01"], input="\n".join(lines))
    assert result.exit_code == 0, result.output
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in outputs] == [r["model"] for r in rows]
    for row, out in zip(rows, outputs, strict=True):
        assert out["eccn"] == row["expected_eccn_2023"], (row["model"], out)
        assert out["nac_eligible"] == (row["expected_nac_eligible"] == "yes"), (row["model"], out)
        assert isinstance(out["tpp"], float) and out["citations"]
        assert set(out) >= {"id", "eccn", "paragraph", "tpp", "performance_density", "nac_eligible", "citations"}


def test_bad_lines_get_errors_in_place_and_nonzero_exit() -> None:
    lines = [
        '{"id": "ok", "tops": {"fp16": 989.4}, "die_area_mm2": 814, "datacenter": true}',
        "{not json",
        '{"id": "neg", "tops": {"fp16": -3}}',
        '{"id": "nodie", "tops": {"fp16": 150}, "datacenter": true}',
        '{"id": "ok2", "tops": {"fp16": 148}, "die_area_mm2": 814, "datacenter": true}',
    ]
    result = CliRunner().invoke(app, ["classify", "chips", "-", "--as-of", "2024-06-01"], input="\n".join(lines))
    assert result.exit_code == 1
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in outputs] == ["ok", None, "neg", "nodie", "ok2"]
    assert outputs[0]["eccn"] == "3A090.a" and outputs[4]["eccn"] == "not 3A090"
    assert "invalid JSON" in outputs[1]["error"] and "line 2" in outputs[1]["error"]
    assert "tops.fp16" in outputs[2]["error"]
    assert "die_area_mm2" in outputs[3]["error"]


def test_as_of_travels_in_time() -> None:
    line = '{"id": "a800", "tops": {"fp16": 312}, "die_area_mm2": 826, "datacenter": true, "interconnect_gbs": 400}'
    old = CliRunner().invoke(app, ["classify", "chips", "-", "--as-of", "2023-01-01"], input=line)
    new = CliRunner().invoke(app, ["classify", "chips", "-", "--as-of", "2023-11-17"], input=line)
    assert json.loads(old.stdout)["eccn"] == "not 3A090"
    assert json.loads(new.stdout)["eccn"] == "3A090.a"
    bad = CliRunner().invoke(app, ["classify", "chips", "-", "--as-of", "2023-13-01"], input=line)
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_inline_specs_on_the_command_line() -> None:
    runner = CliRunner()
    gaming = runner.invoke(app, ["classify", "chip", "--fp16", "330.3", "--die-area", "609", "--not-datacenter",
                                 "--as-of", "2024-01-01", "--json"])
    assert gaming.exit_code == 0, gaming.output
    out = json.loads(gaming.stdout)
    assert (out["eccn"], out["nac_eligible"]) == ("3A090.a", True)
    server = runner.invoke(app, ["classify", "chip", "--fp16", "989.4", "--die-area", "814", "--datacenter",
                                 "--as-of", "2024-01-01", "--json"])
    assert (json.loads(server.stdout)["eccn"], json.loads(server.stdout)["nac_eligible"]) == ("3A090.a", False)
    unclear = runner.invoke(app, ["classify", "chip", "--fp16", "294.2", "--die-area", "609",
                                  "--ambiguous-datacenter", "--as-of", "2024-01-01", "--json"])
    assert json.loads(unclear.stdout)["eccn"] == "3A090.a"  # Note 2 is not relied on when unclear
    missing = runner.invoke(app, ["classify", "chip"])
    assert missing.exit_code == 2 and "catalog NAME or inline specs" in missing.output
