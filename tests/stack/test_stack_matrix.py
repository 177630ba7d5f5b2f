"""The destination matrix equals the engine, destination by destination; screening and classification once."""

from __future__ import annotations

import datetime as dt

import pytest
from stack_support import CountingScreener, mixed_package, sample_screener

import stackclear.determine.engine as engine_module
from stackclear.determine import determine
from stackclear.model.package import Package
from stackclear.rules.loader import default_rules
from stackclear.stack.destinations import expand
from stackclear.stack.matrix import build_matrix

DATES = [dt.date(2024, 6, 1), dt.date(2025, 3, 1), dt.date(2026, 8, 1)]
# Every group the rules read, the treated destinations (HK, MO), embargoes, the UAE and Cambodia changes,
# allies and the rest of the world: 60 destinations.
DESTINATIONS = ["CN", "MO", "HK", "TW", "VN", "MY", "SG", "IN", "ID", "TH", "KH", "LA", "MM", "AE", "SA", "QA",
                "KW", "BH", "OM", "IL", "JO", "EG", "TR", "IR", "IQ", "SY", "LB", "CU", "KP", "RU", "BY", "UA",
                "KZ", "NI", "VE", "ZW", "SD", "DE", "FR", "GB", "IE", "PL", "MX", "BR", "AR", "ZA", "NG", "KE",
                "JP", "KR", "AU", "NZ", "CA", "US", "CH", "NO", "PK", "BD", "PH", "MN"]


def _key(item: object) -> tuple[object, ...]:
    return (item.verdict, item.license_exception, item.review_policy)  # type: ignore[attr-defined]


MEU_PARTY = {"role": "intermediate_consignee", "name": "AVIC Aircraft Co. Ltd.", "country": "CN"}


@pytest.mark.parametrize("meu", [False, True], ids=["parties-clean", "meu-consignee"])
@pytest.mark.parametrize("day", DATES, ids=str)
def test_every_cell_equals_the_engine_alone(day: dt.date, meu: bool) -> None:
    """With an MEU party the party's own verdict depends on whether an item is covered there (raised per
    destination), which the matrix's shared party outcome must reproduce."""
    assert len(set(DESTINATIONS)) >= 50
    package = mixed_package()
    if meu:
        package = package.model_copy(update={"parties": [*package.parties, type(package.parties[0])(**MEU_PARTY)]})
    screener = sample_screener()
    rules = default_rules()
    matrix = build_matrix(package, expand(DESTINATIONS, day, rules), day, screener=screener)
    assert [r.destination.code for r in matrix.rows] == DESTINATIONS
    seen_verdicts = set()
    for row in matrix.rows:
        alone = determine(package.model_copy(update={"destination": row.destination.code}), day, screener=screener)
        assert row.verdict is alone.verdict, row.destination.code
        assert [_key(c) for c in row.cells] == [_key(i) for i in alone.items], row.destination.code
        assert row.parties_verdict is max((p.verdict for p in alone.parties), key=lambda v: v.severity)
        assert row.party_verdicts == [p.verdict for p in alone.parties]
        seen_verdicts.update(c.verdict for c in row.cells)
    # the sample is not trivially uniform: several verdicts occur on every date
    assert len(seen_verdicts) >= 3


def test_cells_follow_policy_overrides_like_the_engine() -> None:
    day = dt.date(2026, 8, 1)
    package = mixed_package()
    policy = {"diffusion.enforced": True}
    matrix = build_matrix(package, expand(["DE", "MY", "AE", "CN"], day, default_rules()), day,
                          screener=sample_screener(), policy=policy)
    for row in matrix.rows:
        alone = determine(package.model_copy(update={"destination": row.destination.code}), day,
                          screener=sample_screener(), policy=policy)
        assert [_key(c) for c in row.cells] == [_key(i) for i in alone.items]


def test_parties_are_screened_once_for_the_whole_matrix() -> None:
    counting = CountingScreener(sample_screener())
    day = dt.date(2026, 8, 1)
    build_matrix(mixed_package(), expand(["all"], day, default_rules()), day, screener=counting,
                 since=dt.date(2025, 1, 1))
    # end user, its owner, the purchaser; the consignee is the same name and country as the end user
    assert sorted(counting.queries) == sorted({("Johor Digital Compute Sdn. Bhd.", "MY"),
                                               ("Example Holding Ltd.", "SG"), ("Pearl River Compute Ltd.", "SG")})


