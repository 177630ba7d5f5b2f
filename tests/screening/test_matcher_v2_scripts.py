"""Names in Han, Hangul and kana against Latin list forms (stackclear-v2's ``name_script`` view, v2_scripts)."""

from __future__ import annotations

import pytest

from stackclear.names.analyze import ORG, PERSON, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_scripts import (
    hangul_to_latin,
    kana_key,
    korean_key,
    read_name,
    script_kind,
    script_lookup_forms,
)

V2 = get_matcher("stackclear-v2")


def score(a: str, b: str, schema: str) -> float:
    return V2.match_names(a, b, schema).score


def test_script_kind() -> None:
    assert script_kind("北京") == "han"
    assert script_kind("김정은") == "hangul"
    assert script_kind("セルゲイ") == "kana"
    assert script_kind("Beijing") is None


def test_hangul_dprk_romanisation_voices_lenis_inside_a_word() -> None:
    assert hangul_to_latin("김정은") == ["kim", "jong", "un"]
    assert hangul_to_latin("영길") == ["yong", "gil"]
    assert hangul_to_latin("포태") == ["pho", "thae"]  # aspirates written with h (DPRK)
    assert hangul_to_latin("최") == ["choe"]


def test_korean_key_accepts_both_koreas_spellings() -> None:
    assert korean_key("jeong") == korean_key("chong") == korean_key("jong")
    assert korean_key("Kyong-Il") == korean_key("gyeongil")
    assert korean_key("Pho") == korean_key("po")
    assert korean_key("kim") != korean_key("kum")


def test_kana_key_merges_what_kana_cannot_tell() -> None:
    assert kana_key("rara") == kana_key("lala")
    assert kana_key("bōbu") == kana_key("vobu")
    assert kana_key("tomu") != kana_key("tamu")


def test_han_reading_translates_generic_words_and_keeps_syllables() -> None:
    reading = read_name("北京延经电子有限公司", ORG)
    assert reading is not None
    words = [u.readings[0] for u in reading.units if u.word]
    assert words == ["electronics", "co ltd"]
    syllables = [u.readings[0] for u in reading.units if not u.word]
    assert syllables == ["bei", "jing", "yan", "jing"]


def test_han_heteronyms_are_all_readings() -> None:
    reading = read_name("长", PERSON)
    assert reading is not None
    assert {"chang", "zhang"} <= set(reading.units[0].readings)


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("北京延经电子有限公司", "Beijing Yanjing Electronics Co., Ltd.", "Organization"),
        ("深圳市华为技术有限公司", "Shenzhen Huawei Technology Co., Ltd.", "Organization"),
        ("张伟", "ZHANG, Wei", "Person"),
        ("张伟", "Zhang Wei", "Person"),
        ("김정은", "KIM, Jong Un", "Person"),
        ("김정은", "Kim Jeong-eun", "Person"),
        ("리영길", "RI, Yong Gil", "Person"),
        ("조선혁신무역회사", "KOREA HYOKSIN TRADING CORPORATION", "Organization"),
        ("전진2호", "JON JIN 2", "Vessel"),
        ("セルゲイ・ボリソビチ・イバノブ", "IVANOV, Sergei Borisovich", "Person"),
    ],
)
def test_script_names_match_their_latin_forms(query: str, listed: str, schema: str) -> None:
    assert score(query, listed, schema) >= V2.threshold
    assert score(listed, query, schema) >= V2.threshold  # either side may be the one in another script


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("김정은", "KIM, Jong Il", "Person"),  # another given name
        ("김정은", "PAK, Jong Un", "Person"),  # another surname
        ("张伟", "ZHANG, Wen", "Person"),
        ("北京延经电子有限公司", "Beijing Yanjing Trading Co., Ltd.", "Organization"),
        ("セルゲイ・イバノブ", "PETROV, Sergei", "Person"),
    ],
)
def test_other_names_stay_below_review(query: str, listed: str, schema: str) -> None:
    assert score(query, listed, schema) < V2.review_threshold


