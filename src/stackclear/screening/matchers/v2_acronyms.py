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
spell. Only a query with a one-word organisation form of 3–8 ASCII letters looks it up, so people (and longer
names) never pay for it.

Built with the index (:class:`stackclear.screening.index_v2.IndexV2`, session 8), from the listed names as they
are analysed for the index, and stored with it (:mod:`stackclear.screening.index_cache`, section ``acronyms``:
:meth:`AcronymIndex.to_bytes`, plain ``marshal`` data). An index loaded from the disk cache decodes that section
on its first acronym query (a few milliseconds) and never analyses the listed names again (session 7 rebuilt it
from every name of a loaded index on the first acronym query: 20.9 s).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any

from stackclear.names.analyze import ORG, NameForm
from stackclear.screening.matchers.v2_names import (
    _acronym_letters,
    _acronym_words,
    _exact_acronyms,
    acronym_readings,
    spells_initials,
)

if TYPE_CHECKING:
    from stackclear.screening.index import IndexedName

MAX_WORDS = 10  # as _acronym: a longer name is not read as an acronym
MIN_LETTERS, MAX_LETTERS = 3, 8
ONE_WORD_CORE_MIN = 4  # a query this long may spell a name with one distinctive word (C.I. Disercom S.A.S. = CIDSS)
MAX_FOUND = 64  # names kept per query before ranking (the screen takes its k best)
VERSION = 1  # of the stored form (to_bytes); another version is refused, not misread

#: one group of a core's names, those with the same optional words: (how many optional words, their initials, the
#: names' ids, each name's initials, each name's optional-word mask: bit k set when word k may be left out)
Group = tuple[int, str, tuple[int, ...], tuple[str, ...], tuple[int, ...]]


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


