"""``stackclear-v2`` (the default): named features with weights and contributions (nomenklatura's style).

Score = max over the name features (each feature's value × its weight; see :mod:`.v2_names`) + the
qualifiers (number mismatch, legal-form conflict — of the matched name, or of the entity's own name when the
matched alias has none) + the evidence qualifiers v1 uses (country +0.03 / −0.08,
date of birth +0.03 / −0.15, address +0.03), clamped to 0..1. A weak alias (a bare acronym, an OFAC weak a.k.a.)
is capped as in v1. Every explanation lists each feature with ``value``, ``weight`` and ``contribution`` and
names the view that decided, with v1's token alignment of that view.

Retrieval: the index also holds each listed name's canonical view (:meth:`MatcherV2.index_variant`), and a
query is looked up under its canonical view too (:meth:`MatcherV2.query_variants`).

Default threshold 0.82 (hit), review band 0.72–0.82, as v1 (chosen on the dev split; BENCHMARKS.md).
"""

from __future__ import annotations

import re

from stackclear.names.analyze import ORG, PERSON, NameForm, analyze, kind_of
from stackclear.screening.index import ScreeningIndex
from stackclear.screening.index_v2 import IndexV2
from stackclear.screening.matchers.base import Evidence, MatchResult
from stackclear.screening.matchers.v1 import (
    WEAK_ALIAS_CAP,
    evidence_adjustments,
)
from stackclear.screening.matchers.v2_acronyms import acronym_query
from stackclear.screening.matchers.v2_names import (
    LEGAL_FORM_CONFLICT,
    WEIGHTS,
    NameFeatures,
    acronym_forms,
    acronym_lookup,
    canonical,
    entry_legal_families,
    full_name_forms,
    is_japanese,
    legal_conflict,
    legal_families,
    listed_canonical,
    name_features,
    query_legal_families,
    remember_listed,
    respelt_form,
    skeleton_form,
)
from stackclear.screening.matchers.v2_scripts import script_lookup_forms
from stackclear.screening.matchers.v2_tables import fingerprint, tables
from stackclear.screening.matchers.v2_translit import romanised_lookup_forms
from stackclear.screening.model import ListEntry

MODULES = (
    "stackclear.names.analyze",
    "stackclear.names.text",
    "stackclear.names.translit",
    "stackclear.names.legal",
    "stackclear.screening.index",
    "stackclear.screening.index_v2",  # v2's candidate search over the same index
    "stackclear.screening.screen",  # score_entry_names: which names of a candidate entry are scored
    "stackclear.screening.variants",
    "stackclear.screening.matchers.v1_tokens",
    "stackclear.screening.matchers.v1_align",
    "stackclear.screening.matchers.v1_orgs",
    "stackclear.screening.matchers.v1_names",
    "stackclear.screening.matchers.v1_romanize",
    "stackclear.screening.matchers.v2_names",
    "stackclear.screening.matchers.v2_tables",
    "stackclear.screening.matchers.v2_scripts",
    "stackclear.screening.matchers.v2_translit",
    "stackclear.screening.matchers.v2_acronyms",
    "stackclear.screening.matchers.v2",
)


def _cyrillic_skeletons(form: NameForm, read: list[NameForm]) -> list[NameForm]:
    """A person written in Cyrillic, looked up under the consonant skeletons of its readings too (retrieval
    only; the index holds every Latin person's skeleton for Arabic and kana queries already): a Russian reading
    of a foreign name keeps its consonants but not the Latin form's letters or vowels — к for q and c (Факир =
    Faqir), no ь/й where the list writes y (Терентев = Terentyev), ее for ee (Джасмеет = Jasmeet)."""
    out: list[NameForm] = []
    seen: set[tuple[str, ...]] = set()
    for source in (form, *read):
        bare = skeleton_form(source, True, retrieval=True)
        if bare is not None and bare.tokens not in seen:
            seen.add(bare.tokens)
            out.append(bare)
    return out


#: A space before الله (Allah) after a word other than عبد (Abd Allah is matched as Abdullah by the skeleton already).
_ALLAH = re.compile(r"(?<=[\u0600-\u06ff])(?<!عبد)\s+الله(?![\u0600-\u06ff])")

#: A word break (・) before a short word that starts with a vowel: often the ʿayn or hamza of an Arabic name that
#: the Latin form writes as an apostrophe (サ・イデ = Sa'id, マス・ウデ = Mas'ud, ル・アイ = Lu'ay).
_KANA_AYN = re.compile(r"(?<=[\u30a0-\u30ff])・(?=[アイウエオ][\u30a0-\u30ff]?(?:[・\s]|$))")


