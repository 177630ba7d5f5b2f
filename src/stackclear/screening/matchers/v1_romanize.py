"""Romanisation-system variants used by ``stackclear-v1`` scoring (general tables, no names).

Two well-known, general conversions that a spelling-tolerant comparison cannot bridge:

* **Wade-Giles → Hanyu Pinyin.** Older sources, Taiwan and many sanctions entries write Chinese names in
  Wade-Giles ("Mao Tse-tung", "Hsi Chin-ping"), newer ones in pinyin ("Mao Zedong", "Xi Jinping"). The
  standard syllable correspondences (as in any Wade-Giles/pinyin conversion chart) are applied to each
  syllable: initials ``hs``→x, ``ch``→zh/j, ``ch'``→ch/q, ``ts``/``tz``→z/c, ``j``→r, ``k``→g, ``p``→b,
  ``t``→d (the aspirates k', p', t' stay k, p, t — apostrophes are usually dropped, so both readings are
  kept) and finals ``ung``→ong, ``ieh``→ie, ``ien``→ian, ``uei``→ui, ``ih``→i, ``erh``→er, ``o``→e/uo after
  k/h. A token is read as Wade-Giles only if it is one valid syllable; the variants of a whole name
  are a small product (at most ``MAX_VARIANTS`` spellings).
* **Arabic-script consonant skeletons.** ICU transliteration of an Arabic-script name keeps the consonants
  and long vowels only (فرناندو → frnandw), so it rarely meets the Latin spelling letter by letter. Both
  sides are reduced to a skeleton: vowels and the glides w/y dropped, p→b, v→f, g→j (Arabic has no p, v or
  hard g), doubled letters single. Equal skeletons of three or more letters are transliteration evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

MAX_VARIANTS = 64
#: Wade-Giles never writes b, d, q, v, x or z: a name using one is not Wade-Giles (a cheap first test).
WADE_GILES_LETTERS = frozenset("acefghijklmnoprstuwy")
_NONE: frozenset[str] = frozenset()

#: Wade-Giles initials (apostrophes already removed by normalisation) → possible pinyin initials.
_WG_INITIALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tsz", ("z", "c")),
    ("ts", ("z", "c")),
    ("tz", ("z", "c")),
    ("ch", ("zh", "j", "ch", "q")),
    ("hs", ("x",)),
    ("sh", ("sh",)),
    ("ss", ("s",)),
    ("sz", ("s",)),
    ("k", ("g", "k")),
    ("p", ("b", "p")),
    ("t", ("d", "t")),
    ("j", ("r",)),
    ("m", ("m",)),
    ("f", ("f",)),
    ("n", ("n",)),
    ("l", ("l",)),
    ("h", ("h",)),
    ("s", ("s",)),
    ("w", ("w",)),
    ("y", ("y",)),
    ("", ("",)),
)
#: Wade-Giles finals (ü written u) → possible pinyin finals.
_WG_FINALS: dict[str, tuple[str, ...]] = {
    "a": ("a",), "ai": ("ai",), "an": ("an",), "ang": ("ang",), "ao": ("ao",),
    "e": ("e",), "eh": ("e",), "ei": ("ei",), "en": ("en",), "eng": ("eng",), "erh": ("er",),
    "i": ("i",), "ia": ("ia",), "iang": ("iang",), "iao": ("iao",), "ieh": ("ie",), "ien": ("ian",),
    "ih": ("i",), "in": ("in",), "ing": ("ing",), "iu": ("iu",), "iung": ("iong",),
    "o": ("o", "e", "uo"), "ou": ("ou",), "u": ("u", "i"), "ua": ("ua",), "uai": ("uai",), "uan": ("uan",),
    "uang": ("uang",), "uei": ("ui",), "ui": ("ui",), "un": ("un",), "ung": ("ong",), "uo": ("uo",),
    "ueh": ("ue",), "uen": ("un",),
}


@lru_cache(maxsize=65536)
def wade_giles_syllable(token: str) -> tuple[str, ...]:
    """Pinyin readings of one Wade-Giles syllable; () when the token is not one."""
    out: list[str] = []
    for initial, readings in _WG_INITIALS:
        if not token.startswith(initial):
            continue
        finals = _WG_FINALS.get(token[len(initial) :])
        if finals is None:
            continue
        out.extend(r + f for r in readings for f in finals)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=131072)
def wade_giles_compacts(tokens: tuple[str, ...]) -> frozenset[str]:
    """Every pinyin spelling of a name whose tokens are all Wade-Giles syllables, joined without spaces
    (pinyin writes a given name as one word: Chin-ping → Jinping); empty when any token is not one."""
    if not tokens or len(tokens) > 5:
        return _NONE
    readings = []
    total = 1
    for token in tokens:
        syllable = wade_giles_syllable(token)
        if not syllable:
            return _NONE
        total *= len(syllable)
        if total > MAX_VARIANTS:
            return _NONE
        readings.append(syllable)
    spelled = {"".join(parts) for parts in product(*readings)}
    return frozenset(spelled) if len(spelled) > 1 or "".join(tokens) not in spelled else _NONE


_NOT_SKELETON = re.compile(r"[aeiouwy]")
_SKELETON_MAP = str.maketrans({"p": "b", "v": "f", "g": "j", "q": "k", "c": "k"})


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of a token for Arabic-script ↔ Latin comparison (see module docstring)."""
    bare = _NOT_SKELETON.sub("", token.translate(_SKELETON_MAP))
    out: list[str] = []
    for ch in bare:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)
