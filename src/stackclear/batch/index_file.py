"""A screener as one file that other processes load instead of building the index (batch workers, Spark).

    sha256 = save_screener(screener, path)   # the index cache format of stackclear.screening.index_cache
    screener = load_screener(path)           # the file mapped (shared), names and postings decoded on first use

The format is the platform's on-disk index cache (:mod:`stackclear.screening.index_cache`: plain data, no
pickle, checked header and checksum); this module only adds what shipping needs: a screener whose index was
itself loaded from the cache is written out as the very bytes it was loaded from
(:func:`stackclear.screening.index_cache.stored_image`; the cache refuses to pack a loaded index again), and
the file's sha256 names it (Spark executors cache the loaded screener by that digest). Every process that
loads the file maps it: its pages are shared between processes, not copied into each. :func:`place_index`
puts a screener's file where a run needs it: a hard link to the file it was mapped from (no byte copied, the
same pages of the page cache as every other process mapping that file), else the file written out.
A screener without lists (failing closed) has no index and is not shipped: see :func:`worker_setup`.

:func:`batch_screener` is the batch's screener: its index is never built in the batch's own process (a built
index, ~400 MB of objects, would stay in it for the whole run) but in a short-lived helper process that
writes it to the disk cache; the batch maps the cached file. Explicit list files are cached too (under
``<cache_dir>/batch``, keyed by the files' sha256 and the matcher's fingerprint): a second run over the same
files, or a ``--resume``, does not build the index again.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import multiprocessing as mp
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stackclear.errors import StackclearError
from stackclear.screening import index_cache
from stackclear.screening.screen import Screener

IndexFileError = index_cache.IndexCacheError
KEEP = 3  # index files of explicit lists kept (the newest)


def save_screener(screener: Screener, path: str | Path) -> str:
    """Write ``screener`` to ``path`` (atomically) and return the file's sha256."""
    target = Path(path)
    if screener.index is None:
        raise StackclearError("a screener without lists (failing closed) has no index to save")
    if screener.index.packed:
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            with temporary.open("wb") as handle:
                handle.write(index_cache.stored_image(screener))
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        index_cache.save_screener(screener, target)
    return file_sha256(target)


def place_index(screener: Screener, path: str | Path) -> None:
    """Put ``screener``'s index file at ``path`` (atomically): a hard link to the file the index was mapped
    from while that still holds the mapped bytes (no copy: one file, one set of pages in the page cache, and
    the link keeps the file whole whoever prunes or replaces the original), else as :func:`save_screener`."""
    target = Path(path)
    source = index_cache.source_file(screener)
    if source is not None:
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            os.link(source, temporary)
            # the link is to whatever the path held at this moment: checked again to hold the mapped bytes
            if index_cache.holds_image(temporary, index_cache.stored_image(screener)):
                os.replace(temporary, target)
                return
        except OSError:  # another file system, no hard links: the file is written instead
            pass
        finally:
            temporary.unlink(missing_ok=True)
    save_screener(screener, target)


