"""``stackclear-v1``: name scoring (:mod:`.v1_names`) plus supporting/conflicting evidence.

Versioning: v1 is frozen from release 0.1.0 on — from then, never edit its behaviour in place (a stored
screening result names its matcher and must stay reproducible); improvements ship as ``stackclear-v2`` beside
it. Before that release no result has been stored, so v1 was still improved in place (name-pair F1 0.903 →
0.928 on 2026-11-29: romanisation variants, organisation near-misses, series markers, misspelt legal forms).

Final score = name score (capped at ``WEAK_ALIAS_CAP`` for weak aliases: single-word parenthesised
short names and OFAC weak a.k.a.s) + evidence adjustments, clamped to 0..1:

* country: query country among the entry's countries +0.03; entry lists countries, none is the
  query's −0.08 (a subsidiary in another country is another entity, but data is often incomplete);
* date of birth: a shared year +0.03; all years more than one apart −0.15;
* address: half or more of the query address words in one listed address +0.03.

Default threshold 0.82 (a hit); 0.72–0.82 is the review band. On a random half of the public labelled pairs
(seed 0) F1 is near its best between 0.80 and 0.82 (0.949 / 0.948); 0.82 is the highest of those that keeps
synthetic negatives (people who are on no list) under 0.5% hits; the other half is reported in BENCHMARKS.md.
"""

from __future__ import annotations

import re

from stackclear.names.analyze import NameForm, analyze, kind_of
from stackclear.screening.matchers.base import Evidence, MatchResult
from stackclear.screening.matchers.v1_names import NameScore, score_names
from stackclear.screening.matchers.v2_tables import fingerprint
from stackclear.screening.model import ListEntry

MODULES = (
    "stackclear.names.analyze",
    "stackclear.names.text",
    "stackclear.names.translit",
    "stackclear.names.legal",
    "stackclear.screening.index",
    "stackclear.screening.variants",
    "stackclear.screening.matchers.v1_tokens",
    "stackclear.screening.matchers.v1_align",
    "stackclear.screening.matchers.v1_orgs",
    "stackclear.screening.matchers.v1_names",
    "stackclear.screening.matchers.v1_romanize",
    "stackclear.screening.matchers.v1",
)

WEAK_ALIAS_CAP = 0.85
COUNTRY_MATCH = 0.03
COUNTRY_CONFLICT = -0.08
DOB_MATCH = 0.03
DOB_CONFLICT = -0.15
ADDRESS_MATCH = 0.03

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = re.compile(r"\w{3,}")


def _years(texts: list[str]) -> set[int]:
    return {int(y) for text in texts for y in _YEAR.findall(text)}


def evidence_adjustments(evidence: Evidence, entry: ListEntry) -> dict[str, float]:
    """Score adjustments from what the query tells beyond the name: country, year of birth, address words."""
    adjustments: dict[str, float] = {}
    if evidence.country and entry.countries:
        adjustments["country"] = COUNTRY_MATCH if evidence.country in entry.countries else COUNTRY_CONFLICT
    if evidence.date_of_birth and entry.dates_of_birth:
        mine = _years([evidence.date_of_birth])
        theirs = _years(entry.dates_of_birth)
        if mine and theirs:
            if mine & theirs:
                adjustments["date_of_birth"] = DOB_MATCH
            elif all(abs(a - b) > 1 for a in mine for b in theirs):
                adjustments["date_of_birth"] = DOB_CONFLICT
    if evidence.address and entry.addresses:
        words = set(_WORD.findall(evidence.address.casefold()))
        if words:
            best = max(len(words & set(_WORD.findall(a.casefold()))) / len(words) for a in entry.addresses)
            if best >= 0.5:
                adjustments["address"] = ADDRESS_MATCH
    return adjustments


class _Memo:
    """One listed name's comparison with the query, and its explanation once a hit needs it: a name shared
    by several entries is scored and explained once per query."""

    __slots__ = ("names", "explanation")

    def __init__(self, names: NameScore) -> None:
        self.names = names
        self.explanation: dict[str, object] | None = None


class MatcherV1:
    """Token-alignment name matcher with per-kind rules and evidence qualifiers."""

    name = "stackclear-v1"
    threshold = 0.82
    review_threshold = 0.72

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.name, MODULES, with_tables=False)

    def index_variants(self, form: NameForm) -> list[NameForm]:
        return []  # v1 indexes the listed names as they are

    def query_variants(self, form: NameForm) -> list[NameForm]:
        return []

    def match_names(self, a: str, b: str, schema: str | None) -> MatchResult:
        kind = kind_of(schema)
        result = score_names(analyze(a, kind), analyze(b, kind))
        return MatchResult(round(result.score, 4), {"matcher": self.name, "kind": kind, **result.explain()})

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
            names = score_names(query, candidate)
        else:
            # the same listed name often appears in several entries (an SDN entry in the CSL and in OFAC's file)
            key = (candidate.kind, candidate.tokens, candidate.script_tokens, candidate.legal, candidate.given_start)
            found = memo.get(key)
            if isinstance(found, _Memo):
                cell = found
            else:
                cell = _Memo(score_names(query, candidate))
                memo[key] = cell
            names = cell.names
        score = names.score
        if weak:
            score = min(score, WEAK_ALIAS_CAP) * (1.0 if names.score >= 1.0 else WEAK_ALIAS_CAP)
        adjustments = evidence_adjustments(evidence, entry)
        if adjustments:
            score += sum(adjustments.values())
        final = round(max(0.0, min(1.0, score)), 4)
        if final < floor:
            return MatchResult(final)  # not reported: skip building the explanation
        if cell is None:
            explanation: dict[str, object] = {"name": round(names.score, 4), **names.explain()}
        else:
            if cell.explanation is None:
                cell.explanation = {"name": round(names.score, 4), **names.explain()}
            explanation = dict(cell.explanation)  # shallow: the entries of one listed name share the token lists
        if weak:
            explanation["weak_alias"] = True
        if adjustments:
            explanation["evidence"] = adjustments
        return MatchResult(final, explanation)
