"""The screening index of one worker: loaded once, swapped atomically when a new snapshot becomes current.

A request takes ``holder.screener()`` once and uses that object to the end, so it never sees half an
index: a new index is built beside the old one (in a background thread when another process imported the
snapshot, in the importing request itself otherwise) and replaces it with a single reference assignment.
Each worker notices a snapshot imported by another process by re-reading the store's ``current`` pointer,
at most once per ``check_seconds``; staleness is re-judged at the same time, so a list that ages past the
limit turns every answer into "review" (fail closed) without a restart.

The index comes from the store's disk cache (:func:`~stackclear.screening.index_cache.cached_screener`, keyed
by the snapshot's content and the matcher's fingerprint): the first process to need it builds and saves it,
every other worker (``stackclear serve --workers N``) and every later start reads it instead of rebuilding.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from stackclear.errors import StackclearError
from stackclear.screening.screen import Screener, describe_list
from stackclear.screening.store import ListStore

log = logging.getLogger("stackclear.api")


@dataclass(frozen=True, slots=True)
class Loaded:
    key: tuple[str | None, bool, str]  # (snapshot id, fresh, reason)
    screener: Screener


class ScreenerHolder:
    """The current screener of this worker (see the module docstring)."""

    def __init__(self, store: ListStore, check_seconds: float = 1.0, cache_dir: Path | None = None,
                 cache: bool = True) -> None:
        self.store = store
        self.check_seconds = check_seconds
        self.cache_dir = cache_dir  # None: the store's own (<home>/cache)
        self.cache = cache  # False: build the index from the list files (no disk cache)
        self._loaded: Loaded | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._building: tuple[str | None, bool, str] | None = None
        self._generation = 0  # bumped by every swap: a background build never replaces a newer index

    def _state(self) -> tuple[str | None, bool, str]:
        try:
            snap = self.store.current()  # read once: another process may switch it between two reads
            fresh, reason = self.store.freshness(dt.date.today(), snapshot=snap)
        except StackclearError as exc:  # a corrupt pointer or manifest: fail closed, say why
            return None, False, str(exc)
        return (snap.id if snap else None), fresh, reason

    def _build(self, key: tuple[str | None, bool, str]) -> Loaded:
        snap_id, fresh, reason = key
        try:
            if snap_id is not None and fresh:
                if not self.cache:
                    return Loaded(key, Screener.from_lists(self.store.load(self.store.snapshot(snap_id))))
                from stackclear.screening.index_cache import cached_screener

                snap = self.store.snapshot(snap_id)
                return Loaded(key, cached_screener(self.store, snap, cache_dir=self.cache_dir))
            described = [describe_list(x) for x in self.store.load_current()] if snap_id is not None else []
        except StackclearError as exc:  # a stored file no longer matches its manifest: fail closed
            return Loaded((snap_id, False, str(exc)), Screener.unavailable(str(exc)))
        return Loaded(key, Screener.unavailable(reason, lists=described))

    @property
    def ready(self) -> tuple[bool, str]:
        """Whether this worker screens against fresh lists, and why not."""
        key = self._loaded.key if self._loaded is not None else self._state()
        return key[1], key[2]

    def load(self) -> Screener:
        """(Re)build from the store now and swap it in; returns the new screener."""
        with self._lock:
            loaded = self._build(self._state())
            self._loaded = loaded
            self._generation += 1
            self._checked = time.monotonic()
        log.info("screening index loaded: snapshot %s", loaded.key[0])
        return loaded.screener

    def screener(self) -> Screener:
        """The screener to use for one request (never None; fails closed when there are no fresh lists)."""
        loaded = self._loaded
        if loaded is None:
            return self.load()
        now = time.monotonic()
        if now - self._checked >= self.check_seconds:
            self._checked = now
            key = self._state()
            if key != loaded.key:
                if key[0] == loaded.key[0] and not key[1]:  # same data, now stale: switch at once, cheaply
                    self._loaded = Loaded(key, Screener.unavailable(key[2], lists=loaded.screener.lists))
                else:
                    self._rebuild_in_background(key)
        return self._loaded.screener if self._loaded is not None else loaded.screener

    def _rebuild_in_background(self, key: tuple[str | None, bool, str]) -> None:
        with self._lock:
            if self._building == key:
                return
            self._building = key
            generation = self._generation

        def run() -> None:
            try:
                built = self._build(key)
                with self._lock:
                    if self._generation != generation:  # load() swapped in a newer index meanwhile
                        return
                    self._loaded = built
                    self._generation += 1
                log.info("screening index swapped: snapshot %s", key[0])
            except Exception as exc:  # keep serving the old index; the next check tries again
                log.error("screening index rebuild failed: %s", type(exc).__name__)
            finally:
                with self._lock:
                    self._building = None

        threading.Thread(target=run, name="stackclear-index", daemon=True).start()

    @property
    def snapshot_id(self) -> str | None:
        return self._loaded.key[0] if self._loaded else None
