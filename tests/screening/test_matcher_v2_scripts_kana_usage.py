"""Katakana as Japanese writes foreign names (Cabinet Notice 外来語の表記, 1991) against Latin list forms: シ for si,
フ for hu, ウィ/ウェ/ウォ for wi/we/wo, ドゥ for du, ン before a doubled m (stackclear-v2, v2_scripts.kana_usage).
Invented names; each rule beside a name it must not take."""

from __future__ import annotations

import pytest

from stackclear.names.analyze import PERSON, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_scripts import kana_key, kana_usage

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
