"""Organisation rules of ``stackclear-v1``: a legal form misspelt or abbreviated in trailing words, and acronyms
(see :mod:`.v1_names`). Frozen with v1."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.names import extract_org_types

from stackclear.names.analyze import ORG, NameForm
from stackclear.names.text import clean_text
from stackclear.screening.matchers.v1_align import NameScore, _score_tokens
from stackclear.screening.matchers.v1_tokens import _WORDS


@lru_cache(maxsize=65536)
def _legal_form_words(original: str) -> tuple[tuple[str, ...], ...]:
    """The words of each legal form rigour finds in a name ("joint stock company" → joint, stock, company)."""
    return tuple(tuple(_WORDS.findall(alias)) for alias, _ in extract_org_types(clean_text(original)))


def _close_word(token: str, word: str) -> bool:
    if token == word or (len(token) >= 2 and (word.startswith(token) or token.startswith(word))):
        return True
    return OSA.distance(token, word, score_cutoff=1) <= 1


def _misspelt_legal_tail(with_legal: NameForm, tokens: tuple[str, ...], matched: set[int]) -> int:
    """How many trailing unmatched ``tokens`` spell a legal form of ``with_legal`` (0: none)."""
    tail = 0
    while tail < min(4, len(tokens) - 1) and len(tokens) - 1 - tail not in matched:
        tail += 1
    for size in range(tail, 0, -1):
        words = tokens[-size:]
        for alias in _legal_form_words(with_legal.original):
            if len(alias) == size and all(_close_word(t, w) for t, w in zip(words, alias, strict=True)):
                return size
    return 0


def _with_misspelt_legal_form(query: NameForm, candidate: NameForm, best: NameScore, strict: bool) -> NameScore:
    """Rescore when one name's trailing words are a misspelt legal form the other name has (docstring)."""
    q_side = not query.legal
    matched = {i for i, _, _ in best.good} if q_side else {j for _, j, _ in best.good}
    tokens = query.tokens if q_side else candidate.tokens
    cut = _misspelt_legal_tail(candidate if q_side else query, tokens, matched)
    if not cut:
        return best
    qs, cs = (query.tokens[:-cut], candidate.tokens) if q_side else (query.tokens, candidate.tokens[:-cut])
    fixed = _score_tokens(qs, cs, ORG, strict)
    if fixed.score <= best.score:
        return best
    fixed.form = "legal-form-typo"
    fixed.legal = "same"
    return fixed


@lru_cache(maxsize=131072)
def _acronym_shaped(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens that could be an acronym (2–5 letters), once per name rather than once per compared pair."""
    return tuple(t for t in tokens if 2 <= len(t) <= 5 and t.isalpha())


@lru_cache(maxsize=131072)
def _initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens)


def _expand_acronym(short: tuple[str, ...], long: tuple[str, ...]) -> tuple[str, ...] | None:
    """``long`` with a run of words replaced by their initials when ``short`` has that acronym
    ("U.S. Department of State" / "United States Department of State", "IBM" / "International Business
    Machines"); None when there is none."""
    possible = _acronym_shaped(short)
    if not possible:
        return None
    # built from the same tokens in the same order as before, so the set (and the acronym tried first) is too
    acronyms = {t for t in possible if t not in long}
    if not acronyms:
        return None
    initials = _initials(long)
    for acronym in acronyms:
        at = initials.find(acronym)
        if at >= 0:
            return (*long[:at], acronym, *long[at + len(acronym) :])
    return None