def test_each_distinct_line_is_classified_once_per_date(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = engine_module.classify_item

    def counting(item, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(item.id)
        return real(item, *args, **kwargs)

    monkeypatch.setattr(engine_module, "classify_item", counting)
    day = dt.date(2026, 8, 1)
    package = mixed_package()
    build_matrix(package, expand(DESTINATIONS, day, default_rules()), day, screener=sample_screener())
    assert len(calls) == len(package.items) - 1  # h100-again is the same line as h100
    assert "h100-again" not in calls


def test_the_headquartered_rule_reaches_every_destination() -> None:
    """The purchaser's Chinese parent puts the H100 line under § 742.6(a)(6)(iii) even to Germany."""
    day = dt.date(2026, 8, 1)
    matrix = build_matrix(mixed_package(), expand(["DE"], day, default_rules()), day, screener=sample_screener())
    cell = matrix.rows[0].cells[0]
    assert cell.verdict.value in {"LICENSE_EXCEPTION", "LICENSE_REQUIRED"}
    assert cell.reason is not None and cell.reason.rule == "license.scope.headquartered" or (
        cell.reason is not None and cell.reason.rule.startswith("license.exceptions."))


def test_decisive_reasons_cite_the_rule_that_decided() -> None:
    day = dt.date(2026, 8, 1)
    package = Package.model_validate({"name": "x", "destination": "DE", "items": [
        {"id": "gpu", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB"}]})
    matrix = build_matrix(package, expand(["DE", "SA", "CU", "CN"], day, default_rules()), day,
                          screener=sample_screener())
    by = {r.destination.code: r.cells[0] for r in matrix.rows}
    assert by["DE"].verdict.value == "NO_LICENSE_REQUIRED" and by["DE"].reason is not None
    assert by["DE"].reason.rule == "license.scope.ab" and "no destination requirement" in by["DE"].reason.text
    assert by["SA"].verdict.value == "LICENSE_REQUIRED" and by["SA"].reason.rule == "license.scope.ab"  # type: ignore[union-attr]
    assert by["CU"].verdict.value == "PROHIBITED"
    assert by["CU"].reason.rule == "embargo.destinations.comprehensive"  # type: ignore[union-attr]
    assert by["CN"].review_policy is not None and by["CN"].reason.citation  # type: ignore[union-attr]


def test_json_follows_the_contract() -> None:
    day = dt.date(2026, 8, 1)
    out = build_matrix(mixed_package(), expand(["GCC", "CN"], day, default_rules()), day,
                       screener=sample_screener()).to_dict()
    assert out["as_of"] == "2026-08-01"
    assert [r["destination"] for r in out["rows"]] == ["AE", "BH", "KW", "OM", "QA", "SA", "CN"]
    for row in out["rows"]:
        assert {"destination", "verdict", "items"} <= set(row)
        for item in row["items"]:
            assert {"id", "verdict"} <= set(item)
            assert not ("license_exception" in item and "review_policy" in item)


def test_an_meu_party_is_raised_only_where_an_item_is_covered() -> None:
    """EAR99 lines only: the MEU rule covers them in the destinations of § 744.21's any-item scope, not
    elsewhere, so the same (shared) party outcome must carry different verdicts row by row."""
    day = dt.date(2026, 8, 1)
    package = Package.model_validate({"name": "meu", "destination": "MY", "parties": [MEU_PARTY], "items": [
        {"id": "app", "layer": "applications", "kind": "application", "eccn": "EAR99"}]})
    rows = build_matrix(package, expand(DESTINATIONS, day, default_rules()), day, screener=sample_screener()).rows
    verdicts = set()
    for row in rows:
        alone = determine(package.model_copy(update={"destination": row.destination.code}), day,
                          screener=sample_screener())
        assert row.party_verdicts == [p.verdict for p in alone.parties], row.destination.code
        assert row.verdict is alone.verdict
        verdicts.add(row.party_verdicts[0])
    assert len(verdicts) >= 2, verdicts


@pytest.mark.parametrize("day", DATES, ids=str)
def test_rows_shared_by_unnamed_countries_equal_their_own_computation(day: dt.date) -> None:
    """Countries no rule value names are computed once per date (as the unassigned code QZ) and renamed:
    every cell, reason and party verdict must equal the destination's own computation, over every country."""
    from stackclear.stack.matrix import MatrixEngine

    package = mixed_package()
    everywhere = expand(["all"], day, default_rules())
    shared = MatrixEngine(package, day, screener=sample_screener())
    alone = MatrixEngine(package, day, screener=sample_screener(), share=False)
    neutral = [d for d in everywhere if d.code not in shared.mentioned(day)]
    assert len(neutral) >= 80 and "BR" in [d.code for d in neutral] and "CN" not in [d.code for d in neutral]
    for dest in everywhere:
        a, b = shared.row(dest)[0], alone.row(dest)[0]
        assert (a.verdict, a.party_verdicts) == (b.verdict, b.party_verdicts), dest.code
        assert [(c.key, c.reason.to_dict() if c.reason else None) for c in a.cells] == [
            (c.key, c.reason.to_dict() if c.reason else None) for c in b.cells], dest.code
        assert (a.reason.to_dict() if a.reason else None) == (b.reason.to_dict() if b.reason else None)
