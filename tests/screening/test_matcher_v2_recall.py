"""stackclear-v2 retrieval (issue 9, session 4): names that share no index key with their listed form are still
among the candidates. Constructed names (invented surnames), never the evaluation corpus."""

from __future__ import annotations

import pytest
from v2_helpers import retrieval_skeleton as _skeleton
from v2_helpers import screener_of as _screener

from stackclear.names.analyze import PERSON, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_names import skeleton_form, translit_key, translit_same
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener, _entry_names
from stackclear.screening.sources import LoadedList


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("عبد الزفتور", "ZAFTUR, Abdul"),  # Abd + article glued to the next word
        ("عبد الله زفتور", "ZAFTUR, Abdallah"),  # Abd Allah written apart is one word
        ("أبو زفتور", "ABU ZAFTUR"),  # a kunya: one word after the particle
        ("زفتور بن قرمدي", "QARMADI, Zaftur bin"),  # bin written bn in Arabic script
    ],
)
def test_retrieval_skeletons_of_arabic_and_latin_spellings_agree(arabic: str, latin: str) -> None:
    assert _skeleton(arabic) is not None
    assert _skeleton(arabic) == _skeleton(latin)


def test_retrieval_skeletons_need_something_rare() -> None:
    assert _skeleton("Ali Abu") is None  # nothing of three consonants
    assert _skeleton("ZAFT") is None  # one word of three consonants without a particle
    # the scored skeleton (not ``retrieval``) keeps its stricter rule: two words of three consonants
    assert skeleton_form(analyze("ZAFTUR, Abdul", PERSON), False) is None


def test_a_short_arabic_name_finds_its_listed_person_among_acronyms() -> None:
    # organisations whose acronyms are the bare consonants, and namesakes, fill the candidate slots; the listed
    # person whose Latin form shares no token with the Arabic query must still be a candidate and the top hit
    entries = [ListEntry(f"O:{n}", "SDN", "SDN", "Company", f"ZAFT {word} COMPANY", aliases=["ZFTR"])
               for n, word in enumerate(["Trading", "Shipping", "Mining", "Textile", "Holding", "Steel", "Power",
                                         "Cement", "Food", "Marine"])]
    entries += [ListEntry(f"P:{n}", "SDN", "SDN", "Person", f"ZAFTUR, {given}")
                for n, given in enumerate(["Karim", "Samir", "Walid", "Nabil", "Tariq", "Hisham", "Yasin"])]
    entries.append(ListEntry("X:1", "SDN", "SDN", "Person", "ZAFTUR, Abdul"))
    screener = _screener(entries)
    query = PartyQuery("1", "عبد الزفتور", "Person")
    assert "X:1" in {c.entry_id for c in screener.candidates(query)}
    result = screener.screen(query)
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "X:1"


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ZORBLAXOV, Wjatscheslaw", "ZORBLAXOV, Vyacheslav"),  # German romanisation of a Russian name
        ("ZORBLAXOV, Iouri", "ZORBLAXOV, Yuriy"),  # French
        ("ZORBLAXOV, Alexej", "ZORBLAXOV, Aleksey"),
        ("QUIMBARI, Anouar", "QUIMBARI, Anwar"),
        ("QUIMBARI, Mehmet", "QUIMBARI, Muhammad"),  # the Turkish form of an Arabic name
        ("QUIMBARI, Ali Reza", "QUIMBARI, Ali Rida"),  # the Persian reading of an Arabic name
        ("TAEK, Gyeong Nam", "TAEK, Kyong Nam"),  # a Korean syllable in Revised and McCune-Reischauer spelling
    ],
)
def test_one_name_in_two_romanisations_is_a_hit(query: str, listed: str) -> None:
    assert get_matcher("stackclear-v2").match_names(query, listed, "Person").score >= 0.82


@pytest.mark.parametrize(
    ("a", "b"),
    [("amir", "omar"), ("sergei", "sergio"), ("mehmet", "mahmud"), ("ivana", "ivan"), ("reza", "rezaei")],
)
def test_other_names_are_not_one_romanisation(a: str, b: str) -> None:
    assert not translit_same(a, b)
    assert translit_key("wjatscheslaw") == translit_key("viacheslav")


def test_other_given_names_stay_clear() -> None:
    score = get_matcher("stackclear-v2").match_names("QUIMBARI, Omar", "QUIMBARI, Amir", "Person").score
    assert score < 0.82


def test_other_names_of_a_candidate_entry_are_scored_too() -> None:
    entries = [ListEntry("A:1", "SDN", "SDN", "Person", "ZORBLAXI, Qimran Yahya",
                         aliases=["ZORBLAXI, Abdallah", "QUIMBO, Teodor"]),
               ListEntry("B:1", "SDN", "SDN", "Person", "ZORBLAXI, Hamid")]
    screener = _screener(entries)
    assert screener.index is not None
    names = screener.index.names
    first = next(n for n, name in enumerate(names) if name.entry == 0)
    others = _entry_names(names, [first], {first})
    assert {names[n].form.original for n in others} == {"ZORBLAXI, Abdallah", "QUIMBO, Teodor"}
    assert all(names[n].entry == 0 and names[n].base is None for n in others)  # its own names, no variants
    assert _entry_names(names, [first], set(range(len(names)))) == []
    assert get_matcher("stackclear-v2").score_entry_names  # type: ignore[attr-defined]
    assert not getattr(get_matcher("stackclear-v1"), "score_entry_names", False)  # v1 unchanged


def test_names_of_another_kind_do_not_take_a_persons_slots() -> None:
    # many organisations share the query's word; the one person must still be among k candidates when the
    # schema says Person (v2 leaves the organisations out before the top k, v1 after)
    entries = [ListEntry(f"O:{n:02d}", "SDN", "SDN", "Company", f"ZORBLAX {word}")
               for n, word in enumerate(["Trading", "Shipping", "Mining", "Textile", "Holding", "Steel", "Power",
                                         ])]
    entries.append(ListEntry("P:1", "SDN", "SDN", "Person", "ZORBLAX, Quentin Hargreave"))
    lists = [LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": len(entries)})]
    query = PartyQuery("1", "Zorblax", "Person")
    assert [c.entry_id for c in Screener.from_lists(lists).candidates(query, k=4)] == ["P:1"]
    assert Screener.from_lists(lists, matcher="stackclear-v1").candidates(query, k=4) == []  # v1: unchanged
