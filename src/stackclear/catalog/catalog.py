"""Load the catalog YAML and look entries up by (approximate) name."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from stackclear.classify.spec import ChipSpec, chip_spec_from_dict
from stackclear.errors import CatalogError, SpecError

ENTRY_KEYS = {
    "name", "vendor", "kind", "aliases", "release_year", "tops", "die_area_mm2", "datacenter",
    "memory_bandwidth_gbs", "interconnect_gbs", "contains", "sources", "notes",
}


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    name: str
    vendor: str
    kind: str  # chip | system
    aliases: tuple[str, ...] = ()
    release_year: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    contains: tuple[tuple[str, int], ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)

    def to_spec(self, ident: str | None = None) -> ChipSpec:
        """The chip's specification (chips only)."""
        if self.kind != "chip":
            raise SpecError("catalog", f"{self.name!r} is a {self.kind}, not a chip")
        return chip_spec_from_dict({**self.data, "id": ident or self.name, "name": self.name})


def _key(text: str) -> str:
    """Comparison key: lower case, alphanumeric tokens only, sorted (order-insensitive)."""
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return " ".join(sorted(tokens))


class Catalog:
    def __init__(self, entries: list[CatalogEntry]) -> None:
        self.entries = entries
        self._keys: dict[str, CatalogEntry] = {}
        for entry in entries:
            for label in (entry.name, *entry.aliases):
                self._keys.setdefault(_key(label), entry)
        self._choices = list(self._keys)

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> CatalogEntry:
        key = _key(name)
        exact = self._keys.get(key)
        if exact is not None:
            return exact
        query_tokens = set(key.split())
        # every query token is a token (or prefix of a token) of exactly one entry's label → that entry
        hits = {
            id(e): e for k, e in self._keys.items()
            if query_tokens and all(any(t.startswith(q) for t in k.split()) for q in query_tokens)
        }
        if len(hits) == 1:
            return next(iter(hits.values()))
        scored = process.extract(key, self._choices, scorer=fuzz.token_set_ratio, limit=5)
        suggestions: list[str] = []
        for choice, _score, _ in scored:
            label = self._keys[choice].name
            if label not in suggestions:
                suggestions.append(label)
        if hits:
            suggestions = sorted({e.name for e in hits.values()})[:5]
        raise CatalogError(name, suggestions[:3])


def _parse_entry(raw: Any, index: int, file: str) -> CatalogEntry:
    where = f"{file}: entry {index}"
    if not isinstance(raw, dict):
        raise SpecError(where, "expected a mapping")
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise SpecError(f"{where}.{sorted(unknown)[0]}", "unknown key")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise SpecError(f"{where}.name", "required")
    kind = raw.get("kind", "chip")
    contains = tuple((str(c["catalog"]), int(c.get("quantity", 1))) for c in raw.get("contains", []))
    data = {k: raw[k] for k in ("tops", "die_area_mm2", "datacenter", "memory_bandwidth_gbs", "interconnect_gbs")
            if k in raw}
    entry = CatalogEntry(
        name=name, vendor=str(raw.get("vendor", "")), kind=kind, aliases=tuple(raw.get("aliases", [])),
        release_year=raw.get("release_year"), data=data, contains=contains, sources=dict(raw.get("sources", {})),
    )
    if kind == "chip":
        entry.to_spec()  # validates the figures now, naming the entry
    return entry


def load_catalog(path: Path | None = None) -> Catalog:
    file = path or Path(str(resources.files("stackclear.catalog") / "data" / "catalog.yaml"))
    raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    entries = [_parse_entry(item, i, file.name) for i, item in enumerate(raw.get("entries", []))]
    return Catalog(entries)


_DEFAULT: Catalog | None = None


def lookup(name: str) -> CatalogEntry:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_catalog()
    return _DEFAULT.lookup(name)
