"""The list store: versioned, validated snapshots of the restricted-party lists, one of them current.

Layout under ``<home>/lists`` (home = the ``root`` argument, else $STACKCLEAR_HOME, else
~/.local/share/stackclear)::

    snapshots/<id>/manifest.json    sha256 per file, rows per list, as-of date, imported_at, format
    snapshots/<id>/files/...        the raw files exactly as imported or downloaded
    current                         one line: the id of the current snapshot
    staging/                        work area; never read as a snapshot

Why this shape: screening must never run against a half-written or unvalidated list. A new snapshot is
assembled in ``staging``, every file is parsed in full (strictly: a truncated last record is an error),
its manifest written, the folder renamed into ``snapshots`` and only then is ``current`` replaced with
``os.replace`` — atomic on POSIX and Windows. Any failure before that leaves the current snapshot as it
was. Old snapshots stay for audits and time travel. Freshness counts from when the data was fetched or
imported (a list nobody refreshed is stale whatever dates it contains); the data's own as-of date is
reported beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stackclear import settings
from stackclear.errors import ListDataError

if TYPE_CHECKING:  # parsers and the downloader are imported when a list is read or fetched
    from stackclear.screening.fetch import Fetcher, Progress, SourcesConfig
    from stackclear.screening.sources import LoadedList

ENV_HOME = "STACKCLEAR_HOME"
ENV_MAX_AGE = "STACKCLEAR_MAX_LIST_AGE_DAYS"
DEFAULT_MAX_AGE_DAYS = 7
NO_LIST_REASON = "no restricted-party list imported; run `stackclear lists update` or `lists import`"
MANIFEST = "manifest.json"
LOCK_FILE = ".lock"
LOCK_TIMEOUT_SECONDS = 900.0  # an update downloads while it holds the lock

log = logging.getLogger(__name__)


def default_home() -> Path:
    """$STACKCLEAR_HOME, else the platform's user data directory (see :mod:`stackclear.settings`)."""
    return settings.default_home()


def max_age_from_env() -> int:
    """$STACKCLEAR_MAX_LIST_AGE_DAYS as a whole number of days (default 7)."""
    raw = os.environ.get(ENV_MAX_AGE)
    if raw is None or not raw.strip():
        return DEFAULT_MAX_AGE_DAYS
    if not raw.strip().isdigit():
        raise ListDataError(ENV_MAX_AGE, f"expected a whole number of days, got {raw!r}")
    return int(raw.strip())


