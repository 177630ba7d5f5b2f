"""Rules of stackclear-v1 added before its release: romanisation variants, organisation near-misses,
series markers, misspelt legal forms, and the fast alignment (same result as the plain greedy one)."""

from __future__ import annotations

import random

import pytest

from stackclear.names import ORG, PERSON
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v1_align import _align
from stackclear.screening.matchers.v1_romanize import skeleton, wade_giles_compacts, wade_giles_syllable
from stackclear.screening.matchers.v1_tokens import token_similarity

MATCHER = get_matcher("stackclear-v1")


def _score(a: str, b: str, schema: str) -> float:
    return MATCHER.match_names(a, b, schema).score


def test_wade_giles_syllables_follow_the_standard_chart() -> None:
    assert "xi" in wade_giles_syllable("hsi")
    assert {"zhou", "jou"} & set(wade_giles_syllable("chou"))
    assert "dong" in wade_giles_syllable("tung")
    assert "zi" in wade_giles_syllable("tzu")
    assert wade_giles_syllable("smith") == ()
    assert "dengxiaoping" in wade_giles_compacts(("teng", "hsiao", "ping"))
    assert wade_giles_compacts(("john", "smith")) == frozenset()


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [("Teng Hsiao-ping", "Deng Xiaoping"), ("Chou En-lai", "Zhou Enlai"), ("Chiang Ching-kuo", "Jiang Jingguo")],
)
def test_wade_giles_matches_pinyin(wade_giles: str, pinyin: str) -> None:
    result = MATCHER.match_names(wade_giles, pinyin, "Person")
    assert result.score >= MATCHER.threshold
    assert result.explanation["form"] == "wade-giles"
    assert _score(pinyin, wade_giles, "Person") >= MATCHER.threshold


def test_wade_giles_also_for_parties_of_unknown_kind() -> None:
    # a LegalEntity or a query without schema may be a person
    assert _score("Teng Hsiao-ping", "Deng Xiaoping", "LegalEntity") >= MATCHER.threshold
    assert MATCHER.match_names("Chou En-lai", "Zhou Enlai", None).explanation["form"] == "wade-giles"


def test_wade_giles_does_not_join_other_names() -> None:
    assert _score("Teng Hsiao-ping", "Deng Xiaoming", "Person") < MATCHER.review_threshold


def test_arabic_script_against_latin_by_consonant_skeleton() -> None:
    assert skeleton("haddad") == skeleton("hdad") == "hd"
    assert skeleton("perez") == skeleton("byryz")
    result = MATCHER.match_names("كريم حداد", "Karim Haddad", "Person")
    assert result.score >= MATCHER.threshold
    assert result.explanation["form"] == "skeleton"
    assert _score("كريم حداد", "Karim Yousef", "Person") < MATCHER.review_threshold


def test_organisation_near_misses_are_partial_evidence() -> None:
    assert 0.6 < token_similarity("konzern", "concern", ORG) < 1.0
    assert token_similarity("equipment", "engineering", ORG) == 0.0
    assert _score("Kalashnikov Konzern", "Kalashnikov Concern", "Company") >= MATCHER.threshold


def test_series_marker_on_one_side_is_another_vehicle() -> None:
    assert _score("Atlas Opportunity Fund II", "Atlas Opportunity Fund", "Company") < MATCHER.threshold
    # a vintage swap keeps its own (number-swap) rule
    assert _score("Atlas Opportunity Fund X", "Atlas Opportunity Fund XI", "Company") >= MATCHER.review_threshold


def test_misspelt_legal_form_counts_as_that_legal_form() -> None:
    result = MATCHER.match_names("Orion Avionics Joint Stock Company", "Orion Avionics Joimt Stock Co", "Company")
    assert result.score >= MATCHER.threshold
    assert result.explanation["form"] == "legal-form-typo"
    assert _score("Orion Avionics GmbH", "Orion Avionics Gmbx", "Company") >= MATCHER.threshold
    # a distinctive word is not a legal form, however short
    assert _score("Orion Avionics GmbH", "Orion Avionics Energy", "Company") < MATCHER.threshold


def _greedy(qs: tuple[str, ...], cs: tuple[str, ...], kind: str) -> list[tuple[int, int, float]]:
    scored = sorted(
        (-s, i, j) for i, q in enumerate(qs) for j, c in enumerate(cs) if (s := token_similarity(q, c, kind)) > 0
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    out = []
    for neg, i, j in scored:
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            out.append((i, j, -neg))
    return out


def test_fast_alignment_equals_plain_greedy() -> None:
    rng = random.Random(7)
    words = ["al", "ali", "alii", "hassan", "hasan", "bin", "ibn", "v", "vi", "kim", "jong", "joung", "co", "cox"]
    for _ in range(2000):
        qs = tuple(rng.choice(words) for _ in range(rng.randint(1, 5)))
        cs = tuple(rng.choice(words) for _ in range(rng.randint(1, 5)))
        for kind in (PERSON, ORG):
            assert sorted(_align(qs, cs, kind, False)) == sorted(_greedy(qs, cs, kind))
