"""--since: the dates each cell changed, from the rules' dated values, checked against known rule dates and
against day-by-day evaluation by the engine (which the matrix itself never does)."""

from __future__ import annotations

import datetime as dt

from stack_support import sample_screener

from stackclear.determine import determine
from stackclear.model.package import Package
from stackclear.rules.loader import default_rules
from stackclear.stack.destinations import expand
from stackclear.stack.matrix import build_matrix

PACKAGE = Package.model_validate({"name": "since", "destination": "AE", "items": [
    {"id": "nodes", "layer": "hardware", "kind": "computer", "catalog": "NVIDIA HGX H100 8-GPU"},
    {"id": "h20", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H20 96GB"},
    {"id": "weights", "layer": "models", "kind": "model_weights", "training_ops": 3e26},
    {"id": "app", "layer": "applications", "kind": "application"},
]})


def changes(dest: str, since: dt.date, as_of: dt.date) -> dict[str, list[str]]:
    matrix = build_matrix(PACKAGE, expand([dest], as_of, default_rules()), as_of, screener=sample_screener(),
                          since=since)
    out = matrix.to_dict()["rows"][0]
    return {i["id"]: [c["date"] for c in i["changes"]] for i in out["items"]} | {
        "*": [c["date"] for c in out["changes"]]}


def test_known_rule_dates() -> None:
    ae = changes("AE", dt.date(2026, 1, 1), dt.date(2026, 8, 1))
    assert ae["nodes"] == ["2026-07-10"] and ae["*"] == ["2026-07-10"]  # UAE into A:5 (FR Doc 2026-14132)
    kh = changes("KH", dt.date(2025, 6, 1), dt.date(2026, 8, 1))
    assert kh["nodes"] == ["2026-02-03"]  # Cambodia out of D:5: review policy changes
    cn = changes("CN", dt.date(2025, 6, 1), dt.date(2026, 8, 1))
    assert cn["nodes"] == ["2026-01-15"]  # the 2026 China band
    assert cn["app"] == []
    vn = changes("VN", dt.date(2022, 6, 1), dt.date(2026, 8, 1))
    assert vn["nodes"] == ["2023-10-23"]  # the October 2023 is-informed letters (overlays.products)
    # 4E091: enforced 2025-01-13 to 2025-05-13 but binding only from its compliance date 2025-05-15: never
    assert changes("DE", dt.date(2024, 6, 1), dt.date(2026, 8, 1))["weights"] == []
    cn_h20 = changes("CN", dt.date(2025, 1, 1), dt.date(2025, 6, 1))
    assert cn_h20["h20"] == ["2025-04-09"]  # the 2025 is-informed letters (overlays.products)


def test_change_dates_equal_day_by_day_evaluation() -> None:
    since, as_of = dt.date(2025, 12, 20), dt.date(2026, 7, 20)
    for dest in ("AE", "KH", "CN", "MY"):
        found = changes(dest, since, as_of)
        brute: dict[str, list[str]] = {i.id: [] for i in PACKAGE.items}
        previous = None
        day = since
        while day <= as_of:
            det = determine(PACKAGE.model_copy(update={"destination": dest}), day, screener=sample_screener())
            keys = {i.id: (i.verdict, i.license_exception, i.review_policy) for i in det.items}
            if previous is not None:
                for ident, key in keys.items():
                    if key != previous[ident]:
                        brute[ident].append(day.isoformat())
            previous = keys
            day += dt.timedelta(days=1)
        assert {k: v for k, v in found.items() if k != "*"} == brute, dest


def test_a_compliance_date_is_a_change_date() -> None:
    """3A090.c (HBM) to China: in force 2024-12-02, binding from its compliance date 2024-12-31 (89 FR 96790)."""
    hbm = Package.model_validate({"name": "hbm", "destination": "CN", "items": [
        {"id": "hbm", "layer": "hardware", "kind": "hbm", "memory_bandwidth_gbs": 819, "package_area_mm2": 110}]})
    since, as_of = dt.date(2024, 11, 1), dt.date(2025, 2, 1)
    matrix = build_matrix(hbm, expand(["CN"], as_of, default_rules()), as_of, screener=sample_screener(),
                          since=since)
    found = [c["date"] for c in matrix.to_dict()["rows"][0]["items"][0]["changes"]]
    brute, previous, day = [], None, since
    while day <= as_of:
        item = determine(hbm, day, screener=sample_screener()).items[0]
        key = (item.verdict, item.license_exception, item.review_policy)
        if previous is not None and key != previous:
            brute.append(day.isoformat())
        previous, day = key, day + dt.timedelta(days=1)
    assert found == brute and "2024-12-31" in found


def test_change_dates_of_shared_rows_equal_their_own() -> None:
    """Countries no rule value names share one computation per date, --since included (same rule lookups,
    same validity window); Cambodia (in D:5 until 2026-02-03) and the UAE (into A:5 2026-07-10) are named."""
    from stackclear.stack.matrix import MatrixEngine

    since, as_of = dt.date(2023, 1, 1), dt.date(2026, 8, 1)
    dests = expand(["BR", "NG", "UA", "PE", "KE", "KH", "AE", "CN", "DE", "FJ"], as_of, default_rules())
    policy = {"diffusion.enforced": True}  # what-if: the Diffusion requirements bind from their compliance date
    shared = MatrixEngine(PACKAGE, as_of, screener=sample_screener(), policy=policy)
    alone = MatrixEngine(PACKAGE, as_of, screener=sample_screener(), policy=policy, share=False)
    assert {"BR", "NG", "FJ"}.isdisjoint(shared.mentioned(as_of))
    seen = 0
    for dest in dests:
        a, b = shared.history(dest, since), alone.history(dest, since)
        assert a.changes == b.changes and a.cell_changes == b.cell_changes, dest.code
        assert [c.key for c in a.cells] == [c.key for c in b.cells]
        seen += sum(len(v) for v in a.cell_changes.values())
    brazil = shared.history(dests[0], since)
    assert brazil.cell_changes, "the neutral rows must have changes for this test to mean anything"
    assert seen > 5
