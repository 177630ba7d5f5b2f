"""Import a CycloneDX 1.6 JSON BOM as package items, reporting what could not be mapped.

A consortium's hardware and model inventory often already exists as a BOM. The BOM says *what* (components)
but not *to where* or *to whom*, so this returns item skeletons; destination and parties come from CLI
options or a package file with ``bom: FILE``.

Mapping (property names are matched loosely: ``stackclear:training_ops``, ``trainingOps`` and
``training-ops`` are the same; ``cdx:``/``stackclear:`` prefixes are ignored):

* ``device`` (and the non-standard ``hardware``): a chip or system from the catalog (property ``catalog``,
  else "manufacturer name", "name", "name version"), or inline ``tops.<precision>`` properties; nested
  chip components make it a ``computer``; ``kind: hbm|networking`` properties are honoured.
* ``machine-learning-model``: ``model_weights`` with ``training_ops``/``published`` from the component's or
  its ``modelCard``'s properties (cyclonedx-python-lib does not parse model cards, so the raw JSON is read);
  a model without ``training_ops`` is reported as not imported (4E091 needs it).
* ``application`` → application; library/framework/container/operating-system/firmware/device-driver/
  platform → software; ``data`` → dataset; ``cryptographic-asset`` → security software with encryption;
  top-level ``services`` → service. ``file`` components and anything unrecognisable are reported, never
  silently dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from pydantic import ValidationError

from stackclear.catalog import lookup
from stackclear.errors import CatalogError, PackageError
from stackclear.model.package import Item, ItemKind, Layer

_TYPES = {t.value for t in ComponentType}
_SOFTWARE = {"library", "framework", "container", "operating-system", "firmware", "device-driver", "platform"}
_PRECISIONS = ("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4", "fp4")
_NUMBER_PROPS = ("die_area_mm2", "memory_bandwidth_gbs", "interconnect_gbs", "package_area_mm2",
                 "training_ops", "additional_training_ops", "value_usd")
_BOOL_PROPS = ("published", "derived_from_published", "encryption", "datacenter")


@dataclass(frozen=True, slots=True)
class Unmapped:
    """A BOM component that did not become an item, and why."""

    path: str
    name: str
    reason: str


@dataclass(slots=True)
class BomImport:
    """Items mapped from a BOM, the components left out, and the assumptions made while mapping."""

    name: str | None
    items: list[Item] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """One line per unmapped component or assumption, for the report's caveats."""
        out = [f"BOM {u.path} {u.name!r} not imported: {u.reason}" for u in self.unmapped]
        return out + [f"BOM: {a}" for a in self.assumptions]


