"""Katakana as Japanese writes foreign names (Cabinet Notice 外来語の表記, 1991) against Latin list forms: シ for si,
フ for hu, ウィ/ウェ/ウォ for wi/we/wo, ドゥ for du, ン before a doubled m (stackclear-v2, v2_scripts.kana_usage).
Invented names; each rule beside a name it must not take."""

from __future__ import annotations

import pytest
from v2_helpers import screener_of

from stackclear.names.analyze import PERSON, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_scripts import kana_key, kana_usage
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery

REVIEW = 0.72


def test_japanese_usage_and_icu_scheme_read_alike() -> None:
    # シリル (Japanese usage) and セィリル (ICU's Latin-Katakana of "Ciril") read shiriru / siriru
    assert kana_usage("shiriru") == kana_usage("siriru")
    assert kana_key("fusein") == kana_key("hussein")  # フセイン, ヘゥッセイン
    assert kana_key("uiruma") == kana_key("wiruma")  # ウィルマ, ヰルマ
    assert kana_key("douriou") == kana_key("duriou")  # ドゥ, デゥ
    assert kana_key("muhanmado") == kana_key("muhammado")  # ムハンマド, ムハッマド
    # a vowel after a consonant stays a vowel (ルイス = ruisu is Luis, not Lwis); kana still tell si from su
    assert kana_usage("ruisu") == "ruisu"
    assert kana_key("simon") != kana_key("sumon")


@pytest.mark.parametrize(("query", "listed"), [
    ("ウィルマ・フセイノワ", "HUSEINOVA, Wilma"),
    ("ドゥリオ・マンテ", "MANTE, Dulio"),
    ("ウォルデ・タフェス", "TAFESSE, Wolde"),
])
def test_usual_katakana_matches_the_latin_name(query: str, listed: str) -> None:
    assert get_matcher("stackclear-v2").match_names(query, listed, "Person").score >= REVIEW


@pytest.mark.parametrize(("query", "listed"), [
    ("シリル・ホッジャ", "HADJI, Cyrus"),
    ("ウィルマ・フセイノワ", "HASANOVA, Wilma"),
    ("シモン・ウェルフォード", "WELLER, Simone"),
])
def test_other_names_in_usual_katakana_stay_below_review(query: str, listed: str) -> None:
    assert get_matcher("stackclear-v2").match_names(query, listed, "Person").score < REVIEW


def test_usual_katakana_is_looked_up_by_the_latin_skeleton() -> None:
    # ムハンマド writes the doubled m of Muhammad as ン: looked up under mhmd as well as mhnmd
    variants = get_matcher("stackclear-v2").query_variants(analyze("ムハンマド・ザヒリ", PERSON))
    assert any(f.tokens[:1] == ("mhmd",) for f in variants)
    assert any(f.tokens[:1] == ("mhnmd",) for f in variants)


# ---- people in kana and Cyrillic are retrieved under each of their readings (screen._retrieve_each)

def _people() -> list[ListEntry]:
    entries = [ListEntry("E:1", "SDN", "SDN", "Individual", "TARAKI, Ali"),
               ListEntry("E:2", "SDN", "SDN", "Individual", "VOLKIDZE, Temur")]
    entries += [ListEntry(f"A:{n}", "SDN", "SDN", "Individual", f"{surname}, Ali")
                for n, surname in enumerate(["HASSAN", "MUSA", "RAHIM", "SALEH", "YUSUF", "KARIM", "NASSER", "HAMID"])]
    entries += [ListEntry(f"B:{n}", "SDN", "SDN", "Individual", name)
                for n, name in enumerate(["Ari Karlsson", "Ari Tamm", "Temur Volkov", "Temur Vakhidov"])]
    return entries


@pytest.mark.parametrize(("query", "expected"), [("アリ・タラキ", "E:1"), ("Темур Волкидзе", "E:2")])
def test_people_in_kana_and_cyrillic_keep_each_readings_best_name(query: str, expected: str) -> None:
    screener = screener_of(_people())
    forms, lookup = screener.lookup_forms(query, "Person")
    assert len(lookup) > 1
    assert screener.index is not None
    names, entries = screener.index.names, screener.index.entries

    def entry_of(name_id: int) -> str:
        return entries[names[name_id].entry].entry_id

    found = {entry_of(name_id) for name_id, _ in screener._retrieve(lookup, "person", 8)}
    for form in lookup:
        alone = screener._retrieve_all([form], "person", 8, True)
        if alone:
            assert entry_of(alone[0][0]) in found
    result = screener.screen(PartyQuery("1", query, "Person"))
    assert result.decision == "hit" and result.hits[0].entry_id == expected


@pytest.mark.parametrize(("query", "each"), [("アリ・タラキ", True), ("Темур Волкидзе", True), ("Ali Taraki", False),
                                             ("塔拉基", False)])
def test_only_kana_and_cyrillic_names_are_searched_per_reading(query: str, each: bool) -> None:
    # asked of the screener's own test (a compiled Screener calls its methods directly: a patched method would
    # not be seen), and the search it chooses must keep what the readings together find first
    screener = screener_of(_people())
    forms, lookup = screener.lookup_forms(query, "Person")
    assert screener.per_reading(lookup) == each
    found = screener._retrieve(lookup, "person", 8)
    if each:
        assert found == screener._retrieve_each(lookup, "person", 8)


def test_an_arabic_names_free_slots_go_to_what_each_reading_finds() -> None:
    # the readings tallied together come first, as before; slots they leave free are filled from each reading's
    # own search (عادل: "adl" and the vowel guesses "adal adil adul" summed put ADIL under the coverage floor)
    entries = [ListEntry("E:1", "SDN", "SDN", "Individual", "ADIL"), ListEntry("E:2", "SDN", "SDN", "Individual",
                                                                                "NAZRI, Adil Kamal")]
    entries += [ListEntry(f"F:{n}", "SDN", "SDN", "Individual", name)
                for n, name in enumerate(["HADDAD, Omar", "KHALIL, Sami", "NAJJAR, Rami"])]
    screener = screener_of(entries)
    forms, lookup = screener.lookup_forms("عادل", "Person")
    assert len(lookup) > 1
    together = screener._retrieve_all(lookup, "person", 8, True)
    found = screener._retrieve(lookup, "person", 8)
    assert found[:len(together)] == together
    entry_ids = {screener.index.entries[screener.index.names[n].entry].entry_id  # type: ignore[union-attr]
                 for n, _ in found}
    assert "E:1" in entry_ids
