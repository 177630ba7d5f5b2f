"""stackclear-v2 on organisation names (issue 9, session 5): acronyms that leave out legal forms or keep generic
words, acronyms of an alias that differs from the entry's name only by its legal form, and retrieval variants
ranked after listed names. Invented company names, never the evaluation corpus."""

from __future__ import annotations

import pytest
from v2_helpers import screener_of as _screener

from stackclear.names.analyze import ORG, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2_names import SHORT_ACRONYM, _acronym, acronym_forms, canonical
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery


def _acr(short: str, long: str) -> float:
    return _acronym(analyze(short, ORG), analyze(long, ORG))


def _spelled(name: str) -> set[str]:
    return {form.tokens[0].lstrip("^") for form in acronym_forms(analyze(name, ORG))}


@pytest.mark.parametrize(
    ("acronym", "name"),
    [
        ("QZTC", "QUARVEL ZOMBARA TEXTILE COMPANY LIMITED"),  # generic word kept, legal form left out
        ("QZT", "QUARVEL ZOMBARA TEXTILE COMPANY LIMITED"),
        ("KZF", "JSC KORVALSK ZUMENSKY FACTORY"),  # a leading legal form left out
        ("NMZ", "OOO NORVEK MALTIR ZUNDERING"),
        ("GPH", "GRAVMI PROJECTS HOLVEN GMBH"),  # GmbH is a legal form, not a word of the name
    ],
)
def test_acronyms_leave_out_legal_forms_and_are_indexed(acronym: str, name: str) -> None:
    assert _acr(acronym, name) > 0
    assert acronym.lower() in _spelled(name)


@pytest.mark.parametrize(
    ("acronym", "name"),
    [
        ("QGSS", "QUIMBLE GLOBAL SYSTEMS S.A."),  # one distinctive word, generic words and the legal form's letters
        ("ZSCV", "ZORVAFARMA S.A. DE C.V."),  # a single word and its legal form
        ("ZLLC", "ZANTORIX LIMITED LIABILITY COMPANY"),
    ],
)
def test_an_acronym_of_one_distinctive_word_is_a_review_not_a_hit(acronym: str, name: str) -> None:
    assert _acr(acronym, name) == SHORT_ACRONYM  # fits many names: review at most
    assert acronym.lower() in _spelled(name)


def test_acronyms_that_do_not_spell_the_words_do_not_match() -> None:
    assert _acr("QZX", "QUARVEL ZOMBARA TEXTILE COMPANY LIMITED") == 0.0
    assert _acr("ZQT", "QUARVEL ZOMBARA TEXTILE COMPANY LIMITED") == 0.0  # order matters
    assert _acr("QT", "QUARVEL TEXTILE") == 0.0  # two letters fit too many names
    assert _acr("LSA", "LIMITED S.A.") == 0.0  # no distinctive word at all
    assert _spelled("ZORVAFARMA") == set()  # one word: no acronym


def test_four_letter_acronyms_of_two_distinctive_words_score_as_before() -> None:
    assert _acr("QZTC", "QUARVEL ZOMBARA TEXTILE COMPANY LIMITED") == 1.0
    assert _acr("QZT", "QUARVEL ZOMBARA TEXTILE COMPANY LIMITED") == SHORT_ACRONYM  # three letters: review


def test_the_acronym_of_an_alias_differing_only_by_legal_form_is_retrieved() -> None:
    # "Zelvaro Quintex S.A." and its alias "Zelvaro Quintex Ltda." have one index key; the alias's acronym ZQL
    # is still indexed (with the alias as the name scored)
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", "ZELVARO QUINTEX S.A.",
                         aliases=["ZELVARO QUINTEX LTDA."])]
    entries += [ListEntry(f"O:{n}", "SDN", "SDN", "Organization", f"{word} HOLDING") for n, word in
                enumerate(["Korvin", "Maltrex", "Sundaro"])]
    screener = _screener(entries)
    query = PartyQuery("1", "ZQL", "Organization")
    assert "E:1" in {c.entry_id for c in screener.candidates(query)}
    result = screener.screen(query)
    assert result.decision == "review" and result.hits[0].entry_id == "E:1"


