"""Report lines read once, consistently and with the right dates (the report polish items).

Each test reads the rendered view of a shipped example package, so it fails when the engine or the rule data
states a requirement's start, a condition or an exception twice or wrongly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from stackclear.model.io import load_package
from stackclear.report import build_view
from stackclear.report.run import evaluate
from stackclear.rules.loader import load_rules

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "packages"


def _view(name: str, as_of: dt.date | None = None) -> Any:
    loaded = load_package(EXAMPLES / name)
    return build_view(evaluate(loaded, as_of), loaded.package, notes=loaded.notes)


def _lines(view: Any, item: str) -> list[Any]:
    return next(i for i in view.items if i.id == item).reasons


def test_h20_line_shows_when_the_letters_required_a_license() -> None:
    """The H20 letters required a license from 2025-04-09; the 2025-04-14 version only made them indefinite."""
    lines = [line for line in _lines(_view("h20_china_internet_2025.yaml"), "h20") if "h20_letters" in line.rule]
    assert lines, "the H20 line rests on overlays.products.h20_letters"
    for line in lines:
        assert "in force from 2025-04-09" in line.source, line.source
        assert "2025-04-14" not in line.source.split("in force from")[1]


def test_headquartered_line_cites_only_what_existed_on_the_as_of_date() -> None:
    """A 2025 evaluation must not cite BIS guidance of 2026-05-31; the requirement itself dates from 2023."""
    view = _view("malaysia_dc_chinese_parent.yaml", dt.date(2025, 6, 1))
    hq = [line for item in view.items for line in item.reasons if line.rule == "license.scope.headquartered"]
    assert hq, "the headquartered rule decides the Malaysian example"
    for line in hq:
        assert "2026-05-31" not in line.source, line.source
        assert "in force from 2023-11-17" in line.source, line.source
    later = _view("malaysia_dc_chinese_parent.yaml", dt.date(2026, 7, 1))
    cited = {line.citation for item in later.items for line in item.reasons
             if line.rule == "license.scope.headquartered"}
    assert any("2026-05-31" in c for c in cited), cited


def test_since_is_recorded_or_follows_an_unbroken_run_of_equal_values(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "parameters:\n"
        "  same:\n"
        "    values:\n"
        "      - {effective: 2020-01-01, expires: 2021-01-01, value: 1, citation: c1}\n"
        "      - {effective: 2021-01-01, expires: 2022-01-01, value: 1, citation: c2}\n"
        "      - {effective: 2022-01-01, value: 2, citation: c3}\n"
        "  letter:\n"
        "    values:\n"
        "      - {effective: 2020-01-01, expires: 2020-02-01, value: {d: initial}, citation: c1}\n"
        "      - {effective: 2020-02-01, since: 2020-01-01, value: {d: indefinite}, citation: c2}\n")
    rules = load_rules(tmp_path)
    same = rules.rule("a.same").values
    assert [v.began for v in same] == [dt.date(2020, 1, 1), dt.date(2020, 1, 1), dt.date(2022, 1, 1)]
    assert rules.rule("a.letter").values[1].began == dt.date(2020, 1, 1)


def test_band_condition_on_headquartered_entities_says_whom_it_concerns() -> None:
    """The 2026 band's carve-out for D:5-headquartered entities concerns parties located outside China/Macau;
    printed bare beside a case-by-case verdict for a Chinese cloud provider it reads as a contradiction."""
    view = _view("h200_china_2026.yaml")
    banded = [i for i in view.items if i.verdict_text.endswith("case by case")]
    assert banded, "the H200 falls in the 2026 case-by-case band"
    for item in banded:
        about_hq = [c for c in item.conditions if "headquartered" in c]
        for condition in about_hq:
            assert "outside China/Macau" in condition, condition


def test_model_weights_item_reads_once_and_consistently() -> None:
    """Before its compliance date the 4E091 requirement is pending: no line calls it enforced, and the switch
    is stated once (not as "4E091 control" and again as "AI Diffusion requirements")."""
    for as_of, pending in ((dt.date(2025, 2, 1), True), (dt.date(2025, 6, 1), False)):
        lines = [line.text for line in _lines(_view("open_weights_release.yaml", as_of), "frontier-ckpt")]
        switch = [t for t in lines if "diffusion.enforced" in t]
        assert len(switch) == 1, (as_of, switch)
        if pending:
            assert any("pending" in t for t in lines), lines
            assert not any(" is enforced" in t or " are enforced" in t for t in lines), lines
    for as_of in (dt.date(2025, 6, 1),):  # BIS stopped enforcing on 2025-05-13: one "not enforced" line
        lines = [line.text for line in _lines(_view("open_weights_release.yaml", as_of), "frontier-ckpt")]
        assert sum("not enforced" in t for t in lines) == 1, lines


def test_hbm_exception_is_stated_once() -> None:
    lines = [line.text for line in _lines(_view("hbm_chinese_packager.yaml"), "hbm2e")]
    offers = [t for t in lines if "License Exception HBM" in t]
    assert len(offers) == 1, offers
    assert "may be" not in offers[0]


def test_overridden_lines_name_what_overrides_them_in_words() -> None:
    """'[overridden by license.scope.b_named (from …)]' names a rule id; the report names the superseding line
    in words with its citation instead (the JSON keeps the id in ``overridden_by``)."""
    seen = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        view = _view(path.name)
        for item in view.items:
            for line in item.reasons:
                if not line.overridden_by:
                    continue
                seen += 1
                shown = line.display.split("[overridden by ", 1)[1]
                assert line.overridden_by not in shown, line.display
                superseding = next(x for x in item.reasons if x.text in shown)
                assert superseding.citation in shown, line.display
    assert seen
