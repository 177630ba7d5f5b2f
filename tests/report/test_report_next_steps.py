"""NEXT steps name the cause of a HOLD and the compliance date of pending requirements (review of issue 10)."""

from __future__ import annotations

import copy
from typing import Any

from report_sample import sample

from stackclear.report import build_view

POSSIBLE_MATCH = "resolve each possible list match"


def _with(package_verdict: str, **item: Any) -> tuple[dict[str, Any], Any]:
    determination, package = sample()
    determination = copy.deepcopy(determination)
    determination["verdict"] = package_verdict
    determination["items"][0].update(item)
    return determination, package


def test_an_item_held_for_an_analysis_is_not_told_to_resolve_list_matches() -> None:
    determination, package = _with("HOLD", verdict="HOLD", review_policy=None,
                                   conditions=["FDP analysis for 'X': is the item US-origin ...?"])
    steps = build_view(determination, package).next_steps
    assert any(s.startswith("do not ship gpus yet: settle the conditions listed under it") for s in steps), steps
    assert not any(POSSIBLE_MATCH in s for s in steps), steps


def test_a_party_on_hold_still_gets_the_screening_step() -> None:
    determination, package = sample()
    determination = copy.deepcopy(determination)
    determination["verdict"] = "HOLD"
    determination["parties"][0].update(decision="review", verdict="HOLD")
    steps = build_view(determination, package).next_steps
    assert any(POSSIBLE_MATCH in s for s in steps), steps
    assert not any("settle the conditions" in s for s in steps), steps


def test_pending_requirements_name_their_compliance_date() -> None:
    determination, package = _with("NO_LICENSE_REQUIRED", verdict="NO_LICENSE_REQUIRED", review_policy=None,
                                   pending=[{"rule": "r", "citation": "c", "effective": "2024-12-02",
                                             "compliance": "2024-12-31", "text": "3A090.c to CN"}])
    for other in determination["items"][1:]:
        other["verdict"] = "NO_LICENSE_REQUIRED"
    steps = build_view(determination, package).next_steps
    assert any("pending requirements for gpus apply from 2024-12-31" in s for s in steps), steps
    assert any(s.startswith("no license needed on this date") for s in steps), steps


def test_no_pending_step_without_pending_requirements() -> None:
    determination, package = sample()
    assert not any("pending" in s for s in build_view(determination, package).next_steps)