def release_pages(screener: Screener) -> None:
    """Drop this process's resident pages of the file ``screener``'s index is mapped from (a process that holds
    the screener but does not screen: its pages would count in its resident set for nothing). The mapping
    stays valid: a page read later is mapped again from the page cache. Nothing for a built or read index."""
    try:
        image = index_cache.stored_image(screener)
    except IndexFileError:
        return
    if isinstance(image.obj, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        image.obj.madvise(mmap.MADV_DONTNEED)


def load_screener(path: str | Path) -> Screener:
    """Load a file written by :func:`save_screener` (mapped: never rewrite it in place while in use);
    IndexFileError names what is wrong with a bad one."""
    return index_cache.load_screener(path, mapped=True)


def worker_setup(screener: Screener) -> dict[str, Any]:
    """What a worker needs beside the index file to answer as ``screener`` does (plain data, picklable)."""
    return {"threshold": screener.threshold, "lists": screener.lists, "matcher": screener.matcher.name,
            "reason": screener.unavailable_reason}


def worker_screener(path: str | Path | None, setup: dict[str, Any]) -> Screener:
    """The screener of a worker: the index file loaded (mapped) with the driver's threshold and lists (a cached
    index's header holds those of its build), or with no file (failing closed) one that answers ``review``."""
    if path is None:
        return Screener.unavailable(setup["reason"], setup["matcher"], setup["lists"])
    screener = load_screener(path)
    if screener.matcher.name != setup["matcher"]:
        raise IndexFileError(path, f"index of matcher {screener.matcher.name}, expected {setup['matcher']}")
    screener.threshold = setup["threshold"]
    screener.lists = setup["lists"]
    return screener


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the batch's screener: the index built in a helper process, mapped here -------------------------------


def helper_context() -> Any:
    """The multiprocessing context of the batch's helper processes (workers, index builds): spawn, a fresh
    interpreter each. Forked from the batch, a process would copy (by touching reference counts) whatever the
    batch holds, a built index above all; a fork server would stay beside the batch for the whole run
    holding its own imports (~110 MB). A spawned worker pays its imports once (~0.3 s of CPU)."""
    return mp.get_context("spawn")


def _in_helper(function: Callable[..., None], *args: Any) -> None:
    """Run ``function(*args)`` in a helper process; its StackclearError is raised here with its message."""
    with helper_context().Pool(1) as pool:
        problem = pool.apply(_guarded, (function, *args))
    if problem is not None:
        raise StackclearError(problem)


def _guarded(function: Callable[..., None], *args: Any) -> str | None:
    try:
        function(*args)
    except StackclearError as exc:  # its message; the class may not survive pickling
        return str(exc)
    return None


def _files_key(paths: Sequence[Path], matcher: str) -> dict[str, str]:
    from stackclear.screening.sources import sha256_of

    files = [sha256_of(path) for path in paths]
    return {"lists": hashlib.sha256(json.dumps(files).encode()).hexdigest(), "matcher": matcher,
            "fingerprint": index_cache.matcher_fingerprint(matcher)}


def _build_files(paths: list[str], matcher: str, target: str, keys: dict[str, str]) -> None:
    from stackclear.screening.sources import load_list

    screener = Screener.from_lists([load_list(p) for p in paths], matcher)
    index_cache.save_screener(screener, target, keys=keys)


def _build_store(home: str, matcher: str) -> None:
    from stackclear.screening.store import ListStore

    index_cache.cached_screener(ListStore(Path(home)), matcher=matcher)


def _prune(folder: Path, keep: Path) -> None:
    try:
        found = sorted(folder.glob("index-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in found if p != keep][KEEP - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:  # housekeeping only
        pass


def _files_screener(paths: list[Path], matcher: str, threshold: float | None, cache_dir: Path) -> Screener:
    from stackclear.screening.sources import load_list

    missing = [p for p in paths if not p.exists()]
    if missing:  # the message load_list gives, without a helper process
        load_list(missing[0])
    keys = _files_key(paths, matcher)
    folder = cache_dir / "batch"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in matcher)
    target = folder / f"index-{safe}-{keys['lists'][:24]}.bin"
    try:
        screener = index_cache.load_screener(target, expect=keys, mapped=True)
    except IndexFileError:
        folder.mkdir(parents=True, exist_ok=True)
        _in_helper(_build_files, [str(p) for p in paths], matcher, str(target), keys)
        screener = index_cache.load_screener(target, expect=keys, mapped=True)
        _prune(folder, target)
    else:
        os.utime(target)  # the newest: kept by _prune
    # the provenance recorded at the build, with the paths as given now (the same content: same sha256)
    screener.lists = [{**described, "path": str(path)} for described, path in zip(screener.lists, paths,
                                                                                 strict=True)]
    screener.threshold = screener.matcher.threshold if threshold is None else threshold
    return screener


def batch_screener(paths: Sequence[str | Path], home: Path | None, matcher: str,
                   threshold: float | None = None) -> Screener:
    """As :func:`stackclear.screening.select.select_screener` (explicit files as given; else the stored
    current lists while fresh; else failing closed), with the index built in a helper process and cached."""
    from stackclear.screening.select import select_screener
    from stackclear.screening.store import ListStore
    from stackclear.settings import load_settings

    root = home or load_settings().home  # resolved here: a helper process may have an older environment
    if paths:
        return _files_screener([Path(p) for p in paths], matcher, threshold, root / "cache")
    store = ListStore(root)
    snapshot = store.current()
    if snapshot is not None and store.freshness()[0]:
        if not index_cache.cache_path(root / "cache", snapshot, matcher).exists():
            _in_helper(_build_store, str(root), matcher)
        # mapped, not read: the workers map the same file (see place_index), this process holds no copy
        return index_cache.cached_screener(store, snapshot, matcher=matcher, threshold=threshold, mapped=True)
    return select_screener([], store=store, matcher=matcher, threshold=threshold)  # failing closed
