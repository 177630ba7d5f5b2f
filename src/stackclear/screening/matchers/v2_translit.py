"""Latin names in another romanisation than the listed one: Wade-Giles against pinyin (Chou = Zhou, Hsu = Xu,
Chien = Qian), Korean in the Revised and McCune-Reischauer/DPRK systems (Gyeong = Kyong, Cheol = Chol), and the
other spellings of an Arabic name a Persian or Maghrebi form stands for (Ridha = Reza = Rida).

Used by matcher ``stackclear-v2`` in two places, each gated so that a Latin name none of these tables knows
does no extra work:

* **retrieval** (:func:`romanised_lookup_forms`, from ``MatcherV2.query_variants``): a query that is clearly
  written in one of these romanisations is looked up under the other spellings too;
* **scoring** (:func:`wade_giles_same`, :func:`korean_syllables`): the swap view of :mod:`.v2_names` reads a
  Wade-Giles syllable as the pinyin one, and a vessel's Korean syllables by their sound key.

Reference data: ``data/v2_wade_giles.tsv`` (pypinyin's Wade-Giles table, built by ``tools/build_wade_giles.py``),
``data/v2_name_forms.tsv`` (Persian, Turkish and Maghrebi forms of Arabic names).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.text import metaphone

from stackclear.names.analyze import NameForm
from stackclear.screening.matchers.v1_romanize import skeleton
from stackclear.screening.matchers.v2_scripts import korean_key
from stackclear.screening.matchers.v2_tables import data_rows

#: Lookup forms per query at most (each replaces one or more name parts).
MAX_FORMS = 6

_WADE: dict[str, tuple[str, ...]] = {}  # folded Wade-Giles syllable -> the pinyin syllables it stands for
_PINYIN: set[str] = set()  # every pinyin syllable
_ALL: set[str] = set()  # every pinyin or Wade-Giles syllable
_WRITTEN: dict[str, tuple[str, ...]] = {}  # pinyin syllable -> its Wade-Giles spellings, when they differ


def _load_wade() -> dict[str, tuple[str, ...]]:
    if not _WADE:
        for row in data_rows("v2_wade_giles.tsv"):
            pinyins = tuple(row[1].split())
            _PINYIN.update(pinyins)
            if any(p != row[0] for p in pinyins):
                _WADE[row[0]] = tuple(p for p in pinyins if p != row[0])
        _ALL.update(_PINYIN)
        _ALL.update(row[0] for row in data_rows("v2_wade_giles.tsv"))
        written: dict[str, list[str]] = {}
        for wade, pinyins in _WADE.items():
            for pinyin in pinyins:
                written.setdefault(pinyin, []).append(wade)
        _WRITTEN.update((k, tuple(v)) for k, v in written.items())
    return _WADE


def wade_giles_words() -> frozenset[str]:
    """Every word :func:`wade_giles_same` can pair (a Wade-Giles syllable pinyin writes otherwise, and those
    pinyin syllables): a part outside it is no Wade-Giles/pinyin pair with any other."""
    if not _PAIRED:
        _load_wade()
        _PAIRED.append(frozenset(_WADE) | frozenset(_WRITTEN))
    return _PAIRED[0]


_PAIRED: list[frozenset[str]] = []


def wade_giles_pinyin(token: str) -> tuple[str, ...]:
    """The pinyin syllables a Wade-Giles syllable (apostrophes dropped) stands for other than its own spelling:
    hsu → xu, chou → zhou, chien → jian qian; () for a syllable Wade-Giles writes as pinyin does (an, ma)."""
    return _load_wade().get(token, ())


def wade_giles_same(a: str, b: str) -> bool:
    """One Chinese syllable in Wade-Giles and in pinyin (either way round): Hsu/Xu, Chou/Zhou, Tsai/Cai."""
    return b in wade_giles_pinyin(a) or a in wade_giles_pinyin(b)


@lru_cache(maxsize=16384)
def chinese_syllables(token: str) -> bool:
    """A pinyin or Wade-Giles syllable, or a given name of two or three pinyin syllables of two letters or more
    written as one word (Yishan, Jinghua; not Irene: i is no pinyin syllable)."""
    _load_wade()
    return token in _ALL or _syllables(token, 3)


def _syllables(token: str, left: int) -> bool:
    if token in _PINYIN and len(token) >= 2:
        return True
    if left <= 1:
        return False
    return any(token[:end] in _PINYIN and _syllables(token[end:], left - 1) for end in range(len(token) - 2, 1, -1))


#: Initials Wade-Giles writes otherwise than pinyin for the affricates and sibilants (zh, j, q = ch; z, c = ts/tz;
#: x = hs; r = j): a syllable with one of them is read in the other system; one with k, t, p (pinyin g, d, b) is
#: not (Kang, Tan, Po are as often Korean, Malay or English words).
_WADE_INITIALS = ("ch", "ts", "tz", "hs", "j")
_PINYIN_INITIALS = ("zh", "z", "c", "j", "q", "x", "r")


def _wade_giles_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with its Wade-Giles syllables read as pinyin (every reading of each, at most :data:`MAX_FORMS`
    forms): only when a part is a Wade-Giles spelling pinyin has no syllable for (Hsu, Hsieh, Tsai, Chien), or
    every part is Chinese syllables and a part is spelt with a Wade-Giles initial (Chou Yishan: Chou is a
    pinyin syllable too, so Chou alone does not say Wade-Giles); a name of Korean syllables (Jang Song Chol,
    Cho Yon Chun) is not read as Chinese."""
    wade = _load_wade()
    spots = [k for k, t in enumerate(tokens) if t in wade and t.startswith(_WADE_INITIALS)]
    if not spots:
        return _pinyin_forms(tokens)
    # only Wade-Giles writes it (two letters or more after the initial: Hsu, Tsai, Chien; not Jan, Jen, Jung, which
    # are as often European or Korean names)
    if korean_syllables(tokens):
        return []  # Cho Yon Chun, Jang Song Chol: Korean syllables, whatever Wade-Giles would read in them
    certain = any(tokens[k] not in _PINYIN and not tokens[k].startswith("j") for k in spots)
    if not certain and (len(tokens) < 2 or not all(chinese_syllables(t) for t in tokens)):
        return []
    out: list[tuple[str, ...]] = [tokens]
    for k in spots:
        out = [(*form[:k], p, *form[k + 1 :]) for form in out for p in (*wade[tokens[k]], tokens[k])]
    return [f for f in dict.fromkeys(out) if f != tokens][:MAX_FORMS]


