"""Alignment of two token sequences and the name score of ``stackclear-v1`` by kind (people / organisations);
see :mod:`.v1_names` for the rules. Frozen with v1."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from stackclear.names.analyze import PERSON
from stackclear.screening.matchers.v1_tokens import (
    _ONE_LETTER_ROMAN,
    EXTRA_TOKEN_COST,
    GIVEN_SKIP_FACTOR,
    INITIALS_CAP,
    PATRONYMIC_FLIP_FACTOR,
    PATRONYMIC_MARKERS,
    SERIES_MARKER_FACTOR,
    SERIES_MARKER_MIN,
    SINGLE_TOKEN_CAP,
    SUBSTITUTION_FACTOR,
    W_INITIAL,
    is_number,
    token_similarity,
    token_weight,
)


@dataclass(slots=True)
class NameScore:
    """A name comparison: the score and what explains it (token lists are built only when explained)."""

    score: float
    query_tokens: tuple[str, ...] = ()
    candidate_tokens: tuple[str, ...] = ()
    good: tuple[tuple[int, int, float], ...] = ()
    form: str = "latin"  # "latin" | "script" | "compact"
    legal: str = "n/a"  # "same" | "conflict" | "n/a"

    def explain(self) -> dict[str, object]:
        qs, cs = self.query_tokens, self.candidate_tokens
        matched_q = {i for i, _, _ in self.good}
        matched_c = {j for _, j, _ in self.good}
        return {
            "form": self.form,
            "tokens": [{"query": qs[i], "list": cs[j], "similarity": round(s, 3)} for i, j, s in self.good],
            "unmatched_query": [t for k, t in enumerate(qs) if k not in matched_q],
            "unmatched_list": [t for k, t in enumerate(cs) if k not in matched_c],
            "legal_form": self.legal,
        }


def _align(
    qs: tuple[str, ...], cs: tuple[str, ...], kind: str, strict: bool
) -> list[tuple[int, int, float]]:
    """Greedy best-pair alignment. Only equal tokens score 1.0, so equal tokens are paired first (in the
    order the greedy sort would take them) and only the rest are compared: the same result with far
    fewer similarity calls, as retrieved candidates usually share tokens with the query."""
    out: list[tuple[int, int, float]] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    if not set(qs).isdisjoint(cs):
        for i, q in enumerate(qs):
            for j, c in enumerate(cs):
                if c == q and j not in used_c:
                    used_q.add(i)
                    used_c.add(j)
                    out.append((i, j, 1.0))
                    break
        if len(out) == len(qs) or len(out) == len(cs):
            return out  # one side is fully paired: nothing is left to compare
    scored = []
    for i, q in enumerate(qs):
        if i in used_q:
            continue
        for j, c in enumerate(cs):
            if j in used_c:
                continue
            sim = token_similarity(q, c, kind, strict)
            if sim > 0.0:
                scored.append((-sim, i, j))
    if len(scored) == 1:
        neg, i, j = scored[0]
        out.append((i, j, -neg))
        return out
    scored.sort()
    for neg, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, -neg))
    return out


@lru_cache(maxsize=131072)
def _own_and_father(tokens: tuple[str, ...]) -> tuple[int, int] | None:
    for k in range(1, len(tokens) - 1):
        if tokens[k] in PATRONYMIC_MARKERS:
            return k - 1, k + 1
    return None


def _patronymic_flip(qs: tuple[str, ...], cs: tuple[str, ...], good: list[tuple[int, int, float]]) -> bool:
    """"Salman bin Muhammad" is the son of "Muhammad bin Salman": same tokens, different person."""
    q_roles = _own_and_father(qs)
    c_roles = _own_and_father(cs)
    if q_roles is None or c_roles is None:
        return False
    for i, j, _ in good:
        if (i == q_roles[0] and j == c_roles[1]) or (i == q_roles[1] and j == c_roles[0]):
            return True
    return False


@lru_cache(maxsize=131072)
def _weights(tokens: tuple[str, ...], kind: str) -> tuple[tuple[float, ...], float]:
    weights = tuple(token_weight(t, kind) for t in tokens)
    return weights, sum(weights)


def _extra_and_distinct(weights: tuple[float, ...], matched: list[bool]) -> tuple[int, int]:
    """(unmatched distinctive tokens, distinctive tokens counting matched initials) in one pass: the
    per-pair hot path of people's names, where four generator sums cost more than the arithmetic."""
    extra = distinct = 0
    for k, w in enumerate(weights):
        if w >= 1.0:
            distinct += 1
            if not matched[k]:
                extra += 1
        elif w == W_INITIAL and matched[k]:
            distinct += 1
    return extra, distinct