def test_a_listed_acronym_leads_the_acronyms_of_other_names() -> None:
    # ten companies whose acronym is QSS, and one entry listed as "QSS": the listed name is among the 8 candidates
    entries = [ListEntry(f"O:{n}", "SDN", "SDN", "Organization", f"QUIN{word} S.A.S.")
               for n, word in enumerate(["TAR", "VEL", "DOR", "MAX", "ZOR", "PEX", "LOR", "VAN", "TEX", "RIM"])]
    entries.append(ListEntry("Z:1", "SDN", "SDN", "Organization", "QSS"))
    screener = _screener(entries)
    query = PartyQuery("1", "QSS", "Organization")
    assert "Z:1" in {c.entry_id for c in screener.candidates(query)}
    result = screener.screen(query)
    assert result.decision == "hit" and result.hits[0].entry_id == "Z:1"


def test_an_abbreviated_word_of_a_longer_query_does_not_retrieve_acronyms() -> None:
    # "IMP" is the acronym of several listed names and also the abbreviation of "Import": the query of two words
    # must find its own company, not the acronyms (acronym forms are looked up only for a one-word query)
    entries = [ListEntry(f"O:{n}", "SDN", "SDN", "Organization", name) for n, name in
               enumerate(["IVOREX MARVANI PELTRO S.A.", "ISTORIA MILVER PANDOR", "IRVANE MOSK PELTANO LTD",
                          "IMBRO MALTEK PIROVA", "IZMAR MONTERO PALVIS S.A.", "ILDAR MOVEN PRASKO",
                          "IDRAK MULVANE PESO", "IGLOR MANTIS POVERO", "IRTAM MELDRO PAVISK"])]
    entries.append(ListEntry("Z:1", "SDN", "SDN", "Organization", "ZORVELIO IMPORT S.A.C."))
    screener = _screener(entries)
    query = PartyQuery("1", "ZORVELIO IMP. S.A.C.", "Organization")
    assert [c.entry_id for c in screener.candidates(query)][:1] == ["Z:1"]
    assert "O:0" in {c.entry_id for c in screener.candidates(PartyQuery("2", "IMP", "Organization"))}


def test_an_entity_listed_under_the_querys_legal_form_has_no_legal_form_conflict() -> None:
    # "QUORVANT, OOO" and its alias "QUORVANT LTD." are one index name ("quorvant"); a query written with
    # "Limited" must not lose the conflict penalty against the entity that is also listed as a Ltd
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", "QUORVANT, OOO", aliases=["QUORVANT LTD."])]
    result = _screener(entries).screen(PartyQuery("1", "QUORVANT LIMITED", "Organization"))
    assert result.decision == "hit" and result.hits[0].entry_id == "E:1"
    assert result.hits[0].explanation["evidence"]["entity_legal_form"] > 0


def test_another_legal_form_is_still_another_company() -> None:
    # precision: the same words with a legal form the entity is never listed with stay below a hit
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", "QUORVANT AG", aliases=["QUORVANT AKTIENGESELLSCHAFT"])]
    result = _screener(entries).screen(PartyQuery("1", "QUORVANT GMBH", "Organization"))
    assert result.decision != "hit"


@pytest.mark.parametrize(
    "query",
    [
        "ZORVELIO TRADING LLC (Shenzhen)",  # a city in brackets
        "ZORVELIO TRADING LLC St. Petersburg Branch",  # a two-word city before an office word
        "ZORVELIO TRADING LLC - Kuala Lumpur Branch Office",
    ],
)
def test_a_city_qualifier_is_an_office_of_the_listed_company(query: str) -> None:
    assert canonical(analyze(query, ORG)).tokens == canonical(analyze("ZORVELIO TRADING LLC", ORG)).tokens
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", "ZORVELIO TRADING LLC")]
    assert _screener(entries).screen(PartyQuery("1", query, "Organization")).decision == "hit"


