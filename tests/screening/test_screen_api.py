"""Screener: decisions, fail-closed behaviour, one hit per entry, never collapsing different lists."""

from __future__ import annotations

from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import LoadedList


def _lists() -> list[LoadedList]:
    entries = [
        ListEntry("CMIC:1", "CMIC list", "CMIC", "Organization", "HUAWEI TECHNOLOGIES CO., LTD.", countries=["CN"]),
        ListEntry("EL:1", "Entity List", "EL", "LegalEntity", "Huawei Technologies Co., Ltd. (Huawei)",
                  aliases=["Shenzhen Huawei Technologies"], countries=["CN"],
                  license_requirement="For all items subject to the EAR", license_policy="Presumption of denial"),
        ListEntry("EL:2", "Entity List", "EL", "LegalEntity", "Huawei Technologies (Bolivia) S.R.L.",
                  countries=["BO"]),
        ListEntry("SDN:1", "SDN", "SDN", "Person", "PUTIN, Vladimir Vladimirovich", countries=["RU"],
                  dates_of_birth=["07 Oct 1952"]),
        ListEntry("SDN:2", "SDN", "SDN", "Vessel", "SNOW STORM"),
    ]
    return [LoadedList("test.csv", "csl-csv", "abc", None, entries, {"CMIC": 1, "EL": 2, "SDN": 2})]


SCREENER = Screener.from_lists(_lists())


def test_both_lists_are_returned_with_their_own_consequences() -> None:
    result = SCREENER.screen(PartyQuery("1", "HUAWEI TECHNOLOGIES CO., LTD."))
    assert result.decision == "hit"
    top = {h.entry_id: h for h in result.hits if h.score >= SCREENER.threshold}
    assert {"CMIC:1", "EL:1"} <= set(top)
    assert top["EL:1"].license_policy == "Presumption of denial"
    assert top["CMIC:1"].license_requirement is None
    assert len({h.entry_id for h in result.hits}) == len(result.hits)  # best hit per entry
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_subsidiary_in_another_country_is_not_the_parent() -> None:
    result = SCREENER.screen(PartyQuery("1", "Huawei Technologies Co., Ltd.", country="CN"))
    scores = {h.entry_id: h.score for h in result.hits}
    assert scores.get("EL:2", 0.0) < scores["EL:1"]


def test_parenthesised_short_name_is_an_alias() -> None:
    result = SCREENER.screen(PartyQuery("1", "Huawei"))
    assert any(h.entry_id == "EL:1" for h in result.hits)


def test_person_reordered_with_evidence() -> None:
    result = SCREENER.screen(PartyQuery("1", "Vladimir Putin", "Person", country="RU", date_of_birth="1952-10-07"))
    assert result.decision == "hit" and result.hits[0].entry_id == "SDN:1"
    assert result.hits[0].explanation["evidence"] == {"country": 0.03, "date_of_birth": 0.03}


def test_schema_keeps_people_away_from_vessels() -> None:
    assert not SCREENER.screen(PartyQuery("1", "Snow Storm", "Person")).hits
    assert SCREENER.screen(PartyQuery("1", "Snow Storm", "Vessel")).decision == "hit"


def test_clear_and_review_band() -> None:
    assert SCREENER.screen(PartyQuery("1", "Kathryn Barr", "Person")).decision == "clear"
    low = SCREENER.screen(PartyQuery("1", "Huawei Technologies Co., Ltd."), threshold=1.01)
    assert low.decision == "review" and "review band" in low.reasons[0]


def test_unavailable_fails_closed() -> None:
    screener = Screener.unavailable("lists are 40 days old (limit 7)")
    result = screener.screen(PartyQuery("1", "Kathryn Barr"))
    assert result.decision == "review" and result.reasons == ["lists are 40 days old (limit 7)"]


def test_to_dict_has_the_contract_keys() -> None:
    out = SCREENER.screen(PartyQuery("q1", "Huawei Technologies Co., Ltd.")).to_dict()
    assert {"id", "hits", "decision", "matcher", "lists"} <= set(out)
    assert {"entry_id", "source", "name", "matched_name", "score", "license_requirement", "license_policy"} <= set(
        out["hits"][0]
    )
    assert out["lists"][0]["sha256"] == "abc"
