"""Shared helpers for the determination tests: the scenario loader and the screeners they use.

Scenarios (tests/scenarios/*.yaml, openfisca style) each hold a list of cases::

    - name: H100 to a Malaysian subsidiary of a Chinese group
      date: 2024-06-01
      policy: {diffusion.enforced: true}        # optional overrides
      lists: fixture | unavailable               # optional; default: tests/fixtures/determine/csl_scenarios.csv
      package: {...}                             # the package, inline, as in DESIGN.md
      expect:
        verdict: LICENSE_REQUIRED
        items: {gpus: {verdict: ..., eccn: ..., license_exception: ..., review_policy: ...}}
        parties: {"Name": {verdict: ..., decision: ...}}
        citations: ["744.23(a)(3)"]              # substrings of some reason citation
        texts: ["wherever located"]              # substrings of some reason text
        caveats: ["unverified"]                  # substrings of some caveat
        conditions: ["notify BIS"]
        error: "die_area_mm2"                    # invalid package: text the error must contain
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from stackclear.determine import determine
from stackclear.model.determination import Determination
from stackclear.model.package import Package
from stackclear.yaml12 import strict_loader

TESTS = Path(__file__).resolve().parents[1]
SCENARIOS = TESTS / "scenarios"
LIST_FIXTURE = TESTS / "fixtures" / "determine" / "csl_scenarios.csv"


@cache
def fixture_screener() -> Any:
    from stackclear.screening.screen import Screener
    from stackclear.screening.sources import load_list

    return Screener.from_lists([load_list(LIST_FIXTURE)])


@cache
def unavailable_screener() -> Any:
    from stackclear.screening.screen import Screener

    return Screener.unavailable("restricted-party lists are stale (older than the staleness limit)")


#: YAML 1.2 booleans and no duplicate keys, as the product reads its own YAML (NO is Norway, not False).
SCENARIO_LOADER = strict_loader()


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for i, case in enumerate(yaml.load(path.read_text(encoding="utf-8"), Loader=SCENARIO_LOADER) or []):
            cases.append((f"{path.stem}[{i}] {case.get('name', '')}", case))
    return cases


def parse(raw: dict[str, Any]) -> Package:
    """Validate a package the way the CLI does (the package loader when present, else the model)."""
    try:
        from stackclear.model.io import parse_package
    except ImportError:  # the loader lives in another slice; the model alone validates the same fields
        return Package.model_validate(raw)
    return parse_package(json.dumps(raw, default=str), source="<scenario>").package


def run_case(case: dict[str, Any]) -> Determination:
    package = parse(case["package"])
    as_of = case.get("date") or package.date
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    screener = unavailable_screener() if case.get("lists") == "unavailable" else fixture_screener()
    return determine(package, as_of, screener=screener, policy=case.get("policy"))