def test_a_city_inside_a_name_is_not_cut() -> None:
    # only a trailing qualifier is cut: a city that is part of the name, or without brackets or an office word, stays
    assert "tehran" in canonical(analyze("BANK TEHRAN", ORG)).tokens
    assert "shenzhen" in canonical(analyze("SHENZHEN ZORVEL ELECTRONICS CO LTD", ORG)).tokens
    assert "shenzhen" in canonical(analyze("Shenzhen Branch", ORG)).tokens  # at least one word stays


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ZORVEL DEPOT 25-Thirteen", "ZORVEL DEPOT 25-13"),  # the digits differ as written, not as numbers
        ("ZORVEL Two", "ZORVEL 02"),  # a leading zero
        ("QUINTARA Address One", "QUINTARA Address 01"),
    ],
)
def test_numbers_written_as_words_or_with_leading_zeros_match(query: str, listed: str) -> None:
    assert get_matcher("stackclear-v2").match_names(query, listed, "Organization").score >= 0.82


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ZORVEL DEPOT 25-Fourteen", "ZORVEL DEPOT 25-13"),
        ("OCEAN ZORVEL Three", "OCEAN ZORVEL 4"),
        ("ZORVEL 02", "ZORVEL 20"),  # a zero inside a number is kept
        ("ZORVEL FUND II", "ZORVEL FUND III"),
    ],
)
def test_other_numbers_are_other_entities(query: str, listed: str) -> None:
    assert get_matcher("stackclear-v2").match_names(query, listed, "Organization").score < 0.72


@pytest.mark.parametrize(
    "query",
    ["limited-liability company zorvant", " LIMITED , LIABILITY COMPANY ZORVANT;", "Limited Liability-Company Zorvant"],
)
def test_punctuation_inside_a_legal_form_still_reads_as_the_legal_form(query: str) -> None:
    matcher = get_matcher("stackclear-v2")
    assert matcher.match_names(query, "LIMITED LIABILITY COMPANY ZORVANT", "Organization").score >= 0.82
    # and another legal form stays another company
    assert matcher.match_names(query, "ZORVANT GMBH", "Organization").score < 0.72


def test_the_copies_of_one_entry_share_their_legal_forms() -> None:
    # one SDN entry as OFAC's own file has it (no a.k.a.s) and as the CSL copies it (with its LLC a.k.a.):
    # another legal form is another company whichever copy's bare name is matched
    bare = ListEntry("SDN:9", "SDN", "SDN", "Organization", "VELMORANT")
    copy = ListEntry("SDN:9", "SDN", "SDN", "Organization", "VELMORANT", aliases=["VELMORANT LLC"])
    assert _screener([bare]).screen(PartyQuery("1", "VELMORANT LP", "Organization")).decision == "hit"
    assert _screener([bare, copy]).screen(PartyQuery("1", "VELMORANT LP", "Organization")).decision == "clear"
    result = _screener([bare, copy]).screen(PartyQuery("2", "VELMORANT LLC", "Organization"))
    assert result.decision == "hit" and result.hits[0].entry_ids == ["SDN:9", "SDN:9"]


def test_a_bare_listing_takes_the_legal_forms_of_its_namesakes() -> None:
    # the Entity List names the company without a legal form, OFAC with one: the bare listing is that Ltd
    entries = [ListEntry("EL:1", "EL", "EL", "Organization", "Trovique Electronics"),
               ListEntry("SDN:2", "SDN", "SDN", "Organization", "TROVIQUE ELECTRONICS LTD.")]
    screener = _screener(entries)
    assert screener.screen(PartyQuery("1", "Trovique Electronics LLP", "Organization")).decision == "clear"
    result = screener.screen(PartyQuery("2", "Trovique Electronics Limited", "Organization"))
    assert result.decision == "hit" and {h.entry_id for h in result.hits} == {"EL:1", "SDN:2"}
    # a query without a legal form is not concerned
    assert screener.screen(PartyQuery("3", "Trovique Electronics", "Organization")).decision == "hit"


def test_a_listing_with_its_own_legal_form_takes_none_from_namesakes() -> None:
    # "X AG" and "X GmbH" may be two companies: the AG does not become a GmbH because a GmbH is also listed
    entries = [ListEntry("SDN:1", "SDN", "SDN", "Organization", "KESTRIVA AG"),
               ListEntry("EL:2", "EL", "EL", "Organization", "Kestriva GmbH")]
    result = _screener(entries).screen(PartyQuery("1", "KESTRIVA GMBH", "Organization"))
    assert result.decision == "hit"
    assert [h.entry_id for h in result.hits if h.score >= 0.72] == ["EL:2"]


