"""`stackclear matrix` and `stackclear readiness` through the CLI: contracts, formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from stack_support import COMPLETE, INCOMPLETE
from typer.testing import CliRunner

from stackclear.cli import app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_matrix_json_contract() -> None:
    code, out, _ = run("matrix", str(COMPLETE), "--dest", "GCC,A:5,CN", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-08-01" and len(data["rows"]) == 6 + 38 + 1 - 1  # AE is in GCC and A:5
    row = data["rows"][0]
    assert row["destination"] == "AE" and row["via"] == ["GCC", "A:5"]
    assert {"destination", "verdict", "items"} <= set(row)
    assert [i["id"] for i in row["items"]][0] == "hgx-nodes"


def test_matrix_since_in_json_and_text() -> None:
    code, out, _ = run("matrix", str(COMPLETE), "--dest", "AE", "--since", "2026-01-01", "--json")
    assert code == 0
    row = json.loads(out)["rows"][0]
    assert row["changes"] == [{"date": "2026-07-10", "from": {"verdict": "LICENSE_REQUIRED"},
                               "to": {"verdict": "NO_LICENSE_REQUIRED"}}]
    code, out, _ = run("matrix", str(COMPLETE), "--dest", "AE", "--since", "2026-01-01")
    assert code == 0 and "2026-07-10" in out and "hgx-nodes" in out


def test_matrix_as_of_moves_the_groups() -> None:
    _, before, _ = run("matrix", str(COMPLETE), "--dest", "A:5", "--as-of", "2026-07-09", "--json")
    _, after, _ = run("matrix", str(COMPLETE), "--dest", "A:5", "--as-of", "2026-07-10", "--json")
    assert "AE" not in [r["destination"] for r in json.loads(before)["rows"]]
    ae = next(r for r in json.loads(after)["rows"] if r["destination"] == "AE")
    assert ae["verdict"] == "NO_LICENSE_REQUIRED"


def test_matrix_html_grid_has_colours_and_hover_reasons(tmp_path: Path) -> None:
    target = tmp_path / "grid.html"
    code, _, err = run("matrix", str(INCOMPLETE), "--dest", "ASEAN,CU", "--format", "html", "--out", str(target))
    assert code == 0 and "wrote" in err
    html = target.read_text(encoding="utf-8")
    assert 'class="PROHIBITED"' in html and 'class="LICENSE_REQUIRED"' in html
    assert 'title="PROHIBITED\ndestination CU: CU is in E:2' in html  # hover: verdict, reason, citation
    assert "15 CFR 746" in html and "<script" not in html


def test_matrix_markdown() -> None:
    code, out, _ = run("matrix", str(COMPLETE), "--dest", "GCC", "--format", "markdown")
    assert code == 0
    lines = [x for x in out.splitlines() if x.startswith("|")]
    assert len(lines) == 2 + 6 and all(x.count("|") == lines[0].count("|") for x in lines)


def test_matrix_bad_input_exits_2_with_nothing_on_stdout() -> None:
    code, out, err = run("matrix", str(COMPLETE), "--dest", "GCC,Atlantis", "--json")
    assert code == 2 and out == "" and "Atlantis" in err
    code, out, err = run("matrix", str(COMPLETE), "--dest", "AE", "--since", "2026-09-01")
    assert code == 2 and out == "" and "--since" in err
    code, out, err = run("matrix", "nope.yaml", "--dest", "AE")
    assert code == 2 and "no such file" in err


def test_readiness_exit_codes_and_contract() -> None:
    code, out, _ = run("readiness", str(COMPLETE), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ready"] is True and set(data["layers"]) == set("ABCDE") and data["blockers"] == []
    assert isinstance(data["todo"], list) and "matrix" not in data
    code, out, _ = run("readiness", str(INCOMPLETE), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ready"] is False and all({"code", "message"} <= set(b) for b in data["blockers"])
    code, out, _ = run("readiness", str(INCOMPLETE))
    assert code == 1 and "NOT READY" in out and "layer.missing.B" in out


def test_readiness_bad_target_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "pkg.yaml"
    text = COMPLETE.read_text(encoding="utf-8").replace("targets: [GCC]", "targets: [GCC, Narnia]")
    bad.write_text(text.replace("../lists/sample_consolidated.csv", str(COMPLETE.parents[1] / "lists" /
                                                                       "sample_consolidated.csv")), encoding="utf-8")
    code, out, err = run("readiness", str(bad), "--json")
    assert code == 2 and out == "" and "targets[1]" in err and "Narnia" in err


def test_matrix_unreadable_list_exits_2(tmp_path: Path) -> None:
    code, out, err = run("matrix", str(COMPLETE), "--dest", "AE", "--list", str(tmp_path / "gone.csv"))
    assert code == 2 and out == "" and "gone.csv" in err
