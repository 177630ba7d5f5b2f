"""One input row → one validated query → one output row; shared by the file batch and Spark.

Both engines call :func:`make_query` on the raw values of a row and :func:`output_row` on its screening
result, so the same row gives the same ``id, name, decision, hits`` whichever engine ran it.
"""

from __future__ import annotations

from typing import Any

from stackclear.errors import StackclearError
from stackclear.screening.queries import check_country, check_name, check_schema
from stackclear.screening.screen import PartyQuery, Screener

#: The output columns of DESIGN.md "Batch", in order; each hit carries HIT_KEYS.
COLUMNS = ("id", "name", "decision", "hits")
HIT_KEYS = ("entry_id", "source", "name", "score")
RAW_LIMIT = 2_000  # characters of a rejected record kept in the rejects file
#: Screening memoises per-name work (name analysis, token similarities...) in bounded caches that together hold
#: ~1 GB per process when full; a long batch clears them when the name-analysis cache passes this many entries,
#: so a worker's memory stays flat (results do not depend on the caches: they only remember answers).
CACHE_LIMIT = 40_000

#: (id, name, decision, hits) with hits as [{"entry_id", "source", "name", "score"}]
OutRow = tuple[str, str, str, list[dict[str, Any]]]


class RowError(StackclearError):
    """A row that cannot be screened; the message names the field and what was expected."""


def _text(value: Any, field: str) -> str | None:
    """An optional text cell: None or blank → None; numbers are not silently turned into codes."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(f"{field}: expected text, got {type(value).__name__} {value!r}")
    return value.strip() or None


def make_query(fallback_id: str, name: Any, id_value: Any = None, country: Any = None,
               schema: Any = None) -> PartyQuery:
    """A validated query from a row's raw cells (``fallback_id`` when the row has no id)."""
    if id_value is None or (isinstance(id_value, str) and not id_value.strip()):
        party_id = fallback_id
    elif isinstance(id_value, (str, int)) and not isinstance(id_value, bool):
        party_id = str(id_value)
    else:
        raise RowError(f"id: expected text or an integer, got {type(id_value).__name__} {id_value!r}")
    if name is None:
        raise RowError("name: is missing; expected a party name")
    try:
        return PartyQuery(
            id=party_id,
            name=check_name(name, "name"),
            schema=check_schema(_text(schema, "schema")),
            country=check_country(_text(country, "country")),
        )
    except StackclearError as exc:
        raise RowError(str(exc)) from None


def output_row(screener: Screener, query: PartyQuery) -> OutRow:
    """Screen ``query``: the batch output row (decision and the hits' contract keys)."""
    result = screener.screen(query)
    hits = [{"entry_id": h.entry_id, "source": h.source, "name": h.name, "score": h.score} for h in result.hits]
    return (query.id, query.name, result.decision, hits)


def bound_caches(screener: Screener, limit: int | None = None) -> bool:
    """Empty the query caches of this process once they have grown past ``limit`` names (default
    CACHE_LIMIT); True when emptied (a screener loaded from an index file is then best loaded again: what it
    decoded is dropped too, and :func:`release_memory` hands the freed memory back)."""
    from stackclear.names.analyze import analyze

    if analyze.cache_info().currsize > (CACHE_LIMIT if limit is None else limit):
        from stackclear.screening.caches import clear_query_caches

        clear_query_caches(screener.index)
        return True
    return False


def release_memory() -> None:
    """After the caches were emptied and the screener dropped: ask glibc to give its free heap pages back to
    the system (``malloc_trim``, ~5 ms; nothing where glibc is absent). Most of what was freed stays in the
    interpreter's own partly used arenas and is reused by the next cycle. (No ``gc.collect()``: measured, it
    found no cyclic garbage there and cost ~75 ms.)"""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim() -> Any:
    global _TRIM
    if _TRIM is False:
        import ctypes

        try:
            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _TRIM = None
    return _TRIM


_TRIM: Any = False


def shown_raw(raw: bytes | str, size: int | None = None) -> str:
    """A rejected record as text for the rejects file: undecodable bytes as \\xNN, long records cut."""
    text = raw.decode("utf-8", errors="backslashreplace") if isinstance(raw, bytes) else raw
    text = text.rstrip("\r\n")
    total = size if size is not None else len(raw)
    if len(text) > RAW_LIMIT or total > len(raw):
        text = text[:RAW_LIMIT] + f"…[cut: the record is {total:,} bytes]"
    return text