def _kana_glued(form: NameForm, found: list[NameForm]) -> list[NameForm]:
    """A Japanese katakana person's name with the parts an apostrophe joins in the Latin form written as one word,
    looked up under its consonant skeleton (retrieval only): マジデ・サ・イデ = Majd Sa'id (mjd sd)."""
    glued = _KANA_AYN.sub("", form.original)
    if glued == form.original:
        return []
    bare = skeleton_form(analyze(glued, PERSON), True, retrieval=True)
    if bare is None or any(bare.tokens == f.tokens for f in found):
        return []
    return [bare]


def _names_respelt(form: NameForm, respelt: NameForm) -> bool:
    """Every word :func:`respelt_form` changed became a given name rigour knows (Sergej = Sergey, Brahim =
    Ibrahim), not some other word ("Goup" is no "Gup")."""
    symbols = tables().person_symbols
    return all(new in symbols for old, new in zip(form.tokens, respelt.tokens, strict=True) if old != new)


class _Memo:
    __slots__ = ("features", "explanation")

    def __init__(self, features: NameFeatures) -> None:
        self.features = features
        self.explanation: dict[str, object] | None = None


def _explain(features: NameFeatures) -> dict[str, object]:
    table: dict[str, object] = {}
    for name, value in features.values.items():
        weight = WEIGHTS[name]
        table[name] = {"value": round(value, 4), "weight": weight, "contribution": round(value * weight, 4)}
    for name, value in features.qualifiers.items():
        table[name] = {"value": 1.0, "weight": value, "contribution": value}
    return {
        "name": round(features.score, 4),
        "view": features.view,
        "features": table,
        **features.best.explain(),
    }




