"""Parsers for the restricted-party list formats the US government publishes, one module per format.

Each parser turns one file (or one OFAC folder) into a :class:`ParseResult`: the entries in the shared
:class:`~stackclear.screening.model.ListEntry` shape, the non-fatal anomalies it met (reported, never
silently dropped) and the latest listing date it saw. Corrupt input raises
:class:`~stackclear.errors.ListDataError` naming the file, line and field. Callers use
:func:`stackclear.screening.sources.load_list`, which detects the format.
"""

from stackclear.screening.parsers.common import ParseResult

__all__ = ["ParseResult"]
