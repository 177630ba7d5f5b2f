"""The chip and system catalog shipped with stackclear: datasheet facts, each with its source.

Lookup is forgiving: case, spaces, dashes and word order do not matter ("h100 sxm", "H100-SXM5-80GB"),
and an unknown name raises :class:`~stackclear.errors.CatalogError` with the closest names.
"""

from stackclear.catalog.catalog import Catalog, CatalogEntry, load_catalog, lookup

__all__ = ["Catalog", "CatalogEntry", "load_catalog", "lookup"]
