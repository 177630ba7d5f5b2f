"""The screening index of a stored list snapshot, cached on disk so a new process does not build it again.

Building the index over the CSL and the SDN analyses ~50,000 names (seconds); a ``stackclear screen`` that
runs after the last one would build exactly the same index. :func:`cached_screener` keeps it under
``<home>/cache`` instead, keyed by

* the snapshot's content — the sha256 of its list files (as recorded in the validated manifest), and
* the matcher's fingerprint (:func:`matcher_fingerprint`) — the matcher's name and a sha256 over the source
  of every module and data file that shapes the index (name analysis, variants, the index itself, the
  matchers, this format) and the versions of the libraries they call: *any* code change rebuilds.

The file holds plain data only (no pickle: loading never runs code from the cache directory): a header line
(``stackclear-index``), one JSON line (format, keys, section table, length and CRC-32 of the body) and the
body: flat arrays and byte blobs (:data:`SECTIONS`). It is written to a temporary file and moved into place
with ``os.replace``, so a reader sees the old file or the new one, never half of one. A file that is
truncated, damaged (checksum mismatch), from another format or Python version, or for other keys is
rebuilt; :func:`load_screener` raises :class:`IndexCacheError` for it.

Loading is fast because nothing is decoded up front: the sections are views into the file's bytes, postings
are found through an open-addressing hash table stored in the file, and names and entries (``marshal``
records) are decoded the first time a query needs them, then kept. ``load_screener(path, mapped=True)`` maps
the file instead of reading it: processes that load the same file share its pages (the batch workers and
Spark's Python workers do; only for files nobody rewrites in place). :func:`stored_image` gives the bytes a
loaded screener was read from (to ship it elsewhere unchanged), :func:`source_file` the file it was mapped from.
Results are identical to an index built from the lists (tests compare both on the real lists).
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import mmap
import os
import sys
import uuid
import weakref
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar, overload

from stackclear.errors import StackclearError
from stackclear.names.analyze import NameForm
from stackclear.screening.index import COMMON_DF, SEED_SCAN, IndexedName, ScreeningIndex, _Seed
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import Screener, index_type
from stackclear.screening.store import ListStore, Snapshot

__all__ = [
    "FORMAT",
    "IndexCacheError",
    "cache_path",
    "cached_screener",
    "describe_snapshot",
    "load_screener",
    "matcher_fingerprint",
    "save_screener",
    "snapshot_digest",
    "source_file",
    "stored_image",
]

log = logging.getLogger(__name__)

FORMAT = 3  # 2: a retrieval variant's base name (IndexedName.base, matcher stackclear-v2); 3: v2's acronym index
MAGIC = b"stackclear-index\n"
KEEP = 3  # cache files kept per cache directory (the newest; older snapshots' indexes are pruned)
_PACKAGE = Path(__file__).resolve().parent.parent  # src/stackclear
#: What shapes an index and its answers: any change to these files (or library versions) rebuilds the cache.
FINGERPRINT_SOURCES = (
    "names/*.py",
    "names/data/*",
    "screening/index.py",
    "screening/index_v2.py",
    "screening/index_cache.py",
    "screening/model.py",
    "screening/variants.py",
    "screening/screen.py",
    "screening/matchers/*.py",
    "screening/data/*",
)
FINGERPRINT_LIBRARIES = ("rigour", "normality", "pypinyin", "rapidfuzz", "confusable-homoglyphs", "pyicu")
_ENTRY_FIELDS = tuple(f.name for f in fields(ListEntry))
_fingerprints: dict[str, str] = {}

T = TypeVar("T")


class IndexCacheError(StackclearError):
    """An index cache file is damaged, truncated or from another format; it is rebuilt when used via the store."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


# -- keys ------------------------------------------------------------------------------------------------


