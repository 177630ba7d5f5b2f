"""The list store: atomic, validated snapshots; downloads from a real local HTTP server; staleness."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import shared_file
from stackclear.errors import ListDataError
from stackclear.screening.fetch import FetchSettings, HttpFetcher, load_sources
from stackclear.screening.store import NO_LIST_REASON, ListStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


class _Handler(BaseHTTPRequestHandler):
    """Serves ``/<mode>/<name>`` from ``files``; modes simulate the failures a download can meet."""

    files: dict[str, Path] = {}
    hits: Counter[str] = Counter()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        _, mode, name = self.path.split("/", 2)
        self.hits[self.path] += 1
        path = self.files.get(name)
        if path is None:
            self.send_error(404)
            return
        body = path.read_bytes()
        if mode == "500" or (mode == "flaky" and self.hits[self.path] <= 2):
            self.send_error(500)
            return
        self.send_response(200)
        if mode == "truncated":  # promise the whole body, send half, hang up
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        if mode == "cut":  # no length given: the client cannot tell the body was cut
            body = body[: len(body) // 2 + 7]
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.files = {
        "consolidated.csv": shared_file("lists", "csl_2022-05_full.csv"),
        "sdn.csv": shared_file("lists", "ofac_2021-07", "sdn.csv"),
        "alt.csv": shared_file("lists", "ofac_2021-07", "alt.csv"),
        "add.csv": shared_file("lists", "ofac_2021-07", "add.csv"),
        "partial.csv": shared_file("lists", "csl_2023-11_partial.csv"),
    }
    _Handler.hits = Counter()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _config(tmp_path: Path, base: str, csl: str = "ok/consolidated.csv", csl_sha: str | None = None) -> Path:
    path = tmp_path / "sources.yaml"
    sha = f'\n        sha256: "{csl_sha}"' if csl_sha else ""
    path.write_text(
        f"""settings: {{timeout_seconds: 5, retries: 2, backoff_seconds: 0}}
sources:
  csl:
    files:
      - name: consolidated.csv
        url: {base}/{csl}{sha}
  ofac-sdn:
    files:
      - {{name: sdn.csv, url: {base}/ok/sdn.csv}}
      - {{name: alt.csv, url: {base}/ok/alt.csv}}
      - {{name: add.csv, url: {base}/ok/add.csv}}
