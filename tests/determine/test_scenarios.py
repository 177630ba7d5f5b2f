"""Run every scenario of tests/scenarios/*.yaml through the real engine (see scenario_support)."""

from __future__ import annotations

from typing import Any

import pytest
from scenario_support import load_cases, run_case

from stackclear.errors import StackclearError

CASES = load_cases()


def test_enough_scenarios() -> None:
    assert len(CASES) >= 370  # 236 before issue 10, 51 added for it, 99 by the second independent review


def _all(det_dict: dict[str, Any], key: str) -> list[str]:
    out = []
    for item in det_dict["items"]:
        out.extend(r[key] for r in item["reasons"])
    for party in det_dict["parties"]:
        out.extend(r[key] for r in party["reasons"])
    return out


@pytest.mark.parametrize(("label", "case"), CASES, ids=[label for label, _ in CASES])
def test_scenario(label: str, case: dict[str, Any]) -> None:
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises((StackclearError, ValueError)) as info:
            run_case(case)
        assert expect["error"] in str(info.value), f"{label}: error was {info.value}"
        return
    det = run_case(case).to_dict()
    context = f"{label}\n" + "\n".join(
        f"  {i['id']}: {i['eccn']} {i['verdict']} {i.get('license_exception') or i.get('review_policy') or ''}\n"
        + "\n".join(f"      - {r['text']} [{r['citation']}]" for r in i["reasons"]) for i in det["items"]
    ) + "\n" + "\n".join(f"  party {p['name']}: {p['decision']} {p['verdict']}" for p in det["parties"])
    assert det["verdict"] == expect["verdict"], context
    items = {i["id"]: i for i in det["items"]}
    for ident, wanted in (expect.get("items") or {}).items():
        got = items[ident]
        for key, value in wanted.items():
            assert got.get(key) == value, f"{ident}.{key}: {got.get(key)!r} != {value!r}\n{context}"
    parties = {p["name"]: p for p in det["parties"]}
    for name, wanted in (expect.get("parties") or {}).items():
        for key, value in wanted.items():
            assert parties[name].get(key) == value, f"party {name}.{key}\n{context}"
    citations = _all(det, "citation")
    for needle in expect.get("citations") or []:
        assert any(needle in c for c in citations), f"citation {needle!r} missing\n{context}"
    texts = _all(det, "text")
    for needle in expect.get("texts") or []:
        assert any(needle in t for t in texts), f"text {needle!r} missing\n{context}"
    for needle in expect.get("caveats") or []:
        assert any(needle in c for c in det["caveats"]), f"caveat {needle!r} missing: {det['caveats']}"
    conditions = [c for i in det["items"] for c in i["conditions"]]
    for needle in expect.get("conditions") or []:
        assert any(needle in c for c in conditions), f"condition {needle!r} missing: {conditions}"
    for needle in expect.get("absent_citations") or []:
        assert not any(needle in c for c in citations), f"citation {needle!r} unexpected\n{context}"
