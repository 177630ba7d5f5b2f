"""Batch screening: whole files on every core (:mod:`stackclear.batch.runner`) and on Spark (:mod:`stackclear.spark`).

    screener = screener_for(lists=[], home=None)      # the stored current lists, failing closed when stale
    summary = run_batch(screener, BatchOptions(Path("parties.csv"), Path("out.parquet"), workers=2))

A thin layer over the screening engine: no CLI framework here; the ``stackclear batch`` command and the
Spark function call these.
"""

from __future__ import annotations

from pathlib import Path

from stackclear.batch.inputs import BatchInputError, Columns
from stackclear.batch.runner import BatchOptions, BatchSummary, run_batch
from stackclear.screening.matchers import DEFAULT_MATCHER
from stackclear.screening.screen import Screener, describe_list
from stackclear.screening.sources import load_list
from stackclear.screening.store import ListStore

__all__ = ["BatchInputError", "BatchOptions", "BatchSummary", "Columns", "run_batch", "screener_for"]


def screener_for(lists: list[Path], home: Path | None, matcher: str = DEFAULT_MATCHER,
                 threshold: float | None = None) -> Screener:
    """Explicit list files as given; otherwise the stored current lists, failing closed (every row
    ``review``) when none are stored or they are stale — as ``stackclear screen`` does."""
    if lists:
        return Screener.from_lists([load_list(path) for path in lists], matcher, threshold)
    store = ListStore(home)
    ok, reason = store.freshness()
    if not ok:
        described = [describe_list(x) for x in store.load_current()] if store.current() else []
        return Screener.unavailable(reason, matcher, described)
    return Screener.from_lists(store.load_current(), matcher, threshold)
