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
    failing closed (every row ``review``) when none are stored or they are stale — as ``stackclear screen``.
    The index is built (when not cached yet) in a short-lived helper process and mapped from its file here:
    see :func:`stackclear.batch.index_file.batch_screener`."""
    from stackclear.batch.index_file import batch_screener

    return batch_screener(lists, home, matcher or DEFAULT_MATCHER, threshold)