def test_explanation_names_the_script_feature() -> None:
    result = V2.match_names("김정은", "KIM, Jong Un", "Person")
    assert result.explanation["view"] == "name_script"
    feature = result.explanation["features"]["name_script"]  # type: ignore[index]
    assert feature["weight"] == 0.95 and feature["contribution"] == pytest.approx(0.95)


def test_lookup_forms_are_latin_words_the_lists_use() -> None:
    forms = script_lookup_forms(analyze("北京幻嫁通信有限公司", ORG))
    tokens = {t for f in forms for t in f.tokens}
    assert {"beijing", "huanjia"} <= tokens
    assert all(f.script == "LATIN" for f in forms)
    korean = {t for f in script_lookup_forms(analyze("김광일", PERSON)) for t in f.tokens}
    assert {"kim", "kwang", "gwang", "il"} <= korean  # the lenis initial read both ways
    kana = {t for f in script_lookup_forms(analyze("アミル アザム", PERSON)) for t in f.tokens}
    assert {"amir", "azam"} <= kana
    assert script_lookup_forms(analyze("Beijing Huanjia", ORG)) == []


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("ООО «Кандид Генерал Торговый»", "CANDID GENERAL TRADING LLC", "Organization"),  # Торговый = trading
        ("АО Курганский Машиностроительный Завод", "JSC Kurganskiy Machine Building Plant", "Organization"),
        ("Джавиер Арнулфо Хоокер Тайлор", "HOOKER TAYLOR, Javier Arnulfo", "Person"),  # дж = j, х = h
        ("Ал-Рави, Фавзи Мутлак", "AL-RAWI, Fawzi Mutlaq", "Person"),  # в = w
        ("بشر الأسد", "ASSAD, Bashar", "Person"),
        ("عبد الهادي", "HADI, Abdul", "Person"),  # عبد ال = Abdul
        ("محمد يوسف عبد الله", "ABDALLAH, Muhammad Yusuf", "Person"),
    ],
)
def test_cyrillic_and_arabic_names_match_their_latin_forms(query: str, listed: str, schema: str) -> None:
    assert score(query, listed, schema) >= V2.threshold


def test_cyrillic_other_legal_form_or_other_words_do_not_hit() -> None:
    assert score("ООО «Кандид Генерал Торговый»", "CANDID GENERAL TRADING GMBH", "Organization") < V2.review_threshold
    assert score("ООО «Кандид Генерал Торговый»", "CANDID GENERAL SHIPPING LLC", "Organization") < V2.threshold


def test_arabic_reading_of_long_vowels_and_article() -> None:
    from stackclear.screening.matchers.v2_scripts import arabic_to_latin

    assert arabic_to_latin("يوسف") == "yusf"  # و between consonants is u; short vowels are not written
    assert arabic_to_latin("وليد") == "wlid"  # و at the start is w
    assert arabic_to_latin("هادي") == "hadi"
    forms = script_lookup_forms(analyze("بشر الأسد", PERSON))
    assert forms and forms[0].tokens == ("bshr", "al", "asd")


def test_arabic_consonants_cannot_tell_vowels_so_the_score_is_lower() -> None:
    latin = score("Bashar Assad", "ASSAD, Bashar", "Person")
    arabic = score("بشر الأسد", "ASSAD, Bashar", "Person")
    assert arabic < latin
    assert score("بشر الأسد", "ASSAD, Maher", "Person") < V2.review_threshold


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("威廷 陳", "CHEN, Ting"),  # a syllable of the query left over: another person
        ("상철 김", "KIM, Song Chol"),  # sang is not song: syllables compare strictly
        ("김정은", "KIM, Jong"),
    ],
)
def test_syllables_are_compared_strictly(query: str, listed: str) -> None:
    assert score(query, listed, "Person") < V2.review_threshold
