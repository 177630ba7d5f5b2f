"""Restricted-party screening: list parsing and storage, the index, versioned matchers, the fail-closed choice.

    from stackclear.screening import Screener, PartyQuery, load_list, select_screener
    screener = Screener.from_lists([load_list("consolidated.csv")])
    screener.screen(PartyQuery("1", "Huawei Technologies Co., Ltd.", country="CN")).decision   # "hit"

Modules: ``sources`` (load any list format) and ``parsers``; ``store`` (validated, versioned snapshots with a
file lock) and ``fetch`` (downloads); ``index`` (inverted index) and ``index_cache`` (its disk cache);
``matchers`` (versioned scorers); ``screen`` (the decision rule); ``select`` (which lists: explicit, stored and
fresh, or fail closed); ``queries`` (query validation). Names below are imported on first use, so importing one
module (e.g. the compiled index) does not load the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "Candidate": "stackclear.screening.screen",
    "Hit": "stackclear.screening.screen",
    "PartyQuery": "stackclear.screening.screen",
    "ScreenResult": "stackclear.screening.screen",
    "Screener": "stackclear.screening.screen",
    "ListEntry": "stackclear.screening.model",
    "LoadedList": "stackclear.screening.sources",
    "load_list": "stackclear.screening.sources",
    "ListStore": "stackclear.screening.store",
    "Snapshot": "stackclear.screening.store",
    "select_screener": "stackclear.screening.select",
    "cached_screener": "stackclear.screening.index_cache",
}

__all__ = [
    "Candidate",
    "Hit",
    "ListEntry",
    "ListStore",
    "LoadedList",
    "PartyQuery",
    "ScreenResult",
    "Screener",
    "Snapshot",
    "cached_screener",
    "load_list",
    "select_screener",
]

if TYPE_CHECKING:
    from stackclear.screening.index_cache import cached_screener
    from stackclear.screening.model import ListEntry
    from stackclear.screening.screen import Candidate, Hit, PartyQuery, Screener, ScreenResult
    from stackclear.screening.select import select_screener
    from stackclear.screening.sources import LoadedList, load_list
    from stackclear.screening.store import ListStore, Snapshot


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stackclear.screening' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
