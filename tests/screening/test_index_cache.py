"""The disk cache of a stored snapshot's index: identical answers, rebuilt on any change or damage."""

from __future__ import annotations

import csv
import logging
from dataclasses import asdict
from pathlib import Path

import pytest

from conftest import shared_file
from stackclear.screening import index_cache
from stackclear.screening.index_cache import (
    IndexCacheError,
    cache_path,
    cached_screener,
    load_screener,
    matcher_fingerprint,
    save_screener,
)
from stackclear.screening.screen import PartyQuery, Screener, describe_list
from stackclear.screening.sources import load_list
from stackclear.screening.store import ListStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
SAMPLE = FIXTURES.parent.parent / "cli_determine" / "fixtures" / "tiny_csl.csv"
QUERIES = [
    PartyQuery("1", "Huawei Technologies Co., Ltd.", country="CN"),
    PartyQuery("2", "Mohamed Hasan", schema="Person"),
    PartyQuery("3", "Rosneft Trading"),
    PartyQuery("4", "Nobody Particular Gardening"),
    PartyQuery("5", "Islamic Revolutionary Guard Corps"),
    PartyQuery("6", "华为技术有限公司"),
]


def _results(screener: Screener, queries: list[PartyQuery]) -> list[dict[str, object]]:
    return [screener.screen(q).to_dict() for q in queries]


def _store(tmp_path: Path, *paths: Path) -> ListStore:
    store = ListStore(tmp_path / "home")
    store.import_paths(list(paths))
    return store


def test_saved_and_loaded_screener_answers_identically(tmp_path: Path) -> None:
    built = Screener.from_lists([load_list(SAMPLE)])
    path = save_screener(built, tmp_path / "x.bin")
    loaded = load_screener(path)
    assert loaded.index is not None and loaded.index.packed
    assert len(loaded.index) == len(built.index or [])
    assert [asdict(e) for e in loaded.index.entries] == [asdict(e) for e in built.index.entries]  # type: ignore[union-attr]
    queries = QUERIES + [PartyQuery(str(i), e.name) for i, e in enumerate(built.index.entries)]  # type: ignore[union-attr]
    assert _results(loaded, queries) == _results(built, queries)


def test_cached_screener_builds_once_then_reads(tmp_path: Path) -> None:
    store = _store(tmp_path, SAMPLE)
    snap = store.current()
    assert snap is not None
    first = cached_screener(store)
    path = cache_path(store.home / "cache", snap, first.matcher.name)
    assert path.is_file() and first.index is not None and not first.index.packed
    second = cached_screener(store)
    assert second.index is not None and second.index.packed
    assert _results(second, QUERIES) == _results(first, QUERIES)
    # the provenance reported is the snapshot's, exactly as when its files are parsed
    assert second.lists == [describe_list(x) for x in store.load(snap)]


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "header", "empty"])
def test_damaged_cache_is_rebuilt(tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    store = _store(tmp_path, SAMPLE)
    expected = _results(cached_screener(store), QUERIES)
    snap = store.current()
    assert snap is not None
    path = cache_path(store.home / "cache", snap, "stackclear-v2")
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) * 2 // 3])
    elif damage == "corrupt":
        middle = len(raw) // 2
        path.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :])
    elif damage == "header":
        path.write_bytes(raw.replace(f'"format": {index_cache.FORMAT}'.encode(), b'"format": 7', 1))
    else:
        path.write_bytes(b"")
    with pytest.raises(IndexCacheError, match=str(path.name)):
        load_screener(path)
    with caplog.at_level(logging.WARNING, logger="stackclear.screening.index_cache"):
        again = cached_screener(store)
    assert "rebuilding" in caplog.text
    assert again.index is not None and not again.index.packed  # rebuilt, not read
    assert _results(again, QUERIES) == expected
    assert load_screener(path).index is not None  # and written back whole


def test_other_fingerprint_or_snapshot_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path, SAMPLE)
    cached_screener(store)
    assert cached_screener(store).index.packed  # type: ignore[union-attr]
    # a code change: another fingerprint
    monkeypatch.setitem(index_cache._fingerprints, "stackclear-v2", "0" * 64)
    rebuilt = cached_screener(store)
    assert rebuilt.index is not None and not rebuilt.index.packed
    assert cached_screener(store).index.packed  # type: ignore[union-attr]
    # new list content: another file
    store.import_paths([FIXTURES / "csl_sample.json"])
    other = cached_screener(store)
    assert other.index is not None and not other.index.packed
    assert {x["format"] for x in other.lists} == {"csl-json"}


def test_fingerprint_covers_the_matcher_sources() -> None:
    first = matcher_fingerprint("stackclear-v1")
    assert len(first) == 64 and first == matcher_fingerprint("stackclear-v1")
    index_cache._fingerprints.clear()
    assert matcher_fingerprint("other-name") != first
    patterns = index_cache.FINGERPRINT_SOURCES
    assert "screening/index.py" in patterns and "screening/matchers/*.py" in patterns


def test_threshold_and_matcher_are_the_callers(tmp_path: Path) -> None:
    store = _store(tmp_path, SAMPLE)
    cached_screener(store)
    screener = cached_screener(store, threshold=0.5)
    assert screener.threshold == 0.5


def test_real_lists_identical_through_the_cache(tmp_path: Path) -> None:
    """CSL 2022 + SDN 2024: a loaded index answers the evaluation names exactly like a freshly built one."""
    csl, sdn = shared_file("lists", "csl_2022-05_full.csv"), shared_file("lists", "ofac_sdn_2024-07.csv")
    store = _store(tmp_path, csl, sdn)
    built = cached_screener(store)
    loaded = cached_screener(store)
    assert built.index is not None and loaded.index is not None and loaded.index.packed
    with shared_file("eval", "name_pairs_public.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[::5]
    queries = [PartyQuery(f"{i}{side}", r[side], schema=r["schema"] or None)
               for i, r in enumerate(rows) for side in ("name1", "name2")]  # fmt: skip
    queries += [PartyQuery(f"e{i}", e.name, country=(e.countries or [None])[0])
                for i, e in enumerate(built.index.entries[::100])]  # fmt: skip
    queries += QUERIES
    assert len(queries) > 400
    assert _results(loaded, queries) == _results(built, queries)
    assert any(r["decision"] == "hit" for r in _results(loaded, queries))
