"""stackclear-v2, Latin names in another romanisation (issue 9, session 7): Wade-Giles and pinyin, Revised and
McCune-Reischauer Korean, Persian/Maghrebi forms of Arabic names, vessels named after people. Constructed names
(invented given names and surnames), never the evaluation corpus; a precision case beside each rule."""

from __future__ import annotations

import pytest
from v2_helpers import screener_of as _screener

from stackclear.names.analyze import ORG, PERSON, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_translit import (
    chinese_syllables,
    romanised_lookup_forms,
    wade_giles_pinyin,
    wade_giles_same,
)
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery

V2 = get_matcher("stackclear-v2")


def _forms(name: str, kind: str = PERSON) -> set[tuple[str, ...]]:
    return {f.tokens for f in romanised_lookup_forms(analyze(name, kind))}


def test_wade_giles_table_reads_the_usual_syllables() -> None:
    assert wade_giles_pinyin("hsu") == ("xu",)
    assert "zhou" in wade_giles_pinyin("chou")
    assert set(wade_giles_pinyin("chien")) == {"jian", "qian"}
    assert wade_giles_pinyin("ma") == ()  # written alike in both systems
    assert wade_giles_same("tsai", "cai") and wade_giles_same("cai", "tsai")
    assert not wade_giles_same("chou", "zhao")


def test_chinese_syllables_reads_given_names_run_together() -> None:
    assert chinese_syllables("yishan") and chinese_syllables("hsiao") and chinese_syllables("zhou")
    assert not chinese_syllables("william") and not chinese_syllables("smith")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("HSU, Bolian", ("xu", "bolian")),  # Hsu is Wade-Giles only
        ("CHOU, Tanshan", ("zhou", "tanshan")),  # Chou is pinyin too: every part Chinese, so read as Wade-Giles
        ("XU, Bolian", ("hsu", "bolian")),  # pinyin written the Wade-Giles way, for a list that does
    ],
)
def test_chinese_names_are_looked_up_in_the_other_system(name: str, expected: tuple[str, ...]) -> None:
    assert expected in _forms(name)


@pytest.mark.parametrize(
    "name",
    ["Chou Bradley", "John Smith", "Tan Murphy", "Ho Van Dorn", "Chong Yong Su", "Jan Olsson", "Cho Yon Chun",
     "Irene Lie", "Pamela Long", "Hussein Omar Haddad", "Kan"],
)
def test_other_names_get_no_romanised_lookup(name: str) -> None:
    # Chou and Tan are pinyin syllables as well (and English surnames): only a name of Chinese syllables reads them
    # as Wade-Giles; Korean syllables (Cho, Chong) are not read as Chinese, nor Jan (Wade-Giles for ran) as Wade-Giles;
    # Hussein and Omar differ from their other spellings in vowels only
    assert _forms(name) == set()


def test_revised_korean_is_looked_up_in_the_dprk_spelling() -> None:
    forms = _forms("PAK, Gyeong-Cheol")
    assert ("pak", "gyong", "chol") in forms and ("pak", "kyong", "chol") in forms
    assert _forms("PAK, Kyong Chol") == set()  # already the lists' spelling


def test_a_persian_form_is_looked_up_under_its_other_spellings() -> None:
    assert ("gharavi", "reza") in _forms("GHARAVI, Ridha")
    assert ("gharavi", "ebrahim") in _forms("GHARAVI, Brahim")  # another first letter
    assert _forms("GHARAVI, Muhammad") == set()  # the Arabic name itself: no Persian or Turkish forms looked up


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("HSU, Bolian", "XU, Bolian", "Person"),
        ("CHOU, Tanshan", "ZHOU, Tanshan", "Person"),
        ("Zhou Chien Trading", "Zhou Qian Trading", "Company"),
        ("YURI KOLTANOV", "YURY KOLTANOV", "Vessel"),
        ("ALEXEI BARZUNOV", "ALEKSEY BARZUNOV", "Vessel"),
        ("PO NAM KANG 3", "PO NAM GANG 3", "Vessel"),
    ],
)
def test_romanisations_score_as_the_listed_name(query: str, listed: str, schema: str) -> None:
    assert V2.match_names(query, listed, schema).score >= V2.threshold


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("CHOU, Tanshan", "ZHAO, Tanshan", "Person"),  # Chou is Zhou, not Zhao
        ("YURI KOLTANOV 3", "YURY KOLTANOV 4", "Vessel"),  # a sibling vessel stays apart
        ("POLAR STAR", "POLAR STORM", "Vessel"),  # no romanisation makes Star Storm
        ("PO NAM KANG", "PO NAM HANG", "Vessel"),  # another syllable
    ],
)
def test_other_names_are_not_romanisations(query: str, listed: str, schema: str) -> None:
    assert V2.match_names(query, listed, schema).score < V2.review_threshold


