"""stackclear-v2, Latin-script variants (issue 9, session 4): short forms of given names across romanisations,
and their retrieval; checked on constructed names (invented surnames), never on the evaluation corpus."""

from __future__ import annotations

import pytest

from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_names import _same_group
from stackclear.screening.matchers.v2_tables import tables
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import LoadedList

M = get_matcher("stackclear-v2")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Seryozha Zorblaxov", "ZORBLAXOV, Sergei"),  # Russian short form, ICAO spelling of the full name
        ("Seryozha Zorblaxov", "ZORBLAXOV, Sergey"),  # ... BGN/PCGN spelling
        ("Alyosha Zorblaxov", "ZORBLAXOV, Alexey"),  # a spelling no scheme writes (x): same metaphone key
        ("Misha Petrovich Zorblaxov", "ZORBLAXOV, Mikhail Petrovich"),
        ("Pepe Luis Zorblax", "ZORBLAX, Jose Luis"),  # Spanish (delfuzz)
        ("Nacho Zorblax", "ZORBLAX, Ignacio"),
        ("Sasha Zorblaxov", "ZORBLAXOV, Alexander"),
    ],
)
def test_short_forms_match_their_full_name(a: str, b: str) -> None:
    result = M.match_names(a, b, "Person")
    assert result.score >= M.threshold, result.explanation
    assert result.explanation["view"] == "name_symbols"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sasha Zorblaxov", "ZORBLAXOV, Natalya"),  # a short form of another name
        ("Pepe Zorblax", "ZORBLAX, Francisco"),
        ("Misha Zorblaxov", "ZORBLAXOV, Dmitriy"),
    ],
)
def test_short_form_of_another_name_stays_below_review(a: str, b: str) -> None:
    assert M.match_names(a, b, "Person").score < M.review_threshold


def test_two_short_forms_are_not_one_name_by_the_hypocorisms() -> None:
    symbols = tables().person_symbols
    # Vova and Volodya both stand for Vladimir, but a short form is evidence only against a full name
    assert not _same_group("vova", symbols["vova"], "volodya", symbols["volodya"])
    assert _same_group("vova", symbols["vova"], "vladimir", symbols["vladimir"])
    assert _same_group("sergei", symbols["sergei"], "sergey", symbols["sergey"])  # two spellings of one full name


def test_short_forms_of_the_tables() -> None:
    t = tables()
    assert "pavel" in t.nick_full["pasha"] and "jose" in t.nick_full["pepe"]
    assert "al" not in t.nick_full  # a particle is never taken for a short form
    assert "teresa" not in t.nick_full or "theresa" not in t.nick_full["teresa"]  # not shorter: a name of its own


def test_a_short_form_retrieves_the_full_name_among_namesakes() -> None:
    # two-word names whose given name alone is not in the index: the query's surname is shared by many entries,
    # the short form must bring the full name's entry into the candidates and to the top
    entries = [ListEntry(f"X:{n}", "SDN", "SDN", "Person", f"ZORBLAXOV, {given}")
               for n, given in enumerate(["Ivan", "Oleg", "Boris", "Igor", "Yuriy", "Anton", "Roman", "Denis",
                                          "Nikita", "Artur", "Ruslan", "Pavel"])]
    screener = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": len(entries)})])
    result = screener.screen(PartyQuery("1", "Pasha Zorblaxov", "Person"))
    assert result.decision == "hit" and result.hits[0].name == "ZORBLAXOV, Pavel"


