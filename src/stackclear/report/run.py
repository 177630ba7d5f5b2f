"""Run one evaluation the way the CLI (and later the API) does: pick the lists, screen, determine.

Lists follow the contract of DESIGN.md: lists named explicitly (``--list`` or the package's ``lists:``) are
used as given, for historical and what-if runs; otherwise the stored current lists are used only while
fresh, and a missing or stale store yields a screener that fails closed (every party ``review`` → HOLD).
The determination itself is the engine's (``stackclear.determine.determine``); nothing here decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from stackclear import yaml12
from stackclear.errors import ListDataError, PackageError
from stackclear.model.io import LoadedPackage
from stackclear.screening.screen import Screener
from stackclear.screening.select import select_screener
from stackclear.screening.store import ListStore

if TYPE_CHECKING:
    from stackclear.model.determination import Determination

ScreenerFactory = Callable[[Sequence[str] | None], Screener]


def parse_policy(pairs: Sequence[str]) -> dict[str, object]:
    """``["diffusion.enforced=true"]`` → ``{"diffusion.enforced": True}``: values are YAML 1.2 scalars, as in a
    package's ``policy:`` (``true``/``false`` are booleans, numbers are numbers, ``no``/``off`` stay strings —
    YAML 1.1 would read ``x=no`` as False); a value that is not valid YAML is kept as its text."""
    out: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip().removeprefix("policy.")
        if not sep or not name:
            raise ValueError(f"expected NAME=VALUE (e.g. diffusion.enforced=true), got {pair!r}")
        try:
            value = yaml12.load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        out[name] = value
    return out


def screener_for(paths: Sequence[str] | None, *, today: dt.date | None = None,
                 store: ListStore | None = None) -> Screener:
    """Explicit list files as given; else the stored current lists if fresh; else a fail-closed screener
    (the one rule, :func:`stackclear.screening.select.select_screener`)."""
    return select_screener(paths, store=store, today=today)


@dataclass(slots=True)
class ScreenerCache:
    """One screener per distinct list selection, so a portfolio run indexes each list set once."""

    today: dt.date | None = None
    store: ListStore | None = None
    _cache: dict[tuple[str, ...], Screener] = field(default_factory=dict)

    def __call__(self, paths: Sequence[str] | None) -> Screener:
        key = tuple(paths or ())
        if key not in self._cache:
            self._cache[key] = screener_for(paths, today=self.today, store=self.store)
        return self._cache[key]


def evaluate(
    loaded: LoadedPackage,
    as_of: dt.date | None = None,
    *,
    lists: Sequence[str] | None = None,
    policy: Mapping[str, object] | None = None,
    screeners: ScreenerFactory | None = None,
) -> dict[str, Any]:
    """The determination of ``loaded`` as the ``evaluate --json`` dict, plus ``source``/``import_notes``.

    ``as_of`` defaults to the package's ``date``, then today. ``lists`` (CLI) win over the package's.
    Raises PackageError for an unreadable list the package names, ListDataError for one the caller named.
    """
    result = determination(loaded, as_of, lists=lists, policy=policy, screeners=screeners).to_dict()
    result["source"] = loaded.source
    if loaded.notes:
        result["import_notes"] = list(loaded.notes)
    return result


def determination(
    loaded: LoadedPackage,
    as_of: dt.date | None = None,
    *,
    lists: Sequence[str] | None = None,
    policy: Mapping[str, object] | None = None,
    screeners: ScreenerFactory | None = None,
) -> Determination:
    """The typed determination behind :func:`evaluate` (same arguments)."""
    from stackclear.determine import determine  # the engine; imported late so the CLI starts fast

    package = loaded.package
    day = as_of or package.date or dt.date.today()
    chosen = list(lists) if lists else package.lists
    factory = screeners or ScreenerCache()
    try:
        screener = factory(chosen)
    except ListDataError as exc:
        if lists or not package.lists:
            raise
        index = next((i for i, p in enumerate(package.lists) if p == exc.file), 0)
        raise PackageError(loaded.source, f"lists[{index}]", str(exc)) from None
    switches = {**package.policy, **(policy or {})}
    return determine(package, day, screener=screener, policy=switches or None, source=loaded.source)


def package_screener(loaded: LoadedPackage, lists: Sequence[str] | None = None,
                     screeners: ScreenerFactory | None = None) -> Screener:
    """The screener ``evaluate`` would use for ``loaded``: ``lists`` (caller) over the package's ``lists:``,
    else the stored current lists; an unreadable list the package names is reported against its field."""
    chosen = list(lists) if lists else loaded.package.lists
    factory = screeners or ScreenerCache()
    try:
        return factory(chosen)
    except ListDataError as exc:
        if lists or not loaded.package.lists:
            raise
        index = next((i for i, p in enumerate(loaded.package.lists) if p == exc.file), 0)
        raise PackageError(loaded.source, f"lists[{index}]", str(exc)) from None


def matrix(loaded: LoadedPackage, destinations: Sequence[str], as_of: dt.date | None = None, *,
           since: dt.date | None = None, lists: Sequence[str] | None = None,
           policy: Mapping[str, object] | None = None, screeners: ScreenerFactory | None = None) -> dict[str, Any]:
    """The ``matrix --json`` dict for ``loaded`` over destination tokens (ISO codes, groups, blocs, ``all``).

    Raises DestinationError (a StackclearError) for an unknown token, PackageError/ListDataError as evaluate."""
    from stackclear.rules.loader import default_rules
    from stackclear.stack.destinations import expand, split_tokens
    from stackclear.stack.matrix import build_matrix

    day = as_of or loaded.package.date or dt.date.today()
    expanded = expand(split_tokens(list(destinations)), day, default_rules())
    screener = package_screener(loaded, lists, screeners)
    switches = {**loaded.package.policy, **(policy or {})}
    result = build_matrix(loaded.package, expanded, day, screener=screener, since=since, policy=switches or None,
                          source=loaded.source).to_dict()
    result["source"] = loaded.source
    return result


def readiness(loaded: LoadedPackage, as_of: dt.date | None = None, *, lists: Sequence[str] | None = None,
              policy: Mapping[str, object] | None = None, screeners: ScreenerFactory | None = None,
              with_matrix: bool = False) -> dict[str, Any]:
    """The ``readiness --json`` dict for ``loaded`` (``ready`` tells the exit code: 0 ready, 1 not)."""
    from stackclear.stack.readiness import check_readiness

    day = as_of or loaded.package.date or dt.date.today()
    screener = package_screener(loaded, lists, screeners)
    switches = {**loaded.package.policy, **(policy or {})}
    data = check_readiness(loaded.package, day, screener=screener, policy=switches or None,
                           source=loaded.source).to_dict()
    if not with_matrix:
        data.pop("matrix", None)
    data["source"] = loaded.source
    return data
