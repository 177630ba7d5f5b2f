"""`stackclear diff`: item-by-item changes across a rule change, with the changed rule values as causes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import FIXTURES, empty_store
from typer.testing import CliRunner

from stackclear.cli import app

pytestmark = pytest.mark.usefixtures("empty_store")
__all__ = ["empty_store"]
TINY_LIST = str(FIXTURES / "tiny_csl.csv")

# An accelerator with TPP 6,400 but 400 GB/s I/O: outside 3A090 under the 2022 text (both TPP and I/O
# bandwidth had to be met), inside 3A090.a from 2023-11-17 (88 FR 73458). The H200 changes review policy
# on 2026-01-15 (91 FR 1684). The application changes on neither date.
FLIP = """\
name: Accelerators for a Chinese cloud
date: 2023-11-16
destination: CN
parties: [{role: end_user, name: Example Cloud Co., country: CN}]
items:
  - {id: accel, layer: hardware, kind: chip, tops: {fp16: 400}, die_area_mm2: 800, datacenter: true,
     interconnect_gbs: 400}
  - {id: h200, layer: hardware, kind: chip, catalog: NVIDIA H200 SXM 141GB}
  - {id: app, layer: applications, kind: application}
"""


def _diff(path: Path, start: str, end: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["diff", str(path), "--from", start, "--to", end, "--list", TINY_LIST,
                                      "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def flip(tmp_path: Path) -> Path:
    path = tmp_path / "flip.yaml"
    path.write_text(FLIP, encoding="utf-8")
    return path


def _items(out: dict[str, object]) -> dict[str, dict[str, object]]:
    return {str(i["id"]): i for i in out["items"]}  # type: ignore[attr-defined]


def _check_causes(out: dict[str, object], item: dict[str, object]) -> None:
    """Every cause is a rule whose value in force differs between the dates, and the item cites it."""
    changed = {c["rule"]: c for c in out["rule_changes"]}  # type: ignore[attr-defined]
    assert item["causes"] and not item["causes_are_package_level"]
    for cause in item["causes"]:  # type: ignore[attr-defined]
        assert cause["rule"] in changed
        assert cause["before"] != cause["after"]


def test_new_3a090_parameters_flip_an_item_on_2023_11_17(flip: Path) -> None:
    out = _diff(flip, "2023-11-16", "2023-11-17")
    items = _items(out)
    accel = items["accel"]
    assert accel["changed"] and accel["from"] == "NO LICENSE REQUIRED"
    assert str(accel["to"]).startswith("LICENSE REQUIRED")
    assert (accel["eccn_from"], accel["eccn_to"]) == ("not 3A090", "3A090.a")
    _check_causes(out, accel)
    assert any(str(c["rule"]).startswith("eccn.3A090") and c["before"] and not c["after"]
               for c in accel["causes"])  # type: ignore[attr-defined]
    assert any("88 FR 73458" in str(c["citation"]) for c in accel["causes"])  # type: ignore[attr-defined]
    assert not items["app"]["changed"]
    assert accel["reasons_added"] and accel["reasons_removed"]


def test_h200_moves_to_case_by_case_on_2026_01_15(flip: Path) -> None:
    out = _diff(flip, "2026-01-14", "2026-01-15")
    h200 = _items(out)["h200"]
    assert h200["from"] == "LICENSE REQUIRED · presumption of denial"
    assert h200["to"] == "LICENSE REQUIRED · case by case"
    _check_causes(out, h200)
    assert any("91 FR 1684" in str(c["citation"]) for c in h200["causes"])  # type: ignore[attr-defined]
    assert not _items(out)["accel"]["changed"]


def test_no_change_between_two_dates_without_a_rule_change(flip: Path) -> None:
    out = _diff(flip, "2024-06-01", "2024-06-02")
    assert not any(i["changed"] for i in out["items"])  # type: ignore[attr-defined]


def test_text_diff_names_items_and_causes(flip: Path) -> None:
    result = CliRunner().invoke(app, ["diff", str(flip), "--from", "2023-11-16", "--to", "2023-11-17",
                                      "--list", TINY_LIST])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert "ITEM accel" in flat and "cause" in flat and "unchanged: app" in flat
    assert "ITEM h200" in flat and "same verdict; the reasons changed" in flat


def test_a_hold_on_both_dates_does_not_hide_a_new_requirement(flip: Path) -> None:
    """Without lists the package is HOLD on both dates (its party is unscreened); the item keeps its own verdict,
    so the new requirement is still reported, with causes."""
    result = CliRunner().invoke(app, ["diff", str(flip), "--from", "2023-11-16", "--to", "2023-11-17", "--json"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["verdict_from"] == out["verdict_to"] == "HOLD"
    accel = _items(out)["accel"]
    assert accel["from"] == "NO LICENSE REQUIRED" and str(accel["to"]).startswith("LICENSE REQUIRED")
    assert accel["reasons_changed"] and accel["causes"]
    assert any("88 FR 73458" in str(c["citation"]) for c in accel["causes"])  # type: ignore[attr-defined]


def test_portfolio_summary_counts_flips_and_reports_bad_packages(flip: Path, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    shutil.copy(flip, folder / "a.yaml")
    (folder / "b.yaml").write_text(FLIP.replace("destination: CN", "destination: DE").replace(
        "country: CN", "country: DE"), encoding="utf-8")
    (folder / "broken.yaml").write_text("name: x\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a package", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(folder), "--from", "2023-11-16", "--to", "2023-11-17",
                                      "--list", TINY_LIST, "--json"])
    assert result.exit_code == 2  # one invalid package; the others are still summarized
    out = json.loads(result.stdout)
    assert out["packages"] == 2 and out["line_items"] == 6
    assert [e["source"].endswith("broken.yaml") for e in out["errors"]] == [True]
    flips = {(t["from"], t["to"]): t for t in out["transitions"]}
    cn = flips[("NO LICENSE REQUIRED", "LICENSE REQUIRED · presumption of denial")]
    assert cn["line_items"] >= 1 and "Accelerators for a Chinese cloud" in cn["packages"]
    assert cn["causes"] and all(c["line_items"] >= 1 for c in cn["causes"])
    assert out["line_items_changed"] == sum(t["line_items"] for t in out["transitions"])
    text = CliRunner().invoke(app, ["diff", str(folder), "--from", "2023-11-16", "--to", "2023-11-17",
                                    "--list", TINY_LIST])
    assert "Line items that change" in text.stdout and "skipped" in text.stdout


def test_diff_of_an_invalid_package_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ndestination: CN\nitems: [{id: a, layer: nope, kind: chip}]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(path), "--from", "2024-01-01", "--to", "2025-01-01"])
    assert result.exit_code == 2 and "items[0].layer" in result.stderr
