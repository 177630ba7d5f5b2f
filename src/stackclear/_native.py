"""Compiled modules: which stackclear modules mypyc compiles, and a guard so a stale build is never used.

The screening hot path (retrieval and name scoring) is plain, strictly typed Python that ``setup.py``
compiles with mypyc (part of mypy) when the package is installed: the same source, compiled to a C
extension, about a third faster per query. Nothing else changes: the Python source stays the reference, a
test screens the same queries with both and requires identical results, and an install without a C
compiler (or with ``STACKCLEAR_PURE_BUILD=1``) simply keeps the pure-Python modules.

Compiled modules are loaded in preference to their ``.py`` files, so after editing one of them without
reinstalling, the extension would silently run the old code. ``install_guard()`` (called when
``stackclear`` is imported) prevents that: the build records the sha256 of every compiled source in
``_native_build.json``; when a source no longer matches (or ``STACKCLEAR_PURE=1`` is set), *all* compiled
modules are loaded from their Python sources instead (they call each other natively, so they are never
mixed), with a warning saying how to rebuild. This module imports only the standard library: ``setup.py``
reads ``COMPILED`` from it before any dependency is installed.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

#: Modules compiled by mypyc, as (module name, path of the source under src/).
COMPILED: tuple[tuple[str, str], ...] = (
    ("stackclear.names.text", "stackclear/names/text.py"),
    ("stackclear.names.analyze", "stackclear/names/analyze.py"),
    ("stackclear.screening.index", "stackclear/screening/index.py"),
    ("stackclear.screening.index_v2", "stackclear/screening/index_v2.py"),
    ("stackclear.screening.matchers.base", "stackclear/screening/matchers/base.py"),
    ("stackclear.screening.matchers.v1_tokens", "stackclear/screening/matchers/v1_tokens.py"),
    ("stackclear.screening.matchers.v1_align", "stackclear/screening/matchers/v1_align.py"),
    ("stackclear.screening.matchers.v1_orgs", "stackclear/screening/matchers/v1_orgs.py"),
    ("stackclear.screening.matchers.v1_names", "stackclear/screening/matchers/v1_names.py"),
    ("stackclear.screening.matchers.v1", "stackclear/screening/matchers/v1.py"),
    ("stackclear.screening.matchers.v2_tables", "stackclear/screening/matchers/v2_tables.py"),
    ("stackclear.screening.matchers.v2_scripts", "stackclear/screening/matchers/v2_scripts.py"),
    ("stackclear.screening.matchers.v2_names", "stackclear/screening/matchers/v2_names.py"),
    ("stackclear.screening.matchers.v2", "stackclear/screening/matchers/v2.py"),
    ("stackclear.screening.screen", "stackclear/screening/screen.py"),
)
BUILD_RECORD = "_native_build.json"
PURE_ENV = "STACKCLEAR_PURE"

_ROOT = Path(__file__).resolve().parent.parent  # the directory holding the stackclear package
_state: dict[str, object] = {}


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extension_of(source: Path) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def built(root: Path = _ROOT) -> bool:
    """True when some compiled module has its extension beside its source under ``root``."""
    return any(_extension_of(root / rel) is not None for _, rel in COMPILED)


def stale_sources(root: Path, compiled: Sequence[tuple[str, str]] | None = None) -> list[str]:
    """Compiled modules under ``root`` whose extension was not built from the source now beside it
    (no build record, or a different sha256). Modules without an extension are not stale."""
    record_path = root / "stackclear" / BUILD_RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    stale = []
    for module, relative in COMPILED if compiled is None else compiled:
        source = root / relative
        if _extension_of(source) is None or not source.exists():
            continue
        if record.get(relative) != source_digest(source):
            stale.append(module)
    return stale


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Loads the named modules from their ``.py`` files even when a compiled extension sits beside them."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def install_guard() -> None:
    """Use the Python sources of the compiled modules when asked to (``STACKCLEAR_PURE=1``) or when any
    compiled module is older than its source. Idempotent; must run before those modules are imported."""
    if "mode" in _state:
        return
    pure = os.environ.get(PURE_ENV, "") not in ("", "0")
    present = built(_ROOT)
    stale = stale_sources(_ROOT) if present and not pure else []
    if present and (pure or stale):
        sys.meta_path.insert(0, _SourceFirst({m: _ROOT / rel for m, rel in COMPILED}))
        if stale:
            warnings.warn(
                f"stackclear: compiled module(s) {', '.join(stale)} are older than their source; using the "
                "Python source for all compiled modules (reinstall, e.g. `make install`, to recompile)",
                RuntimeWarning,
                stacklevel=2,
            )
    _state["mode"] = "compiled" if present and not (pure or stale) else "pure"
    _state["stale"] = stale


def mode() -> str:
    """``"compiled"`` when the mypyc-compiled modules are in use, else ``"pure"``."""
    install_guard()
    return str(_state["mode"])


def is_compiled(module: ModuleType) -> bool:
    """True when ``module`` was loaded from a compiled extension."""
    return not str(getattr(module, "__file__", "")).endswith(".py")
