"""Screen parties against loaded restricted-party lists: the public API of screening.

    screener = Screener.from_lists([load_list("consolidated.csv"), load_list("sdn.csv")])
    result = screener.screen(PartyQuery(id="1", name="Huawei Technologies Co., Ltd.", country="CN"))
    result.decision      # "hit" | "review" | "clear"

Decision rule (fail closed):

* ``"hit"`` — some hit scores at or above the threshold (the matcher's default, or the caller's);
* ``"review"`` — no hit, but some listed name scores in the *review band* [matcher.review_threshold,
  threshold): a possible match a person must look at; also *every* query of a Screener made with
  ``Screener.unavailable(reason)`` (no lists, stale lists), whatever the name;
* ``"clear"`` — nothing scores in the review band or above.

Each list entry keeps its best-scoring name (``entry_hits``). Hits are then grouped by listed entity
(``hits``): the CSL's copies of one SDN entry and OFAC's own file's entry (same SDN number), and the CSL's
rows of one party repeated per address (same list, same name), become one hit that names every source and
entry id; the best-scoring (then exactly matching) entry leads. Entries of *different* lists are never
collapsed otherwise: "HUAWEI TECHNOLOGIES CO., LTD." on the CMIC list and "Huawei Technologies Co., Ltd.
(Huawei)" on the Entity List are two hits, each with its own list's consequence (license requirement and
policy, Entity List footnotes in ``remarks``, OFAC programs). What legal forms a listed organisation has is
read off all the candidate entries of one entity when the matcher asks for it (``score_linked_entries``, see
:func:`_linked_entries`); that changes scores, never which entries are grouped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from stackclear.names.analyze import ORG, OTHER, PERSON, NameForm, analyze, kind_of
from stackclear.screening.index import IndexedName, ScreeningIndex
from stackclear.screening.index_v2 import IndexV2
from stackclear.screening.matchers import DEFAULT_MATCHER, Evidence, Matcher, get_matcher
from stackclear.screening.model import ListEntry

if TYPE_CHECKING:  # the parsers are not imported to screen against an index read from the disk cache
    from stackclear.screening.sources import LoadedList

CANDIDATES = 8
ACRONYM_MARK = "^"  # the token of an organisation's acronym indexed for retrieval (matchers.v2_names.ACRONYM_MARK)
KIND_POOL = 4  # names retrieved per slot before those of another kind are left out (filter_kind_before_cap)
MIN_COVERAGE = 0.5
_KANA = re.compile(r"[\u30a0-\u30ff\u3040-\u309f]")  # a person's name in kana: readings are alternatives
MAX_HITS = 25
_NOT_SCORED: tuple[float, str, dict[str, Any]] = (0.0, "", {})
_NO_EVIDENCE = Evidence()  # shared by the many queries that carry no country, address or birth date


@dataclass(slots=True)
class PartyQuery:
    """A party to screen. ``schema`` (Person, Company, Organization, LegalEntity, Vessel) is optional."""

    id: str
    name: str
    schema: str | None = None
    country: str | None = None
    address: str | None = None
    date_of_birth: str | None = None


@dataclass(slots=True)
class Hit:
    """One listed entry that matched, with its own list's consequence data and the explanation."""

    entry_id: str
    source: str
    source_code: str
    name: str
    matched_name: str
    score: float
    license_requirement: str | None
    license_policy: str | None
    countries: list[str]
    programs: list[str]
    federal_register_notice: str | None
    explanation: dict[str, Any]
    remarks: str | None = None
    sources: list[str] = field(default_factory=list)  # every list naming this entity (grouped hits)
    entry_ids: list[str] = field(default_factory=list)  # every entry grouped into this hit


@dataclass(slots=True)
class Candidate:
    """One listed entry that retrieval puts before the matcher (:meth:`Screener.candidates`): the listed name
    it was found under and the retrieval score of that name (the share of the smaller name's rarity-weighted
    index keys the two names have in common, 0..1; not the matcher's score)."""

    entry_id: str
    source_code: str
    name: str
    matched_name: str
    retrieval_score: float


