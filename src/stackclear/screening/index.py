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

import gc
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stackclear.names import ORG, PERSON, NameForm, analyze, kind_of
from stackclear.screening.model import ListEntry
from stackclear.screening.variants import name_variants

COMMON_DF = 300
KEY_FACTOR = {"t": 1.0, "m": 0.6, "p": 0.5, "c": 1.5, "s": 1.0, "q": 0.5, "r": 0.5}
SOUND_PAIR_FACTOR = 0.8
PAIR_TOKENS = 5
PAIR_SKIP_DF = 40
TOKEN_MEMO = 100_000  # query tokens whose lookup keys are remembered


def name_keys(form: NameForm) -> set[str]:
    """The index keys of one analysed name."""
    keys: set[str] = set()
    for token, phonetic in zip(form.tokens, form.phonetic, strict=True):
        if len(token) > 1:
            keys.add("t" + token)
        if len(token) >= 4 and phonetic:
            keys.add("m" + phonetic)
        if len(token) >= 5:
            keys.add("p" + token[:4])
    if form.compact:
        keys.update("c" + compact for compact in form.compacts)
    for token in form.script_tokens:
        keys.add("s" + token)
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
class IndexedName:
    """One analysed list name: which entry it belongs to and whether it is a weak alias."""

    entry: int
    form: NameForm
    weak: bool


class ScreeningIndex:
    """Names of all loaded list entries, their analysed forms, and the inverted index over them."""

    def __init__(self, entries: Sequence[ListEntry]) -> None:
        self.entries: list[ListEntry] = list(entries)
        self.names: list[IndexedName] = []
        postings: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            kind = kind_of(entry.schema)
            seen: set[str] = set()
            texts = [(v, w) for n in entry.names() for v, w in name_variants(n, kind == ORG)]
            texts += [(alias, True) for alias in entry.weak_aliases]
            for text, weak in texts:
                form = analyze(text, kind)
                if form.empty or form.key in seen:
                    continue
                seen.add(form.key)
                name_id = len(self.names)
                self.names.append(IndexedName(number, form, weak))
                for key in name_keys(form):
                    postings.setdefault(key, []).append(name_id)
        total = max(1, len(self.names))
        idf = {k: math.log(total / len(v)) + 0.1 for k, v in postings.items()}
        weight = {k: idf[k] * KEY_FACTOR[k[0]] for k in postings}
        for key in postings:
            if key[0] == "q":  # a pair stands for both of its tokens
                first, second = key[1:].split(" ", 1)
                weight[key] = weight.get("t" + first, 0.0) + weight.get("t" + second, 0.0)
        # One dictionary from key to (posting, weight): a query pays one lookup per key.
        self.postings: dict[str, tuple[tuple[int, ...], float]] = {
            k: (tuple(v), weight[k]) for k, v in postings.items()
        }
        # ``mass`` (sum of a name's key weights) bounds how much of a name a query can cover; votes are
        # ranked divided by the root of the sum of squares (``norm``), so that among names sharing the
        # query's keys those with fewer other keys come first (fifty "Huawei Technologies ..."
        # subsidiaries share every key of "Huawei Technologies").
        mass = [1e-9] * len(self.names)
        square = [1e-18] * len(self.names)
        for key, (posting, w) in self.postings.items():
            bonus = key[0] in "cqr"  # bonus keys: coverage counts tokens
            w2 = w * w
            for name_id in posting:
                if not bonus:
                    mass[name_id] += w
                square[name_id] += w2
        self.mass: list[float] = mass
        self.norm: list[float] = [math.sqrt(x) for x in square]
        self._token_memo: dict[tuple[str, str], tuple[tuple[str, tuple[tuple[int, ...], float]], ...]] = {}
        self._least: dict[float, list[float]] = {}
        # The index is long-lived: move it out of the collector's generations so later collections
        # do not re-traverse ~10^6 objects (a full pass after the build costs tens of milliseconds).
        gc.collect()
        gc.freeze()

    def __len__(self) -> int:
        return len(self.names)

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

    def _token_keys(self, token: str, phonetic: str) -> tuple[tuple[str, tuple[tuple[int, ...], float]], ...]:
        """The keys (with their postings) one query token is looked up under, memoised: token
        vocabularies repeat across queries even when whole names do not."""
        memo = self._token_memo
        found = memo.get((token, phonetic))
        if found is not None:
            return found
        postings = self.postings
        exact = postings.get("t" + token) if len(token) > 1 else None
        if exact is not None:
            found = (("t" + token, exact),)
        else:
            fuzzy = []
            if len(token) >= 4 and phonetic:
                fuzzy.append("m" + phonetic)
            if len(token) >= 5:
                fuzzy.append("p" + token[:4])
            found = tuple((k, postings[k]) for k in fuzzy if k in postings)
        if len(memo) >= TOKEN_MEMO:
            memo.clear()
        memo[(token, phonetic)] = found
        return found

    def _lookup(self, forms: list[NameForm]) -> dict[str, tuple[tuple[int, ...], float]]:
        """The query's keys found in the index (see :meth:`query_keys`), each with its posting and the
        weight its votes carry (for a sound pair: the weight of the two query tokens it stands for)."""
        found: dict[str, tuple[tuple[int, ...], float]] = {}
        postings = self.postings
        token_keys = self._token_keys
        for form in forms:
            tokens = form.tokens
            for token, phonetic in zip(tokens, form.phonetic, strict=True):
                found.update(token_keys(token, phonetic))
            for key in ["c" + form.compact] if form.compact else []:
                if key in postings:
                    found[key] = postings[key]
            for token in form.script_tokens:
                if "s" + token in postings:
                    found["s" + token] = postings["s" + token]
            if len(tokens) < 2:
                continue
            for key in pair_keys(tokens):
                if key in postings:
                    found[key] = postings[key]
            for key, (first, second) in sound_pairs(form).items():
                entry = postings.get(key)
                if entry is not None:  # a pair of sounds stands for the query's two tokens, discounted
                    one = postings.get("t" + first)
                    two = postings.get("t" + second)
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
        # The longest posting seeds the tally in C (dict.fromkeys); the others add to it.
        rare.sort(key=lambda item: len(item[0]), reverse=True)
        votes = dict.fromkeys(*rare[0])
        get = votes.get
        for posting, weight in rare[1:]:
            for name_id in posting:
                votes[name_id] = get(name_id, 0.0) + weight
        mass = self.mass
        norm = self.norm
        # coverage = votes / min(query_mass, mass) >= min_coverage, tested without dividing
        floor = min_coverage * query_mass
        least = self._least_votes(min_coverage)
        passing = [n for n, vote in votes.items() if vote >= floor or vote >= least[n]]
        passing.sort(key=lambda n: (-votes[n] / norm[n], n))
        out = []
        for name_id in passing[:limit]:
            vote = votes[name_id]
            smaller = min(query_mass, mass[name_id])
            out.append((name_id, 1.0 if vote >= smaller else vote / smaller))
        return out

    def _least_votes(self, min_coverage: float) -> list[float]:
        """``min_coverage`` × each name's key mass (the votes that cover enough of it), computed once."""
        least = self._least.get(min_coverage)
        if least is None:
            least = self._least[min_coverage] = [min_coverage * m for m in self.mass]
        return least
