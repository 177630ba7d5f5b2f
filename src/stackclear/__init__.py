"""stackclear: clear full-stack AI exports under the US Export Administration Regulations.

The library API (README "Python"), importable from the package itself::

    from stackclear import classify_chip, chip_spec_from_dict, load_package, determine_package, Screener, load_list

=========================  ==========================================================================
``classify_chip``          ECCN 3A090 verdict of a :class:`ChipSpec` on a date, with reasons and citations
``chip_spec_from_dict``    a ``ChipSpec`` from the ``classify chips`` JSON shape (errors name the field)
``classify_catalog_name``  look a chip or system up in the shipped catalog (forgiving) and classify it
``load_package``           read and validate an export package (YAML/JSON, or a CycloneDX BOM)
``determine_package``      what every item of a package needs to ship on a date (a ``Determination``);
                           :func:`stackclear.determine.determine` (named apart from the subpackage)
``Screener``               restricted-party screening over loaded lists (``Screener.from_lists``)
``PartyQuery``             one party to screen
``load_list``              parse a list file (CSL CSV/JSON, OFAC CSV/XML, Entity List JSON)
``ListStore``              the stored, versioned list snapshots (``lists update``/``import``)
``select_screener``        the fail-closed choice of lists: explicit files, else fresh stored lists, else review
``StackclearError``        base of every error stackclear raises on purpose (message names file and field)
=========================  ==========================================================================

Names are imported on first use (``import stackclear`` stays fast). The core library (rules, classify,
catalog, names, screening, determine, model) does no terminal or network I/O beyond reading its own data files
(and list downloads when asked); the CLI in ``stackclear.cli`` is a thin layer over it. Logging goes to the
``stackclear`` loggers (a NullHandler here; the CLI shows them with ``-v``). The screening hot path may be
compiled with mypyc at install time (see :mod:`stackclear._native`).
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from stackclear._native import install_guard

install_guard()
logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

#: public name → module that defines it (imported when the name is first used)
_LAZY = {
    "ChipSpec": "stackclear.classify",
    "chip_spec_from_dict": "stackclear.classify",
    "classify_chip": "stackclear.classify",
    "classify_catalog_name": "stackclear.catalog",
    "load_package": "stackclear.model.io",
    "determine_package": "stackclear.determine",
    "Screener": "stackclear.screening.screen",
    "PartyQuery": "stackclear.screening.screen",
    "load_list": "stackclear.screening.sources",
    "ListStore": "stackclear.screening.store",
    "select_screener": "stackclear.screening.select",
    "StackclearError": "stackclear.errors",
}

#: API names that differ from the name in their module: ``stackclear.determine`` is the subpackage, so the
#: function is exported as ``determine_package`` (an attribute named like a subpackage is replaced on import).
_SOURCE_NAME = {"determine_package": "determine"}

__all__ = [
    "ChipSpec",
    "ListStore",
    "PartyQuery",
    "Screener",
    "StackclearError",
    "__version__",
    "chip_spec_from_dict",
    "classify_catalog_name",
    "classify_chip",
    "determine_package",
    "load_list",
    "load_package",
    "select_screener",
]

if TYPE_CHECKING:
    from stackclear.catalog import classify_catalog_name
    from stackclear.classify import ChipSpec, chip_spec_from_dict, classify_chip
    from stackclear.determine import determine as determine_package
    from stackclear.errors import StackclearError
    from stackclear.model.io import load_package
    from stackclear.screening.screen import PartyQuery, Screener
    from stackclear.screening.select import select_screener
    from stackclear.screening.sources import load_list
    from stackclear.screening.store import ListStore


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stackclear' has no attribute {name!r}")
    value = getattr(import_module(module), _SOURCE_NAME.get(name, name))
    globals()[name] = value  # later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