def _pinyin_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name of Chinese syllables with a pinyin initial Wade-Giles writes otherwise (Ah Zhou, Xu Jinghua) in its
    Wade-Giles spellings (Ah Chou, Hsu Jinghua), at most :data:`MAX_FORMS` forms; not a Korean name of syllables
    pinyin writes too (Chong Yong Su)."""
    spots = [k for k, t in enumerate(tokens) if t in _WRITTEN and t.startswith(_PINYIN_INITIALS)]
    if not spots or len(tokens) < 2 or korean_syllables(tokens) or not all(chinese_syllables(t) for t in tokens):
        return []
    out: list[tuple[str, ...]] = [tokens]
    for k in spots:
        out = [(*form[:k], w, *form[k + 1 :]) for form in out for w in (tokens[k], *_WRITTEN[tokens[k]])]
    return [f for f in dict.fromkeys(out) if f != tokens][:MAX_FORMS]


#: One Korean syllable in Latin letters (Revised, McCune-Reischauer or DPRK romanisation), as v2_names reads it.
_KOREAN_SYLLABLE = re.compile(
    r"^(?:kk|tt|pp|ss|jj|ch|k|g|n|d|t|r|l|m|b|p|s|j|h)?(?:yeo|yae|wae|eo|ae|ya|yo|yu|ye|wa|wo|we|wi|oe|ui|eu|a|e|i|o|u)"
    r"(?:ng|n|k|l|m|p)?$"
)
#: The Revised Romanisation's vowels eo and eu as McCune-Reischauer and the DPRK write them without breves.
_REVISED_VOWELS = (("eo", "o"), ("eu", "u"))
_LENIS = {"g": "k", "d": "t", "b": "p"}


def korean_syllables(tokens: tuple[str, ...]) -> bool:
    """Two or more parts, each one Korean syllable in Latin letters ("Gyeong Chol", "Am Nok Gang")."""
    return len(tokens) > 1 and all(_KOREAN_SYLLABLE.match(t) for t in tokens)


def _korean_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name of Korean syllables written in the Revised Romanisation (eo, eu: Gyeong, Cheol, Seong) in the
    McCune-Reischauer/DPRK vowels the lists use (Gyong, Chol, Song), and with its lenis initials unvoiced too
    (Kyong); nothing for a name without eo or eu."""
    if not any("eo" in t or "eu" in t for t in tokens) or not korean_syllables(tokens):
        return []
    vowels = []
    for token in tokens:
        for old, new in _REVISED_VOWELS:
            token = token.replace(old, new)
        vowels.append(token)
    unvoiced = [_LENIS.get(t[0], t[0]) + t[1:] for t in vowels]
    return [f for f in dict.fromkeys((tuple(vowels), tuple(unvoiced))) if f != tokens]


