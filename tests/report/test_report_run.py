"""Which lists an evaluation screens against: explicit lists as given, else the stored current lists while
fresh, else fail closed (every party HOLD)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stackclear.model.io import parse_package
from stackclear.report.run import evaluate, parse_policy, screener_for
from stackclear.screening.screen import PartyQuery
from stackclear.screening.store import ListStore

TINY = Path(__file__).resolve().parents[1] / "cli_determine" / "fixtures" / "tiny_csl.csv"
PACKAGE = """\
name: Store test
date: 2025-03-01
destination: CN
parties: [{role: end_user, name: "Zenith Example Semiconductor Co., Ltd.", country: CN}]
items: [{id: app, layer: applications, kind: application}]
"""


def _decision(screener: object) -> str:
    result = screener.screen(PartyQuery(id="1", name="Zenith Example Semiconductor Co., Ltd."))  # type: ignore[attr-defined]
    return str(result.decision)


def test_fresh_stored_lists_are_used(tmp_path: Path) -> None:
    store = ListStore(tmp_path, max_age_days=7)
    store.import_paths([TINY])
    assert _decision(screener_for(None, store=store)) == "hit"
    loaded = parse_package(PACKAGE, source="p.yaml")
    out = evaluate(loaded, screeners=lambda paths: screener_for(paths, store=store))
    assert out["parties"][0]["hits"] and out["verdict"] != "HOLD"


def test_stale_or_missing_stored_lists_fail_closed(tmp_path: Path) -> None:
    store = ListStore(tmp_path, max_age_days=7)
    assert screener_for(None, store=store).unavailable_reason  # nothing imported
    store.import_paths([TINY])
    later = dt.date.today() + dt.timedelta(days=30)
    stale = screener_for(None, store=store, today=later)
    assert stale.unavailable_reason and "over the 7-day limit" in stale.unavailable_reason
    loaded = parse_package(PACKAGE, source="p.yaml")
    out = evaluate(loaded, screeners=lambda paths: screener_for(paths, store=store, today=later))
    assert out["verdict"] == "HOLD"


def test_explicit_lists_win_over_the_store(tmp_path: Path) -> None:
    empty = ListStore(tmp_path, max_age_days=7)
    assert _decision(screener_for([str(TINY)], store=empty)) == "hit"


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [(["diffusion.enforced=true"], {"diffusion.enforced": True}),
     (["policy.diffusion.enforced=false"], {"diffusion.enforced": False}),
     (["x.limit=2.5", "y=text"], {"x.limit": 2.5, "y": "text"}),
     # YAML 1.2, as a package's policy: is read: "no"/"off"/"NO" are strings, not False (YAML 1.1)
     (["x=no", "y=off", "z=NO", "w=yes"], {"x": "no", "y": "off", "z": "NO", "w": "yes"}),
     (["diffusion.enforced=True"], {"diffusion.enforced": True})],
)
def test_parse_policy(pairs: list[str], expected: dict[str, object]) -> None:
    assert parse_policy(pairs) == expected


def test_parse_policy_rejects_a_bare_name() -> None:
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_policy(["diffusion.enforced"])
