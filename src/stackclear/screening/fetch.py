"""Downloading list files: the source configuration and an HTTP fetcher with timeouts, retries, checksums.

Kept apart from the store so tests (and air-gapped sites) can inject another fetcher; the default one
uses httpx, streams to disk, retries network errors, HTTP 429 and 5xx with exponential backoff, and relies
on httpx/h11 refusing a body shorter than its Content-Length (a cut connection is an error, not a short
file). The store still parses every file in full before a snapshot can become current.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Protocol

import yaml

from stackclear import yaml12
from stackclear.errors import ListDataError

ENV_SOURCES = "STACKCLEAR_LIST_SOURCES"
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
Progress = Callable[[str, int, int | None], None]  # (file name, bytes so far, total bytes or None)


@dataclass(frozen=True, slots=True)
class RemoteFile:
    name: str
    url: str
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class SourceSpec:
    name: str
    description: str
    files: tuple[RemoteFile, ...]


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout_seconds: float = 60.0
    retries: int = 3
    backoff_seconds: float = 2.0
    user_agent: str = "stackclear list updater"


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    path: str
    settings: FetchSettings
    sources: dict[str, SourceSpec] = field(default_factory=dict)


def load_sources(path: str | Path | None = None) -> SourcesConfig:
    """The download configuration: ``path``, else $STACKCLEAR_LIST_SOURCES, else the packaged sources.yaml."""
    chosen = path or os.environ.get(ENV_SOURCES)
    if chosen:
        where = str(chosen)
        try:
            text = Path(chosen).read_text(encoding="utf-8")
        except OSError as exc:
            raise ListDataError(where, f"cannot read list sources file: {exc.strerror}") from None
    else:
        where = "stackclear/screening/data/sources.yaml"
        text = resources.files("stackclear.screening").joinpath("data/sources.yaml").read_text(encoding="utf-8")
    try:
        data = yaml12.load(text)
    except yaml.YAMLError as exc:
        raise ListDataError(where, f"invalid YAML: {exc}") from None
    return _config(where, data)


def _config(where: str, data: object) -> SourcesConfig:
    if not isinstance(data, Mapping) or not isinstance(data.get("sources"), Mapping) or not data["sources"]:
        raise ListDataError(where, "expected a mapping with a non-empty 'sources' mapping", field="sources")
    raw_settings = data.get("settings") or {}
    if not isinstance(raw_settings, Mapping):
        raise ListDataError(where, "expected a mapping", field="settings")
    try:
        settings = FetchSettings(
            timeout_seconds=float(raw_settings.get("timeout_seconds", 60.0)),
            retries=int(raw_settings.get("retries", 3)),
            backoff_seconds=float(raw_settings.get("backoff_seconds", 2.0)),
            user_agent=str(raw_settings.get("user_agent", "stackclear list updater")),
        )
    except (TypeError, ValueError) as exc:
        raise ListDataError(where, f"bad setting value: {exc}", field="settings") from None
    sources: dict[str, SourceSpec] = {}
    for name, spec in data["sources"].items():
        key = f"sources.{name}"
        if not isinstance(spec, Mapping) or not isinstance(spec.get("files"), list) or not spec["files"]:
            raise ListDataError(where, "expected a mapping with a non-empty 'files' list", field=key)
        files = []
        for i, item in enumerate(spec["files"]):
            if not isinstance(item, Mapping) or not item.get("url") or not item.get("name"):
                raise ListDataError(where, "each file needs 'name' and 'url'", field=f"{key}.files[{i}]")
            digest = item.get("sha256")
            if digest is not None and not (isinstance(digest, str) and _HEX64.fullmatch(digest)):
                raise ListDataError(
                    where, f"expected 64 hex digits in quotes, got {digest!r}", field=f"{key}.files[{i}].sha256"
                )
            files.append(RemoteFile(str(item["name"]), str(item["url"]), digest.lower() if digest else None))
        sources[str(name)] = SourceSpec(str(name), str(spec.get("description", "")), tuple(files))
    return SourcesConfig(where, settings, sources)


class Fetcher(Protocol):
    """Download ``remote.url`` to ``dest``; raise ListDataError on failure (no partial file is used)."""

    def __call__(self, remote: RemoteFile, dest: Path, progress: Progress | None = None) -> None: ...


class HttpFetcher:
    """httpx download with timeouts, retries with exponential backoff, and an optional sha256 check."""

    def __init__(self, settings: FetchSettings | None = None, *, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings or FetchSettings()
        self._sleep = sleep

    def __call__(self, remote: RemoteFile, dest: Path, progress: Progress | None = None) -> None:
        import httpx  # imported when a download starts: screening from stored lists never needs it

        attempts = self.settings.retries + 1
        last = ""
        for attempt in range(1, attempts + 1):
            try:
                self._once(remote, dest, progress)
                break
            except _Retryable as exc:
                last = str(exc)
            except httpx.TransportError as exc:  # connect/read timeouts, cut connections, bad framing
                last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            dest.unlink(missing_ok=True)
            if attempt < attempts:
                self._sleep(self.settings.backoff_seconds * 2 ** (attempt - 1))
        else:
            raise ListDataError(remote.url, f"download failed after {attempts} attempt(s): {last}")
        if remote.sha256:
            actual = _sha256(dest)
            if actual != remote.sha256:
                dest.unlink(missing_ok=True)
                raise ListDataError(remote.url, f"checksum mismatch: sha256 {actual}, expected {remote.sha256}")

    def _once(self, remote: RemoteFile, dest: Path, progress: Progress | None) -> None:
        import httpx

        timeout = httpx.Timeout(self.settings.timeout_seconds)
        headers = {"User-Agent": self.settings.user_agent}
        with httpx.stream("GET", remote.url, timeout=timeout, headers=headers, follow_redirects=True) as response:
            if response.status_code == 429 or response.status_code >= 500:
                raise _Retryable(f"HTTP {response.status_code}")
            if response.status_code != 200:
                raise ListDataError(remote.url, f"download refused: HTTP {response.status_code}")
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            with dest.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    handle.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(remote.name, done, total)
            received = response.num_bytes_downloaded  # raw bytes, before any Content-Encoding is undone
            if total is not None and received != total:
                raise _Retryable(f"received {received} of {total} bytes")


class _Retryable(Exception):
    """A failure worth another attempt (server busy or broken, body cut short)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