def test_a_wade_giles_query_finds_its_pinyin_listed_person() -> None:
    entries = [ListEntry("P:1", "SDN", "SDN", "Person", "XU, Bolian"),
               ListEntry("P:2", "SDN", "SDN", "Person", "HU, Bolian")]
    query = PartyQuery("1", "Hsu Bolian", "Person")
    screener = _screener(entries)
    assert "P:1" in {c.entry_id for c in screener.candidates(query)}
    result = screener.screen(query)
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "P:1"


def test_a_ridha_query_finds_the_listed_reza() -> None:
    entries = [ListEntry("P:1", "SDN", "SDN", "Person", "GHARAVI, Reza"),
               ListEntry("P:2", "SDN", "SDN", "Person", "GHARAVI, Karim")]
    result = _screener(entries).screen(PartyQuery("1", "Ridha Gharavi", "Person"))
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "P:1"


def test_an_organisation_query_is_read_the_same_way() -> None:
    assert ("zhou", "qian", "trading") in _forms("Zhou Chien Trading", ORG)


def test_a_katakana_break_before_a_short_vowel_word_is_looked_up_glued() -> None:
    # the ʿayn of an Arabic name the Latin form writes as an apostrophe, written as a word break (Saʿid: サ・イデ)
    from stackclear.screening.matchers.v2 import _kana_glued

    glued = _kana_glued(analyze("マジデ・サ・イデ", PERSON), [])
    assert [f.tokens for f in glued] == [("mjd", "sd")]
    assert _kana_glued(analyze("マジデ・サイデ", PERSON), []) == []  # no break before a short vowel word
    assert _kana_glued(analyze("ナセル・マジデ", PERSON), []) == []


def test_hangul_is_read_in_the_revised_romanisation_too() -> None:
    from stackclear.screening.matchers.v2_scripts import hangul_to_latin, hangul_to_revised

    assert hangul_to_revised("흥진") == ["heung", "jin"] and hangul_to_latin("흥진") == ["hung", "jin"]
    assert hangul_to_revised("백") == ["baek"] and hangul_to_latin("백") == ["paek"]
    assert hangul_to_revised("정") == ["jeong"] and hangul_to_revised("서") == ["seo"]


def test_a_hangul_query_is_looked_up_under_its_revised_spellings() -> None:
    from stackclear.screening.matchers.v2_scripts import script_lookup_forms

    # 흥진 is Hungjin in the DPRK romanisation the lists mostly use, Heungjin in the South's
    org = {t for f in script_lookup_forms(analyze("조선흥탈무역회사", ORG)) for t in f.tokens}
    assert "heungtal" in org and "korea" in org
    person = {t for f in script_lookup_forms(analyze("백성일", PERSON)) for t in f.tokens}
    assert {"baek", "seong"} <= person
    assert "il" in person  # written alike in both: looked up once


def test_a_name_compounded_with_allah_is_one_word() -> None:
    from stackclear.screening.matchers.v2_scripts import _arabic_words

    assert _arabic_words("جواد فضل الله") == ["jwad", "fdlallah"]
    assert _arabic_words("عبد الله") == ["abdullah"]  # Abd Allah as before
    entries = [ListEntry("P:1", "SDN", "SDN", "Person", "FADLALLAH, Jawad"),
               ListEntry("P:2", "SDN", "SDN", "Person", "FADL, Jawad")]
    result = _screener(entries).screen(PartyQuery("1", "جواد فضل الله", "Person"))
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "P:1"


def test_a_cyrillic_inner_kh_is_also_looked_up_as_h() -> None:
    from stackclear.screening.matchers.v2_scripts import script_lookup_forms

    forms = {f.tokens for f in script_lookup_forms(analyze("Халилзадех, Мохаммад", PERSON))}
    assert ("khalilzadeh", "mohammad") in forms  # the first kh kept (خ), the inner ones h (ه, ح)
    forms = {f.tokens for f in script_lookup_forms(analyze("Хамза Махмуд", PERSON))}
    assert ("khamza", "mahmud") in forms
