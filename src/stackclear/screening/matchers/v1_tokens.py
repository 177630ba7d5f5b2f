"""Token similarity and token weights of ``stackclear-v1`` (see :mod:`.v1_names` for the rules; frozen with v1)."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.text import metaphone
from rigour.text.stopwords import is_stopword

from stackclear.names.analyze import ORG, PERSON

#: Common words in organisation names that say what kind of body it is, not which one.
GENERIC_ORG_WORDS = frozenset(
    """co company companies corp corporation inc incorporated group groups holding holdings intl
    international trading trade traders industries industry industrial enterprise enterprises services
    service limited ltd llc the of and for technology technologies tech global import export
    general research institute manufacturing development commercial engineering investment investments
    partners association bank private public pvt pte""".split()
)
#: Name particles of people (Arabic, Romance, Germanic, Dutch) on top of rigour's stopword list.
PERSON_PARTICLES = frozenset("al el bin ben ibn abu bint ould de da di del della van von der den la le".split())
PARTICLE_SET = PERSON_PARTICLES | frozenset("ul ibni bint binti ap mac".split())

#: "X bin Y": X is the person, Y the father; swapping them names another person.
PATRONYMIC_MARKERS = frozenset("bin ibn ben bint ould ogly oglu kyzy".split())
PATRONYMIC_FLIP_FACTOR = 0.6
GIVEN_SKIP_FACTOR = 0.9

_ONE_LETTER_ROMAN = frozenset("ivx")
_WORDS = re.compile(r"\w+")
_ROMAN = re.compile(r"^(?=[ivxlc]{2,}$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

W_PARTICLE = 0.3
W_GENERIC = 0.35
W_NUMBER = 1.0
NUMBER_SWAP_SIM = 0.85
PARTICLE_SIM = 0.9
ACRONYM_FACTOR = 0.95
ACRONYM_ALONE_CAP = 0.75
W_INITIAL = 0.5
INITIAL_SIM = 0.75
PHONETIC_SIM = 0.8
EXTRA_TOKEN_COST = 0.05
SUBSTITUTION_FACTOR = 0.9
SINGLE_TOKEN_CAP = 0.7
INITIALS_CAP = 0.8
ORG_NEAR_MAX_EDITS = 2
ORG_NEAR_MAX_SHARE = 1 / 3
SERIES_MARKER_FACTOR = 0.9
SERIES_MARKER_MIN = 0.6  # below this the factor cannot change a decision: skip the check
WADE_GILES_SCORE = 0.92
LEGAL_TYPO_MIN = 0.5  # the rest of the names must already agree before trailing words are read as a legal form
SKELETON_FACTOR = 0.92
LEGAL_CONFLICT_COST = 0.03
COMPACT_SCORE = 0.97


@lru_cache(maxsize=65536)
def is_number(token: str) -> bool:
    """Digits or a roman numeral of two or more letters (a series marker: "Fund VII")."""
    return token.isdigit() or bool(_ROMAN.match(token))


@lru_cache(maxsize=65536)
def token_weight(token: str, kind: str) -> float:
    """How much a token identifies a name (see module docstring)."""
    if token.isdigit() or (kind != PERSON and is_number(token)):
        return W_NUMBER
    if len(token) == 1:
        return W_INITIAL if kind == PERSON else W_PARTICLE
    if token in PERSON_PARTICLES or is_stopword(token):
        return W_PARTICLE
    if kind == ORG and token in GENERIC_ORG_WORDS:
        return W_GENERIC
    return 1.0


@lru_cache(maxsize=1024)
def _allowed_edits(length: int, kind: str) -> int:
    if kind == PERSON:  # transliteration variants of people's names differ in several letters
        return 0 if length <= 3 else 1 if length <= 6 else 2
    if kind == ORG:
        return 0 if length <= 3 else 1 if length <= 8 else 2
    return 0 if length <= 4 else 1 if length <= 8 else 2  # vessels, aircraft: short names are exact


@lru_cache(maxsize=256)
def _org_reach(length: int) -> int:
    """Edits at which two organisation words still count (as a near-miss beyond ``_allowed_edits``)."""
    return max(_allowed_edits(length, ORG), min(ORG_NEAR_MAX_EDITS, int(length * ORG_NEAR_MAX_SHARE)))


def _gendered(a: str, b: str) -> bool:
    """Antonio/Antonia, Joaquin/Joaquina, Ivanov/Ivanova: the feminine and masculine form of a name."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) == len(b) + 1:
        return a[-1] == "a" and a[:-1] == b
    return len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} in ({"a", "o"}, {"a", "e"})


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str, kind: str, strict: bool = False) -> float:
    """Similarity of two tokens in 0..1 (see module docstring); 0.0 for a substitution.

    ``strict`` (a name transliterated from Han or Hangul, where every syllable is a character) allows
    no spelling tolerance: jin and jing are different characters, not a typo. Substitutions return 0.0
    rather than their weak residual similarity: alignment and scoring only use pairs of 0.5 or more.
    """
    if a == b:
        return 1.0
    la = len(a)
    lb = len(b)
    number_a = a.isdigit() or (kind != PERSON and is_number(a))
    if number_a or b.isdigit() or (kind != PERSON and is_number(b)):
        # another number in the same place is a series or vintage variant ("Fund VII"/"Fund VIII"),
        # a number against a word is nothing
        return NUMBER_SWAP_SIM if number_a and (b.isdigit() or is_number(b)) else 0.0
    if la == 1 or lb == 1:
        return INITIAL_SIM if kind == PERSON and a[0] == b[0] else 0.0
    if strict:
        return 0.0
    if kind == PERSON and a in PARTICLE_SET and b in PARTICLE_SET:
        return PARTICLE_SIM  # bin/ibn, al/el: spellings of the same particle
    length = la if la > lb else lb
    allowed = _allowed_edits(length, kind)
    phonetic = kind == PERSON and a[0] == b[0] and min(la, lb) >= 5
    if phonetic:
        reach = max(allowed, int(0.45 * length))
    elif kind == ORG:
        # near-misses of organisation words (typos, transliterations) are partial evidence
        reach = _org_reach(length)
    else:
        reach = allowed
    if abs(la - lb) > reach:
        return 0.0  # cheap exit: the length difference alone exceeds every tolerance
    if kind == PERSON and _gendered(a, b):
        return 0.0
    dist = OSA.distance(a, b, score_cutoff=reach)
    if dist <= allowed:
        return 1.0 - 0.6 * dist / length
    if phonetic and dist <= reach and a.isascii() and metaphone(a) == metaphone(b):
        return PHONETIC_SIM  # transliteration variants: Husayn/Hussein, Serej/Sergei
    if kind == ORG and dist <= reach:
        return 1.0 - dist / length
    return 0.0