def _words_of(original: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """The word readings of a listed organisation (:func:`.v2_names.acronym_readings`: words, letters, each also
    without a parenthesised part), without filling their query-time caches (the index reads ~45,000 names once;
    the scorer keeps its own hot names)."""
    return acronym_readings(original, _UNCACHED_WORDS, _UNCACHED_LETTERS)


_UNCACHED_WORDS: Callable[[str], tuple[tuple[str, bool], ...]] = getattr(_acronym_words, "__wrapped__", _acronym_words)
_UNCACHED_LETTERS: Callable[[str], tuple[tuple[str, bool], ...]] = getattr(_acronym_letters, "__wrapped__",
                                                                           _acronym_letters)


def build_cores(names: Sequence[IndexedName]) -> dict[str, tuple[Group, ...]]:
    """Listed organisations (not retrieval variants) by core, each core's groups with the most optional words
    first (a query stops at the first group with too few)."""
    # core -> (initials of the optional words, how many optional words) -> the names with those: the cheap tests
    # of a query are made once per group, not once per name (a core of one or two letters has hundreds of names,
    # most of them in a few groups: "X Co., Ltd.", "X S.A. de C.V.")
    cores: dict[str, dict[tuple[str, int], list[tuple[int, str, int]]]] = {}
    filed: set[tuple[int, str]] = set()  # (entry, name as written): each filed once
    for name_id, listed in enumerate(names):
        # a listed name, or the name a retrieval variant was made of when that name is not indexed itself: a
        # spelling of a listed name whose key the entry already has ("OBSHCHESTVO S OGRANICHENNOI
        # OTVETSTVENNOSTYU X" beside "X, OOO") is indexed only through its variants (its acronyms); the variant's
        # id stands for it (screen scores a variant's base)
        form = listed.form if listed.base is None else listed.base
        if form.kind != ORG or len(form.tokens) > MAX_WORDS or (listed.entry, form.original) in filed:
            continue
        filed.add((listed.entry, form.original))
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for words in _words_of(form.original):
            if len(words) < 2:
                continue
            core = "".join(w[0] for w, optional in words if not optional)
            optional = tuple(w[0] for w, is_optional in words if is_optional)
            if core and (core, optional) not in seen and core.isalpha():
                seen.add((core, optional))
                group = cores.setdefault(core, {}).setdefault(("".join(sorted(set(optional))), len(optional)), [])
                group.append((name_id, *_pattern(words)))
    return {core: tuple(sorted(((count, optional, tuple(n for n, _, _ in group), tuple(x for _, x, _ in group),
                                 tuple(m for _, _, m in group)) for (optional, count), group in groups.items()),
                               key=lambda item: -item[0]))
            for core, groups in cores.items()}


class AcronymIndex:
    """Listed organisations by the initials of their distinctive words (see the module docstring): built from the
    index's names (:meth:`build`) or read from its stored form (:meth:`from_bytes`): a table of cores decoded on
    the first acronym query (~1 ms), each core's groups on the first query that spells the core."""

    def __init__(self, names: Sequence[IndexedName], cores: dict[str, tuple[Group, ...]] | None = None,
                 stored: bytes | memoryview | None = None) -> None:
        self.names = names
        self._cores: dict[str, tuple[Group, ...]] = {} if cores is None else cores
        self._stored = stored  # the stored form, until the first query reads its table
        self._packed: dict[str, bytes] | None = None if stored is not None else {}  # core -> its groups, marshalled

    @classmethod
    def build(cls, names: Sequence[IndexedName]) -> AcronymIndex:
        return cls(names, build_cores(names))

    @classmethod
    def from_bytes(cls, stored: bytes | memoryview, names: Sequence[IndexedName]) -> AcronymIndex:
        """The index :meth:`to_bytes` wrote, over ``names`` (the same index's names), decoded on use."""
        return cls(names, None, stored)

    @property
    def decoded(self) -> bool:
        """Whether the table of cores has been read (built, or read from the stored form by a query)."""
        return self._packed is not None

    def _table(self) -> dict[str, bytes]:
        packed = self._packed
        if packed is None:
            packed = self._packed = _decode(self._stored if self._stored is not None else b"")
            self._stored = None
        return packed

    def _groups(self, core: str) -> tuple[Group, ...] | None:
        found = self._cores.get(core)
        if found is None:
            raw = self._table().get(core)
            if raw is None:
                return None
            found = self._cores[core] = marshal.loads(raw)
        return found

    def to_bytes(self) -> bytes:
        """Plain ``marshal`` data: the version and, per core, its groups (:data:`Group`) marshalled apart."""
        table = dict(self._table())
        table.update((core, marshal.dumps(groups)) for core, groups in self._cores.items())
        return marshal.dumps((VERSION, table))

    def find(self, token: str) -> list[int]:
        """Listed organisation names ``token`` is an acronym of, best first: exact acronyms (every word spelled)
        first, then those whose distinctive words spell more of its letters, then shorter names."""
        shortest = 1 if len(token) >= ONE_WORD_CORE_MIN else 2
        # core -> the letters the optional words must spell (each core once, with the fewest such letters)
        spelled: dict[str, tuple[frozenset[str], tuple[Group, ...]]] = {}
        for size in range(len(token), shortest - 1, -1):
            for picked in combinations(range(len(token)), size):
                core = "".join(token[p] for p in picked)
                if core in spelled:
                    continue
                groups = self._groups(core)
                if groups is not None:
                    spelled[core] = (frozenset(token[p] for p in range(len(token)) if p not in picked), groups)
        found: list[tuple[bool, int, int, int]] = []
        done: set[int] = set()
        names = self.names
        for core, (rest, groups) in spelled.items():
            left = len(token) - len(core)
            for count, optional, ids, letters, masks in groups:
                # cheap tests first: enough optional words, and their initials have the letters the core leaves
                if left > count:
                    break
                if not rest.issubset(optional):
                    continue
                for name_id, pattern, optional_mask in zip(ids, letters, masks, strict=True):
                    if name_id in done or not spells_initials(token, pattern, optional_mask):
                        continue
                    done.add(name_id)
                    exact = token in _exact_acronyms(names[name_id].form.original)
                    found.append((not exact, -len(core), len(names[name_id].form.tokens), name_id))
        found.sort()
        return [item[3] for item in found[:MAX_FOUND]]


def _decode(stored: bytes | memoryview) -> dict[str, bytes]:
    """The table of cores of :meth:`AcronymIndex.to_bytes`; an empty stored form is an index without
    organisations."""
    if not len(stored):
        return {}
    read: Any = marshal.loads(stored)
    if not (isinstance(read, tuple) and len(read) == 2 and read[0] == VERSION and isinstance(read[1], dict)):
        raise ValueError(f"stored acronym index of another version (expected {VERSION})")
    table: dict[str, bytes] = read[1]
    return table
