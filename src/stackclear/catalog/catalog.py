"""Load the catalog YAML, validate it strictly, and look entries up by (approximate) name.

Why so strict: catalog figures feed legal classifications, so a typo must fail loudly at load time with
the file, the entry and the field named — never silently produce a different ECCN. Every figure must
carry a source, names and aliases must be unique across entries, and a system's ``contains`` must
resolve to catalog entries without cycles.

Why lookup is layered: people type "h100 sxm", "H100-SXM5-80GB" or "rtx 4090d". We first try exact
(order-insensitive) token matches of names and aliases, then a compact match ignoring separators, then
token matches where every query token equals (or, failing that, starts) a label token. A query that
still fits several entries is *ambiguous* and raises with the candidates rather than guessing; an
unknown one raises with the closest names (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from stackclear.classify.spec import ChipSpec, chip_spec_from_dict
from stackclear.errors import CatalogError, SpecError
from stackclear.yaml12 import strict_loader

ENTRY_KEYS = frozenset({
    "name", "vendor", "kind", "aliases", "release_year", "tops", "die_area_mm2", "datacenter",
    "memory_bandwidth_gbs", "interconnect_gbs", "contains", "sources", "notes",
})
#: Chip figures that must each cite a source when present.
CHIP_FIGURES = ("tops", "die_area_mm2", "memory_bandwidth_gbs", "interconnect_gbs")
SOURCE_KEYS = frozenset({*CHIP_FIGURES, "datacenter", "contains", "release_year"})
KINDS = frozenset({"chip", "system"})
#: Words that mark a query as asking for a system; without one, chips win over systems ("b200").
SYSTEM_WORDS = frozenset({
    "dgx", "hgx", "server", "system", "platform", "node", "pod", "superpod", "rack", "nvl72",
    "cloudmatrix", "baseboard",
})


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One catalog item: a chip (datasheet figures) or a system (chips it contains, with quantities)."""

    name: str
    vendor: str
    kind: str  # chip | system
    aliases: tuple[str, ...] = ()
    release_year: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    contains: tuple[tuple[str, int], ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    notes: str | None = None

    def to_spec(self, ident: str | None = None) -> ChipSpec:
        """The chip's specification (chips only)."""
        if self.kind != "chip":
            raise SpecError("catalog", f"{self.name!r} is a {self.kind}, not a chip")
        return chip_spec_from_dict({**self.data, "id": ident or self.name, "name": self.name})

    @property
    def datacenter_label(self) -> str:
        """"true", "false" or "ambiguous" for chips; "" for systems."""
        if self.kind != "chip":
            return ""
        raw = self.data.get("datacenter")
        if isinstance(raw, bool):
            return "true" if raw else "false"
        return str(raw)

    def labels(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class AmbiguousCatalogName(CatalogError):
    """A catalog query matches several entries equally well; ``suggestions`` lists them all."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(name, candidates)
        listed = ", ".join(repr(c) for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        self.args = (f"catalog name {name!r} is ambiguous; candidates: {listed}{more}; "
                     "add a distinguishing word (e.g. SXM, PCIe, NVL)",)


_GLUE = re.compile(r"^(?:[a-z]|gb)$")


def _tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens; a lone letter or "gb" after a number sticks to it ("4090 D", "80 GB")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out: list[str] = []
    for token in re.findall(r"[a-z0-9]+", folded):
        if out and out[-1][-1].isdigit() and _GLUE.match(token):
            out[-1] += token
        else:
            out.append(token)
    return out


def _key(text: str) -> str:
    """Order-insensitive comparison key."""
    return " ".join(sorted(_tokens(text)))


def _compact(text: str) -> str:
    """Separator-insensitive comparison key ("H100SXM5" == "H100 SXM5")."""
    return "".join(_tokens(text))


class Catalog:
    """The validated catalog with forgiving lookup."""

    def __init__(self, entries: list[CatalogEntry]) -> None:
        self.entries = entries
        self._by_name = {e.name: e for e in entries}
        self._keys: dict[str, CatalogEntry] = {}
        self._compacts: dict[str, CatalogEntry] = {}
        self._token_sets: list[tuple[CatalogEntry, frozenset[str]]] = []
        for entry in entries:
            vendor = _tokens(entry.vendor)
            for label in entry.labels():
                for text in (label, f"{entry.vendor} {label}"):
                    self._register(self._keys, _key(text), entry, label)
                    self._register(self._compacts, _compact(text), entry, label)
                self._token_sets.append((entry, frozenset(_tokens(label)) | frozenset(vendor)))
        self._choices = {" ".join(_tokens(text)): entry for entry in entries for label in entry.labels()
                         for text in (label, f"{entry.vendor} {label}")}

    @staticmethod
    def _register(table: dict[str, CatalogEntry], key: str, entry: CatalogEntry, label: str) -> None:
        other = table.setdefault(key, entry)
        if other is not entry:
            raise SpecError(f"entry {entry.name!r}.aliases",
                            f"label {label!r} also names {other.name!r}; names and aliases must be unique")

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, name: str) -> CatalogEntry | None:
        """The entry with exactly this name, or None."""
        return self._by_name.get(name)

    def lookup(self, name: str) -> CatalogEntry:
        """Find one entry by name or alias, forgivingly; raises :class:`CatalogError` when unknown or ambiguous."""
        query = _tokens(name)
        if not query:
            raise CatalogError(name, [])
        found = self._keys.get(" ".join(sorted(query))) or self._compacts.get("".join(query))
        if found is not None:
            return found
        candidates = self._token_candidates(query)
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise AmbiguousCatalogName(name, sorted(e.name for e in candidates))
        raise CatalogError(name, self.suggest(name))

    def _token_candidates(self, query: list[str]) -> list[CatalogEntry]:
        exact: dict[str, CatalogEntry] = {}
        prefix: dict[str, CatalogEntry] = {}
        for entry, tokens in self._token_sets:
            if all(q in tokens for q in query):
                exact[entry.name] = entry
            elif all(q in tokens or any(t.startswith(q) for t in tokens) for q in query):
                prefix[entry.name] = entry
        chosen = list((exact or prefix).values())
        if not SYSTEM_WORDS.intersection(query):
            chips = [e for e in chosen if e.kind == "chip"]
            chosen = chips or chosen
        return chosen

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Closest entry names to ``name`` (by name or alias, with or without the vendor), best first.

        QRatio with a cutoff of 65 keeps typos ("h100 sxn", "mi3000x") and near models ("tpu v8") but
        suggests nothing for names unlike any entry ("Frobnitz 9000"), rather than noise.
        """
        scored = process.extract(" ".join(_tokens(name)), list(self._choices), scorer=fuzz.QRatio,
                                 score_cutoff=65, limit=limit * 8)
        out: list[str] = []
        for text, _score, _index in scored:
            entry_name = self._choices[text].name
            if entry_name not in out:
                out.append(entry_name)
        return out[:limit]

    def contents(self, entry: CatalogEntry) -> list[tuple[CatalogEntry, int]]:
        """A system's chips with total quantities (nested systems multiplied out), in first-seen order."""
        totals: dict[str, int] = {}
        self._flatten(entry, 1, totals, ())
        return [(self._by_name[n], q) for n, q in totals.items()]

    def _flatten(self, entry: CatalogEntry, factor: int, totals: dict[str, int], path: tuple[str, ...]) -> None:
        if entry.name in path:
            cycle = " → ".join((*path, entry.name))
            raise SpecError(f"entry {path[0]!r}.contains", f"cycle in system contents: {cycle}")
        if entry.kind == "chip":
            totals[entry.name] = totals.get(entry.name, 0) + factor
            return
        for ref, quantity in entry.contains:
            child = self._by_name.get(ref)
            if child is None:
                raise SpecError(f"entry {entry.name!r}.contains", f"{ref!r} is not a catalog entry name")
            self._flatten(child, factor * quantity, totals, (*path, entry.name))


# ----------------------------------------------------------------------------------------------- loading


_StrictLoader = strict_loader()


def _text(raw: Any, where: str, *, required: bool = True) -> str | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise SpecError(where, f"expected non-empty text, got {raw!r}")
    return raw.strip()


def _parse_contains(raw: Any, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(raw, list) or not raw:
        raise SpecError(where, "a system needs a non-empty list of {catalog: NAME, quantity: N}")
    out = []
    for i, item in enumerate(raw):
        here = f"{where}[{i}]"
        if not isinstance(item, dict) or set(item) - {"catalog", "quantity"}:
            raise SpecError(here, "expected {catalog: NAME, quantity: N}")
        ref = _text(item.get("catalog"), f"{here}.catalog")
        quantity = item.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise SpecError(f"{here}.quantity", f"expected a positive whole number, got {quantity!r}")
        assert ref is not None
        out.append((ref, quantity))
    return tuple(out)


def _parse_sources(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise SpecError(where, "expected a mapping of figure → source (e.g. tops: \"NVIDIA H100 datasheet\")")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in SOURCE_KEYS:
            raise SpecError(f"{where}.{key}", f"unknown figure; expected one of {', '.join(sorted(SOURCE_KEYS))}")
        text = _text(value, f"{where}.{key}")
        assert text is not None
        out[str(key)] = text
    return out


def _parse_entry(raw: Any, index: int, file: str) -> CatalogEntry:
    where = f"{file}: entries[{index}]"
    if not isinstance(raw, dict):
        raise SpecError(where, f"expected a mapping, got {type(raw).__name__}")
    if isinstance(raw.get("name"), str):
        where += f" ({raw['name']})"
    unknown = sorted(str(k) for k in raw if k not in ENTRY_KEYS)
    if unknown:
        raise SpecError(f"{where}.{unknown[0]}", f"unknown key; expected one of {', '.join(sorted(ENTRY_KEYS))}")
    name = _text(raw.get("name"), f"{where}.name")
    vendor = _text(raw.get("vendor"), f"{where}.vendor")
    kind = raw.get("kind", "chip")
    if kind not in KINDS:
        raise SpecError(f"{where}.kind", f"expected chip or system, got {kind!r}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise SpecError(f"{where}.aliases", "expected a list of non-empty names")
    year = raw.get("release_year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100):
        raise SpecError(f"{where}.release_year", f"expected a year like 2023, got {year!r}")
    sources = _parse_sources(raw.get("sources", {}), f"{where}.sources")
    notes = _text(raw.get("notes"), f"{where}.notes", required=False)
    assert name is not None and vendor is not None
    if kind == "system":
        figures = sorted(k for k in (*CHIP_FIGURES, "datacenter") if k in raw)
        if figures:
            raise SpecError(f"{where}.{figures[0]}", "a system's figures come from its contents; "
                                                     "list its chips under contains")
        contains = _parse_contains(raw.get("contains"), f"{where}.contains")
        needed = ["contains"]
        data: dict[str, Any] = {}
    else:
        if "contains" in raw:
            raise SpecError(f"{where}.contains", "only systems (kind: system) contain other items")
        if "datacenter" not in raw:
            raise SpecError(f"{where}.datacenter", "required: true, false or \"ambiguous\" (Note 2 turns on it)")
        contains = ()
        data = {k: raw[k] for k in (*CHIP_FIGURES, "datacenter") if k in raw}
        needed = [k for k in CHIP_FIGURES if raw.get(k) is not None]
    missing = [k for k in needed if k not in sources]
    if missing:
        raise SpecError(f"{where}.sources.{missing[0]}", "every figure needs its source (datasheet, paper, estimate)")
    entry = CatalogEntry(name=name, vendor=vendor, kind=kind, aliases=tuple(a.strip() for a in aliases),
                         release_year=year, data=data, contains=contains, sources=sources, notes=notes)
    if kind == "chip":
        try:
            entry.to_spec()  # validates the figures now, naming the entry
        except SpecError as exc:
            raise SpecError(f"{where}.{exc.field}", exc.problem) from None
    return entry


def parse_catalog(doc: Any, file: str) -> Catalog:
    """Validate a parsed catalog document and build the :class:`Catalog`."""
    if not isinstance(doc, dict) or set(doc) != {"entries"} or not isinstance(doc["entries"], list):
        raise SpecError(file, "expected a mapping with one key, entries: [...]")
    entries = [_parse_entry(item, i, file) for i, item in enumerate(doc["entries"])]
    names: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry.name in names:
            raise SpecError(f"{file}: entries[{i}] ({entry.name}).name",
                            f"duplicate name (first at entries[{names[entry.name]}])")
        names[entry.name] = i
    try:
        catalog = Catalog(entries)
    except SpecError as exc:
        raise SpecError(f"{file}: {exc.field}", exc.problem) from None
    for entry in entries:
        if entry.kind == "system":
            try:
                catalog.contents(entry)
            except SpecError as exc:
                raise SpecError(f"{file}: {exc.field}", exc.problem) from None
    return catalog


def default_catalog_path() -> Path:
    return Path(str(resources.files("stackclear.catalog") / "data" / "catalog.yaml"))


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate a catalog file (default: the catalog shipped in the package)."""
    file = path or default_catalog_path()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(str(file), f"cannot read the catalog: {exc}") from None
    try:
        doc = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise SpecError(file.name, f"invalid YAML: {exc}") from None
    return parse_catalog(doc, file.name)


_DEFAULT: Catalog | None = None


def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_catalog()
    return _DEFAULT


def lookup(name: str) -> CatalogEntry:
    """Look ``name`` up in the shipped catalog (see :meth:`Catalog.lookup`)."""
    return default_catalog().lookup(name)