def test_a_legal_form_word_abbreviating_a_listed_word_is_that_word() -> None:
    # rigour reads "GP" as a general partnership; against "Quonset Group" it stands for Group
    entries = [ListEntry("SDN:1", "SDN", "SDN", "Organization", "QUONSET GROUP",
                         aliases=["JOINT STOCK COMPANY QUONSET GROUP"])]
    result = _screener(entries).screen(PartyQuery("1", "QUONSET GP", "Organization"))
    assert result.decision in ("hit", "review") and result.hits[0].entry_id == "SDN:1"
    # with no listed word it could abbreviate, GP stays a legal form and conflicts
    matcher = get_matcher("stackclear-v2")
    assert matcher.match_names("QUONSET GP", "QUONSET LTD", "Organization").score < 0.72


def test_a_cyrillic_organisation_is_looked_up_with_its_words_translated_and_the_rest_as_read() -> None:
    # "Стеел" reads as steel, "Конструкторское" translates as design: the two together give retrieval the
    # pair and compact keys of "Korvel Steel Design" that neither reading alone has
    from stackclear.screening.matchers.v2_scripts import script_lookup_forms

    forms = [f.tokens for f in script_lookup_forms(analyze("ООО Корвел Стеел Конструкторское", ORG))]
    assert ("korvel", "steel", "design") in forms
    # a Latin x written кс is read back as x ("Лексорбанк" = Lexorbank)
    assert ("lexorbank",) in [f.tokens for f in script_lookup_forms(analyze("АО Лексорбанк", ORG))]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("VORLANE INVTS LTD.", "VORLANE INVESTMENTS LTD."),  # the canonical view has "investment": no s left
        ("Vorlane Prod.", "Vorlane Production"),  # canonical "mfg"
        ("VORLANE PETR. SERVS. S.A.", "VORLANE PETROLEUM SERVICES S.A."),  # canonical "oil"
    ],
)
def test_an_abbreviation_of_a_word_the_canonical_view_shortens_still_matches(query: str, listed: str) -> None:
    assert get_matcher("stackclear-v2").match_names(query, listed, "Organization").score >= 0.82


def test_an_abbreviation_must_spell_the_listed_word() -> None:
    # "Prod." does not abbreviate "Pharmaceuticals" (no o), whatever the canonical views
    assert get_matcher("stackclear-v2").match_names("Vorlane Prod.", "Vorlane Pharmaceuticals",
                                                    "Organization").score < 0.72


@pytest.mark.parametrize("query", ["JSCO VORLANE", "Vorlane JSCo"])
def test_a_word_abbreviating_the_listed_legal_form_is_that_form(query: str) -> None:
    # rigour does not read "JSCo" as a legal form: it abbreviates "Joint Stock Company", each word's initial kept
    matcher = get_matcher("stackclear-v2")
    assert matcher.match_names(query, "JOINT STOCK COMPANY VORLANE", "Organization").score >= 0.82
    # a name word is not dropped for a legal form it does not spell: Lima (no second l) and Jasco (no s after a)
    assert matcher.match_names("LIMA VORLANE", "VORLANE LIMITED LIABILITY COMPANY", "Organization").score < 0.72
    assert matcher.match_names("JASCO VORLANE", "VORLANE JOINT STOCK COMPANY", "Organization").score < 0.72


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("VORLANE LTD. LIABILITY PARTNERSHIP", "VORLANE LIMITED LIABILITY PARTNERSHIP"),  # a word abbreviated
        ("VORLANE, SA DE CAPITAL VARIABLE", "VORLANE, SOCIEDAD ANONIMA DE CAPITAL VARIABLE"),  # initials of two words
        ("Vorlane Dis Tic Limited Sti", "Vorlane Dis Tic Ltd Sti"),  # the listed word is the abbreviated one
    ],
)
def test_the_listed_legal_form_spelt_another_way_is_the_same_form(query: str, listed: str) -> None:
    entries = [ListEntry("E:1", "SDN", "SDN", "Organization", listed)]
    result = _screener(entries).screen(PartyQuery("1", query, "Organization"))
    assert result.decision == "hit" and result.hits[0].entry_id == "E:1"


def test_another_legal_form_is_not_a_spelling_of_the_listed_one() -> None:
    matcher = get_matcher("stackclear-v2")
    assert matcher.match_names("VORLANE LLC", "VORLANE LIMITED LIABILITY PARTNERSHIP", "Organization").score < 0.72
    assert matcher.match_names("VORLANE GMBH", "VORLANE LIMITED LIABILITY PARTNERSHIP", "Organization").score < 0.72
