"""Findings of the independent review (tests/scenarios/independent_review.yaml) that the scenario format
cannot express: a CMIC-only party (the scenario list fixture has none) and the item/party/package split of
a HOLD."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scenario_support import unavailable_screener

from stackclear.determine import determine
from stackclear.model.determination import Verdict
from stackclear.model.package import Package

HEADER = ("_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
          "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
          "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
          "dates_of_birth,nationalities,places_of_birth\n")
CMIC_ONLY = ('cm-1,Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department,,,'
             'CMIC-EO13959,"EXAMPLE ORBITAL SYSTEMS CO., LTD.",,"Beijing, CN",,,,,,,,,,,,,,,,,,,\n')


def _package(party: str, destination: str = "CN") -> Package:
    return Package.model_validate({
        "name": "t", "destination": destination,
        "parties": [{"role": "end_user", "name": party, "country": destination}],
        "items": [{"id": "app", "layer": "applications", "kind": "application"},
                  {"id": "gpu", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA GeForce RTX 4090"}],
    })


def test_a_cmic_only_party_is_reported_but_restricts_no_export(tmp_path: Path) -> None:
    from stackclear.screening.screen import Screener
    from stackclear.screening.sources import load_list

    csv = tmp_path / "cmic.csv"
    csv.write_text(HEADER + CMIC_ONLY, encoding="utf-8")
    screener = Screener.from_lists([load_list(csv)])
    det = determine(_package("Example Orbital Systems Co., Ltd."), dt.date(2024, 6, 1), screener=screener)
    party = det.parties[0]
    assert party.decision == "hit" and party.hits  # the match is shown ...
    assert party.verdict is Verdict.NO_LICENSE_REQUIRED  # ... with its own list's consequence: none for exports
    assert any("13959" in r.citation for r in party.reasons)
    items = {i.id: i for i in det.items}
    assert items["app"].verdict is Verdict.NO_LICENSE_REQUIRED
    assert items["gpu"].license_exception == "NAC"  # a CMIC match does not bar exceptions either
    assert det.verdict is Verdict.LICENSE_EXCEPTION


def test_hold_party_holds_the_package_while_items_keep_their_own_verdict() -> None:
    det = determine(_package("Shenzhen Example Robotics Co."), dt.date(2024, 6, 1), screener=unavailable_screener())
    assert det.verdict is Verdict.HOLD
    assert [p.verdict for p in det.parties] == [Verdict.HOLD]
    items = {i.id: i for i in det.items}
    assert items["app"].verdict is Verdict.NO_LICENSE_REQUIRED
    assert items["gpu"].verdict is Verdict.LICENSE_EXCEPTION and items["gpu"].license_exception == "NAC"
    for item in det.items:  # the pending screening is said on every line, with its rule
        assert any("HOLD" in c for c in item.conditions)
        assert any(r.rule.startswith("lists.consequences.unavailable") for r in item.reasons)
