"""Candidate retrieval: an inverted index over analysed list names, so a query never scans every entry.

Every listed name and alias (and the variants of :mod:`stackclear.screening.variants`) is analysed
once with :func:`stackclear.names.analyze` under its entry's kind, and posted under keys:

* ``t`` + token — exact normalised token (distinctive tokens; legal forms are not tokens);
* ``m`` + metaphone key of tokens of 4+ letters — spelling and transliteration variants;
* ``p`` + first four letters of tokens of 5+ letters — typos late in a long word;
* ``c`` + the compact form (tokens joined) — merged or split words ("Ramimakhlouf");
* ``s`` + original-script token for non-Latin names;
* ``q`` + an order-free pair of tokens — two common tokens ("abdul", "hadi") are rare together;
* ``r`` + an order-free pair of metaphone keys — the same for spelling variants of common names
  ("Mohamed Hasan" / "Mohammed Hassan").

A query's keys vote for names with the key's rarity (IDF = ln(N/df)) times a per-key-type factor; names
are ranked by votes over the root of their own key mass (so among fifty "Huawei Technologies ..." the
plain one comes first) and the best ``limit`` whose *coverage* (votes over the smaller side's token-key
mass) reaches ``min_coverage`` become candidates for the matcher. A query token found verbatim in the
index is looked up by itself; only unknown tokens (typos, other spellings) use their fuzzy keys. Keys
posted on more than ``COMMON_DF`` names ("al", "muhammad", "trading") never vote alone: they count
through token pairs, or, when a query has nothing rarer, through the intersection of the two rarest.
When some token pair of the query is found, single-token postings longer than ``PAIR_SKIP_DF`` are
skipped (the largest cost of a lookup) and each pair votes for both of its tokens.
"""

from __future__ import annotations

import bisect
import gc
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from stackclear.names.analyze import ORG, PERSON, NameForm, analyze, kind_of
from stackclear.screening.model import ListEntry

COMMON_DF = 300
KEY_FACTOR = {"t": 1.0, "m": 0.6, "p": 0.5, "c": 1.5, "s": 1.0, "q": 0.5, "r": 0.5}
SOUND_PAIR_FACTOR = 0.8
PAIR_TOKENS = 5
PAIR_SKIP_DF = 40
VARIANT_NORM = 1.000001  # a retrieval variant's norm, scaled: it loses ties with listed names
SEED_SCAN = 8  # seeds up to this long are tested for membership by scanning
TOKEN_MEMO = 100_000  # query tokens whose lookup keys are remembered


def name_keys(form: NameForm) -> set[str]:
    """The index keys of one analysed name."""
    keys: set[str] = set()
    add = keys.add
    for token, phonetic in zip(form.tokens, form.phonetic, strict=True):
        size = len(token)
        if size > 1:
            add("t" + token)
            if size >= 4:
                if phonetic:
                    add("m" + phonetic)
                if size >= 5:
                    add("p" + token[:4])
    if form.compact:
        keys.update(["c" + compact for compact in form.compacts])
    for token in form.script_tokens:
        add("s" + token)
    if len(form.tokens) > 1:
        keys.update(pair_keys(form.tokens))
        keys.update(sound_pairs(form))
    return keys


def pair_keys(tokens: tuple[str, ...]) -> list[str]:
    """Order-free pairs of the first PAIR_TOKENS tokens: two common tokens ("abdul", "hadi") are rare together."""
    words = sorted({t for t in tokens[:PAIR_TOKENS] if len(t) > 1})
    return ["q" + a + " " + b for n, a in enumerate(words) for b in words[n + 1 :]]


def sound_pairs(form: NameForm) -> dict[str, tuple[str, str]]:
    """Order-free pairs of metaphone keys (``r`` keys) with the tokens they come from: "Mohamed Hasan" and
    "Mohammed Hassan" share (MHMT, HSN) although each token alone is too common to look up."""
    sounds: dict[str, str] = {}
    for token, phonetic in zip(form.tokens[:PAIR_TOKENS], form.phonetic[:PAIR_TOKENS], strict=True):
        if len(token) >= 3 and phonetic:
            sounds.setdefault(phonetic, token)
    ordered = sorted(sounds)
    return {
        "r" + a + " " + b: (sounds[a], sounds[b]) for n, a in enumerate(ordered) for b in ordered[n + 1 :]
    }


