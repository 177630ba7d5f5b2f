"""A screener as one file that other processes load instead of building the index (used to ship it to Spark).

    sha256 = save_screener(screener, path)   # the index cache format of stackclear.screening.index_cache
    screener = load_screener(path)           # sections mapped, names and postings decoded on first use

The format is the platform's on-disk index cache (:mod:`stackclear.screening.index_cache`: plain data, no
pickle, checked header and checksum); this module only adds what shipping needs: a screener whose index was
itself loaded from the cache is written out as the very bytes it was loaded from (the cache refuses to pack
a loaded index again), and the file's sha256 names it (executors cache the loaded screener by that digest).
A screener without lists (failing closed) has no index and is not shipped: see :mod:`stackclear.spark`.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from stackclear.errors import StackclearError
from stackclear.screening import index_cache
from stackclear.screening.screen import Screener

IndexFileError = index_cache.IndexCacheError


def _loaded_bytes(screener: Screener) -> bytes:
    """The file an index was loaded from: every section of a loaded index is a view into its bytes."""
    packed = getattr(screener.index, "_packed", None)
    view = getattr(packed, "_keys", None)
    raw = getattr(view, "obj", None)
    if not isinstance(raw, bytes) or not raw.startswith(index_cache.MAGIC):
        raise StackclearError("cannot save a screener whose index was loaded from a cache in an unknown way; "
                              "build it from the list files instead")
    return raw


def save_screener(screener: Screener, path: str | Path) -> str:
    """Write ``screener`` to ``path`` (atomically) and return the file's sha256."""
    target = Path(path)
    if screener.index is None:
        raise StackclearError("a screener without lists (failing closed) has no index to save")
    if screener.index.packed:
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        try:
            temporary.write_bytes(_loaded_bytes(screener))
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        index_cache.save_screener(screener, target)
    return file_sha256(target)


def load_screener(path: str | Path) -> Screener:
    """Load a file written by :func:`save_screener`; IndexFileError names what is wrong with a bad one."""
    return index_cache.load_screener(path)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
