"""Retrieval of matcher ``stackclear-v2``: the same index and the same candidates as :mod:`.index`, found faster.

:class:`IndexV2` is a :class:`~stackclear.screening.index.ScreeningIndex` (same build, same postings, weights,
masses and norms, so an index stored by :mod:`.index_cache` serves both) whose candidate search is v2's own, so
that ``index.py`` — part of matcher ``stackclear-v1``'s fingerprint — stays as it is. It answers exactly as
:meth:`ScreeningIndex.candidates` (tests compare both), and differs in how:

* **One tally for the kind filter.** v2 leaves names of a kind the query's schema rules out before taking its
  ``k`` best (``filter_kind_before_cap``): the ``k`` best when they are all of a comparable kind, else the
  comparable ones among the ``KIND_POOL`` × ``k`` best. ``ScreeningIndex`` answers that with two searches (``k``,
  then the pool), each looking up the query's keys and tallying their postings again. :meth:`kind_candidates`
  tallies once and ranks twice: the tally (votes of every name sharing a key with the query) does not depend on
  how many names are wanted, only the ranking of the seed-only names does.
* **Per-name numbers in flat arrays.** A query reads the key mass, norm and coverage floor of every name it
  votes for, at random positions among ~135,000 names: held in Python lists, each is a pointer to a float
  object elsewhere in memory (two cache misses per read on a busy machine); held in ``array('d')``, one
  contiguous 8-byte slot. The arrays hold the same doubles, so every comparison and division is the same.
* **The query's keys found once per distinct key.** A v2 query is looked up under several forms (its canonical
  view, full given names, respellings, script readings) that share most of their keys; a key already found
  for an earlier form is not looked up again in the index's (large) dictionary.

Where postings are split (what was measured, BENCHMARKS.md "Matcher v2 retrieval speed, session 6"): the names
made for retrieval only (skeletons, acronyms, canonical views) hardly lengthen what an ordinary Latin person
query walks — acronyms are posted under their own marked tokens (``^`` + letters) and skeletons under
vowel-less tokens, so a new kind of retrieval variant belongs in its own marked token space likewise
(:func:`stackclear.screening.matchers.v2_names.acronym_lookup` is the pattern): it then costs only the queries
that look it up.
"""

from __future__ import annotations

import bisect
import gc
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from stackclear.names.analyze import ORG, OTHER, PERSON, NameForm
from stackclear.screening.index import (
    COMMON_DF,
    PAIR_SKIP_DF,
    PAIR_TOKENS,
    SEED_SCAN,
    SOUND_PAIR_FACTOR,
    TOKEN_MEMO,
    IndexedName,
    PackedIndex,
    Posting,
    ScreeningIndex,
    _Seed,
)
from stackclear.screening.model import ListEntry

_KINDS = ("", PERSON, ORG, OTHER)
_KIND_CODES = {PERSON: 1, ORG: 2, OTHER: 3}


def _fresh(ids: tuple[int, ...]) -> tuple[int, ...]:
    """New int objects (equal values) for ``ids``, allocated one after the other."""
    return tuple([n + 0 if n > 255 else n for n in ids])  # ints up to 256 are shared by CPython anyway


def _posting_size(item: tuple[tuple[int, ...], float]) -> int:
    return len(item[0])


class _Tally:
    """What a query's postings say, before the ranking (which alone depends on how many names are wanted)."""

    def __init__(self, votes: dict[Any, float], passing: list[Any], seed: tuple[int, ...], seed_weight: float,
                 query_mass: float, floor: float, least: array[float], shared: bool = False,
                 helpers: _Seed | None = None) -> None:
        self.helpers = helpers  # the seed's build-time helpers (None: a short seed, or none made)
        self.shared = shared  # no rare key: ``passing`` is the intersection of the two rarest common postings
        self.votes = votes
        self.passing = passing
        self.seed = seed
        self.seed_weight = seed_weight
        self.query_mass = query_mass
        self.floor = floor
        self.least = least


