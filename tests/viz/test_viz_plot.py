"""The TPP × PD chart: thresholds come from the rule set at the date; files are real PNG/SVG."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stackclear.cli import app
from stackclear.errors import SpecError
from stackclear.rules.loader import default_data_dir, default_rules, load_rules
from stackclear.viz.plane import CATEGORIES, plane_points, thresholds_at
from stackclear.viz.plot import check_output, plot_plane

TIERS = dt.date(2025, 6, 1)


def test_thresholds_are_the_rule_values_in_force() -> None:
    rules = default_rules()
    t = thresholds_at(TIERS, rules)
    assert t.structure == "tpp_pd_tiers"
    assert t.a1_tpp == rules.value("eccn.3A090.a1_tpp_min", TIERS)
    assert t.a2_tpp == rules.value("eccn.3A090.a2_tpp_min", TIERS)
    assert t.a2_pd == rules.value("eccn.3A090.a2_pd_min", TIERS)
    assert t.b2_pd_min == rules.value("eccn.3A090.b2_pd_min", TIERS)
    assert thresholds_at(dt.date(2023, 6, 1), rules).structure == "io_and_tpp"
    assert thresholds_at(dt.date(2021, 6, 1), rules).structure == "none"


def test_thresholds_follow_edited_rule_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    path = data / "eccn" / "3A090.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["parameters"]["a1_tpp_min"]["values"][-1]["value"] = 5000
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert thresholds_at(TIERS, load_rules(data)).a1_tpp == 5000


def test_points_carry_the_classification() -> None:
    points = plane_points(TIERS)
    by_label = {label: p for p in points for label in p.label.replace("\n", " / ").split(" / ")}
    assert by_label["H20"].category == "not 3A090"
    assert by_label["RTX 4090D"].category == "not 3A090 (Note 2)"
    assert by_label["RTX 4090"].category == "3A090.a (NAC/ACA eligible)"
    assert by_label["L40"].category == "3A090.b (NAC/ACA eligible)"
    assert by_label["H100 SXM"] is by_label["H200"]  # identical figures share one point
    assert by_label["MLU370-X8"].performance_density is None
    assert {p.category for p in points} <= set(CATEGORIES)


@pytest.mark.parametrize(("name", "day"), [("chart.png", TIERS), ("chart.svg", dt.date(2023, 6, 1))])
def test_plot_writes_a_real_file(tmp_path: Path, name: str, day: dt.date) -> None:
    out = plot_plane(tmp_path / name, day)
    data = out.read_bytes()
    assert len(data) > 50_000
    if name.endswith(".png"):
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"3A090" in data and day.isoformat().encode() in data


def test_bad_output_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"\.png or \.svg"):
        check_output(tmp_path / "chart.jpg")
    with pytest.raises(SpecError, match="does not exist"):
        check_output(tmp_path / "missing" / "chart.png")


def test_plot_command_reports_bad_extension_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["classify", "plot", "--out", str(tmp_path / "chart.pdf")])
    assert result.exit_code == 2
    assert ".png or .svg" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "chart.pdf").exists()
