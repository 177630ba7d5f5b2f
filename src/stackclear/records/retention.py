"""How long records are kept: 15 CFR 762.6 asks for five years; ``STACKCLEAR_RETENTION_YEARS`` changes it.

Nothing is ever deleted automatically. ``retention_years`` is reported by ``db status`` and checked by
:func:`may_discard`, which any purge must ask first.
"""

from __future__ import annotations

import datetime as dt
import os

from stackclear.records.errors import RecordsError

ENV_RETENTION = "STACKCLEAR_RETENTION_YEARS"
DEFAULT_YEARS = 5


def retention_years() -> int:
    raw = os.environ.get(ENV_RETENTION, "").strip()
    if not raw:
        return DEFAULT_YEARS
    if not raw.isdigit() or int(raw) < 1:
        raise RecordsError(f"{ENV_RETENTION}: expected a whole number of years >= 1, got {raw!r}")
    return int(raw)


def keep_until(recorded: dt.date, years: int | None = None) -> dt.date:
    """The first day a record made on ``recorded`` may be discarded."""
    span = years if years is not None else retention_years()
    try:
        return recorded.replace(year=recorded.year + span)
    except ValueError:  # 29 February
        return recorded.replace(year=recorded.year + span, day=28)


def may_discard(recorded: dt.date, today: dt.date | None = None) -> bool:
    return (today or dt.date.today()) >= keep_until(recorded)
