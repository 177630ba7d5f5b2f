"""The normalisation pipeline: each step of stackclear.names, and the forms analyze() keeps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackclear.names import ORG, PERSON, analyze, clean_text, kind_of


def test_nfkc_casefold_and_invisible_characters() -> None:
    assert clean_text("ＨＵＡＷＥＩ") == "huawei"
    assert clean_text("Hu\u200bawei\u202e Tech\u00adnologies") == "huawei technologies"
    assert clean_text("Straße") == "strasse"


def test_homoglyphs_fold_only_in_mixed_script_tokens() -> None:
    assert clean_text("Huаwei") == "huawei"  # Cyrillic а
    assert clean_text("Ηuawei") == "huawei"  # Greek Eta
    assert clean_text("Газпром") == "газпром"  # wholly Cyrillic: left for transliteration


@pytest.mark.parametrize(
    ("name", "kind", "tokens"),
    [
        ("Сергей Викторович Лавров", PERSON, ("sergei", "viktorovich", "lavrov")),
        ("Αλέξης Τσίπρας", PERSON, ("alexis", "tsipras")),
        ("习近平", PERSON, ("xi", "jinping")),
        ("Putin, Vladimir", PERSON, ("putin", "vladimir")),
        ("O'Brien", PERSON, ("obrien",)),
    ],
)
def test_transliteration_and_tokens(name: str, kind: str, tokens: tuple[str, ...]) -> None:
    assert analyze(name, kind).tokens == tokens


def test_original_script_is_kept_beside_latin() -> None:
    form = analyze("习近平", PERSON)
    assert form.script == "HAN"
    assert form.script_tokens == ("习", "近", "平")
    assert analyze("Vladimir Putin", PERSON).script_tokens == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Huawei Technologies Co., Ltd.", "Huawei Technologies Company Limited"),
        ("OAO Gazprom", "Gazprom"),
        ("ООО Газпром", "Gazprom LLC"),
        ("Siemens Aktiengesellschaft", "Siemens AG"),
        ("Microsoft Corporation", "Microsoft Corp."),
        ("J.P. Morgan", "JP Morgan"),
        ("Daimler-Benz AG", "Daimler Benz AG"),
    ],
)
def test_legal_forms_and_punctuation_give_equal_tokens(a: str, b: str) -> None:
    assert analyze(a, ORG).tokens == analyze(b, ORG).tokens


def test_legal_form_classes_are_kept_as_weak_evidence() -> None:
    assert analyze("Huawei Technologies Co., Ltd.", ORG).legal == analyze("华为技术有限公司", ORG).legal == {"llc"}
    assert analyze("ООО Ромашка", ORG).legal == analyze("Romashka LLC", ORG).legal
    assert "ii" in analyze("Bowne Global Solutions II, Inc.", ORG).tokens  # a series marker, not a legal form


def test_compact_and_key_are_order_and_spacing_free() -> None:
    assert analyze("Rami Makhlouf", PERSON).compact == analyze("Ramimakhlouf", PERSON).compact
    assert analyze("Putin, Vladimir", PERSON).key == analyze("Vladimir Putin", PERSON).key


def test_kind_of_schema() -> None:
    assert kind_of("Person") == PERSON
    assert kind_of("Company") == kind_of("LegalEntity") == kind_of(None) == ORG


@settings(deadline=None)  # the first Han character loads pypinyin's dictionary
@given(st.text(max_size=60))
def test_analysis_is_idempotent_on_its_latin_form(text: str) -> None:
    form = analyze(text, ORG)
    assert all(t.isascii() for t in form.tokens)
    again = analyze(" ".join(form.tokens), ORG)
    assert again.compact == form.compact or not form.tokens or again.legal  # legal words may re-form
def test_vessel_type_prefixes_are_not_part_of_the_name() -> None:
    from stackclear.names import OTHER, analyze

    plain = analyze("Sea Star", OTHER)
    for prefixed in ("M/V Sea Star", "MV SEA STAR", "m.v. sea star", "MT Sea Star"):
        assert analyze(prefixed, OTHER).tokens == plain.tokens
    assert analyze("MV", OTHER).tokens == ("mv",)  # nothing but a prefix stays a name
    assert analyze("MT Hojgaard", "org").tokens == ("mt", "hojgaard")  # organisations keep such words


_DIACRITIC_WORDS = ["josé", "müller", "nguyễn", "çelik", "ångström", "đorđević", "łódź", "ærø", "straße",
                    "søren", "dvořák", "şahin", "ğökçe", "ñúñez", "ōsaka", "žižek", "ľubomír", "ảnh", "ﬁnn"]


def test_latin_diacritics_fast_path_agrees_with_rigour() -> None:
    """token_to_latin drops combining marks itself for plain diacritics; the result must be rigour's."""
    import normality
    from rigour.text.translit import maybe_ascii

    from stackclear.names.translit import _ascii_only, token_to_latin

    for word in _DIACRITIC_WORDS:
        out = maybe_ascii(word)
        if not out.isascii():
            out = normality.ascii_text(out)
        expected = tuple(_ascii_only(out).lower().split())
        assert token_to_latin(word) == expected, word