@dataclass(slots=True)
class ScreenResult:
    """The screening outcome of one query (see the module docstring for the decision rule)."""

    id: str
    hits: list[Hit]
    decision: str
    reasons: list[str]
    lists: list[dict[str, Any]]
    matcher: str
    threshold: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    entry_hits: list[Hit] = field(default_factory=list)  # per list entry, before grouping

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md ``screen`` contract keys (plus reasons, lists, the matcher and its fingerprint)."""
        return {
            "id": self.id,
            "hits": [asdict(hit) for hit in self.hits],
            "decision": self.decision,
            "reasons": self.reasons,
            "matcher": self.matcher,
            "matcher_fingerprint": self.fingerprint,
            "threshold": self.threshold,
            "lists": self.lists,
        }


def describe_list(loaded: LoadedList) -> dict[str, Any]:
    """Provenance of one list as reported with every result."""
    as_of = loaded.as_of.isoformat() if isinstance(loaded.as_of, dt.date) else loaded.as_of
    return {"path": loaded.path, "format": loaded.format, "sha256": loaded.sha256, "as_of": as_of,
            "counts": dict(loaded.counts)}


def index_type(matcher: Matcher) -> type[ScreeningIndex]:
    """The index class ``matcher`` retrieves with (its ``index_type``; :class:`ScreeningIndex` by default)."""
    found: type[ScreeningIndex] = getattr(matcher, "index_type", ScreeningIndex)
    return found


def _comparable(query_kind: str | None, entry_kind: str) -> bool:
    """People are not compared with organisations or vessels when the query says what it is."""
    if query_kind is None:
        return True
    if query_kind == PERSON or entry_kind == PERSON:
        return query_kind == entry_kind
    return (query_kind == OTHER) == (entry_kind == OTHER)


class Screener:
    """An index over some lists plus a matcher; answers ``screen`` queries."""

    def __init__(
        self,
        index: ScreeningIndex | None,
        matcher: Matcher,
        lists: list[dict[str, Any]],
        threshold: float | None = None,
        unavailable_reason: str | None = None,
    ) -> None:
        self.index = index
        self.matcher = matcher
        self.lists = lists
        self.threshold = matcher.threshold if threshold is None else threshold
        self.unavailable_reason = unavailable_reason
        # stand-in entries for scoring (see _linked_entries), by entry number and the entries lending it names:
        # made once per pair, not per query (an SDN entry's copies meet in most queries that find it)
        self._stand_ins: dict[tuple[int, tuple[int, ...]], ListEntry | None] = {}

    @classmethod
    def from_lists(
        cls, lists: Sequence[LoadedList], matcher: str = DEFAULT_MATCHER, threshold: float | None = None
    ) -> Screener:
        """Build the index over every entry of ``lists``."""
        entries = [entry for loaded in lists for entry in loaded.entries]
        chosen = get_matcher(matcher)
        index = index_type(chosen)(entries, expand=chosen.index_variants)
        return cls(index, chosen, [describe_list(x) for x in lists], threshold)

    @classmethod
    def unavailable(cls, reason: str, matcher: str = DEFAULT_MATCHER,
                    lists: list[dict[str, Any]] | None = None) -> Screener:
        """A screener that fails closed: every query is ``review`` with ``reason``."""
        return cls(None, get_matcher(matcher), lists or [], None, unavailable_reason=reason)

    def screen(
        self, query: PartyQuery, threshold: float | None = None, *, entry_ids: Container[str] | None = None
    ) -> ScreenResult:
        """Screen one party; see the module docstring for the decision rule. ``entry_ids`` (re-screening a
        list change): score only the candidates of those entries; retrieval is the same as without it."""
        limit = self.threshold if threshold is None else threshold
        review = min(self.matcher.review_threshold, limit)
        fingerprint = self.matcher.fingerprint
        if self.index is None:
            reason = self.unavailable_reason or "no restricted-party lists loaded"
            return ScreenResult(query.id, [], "review", [reason], self.lists, self.matcher.name, limit,
                                fingerprint=fingerprint)
        entry_hits = self._hits(query, review, entry_ids)
        hits = group_hits(entry_hits, query.name)
        if hits and hits[0].score >= limit:
            decision = "hit"
            reasons = [f"{sum(h.score >= limit for h in hits)} listed name(s) score >= {limit:.2f}"]
        elif hits:
            decision = "review"
            reasons = [f"possible match: best score {hits[0].score:.2f} in review band [{review:.2f}, {limit:.2f})"]
        else:
            decision = "clear"
            reasons = [f"no listed name scores >= {review:.2f}"]
        return ScreenResult(query.id, hits, decision, reasons, self.lists, self.matcher.name, limit,
                            fingerprint=fingerprint, entry_hits=entry_hits)

    def screen_many(self, queries: Iterable[PartyQuery], threshold: float | None = None) -> list[ScreenResult]:
        return [self.screen(q, threshold) for q in queries]

    def candidates(self, query: PartyQuery | str, k: int = CANDIDATES) -> list[Candidate]:
        """The list entries retrieval hands to the matcher for ``query`` (a name or a :class:`PartyQuery`),
        best retrieval score first, one per entry: the answer to "is the right entry among the candidates at
        all?". ``k`` names are retrieved (``screen`` scores ``CANDIDATES`` = 8); entries of a kind the query's
        schema rules out (a person against a vessel) are left out as ``screen`` leaves them out. Empty for a
        screener without lists."""
        if isinstance(query, str):
            query = PartyQuery("", query)
        if k < 1:
            raise ValueError(f"k must be at least 1, not {k}")
        if self.index is None:
            return []
        index = self.index
        query_kind = kind_of(query.schema) if query.schema else None
        best: dict[str, Candidate] = {}  # by entry id (the CSL's and OFAC's copies of an SDN entry share one)
        for name_id, coverage in self._retrieve(self.lookup_forms(query.name, query.schema)[1], query_kind, k):
            listed = index.names[name_id]
            if query_kind is not None and not _comparable(query_kind, listed.form.kind):
                continue
            entry = index.entries[listed.entry]
            previous = best.get(entry.entry_id)
            if previous is None or coverage > previous.retrieval_score:
                shown = listed.form if listed.base is None else listed.base
                best[entry.entry_id] = Candidate(entry.entry_id, entry.source_code, entry.name, shown.original,
                                                 round(coverage, 4))
        out = list(best.values())
        out.sort(key=lambda c: (-c.retrieval_score, c.entry_id))
        return out

    def lookup_forms(self, name: str, schema: str | None) -> tuple[dict[str, NameForm], list[NameForm]]:
        """The query's analysed forms by kind, and every form retrieval looks up (those forms and the matcher's
        query variants): a query's index keys are among the ``name_keys`` of these forms."""
        assert self.index is not None
        forms: dict[str, NameForm] = self.index.query_forms(name, schema)
        lookup = list(forms.values())
        for form in forms.values():
            lookup.extend(self.matcher.query_variants(form))
        return forms, lookup

    def _retrieve(self, lookup: list[NameForm], query_kind: str | None, k: int) -> list[tuple[int, float]]:
        """The ``k`` best names retrieval finds for ``lookup``; for a matcher with ``filter_kind_before_cap``
        and a query whose schema says what it is, the ``k`` best of the names of a comparable kind (among
        ``KIND_POOL`` × ``k``), so that organisations whose acronyms equal a person's consonants do not take
        the person's slots; for a matcher with ``distinct_before_cap``, the ``k`` best names that the matcher
        scores differently: a listed name and the retrieval variants made of it (its canonical view, consonant
        skeleton, acronyms) are one name to score, so they take one slot, not one each. Only for a query written
        in another script (Arabic, Cyrillic, Han, Hangul, kana): its readings and skeletons meet a listed name under
        several of its forms at once, and a Latin query does not pay the wider retrieval and the extra names
        scored (BENCHMARKS.md, session 6: −12% person throughput when every query did)."""
        assert self.index is not None
        distinct = bool(lookup) and lookup[0].script != "LATIN" and getattr(self.matcher, "distinct_before_cap", False)
        if distinct and self.per_reading(lookup):
            return self._retrieve_each(lookup, query_kind, k)
        found = self._retrieve_all(lookup, query_kind, k, distinct)
        if distinct and len(found) < k and len(lookup) > 1 and lookup[0].script == "ARABIC" \
                and getattr(self.matcher, "retrieve_each_form", False):
            # an Arabic-script name's readings tallied together leave free slots (their summed key mass puts the
            # name one reading spells under MIN_COVERAGE: عادل read as "adl" and as "adal adil adul" = Adel): the
            # free slots go to the names its readings find each on their own. Not for Han or Hangul: it fills their
            # slots with short names one syllable covers (non-listed people by name alone: 文雄 王 = Wang Wei, dev)
            found = self._distinct(self._retrieve_each(lookup, query_kind, k), k, found)
        if query_kind != PERSON:
            finder = getattr(self.matcher, "acronym_candidates", None)
            if finder is not None:
                return self._with_acronyms(finder(self.index, lookup), query_kind, k, found)
        return found

    def per_reading(self, lookup: list[NameForm]) -> bool:
        """True when retrieval also searches each of the query's lookup forms on its own (:meth:`_retrieve_each`,
        for a matcher with ``retrieve_each_form`` and ``distinct_before_cap``): a name in Cyrillic whose readings
        are all of one kind, a person's name in kana. Never a Latin query: it does not pay for the extra searches."""
        if len(lookup) < 2 or lookup[0].script == "LATIN" or not getattr(self.matcher, "distinct_before_cap", False) \
                or not getattr(self.matcher, "retrieve_each_form", False):
            return False
        first = lookup[0]
        if first.script == "CYRILLIC":
            return len({form.kind for form in lookup}) == 1 and first.kind in (ORG, PERSON)
        return first.script == "HAN" and first.kind == PERSON and _KANA.search(first.original) is not None

    def _with_acronyms(self, extra: list[int], query_kind: str | None, k: int,
                       found: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """``found`` and, for an organisation query that is one acronym-shaped word, the listed organisations the
        matcher's ``acronym_candidates`` finds it spells (:mod:`.matchers.v2_acronyms`, the index's acronym index
        built and stored with it), at most ``k``, one slot per listed name: first the names ``found`` has by their
        words (the listed "ANA" for "ANA"), then the acronym candidates in the matcher's order, then the names
        ``found`` has under one of their usual acronyms (which the acronym candidates include, ranked by how
        exactly the query spells them). Every other query: ``found``."""
        assert self.index is not None
        if not extra:
            return found
        names = self.index.names
        words = [item for item in found if names[item[0]].base is None or not
                 names[item[0]].form.tokens[0].startswith(ACRONYM_MARK)]
        acronyms = [item for item in found if item not in words]
        ranked = words + [(n, 1.0) for n in extra
                          if query_kind is None or _comparable(query_kind, names[n].form.kind)] + acronyms
        return self._distinct(ranked, k)

    def _distinct(self, ranked: Iterable[tuple[int, float]], k: int,
                  found: list[tuple[int, float]] | None = None) -> list[tuple[int, float]]:
        """``found`` (none by default) extended in place with the names of ``ranked`` in their order, one slot per
        listed name (its entry and the listed spelling it is, a retrieval variant counting as the name it was made
        of), until it holds ``k``."""
        assert self.index is not None
        names, entries = self.index.names, self.index.entries

        def key(name_id: int) -> tuple[str, str]:
            listed = names[name_id]
            return entries[listed.entry].entry_id, (listed.form if listed.base is None else listed.base).original

        out = [] if found is None else found
        seen = {key(name_id) for name_id, _ in out}
        if len(out) >= k:
            return out
        for name_id, coverage in ranked:
            if key(name_id) not in seen:
                seen.add(key(name_id))
                out.append((name_id, coverage))
                if len(out) == k:
                    break
        return out

    def _retrieve_all(self, lookup: list[NameForm], query_kind: str | None, k: int,
                      distinct: bool) -> list[tuple[int, float]]:
        """:meth:`_retrieve` with the query's lookup forms tallied together (their key mass summed)."""
        assert self.index is not None
        if (query_kind is None or not getattr(self.matcher, "filter_kind_before_cap", False)) and not distinct:
            return self.index.candidates(lookup, k, MIN_COVERAGE)
        index = self.index
        if isinstance(index, IndexV2):  # the same answers, the query's postings tallied once
            if not distinct:
                return index.kind_candidates(lookup, k, KIND_POOL * k, MIN_COVERAGE,
                                             lambda n: _comparable(query_kind, index.name_kind(n)))
            return index.pooled_candidates(
                lookup, k, KIND_POOL * k, MIN_COVERAGE,
                lambda first: self._usable(first, query_kind) and _distinct(index, first),
                lambda pool: self._choose(pool, query_kind, k, distinct))
        # The index ranks the same way whatever the limit (its best k are the first k of its best 4k): when the
        # best k are all of a comparable kind and distinct, or fewer than k were found, they are the answer.
        first = self.index.candidates(lookup, k, MIN_COVERAGE)
        if len(first) < k or (self._usable(first, query_kind) and (not distinct or _distinct(self.index, first))):
            return first
        return self._choose(self.index.candidates(lookup, KIND_POOL * k, MIN_COVERAGE), query_kind, k, distinct)

    def _choose(self, pool: list[tuple[int, float]], query_kind: str | None, k: int,
                distinct: bool) -> list[tuple[int, float]]:
        """The ``k`` names ``_retrieve`` keeps of the pool of ``KIND_POOL`` × ``k`` best: those of a comparable kind
        (``filter_kind_before_cap``) and, with ``distinct``, one per name the matcher scores."""
        assert self.index is not None
        names = self.index.names
        if query_kind is not None and getattr(self.matcher, "filter_kind_before_cap", False):
            pool = [item for item in pool if _comparable(query_kind, names[item[0]].form.kind)]
        if not distinct:
            return pool[:k]
        out: list[tuple[int, float]] = []
        seen: set[tuple[str, str]] = set()
        entries = self.index.entries
        for item in pool:
            listed = names[item[0]]
            key = (entries[listed.entry].entry_id, (listed.form if listed.base is None else listed.base).original)
            if key not in seen:
                seen.add(key)
                out.append(item)
                if len(out) == k:
                    break
        return out

    def _retrieve_each(self, lookup: list[NameForm], query_kind: str | None, k: int) -> list[tuple[int, float]]:
        """The ``k`` best names for a name written in Cyrillic or a person's name in kana (the matcher's
        ``retrieve_each_form``), its lookup forms each searched on its own as well as all together.

        The lookup forms of such a query are alternatives (the analyser's reading, the BGN/PCGN reading, the
        reading with words translated, respellings): searched together their key mass is summed, so each extra
        reading lowers the coverage of the listed name that one reading spells ("ООО «Сбербанк Финансиал
        Компания»" read as "sberbank finansial" covers LIMITED LIABILITY COMPANY SBERBANK FINANCIAL COMPANY fully,
        summed with "sberbank finansial kompaniya" and "... corp" under MIN_COVERAGE). Each form's list is ranked
        as the index ranks it; the lists are merged by rank within a list, then by the list's order (all forms
        together first, then the forms in lookup order), so that every reading has its best names among the
        ``k``. Not by coverage: a short listed name all of whose keys one reading has is covered fully (1.0)
        without being a good candidate, and would crowd out the name all readings together rank first (dev).
        Not for Han, Hangul or Arabic script: their readings are segmentations whose parts alone fully cover short
        generic listed names ("Hong Kong Electronics"), which then crowd out the name all parts together find (dev).
        People in Cyrillic and kana (session 8): a kana name's readings (r or l, b or v, the vowel kana add dropped
        or kept) and a Cyrillic name's (kh or h, respellings) are alternatives too: アリ・カラキ read as "ari karaki"
        covers KARAKI, Ali, summed with "ali kalaki" under MIN_COVERAGE. Arabic people lose by it (dev 0.952 →
        0.943: a reading's short skeleton alone fully covers many names)."""
        lists = [self._retrieve_all(lookup, query_kind, k, True)]
        seen_forms: set[tuple[str, ...]] = set()
        for form in lookup:
            if form.tokens in seen_forms:
                continue
            seen_forms.add(form.tokens)
            lists.append(self._retrieve_all([form], query_kind, k, True))
        merged = sorted((rank, order, name_id, coverage)
                        for order, found in enumerate(lists) for rank, (name_id, coverage) in enumerate(found))
        return self._distinct(((name_id, coverage) for _rank, _order, name_id, coverage in merged), k)

    def _usable(self, found: list[tuple[int, float]], query_kind: str | None) -> bool:
        """True when no name of ``found`` is of a kind the query's schema rules out (or the matcher does not
        leave such names out before the cap)."""
        if query_kind is None or not getattr(self.matcher, "filter_kind_before_cap", False):
            return True
        names = self.index.names if self.index is not None else ()
        return all(_comparable(query_kind, names[item[0]].form.kind) for item in found)

    def _hits(self, query: PartyQuery, floor: float, only: Container[str] | None = None) -> list[Hit]:
        assert self.index is not None
        index = self.index
        query_kind = kind_of(query.schema) if query.schema else None
        forms, lookup = self.lookup_forms(query.name, query.schema)
        if query.country or query.address or query.date_of_birth:
            evidence = Evidence(query.country.upper() if query.country else None, query.address,
                                query.date_of_birth)
        else:
            evidence = _NO_EVIDENCE
        best: dict[int, tuple[float, str, dict[str, Any]]] = {}
        memo: dict[object, object] = {}
        names = index.names
        entries = index.entries
        score = self.matcher.score_candidate
        found = [name_id for name_id, _coverage in self._retrieve(lookup, query_kind, CANDIDATES)]
        expand = bool(getattr(self.matcher, "score_entry_names", False))
        linked: dict[int, ListEntry] = {}
        if getattr(self.matcher, "score_linked_entries", False):
            org = forms.get(ORG)
            if org is not None and org.legal:  # only a legal form of the query makes another entry's names count
                linked = _linked_entries(names, entries, found, self._stand_ins)
        near: list[int] = []  # names of entries scoring ENTRY_FLOOR or more (expand: their other names are scored)
        while found:
            for name_id in found:
                listed = names[name_id]
                kind = listed.form.kind
                if query_kind is not None and not _comparable(query_kind, kind):
                    continue
                if only is not None and entries[listed.entry].entry_id not in only:
                    continue
                form = forms.get(kind if kind != OTHER else ORG) or analyze(query.name, kind)
                number = listed.entry
                scored = listed.form if listed.base is None else listed.base
                entry = entries[number] if not linked else linked.get(number, entries[number])
                result = score(form, scored, listed.weak, evidence, entry, floor, memo)
                if expand and result.score >= ENTRY_FLOOR:
                    near.append(name_id)
                if result.score < floor:
                    continue
                previous = best.get(number)
                if previous is None or result.score > previous[0]:
                    best[number] = (result.score, scored.original, result.explanation)
            if expand:  # an entry already scoring 1.0 cannot score more: its other names are not scored
                near = [name_id for name_id in near if best.get(names[name_id].entry, _NOT_SCORED)[0] < 1.0]
            if not expand or not near:
                break
            expand = False
            found = _entry_names(names, near, set(found))
        if not best:
            return []
        hits = []
        for number, (value, matched, explanation) in best.items():
            entry = entries[number]
            hits.append(Hit(entry.entry_id, entry.source, entry.source_code, entry.name, matched, value,
                            entry.license_requirement, entry.license_policy, list(entry.countries),
                            list(entry.programs), entry.federal_register_notice, explanation, entry.remarks,
                            [entry.source], [entry.entry_id]))
        hits.sort(key=lambda h: (-h.score, h.entry_id))
        return hits[:MAX_HITS]


ENTRY_NAMES = 24  # names of one candidate entry scored at most (the matcher's ``score_entry_names``)
ENTRY_FLOOR = 0.6  # a candidate entry whose retrieved name scores this much has its other names scored too


def _distinct(index: ScreeningIndex, found: list[tuple[int, float]]) -> bool:
    """True when no two names of ``found`` are one name of one listed entity: a name and a retrieval variant made
    of it (canonical view, skeleton, acronym), or the same name in the CSL's and OFAC's copies of an SDN entry."""
    names = index.names
    entries = index.entries
    seen: set[tuple[str, str]] = set()
    for name_id, _coverage in found:
        listed = names[name_id]
        key = (entries[listed.entry].entry_id, (listed.form if listed.base is None else listed.base).original)
        if key in seen:
            return False
        seen.add(key)
    return True


def _entry_names(names: Sequence[IndexedName], near: list[int], scored: set[int]) -> list[int]:
    """The other names of the entries of ``near`` not yet ``scored``: a listed name retrieval did not rank among
    the best may be the one the query spells ("Abd al-Hakim" found under "AL HAKIM, Abdullah Yahya" of an entry
    that also lists "AL-HAKIM, Abdallah"). An entry's names are consecutive in the index; variants made for
    retrieval are left out (their base is one of the entry's names)."""
    out: list[int] = []
    done: set[int] = set()
    count = len(names)
    for name_id in near:
        number = names[name_id].entry
        if number in done:
            continue
        done.add(number)
        low = name_id
        while low > 0 and names[low - 1].entry == number:
            low -= 1
        high = low
        while high < count and high - low < ENTRY_NAMES and names[high].entry == number:
            if high not in scored and names[high].base is None:
                out.append(high)
            high += 1
    return out


def _linked_entries(names: Sequence[IndexedName], entries: Sequence[ListEntry], found: list[int],
                    made: dict[tuple[int, tuple[int, ...]], ListEntry | None]) -> dict[int, ListEntry]:
    """Candidate entries to score with the names of other candidate entries of the same listed entity (the
    matcher's ``score_linked_entries``: what legal forms an entity has is read off all of its names).

    * the copies of one entry (same entry id: the CSL's copy of an SDN entry and OFAC's own files, which do not
      all carry the a.k.a.s — OFAC's 2024 file has "X" alone where the CSL's copy also lists "X LLC") are
      scored with the names of all of them;
    * an organisation listed without any legal form ("X" on one list) is scored with the names of the
      candidate entries that list the same distinctive words with one ("X GmbH" on another list): the bare
      listing names no form of its own, its namesakes say which it has. An entry with a legal form of its own
      gains nothing from namesakes ("X AG" and "X GmbH" may be two companies).

    Returns stand-in entries by entry number, only for entries that gain names (scoring only; hits show the
    entries as listed)."""
    copies: dict[str, list[int]] = {}
    words: dict[int, set[tuple[str, ...]]] = {}  # entry -> distinctive words of its found organisation names
    formed: dict[tuple[str, ...], list[int]] = {}  # distinctive words -> entries finding them with a legal form
    with_form: set[int] = set()
    for name_id in found:
        listed = names[name_id]
        form = listed.form if listed.base is None else listed.base
        number = listed.entry
        numbers = copies.setdefault(entries[number].entry_id, [])
        if number not in numbers:
            numbers.append(number)
        if form.kind == ORG and form.tokens:
            words.setdefault(number, set()).add(form.tokens)
            if form.legal:
                with_form.add(number)
                found_with = formed.setdefault(form.tokens, [])
                if number not in found_with:
                    found_with.append(number)
    if not formed and all(len(group) == 1 for group in copies.values()):
        return {}
    out: dict[int, ListEntry] = {}
    for group in copies.values():
        for number in group:
            extra = [other for other in group if other != number]
            if not any(member in with_form for member in group):
                for tokens in words.get(number, ()):
                    extra.extend(other for other in formed.get(tokens, ()) if other not in group)
            if not extra:
                continue
            key = (number, tuple(dict.fromkeys(extra)))
            stand_in = made.get(key, _NO_STAND_IN)
            if stand_in is _NO_STAND_IN:
                entry = entries[number]
                seen = {entry.name, *entry.aliases}
                gained: list[str] = []
                for other in key[1]:
                    for name in entries[other].names():
                        if name not in seen:
                            seen.add(name)
                            gained.append(name)
                stand_in = made[key] = replace(entry, aliases=[*entry.aliases, *gained]) if gained else None
            if stand_in is not None:
                out[number] = stand_in
    return out


_NO_STAND_IN = ListEntry("", "", "", "", "")  # a marker: no stand-in made yet


def _entity_key(hit: Hit) -> tuple[str, str]:
    """Entries that are one listed entity: an SDN number (the CSL's copy and OFAC's own file), else one list's
    rows with the same name (the CSL repeats a party per address)."""
    if hit.entry_id.startswith("SDN:"):
        return ("SDN", hit.entry_id)
    return (hit.source_code, " ".join(hit.name.casefold().split()))


def group_hits(entry_hits: list[Hit], query_name: str) -> list[Hit]:
    """One hit per listed entity (see the module docstring), best first; an exact name match leads ties."""
    groups: dict[tuple[str, str], list[Hit]] = {}
    for hit in entry_hits:
        groups.setdefault(_entity_key(hit), []).append(hit)
    wanted = " ".join(query_name.casefold().split())
    out: list[Hit] = []
    for members in groups.values():
        members.sort(key=lambda h: (-h.score, " ".join(h.matched_name.casefold().split()) != wanted, h.entry_id))
        lead = members[0]
        if len(members) == 1:
            out.append(lead)
            continue
        sources = list(dict.fromkeys(source for h in members for source in h.sources))
        programs = list(dict.fromkeys(p for h in members for p in h.programs))
        countries = list(dict.fromkeys(c for h in members for c in h.countries))
        out.append(Hit(lead.entry_id, lead.source, lead.source_code, lead.name, lead.matched_name, lead.score,
                       lead.license_requirement or next((h.license_requirement for h in members
                                                         if h.license_requirement), None),
                       lead.license_policy or next((h.license_policy for h in members if h.license_policy), None),
                       countries, programs, lead.federal_register_notice, lead.explanation,
                       lead.remarks or next((h.remarks for h in members if h.remarks), None), sources,
                       [h.entry_id for h in members]))
    out.sort(key=lambda h: (-h.score, " ".join(h.matched_name.casefold().split()) != wanted, h.entry_id))
    return out