def _acronym_index(names: Sequence[IndexedName], packed: PackedIndex | None) -> Any:
    """The :class:`~stackclear.screening.matchers.v2_acronyms.AcronymIndex` of ``names``: built (``packed`` is None),
    or over the stored form a packed index carries (its ``acronyms`` bytes; decoded on the first acronym query).
    Imported here: the matchers package imports this module."""
    from stackclear.screening.matchers.v2_acronyms import AcronymIndex

    if packed is not None:
        return AcronymIndex.from_bytes(getattr(packed, "acronyms", b""), names)
    enabled = gc.isenabled()
    gc.disable()  # ~45,000 small long-lived tuples, nothing cyclic
    try:
        return AcronymIndex.build(names)
    finally:
        if enabled:
            gc.enable()


class IndexV2(ScreeningIndex):
    """:class:`ScreeningIndex` with v2's candidate search (see the module docstring); same answers."""

    def __init__(
        self,
        entries: Sequence[ListEntry] = (),
        packed: PackedIndex | None = None,
        expand: Callable[[NameForm], list[NameForm]] | None = None,
    ) -> None:
        super().__init__(entries, packed, expand)
        self._mass_a: array[float] = array("d", self.mass)
        self._norm_a: array[float] = array("d", self.norm)
        self._least_a: dict[float, array[float]] = {}
        # kinds of the names, coded (0: not read yet: an index loaded from the disk cache decodes names on use)
        self._kinds = bytearray(len(self.mass))
        # per-token lookups of queries (see _keys_of), as ScreeningIndex._token_memo; emptied by clear_memo
        self._keys_memo: dict[str, tuple[str, tuple[tuple[str, Posting], ...]]] = {}
        # v2's acronym index (matchers.v2_acronyms): built with the index, stored with it by index_cache (section
        # ``acronyms``), so a loaded index never analyses its names again to answer an acronym query
        self.acronyms: Any = _acronym_index(self.names, packed)
        if packed is None:
            self._own_ids()

    def _own_ids(self) -> None:
        """Lay the postings out anew, key by key: each key (an equal string), then its posting's name ids (new int
        objects, equal values, allocated one after the other) and the posting itself, side by side in memory.

        Built, every posting holds the one int object made per name, scattered over the whole build, and its key
        string and tuple were made far from each other; a query reading a posting's ids then misses the cache at
        nearly every id, and finding a key costs a miss for the key's string, one for its posting and one for
        the posting's ids. Laid out anew, a posting is read from a few cache lines and the key found with its
        posting next to it (session 7: ~17-21% less retrieval time than the ids alone, same answers). Same keys
        in the same order, same ids in the same order, same weights; the seed helpers move with their postings.
        An index loaded from the disk cache decodes each posting into new ids already."""
        enabled = gc.isenabled()
        gc.disable()  # ~10^6 new long-lived ints: no collection passes over them meanwhile (nothing cyclic)
        try:
            seeds = self._seeds
            relaid: dict[str, Posting] = {}
            for key, (posting, weight) in self.postings.items():
                # the key anew (an equal string), then its posting: a query finding the key reads them side by side
                own_key = key[:1] + key[1:]
                if len(posting) > COMMON_DF:  # never walked id by id
                    relaid[own_key] = (posting, weight)
                    continue
                own = _fresh(posting)
                relaid[own_key] = (own, weight)
                seed = seeds.pop(id(posting), None)
                if seed is not None:
                    seeds[id(own)] = _Seed(frozenset(own), _fresh(seed.by_norm), _fresh(seed.by_mass), seed.masses)
            self.postings = relaid
        finally:
            if enabled:
                gc.enable()
            # long-lived, as the rest of the index (see ScreeningIndex.__init__), and collected first as there: a
            # collection untracks the fresh posting tuples (they hold only ints); frozen while still tracked, every
            # tuple a query keeps that refers to one (the per-token memo) stayed tracked, reached the oldest
            # generation and brought on full collections v1 does not pay (session 8: ~21,600 objects promoted per
            # pass of 3,000 people against ~8,300)
            gc.collect()
            gc.freeze()

    def candidates(
        self, forms: Iterable[NameForm], limit: int = 20, min_coverage: float = 0.0
    ) -> list[tuple[int, float]]:
        """As :meth:`ScreeningIndex.candidates` (the same pairs in the same order)."""
        tally = self._tally(list(forms), min_coverage)
        return [] if tally is None else self._rank(tally, limit, min_coverage)

    def kind_candidates(
        self, forms: Iterable[NameForm], limit: int, pool: int, min_coverage: float, keep: Callable[[int], bool]
    ) -> list[tuple[int, float]]:
        """The ``limit`` best names when ``keep`` holds for all of them (or fewer than ``limit`` are found), else
        those ``keep`` holds for among the ``pool`` best, at most ``limit``: what ``candidates(forms, limit)``
        and then ``candidates(forms, pool)`` filtered give, with the query's postings tallied once."""
        tally = self._tally(list(forms), min_coverage)
        if tally is None:
            return []
        first = self._rank(tally, limit, min_coverage)
        if len(first) < limit or all(keep(item[0]) for item in first):
            return first
        return [item for item in self._rank(tally, pool, min_coverage) if keep(item[0])][:limit]

    def pooled_candidates(
        self,
        forms: Iterable[NameForm],
        limit: int,
        pool: int,
        min_coverage: float,
        enough: Callable[[list[tuple[int, float]]], bool],
        choose: Callable[[list[tuple[int, float]]], list[tuple[int, float]]],
    ) -> list[tuple[int, float]]:
        """The ``limit`` best names when ``enough`` holds for them (or fewer than ``limit`` are found), else what
        ``choose`` keeps of the ``pool`` best: ``candidates(forms, limit)`` and then ``candidates(forms, pool)``,
        with the query's postings tallied once (the ranking alone depends on how many names are wanted)."""
        tally = self._tally(list(forms), min_coverage)
        if tally is None:
            return []
        first = self._rank(tally, limit, min_coverage)
        if len(first) < limit or enough(first):
            return first
        return choose(self._rank(tally, pool, min_coverage))

    def _least_array(self, min_coverage: float) -> array[float]:
        least = self._least_a.get(min_coverage)
        if least is None:
            least = self._least_a[min_coverage] = array("d", self._least_votes(min_coverage))
        return least

    def clear_memo(self) -> None:
        """Forget the memoised per-token lookups (both memos: the plain index's and v2's own)."""
        super().clear_memo()
        self._keys_memo.clear()

    def _keys_of(self, token: str, phonetic: str) -> tuple[tuple[str, Posting], ...]:
        """:meth:`ScreeningIndex._token_keys` (the same keys and postings), memoised by the token alone: a token's
        metaphone key is its own (the memo checks it), so the memo needs no (token, key) tuple per lookup."""
        memo = self._keys_memo
        hit = memo.get(token)
        if hit is not None and hit[0] == phonetic:
            return hit[1]
        exact = self.posting("t" + token) if len(token) > 1 else None
        if exact is not None:
            found: tuple[tuple[str, Posting], ...] = (("t" + token, exact),)
        else:
            fuzzy: list[tuple[str, Posting]] = []
            if len(token) >= 4 and phonetic:
                entry = self.posting("m" + phonetic)
                if entry is not None:
                    fuzzy.append(("m" + phonetic, entry))
            if len(token) >= 5:
                entry = self.posting("p" + token[:4])
                if entry is not None:
                    fuzzy.append(("p" + token[:4], entry))
            found = tuple(fuzzy)
        if len(memo) >= TOKEN_MEMO:
            memo.clear()
        memo[token] = (phonetic, found)
        return found

    def _probe(self, key: str, found: dict[str, Posting], missing: set[str]) -> None:
        """Look ``key`` up once: into ``found`` when some name has it, else into ``missing``."""
        if key in found or key in missing:
            return
        entry = self.posting(key)
        if entry is not None:
            found[key] = entry
        else:
            missing.add(key)

    def _found(self, forms: list[NameForm]) -> dict[str, Posting]:
        """:meth:`ScreeningIndex._lookup`, with each distinct key looked up in the index once for all the forms,
        and a sound pair weighed by the ``t`` postings its tokens were already found under."""
        found: dict[str, Posting] = {}
        missing: set[str] = set()  # keys some earlier form looked up in vain
        token_weight: dict[str, float] = {}  # a query token's own ``t`` weight, 0.0 when it has no ``t`` key
        pair_sounds = self._pair_sounds
        for form in forms:
            tokens = form.tokens
            phonetics = form.phonetic
            known: list[str] = []  # tokens found verbatim among the first PAIR_TOKENS: only they form pair keys
            for position in range(len(tokens)):
                token = tokens[position]
                keys = self._keys_of(token, phonetics[position])
                for key, posting in keys:  # as dict.update(keys): a key found again keeps its place
                    found[key] = posting
                exact = len(keys) > 0 and keys[0][0].startswith("t")
                if position < PAIR_TOKENS and exact and token not in known:
                    known.append(token)
                # a token of 2+ letters is looked up verbatim first: without a ``t`` key among its keys it has none
                if len(token) > 1:
                    token_weight[token] = keys[0][1][1] if exact else 0.0
            if form.compact:
                self._probe("c" + form.compact, found, missing)
            for script_token in form.script_tokens:
                self._probe("s" + script_token, found, missing)
            if len(tokens) < 2:
                continue
            if len(known) > 1:
                known.sort()
                for n in range(len(known) - 1):
                    a = known[n]
                    for b in known[n + 1 :]:
                        self._probe("q" + a + " " + b, found, missing)
            sounds: dict[str, str] = {}
            for position in range(min(len(tokens), PAIR_TOKENS)):
                token = tokens[position]
                phonetic = phonetics[position]
                if len(token) >= 3 and phonetic and phonetic not in sounds:
                    sounds[phonetic] = token
            if len(sounds) < 2:
                continue
            ordered = sorted([x for x in sounds if x in pair_sounds])
            for n in range(len(ordered) - 1):
                a = ordered[n]
                for b in ordered[n + 1 :]:
                    key = "r" + a + " " + b
                    if key in missing:
                        continue
                    entry = self.posting(key)
                    if entry is None:
                        missing.add(key)
                        continue
                    # the pair stands for this form's two tokens (a later form's weight replaces an earlier one's,
                    # as in ScreeningIndex._lookup)
                    weight = token_weight[sounds[a]] + token_weight[sounds[b]]
                    found[key] = (entry[0], SOUND_PAIR_FACTOR * weight)
        return found

    def name_kind(self, name_id: int) -> str:
        """The kind of indexed name ``name_id`` (``names[name_id].form.kind``), from a flat table: a query's
        candidates are checked against its schema without reaching into each name's analysed form."""
        code = self._kinds[name_id]
        if code == 0:
            kind = self.names[name_id].form.kind
            code = _KIND_CODES.get(kind, 0)
            if code == 0:
                return kind
            self._kinds[name_id] = code
        return _KINDS[code]

    def _tally(self, forms: list[NameForm], min_coverage: float) -> _Tally | None:
        rare: list[tuple[tuple[int, ...], float]] = []
        common: list[tuple[int, tuple[int, ...]]] = []
        query_mass = 0.0
        found = self._found(forms)
        paired = any(k[0] == "q" for k in found)
        for key, (posting, weight) in found.items():
            kind = key[0]
            size = len(posting)
            if kind != "q" and kind != "r":
                if kind != "c":
                    query_mass += weight
                if paired and size > PAIR_SKIP_DF:
                    continue
            if size > COMMON_DF:
                common.append((size, posting))
            else:
                rare.append((posting, weight))
        least = self._least_array(min_coverage)
        if not rare:
            if not common:
                return None
            # no rare key: the intersection of the two rarest common postings, all with full coverage
            common.sort(key=lambda item: item[0])
            shared = set(common[0][1])
            if len(common) > 1:
                shared.intersection_update(common[1][1])
            return _Tally({}, list(shared), (), 0.0, query_mass, 0.0, least, True)
        if len(rare) > 1:
            rare.sort(key=_posting_size, reverse=True)
        seed, seed_weight = rare[0]
        helpers = self._seeds.get(id(seed)) if len(seed) > SEED_SCAN else None
        votes: dict[Any, float] = {}
        if len(rare) > 1:
            # ``Any``: compiled, ids typed ``int`` would be unboxed and boxed again (a new int object) at every
            # dictionary access; as ``Any`` they stay the index's own objects (and the tuple is walked by position)
            if helpers is not None:
                members: frozenset[Any] = helpers.members
                for number in range(1, len(rare)):
                    posting, weight = rare[number]
                    ids: tuple[Any, ...] = posting
                    for name_id in ids:
                        vote = votes.get(name_id)
                        if vote is None:
                            vote = seed_weight if name_id in members else 0.0
                        votes[name_id] = vote + weight
            else:
                in_seed = self._members(seed)
                for number in range(1, len(rare)):
                    posting, weight = rare[number]
                    ids = posting
                    for name_id in ids:
                        vote = votes.get(name_id)
                        if vote is None:
                            vote = seed_weight if name_id in in_seed else 0.0
                        votes[name_id] = vote + weight
        floor = min_coverage * query_mass
        passing = [n for n, vote in votes.items() if vote >= floor or vote >= least[n]]
        return _Tally(votes, passing, seed, seed_weight, query_mass, floor, least, False, helpers)

    def _rank(self, tally: _Tally, limit: int, min_coverage: float) -> list[tuple[int, float]]:
        norm = self._norm_a
        if tally.shared:  # the intersection of common postings (see _tally)
            return [(name_id, 1.0) for name_id in sorted(tally.passing, key=lambda n: (norm[n], n))[:limit]]
        votes = tally.votes
        seed = tally.seed
        seed_weight = tally.seed_weight
        least = tally.least
        alone: list[Any] = []
        light_only = seed_weight < tally.floor
        end = -1
        by_mass: tuple[int, ...] = ()
        helpers = tally.helpers
        if light_only:
            by_mass, masses = (helpers.by_mass, helpers.masses) if helpers is not None else self._by_mass(seed)
            end = bisect.bisect_right(masses, seed_weight / min_coverage * (1 + 1e-9))
        if 0 <= end <= 4 * limit:
            ids: tuple[Any, ...] = by_mass[:end]
            alone = [n for n in ids if n not in votes and seed_weight >= least[n]]
        else:
            ordered: tuple[Any, ...] = helpers.by_norm if helpers is not None else self._by_norm(seed)
            for n in ordered:
                if n not in votes and (not light_only or seed_weight >= least[n]):
                    alone.append(n)
                    if len(alone) == limit:
                        break
        ranked = [(-votes[n] / norm[n], n, votes[n]) for n in tally.passing]
        ranked += [(-seed_weight / norm[n], n, seed_weight) for n in alone]
        ranked.sort()
        mass = self._mass_a
        query_mass = tally.query_mass
        out = []
        for _, name_id, vote in ranked[:limit]:
            own = mass[name_id]
            smaller = query_mass if query_mass < own else own
            out.append((name_id, 1.0 if vote >= smaller else vote / smaller))
        return out
