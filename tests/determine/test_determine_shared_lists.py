"""The engine against the real Consolidated Screening List snapshot in ../shared/data (skipped without it)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from conftest import shared_file
from stackclear.determine import determine
from stackclear.model.determination import Verdict
from stackclear.model.package import Package


@cache
def _screener() -> Any:
    from stackclear.screening.screen import Screener
    from stackclear.screening.sources import load_list

    return Screener.from_lists([load_list(shared_file("lists", "csl_2022-05_full.csv"))])


def _run(name: str, destination: str = "CN") -> Any:
    shared_file("lists", "csl_2022-05_full.csv")
    package = Package.model_validate({
        "name": "shared", "destination": destination, "parties": [{"role": "end_user", "name": name}],
        "items": [{"id": "app", "layer": "applications", "kind": "application"}]})
    return determine(package, dt.date(2024, 6, 1), screener=_screener())


def test_huawei_cmic_match_does_not_clear_the_entity_list_match() -> None:
    det = _run("Huawei Technologies Co., Ltd.")
    codes = {h["source_code"] for h in det.parties[0].hits}
    assert "EL" in codes
    assert det.verdict is Verdict.LICENSE_REQUIRED
    assert det.items[0].review_policy is not None


def test_a_denied_person_is_prohibited_on_the_real_list() -> None:
    det = _run("Gulf Export Import Trading LLC", "AE")  # not on the list: must not be prohibited
    assert det.verdict is not Verdict.PROHIBITED or any(h["source_code"] in {"DPL", "SDN"}
                                                        for p in det.parties for h in p.hits)
