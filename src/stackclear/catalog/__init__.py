"""The chip and system catalog shipped with stackclear: datasheet facts, each with its source.

Lookup is forgiving: case, spaces, dashes and word order do not matter ("h100 sxm", "H100-SXM5-80GB"),
an ambiguous name raises :class:`~stackclear.errors.CatalogError` listing the candidates, and an unknown
name raises it with the closest names. :func:`classify_catalog_item` classifies a chip (3A090) or a
system from its contents (4A090).
"""

from stackclear.catalog.catalog import (
    AmbiguousCatalogName,
    Catalog,
    CatalogEntry,
    default_catalog,
    load_catalog,
    lookup,
)
from stackclear.catalog.systems import (
    CatalogItemResult,
    classify_catalog,
    classify_catalog_item,
    classify_catalog_name,
)

__all__ = [
    "AmbiguousCatalogName",
    "Catalog",
    "CatalogEntry",
    "CatalogItemResult",
    "classify_catalog",
    "classify_catalog_item",
    "classify_catalog_name",
    "default_catalog",
    "load_catalog",
    "lookup",
]