@dataclass(frozen=True, slots=True)
class _Seed:
    """What retrieval needs of a posting used as a query's seed (made at build time)."""

    members: frozenset[int]
    by_norm: tuple[int, ...]  # ordered by (norm, id)
    by_mass: tuple[int, ...]  # ordered by (mass, id)
    masses: list[float]  # the masses of ``by_mass``, for bisection


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One analysed list name: which entry it belongs to and whether it is a weak alias. A variant indexed
    for retrieval only (a matcher's ``index_variants``) keeps the name it was made from in ``base``: that
    name is what the matcher scores."""

    entry: int
    form: NameForm
    weak: bool
    base: NameForm | None = None


Posting = tuple[tuple[int, ...], float]


class PackedIndex(Protocol):
    """An index stored on disk (see :mod:`stackclear.screening.index_cache`): its parts are decoded on use."""

    entries: Sequence[ListEntry]
    names: Sequence[IndexedName]
    mass: list[float]
    norm: list[float]
    pair_sounds: frozenset[str]

    def posting(self, key: str) -> tuple[tuple[int, ...], float, _Seed | None] | None:
        """The posting of ``key`` (name ids, weight) and its seed helpers, or None when no name has the key."""
        ...


class ScreeningIndex:
    """Names of all loaded list entries, their analysed forms, and the inverted index over them.

    Built from list entries, or (``packed``) over an index stored by :mod:`stackclear.screening.index_cache`,
    whose postings, names and entries are decoded when a query first needs them. Both answer identically.
    """

    def __init__(
        self,
        entries: Sequence[ListEntry] = (),
        packed: PackedIndex | None = None,
        expand: Callable[[NameForm], list[NameForm]] | None = None,
    ) -> None:
        """``expand`` (a matcher's ``index_variants``) gives other forms of a listed name to index beside it."""
        self._packed = packed
        self._token_memo: dict[tuple[str, str], tuple[tuple[str, Posting], ...]] = {}
        self._least: dict[float, list[float]] = {}
        # Per-posting helpers of candidates(), keyed by the id of the (long-lived) posting tuple.
        self._seeds: dict[int, _Seed] = {}
        self.postings: dict[str, Posting] = {}  # built: every key; packed: the keys decoded so far
        if packed is not None:
            self.entries: Sequence[ListEntry] = packed.entries
            self.names: Sequence[IndexedName] = packed.names
            self.mass: list[float] = packed.mass
            self.norm: list[float] = packed.norm
            self._pair_sounds: frozenset[str] = packed.pair_sounds
            return
        self.entries = list(entries)
        self.names = []
        # The build allocates ~10^6 long-lived objects: with the collector on, each of its full passes
        # re-traverses all of them (about half a second in total); nothing built here is cyclic garbage.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(expand)
        finally:
            if enabled:
                gc.enable()
        # The index is long-lived: move it out of the collector's generations so later collections
        # do not re-traverse ~10^6 objects (a full pass after the build costs tens of milliseconds).
        gc.collect()
        gc.freeze()

    def _build(self, expand: Callable[[NameForm], list[NameForm]] | None) -> None:
        from stackclear.screening.variants import name_variants  # build only: a loaded index never needs it

        names: list[IndexedName] = []
        self.names = names
        postings: defaultdict[str, list[int]] = defaultdict(list)
        keys_of: dict[int, tuple[str, ...]] = {}  # analyze() returns one cached form for a repeated name
        for number, entry in enumerate(self.entries):
            kind = kind_of(entry.schema)
            seen: set[str] = set()
            listed: set[str] = set()  # keys of the entry's own names (a variant's key does not hide a name)
            texts = [(v, w) for n in entry.names() for v, w in name_variants(n, kind == ORG)]
            texts += [(alias, True) for alias in entry.weak_aliases]
            for text, weak in texts:
                form = analyze(text, kind)
                if form.empty:
                    continue
                base = form
                forms = [] if form.key in listed else [form]
                listed.add(form.key)
                seen.add(form.key)
                if expand is not None:
                    # a name whose key is already indexed ("X S.A." beside "X Ltda.") may still have variants
                    # of its own (the acronym "XL"): they are indexed with it as their base
                    for variant in expand(form):
                        if not variant.empty and variant.key not in seen:
                            forms.append(variant)
                            seen.add(variant.key)
                for form in forms:
                    name_id = len(names)
                    names.append(IndexedName(number, form, weak, None if form is base else base))
                    keys = keys_of.get(id(form))
                    if keys is None:
                        # sorted: set order varies with the hash seed, and key order fixes the float sums below
                        keys = keys_of[id(form)] = tuple(sorted(name_keys(form)))
                    for key in keys:
                        postings[key].append(name_id)
        total = max(1, len(names))
        weight = {k: (math.log(total / len(v)) + 0.1) * KEY_FACTOR[k[0]] for k, v in postings.items()}
        for key in weight:
            if key[0] == "q":  # a pair stands for both of its tokens
                first, second = key[1:].split(" ", 1)
                weight[key] = weight.get("t" + first, 0.0) + weight.get("t" + second, 0.0)
        # One dictionary from key to (posting, weight): a query pays one lookup per key.
        del keys_of
        for key in list(postings):  # lists become tuples one by one (a lower peak of memory)
            self.postings[key] = (tuple(postings.pop(key)), weight[key])
        # ``mass`` (sum of a name's key weights) bounds how much of a name a query can cover; votes are
        # ranked divided by the root of the sum of squares (``norm``), so that among names sharing the
        # query's keys those with fewer other keys come first (fifty "Huawei Technologies ..."
        # subsidiaries share every key of "Huawei Technologies").
        mass = [1e-9] * len(self.names)
        square = [1e-18] * len(self.names)
        for key, (posting, w) in self.postings.items():
            w2 = w * w
            if key[0] in "cqr":  # bonus keys: coverage counts tokens
                for name_id in posting:
                    square[name_id] += w2
            else:
                for name_id in posting:
                    mass[name_id] += w
                    square[name_id] += w2
        self.mass = mass
        # a name indexed for retrieval only (a matcher's variant: an acronym, a canonical view) ranks after a listed
        # name with the same keys ("GSS" listed leads the acronym "GSS" of "Guisanes S.A.S.")
        self.norm = [math.sqrt(x) * (1.0 if named.base is None else VARIANT_NORM) for x, named in zip(square, names,
                                                                                                  strict=True)]
        self._prepare_seeds()
        # metaphone keys that occur in some sound-pair key: a query's other sounds cannot form one
        self._pair_sounds = frozenset(
            sound for key in self.postings if key[0] == "r" for sound in key[1:].split(" ")
        )

    @property
    def packed(self) -> bool:
        """True for an index read from the disk cache (decoded lazily), False for one built from entries."""
        return self._packed is not None

    def seed(self, posting: tuple[int, ...]) -> _Seed | None:
        """The build-time helpers of ``posting`` as a query's seed (None for a posting too short or too long)."""
        return self._seeds.get(id(posting))

    def posting(self, key: str) -> Posting | None:
        """The posting (name ids, weight) of ``key``, or None when no listed name has it."""
        found = self.postings.get(key)
        if found is None and self._packed is not None:
            unpacked = self._packed.posting(key)
            if unpacked is not None:
                ids, weight, seed = unpacked
                found = (ids, weight)
                self.postings[key] = found  # kept: the seed helpers are keyed by the id of this tuple
                if seed is not None:
                    self._seeds[id(ids)] = seed
        return found


    def __len__(self) -> int:
        return len(self.names)

    def clear_memo(self) -> None:
        """Forget the memoised per-token lookups (benchmarks start each run from a cold memo)."""
        self._token_memo.clear()

    def query_forms(self, name: str, schema: str | None) -> dict[str, NameForm]:
        """The query analysed under each kind it may be compared as (both when the schema is unknown)."""
        if schema is not None:
            kind = kind_of(schema)
            return {kind: analyze(name, kind)}
        org = analyze(name, ORG)
        if org.legal:  # a legal form says it is an organisation
            return {ORG: org}
        return {PERSON: analyze(name, PERSON), ORG: org}

    def query_keys(self, forms: Iterable[NameForm]) -> set[str]:
        """Keys to look up for a query: a token found verbatim in the index is looked up by itself; only
        tokens the lists do not contain (typos, other spellings) fall back to their fuzzy keys."""
        return set(self._lookup(list(forms)))

    def _token_keys(self, token: str, phonetic: str) -> tuple[tuple[str, Posting], ...]:
        """The keys (with their postings) one query token is looked up under, memoised: token
        vocabularies repeat across queries even when whole names do not."""
        memo = self._token_memo
        found = memo.get((token, phonetic))
        if found is not None:
            return found
        posting = self.posting
        exact = posting("t" + token) if len(token) > 1 else None
        if exact is not None:
            found = (("t" + token, exact),)
        else:
            fuzzy: list[tuple[str, Posting]] = []
            if len(token) >= 4 and phonetic:
                entry = posting("m" + phonetic)
                if entry is not None:
                    fuzzy.append(("m" + phonetic, entry))
            if len(token) >= 5:
                entry = posting("p" + token[:4])
                if entry is not None:
                    fuzzy.append(("p" + token[:4], entry))
            found = tuple(fuzzy)
        if len(memo) >= TOKEN_MEMO:
            memo.clear()
        memo[(token, phonetic)] = found
        return found

    def _lookup(self, forms: list[NameForm]) -> dict[str, tuple[tuple[int, ...], float]]:
        """The query's keys found in the index (see :meth:`query_keys`), each with its posting and the
        weight its votes carry (for a sound pair: the weight of the two query tokens it stands for)."""
        found: dict[str, tuple[tuple[int, ...], float]] = {}
        get = self.posting
        token_keys = self._token_keys
        pair_sounds = self._pair_sounds
        for form in forms:
            tokens = form.tokens
            known: set[str] = set()  # tokens found verbatim: only they can form a pair key
            for position, (token, phonetic) in enumerate(zip(tokens, form.phonetic, strict=True)):
                keys = token_keys(token, phonetic)
                found.update(keys)
                if position < PAIR_TOKENS and keys and keys[0][0][0] == "t":
                    known.add(token)
            for key in ("c" + form.compact if form.compact else "", *("s" + t for t in form.script_tokens)):
                entry = get(key)
                if entry is not None:
                    found[key] = entry
            if len(tokens) < 2:
                continue
            # pair_keys() and sound_pairs(), inlined: this runs for every query
            words = sorted(known)
            for n, a in enumerate(words):
                for b in words[n + 1 :]:
                    key = "q" + a + " " + b
                    entry = get(key)
                    if entry is not None:
                        found[key] = entry
            sounds: dict[str, str] = {}
            for token, phonetic in zip(tokens[:PAIR_TOKENS], form.phonetic[:PAIR_TOKENS], strict=True):
                if len(token) >= 3 and phonetic and phonetic not in sounds:
                    sounds[phonetic] = token
            ordered = sorted(x for x in sounds if x in pair_sounds)  # sounds no ``r`` key holds pair with none
            for n, a in enumerate(ordered):
                for b in ordered[n + 1 :]:
                    key = "r" + a + " " + b
                    entry = get(key)
                    if entry is not None:  # a pair of sounds stands for the query's two tokens, discounted
                        one = get("t" + sounds[a])
                        two = get("t" + sounds[b])
                        weight = (one[1] if one else 0.0) + (two[1] if two else 0.0)
                        found[key] = (entry[0], SOUND_PAIR_FACTOR * weight)
        return found

    def candidates(
        self, forms: Iterable[NameForm], limit: int = 20, min_coverage: float = 0.0
    ) -> list[tuple[int, float]]:
        """The ``limit`` best ``(name id, coverage)`` pairs sharing rarity-weighted keys with the query.

        ``coverage`` = votes / min(query key mass, name key mass): the share of the smaller side's
        identifying keys the two names have in common. Names below ``min_coverage`` are dropped; they
        cannot reach a reviewable score (bench/bench_screen_speed.py reports the recall this keeps).
        """
        rare: list[tuple[tuple[int, ...], float]] = []
        common: list[tuple[int, tuple[int, ...]]] = []
        query_mass = 0.0
        found = self._lookup(list(forms))
        # When two query tokens are found together in some listed name (a ``q`` key), names sharing just one
        # frequent token cannot outscore those: such long postings are skipped (the largest cost of a lookup)
        # and a pair votes for both of its tokens instead.
        paired = any(k[0] == "q" for k in found)
        for key, (posting, weight) in found.items():
            kind = key[0]
            size = len(posting)
            if kind != "q" and kind != "r":
                if kind != "c":  # the compact form is a bonus (merged words), not part of the coverage
                    query_mass += weight
                if paired and size > PAIR_SKIP_DF:
                    continue
            if size > COMMON_DF:
                common.append((size, posting))
            else:
                rare.append((posting, weight))
        if not rare:
            if not common:
                return []
            common.sort(key=lambda item: item[0])
            shared = set(common[0][1])
            if len(common) > 1:
                shared.intersection_update(common[1][1])
            norm = self.norm
            return [(name_id, 1.0) for name_id in sorted(shared, key=lambda n: (norm[n], n))[:limit]]
        # The longest posting (the "seed") is not tallied name by name: about two thirds of the names a
        # query touches are in it alone, and those all have the seed's weight as their votes. Only names
        # of the other postings are tallied (starting from the seed's weight when they are in it too).
        rare.sort(key=lambda item: len(item[0]), reverse=True)
        seed, seed_weight = rare[0]
        in_seed = self._members(seed)
        # ``Any``: compiled by mypyc, ids typed ``int`` would be unboxed and boxed again (a new int object) at
        # every dictionary access; as ``Any`` they stay the index's own objects.
        votes: dict[Any, float] = {}
        get = votes.get
        for posting, weight in rare[1:]:
            ids: Any = posting
            for name_id in ids:
                vote = get(name_id)
                if vote is None:
                    vote = seed_weight if name_id in in_seed else 0.0
                votes[name_id] = vote + weight
        mass = self.mass
        norm = self.norm
        # coverage = votes / min(query_mass, mass) >= min_coverage, tested without dividing
        floor = min_coverage * query_mass
        least = self._least_votes(min_coverage)
        passing = [n for n, vote in votes.items() if vote >= floor or vote >= least[n]]
        # Names in the seed alone all have the seed's weight as votes, so they rank by their norm: only the
        # first ``limit`` of them (in the seed's order by norm) that pass can be among the best.
        # Unless the seed's weight covers the query, only names light enough for it to cover them pass: a prefix
        # of the seed by mass, filtered directly when short.
        alone: list[int] = []
        light_only = seed_weight < floor
        end = -1
        by_mass: tuple[int, ...] = ()
        if light_only:
            by_mass, masses = self._by_mass(seed)
            end = bisect.bisect_right(masses, seed_weight / min_coverage * (1 + 1e-9))  # floor > 0: coverage > 0
        if 0 <= end <= 4 * limit:
            alone = [n for n in by_mass[:end] if n not in votes and seed_weight >= least[n]]
        else:
            for n in self._by_norm(seed):
                if n not in votes and (not light_only or seed_weight >= least[n]):
                    alone.append(n)
                    if len(alone) == limit:
                        break
        ranked = [(-votes[n] / norm[n], n, votes[n]) for n in passing]
        ranked += [(-seed_weight / norm[n], n, seed_weight) for n in alone]
        ranked.sort()
        out = []
        for _, name_id, vote in ranked[:limit]:
            smaller = query_mass if query_mass < mass[name_id] else mass[name_id]
            out.append((name_id, 1.0 if vote >= smaller else vote / smaller))
        return out

    def _prepare_seeds(self) -> None:
        """Made at build time for every posting a query may use as its seed (SEED_SCAN < length <= COMMON_DF):
        a set for membership tests and the orderings by norm and by mass. Made lazily instead, they cost the
        first queries that use each posting tens of microseconds (about a fifth of a query over the first
        10,000 queries of a fresh index), and every new process would pay that again."""
        count = len(self.names)
        norm_rank = [0] * count
        for position, name_id in enumerate(sorted(range(count), key=self.norm.__getitem__)):  # ties: by id
            norm_rank[name_id] = position
        mass_rank = [0] * count
        for position, name_id in enumerate(sorted(range(count), key=self.mass.__getitem__)):
            mass_rank[name_id] = position
        mass = self.mass
        for posting, _ in self.postings.values():
            if SEED_SCAN < len(posting) <= COMMON_DF:
                by_mass = tuple(sorted(posting, key=mass_rank.__getitem__))
                self._seeds[id(posting)] = _Seed(
                    frozenset(posting),
                    tuple(sorted(posting, key=norm_rank.__getitem__)),
                    by_mass,
                    [mass[n] for n in by_mass],
                )

    def _members(self, posting: tuple[int, ...]) -> frozenset[int] | tuple[int, ...]:
        """``posting`` as a set for membership tests; short postings are scanned as they are."""
        if len(posting) <= SEED_SCAN:
            return posting
        found = self._seeds.get(id(posting))
        return found.members if found is not None else frozenset(posting)

    def _by_norm(self, posting: tuple[int, ...]) -> tuple[int, ...]:
        """``posting`` ordered by norm (then name id): the ranking of names that share only this key."""
        found = self._seeds.get(id(posting))
        if found is not None:
            return found.by_norm
        norm = self.norm
        return tuple(sorted(posting, key=lambda n: (norm[n], n)))

    def _by_mass(self, posting: tuple[int, ...]) -> tuple[tuple[int, ...], list[float]]:
        """``posting`` ordered by key mass (then name id), with the masses (for bisection)."""
        found = self._seeds.get(id(posting))
        if found is not None:
            return found.by_mass, found.masses
        mass = self.mass
        ordered = tuple(sorted(posting, key=lambda n: mass[n]))
        return ordered, [mass[n] for n in ordered]

    def _least_votes(self, min_coverage: float) -> list[float]:
        """``min_coverage`` × each name's key mass (the votes that cover enough of it), computed once."""
        least = self._least.get(min_coverage)
        if least is None:
            least = self._least[min_coverage] = [min_coverage * m for m in self.mass]
        return least
