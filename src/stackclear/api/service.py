"""The core calls the API and the console share: parse a package sent over the wire, evaluate, diff.

A package over the network may not name server files. ``bom:`` is refused (a CycloneDX BOM is sent as the
body with ``?format=cyclonedx``); ``lists:`` is not read — the server screens against its stored current
lists — and the result says so in ``import_notes`` (nothing is dropped silently).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from stackclear.api.errors import ApiError
from stackclear.api.state import ScreenerHolder
from stackclear.model.io import LoadedPackage, parse_package
from stackclear.report.diff import compare_determinations
from stackclear.report.run import determination, evaluate

SOURCE = "<request>"
LISTS_NOTE = ("lists: not read over the network; screened against the server's stored current lists "
              "(see `lists` in this result)")


def _refuse_server_files(raw: Mapping[str, Any]) -> None:
    if "bom" in raw:
        raise ApiError(422, "invalid_input",
                       "bom: not accepted over the network (it names a file on the server); send the CycloneDX "
                       "BOM itself as the body with ?format=cyclonedx", {"field": "bom"})


def _noted(loaded: LoadedPackage) -> LoadedPackage:
    if not loaded.package.lists:
        return loaded
    package = loaded.package.model_copy(update={"lists": []})
    return replace(loaded, package=package, notes=(*loaded.notes, LISTS_NOTE))


def package_from_json(data: Any, *, cyclonedx: bool = False,
                      overrides: Mapping[str, Any] | None = None) -> LoadedPackage:
    """A package (or, with ``cyclonedx``, a bare CycloneDX BOM plus ``overrides``) from a decoded JSON body."""
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_input", f"expected a JSON object, got {type(data).__name__}")
    if cyclonedx and data.get("bomFormat") != "CycloneDX":
        raise ApiError(422, "invalid_input", 'bomFormat: expected "CycloneDX" with ?format=cyclonedx',
                       {"field": "bomFormat"})
    if not cyclonedx:
        _refuse_server_files(data)
    return _noted(parse_package(json.dumps(data), source=SOURCE, base_dir=Path("/nonexistent"),
                                overrides=dict(overrides) if overrides else None))


def package_from_text(text: str, source: str = SOURCE,
                      overrides: Mapping[str, Any] | None = None) -> LoadedPackage:
    """A package from YAML/JSON text (the console's paste box or upload)."""
    try:
        peek = yaml.safe_load(text) if not text.lstrip().startswith("{") else json.loads(text)
    except (yaml.YAMLError, ValueError):
        peek = None  # parse_package reports the syntax error with its line
    if isinstance(peek, dict) and peek.get("bomFormat") != "CycloneDX":
        _refuse_server_files(peek)
    return _noted(parse_package(text, source=source, base_dir=Path("/nonexistent"),
                                overrides=dict(overrides) if overrides else None))


def run_evaluate(loaded: LoadedPackage, as_of: dt.date | None, holder: ScreenerHolder) -> dict[str, Any]:
    """The ``evaluate --json`` object, screened against this worker's current index."""
    screener = holder.screener()
    return evaluate(loaded, as_of, screeners=lambda _paths: screener)


def run_diff(loaded: LoadedPackage, start: dt.date, end: dt.date, holder: ScreenerHolder) -> dict[str, Any]:
    """The ``diff --json`` object of one package between two dates, against one index for both."""
    screener = holder.screener()
    before = determination(loaded, start, screeners=lambda _paths: screener)
    after = determination(loaded, end, screeners=lambda _paths: screener)
    return compare_determinations(before, after, source=loaded.source).to_dict()
