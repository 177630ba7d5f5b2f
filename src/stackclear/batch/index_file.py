"""A built screener saved to one file, so other processes load it instead of building the index again.

    save_screener(screener, path)      # index + matcher + list provenance, with a checked header
    screener = load_screener(path)     # ~2 s for CSL 2022 + SDN 2024 instead of a ~3-7 s build

Used to ship the index to Spark executors (one file distributed with the job, loaded once per Python
worker). The payload is the index as plain data (``ScreeningIndex.to_state``: the compiled classes of the
hot path cannot be pickled themselves, and plain data loads the same in a compiled or pure-Python process)
plus the matcher's name, the threshold and the lists' provenance, pickled: load only files this program
wrote (they travel with your own job). The header records the format, the stackclear and Python versions,
the matcher and the payload's sha256, so a truncated, foreign or mismatched file is refused with the reason
instead of being half-loaded.

This is the batch layer's own minimal version, behind these two functions only; the on-disk index cache
of the code-health work (``stackclear.screening.index_cache``) can replace it without touching callers.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sys
import uuid
from pathlib import Path
from typing import Any

from stackclear import __version__, _native
from stackclear.errors import StackclearError
from stackclear.screening.index import ScreeningIndex
from stackclear.screening.matchers import get_matcher
from stackclear.screening.screen import Screener

MAGIC = b"STACKCLEAR-SCREENER\n"
FORMAT = 1


class IndexFileError(StackclearError):
    """An index file cannot be used (corrupt, truncated, or written by another build)."""


def _runtime() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "stackclear": __version__,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "native": _native.mode(),
    }


def save_screener(screener: Screener, path: str | Path) -> str:
    """Write ``screener`` to ``path`` (atomically: a temporary name, then rename); returns the file's sha256."""
    target = Path(path)
    state = {
        "index": screener.index.to_state() if screener.index is not None else None,
        "matcher": screener.matcher.name,
        "lists": screener.lists,
        "threshold": screener.threshold,
        "unavailable_reason": screener.unavailable_reason,
    }
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    header = dict(_runtime(), matcher=screener.matcher.name, threshold=screener.threshold,
                  lists=[x.get("sha256") for x in screener.lists], size=len(payload),
                  sha256=hashlib.sha256(payload).hexdigest())
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(MAGIC)
            handle.write(json.dumps(header, sort_keys=True).encode() + b"\n")
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return file_sha256(target)


def read_header(path: str | Path) -> dict[str, Any]:
    """The header of an index file (without loading the index)."""
    with Path(path).open("rb") as handle:
        return _header(handle, str(path))


def _header(handle: Any, name: str) -> dict[str, Any]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise IndexFileError(f"{name}: not a stackclear screener file")
    try:
        header: dict[str, Any] = json.loads(handle.readline())
    except ValueError:
        raise IndexFileError(f"{name}: unreadable header") from None
    return header


def load_screener(path: str | Path) -> Screener:
    """Load a file written by :func:`save_screener`; refuses a corrupt or mismatched one with the reason."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            header = _header(handle, name)
            payload = handle.read()
    except OSError as exc:
        raise IndexFileError(f"{name}: cannot read the screener file: {exc.strerror or exc}") from None
    runtime = _runtime()
    for key in ("format", "stackclear", "python"):
        if header.get(key) != runtime[key]:
            raise IndexFileError(
                f"{name}: written with {key}={header.get(key)!r}, this process has {runtime[key]!r}; "
                "save the screener again with this installation"
            )
    if len(payload) != header.get("size") or hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise IndexFileError(f"{name}: payload is truncated or modified (size or sha256 differs from the header)")
    state = pickle.loads(payload)
    if not isinstance(state, dict) or "matcher" not in state:
        raise IndexFileError(f"{name}: holds a {type(state).__name__}, expected a saved screener")
    index = ScreeningIndex.from_state(state["index"]) if state["index"] is not None else None
    screener = Screener(index, get_matcher(state["matcher"]), state["lists"], state["threshold"],
                        state["unavailable_reason"])
    # long-lived, like a freshly built index: keep it out of the collector's generations
    gc.collect()
    gc.freeze()
    return screener


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