"""
    )
    return path


def _store(tmp_path: Path, config: Path | None = None) -> ListStore:
    sources = load_sources(config) if config else None
    return ListStore(tmp_path / "home", max_age_days=7, sources=sources)


def _no_sleep_fetcher(config: Path) -> HttpFetcher:
    return HttpFetcher(load_sources(config).settings, sleep=lambda _: None)


def test_empty_store_is_not_fresh(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.current() is None and store.snapshots() == [] and store.load_current() == []
    assert store.freshness() == (False, NO_LIST_REASON)
    assert store.status()["fresh"] is False


def test_import_validates_and_switches_current(tmp_path: Path) -> None:
    store = _store(tmp_path)
    snap = store.import_paths([FIXTURES / "csl_sample.json", FIXTURES / "sdn_sample.xml"])
    assert store.current() == snap
    manifest = json.loads((snap.path / "manifest.json").read_text())
    assert [f["name"] for f in manifest["files"]] == ["csl_sample.json", "sdn_sample.xml"]
    assert manifest["counts"] == {"SDN": 6, "EL": 1} and manifest["as_of"] == "2024-12-05"
    assert manifest["files"][1]["sha256"] == snap.files[1].sha256 and len(snap.files[1].sha256) == 64
    loaded = store.load_current()
    assert [x.format for x in loaded] == ["csl-json", "ofac-xml"]
    assert sum(len(x.entries) for x in loaded) == 7
    ok, reason = store.freshness()
    assert ok and snap.id in reason and "2024-12-05" in reason


def test_corrupt_import_never_replaces_current(tmp_path: Path) -> None:
    store = _store(tmp_path)
    good = store.import_paths([FIXTURES / "sdn_sample.xml"])
    for bad in ("csl_bad_columns.csv", "sdn_bad.xml", "csl_truncated.csv"):
        with pytest.raises(ListDataError):
            store.import_paths([FIXTURES / "csl_sample.json", FIXTURES / bad])
    assert store.current() == good
    assert [s.id for s in store.snapshots()] == [good.id]
    assert list((store.dir / "staging").iterdir()) == []


def test_older_snapshots_stay_available(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = store.import_paths([FIXTURES / "sdn_sample.xml"], as_of=dt.date(2024, 7, 1))
    second = store.import_paths([FIXTURES / "csl_sample.json"])
    assert [s.id for s in store.snapshots()] == [first.id, second.id]
    assert store.current() == second and first.as_of == dt.date(2024, 7, 1)
    assert [x.format for x in store.load(store.snapshots()[0])] == ["ofac-xml"]
    assert store.snapshot(first.id) == first
    assert store.snapshot_at(first.imported_at) == first and store.snapshot_at(second.imported_at) == second
    assert store.snapshot_at(first.imported_at - dt.timedelta(seconds=1)) is None
    with pytest.raises(ListDataError, match="no snapshot '../x'"):
        store.snapshot("../x")


def test_staleness_counts_from_import_and_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    snap = store.import_paths([FIXTURES / "sdn_sample.xml"])
    day = snap.imported_at.date()
    assert store.freshness(day + dt.timedelta(days=7))[0] is True
    ok, reason = store.freshness(day + dt.timedelta(days=8))
    assert not ok and "8 days old, over the 7-day limit" in reason and "2024-07-02" in reason
    monkeypatch.setenv("STACKCLEAR_MAX_LIST_AGE_DAYS", "30")
    relaxed = ListStore(store.home)
    assert relaxed.freshness(day + dt.timedelta(days=8))[0] is True
    monkeypatch.setenv("STACKCLEAR_MAX_LIST_AGE_DAYS", "a week")
    with pytest.raises(ListDataError, match="whole number of days"):
        ListStore(store.home)


def test_tampered_stored_file_is_detected(tmp_path: Path) -> None:
    store = _store(tmp_path)
    snap = store.import_paths([FIXTURES / "sdn_sample.xml"])
    stored = snap.file_path(snap.files[0])
    stored.write_text(stored.read_text().replace("AEROCARIBBEAN", "AEROCARIBBEEN"))
    with pytest.raises(ListDataError, match="differs from the manifest"):
        store.load_current()


def test_update_from_local_http_server(tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(tmp_path, server)
    monkeypatch.setenv("STACKCLEAR_LIST_SOURCES", str(config))  # the env override is what update() reads
    store = ListStore(tmp_path / "home", max_age_days=7)
    seen: list[tuple[str, int, int | None]] = []
    snap = store.update(progress=lambda name, done, total: seen.append((name, done, total)))
    assert store.current() == snap and snap.origin == "update"
    by_name = {f.name: f for f in snap.files}
    assert set(by_name) == {"consolidated.csv", "ofac-sdn"}
    csl = by_name["consolidated.csv"]
    assert csl.sha256 == "80e780b91b7b50e193c0077b17d75ec6f6dbd8223ae0bd54b343d297db5e767f"
    assert csl.rows == 14160 and csl.counts["EL"] == 2001 and csl.source == "csl"
    assert by_name["ofac-sdn"].rows == 8976 and by_name["ofac-sdn"].format == "ofac-csv"
    assert snap.as_of == dt.date(2022, 4, 21)
    assert seen and seen[-1][1] == seen[-1][2]  # progress reached the announced total
    assert sum(len(x.entries) for x in store.load_current()) == 14160 + 8976


@pytest.mark.parametrize(
    ("csl", "sha", "words"),
    [
        ("500/consolidated.csv", None, "after 3 attempt(s): HTTP 500"),
        ("truncated/consolidated.csv", None, "after 3 attempt(s)"),
        ("ok/consolidated.csv", "0" * 64, "checksum mismatch"),
        ("cut/consolidated.csv", None, "truncated download"),
        ("ok/partial.csv", None, "truncated download"),  # the real partial CSL ends mid-record
        ("ok/missing.csv", None, "HTTP 404"),
    ],
)
def test_failed_downloads_leave_current_unchanged(
    tmp_path: Path, server: str, csl: str, sha: str | None, words: str
) -> None:
    store = _store(tmp_path)
    good = store.import_paths([FIXTURES / "sdn_sample.xml"])
    config = _config(tmp_path, server, csl=csl, csl_sha=sha)
    store = _store(tmp_path, config)
    with pytest.raises(ListDataError) as info:
        store.update(fetch=_no_sleep_fetcher(config))
    assert words in str(info.value)
    assert store.current() == good and [s.id for s in store.snapshots()] == [good.id]
    assert list((store.dir / "staging").iterdir()) == []


def test_transient_server_errors_are_retried(tmp_path: Path, server: str) -> None:
    config = _config(tmp_path, server, csl="flaky/consolidated.csv")
    waits: list[float] = []
    fetcher = HttpFetcher(FetchSettings(timeout_seconds=5, retries=3, backoff_seconds=0.5), sleep=waits.append)
    snap = _store(tmp_path, config).update(sources=["csl"], fetch=fetcher)
    assert _Handler.hits["/flaky/consolidated.csv"] == 3 and waits == [0.5, 1.0]
    assert snap.counts["SDN"] == 10026


def test_partial_update_keeps_the_other_lists(tmp_path: Path, server: str) -> None:
    config = _config(tmp_path, server)
    store = _store(tmp_path, config)
    first = store.update(sources=["ofac-sdn"], fetch=_no_sleep_fetcher(config))
    assert [f.name for f in first.files] == ["ofac-sdn"]
    second = store.update(sources=["csl"], fetch=_no_sleep_fetcher(config))
    assert sorted(f.name for f in second.files) == ["consolidated.csv", "ofac-sdn"]
    with pytest.raises(ListDataError, match="unknown source"):
        store.update(sources=["nope"])


def test_sources_config_errors_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("sources:\n  csl:\n    files:\n      - {name: a.csv, url: http://x/a.csv, sha256: 0}\n")
    with pytest.raises(ListDataError, match=r"field 'sources.csl.files\[0\].sha256'"):
        load_sources(path)
    path.write_text("sources: {}\n")
    with pytest.raises(ListDataError, match="non-empty 'sources'"):
        load_sources(path)


def test_packaged_sources_config_names_official_urls() -> None:
    config = load_sources()
    urls = [f.url for s in config.sources.values() for f in s.files]
    assert any(u.endswith("consolidated.csv") and "trade.gov" in u for u in urls)
    assert {Path(u).name.lower() for u in urls} >= {"sdn.csv", "alt.csv", "add.csv"}