def test_candidates_are_what_retrieval_hands_to_the_matcher() -> None:
    entries = [
        ListEntry("A:1", "SDN", "SDN", "Company", "ZORBLAX TRADING COMPANY LIMITED"),
        ListEntry("A:2", "SDN", "SDN", "Company", "ZORBLAX TRADING COMPANY LIMITED", addresses=["Dubai"]),
        ListEntry("B:1", "SDN", "SDN", "Vessel", "ZORBLAX TRADER"),
        ListEntry("C:1", "SDN", "SDN", "Person", "QUIMBY, Hortensia"),
    ]
    screener = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": 4})])
    found = screener.candidates("Zorblax Trading Co")
    assert [c.entry_id for c in found][:2] == ["A:1", "A:2"]  # one per entry, best retrieval score first
    assert all(0.0 < c.retrieval_score <= 1.0 for c in found)
    assert found[0].retrieval_score >= found[-1].retrieval_score
    assert "C:1" not in {c.entry_id for c in found}  # shares nothing with the query
    # the schema rules out what screen rules out; the retrieval score is not the matcher's score
    assert "B:1" not in {c.entry_id for c in screener.candidates(PartyQuery("1", "Zorblax Trader", "Company"))}
    assert "B:1" in {c.entry_id for c in screener.candidates(PartyQuery("1", "Zorblax Trader", "Vessel"))}
    assert len(screener.candidates("Zorblax Trading Co", k=1)) == 1
    with pytest.raises(ValueError, match="k must be"):
        screener.candidates("Zorblax", k=0)
    assert Screener.unavailable("no lists").candidates("Zorblax") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oy Zorblax Capital LLP", "Oy Zorblax Capital Ltd"),  # a form on both sides, another one besides
        ("Zorblax Services FZE LP", "Zorblax Services FZE LLC"),
    ],
)
def test_another_legal_form_beside_a_shared_one_is_another_company(a: str, b: str) -> None:
    assert M.match_names(a, b, "Company").score < M.review_threshold


def test_one_legal_form_inside_the_other_is_no_conflict() -> None:
    assert M.match_names("Zorblax Services LLC", "Zorblax Services LLC FZE", "Company").score >= M.threshold


def test_the_entry_aliases_say_its_legal_form() -> None:
    # the matched alias has no legal form, another name of the same entry has one that conflicts with the query's
    entries = [ListEntry("A:1", "SDN", "SDN", "Company", "ZORBLAX PHARMACEUTICAL",
                         aliases=["ZORBLAX PHARMACEUTICAL LLC"]),
               ListEntry("B:1", "SDN", "SDN", "Company", "QUIMBY PHARMACEUTICAL")]
    screener = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": 2})])
    other = screener.screen(PartyQuery("1", "Zorblax Pharmaceutical LP", "Company"))
    assert other.decision == "clear", other.hits
    same = screener.screen(PartyQuery("1", "Zorblax Pharmaceutical LLC", "Company"))
    assert same.decision == "hit"
    # an entry whose names carry no legal form cannot conflict
    assert screener.screen(PartyQuery("1", "Quimby Pharmaceutical LP", "Company")).decision == "hit"


@pytest.mark.parametrize(
    ("acronym", "name"),
    [
        ("ZJSCV", "ZORBLAX JEVIZ S.A. DE C.V."),  # letters of dotted legal forms, "de" left out
        ("ZCEPL", "ZORBLAX COLOMBIANO DE ESTUDIOS PROFESIONALES LTDA."),
        ("ZFIEEU", "ZORBLAX FISH IMPORT EXPORT E.U."),
    ],
)
def test_acronyms_spell_dotted_abbreviations_letter_by_letter(acronym: str, name: str) -> None:
    assert M.match_names(acronym, name, "Company").score >= M.threshold
    entries = [ListEntry("A:1", "SDN", "SDN", "Company", name),
               ListEntry("B:1", "SDN", "SDN", "Company", "QUIMBY LTDA.")]
    screener = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": 2})])
    assert [c.entry_id for c in screener.candidates(acronym)] == ["A:1"]


def test_an_acronym_of_other_words_stays_below_review() -> None:
    assert M.match_names("ZJSCV", "ZORBLAX JEVIZ S.A.", "Company").score < M.review_threshold


def test_an_office_qualifier_is_not_a_legal_form() -> None:
    # "in" is a preposition here, not Inc.: no conflict with the listed company's Ltd
    entries = [ListEntry("A:1", "SDN", "SDN", "Company", "ZORBLAX DRINKS COMPANY LIMITED", aliases=["ZORBLAX VODKA"])]
    screener = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": 1})])
    query = PartyQuery("1", "Zorblax Vodka Representative Office in London", "Company")
    assert screener.screen(query).decision == "hit"


def test_candidates_name_each_entry_once() -> None:
    entries = [ListEntry("SDN:1", "SDN", "SDN", "Company", "ZORBLAX TRADING"),  # the CSL's copy and OFAC's
               ListEntry("SDN:1", "OFAC SDN", "SDN", "Company", "ZORBLAX TRADING", aliases=["ZORBLAX TRADERS"])]
    screener = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": 2})])
    assert [c.entry_id for c in screener.candidates("Zorblax Trading")] == ["SDN:1"]