class MatcherV2:
    """Feature-based matcher over v1's alignment with rigour's reference data (see the module docstring)."""

    name = "stackclear-v2"
    threshold = 0.82
    review_threshold = 0.72
    score_entry_names = True  # screen scores the other names of a candidate entry (screen._entry_names)
    filter_kind_before_cap = True  # screen leaves names of a kind the schema rules out before the top k
    index_type = IndexV2  # the same index with v2's candidate search (same candidates, found faster)
    score_linked_entries = True  # screen scores a candidate with the names of its copies and namesakes (legal forms)
    distinct_before_cap = True  # a listed name and its retrieval variants take one of the top k slots (screen)
    retrieve_each_form = True  # an organisation in Cyrillic: each lookup form searched on its own too (screen)

    def acronym_candidates(self, index: ScreeningIndex, lookup: list[NameForm]) -> list[int]:
        """Listed organisations a one-word organisation query of 3–8 letters is an acronym of, best first, from
        the acronym index an :class:`IndexV2` builds and stores with itself (:mod:`.v2_acronyms`; screen merges
        them with the index's candidates); [] for any other query or index."""
        acronyms = getattr(index, "acronyms", None)
        if acronyms is None:
            return []
        token = acronym_query(lookup)
        return [] if token is None else list(acronyms.find(token))

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.name, MODULES)

    def index_variants(self, form: NameForm) -> list[NameForm]:
        """Indexed beside a listed name: its canonical view when it differs, its acronyms (organisations),
        and its consonant skeletons (Latin names of people, for Arabic-script and kana queries)."""
        out = []
        view = listed_canonical(form)
        if form.kind == PERSON:
            remember_listed(form)
            remember_listed(view)
        elif form.kind == ORG:
            remember_listed(form)
        if view is not form and view.key != form.key:
            out.append(view)
        if form.kind == ORG:
            out.extend(acronym_forms(form))
        elif form.kind == PERSON and form.script == "LATIN":
            # one retrieval skeleton with l read as r serves Arabic and kana queries alike (scoring tells l/r apart)
            bare = skeleton_form(form, True, retrieval=True)
            if bare is not None and bare.key != form.key:
                out.append(bare)
        return out

    def query_variants(self, form: NameForm) -> list[NameForm]:
        """Looked up beside the query: its canonical view, a one-word organisation among the listed acronyms, for
        a person written in Arabic script or Japanese kana its consonant skeletons, and for a person going by a
        short form (Pasha, Pepe, Bob) the name with the full names written out (Pavel, Jose, Robert)."""
        out = []
        view = canonical(form)
        if view is not form and view.key != form.key:
            out.append(view)
        if form.kind == ORG:
            # a one-word query (or one word once its qualifier is cut: "GSS Russia Branch") among the acronyms
            for source in (form, view):
                marked = acronym_lookup(source)
                if marked is not None and all(marked.key != x.key for x in out):
                    out.append(marked)
        if form.kind == PERSON and (form.script == "ARABIC" or (form.script == "HAN" and is_japanese(form.original))):
            bare = skeleton_form(form, True, retrieval=True)
            if bare is not None:
                out.append(bare)
            if form.script == "ARABIC" and _ALLAH.search(form.original):
                # a name compounded with Allah, written apart in Arabic and as one word in Latin (Nasrallah)
                glued = skeleton_form(analyze(_ALLAH.sub("الله", form.original), PERSON), True, retrieval=True)
                if glued is not None and (bare is None or glued.tokens != bare.tokens):
                    out.append(glued)
            if "・" in form.original and form.script == "HAN":
                out.extend(_kana_glued(form, out))
            if "ー" in form.original and form.script == "HAN":
                # a long vowel before a consonant or at the end is often a vowel + h the Latin form writes
                # (アーマデ = Ahmad, ムーセィン = Muhsin, サラー = Salah): looked up with the h too
                aspirated = skeleton_form(analyze(form.original.replace("ー", "ハ"), PERSON), True, retrieval=True)
                if aspirated is not None and (bare is None or aspirated.tokens != bare.tokens):
                    out.append(aspirated)
        if form.kind == PERSON:
            out.extend(full_name_forms(form))  # Alex = Alexander, Aleksandr, Alejandro ... (retrieval only)
            if form.script == "LATIN":
                respelt = respelt_form(form)  # Sergej = Sergey, Mehmet = Muhammad (retrieval only)
                if respelt is not None:
                    out.append(respelt)
        elif form.kind == ORG and form.script == "LATIN" and not form.legal and 2 <= len(form.tokens) <= 3:
            # a person's name listed as an entity (the Entity List's people: "Sergej Grinenko", "Brahim Haqqani")
            respelt = respelt_form(form)
            if respelt is not None and _names_respelt(form, respelt):
                out.append(respelt)
        if form.script == "LATIN":
            # Wade-Giles (Hsu = Xu), Revised Korean (Gyeong = Kyong), Ridha = Reza: [] unless a table knows a part
            out.extend(romanised_lookup_forms(form))
        else:
            read = script_lookup_forms(form)  # Han, Hangul, kana, Cyrillic, Arabic read into Latin (v2_scripts)
            out.extend(read)
            if form.kind == PERSON and form.script == "CYRILLIC":
                out.extend(_cyrillic_skeletons(form, read))
        return out

    def match_names(self, a: str, b: str, schema: str | None) -> MatchResult:
        kind = kind_of(schema)
        features = name_features(analyze(a, kind), analyze(b, kind))
        score = max(0.0, min(1.0, features.score + sum(features.qualifiers.values())))
        return MatchResult(round(score, 4), {"matcher": self.name, "fingerprint": self.fingerprint, "kind": kind,
                                             **_explain(features)})

    def score_candidate(
        self,
        query: NameForm,
        candidate: NameForm,
        weak: bool,
        evidence: Evidence,
        entry: ListEntry,
        floor: float = 0.0,
        memo: dict[object, object] | None = None,
    ) -> MatchResult:
        cell: _Memo | None = None
        if memo is None:
            features = name_features(query, candidate, floor)
        else:
            key = (candidate.original, candidate.kind)
            found = memo.get(key)
            if isinstance(found, _Memo):
                cell = found
            else:
                cell = _Memo(name_features(query, candidate, floor))
                memo[key] = cell
            features = cell.features
        name = features.score + sum(features.qualifiers.values())
        score = name
        if weak:
            score = min(score, WEAK_ALIAS_CAP) * (1.0 if name >= 1.0 else WEAK_ALIAS_CAP)
            if features.best.good and len(features.best.good) < len(features.best.query_tokens):
                score *= WEAK_ALIAS_CAP  # a weak alias ("Ben", "Jose Luis") inside a longer query name
        adjustments = evidence_adjustments(evidence, entry) if evidence.country or evidence.address or \
            evidence.date_of_birth else {}
        if query.legal and candidate.kind == ORG and "legal_form_conflict" not in features.qualifiers \
                and not features.legal_spelled:
            # the entity's own names say what legal forms it has, even when the matched alias has none
            mine = legal_families(query.original)
            if mine:
                theirs = entry_legal_families((entry.name, *entry.aliases))
                if legal_conflict(mine, theirs) and legal_conflict(query_legal_families(query.original,
                                                                                        features.best), theirs):
                    adjustments["entity_legal_form"] = LEGAL_FORM_CONFLICT
        elif "legal_form_conflict" in features.qualifiers:
            # "Karst Limited" against "KARST, OOO" of an entity also listed as "KARST LTD." (a name the index
            # folds into the first, both being "karst"): the entity has the query's legal forms, no conflict
            mine = legal_families(query.original)
            if mine and mine <= entry_legal_families((entry.name, *entry.aliases)):
                adjustments["entity_legal_form"] = -LEGAL_FORM_CONFLICT
        if adjustments:
            score += sum(adjustments.values())
        final = round(max(0.0, min(1.0, score)), 4)
        if final < floor:
            return MatchResult(final)
        if cell is None:
            explanation = _explain(features)
        else:
            if cell.explanation is None:
                cell.explanation = _explain(features)
            explanation = dict(cell.explanation)
        if weak:
            explanation["weak_alias"] = True
        if adjustments:
            explanation["evidence"] = adjustments
        return MatchResult(final, explanation)
