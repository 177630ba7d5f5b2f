"""Candidates of matcher ``stackclear-v2`` for an organisation query that is one acronym-shaped word ("CETC").

The index holds the *usual* acronyms of each listed organisation (:func:`.v2_names.acronym_forms`: its initials with
the generic words and legal form kept or left out as blocks), while the scorer (:func:`.v2_names._acronym`)
accepts any acronym that spells the distinctive words in order with optional words (generic words, legal-form
words, particles, function words) each used or left out: "OOGB" for "Obshchestvo s Ogranichennoi
Otvetstvennostyu Gazprom Burenie", "CIDSS" for "C.I. Disercom S.A.S.". Enumerating every such spelling into the
index made it ~4 times larger (session 5). Instead, :class:`AcronymIndex` files each listed organisation under the
initials of its distinctive words only (its *core*: "gb"), and a query looks up every core its letters can spell
in order (the subsequences of "oogb"), keeping the names the scorer's own test accepts, ranked by how exactly the
acronym spells them (:func:`.v2_names.acronym_exactness`), then by how many of its letters the distinctive words
spell. Built on first use per index (~0.3 s over the four evaluation lists); only a query with a one-word
organisation form of 3–8 ASCII letters looks it up, so people (and longer names) never pay for it.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from stackclear.names.analyze import ORG, NameForm
from stackclear.screening.matchers.v2_names import (
    _acronym_letters,
    _acronym_of,
    _acronym_words,
    _exact_acronyms,
)

if TYPE_CHECKING:
    from stackclear.screening.index import ScreeningIndex

MAX_WORDS = 10  # as _acronym: a longer name is not read as an acronym
MIN_LETTERS, MAX_LETTERS = 3, 8
ONE_WORD_CORE_MIN = 4  # a query this long may spell a name with one distinctive word (C.I. Disercom S.A.S. = CIDSS)
MAX_FOUND = 64  # names kept per query before ranking (the screen takes its k best)


def acronym_query(forms: list[NameForm]) -> str | None:
    """The acronym-shaped word of an organisation query (one word of 3–8 ASCII letters), or None."""
    for form in forms:
        if form.kind == ORG and len(form.tokens) == 1:
            token = form.tokens[0]
            if MIN_LETTERS <= len(token) <= MAX_LETTERS and token.isalpha() and token.isascii():
                return token
    return None


class AcronymIndex:
    """Listed organisations by the initials of their distinctive words (see the module docstring)."""

    def __init__(self, index: ScreeningIndex) -> None:
        # core -> (name id, initials of its optional words, how many optional words) per listed name
        cores: dict[str, list[tuple[int, frozenset[str], int]]] = {}
        for name_id, listed in enumerate(index.names):
            form = listed.form
            if listed.base is not None or form.kind != ORG or len(form.tokens) > MAX_WORDS:
                continue
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for words in (_acronym_words(form.original), _acronym_letters(form.original)):
                if len(words) < 2:
                    continue
                core = "".join(w[0] for w, optional in words if not optional)
                optional = tuple(w[0] for w, is_optional in words if is_optional)
                if core and (core, optional) not in seen and core.isalpha():
                    seen.add((core, optional))
                    cores.setdefault(core, []).append((name_id, frozenset(optional), len(optional)))
        self.cores = cores
        self.names = index.names

    def find(self, token: str) -> list[int]:
        """Listed organisation names ``token`` is an acronym of, best first: exact acronyms (every word spelled)
        first, then those whose distinctive words spell more of its letters, then shorter names."""
        shortest = 1 if len(token) >= ONE_WORD_CORE_MIN else 2
        # core -> the letters the optional words must spell (each core once, with the fewest such letters)
        spelled: dict[str, frozenset[str]] = {}
        for size in range(len(token), shortest - 1, -1):
            for picked in combinations(range(len(token)), size):
                core = "".join(token[p] for p in picked)
                if core in self.cores and core not in spelled:
                    spelled[core] = frozenset(token[p] for p in range(len(token)) if p not in picked)
        found: list[tuple[bool, int, int, int]] = []
        done: set[int] = set()
        names = self.names
        for core, rest in spelled.items():
            left = len(token) - len(core)
            for name_id, optional, count in self.cores[core]:
                # cheap tests first: the optional words' initials have the letters the core leaves, enough of them
                if left > count or not rest <= optional or name_id in done:
                    continue
                original = names[name_id].form.original
                if not (_acronym_of(token, _acronym_words(original))
                        or _acronym_of(token, _acronym_letters(original))):
                    continue
                done.add(name_id)
                exact = token in _exact_acronyms(original)
                found.append((not exact, -len(core), len(names[name_id].form.tokens), name_id))
        found.sort()
        return [item[3] for item in found[:MAX_FOUND]]


_BUILT: WeakKeyDictionary[ScreeningIndex, AcronymIndex] = WeakKeyDictionary()


def acronym_index(index: ScreeningIndex) -> AcronymIndex:
    """The :class:`AcronymIndex` of ``index``, built on first use."""
    built = _BUILT.get(index)
    if built is None:
        built = _BUILT[index] = AcronymIndex(index)
    return built
