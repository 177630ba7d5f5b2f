"""An Entity List FDP footnote HOLD (items shipped from outside the US) cites the footnote's own FDP paragraph."""

from __future__ import annotations

import pytest
from scenario_support import run_case

CASES = [
    ("Qilin Example Accelerator Technology Co., Ltd.", "CN", "15 CFR 734.9(e)(2)"),  # footnote 4
    ("Example Semiconductor Manufacturing Co., Ltd.", "CN", "15 CFR 734.9(e)(3)"),  # footnote 5
    ("Volga Example Instruments LLC", "RU", "15 CFR 734.9(g)"),  # footnote 3
    ("Haixing Example Communications Co., Ltd.", "CN", "15 CFR 734.9(e)(1)"),  # footnote 1
]
OTHERS = ("734.9(e)(1)", "734.9(e)(2)", "734.9(e)(3)", "734.9(g)", "734.9(e), (g)")


@pytest.mark.parametrize(("party", "country", "paragraph"), CASES)
def test_fdp_hold_cites_the_footnote_paragraph(party: str, country: str, paragraph: str) -> None:
    case = {"date": "2024-06-03", "package": {
        "name": "t", "destination": country, "export_from": "JP",
        "parties": [{"role": "end_user", "name": party, "country": country}],
        "items": [{"id": "app", "layer": "applications", "kind": "application"}]}}
    det = run_case(case).to_dict()
    assert det["verdict"] == "HOLD"
    holds = [r for r in det["items"][0]["reasons"] if r["rule"].endswith("EL_fdp_hold")]
    assert len(holds) == 1
    citation = holds[0]["citation"]
    assert citation.startswith(paragraph + ";"), citation
    rest = citation.removeprefix(paragraph)
    assert not any(other in rest for other in OTHERS), citation  # no other FDP paragraph beside its own
    assert "744.11" in citation


def test_us_export_to_a_footnoted_entity_is_not_held() -> None:
    case = {"date": "2024-06-03", "package": {
        "name": "t", "destination": "CN",
        "parties": [{"role": "end_user", "name": "Qilin Example Accelerator Technology Co., Ltd.", "country": "CN"}],
        "items": [{"id": "app", "layer": "applications", "kind": "application"}]}}
    det = run_case(case).to_dict()
    assert det["verdict"] == "LICENSE_REQUIRED"
    assert not any(r["rule"].endswith("EL_fdp_hold") for r in det["items"][0]["reasons"])