def _skips_first_given(given_start: int | None, matched: list[bool]) -> bool:
    """"CRUZ OVALLE, Juan Carlos" matched through Carlos while Juan is not: another person's middle name."""
    if given_start is None or matched[given_start]:
        return False
    return any(matched[given_start + 1 :])


def _score_tokens(
    qs: tuple[str, ...],
    cs: tuple[str, ...],
    kind: str,
    strict: bool = False,
    given: tuple[int | None, int | None] = (None, None),
) -> NameScore:
    good = _align(qs, cs, kind, strict)  # every aligned pair is a match (>= 0.5); substitutions score 0
    if not good:
        return NameScore(0.0, qs, cs)
    wq, total_q = _weights(qs, kind)
    wc, total_c = _weights(cs, kind)
    if kind != PERSON:
        gain = 0.0
        for i, j, sim in good:
            gain += (wq[i] + wc[j]) * sim
        total = total_q + total_c
        score = min(1.0, gain / total) if total else 0.0
        if score > SERIES_MARKER_MIN and _series_marker_on_one_side(qs, cs, good):
            score *= SERIES_MARKER_FACTOR
        return NameScore(score, qs, cs, tuple(good))
    matched_q = [False] * len(qs)
    matched_c = [False] * len(cs)
    gain = 0.0
    full_pairs = 0
    for i, j, sim in good:
        matched_q[i] = True
        matched_c[j] = True
        # a pair counts with the lighter of its two weights: an initial vouches for little
        gain += (wq[i] if wq[i] < wc[j] else wc[j]) * sim
        if len(qs[i]) > 1 and len(cs[j]) > 1:
            full_pairs += 1
    extra_q, distinct_q = _extra_and_distinct(wq, matched_q)
    extra_c, distinct_c = _extra_and_distinct(wc, matched_c)
    q_short = total_q <= total_c
    score = gain / (total_q if q_short else total_c)
    score -= EXTRA_TOKEN_COST * (extra_c if q_short else extra_q)
    score *= SUBSTITUTION_FACTOR ** min(extra_q, extra_c)
    if min(distinct_q, distinct_c) <= 1 < max(distinct_q, distinct_c):
        score = min(score, SINGLE_TOKEN_CAP)
    if full_pairs <= 1 and len(good) > full_pairs:
        score = min(score, INITIALS_CAP)  # "A. Ahmed": one name and initials fit many people
    if _patronymic_flip(qs, cs, good):
        score *= PATRONYMIC_FLIP_FACTOR
    if _skips_first_given(given[0], matched_q) or _skips_first_given(given[1], matched_c):
        score *= GIVEN_SKIP_FACTOR
    return NameScore(max(0.0, min(1.0, score)), qs, cs, tuple(good))


def _series_marker_on_one_side(
    qs: tuple[str, ...], cs: tuple[str, ...], good: list[tuple[int, int, float]]
) -> bool:
    """"Fund II" against "Fund": a series number on one side only names another vehicle of the family."""
    numbers_q = [k for k, t in enumerate(qs) if is_number(t)]
    numbers_c = [k for k, t in enumerate(cs) if is_number(t)]
    if bool(numbers_q) == bool(numbers_c):
        return False
    # a one-letter roman numeral on the other side ("Fund X" / "Fund XI") is a vintage swap, not a marker
    if any(t in _ONE_LETTER_ROMAN for t in (cs if numbers_q else qs)):
        return False
    matched = {i for i, _, _ in good} if numbers_q else {j for _, j, _ in good}
    return any(k not in matched for k in (numbers_q or numbers_c))