def _library_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def matcher_fingerprint(name: str) -> str:
    """sha256 over the matcher ``name``, the source bytes of :data:`FINGERPRINT_SOURCES` and the versions of
    :data:`FINGERPRINT_LIBRARIES`: an index cached under another fingerprint is never used."""
    found = _fingerprints.get(name)
    if found is not None:
        return found
    digest = hashlib.sha256()
    digest.update(f"format {FORMAT}\nmatcher {name}\n".encode())
    for pattern in FINGERPRINT_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            if path.is_file():
                digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\n".encode())
                digest.update(path.read_bytes())
    for library in FINGERPRINT_LIBRARIES:
        digest.update(f"{library} {_library_version(library)}\n".encode())
    found = _fingerprints[name] = digest.hexdigest()
    return found


def snapshot_digest(snapshot: Snapshot) -> str:
    """sha256 over the snapshot's list files (name, format and sha256 of each): the content it indexes."""
    files = sorted((f.name, f.format, f.sha256) for f in snapshot.files)
    return hashlib.sha256(json.dumps(files).encode()).hexdigest()


def cache_path(cache_dir: Path, snapshot: Snapshot, matcher: str) -> Path:
    """Where the index of ``snapshot`` for ``matcher`` is cached (the fingerprint is checked inside)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in matcher)
    return cache_dir / f"index-{safe}-{snapshot_digest(snapshot)[:24]}.bin"


# -- writing ---------------------------------------------------------------------------------------------


def _form_fields(f: NameForm) -> tuple[Any, ...]:
    return (f.original, f.kind, f.tokens, tuple(sorted(f.legal)), f.script, f.script_tokens, f.compact, f.key,
            f.phonetic, f.given_start)


def _form_record(name: IndexedName) -> bytes:
    base: Any = None if name.base is None else _form_fields(name.base)
    record: tuple[Any, ...] = (name.entry, name.weak, *_form_fields(name.form), base)
    return marshal.dumps(record)


def _entry_record(entry: ListEntry) -> bytes:
    return marshal.dumps(tuple(getattr(entry, name) for name in _ENTRY_FIELDS))


def _blob(records: Sequence[bytes]) -> tuple[bytes, bytes]:
    offsets = array("q", [0])
    total = 0
    for record in records:
        total += len(record)
        offsets.append(total)
    return b"".join(records), offsets.tobytes()


def _key_bytes(key: str) -> bytes:
    return key.encode("utf-8", "surrogatepass")


#: The body's sections, in order, with the array type each holds ("" = raw bytes).
SECTIONS = (
    ("keys", ""),  # every key, UTF-8, each followed by a NUL
    ("key_offsets", "q"),  # key i = keys[key_offsets[i] : key_offsets[i + 1] - 1]
    ("table", "i"),  # open addressing by crc32 of the key, linear probing: key number or -1
    ("ids", "i"),  # the postings, one after the other
    ("post_offsets", "q"),  # posting i = ids[post_offsets[i] : post_offsets[i + 1]]
    ("weights", "d"),  # weight of key i
    ("seed_at", "q"),  # where key i's seed orders start in by_norm/by_mass, or -1
    ("by_norm", "i"),
    ("by_mass", "i"),
    ("mass", "d"),  # per name
    ("norm", "d"),  # per name
    ("pair_sounds", ""),  # NUL-separated UTF-8
    ("names", ""),  # marshal records, one per name
    ("names_offsets", "q"),
    ("entries", ""),  # marshal records, one per list entry
    ("entries_offsets", "q"),
    ("acronyms", ""),  # v2's acronym index (matchers.v2_acronyms.AcronymIndex.to_bytes; empty for other indexes)
)


def _pack(index: ScreeningIndex) -> dict[str, bytes]:
    if index.packed:
        raise IndexCacheError("<index>", "an index loaded from a cache cannot be saved again; save the built one")
    keys = [_key_bytes(key) for key in index.postings]
    if any(b"\x00" in key for key in keys):
        raise IndexCacheError("<index>", "an index key contains a NUL character")
    key_offsets = array("q", [0])
    total = 0
    for key in keys:
        total += len(key) + 1
        key_offsets.append(total)
    size = 1
    while size < 2 * len(keys):
        size *= 2
    mask = size - 1
    table = array("i", [-1]) * size
    for slot, key in enumerate(keys):
        at = zlib.crc32(key) & mask
        while table[at] >= 0:
            at = (at + 1) & mask
        table[at] = slot
    ids = array("i")
    post_offsets = array("q", [0])
    weights = array("d")
    seed_at = array("q")
    by_norm = array("i")
    by_mass = array("i")
    for posting, weight in index.postings.values():
        ids.extend(posting)
        post_offsets.append(len(ids))
        weights.append(weight)
        seed = index.seed(posting)
        if seed is None:
            seed_at.append(-1)
        else:
            seed_at.append(len(by_norm))
            by_norm.extend(seed.by_norm)
            by_mass.extend(seed.by_mass)
    names, names_offsets = _blob([_form_record(name) for name in index.names])
    entries, entries_offsets = _blob([_entry_record(entry) for entry in index.entries])
    acronyms = getattr(index, "acronyms", None)  # IndexV2's, built with it
    return {
        "keys": b"".join(key + b"\x00" for key in keys), "key_offsets": key_offsets.tobytes(),
        "table": table.tobytes(), "ids": ids.tobytes(), "post_offsets": post_offsets.tobytes(),
        "weights": weights.tobytes(), "seed_at": seed_at.tobytes(), "by_norm": by_norm.tobytes(),
        "by_mass": by_mass.tobytes(), "mass": array("d", index.mass).tobytes(),
        "norm": array("d", index.norm).tobytes(),
        "pair_sounds": "\x00".join(sorted(index._pair_sounds)).encode("utf-8", "surrogatepass"),
        "names": names, "names_offsets": names_offsets, "entries": entries, "entries_offsets": entries_offsets,
        "acronyms": b"" if acronyms is None else acronyms.to_bytes(),
    }  # fmt: skip


def _platform() -> str:
    return f"{sys.implementation.cache_tag} marshal {marshal.version} {sys.byteorder} i{array('i').itemsize}"


def save_screener(screener: Screener, path: str | Path, *, keys: dict[str, str] | None = None) -> Path:
    """Write ``screener``'s index (built, not loaded) to ``path`` atomically (temporary file + os.replace).

    ``keys`` (e.g. the snapshot digest and matcher fingerprint) are stored in the header for the reader to check.
    """
    if screener.index is None:
        raise IndexCacheError(path, "a screener without lists (unavailable) has no index to save")
    target = Path(path)
    packed = _pack(screener.index)
    sections = []
    chunks = []
    at = 0
    for name, _ in SECTIONS:
        data = packed[name]
        padding = b"\x00" * (-len(data) % 8)  # every section starts 8-byte aligned
        sections.append([name, at, len(data)])
        chunks += [data, padding]
        at += len(data) + len(padding)
    body = b"".join(chunks)
    header = {
        "format": FORMAT,
        "platform": _platform(),
        "matcher": screener.matcher.name,
        "threshold": screener.threshold,
        "lists": screener.lists,
        "names": len(screener.index.names),
        "entries": len(screener.index.entries),
        "keys": dict(keys or {}),
        "sections": sections,
        "body_bytes": len(body),
        "body_crc32": zlib.crc32(body),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(MAGIC)
            handle.write(json.dumps(header, sort_keys=True).encode() + b"\n")
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


# -- reading ---------------------------------------------------------------------------------------------


class _Lazy(Sequence[T]):
    """Records of one blob, decoded the first time they are asked for and then kept."""

    def __init__(self, blob: memoryview, offsets: memoryview, decode: Callable[[memoryview], T]) -> None:
        self._blob = blob
        self._offsets = offsets
        self._decode = decode
        self._items: list[T | None] = [None] * (len(offsets) - 1)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, position: int) -> T: ...

    @overload
    def __getitem__(self, position: slice) -> list[T]: ...

    def __getitem__(self, position: int | slice) -> T | list[T]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        item = self._items[position]
        if item is None:
            if position < 0:
                position += len(self._items)
            start, end = self._offsets[position], self._offsets[position + 1]
            item = self._items[position] = self._decode(self._blob[start:end])
        return item

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self._items)))


#: The legal forms of the (many) names without one: one shared empty set, not one more object per decoded name for
#: the collector to traverse (a name decoded on use lives as long as the index).
_NO_LEGAL: frozenset[str] = frozenset()


def _decode_form(fields: tuple[Any, ...]) -> NameForm:
    original, kind, tokens, legal, script, script_tokens, compact, key, phonetic, given_start = fields
    return NameForm(original, kind, tokens, frozenset(legal) if legal else _NO_LEGAL, script, script_tokens, compact,
                    key, phonetic, given_start)  # fmt: skip


def _decode_name(raw: memoryview) -> IndexedName:
    record = marshal.loads(raw)
    entry, weak, base = record[0], record[1], record[-1]
    return IndexedName(entry, _decode_form(record[2:-1]), weak, None if base is None else _decode_form(base))


def _decode_entry(raw: memoryview) -> ListEntry:
    return ListEntry(*marshal.loads(raw))


class _Packed:
    """A stored index as :class:`stackclear.screening.index.PackedIndex`: views into the file's bytes (nothing
    copied); postings found through the stored hash table, names and entries decoded on first use."""

    def __init__(self, parts: dict[str, memoryview]) -> None:
        self._keys = parts["keys"]
        self._key_offsets = parts["key_offsets"].cast("q")
        self._table = parts["table"].cast("i")
        self._mask = len(self._table) - 1
        self._ids = parts["ids"].cast("i")
        self._post_offsets = parts["post_offsets"].cast("q")
        self._weights = parts["weights"].cast("d")
        self._seed_at = parts["seed_at"].cast("q")
        self._by_norm = parts["by_norm"].cast("i")
        self._by_mass = parts["by_mass"].cast("i")
        self.mass: list[float] = list(parts["mass"].cast("d"))
        self.norm: list[float] = list(parts["norm"].cast("d"))
        sounds = bytes(parts["pair_sounds"]).decode("utf-8", "surrogatepass")
        self.pair_sounds: frozenset[str] = frozenset(sounds.split("\x00")) if sounds else frozenset()
        self.names: Sequence[IndexedName] = _Lazy(parts["names"], parts["names_offsets"].cast("q"), _decode_name)
        self.entries: Sequence[ListEntry] = _Lazy(parts["entries"], parts["entries_offsets"].cast("q"),
                                                  _decode_entry)  # fmt: skip
        self.acronyms: memoryview = parts["acronyms"]  # read by IndexV2 (decoded on its first acronym query)
        keys = len(self._key_offsets) - 1
        if self._mask & (self._mask + 1) or len(self._post_offsets) != keys + 1 or len(self._weights) != keys \
                or len(self._seed_at) != keys or len(self.mass) != len(self.names) != len(self.norm):
            raise ValueError("inconsistent section lengths")

    def _slot(self, key: bytes) -> int:
        table, offsets, keys, mask = self._table, self._key_offsets, self._keys, self._mask
        at = zlib.crc32(key) & mask
        while True:
            slot = table[at]
            if slot < 0:
                return -1
            if keys[offsets[slot] : offsets[slot + 1] - 1] == key:
                return slot
            at = (at + 1) & mask

    def posting(self, key: str) -> tuple[tuple[int, ...], float, _Seed | None] | None:
        slot = self._slot(_key_bytes(key))
        if slot < 0:
            return None
        start, end = self._post_offsets[slot], self._post_offsets[slot + 1]
        ids = tuple(self._ids[start:end])
        seed = None
        first = self._seed_at[slot]
        if first >= 0 and SEED_SCAN < len(ids) <= COMMON_DF:
            stop = first + len(ids)
            ordered = tuple(self._by_mass[first:stop])
            mass = self.mass
            seed = _Seed(frozenset(ids), tuple(self._by_norm[first:stop]), ordered, [mass[n] for n in ordered])
        return ids, self._weights[slot], seed


def _map(path: Path) -> bytes | mmap.mmap:
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _read(path: Path, expect: dict[str, str] | None, mapped: bool = False
          ) -> tuple[dict[str, Any], dict[str, memoryview], memoryview]:
    try:
        raw = _map(path) if mapped else path.read_bytes()
    except OSError as exc:
        raise IndexCacheError(path, f"cannot read the index cache: {exc.strerror or exc}") from None
    if raw[: len(MAGIC)] != MAGIC:
        raise IndexCacheError(path, "not a stackclear index cache (bad header)")
    end = raw.find(b"\n", len(MAGIC))
    if end < 0:
        raise IndexCacheError(path, "truncated index cache (no header line)")
    try:
        header = json.loads(raw[len(MAGIC) : end])
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
    except ValueError as exc:
        raise IndexCacheError(path, f"damaged index cache header: {exc}") from None
    if header.get("format") != FORMAT or header.get("platform") != _platform():
        raise IndexCacheError(path, f"index cache of another format or platform ({header.get('format')}, "
                                    f"{header.get('platform')}); expected ({FORMAT}, {_platform()})")  # fmt: skip
    stored = header.get("keys") or {}
    for name, value in (expect or {}).items():  # checked before the body: an outdated file is not read further
        if stored.get(name) != value:
            raise IndexCacheError(path, f"index cache is for another {name} ({str(stored.get(name))[:16]}…)")
    body = memoryview(raw)[end + 1 :]
    if len(body) != header.get("body_bytes"):
        raise IndexCacheError(path, f"truncated or damaged index cache: body of {len(body):,} bytes, "
                                    f"expected {header.get('body_bytes')!r}")  # fmt: skip
    if zlib.crc32(body) != header.get("body_crc32"):
        raise IndexCacheError(path, "damaged index cache: the body's checksum differs from its header")
    try:
        where = {name: (int(start), int(length)) for name, start, length in header["sections"]}
        parts = {}
        for name, kind in SECTIONS:
            start, length = where[name]
            if start < 0 or start + length > len(body):
                raise ValueError(f"section {name} out of bounds")
            parts[name] = body[start : start + length]
            if kind and length % array(kind).itemsize:
                raise ValueError(f"section {name} is not a whole number of items")
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCacheError(path, f"damaged index cache sections: {exc}") from None
    return header, parts, memoryview(raw)


#: the file image each loaded index was read from (see :func:`stored_image`), keyed by the index's lazily
#: decoded entries (a plain Python object: a compiled ScreeningIndex cannot be weakly referenced)
_IMAGES: weakref.WeakKeyDictionary[object, memoryview] = weakref.WeakKeyDictionary()


def stored_image(screener: Screener) -> memoryview:
    """The bytes (header and body, exactly as in the file) that ``screener``'s index was loaded from by
    :func:`load_screener`; IndexCacheError for a built index (save that one with :func:`save_screener`)."""
    index = screener.index
    image = _IMAGES.get(index.entries) if index is not None and isinstance(index.entries, _Lazy) else None
    if image is None:
        raise IndexCacheError("<index>", "this index was not loaded from an index file; save it with save_screener")
    return image


#: the file each mapped index was loaded from (see :func:`source_file`), keyed as :data:`_IMAGES`
_SOURCES: weakref.WeakKeyDictionary[object, Path] = weakref.WeakKeyDictionary()


def source_file(screener: Screener) -> Path | None:
    """The file ``screener``'s index was mapped from (``load_screener(..., mapped=True)``) while that path
    still holds the bytes that were mapped (:func:`holds_image`); None for a built index, one read without
    mapping, or a file replaced or removed since."""
    index = screener.index
    if index is None or not isinstance(index.entries, _Lazy):
        return None
    path, image = _SOURCES.get(index.entries), _IMAGES.get(index.entries)
    return path if path is not None and image is not None and holds_image(path, image) else None


def holds_image(path: Path, image: memoryview) -> bool:
    """Whether the file at ``path`` is ``image``: the same size and header (whose checksum covers the body)."""
    end = bytes(image[: 1 << 16]).find(b"\n", len(MAGIC))
    try:
        with path.open("rb") as handle:
            return end > 0 and os.fstat(handle.fileno()).st_size == len(image) and \
                handle.read(end + 1) == bytes(image[: end + 1])
    except OSError:
        return False


def load_screener(path: str | Path, *, expect: dict[str, str] | None = None, mapped: bool = False) -> Screener:
    """The screener stored by :func:`save_screener`; IndexCacheError when the file is damaged, truncated,
    of another format, or (``expect``) stored under other keys. ``mapped``: map the file (shared between
    processes) instead of reading it; the file must then never be rewritten in place while in use (a
    replacement by ``os.replace``, as :func:`save_screener` does, is safe)."""
    from stackclear.screening.matchers import get_matcher

    source = Path(path)
    header, parts, image = _read(source, expect, mapped)
    try:
        packed = _Packed(parts)
        if len(packed.names) != header["names"] or len(packed.entries) != header["entries"]:
            raise ValueError("counts differ from the header")
    except (ValueError, TypeError, KeyError) as exc:
        raise IndexCacheError(source, f"damaged index cache body: {exc}") from None
    threshold = header.get("threshold")
    matcher = get_matcher(str(header["matcher"]))
    index = index_type(matcher)(packed=packed)
    _IMAGES[packed.entries] = image
    if mapped:
        _SOURCES[packed.entries] = source.absolute()
    return Screener(index, matcher, list(header["lists"]),
                    float(threshold) if isinstance(threshold, int | float) else None)  # fmt: skip


# -- the cache of the list store -------------------------------------------------------------------------


def describe_snapshot(snapshot: Snapshot) -> list[dict[str, Any]]:
    """The ``lists`` provenance of a screener over ``snapshot`` (as :func:`describe_list` gives it after
    loading the files), from the validated manifest alone."""
    described = []
    for file in snapshot.files:
        as_of = file.as_of or snapshot.as_of
        described.append({"path": str(snapshot.file_path(file)), "format": file.format, "sha256": file.sha256,
                          "as_of": as_of.isoformat() if as_of else None, "counts": dict(file.counts)})  # fmt: skip
    return described


def _prune(cache_dir: Path, keep: Path) -> None:
    try:
        found = sorted(cache_dir.glob("index-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in found if p != keep][KEEP - 1 :]:
            old.unlink(missing_ok=True)
    except OSError as exc:  # pruning is housekeeping: never a reason to fail a screening
        log.debug("could not prune the index cache: %s", exc)


def cached_screener(
    store: ListStore | None = None,
    snapshot: Snapshot | None = None,
    *,
    matcher: str | None = None,
    threshold: float | None = None,
    cache_dir: Path | None = None,
    mapped: bool = False,
) -> Screener:
    """A screener over ``snapshot`` (default: the store's current one), its index read from the disk cache
    when one exists for the same list content and matcher fingerprint, else built and cached. ``mapped``:
    a cached file is mapped, not read (:func:`load_screener`).

    A damaged, truncated or outdated cache file is rebuilt (with a warning in the log); a cache that cannot be
    written only costs the next process a rebuild. The snapshot's files are parsed only to (re)build. This
    does not judge freshness: see :func:`stackclear.screening.select.select_screener`.
    """
    from stackclear.screening.matchers import DEFAULT_MATCHER

    store = store or ListStore()
    snap = snapshot or store.current()
    if snap is None:
        raise IndexCacheError(store.dir, "no list snapshot stored; run `stackclear lists update` or `lists import`")
    name = matcher or DEFAULT_MATCHER
    folder = cache_dir or store.home / "cache"  # = load_settings().cache_dir for the default store
    path = cache_path(folder, snap, name)
    keys = {"snapshot": snapshot_digest(snap), "fingerprint": matcher_fingerprint(name), "matcher": name}
    screener: Screener | None = None
    if path.exists():
        try:
            screener = load_screener(path, expect=keys, mapped=mapped)
            log.debug("index of snapshot %s read from %s", snap.id, path)
        except IndexCacheError as exc:
            log.warning("rebuilding the screening index: %s", exc)
    if screener is None:
        log.info("building the screening index of snapshot %s (cached for the next run in %s)", snap.id, folder)
        screener = Screener.from_lists(store.load(snap), name)
        try:
            save_screener(screener, path, keys=keys)
            _prune(folder, path)
        except OSError as exc:
            log.warning("could not write the index cache %s: %s", path, exc)
    screener.lists = describe_snapshot(snap)
    screener.threshold = screener.matcher.threshold if threshold is None else threshold
    return screener
