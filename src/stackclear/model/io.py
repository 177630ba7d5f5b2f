"""Read an export package from YAML or JSON (a file or ``-``) into a validated :class:`Package`.

Why not ``yaml.safe_load`` + ``Package.model_validate``: a compliance input must never be silently
misread. PyYAML keeps the *last* of two duplicate keys (a second ``destination:`` would win unnoticed), and
pydantic's messages ("Input should be a valid integer") name neither the file nor the line. So YAML is
composed into nodes and converted here, rejecting duplicate keys and remembering the line of every field;
pydantic errors are translated into ``file: items[2].contains[0].quantity: expected ... (line 14)``.

A package may point at a CycloneDX BOM (``bom: cluster.cdx.json``) whose components become items; a bare
BOM file is accepted too when the caller supplies destination and parties (``overrides``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import ValidationError

from stackclear.errors import CatalogError, PackageError
from stackclear.extras import require
from stackclear.model.errors import Lines, Loc, format_path, translate
from stackclear.model.package import Package
from stackclear.yaml12 import strict_loader

STDIN = "-"


@dataclass(frozen=True, slots=True)
class LoadedPackage:
    """A validated package plus where it came from and what the loader had to say about it.

    ``notes`` lists what an import could not map (e.g. BOM components outside the catalog): the report shows
    them as caveats, so nothing is dropped silently.
    """

    package: Package
    source: str
    base_dir: Path
    notes: tuple[str, ...] = field(default_factory=tuple)


def package_schema() -> dict[str, Any]:
    """The JSON Schema of the package format (what ``stackclear schema package`` prints)."""
    schema = Package.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/stackclear/stackclear/docs/package.schema.json"
    return schema


def load_package(
    path: str | Path, *, stdin: TextIO | None = None, overrides: Mapping[str, Any] | None = None
) -> LoadedPackage:
    """Load and validate the package at ``path`` ('-' reads ``stdin``, default ``sys.stdin``).

    ``overrides`` (e.g. from CLI options) replace top-level keys; they are how a bare CycloneDX BOM gets its
    destination and parties. Raises :class:`PackageError` naming file, field path, expectation and line.
    """
    if str(path) == STDIN:
        source, base_dir = "<stdin>", Path.cwd()
        text = (stdin or sys.stdin).read()
    else:
        file = Path(path)
        source, base_dir = str(path), file.parent
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PackageError(source, "", "no such file") from None
        except IsADirectoryError:
            raise PackageError(source, "", "is a folder; expected a package file (.yaml or .json)") from None
        except UnicodeDecodeError as exc:
            raise PackageError(source, "", f"not UTF-8 text (byte {exc.start})") from None
        except OSError as exc:
            raise PackageError(source, "", f"cannot be read: {exc.strerror}") from None
    return parse_package(text, source=source, base_dir=base_dir, overrides=overrides)


def parse_package(
    text: str, *, source: str = "<string>", base_dir: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> LoadedPackage:
    """Parse package text (JSON when it starts with '{', else YAML) and validate it."""
    base = base_dir if base_dir is not None else Path.cwd()
    lines: Lines = {}
    is_json = text.lstrip().startswith("{")
    raw = _load_json(text, source) if is_json else _load_yaml(text, source, lines)
    if raw is None:
        raise PackageError(source, "", "the file is empty; expected a mapping with name, destination and items")
    if not isinstance(raw, dict):
        raise PackageError(source, "", f"expected a mapping (name:, destination:, items: ...), got {_kind(raw)}")
    notes: list[str] = []
    if raw.get("bomFormat") == "CycloneDX":
        raw = _bare_bom(raw, source, base, overrides, notes)
    else:
        raw = {**raw, **(overrides or {})}
        if "bom" in raw:
            raw = _with_bom(raw, source, base, notes)
    try:
        package = Package.model_validate(raw)
    except ValidationError as exc:
        if is_json:
            lines = _json_lines(text)
        raise translate(exc, source, lines, package_schema()) from None
    _check_catalog(package, source, (lambda: _json_lines(text)) if is_json else (lambda: lines))
    if package.lists:
        package = package.model_copy(update={"lists": [_resolve(p, base) for p in package.lists]})
    return LoadedPackage(package=package, source=source, base_dir=base, notes=tuple(notes))


def _check_catalog(package: Package, source: str, lines: Callable[[], Lines]) -> None:
    """Unknown catalog names are input errors (with suggestions), caught here rather than mid-evaluation.

    The loader (not the model's types) asks the catalog; imported here so that the model itself depends only on
    the rules and the errors (tests/model/test_model_layering.py)."""
    refs: list[tuple[Loc, str]] = []
    for i, item in enumerate(package.items):
        if item.catalog is not None:
            refs.append((("items", i, "catalog"), item.catalog))
        refs.extend((("items", i, "contains", j, "catalog"), c.catalog)
                    for j, c in enumerate(item.contains) if c.catalog is not None)
    if not refs:
        return
    from stackclear.catalog import lookup

    checked: set[str] = set()
    for loc, name in refs:
        if name in checked:
            continue
        try:
            lookup(name)
            checked.add(name)
        except CatalogError as exc:
            line = lines().get(loc)  # computed only now: JSON line numbers cost a second parse
            raise PackageError(source, format_path(loc), str(exc) + (f" (line {line})" if line else "")) from None


def _resolve(path: str, base: Path) -> str:
    """List paths are relative to the package file's folder (so examples work from any working directory)."""
    candidate = Path(path).expanduser()
    if candidate.is_absolute():
        return str(candidate)
    return os.path.normpath(base / candidate)


def _with_bom(raw: dict[str, Any], source: str, base: Path, notes: list[str]) -> dict[str, Any]:
    """Append the BOM's components to the package's own items (own items keep their indexes in errors)."""
    require("cyclonedx", extra="bom", feature="reading a CycloneDX BOM")  # the [bom] extra; a clear error if absent
    from stackclear.model.cyclonedx import import_bom_file  # local: the BOM importer is optional weight

    bom_path = raw["bom"]
    if not isinstance(bom_path, str) or not bom_path:
        raise PackageError(source, "bom", f"expected a path to a CycloneDX JSON file, got {bom_path!r}")
    resolved = _resolve(bom_path, base)
    if not Path(resolved).is_file():
        raise PackageError(source, "bom", f"no such file: {resolved} (relative paths start at the package's folder)")
    imported = import_bom_file(resolved)  # errors inside the BOM name the BOM file and component
    notes.extend(imported.notes())
    own = raw.get("items") or []
    if not isinstance(own, list):
        raise PackageError(source, "items", f"expected a list of items, got {_kind(own)}")
    bom_items = [i.model_dump(mode="json", exclude_defaults=True) for i in imported.items]
    return {**raw, "bom": resolved, "items": [*own, *bom_items]}


def _bare_bom(
    raw: dict[str, Any], source: str, base: Path, overrides: Mapping[str, Any] | None, notes: list[str]
) -> dict[str, Any]:
    """A CycloneDX file given directly as the package: items from it, the rest from ``overrides``."""
    require("cyclonedx", extra="bom", feature="reading a CycloneDX BOM")
    from stackclear.model.cyclonedx import import_bom

    imported = import_bom(raw, source)
    notes.extend(imported.notes())
    extra = dict(overrides or {})
    if "destination" not in extra:
        raise PackageError(
            source, "destination",
            "a CycloneDX BOM has no destination; give --destination CC (and --end-user NAME), or wrap it in "
            "a package file with `bom: " + Path(source).name + "`",
        )
    extra.setdefault("name", imported.name or Path(source).stem)
    return {**extra, "bom": source, "items": [i.model_dump(mode="json", exclude_defaults=True)
                                             for i in imported.items]}


# --- JSON -------------------------------------------------------------------------------------------------

def _load_json(text: str, source: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise PackageError(source, key, "duplicate key (a second value would silently win)")
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise PackageError(source, "", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None


def _json_lines(text: str) -> Lines:
    """Field lines of a JSON package, only needed to report an error: JSON is (almost always) YAML, so the
    YAML composer finds them; if it cannot, errors simply carry no line."""
    lines: Lines = {}
    try:
        _load_yaml(text, "<json>", lines)
    except PackageError:
        return {}
    return lines


# --- YAML -------------------------------------------------------------------------------------------------

#: libyaml's parser when PyYAML was built with it (about 4× faster on a 10,000-line package), else pure Python.
#: YAML 1.2 booleans (strict_loader): under YAML 1.1 the country code NO (Norway) would read as False.
_LOADER: Any = strict_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_STR_TAG = "tag:yaml.org,2002:str"


def _load_yaml(text: str, source: str, lines: Lines) -> Any:
    loader: Any = None
    try:
        loader = _LOADER(text)  # the reader already rejects control characters
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(loader, node, (), lines, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = exc.problem or exc.context or "invalid"
        raise PackageError(source, "", f"not valid YAML: {problem}{where}") from None
    except yaml.reader.ReaderError as exc:
        raise PackageError(source, "", f"not valid YAML: character #x{exc.character:04x} is not allowed "
                                       f"(position {exc.position})") from None
    except yaml.YAMLError as exc:
        raise PackageError(source, "", f"not valid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _convert(loader: Any, node: yaml.Node, loc: Loc, lines: Lines, source: str) -> Any:
    """Build plain Python data from a YAML node, recording each field's line and rejecting duplicate keys."""
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<: *anchor` merge keys the way PyYAML does
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise PackageError(source, _path((*loc, "?")), f"unsupported key (line {key_node.start_mark.line + 1})")
            child = (*loc, str(key))
            if key in out:
                raise PackageError(
                    source, _path(child),
                    f"duplicate key (lines {lines.get(child, '?')} and {key_node.start_mark.line + 1}); "
                    "a second value would silently win",
                )
            lines[child] = key_node.start_mark.line + 1
            out[key] = _convert(loader, value_node, child, lines, source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, child, (*loc, i), lines, source) for i, child in enumerate(node.value)]
    if node.tag == _STR_TAG:  # the common case, without the constructor's bookkeeping
        return node.value
    return loader.construct_object(node, deep=True)


def _path(loc: Loc) -> str:
    return format_path(loc)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def bom_overrides(destination: str | None = None, name: str | None = None, end_user: str | None = None,
                  end_user_country: str | None = None, end_user_hq: str | None = None,
                  end_uses: list[str] | None = None) -> dict[str, Any]:
    """The facts a bare CycloneDX BOM lacks (or that override a package's), as ``load_package(overrides=...)``
    takes them: destination, package name, the end user (country, headquarters) and end uses. Shared by the
    CLI's ``evaluate --destination ... --end-user ...`` and the API's query parameters."""
    out: dict[str, Any] = {}
    if destination:
        out["destination"] = destination
    if name:
        out["name"] = name
    if end_user:
        party: dict[str, Any] = {"role": "end_user", "name": end_user}
        if end_user_country:
            party["country"] = end_user_country
        if end_user_hq:
            party["headquarters"] = end_user_hq
        out["parties"] = [party]
    if end_uses:
        out["end_uses"] = list(end_uses)
    return out