_SIBLINGS: dict[str, tuple[str, ...]] = {}


def _name_form_siblings(token: str) -> tuple[str, ...]:
    """The other forms ``data/v2_name_forms.tsv`` gives of the Arabic name a Persian, Turkish or Maghrebi form
    stands for (ridha → rida, reza, riza), the Arabic name's own spelling first; () for the Arabic name itself
    (Muhammad is looked up as written, not as Mehmet)."""
    if not _SIBLINGS:
        groups: dict[str, list[str]] = {}
        for row in data_rows("v2_name_forms.tsv"):
            groups.setdefault(row[1], [row[1]]).append(row[0])
        for name, members in groups.items():
            for member in members:
                if member != name:
                    _SIBLINGS[member] = tuple(m for m in dict.fromkeys(members) if m != member)
    return _SIBLINGS.get(token, ())


def _sibling_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with a Persian, Turkish or Maghrebi form replaced by each other form of its Arabic name whose
    consonants or first letter differ (Ridha: Reza, Riza; Brahim: Ebrahim); forms that differ in their inner vowels
    only (Hussein, Hossein) are found by the index's sound keys already."""
    out: list[tuple[str, ...]] = []
    for k, token in enumerate(tokens):
        siblings = _name_form_siblings(token)[1:] if len(token) >= 4 else ()
        if siblings:
            # the Arabic name itself is looked up already (v2_names.respelt_form): its other forms here
            mine = skeleton(token)
            out.extend((*tokens[:k], other, *tokens[k + 1 :]) for other in siblings
                       if skeleton(other) != mine or other[0] != token[0])
    return out[:MAX_FORMS]


_TRIGGERS: set[str] = set()  # every word some rule of romanised_lookup_forms reads (made once)


def _triggers() -> set[str]:
    if not _TRIGGERS:
        _load_wade()
        _name_form_siblings("")
        _TRIGGERS.update(t for t in _WADE if t.startswith(_WADE_INITIALS))
        _TRIGGERS.update(t for t in _WRITTEN if t.startswith(_PINYIN_INITIALS))
        _TRIGGERS.update(t for t in _SIBLINGS if len(t) >= 4)
    return _TRIGGERS


def romanised_lookup_forms(form: NameForm) -> list[NameForm]:
    """Retrieval forms of a Latin name in Wade-Giles, the Revised Romanisation of Korean, or a Persian or
    Maghrebi form of an Arabic name (see the module docstring); [] for any other name (no table knows a part):
    answered by one set lookup per part for most names."""
    tokens = form.tokens
    triggers = _TRIGGERS or _triggers()
    if not any(t in triggers or "eo" in t or "eu" in t for t in tokens):
        return []
    found = [*_wade_giles_forms(tokens), *_korean_forms(tokens), *_sibling_forms(tokens)]
    return [NameForm(form.original, form.kind, t, form.legal, form.script, form.script_tokens, "".join(t),
                     " ".join(sorted(t)), tuple(metaphone(w) for w in t), form.given_start)
            for t in dict.fromkeys(found)]


def korean_same(a: str, b: str) -> bool:
    """One Korean syllable in two romanisations (Gang/Kang, Gyeong/Kyong: :func:`.v2_scripts.korean_key`)."""
    return korean_key(a) == korean_key(b)


CACHED = (chinese_syllables,)

__all__ = ["chinese_syllables", "korean_same", "korean_syllables", "romanised_lookup_forms", "wade_giles_pinyin",
           "wade_giles_same", "wade_giles_words"]
