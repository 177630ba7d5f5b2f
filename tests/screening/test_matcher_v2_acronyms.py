"""stackclear-v2's acronym index (session 8, issue 9): built with the index, stored with it in the disk cache, so that
an index loaded from the cache answers a one-word organisation query spelling an acronym without analysing its listed
names again. Invented company names, never the evaluation corpus."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from v2_helpers import screener_of as _screener

from stackclear.screening import index_cache
from stackclear.screening.index_cache import IndexCacheError, load_screener, save_screener
from stackclear.screening.index_v2 import IndexV2
from stackclear.screening.matchers import v2_acronyms
from stackclear.screening.matchers.v2 import MatcherV2
from stackclear.screening.matchers.v2_acronyms import AcronymIndex
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener


def _acronym_entries() -> list[ListEntry]:
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization",
                         "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU QUORVA MELDRAN")]
    # other organisations of one distinctive word and dotted letters, none spelling OOQM
    entries += [ListEntry(f"O:{n}", "SDN", "SDN", "Organization", f"C.I. {word} S.A.S.")
                for n, word in enumerate(["QUORVANT", "MELDRAX", "PALTERO", "VORNIK"])]
    entries += [ListEntry("P:1", "SDN", "SDN", "Individual", "QUORVA, Meldran Olegovich")]
    return entries


def _acronyms(screener: Screener) -> AcronymIndex:
    index = screener.index
    assert isinstance(index, IndexV2)
    found: AcronymIndex = index.acronyms
    return found


def _ids(screener: Screener, found: list[int]) -> list[str]:
    assert screener.index is not None
    return [screener.index.entries[screener.index.names[n].entry].entry_id for n in found]


def test_an_acronym_using_part_of_the_legal_form_is_a_candidate() -> None:
    # OOQM spells the name with two of the four words of its legal form (Obshchestvo, Ogranichennoi): not one of
    # the usual acronyms the index posts (a legal form is spelled whole or left out), found through the acronym index
    screener = _screener(_acronym_entries())
    query = PartyQuery("1", "OOQM", "Organization")
    assert "E:1" in {c.entry_id for c in screener.candidates(query)}
    result = screener.screen(query)
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "E:1"


def test_without_the_acronym_index_that_acronym_is_not_a_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MatcherV2, "acronym_candidates", None)
    screener = _screener(_acronym_entries())
    assert "E:1" not in {c.entry_id for c in screener.candidates(PartyQuery("1", "OOQM", "Organization"))}


def test_the_acronym_index_holds_organisations_only_and_ranks_exact_acronyms_first() -> None:
    entries = [ListEntry("L:1", "SDN", "SDN", "Organization", "QUARVEL ZOMBARA MORVEX TECHNOLOGY CO., LTD."),
               ListEntry("X:1", "SDN", "SDN", "Organization", "QUARVEL ZOMBARA MILLS"),
               ListEntry("P:1", "SDN", "SDN", "Individual", "QUARVEL, Zombara Morvex")]
    screener = _screener(entries)
    acronyms = _acronyms(screener)
    assert _ids(screener, acronyms.find("qzm")) == ["X:1", "L:1"]  # the person is never an acronym's candidate
    assert acronyms.find("qxz") == []  # letters out of order spell nothing


@pytest.mark.parametrize(("name", "schema"), [("OOQM", "Person"), ("Quorva Meldran", "Organization"),
                                              ("OOO Quorva Meldran", None)])
def test_only_one_word_organisation_queries_look_up_acronyms(name: str, schema: str | None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> object:
        raise AssertionError("acronym index looked up")

    screener = _screener(_acronym_entries())
    monkeypatch.setattr(v2_acronyms.AcronymIndex, "find", refuse)
    screener.screen(PartyQuery("1", name, schema))


def test_the_acronym_index_is_built_with_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    original = v2_acronyms.build_cores

    def counting(names: object) -> object:
        built.append(names)
        return original(names)  # type: ignore[arg-type]

    monkeypatch.setattr(v2_acronyms, "build_cores", counting)
    screener = _screener(_acronym_entries())
    assert len(built) == 1 and _acronyms(screener).decoded  # built before any query
    screener.screen(PartyQuery("1", "OOQM", "Organization"))
    assert len(built) == 1


def test_a_loaded_index_answers_an_acronym_query_from_its_stored_acronyms(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    screener = _screener(_acronym_entries())
    path = save_screener(screener, tmp_path / "index.bin")
    loaded = load_screener(path, mapped=True)
    acronyms = _acronyms(loaded)
    assert not acronyms.decoded  # nothing read up front

    def refuse(*args: object) -> object:
        raise AssertionError("the acronym index was rebuilt from the loaded names")

    monkeypatch.setattr(v2_acronyms, "build_cores", refuse)
    monkeypatch.setattr(v2_acronyms, "_words_of", refuse)
    result = loaded.screen(PartyQuery("1", "OOQM", "Organization"))
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "E:1"
    assert acronyms.decoded
    # the stored cores are the built ones: the same names for every query
    for token in ("ooqm", "qm", "cqs", "cips", "ciqs", "mldx", "qqq"):
        assert acronyms.find(token) == _acronyms(screener).find(token), token


def test_a_cache_file_of_the_previous_format_is_refused_not_misread(tmp_path: Path) -> None:
    path = save_screener(_screener(_acronym_entries()), tmp_path / "index.bin")
    raw = path.read_bytes()
    path.write_bytes(raw.replace(f'"format": {index_cache.FORMAT}'.encode(), b'"format": 2', 1))
    with pytest.raises(IndexCacheError, match="another format"):
        load_screener(path)


def test_a_stored_acronym_index_of_another_version_is_refused() -> None:
    assert AcronymIndex.from_bytes(AcronymIndex.build([]).to_bytes(), []).find("abc") == []
    other = marshal.dumps((v2_acronyms.VERSION + 1, {}))
    with pytest.raises(ValueError, match="another version"):
        AcronymIndex.from_bytes(other, []).find("abc")
    assert AcronymIndex.from_bytes(b"", []).find("abc") == []  # an index without organisations


def _score(a: str, b: str) -> float:
    return MatcherV2().match_names(a, b, "Organization").score


def test_a_spelled_out_legal_form_of_a_listed_name_is_in_the_acronym_index() -> None:
    # "QUORVEX MELDANO, OOO" a.k.a. "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU QUORVEX MELDANO": the alias's key
    # (the words without the legal form) is the name's, so only its variants (acronyms) are indexed, with it as base
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", "QUORVEX MELDANO, OOO",
                         aliases=["OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU QUORVEX MELDANO"])]
    entries += [ListEntry(f"O:{n}", "SDN", "SDN", "Organization", f"OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU {w}")
                for n, w in enumerate(["PALTERO", "VORNIK"])]
    screener = _screener(entries)
    query = PartyQuery("1", "OOQM", "Organization")  # two of the legal form's four words: no usual acronym
    assert "E:1" in {c.entry_id for c in screener.candidates(query)}
    assert screener.screen(query).hits[0].entry_id == "E:1"


def test_an_acronym_leaving_out_several_words_inside_the_name_is_a_review() -> None:
    long = "Quarvel Zombara Hilvex Tech Investment Co., Ltd."
    assert 0.72 <= _score("QZHL", long) < 0.82  # tech, investment, co. left out between the words it spells
    assert _score("QZHTIC", long) >= 0.82  # every word
    assert _score("QZH", long) < 0.82  # three letters: a review as before
    # one word left out inside, or a trailing block of generic words and legal form: still a hit
    assert _score("QZHC", "Quarvel Zombara Hilvex Group Corporation") >= 0.82
    assert _score("QZHM", "Quarvel Zombara Hilvex Mills Trading Company Limited") >= 0.82


def test_an_exact_acronym_ranks_before_one_leaving_out_several_inner_words() -> None:
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", "CORVANTIX H.H. LTDA."),
               ListEntry("X:1", "SDN", "SDN", "Organization", "Changdo Hulvei High-Tech Investment Co., Ltd.")]
    result = _screener(entries).screen(PartyQuery("1", "CHHL", "Organization"))
    assert result.hits[0].entry_id == "E:1"


@pytest.mark.parametrize(("query", "listed"), [("TQP", "ITQP"), ("HZM", "HAZM"), ("QZL", "QZEL"), ("QZLM", "QZELM")])
def test_a_short_code_a_letter_away_from_a_listed_one_word_name_is_a_review_at_most(query: str, listed: str) -> None:
    assert _score(query, listed) <= 0.75
    assert _score(listed, listed) >= 0.82  # the code itself


def test_a_longer_one_word_name_a_letter_away_is_not_capped() -> None:
    assert _score("QUORVAXX", "QUORVAX") > 0.75


def test_an_acronym_may_leave_out_a_parenthesised_part() -> None:
    # "(Zhelvin)" qualifies the name ("... Technology (Beijing) Co., Ltd."): its usual acronym leaves it out
    long = "Quarvel Zombara Technology (Zhelvin) Co., Ltd."
    assert _score("QZTC", long) >= 0.82
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", long)]
    entries += [ListEntry(f"O:{n}", "SDN", "SDN", "Organization", f"{w} Technology Co., Ltd.")
                for n, w in enumerate(["Paltero", "Vornik"])]
    screener = _screener(entries)
    assert _ids(screener, _acronyms(screener).find("qztc")) == ["E:1"]
    assert screener.screen(PartyQuery("1", "QZTC", "Organization")).hits[0].entry_id == "E:1"
