"""A screening result arranged for reading: one group per listed entity, each matcher feature explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stackclear.screening.screen import Hit, ScreenResult

FEATURE_TEXT = {
    "country": "country evidence: the party's country is (or is not) among the entry's countries",
    "address": "address evidence: words shared with the entry's addresses",
    "date_of_birth": "date-of-birth evidence",
}


@dataclass(slots=True)
class Feature:
    name: str
    value: str
    text: str


@dataclass(slots=True)
class Group:
    hit: Hit
    features: list[Feature] = field(default_factory=list)


def features(explanation: dict[str, Any]) -> list[Feature]:
    """Each part of a matcher explanation as (feature, value, what it means)."""
    out: list[Feature] = []
    if "name" in explanation:
        out.append(Feature("name similarity", f"{float(explanation['name']):.2f}",
                           "how alike the two names are after normalisation (1.00 = same words)"))
    for token in explanation.get("tokens") or []:
        same = token.get("query") == token.get("list")
        out.append(Feature("word", f"{token.get('query')} ≈ {token.get('list')}",
                           "same word" if same else f"similar words ({float(token.get('similarity', 0)):.2f})"))
    for key, label in (("unmatched_query", "only in the party's name"), ("unmatched_list", "only in the listed name")):
        if explanation.get(key):
            out.append(Feature("unmatched words", " ".join(map(str, explanation[key])), label))
    legal = explanation.get("legal_form")
    if legal and legal != "n/a":
        out.append(Feature("legal form", str(legal), "legal forms (Ltd., GmbH, ...) agree or conflict"))
    if explanation.get("weak_alias"):
        out.append(Feature("weak alias", "yes", "the list marks this alias as weak: it counts for less"))
    for key, value in (explanation.get("evidence") or {}).items():
        out.append(Feature(key.replace("_", " "), f"{float(value):+.2f}", FEATURE_TEXT.get(key, "evidence")))
    form = explanation.get("form")
    if form:
        out.append(Feature("compared as", str(form), "the written form the names were compared in"))
    return out


def group_hits(result: ScreenResult) -> list[Group]:
    """Hits per listed entity (the screener keeps the best-scoring name of each entry), best first."""
    seen: dict[str, Group] = {}
    for hit in result.hits:
        if hit.entry_id not in seen:
            seen[hit.entry_id] = Group(hit, features(hit.explanation))
    return list(seen.values())