def import_bom_file(path: str) -> BomImport:
    """Read and import a CycloneDX JSON file (errors name the file)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PackageError(path, "", f"cannot read the CycloneDX BOM: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PackageError(path, "", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    return import_bom(data, path)


def _norm(name: str) -> str:
    """'stackclear:trainingOps' / 'cdx:training-ops' → 'training_ops' (tops.fp16 keeps its dot)."""
    key = name.rsplit(":", 1)[-1]
    key = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key)
    return key.replace("-", "_").replace(" ", "_").lower()


def _props(raw: Mapping[str, Any]) -> dict[str, str]:
    """Properties of a raw component and of its modelCard (component properties win)."""
    out: dict[str, str] = {}
    card = raw.get("modelCard")
    sources = [card.get("properties", [])] if isinstance(card, dict) else []
    sources.append(raw.get("properties", []))
    for props in sources:
        for prop in props if isinstance(props, list) else []:
            if isinstance(prop, dict) and "name" in prop:
                out[_norm(str(prop["name"]))] = str(prop.get("value", ""))
    return out


class _Mapper:
    def __init__(self, source: str, by_ref: Mapping[str, Component]) -> None:
        self.source = source
        self.by_ref = by_ref
        self.result = BomImport(name=None)
        self._ids: set[str] = set()

    # -- helpers -------------------------------------------------------------------------------------------
    def _id(self, raw: Mapping[str, Any], name: str, generated: bool) -> str:
        base = name if generated else str(raw.get("bom-ref") or name)
        slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "component"
        ident, n = slug, 2
        while ident in self._ids:
            ident, n = f"{slug}-{n}", n + 1
        self._ids.add(ident)
        return ident

    def _number(self, props: Mapping[str, str], key: str, path: str) -> float | None:
        if key not in props:
            return None
        try:
            return float(props[key])
        except ValueError:
            raise PackageError(self.source, f"{path}.properties.{key}",
                               f"expected a number, got {props[key]!r}") from None

    def _quantity(self, props: Mapping[str, str], path: str) -> int:
        raw = props.get("quantity", "1")
        try:
            number = float(raw)
        except ValueError:
            number = 0.0
        if number < 1 or not number.is_integer():
            raise PackageError(self.source, f"{path}.properties.quantity", f"expected a whole number ≥ 1, got {raw!r}")
        return int(number)

    def _bool(self, props: Mapping[str, str], key: str, path: str) -> bool | None:
        if key not in props:
            return None
        value = props[key].strip().lower()
        if value in {"true", "yes", "1"}:
            return True
        if value in {"false", "no", "0"}:
            return False
        raise PackageError(self.source, f"{path}.properties.{key}", f"expected true or false, got {props[key]!r}")

    def _common(self, props: Mapping[str, str], path: str) -> dict[str, Any]:
        out: dict[str, Any] = {"quantity": self._quantity(props, path)}
        for key in _NUMBER_PROPS:
            number = self._number(props, key, path)
            if number is not None:
                out[key] = number
        for key in _BOOL_PROPS:
            flag = self._bool(props, key, path)
            if flag is not None:
                out[key] = flag
        if props.get("eccn"):
            out["eccn"] = props["eccn"]
        tops = {p: v for p in _PRECISIONS if (v := self._number(props, f"tops.{p}", path)) is not None}
        if tops:
            out["tops"] = tops
        return out

    def _catalog(self, comp: Component, props: Mapping[str, str]) -> tuple[str, str] | None:
        """(entry name, entry kind) of the first candidate label the catalog knows."""
        maker = comp.manufacturer.name if comp.manufacturer and comp.manufacturer.name else None
        candidates = [props.get("catalog"), f"{maker} {comp.name}" if maker else None, comp.name,
                      f"{comp.name} {comp.version}" if comp.version else None]
        for label in candidates:
            if not label:
                continue
            try:
                entry = lookup(label)
            except CatalogError:
                continue
            return entry.name, entry.kind
        return None

    def _add(self, path: str, fields: dict[str, Any]) -> None:
        try:
            self.result.items.append(Item.model_validate(fields))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise PackageError(self.source, f"{path}{'.' + where if where else ''}",
                               str(first["msg"]).removeprefix("Value error, ")) from None

    # -- mapping -------------------------------------------------------------------------------------------
    def hardware(self, comp: Component, raw: Mapping[str, Any], path: str, ident: str) -> None:
        props = _props(raw)
        fields = {"id": ident, "description": comp.name, **self._common(props, path)}
        kind = props.get("kind", "").lower()
        if kind in {"hbm", "networking"}:
            layer = "networking" if kind == "networking" else "hardware"
            self._add(path, {**fields, "layer": layer, "kind": kind})
            return
        contains: list[dict[str, Any]] = []
        children = raw.get("components") or []
        for index, child_raw in enumerate(children):
            child = self.by_ref[child_raw["bom-ref"]]
            child_path = f"{path}.components[{index}]"
            child_props = _props(child_raw)
            found = self._catalog(child, child_props)
            if found and found[1] == "chip":
                contains.append({"catalog": found[0], "quantity": self._quantity(child_props, child_path)})
            else:
                self.result.unmapped.append(Unmapped(child_path, child.name, "not a chip in the catalog"))
        if contains:
            self._add(path, {**fields, "layer": "hardware", "kind": "computer", "contains": contains})
            return
        found = self._catalog(comp, props)
        if found:
            kind = "chip" if found[1] == "chip" else "computer"
            self._add(path, {**fields, "layer": "hardware", "kind": kind, "catalog": found[0]})
        elif "tops" in fields:
            self._add(path, {**fields, "layer": "hardware", "kind": "chip"})
        elif kind == "computer" or props.get("eccn"):
            self.result.unmapped.append(Unmapped(path, comp.name, "hardware without catalog match or chips"))
        else:
            self.result.unmapped.append(Unmapped(
                path, comp.name, "hardware not in the chip catalog and without stackclear:tops.* properties"))

    def model(self, comp: Component, raw: Mapping[str, Any], path: str, ident: str) -> None:
        props = _props(raw)
        fields = {"id": ident, "description": comp.name, "layer": "models", "kind": "model_weights",
                  **self._common(props, path)}
        if "training_ops" not in fields:  # 4E091 cannot be assessed without it: report, do not guess
            self._ids.discard(ident)
            self.result.unmapped.append(Unmapped(
                path, comp.name, "machine-learning model without a stackclear:training_ops property "
                "(total training operations), needed to classify it under 4E091"))
            return
        if "published" not in fields:
            fields["published"] = False
            self.result.assumptions.append(f"{path} {comp.name!r}: published not stated; treated as unpublished")
        self._add(path, fields)

    def simple(self, comp: Component, raw: Mapping[str, Any], path: str, ident: str,
               layer: Layer, kind: ItemKind, extra: Mapping[str, Any] | None = None) -> None:
        props = _props(raw)
        fields = {"id": ident, "description": comp.name, "layer": layer.value, "kind": kind.value,
                  **self._common(props, path), **(extra or {})}
        self._add(path, fields)

    def component(self, comp: Component, raw: Mapping[str, Any], path: str, generated: bool) -> None:
        kind = comp.type.value
        ident = self._id(raw, comp.name, generated)
        if kind == "device":
            self.hardware(comp, raw, path, ident)
        elif kind == "machine-learning-model":
            self.model(comp, raw, path, ident)
        elif kind == "application":
            self.simple(comp, raw, path, ident, Layer.applications, ItemKind.application)
        elif kind in _SOFTWARE:
            self.simple(comp, raw, path, ident, Layer.software, ItemKind.software)
        elif kind == "data":
            self.simple(comp, raw, path, ident, Layer.data, ItemKind.dataset)
        elif kind == "cryptographic-asset":
            self.simple(comp, raw, path, ident, Layer.security, ItemKind.software, {"encryption": True})
        else:
            self._ids.discard(ident)
            self.result.unmapped.append(Unmapped(path, comp.name, f"component type {kind!r} is not an export item"))


def _prepare(data: Mapping[str, Any], source: str) -> tuple[dict[str, Any], set[str]]:
    """Copy of the BOM with a bom-ref on every component (to pair raw JSON with the library's objects) and
    'hardware' read as 'device'; names the path of a component that is not valid CycloneDX."""
    generated: set[str] = set()
    counter = 0

    def fix(components: Any, path: str) -> list[Any]:
        nonlocal counter
        if not isinstance(components, list):
            raise PackageError(source, path, "expected a list of components")
        out = []
        for index, raw in enumerate(components):
            where = f"{path}[{index}]"
            if not isinstance(raw, dict):
                raise PackageError(source, where, "expected a component object")
            comp = dict(raw)
            if comp.get("type") == "hardware":
                comp["type"] = "device"
            if comp.get("type") not in _TYPES:
                raise PackageError(source, f"{where}.type",
                                   f"expected one of: {', '.join(sorted(_TYPES))}, got {comp.get('type')!r}")
            if not isinstance(comp.get("name"), str) or not comp["name"]:
                raise PackageError(source, f"{where}.name", "required field is missing (component name)")
            if not comp.get("bom-ref"):
                counter += 1
                comp["bom-ref"] = f"stackclear-generated-{counter}"
                generated.add(comp["bom-ref"])
            if "components" in comp:
                comp["components"] = fix(comp["components"], f"{where}.components")
            out.append(comp)
        return out

    prepared = dict(data)
    prepared["components"] = fix(data.get("components", []), "components")
    services = []
    for index, raw in enumerate(data.get("services") or []):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise PackageError(source, f"services[{index}].name", "required field is missing (service name)")
        service = dict(raw)
        if not service.get("bom-ref"):
            counter += 1
            service["bom-ref"] = f"stackclear-generated-{counter}"
            generated.add(service["bom-ref"])
        services.append(service)
    if services:
        prepared["services"] = services
    return prepared, generated


def _all_components(components: Any) -> dict[str, Component]:
    out: dict[str, Component] = {}
    for comp in components:
        out[str(comp.bom_ref.value)] = comp
        out.update(_all_components(comp.components))
    return out


def import_bom(data: Mapping[str, Any], source: str) -> BomImport:
    """Map a parsed CycloneDX JSON document to items; raises PackageError if it is not a usable BOM."""
    if data.get("bomFormat") != "CycloneDX":
        raise PackageError(source, "bomFormat", f"expected 'CycloneDX', got {data.get('bomFormat')!r}")
    prepared, generated = _prepare(data, source)
    try:
        bom = Bom.from_json(prepared)  # type: ignore[attr-defined]
    except (ValueError, TypeError, KeyError) as exc:
        raise PackageError(source, "", f"not a valid CycloneDX BOM: {exc}") from None
    mapper = _Mapper(source, _all_components(bom.components))
    if str(data.get("specVersion")) != "1.6":
        mapper.result.assumptions.append(f"specVersion {data.get('specVersion')!r} read as CycloneDX 1.6")
    meta = bom.metadata.component if bom.metadata else None
    mapper.result.name = meta.name if meta else None
    for index, raw in enumerate(prepared["components"]):
        comp = mapper.by_ref[raw["bom-ref"]]
        mapper.component(comp, raw, f"components[{index}]", raw["bom-ref"] in generated)
    services = {str(s.bom_ref.value): s for s in bom.services}
    for index, raw in enumerate(prepared.get("services", [])):
        service = services[raw["bom-ref"]]
        ident = mapper._id(raw, service.name, raw["bom-ref"] in generated)
        mapper._add(f"services[{index}]", {"id": ident, "description": service.name, "layer": "services",
                                           "kind": "service", **mapper._common(_props(raw), f"services[{index}]")})
    if not mapper.result.items and not mapper.result.unmapped:
        raise PackageError(source, "components", "the BOM lists no components")
    return mapper.result
