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

from stackclear.names.analyze import ORG, NameForm
from stackclear.screening.matchers.v2_names import _acronym_letters, _acronym_words, _exact_acronyms

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


def _pattern(words: tuple[tuple[str, bool], ...]) -> tuple[str, int]:
    """The initials of ``words`` and a bit mask of the optional ones (bit k: word k may be left out)."""
    return "".join(w[0] for w, _ in words), sum(1 << k for k, (_, optional) in enumerate(words) if optional)


def _spells(acronym: str, letters: str, optional: int) -> bool:
    """:func:`.v2_names._acronym_of` over a :func:`_pattern`: ``acronym`` spells the initials ``letters`` in order,
    each optional one used or left out."""
    n = len(acronym)
    reach = {0}
    for k, letter in enumerate(letters):
        nxt = {p + 1 for p in reach if p < n and acronym[p] == letter}
        if optional >> k & 1:
            nxt |= reach
        reach = nxt
        if not reach:
            return False
    return n in reach


class AcronymIndex:
    """Listed organisations by the initials of their distinctive words (see the module docstring)."""

    def __init__(self, index: ScreeningIndex) -> None:
        # core -> (initials of the optional words, how many optional words) -> the names with those: the cheap tests
        # of a query are made once per group, not once per name (a core of one or two letters has hundreds of names,
        # most of them in a few groups: "X Co., Ltd.", "X S.A. de C.V.")
        cores: dict[str, dict[tuple[frozenset[str], int], list[tuple[int, tuple[str, int]]]]] = {}
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
                    group = cores.setdefault(core, {}).setdefault((frozenset(optional), len(optional)), [])
                    group.append((name_id, _pattern(words)))
        # each core's groups, most optional words first: a query stops at the first group with too few
        self.cores: dict[str, list[tuple[int, frozenset[str], list[tuple[int, tuple[str, int]]]]]] = {
            core: sorted(((count, optional, group) for (optional, count), group in groups.items()),
                         key=lambda item: -item[0])
            for core, groups in cores.items()}
        self.names = index.names
        self.index = index

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
            for count, optional, group in self.cores[core]:
                # cheap tests first: enough optional words, and their initials have the letters the core leaves
                if left > count:
                    break
                if not rest <= optional:
                    continue
                for name_id, (letters, optional_mask) in group:
                    if name_id in done or not _spells(token, letters, optional_mask):
                        continue
                    done.add(name_id)
                    exact = token in _exact_acronyms(names[name_id].form.original)
                    found.append((not exact, -len(core), len(names[name_id].form.tokens), name_id))
        found.sort()
        return [item[3] for item in found[:MAX_FOUND]]


def acronym_index(index: ScreeningIndex, cache: dict[str, object]) -> AcronymIndex:
    """The :class:`AcronymIndex` of ``index``, built on first use and kept in ``cache`` (the screener's, which owns
    the index: a compiled ScreeningIndex cannot be weakly referenced, and a module-level cache would keep an index
    the screener has let go)."""
    built = cache.get("acronyms")
    if not isinstance(built, AcronymIndex) or built.index is not index:
        built = AcronymIndex(index)
        cache["acronyms"] = built
    return built
