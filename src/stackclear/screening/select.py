"""Which lists a screening runs against: the one place the fail-closed choice is made.

DESIGN.md's rule, used by every layer (CLI ``screen``, ``evaluate``/``diff``, and the API and batch layers):

1. lists named explicitly (``--list`` files, a package's ``lists:``) are used as given — historical and
   what-if runs; an unreadable one is an error, never a silent fallback;
2. otherwise the list store's current snapshot, while fresh (its index read from the disk cache,
   :mod:`stackclear.screening.index_cache`);
3. otherwise (nothing stored, or stale) a screener that fails closed: every party ``review`` (HOLD), with
   the reason, and the refused snapshot's provenance when there is one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from stackclear.screening.matchers import DEFAULT_MATCHER
from stackclear.screening.screen import Screener
from stackclear.screening.store import ListStore

__all__ = ["select_screener"]


def select_screener(
    paths: Sequence[str | Path] | None = None,
    *,
    store: ListStore | None = None,
    matcher: str = DEFAULT_MATCHER,
    threshold: float | None = None,
    today: dt.date | None = None,
    cache: bool = True,
) -> Screener:
    """Explicit list files as given; else the stored current lists if fresh; else a fail-closed screener.

    ``cache=False`` builds the stored snapshot's index instead of using the disk cache.
    Raises ListDataError for an unreadable explicit list or a corrupt store.
    """
    from stackclear.screening.index_cache import cached_screener, describe_snapshot
    from stackclear.screening.sources import load_list

    if paths:
        return Screener.from_lists([load_list(p) for p in paths], matcher, threshold)
    store = store or ListStore()
    ok, reason = store.freshness(today)
    if not ok:
        snap = store.current()
        return Screener.unavailable(reason, matcher, describe_snapshot(snap) if snap else [])
    if cache:
        return cached_screener(store, matcher=matcher, threshold=threshold)
    return Screener.from_lists(store.load_current(), matcher, threshold)
