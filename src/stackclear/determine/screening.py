"""The screening interface the engine depends on, as structural types.

The engine needs only ``screener.screen(query) -> result`` with ``result.decision`` (clear | hit | review),
``result.hits`` (each with ``source_code``, ``license_requirement``, ``license_policy`` ...), and optionally
``result.reasons``, ``result.lists`` and ``result.matcher``. Coding against these Protocols keeps the engine
independent of the screening package's internals and lets tests pass any conforming object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from stackclear.screening.screen import PartyQuery

__all__ = ["HitLike", "PartyQuery", "ScreenResultLike", "ScreenerLike", "hit_to_dict", "result_lists"]


class HitLike(Protocol):
    @property
    def entry_id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def source_code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def matched_name(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def license_requirement(self) -> str | None: ...
    @property
    def license_policy(self) -> str | None: ...


class ScreenResultLike(Protocol):
    @property
    def hits(self) -> Sequence[HitLike]: ...
    @property
    def decision(self) -> str: ...


class ScreenerLike(Protocol):
    # ``Any`` keeps test doubles simple; the engine passes stackclear.screening.screen.PartyQuery.
    def screen(self, query: Any) -> ScreenResultLike: ...


def hit_to_dict(hit: HitLike) -> dict[str, object]:
    out: dict[str, object] = {
        "entry_id": str(hit.entry_id), "source": hit.source, "source_code": hit.source_code, "name": hit.name,
        "matched_name": hit.matched_name, "score": round(float(hit.score), 4),
    }
    if hit.license_requirement:
        out["license_requirement"] = hit.license_requirement
    if hit.license_policy:
        out["license_policy"] = hit.license_policy
    return out


def result_lists(result: object) -> list[object]:
    """The list snapshots a result was screened against, as JSON-ready values."""
    raw = getattr(result, "lists", None) or []
    out: list[object] = []
    for item in raw:
        to_dict = getattr(item, "to_dict", None)
        out.append(to_dict() if callable(to_dict) else item if isinstance(item, str | dict) else str(item))
    return out
