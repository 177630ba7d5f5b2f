"""Helpers shared by the matcher-v2 tests: a screener over invented entries, a name's retrieval skeleton."""

from __future__ import annotations

from stackclear.names.analyze import PERSON, analyze
from stackclear.screening.matchers.v2_names import skeleton_form
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import Screener
from stackclear.screening.sources import LoadedList


def screener_of(entries: list[ListEntry]) -> Screener:
    return Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": len(entries)})])


def retrieval_skeleton(name: str) -> tuple[str, ...] | None:
    form = skeleton_form(analyze(name, PERSON), True, retrieval=True)
    return None if form is None else tuple(sorted(form.tokens))
