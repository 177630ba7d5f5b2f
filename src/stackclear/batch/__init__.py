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
from stackclear.screening.screen import Screener

__all__ = ["BatchInputError", "BatchOptions", "BatchSummary", "Columns", "run_batch", "screener_for"]


def screener_for(lists: list[Path], home: Path | None, matcher: str | None = None,
                 threshold: float | None = None) -> Screener:
    """Explicit list files as given; otherwise the stored current lists (their index from the disk cache),
    failing closed (every row ``review``) when none are stored or they are stale — as ``stackclear screen``."""
    from stackclear.screening.select import select_screener
    from stackclear.screening.store import ListStore

    return select_screener(lists, store=ListStore(home), matcher=matcher or DEFAULT_MATCHER, threshold=threshold)