@dataclass(frozen=True, slots=True)
class SnapshotFile:
    """One list file (or OFAC folder) of a snapshot, as recorded in its manifest."""

    name: str
    format: str
    sha256: str
    rows: int
    counts: dict[str, int]
    as_of: dt.date | None
    source: str | None = None  # the sources.yaml entry it was downloaded from; None when imported
    url: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A validated set of list files with its manifest."""

    id: str
    path: Path
    imported_at: dt.datetime
    as_of: dt.date | None
    origin: str  # "import" | "update"
    files: tuple[SnapshotFile, ...]

    @property
    def counts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for file in self.files:
            total.update(file.counts)
        return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))

    def file_path(self, file: SnapshotFile) -> Path:
        return self.path / "files" / file.name

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "imported_at": self.imported_at.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "origin": self.origin,
            "counts": self.counts,
            "files": [
                {
                    "name": f.name,
                    "format": f.format,
                    "sha256": f.sha256,
                    "rows": f.rows,
                    "counts": f.counts,
                    "as_of": f.as_of.isoformat() if f.as_of else None,
                    "source": f.source,
                    "url": f.url,
                    "notes": list(f.notes),
                }
                for f in self.files
            ],
        }


class ListStore:
    """Versioned list snapshots under ``<root>/lists`` with an atomically switched ``current`` pointer."""

    def __init__(
        self,
        root: str | Path | None = None,
        *,
        max_age_days: int | None = None,
        sources: SourcesConfig | None = None,
    ) -> None:
        self.home = Path(root).expanduser() if root is not None else default_home()
        self.dir = self.home / "lists"
        self.max_age_days = max_age_from_env() if max_age_days is None else max_age_days
        self._sources = sources
        self.lock_timeout = LOCK_TIMEOUT_SECONDS

    # -- reading ---------------------------------------------------------------------------------------

    def snapshots(self) -> list[Snapshot]:
        """Every stored snapshot, oldest first."""
        folder = self.dir / "snapshots"
        if not folder.is_dir():
            return []
        found = [self._read(child) for child in folder.iterdir() if (child / MANIFEST).is_file()]
        return sorted(found, key=lambda s: (s.imported_at, s.id))

    def current(self) -> Snapshot | None:
        """The current snapshot, or None when nothing has been imported."""
        pointer = self.dir / "current"
        if not pointer.is_file():
            return None
        snap_id = pointer.read_text(encoding="utf-8").strip()
        folder = self.dir / "snapshots" / snap_id
        if not snap_id or not (folder / MANIFEST).is_file():
            raise ListDataError(str(pointer), f"points to snapshot {snap_id!r}, which does not exist")
        return self._read(folder)

    def snapshot(self, snap_id: str) -> Snapshot:
        """A stored snapshot by id (current or older)."""
        folder = self.dir / "snapshots" / snap_id
        if "/" in snap_id or snap_id in ("", ".", "..") or not (folder / MANIFEST).is_file():
            known = ", ".join(s.id for s in self.snapshots()) or "none"
            raise ListDataError(str(self.dir), f"no snapshot {snap_id!r}; stored: {known}")
        return self._read(folder)

    def snapshot_at(self, when: dt.datetime) -> Snapshot | None:
        """The snapshot that was the newest one stored at ``when`` (for re-running a past screening).

        A naive datetime is taken as UTC; None when nothing had been stored yet.
        """
        moment = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        earlier = [s for s in self.snapshots() if s.imported_at <= moment]
        return earlier[-1] if earlier else None

    def load_current(self) -> list[LoadedList]:
        """Parse the current snapshot's files (checking each file's sha256 against the manifest)."""
        snap = self.current()
        return [] if snap is None else self.load(snap)

    def load(self, snap: Snapshot) -> list[LoadedList]:
        from stackclear.screening.sources import load_list

        loaded = []
        for file in snap.files:
            result = load_list(snap.file_path(file), format=file.format)
            if result.sha256 != file.sha256:
                raise ListDataError(
                    str(snap.file_path(file)),
                    f"sha256 {result.sha256[:12]}… differs from the manifest's {file.sha256[:12]}…; "
                    "the stored file was modified — re-import or update the lists",
                )
            if result.as_of is None:
                result.as_of = file.as_of or snap.as_of
            loaded.append(result)
        return loaded

    def freshness(self, today: dt.date | None = None, snapshot: Snapshot | None = None) -> tuple[bool, str]:
        """Whether the current lists (or ``snapshot``, read once by the caller) may be used for screening, and
        why (fail closed)."""
        snap = snapshot if snapshot is not None else self.current()
        if snap is None:
            return False, NO_LIST_REASON
        day = today or dt.date.today()
        fetched = snap.imported_at.date()
        age = (day - fetched).days
        data = f"data as of {snap.as_of.isoformat()}" if snap.as_of else "data as-of date unknown"
        where = f"list snapshot {snap.id} {'downloaded' if snap.origin == 'update' else 'imported'} {fetched}"
        if age > self.max_age_days:
            return False, (
                f"{where} is {age} days old, over the {self.max_age_days}-day limit ({data}); "
                "run `stackclear lists update` or `lists import`"
            )
        return True, f"{where}, {age} day(s) old, within the {self.max_age_days}-day limit ({data})"

    def status(self, today: dt.date | None = None) -> dict[str, object]:
        snap = self.current()
        ok, reason = self.freshness(today)
        day = today or dt.date.today()
        return {
            "home": str(self.home),
            "current": snap.to_dict() if snap else None,
            "age_days": (day - snap.imported_at.date()).days if snap else None,
            "max_age_days": self.max_age_days,
            "fresh": ok,
            "reason": reason,
            "snapshots": [s.id for s in self.snapshots()],
        }

    # -- writing ---------------------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's file lock (``<home>/lists/.lock``): one import or update at a time, across
        processes, so a concurrent one never builds on a ``current`` that is about to change (a partial
        update carries the other lists of the current snapshot over)."""
        from filelock import FileLock, Timeout

        self.dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.dir / LOCK_FILE))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.info("another list import or update is running; waiting for it (lock %s)", lock.lock_file)
            try:
                lock.acquire(timeout=self.lock_timeout)
            except Timeout:
                raise ListDataError(str(self.dir), f"another list import or update has held the lock "
                                    f"{lock.lock_file} for over {self.lock_timeout:g} s; try again later") from None
        try:
            yield
        finally:
            lock.release()

    def import_paths(self, paths: Sequence[str | Path], as_of: dt.date | None = None) -> Snapshot:
        """Copy list files (or OFAC folders) into a new snapshot, validate it fully, make it current."""
        if not paths:
            raise ListDataError("lists import", "no list file given")
        with self.locked():
            return self._import(paths, as_of)

    def _import(self, paths: Sequence[str | Path], as_of: dt.date | None) -> Snapshot:
        staging = self._staging()
        try:
            names: set[str] = set()
            for raw in paths:
                source = Path(raw)
                if not source.exists():
                    raise ListDataError(str(source), "no such file or folder")
                name = source.name
                if name in names:
                    raise ListDataError(str(source), f"two inputs are named {name!r}; rename one")
                names.add(name)
                target = staging / "files" / name
                if source.is_dir():
                    shutil.copytree(source, target)
                else:
                    shutil.copyfile(source, target)
            shown = {Path(raw).name: str(raw) for raw in paths}
            files = self._validate(staging, [(n, None, None) for n in sorted(names)], shown)
            snapshot = self._commit(staging, files, as_of, origin="import")
            log.info("imported snapshot %s (%s)", snapshot.id, ", ".join(f.name for f in snapshot.files))
            return snapshot
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def update(
        self,
        sources: Iterable[str] | None = None,
        fetch: Fetcher | None = None,
        progress: Progress | None = None,
        today: dt.date | None = None,
    ) -> Snapshot:
        """Download the configured sources into a new snapshot, validate it, make it current.

        With ``sources`` named, the current snapshot's other files are carried over, so ``--source csl``
        refreshes the CSL and keeps the OFAC files; without, the new snapshot holds exactly the configured
        sources. Nothing changes unless every download and every parse succeeds. One import or update runs at
        a time (:meth:`locked`).
        """
        with self.locked():
            return self._update(sources, fetch, progress, today)

    def _update(
        self,
        sources: Iterable[str] | None,
        fetch: Fetcher | None,
        progress: Progress | None,
        today: dt.date | None,
    ) -> Snapshot:
        from stackclear.screening.fetch import HttpFetcher, load_sources

        config = self._sources or load_sources()
        chosen = list(sources) if sources else list(config.sources)
        unknown = [s for s in chosen if s not in config.sources]
        if unknown:
            raise ListDataError(
                config.path, f"unknown source(s) {', '.join(unknown)}; known: {', '.join(config.sources)}"
            )
        fetcher = fetch or HttpFetcher(config.settings)
        staging = self._staging()
        try:
            plan: list[tuple[str, str | None, str | None]] = []
            for name in chosen:
                spec = config.sources[name]
                folder = staging / "files" / name
                folder.mkdir(parents=True)
                for remote in spec.files:
                    fetcher(remote, folder / remote.name, progress)
                target = name
                if len(spec.files) == 1:  # a single file is kept under its own name, not in a folder
                    only = spec.files[0].name
                    target = only if not (staging / "files" / only).exists() else f"{name}-{only}"
                    (folder / only).rename(staging / "files" / target)
                    folder.rmdir()
                plan.append((target, name, " ".join(r.url for r in spec.files)))
            if sources:  # a partial update keeps the other lists of the current snapshot
                plan += self._carry_over(staging, set(chosen))
            shown = {name: f"{url} ({source})" for name, source, url in plan if url}
            files = self._validate(staging, plan, shown)
            fallback = today or dt.date.today()
            as_of = max((f.as_of for f in files if f.as_of), default=fallback)
            snapshot = self._commit(staging, files, as_of, origin="update")
            log.info("updated: snapshot %s (%s)", snapshot.id, ", ".join(f.name for f in snapshot.files))
            return snapshot
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # -- internals -------------------------------------------------------------------------------------

    def _staging(self) -> Path:
        staging = self.dir / "staging" / uuid.uuid4().hex
        (staging / "files").mkdir(parents=True)
        return staging

    def _carry_over(self, staging: Path, replaced: set[str]) -> list[tuple[str, str | None, str | None]]:
        snap = self.current()
        if snap is None:
            return []
        kept = []
        for file in snap.files:
            if file.source in replaced:
                continue
            source, target = snap.file_path(file), staging / "files" / file.name
            if target.exists():
                continue
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copyfile(source, target)
            kept.append((file.name, file.source, file.url))
        return kept

    def _validate(
        self, staging: Path, plan: list[tuple[str, str | None, str | None]], shown: Mapping[str, str]
    ) -> list[SnapshotFile]:
        """Parse every staged file strictly; any defect aborts the snapshot.

        Errors name the file as the user knows it (the imported path, or the URL it came from), not the
        staging copy; ``shown`` maps staged names to those.
        """
        from stackclear.screening.sources import load_list

        files = []
        for name, source, url in plan:
            staged = staging / "files" / name
            try:
                loaded = load_list(staged, strict=True)
            except ListDataError as exc:
                where = exc.file.replace(str(staged), shown.get(name, name), 1)
                raise ListDataError(where, exc.problem, line=exc.line, field=exc.field) from None
            files.append(
                SnapshotFile(
                    name=name,
                    format=loaded.format,
                    sha256=loaded.sha256,
                    rows=len(loaded.entries),
                    counts=loaded.counts,
                    as_of=loaded.as_of,
                    source=source,
                    url=url,
                    notes=tuple(e.replace(str(staging / "files") + os.sep, "") for e in loaded.errors),
                )
            )
        return files

    def _commit(self, staging: Path, files: list[SnapshotFile], as_of: dt.date | None, origin: str) -> Snapshot:
        imported_at = dt.datetime.now(dt.UTC)  # microseconds kept: they order same-second snapshots
        as_of = as_of or max((f.as_of for f in files if f.as_of), default=None)
        snap_id = f"{imported_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
        snapshot = Snapshot(snap_id, self.dir / "snapshots" / snap_id, imported_at, as_of, origin, tuple(files))
        (staging / MANIFEST).write_text(json.dumps(snapshot.to_dict(), indent=2) + "\n", encoding="utf-8")
        snapshot.path.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, snapshot.path)
        pointer_tmp = self.dir / f"current.{uuid.uuid4().hex}.tmp"
        pointer_tmp.write_text(snap_id + "\n", encoding="utf-8")
        os.replace(pointer_tmp, self.dir / "current")
        return snapshot

    def _read(self, folder: Path) -> Snapshot:
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return _snapshot(folder, data)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ListDataError(str(path), f"unreadable snapshot manifest: {exc}") from None


def _date(raw: object) -> dt.date | None:
    return dt.date.fromisoformat(str(raw)) if raw else None


def _snapshot(folder: Path, data: Mapping[str, object]) -> Snapshot:
    files = data["files"]
    if not isinstance(files, list):
        raise TypeError("'files' must be a list")
    return Snapshot(
        id=str(data["id"]),
        path=folder,
        imported_at=dt.datetime.fromisoformat(str(data["imported_at"])),
        as_of=_date(data.get("as_of")),
        origin=str(data.get("origin", "import")),
        files=tuple(
            SnapshotFile(
                name=str(f["name"]),
                format=str(f["format"]),
                sha256=str(f["sha256"]),
                rows=int(f["rows"]),
                counts={str(k): int(v) for k, v in f["counts"].items()},
                as_of=_date(f.get("as_of")),
                source=f.get("source"),
                url=f.get("url"),
                notes=tuple(f.get("notes") or ()),
            )
            for f in files
        ),
    )
