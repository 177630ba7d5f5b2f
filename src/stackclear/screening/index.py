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
        self.idf: dict[str, float] = {k: math.log(total / len(v)) + 0.1 for k, v in postings.items()}
        self.postings: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in postings.items()}
        # ``mass`` (sum of a name's key weights) bounds how much of a name a query can cover; votes are
        # ranked divided by the root of the sum of squares (``norm``), so that among names sharing the
        # query's keys those with fewer other keys come first (fifty "Huawei Technologies ..."
        # subsidiaries share every key of "Huawei Technologies").
        self.weight: dict[str, float] = {k: self.idf[k] * KEY_FACTOR[k[0]] for k in self.postings}
        for key in self.postings:
            if key[0] == "q":  # a pair stands for both of its tokens
                first, second = key[1:].split(" ", 1)
                self.weight[key] = self.weight.get("t" + first, 0.0) + self.weight.get("t" + second, 0.0)
        mass = [1e-9] * len(self.names)
        square = [1e-18] * len(self.names)
        for key, posting in self.postings.items():
            weight = self.weight[key]
            for name_id in posting:
                if key[0] not in "cqr":  # bonus keys: coverage counts tokens
                    mass[name_id] += weight
                square[name_id] += weight * weight
        self.mass: list[float] = mass
        self.norm: list[float] = [math.sqrt(x) for x in square]
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
        keys: set[str] = set()
        postings = self.postings
        for form in forms:
            for token, phonetic in zip(form.tokens, form.phonetic, strict=True):
                exact = "t" + token
                if len(token) > 1 and exact in postings:
                    keys.add(exact)
                    continue
                if len(token) >= 4 and phonetic:
                    keys.add("m" + phonetic)
                if len(token) >= 5:
                    keys.add("p" + token[:4])
            if form.compact:
                keys.add("c" + form.compact)
            for token in form.script_tokens:
                keys.add("s" + token)
            keys.update(k for k in pair_keys(form.tokens) if k in postings)
            keys.update(k for k in sound_pairs(form) if k in postings)
        return keys

    def candidates(
        self, forms: Iterable[NameForm], limit: int = 20, min_coverage: float = 0.0
    ) -> list[tuple[int, float]]:
        """The ``limit`` best ``(name id, coverage)`` pairs sharing rarity-weighted keys with the query.

        ``coverage`` = votes / min(query key mass, name key mass): the share of the smaller side's
        identifying keys the two names have in common. Names below ``min_coverage`` are dropped; they
        cannot reach a reviewable score (bench/bench_screen_speed.py reports the recall this keeps).
        """
        forms = list(forms)
        rare: list[tuple[tuple[int, ...], float]] = []
        common: list[tuple[int, str]] = []
        query_mass = 0.0
        keys = self.query_keys(forms)
        # When two query tokens are found together in some listed name (a ``q`` key), names sharing just one
        # frequent token cannot outscore those: such long postings are skipped (the largest cost of a lookup)
        # and a pair votes for both of its tokens instead.
        paired = any(k[0] == "q" for k in keys)
        sounds: dict[str, tuple[str, str]] = {}
        for form in forms:
            sounds.update(sound_pairs(form))
        for key in keys:
            posting = self.postings.get(key)
            if posting is None:
                continue
            if key[0] == "r":  # a pair of sounds stands for the query's two tokens, discounted
                first, second = sounds[key]
                weight = SOUND_PAIR_FACTOR * (self.weight.get("t" + first, 0.0) + self.weight.get("t" + second, 0.0))
            else:
                weight = self.weight[key]
            if key[0] not in "qr":
                if key[0] != "c":  # the compact form is a bonus (merged words), not part of the coverage
                    query_mass += weight
                if paired and len(posting) > PAIR_SKIP_DF:
                    continue
            if len(posting) > COMMON_DF:
                common.append((len(posting), key))
            else:
                rare.append((posting, weight))
        if not rare:
            if not common:
                return []
            common.sort()
            shared = set(self.postings[common[0][1]])
            if len(common) > 1:
                shared.intersection_update(self.postings[common[1][1]])
            norm = self.norm
            return [(name_id, 1.0) for name_id in sorted(shared, key=lambda n: (norm[n], n))[:limit]]
        votes: dict[int, float] = {}
        get = votes.get
        for posting, weight in rare:
            for name_id in posting:
                votes[name_id] = get(name_id, 0.0) + weight
        mass = self.mass
        norm = self.norm
        # coverage = votes / min(query_mass, mass) >= min_coverage, tested without dividing
        floor = min_coverage * query_mass
        ranked = [(-vote / norm[n], n, vote) for n, vote in votes.items()
                  if vote >= floor or vote >= min_coverage * mass[n]]  # fmt: skip
        ranked.sort()
        out = []
        for _, name_id, vote in ranked[:limit]:
            smaller = min(query_mass, mass[name_id])
            out.append((name_id, 1.0 if vote >= smaller else vote / smaller))
        return out
