"""`stackclear evaluate`: the DESIGN.md contract (keys, verdicts, exit codes, stderr) and the report formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import EXAMPLES, FIXTURES, empty_store
from typer.testing import CliRunner

from stackclear.cli import app

VERDICTS = {"NO_LICENSE_REQUIRED", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "HOLD", "PROHIBITED"}
SEVERITY = ["NO_LICENSE_REQUIRED", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "HOLD", "PROHIBITED"]
TINY_LIST = str(FIXTURES / "tiny_csl.csv")
pytestmark = pytest.mark.usefixtures("empty_store")
__all__ = ["empty_store"]

PACKAGE = """\
name: Test cluster
date: 2024-06-01
destination: {destination}
parties:
  - {{role: end_user, name: "{end_user}", country: {destination}}}
items:
  - {{id: gpus, layer: hardware, kind: chip, catalog: "NVIDIA H100 SXM5 80GB", quantity: 8}}
  - {{id: app, layer: applications, kind: application}}
"""


def _write(tmp_path: Path, destination: str = "DE", end_user: str = "Example Research GmbH") -> Path:
    path = tmp_path / "pkg.yaml"
    path.write_text(PACKAGE.format(destination=destination, end_user=end_user), encoding="utf-8")
    return path


def _json(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(app, ["evaluate", *args, "--json"])
    assert result.exit_code == 0, result.stderr + result.stdout
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_has_the_contract_keys(tmp_path: Path) -> None:
    out = _json([str(_write(tmp_path)), "--list", TINY_LIST])
    for key in ("verdict", "items", "parties", "rule_set", "lists"):
        assert key in out
    assert out["verdict"] in VERDICTS
    for item in out["items"]:  # type: ignore[attr-defined]
        assert {"id", "eccn", "verdict", "reasons"} <= set(item)
        assert item["verdict"] in VERDICTS
        if item["verdict"] == "LICENSE_EXCEPTION":
            assert item["license_exception"]
        if item["verdict"] == "LICENSE_REQUIRED":
            assert item["review_policy"] in {"presumption_of_denial", "case_by_case", "presumption_of_approval"}
        for reason in item["reasons"]:
            assert set(reason) >= {"rule", "citation", "text"}
    assert [p["name"] for p in out["parties"]] == ["Example Research GmbH"]  # type: ignore[attr-defined]
    assert "hits" in out["parties"][0]  # type: ignore[index]
    # the package verdict is the strictest item/party verdict
    worst = max([i["verdict"] for i in out["items"]] + [p["verdict"] for p in out["parties"]],  # type: ignore
                key=SEVERITY.index)
    assert out["verdict"] == worst


def test_json_is_deterministic(tmp_path: Path) -> None:
    args = ["evaluate", str(_write(tmp_path, "CN")), "--list", TINY_LIST, "--json"]
    first, second = CliRunner().invoke(app, args), CliRunner().invoke(app, args)
    assert first.exit_code == 0 and first.stdout == second.stdout


def test_no_stored_lists_fails_closed_to_hold(tmp_path: Path) -> None:
    out = _json([str(_write(tmp_path))])
    assert out["verdict"] in {"HOLD", "PROHIBITED"}
    assert out["parties"][0]["verdict"] == "HOLD"  # type: ignore[index]


def test_explicit_list_screens_the_end_user(tmp_path: Path) -> None:
    clear = _json([str(_write(tmp_path, "CN")), "--list", TINY_LIST])
    listed = _json([str(_write(tmp_path, "CN", "Zenith Example Semiconductor Co., Ltd.")), "--list", TINY_LIST])
    assert clear["parties"][0]["hits"] == []  # type: ignore[index]
    hits = listed["parties"][0]["hits"]  # type: ignore[index]
    assert hits and hits[0]["source_code"] == "EL"
    assert SEVERITY.index(listed["verdict"]) >= SEVERITY.index("LICENSE_REQUIRED")  # type: ignore[arg-type]
    app_item = next(i for i in listed["items"] if i["id"] == "app")  # type: ignore[attr-defined]
    assert app_item["verdict"] != "NO_LICENSE_REQUIRED"  # Entity List: all items subject to the EAR


def test_package_lists_resolve_against_the_package_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pkgs"
    folder.mkdir()
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "l.csv").write_bytes(Path(TINY_LIST).read_bytes())
    text = PACKAGE.format(destination="CN", end_user="Zenith Example Semiconductor Co., Ltd.")
    (folder / "p.yaml").write_text(text + "lists: [../lists/l.csv]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    out = _json([str(folder / "p.yaml")])
    assert out["parties"][0]["hits"]  # type: ignore[index]


def test_as_of_overrides_the_package_date(tmp_path: Path) -> None:
    out = _json([str(_write(tmp_path)), "--list", TINY_LIST, "--as-of", "2025-02-01"])
    assert out["as_of"] == "2025-02-01"


def test_stdin_package(tmp_path: Path) -> None:
    text = _write(tmp_path).read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "-", "--list", TINY_LIST, "--json"], input=text)
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == "Test cluster"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace("quantity: 8", "quantity: 0"), "items[0].quantity: expected a number ≥ 1, got 0"),
        (lambda t: t.replace("kind: application", "kind: app"), "items[1].kind: expected one of"),
        (lambda t: t + "destination: CN\n", "destination: duplicate key"),
    ],
)
def test_invalid_package_exits_non_zero_with_the_error_on_stderr(tmp_path: Path, mutate: object,
                                                                  expected: str) -> None:
    path = _write(tmp_path)
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = CliRunner().invoke(app, ["evaluate", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert expected in " ".join(result.stderr.split()) and str(path.name) in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_options_are_errors(tmp_path: Path) -> None:
    path = str(_write(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["evaluate", path, "--as-of", "June"]).exit_code == 2
    bad_policy = runner.invoke(app, ["evaluate", path, "--policy", "diffusion.enforced"])
    assert bad_policy.exit_code == 2 and "NAME=VALUE" in bad_policy.stderr
    missing_list = runner.invoke(app, ["evaluate", path, "--list", str(tmp_path / "none.csv")])
    assert missing_list.exit_code == 2 and "no such file" in missing_list.stderr


def test_policy_switch_is_passed_to_the_engine(tmp_path: Path) -> None:
    out = _json([str(_write(tmp_path, "IN")), "--list", TINY_LIST, "--as-of", "2025-06-01",
                 "--policy", "diffusion.enforced=true"])
    assert out["policy"]  # the override is reported


@pytest.mark.parametrize(("fmt", "marker"), [("markdown", "## Items"), ("html", "<!DOCTYPE html>"),
                                             ("text", "ITEM")])
def test_report_formats_carry_citations(tmp_path: Path, fmt: str, marker: str) -> None:
    path = str(_write(tmp_path, "CN"))
    out = _json([path, "--list", TINY_LIST])
    result = CliRunner().invoke(app, ["evaluate", path, "--list", TINY_LIST, "--format", fmt])
    assert result.exit_code == 0 and marker in result.stdout
    flat = " ".join(result.stdout.split())
    for item in out["items"]:  # type: ignore[attr-defined]
        for reason in item["reasons"]:
            if reason["citation"] and fmt != "text":
                assert reason["citation"].replace("&", "&amp;") in flat or reason["citation"] in flat


def test_out_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["evaluate", str(_write(tmp_path)), "--list", TINY_LIST, "-f", "markdown",
                                      "--out", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Test cluster")


def test_bare_cyclonedx_bom_with_cli_facts() -> None:
    bom = Path(__file__).resolve().parents[1] / "model" / "fixtures" / "cluster.cdx.json"
    out = _json([str(bom), "--destination", "IN", "--end-user", "Example Cloud Pvt. Ltd.", "--end-user-country",
                 "IN", "--list", TINY_LIST, "--as-of", "2025-03-01"])
    ids = [i["id"] for i in out["items"]]  # type: ignore[attr-defined]
    assert "gpus" in ids and "llm" in ids
    assert any("Spectrum-X" in n for n in out["import_notes"])  # type: ignore[attr-defined]
    missing = CliRunner().invoke(app, ["evaluate", str(bom), "--json"])
    assert missing.exit_code == 2 and "--destination" in missing.stderr


@pytest.mark.parametrize("package", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_package_evaluates(package: Path) -> None:
    out = _json([str(package)])
    assert out["verdict"] in VERDICTS
    items = out["items"]
    assert items and all(i["eccn"] for i in items)  # type: ignore[attr-defined]
    # anything short of "no license required" must say why, with a citation
    for item in items:  # type: ignore[attr-defined]
        if item["verdict"] != "NO_LICENSE_REQUIRED":
            assert any(r["citation"] for r in item["reasons"]), item["id"]


def test_missing_package_list_is_named_with_its_field(tmp_path: Path) -> None:
    path = _write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "lists: [lists/gone.csv]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 2
    flat = " ".join(result.stderr.split())
    assert "pkg.yaml: lists[0]:" in flat and "gone.csv" in flat and "no such file" in flat


def test_bom_wrapper_reports_unmapped_components_as_caveats() -> None:
    result = CliRunner().invoke(app, ["evaluate", str(EXAMPLES / "bom_wrapped_cluster_india.yaml"),
                                      "--format", "markdown"])
    assert result.exit_code == 0
    assert "ConnectX-7 400G NIC" in result.stdout and "not imported" in result.stdout
    assert "`hgx-h200`" in result.stdout
