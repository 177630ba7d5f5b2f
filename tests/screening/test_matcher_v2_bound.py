"""stackclear-v2's score bound (issue 9, speed, session 8): screen leaves a listed name unscored when
``MatcherV2.score_bound`` says it cannot reach a score that changes the answer, so the bound must never be below the
score. Checked on invented names of people built from parts that pair in every way the views know (equal, v1's
spelling tolerance, initials, particles, name groups and nicknames, transliteration keys, Korean and Wade-Giles
syllables, compact forms), and screening with and without the bound must answer alike."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from stackclear.names.analyze import PERSON, analyze
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.base import Evidence
from stackclear.screening.matchers.v2_names import name_features, person_bound
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import BOUND_MARGIN, PartyQuery, Screener
from stackclear.screening.sources import LoadedList

PARTS = [
    "bob", "robert", "roberto", "bobby", "sasha", "aleksandr", "alexander", "alex", "muhammad", "mehmet", "mohamed",
    "husayn", "hussein", "qasim", "kassem", "kim", "gim", "jong", "jeong", "un", "eun", "hsu", "xu", "chou", "zhou",
    "al", "el", "bin", "ibn", "abu", "de", "la", "van", "a", "j", "m", "r", "jon", "john", "johan", "smith", "smyth",
    "ivanov", "ivanova", "rami", "makhlouf", "ramimakhlouf", "li", "lee", "ri", "park", "pak", "nur", "noor", "yuri",
    "iouri", "yuriy", "zorblax", "zorblak", "quentin", "tamsin", "peter", "pyotr", "ahmad", "ahmed", "reza", "rida",
    "gyeong", "kyong", "cheol", "chol", "pedro", "perez", "martinez", "cardona", "garcia", "jose", "pepe", "maria",
]

name_parts = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4)


def _name(parts: list[str], listed_style: bool) -> str:
    if listed_style and len(parts) > 1:
        return f"{parts[0].upper()}, {' '.join(p.capitalize() for p in parts[1:])}"  # FAMILY, Given
    return " ".join(parts)


@settings(max_examples=1500, deadline=None)
@given(name_parts, name_parts, st.booleans(), st.booleans())
def test_bound_is_never_below_the_name_score(mine: list[str], theirs: list[str], comma_q: bool,
                                             comma_c: bool) -> None:
    query = analyze(_name(mine, comma_q), PERSON)
    listed = analyze(_name(theirs, comma_c), PERSON)
    assert name_features(query, listed).score <= person_bound(query, listed) + 1e-9, (query.original, listed.original)


EVIDENCE = [Evidence(), Evidence("RU"), Evidence("US", "Moscow", "1960")]


@settings(max_examples=600, deadline=None)
@given(name_parts, name_parts, st.booleans(), st.sampled_from(EVIDENCE), st.sampled_from([0.0, 0.6, 0.72]))
def test_bound_is_never_below_the_candidate_score(mine: list[str], theirs: list[str], weak: bool,
                                                  evidence: Evidence, floor: float) -> None:
    matcher = get_matcher("stackclear-v2")
    query = analyze(_name(mine, False), PERSON)
    listed = analyze(_name(theirs, True), PERSON)
    entry = ListEntry("P:1", "SDN", "SDN", "Person", listed.original, countries=["RU"], dates_of_birth=["1960"],
                      addresses=["Moscow"])
    bound = matcher.score_bound(query, listed, evidence)  # type: ignore[attr-defined]
    result = matcher.score_candidate(query, listed, weak, evidence, entry, floor)
    assert result.score <= bound + BOUND_MARGIN / 2, (query.original, listed.original)


def test_the_bound_rules_out_names_sharing_one_part_only() -> None:
    # not vacuous: a listed person sharing the family name alone is bounded under the entry floor, a namesake is not
    query = analyze("Pedro Perez", PERSON)
    assert person_bound(query, analyze("CARDONA MARTINEZ, Pedro", PERSON)) < 0.6
    assert person_bound(query, analyze("PEREZ, Pedro", PERSON)) == 1.0
    assert person_bound(analyze("Bob Marley", PERSON), analyze("MARLEY, Robert", PERSON)) == 1.0  # nickname
    assert person_bound(analyze("Rami Makhlouf", PERSON), analyze("RAMIMAKHLOUF", PERSON)) == 1.0  # compact


class _NoBound:
    """The same matcher without ``score_bound``: screen scores every retrieved name."""

    def __init__(self, matcher: object) -> None:
        self._matcher = matcher

    def __getattr__(self, name: str) -> object:
        if name == "score_bound":
            raise AttributeError(name)
        return getattr(self._matcher, name)


def test_screening_answers_alike_with_and_without_the_bound() -> None:
    families = ["Perez", "Martinez", "Ivanov", "Makhlouf", "Zorblax", "Kim", "Hussein", "Smith"]
    givens = ["Pedro", "Jose Maria", "Aleksandr", "Rami", "Quentin", "Jong Un", "Qasim", "Robert"]
    entries = [ListEntry(f"P:{n:02d}", "SDN", "SDN", "Person", f"{f.upper()}, {g}",
                         aliases=[f"{g} {f} {extra}" for extra in ("Cardona", "Garcia")][: n % 3],
                         countries=["RU"] if n % 2 else [])
               for n, (f, g) in enumerate(itertools.product(families, givens))]
    lists = [LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": len(entries)})]
    with_bound = Screener.from_lists(lists)
    without = Screener(with_bound.index, _NoBound(with_bound.matcher), with_bound.lists)  # type: ignore[arg-type]
    queries = [PartyQuery(str(n), f"{g} {f}", "Person", "RU" if n % 3 else None)
               for n, (g, f) in enumerate(itertools.product(
                   ["Pedro", "Pepe", "Alexander", "Sasha", "Bob", "Kassem", "Maria", "John"],
                   ["Perez", "Martinez Cardona", "Ivanova", "Smyth", "Kim", "Husayn", "Zorblak"]))]
    queries += [PartyQuery("x" + q.id, q.name) for q in queries[::3]]
    hits = 0
    for query in queries:
        one, two = with_bound.screen(query), without.screen(query)
        assert one.decision == two.decision, query
        assert [(h.entry_id, h.matched_name, h.score, h.explanation) for h in one.entry_hits] == \
            [(h.entry_id, h.matched_name, h.score, h.explanation) for h in two.entry_hits], query
        hits += bool(one.entry_hits)
    assert hits > 10
