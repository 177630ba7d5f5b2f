"""The screening index is swapped atomically: a request sees the old index or the new one, never a mix; and
a worker notices a snapshot imported by another process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from stackclear.api.state import ScreenerHolder
from stackclear.screening.screen import PartyQuery
from stackclear.screening.store import ListStore

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lists" / "sample_consolidated.csv"
NEW_NAME = "Zanzibar Quantum Lithography Works"


def _new_list(folder: Path) -> Path:
    """The sample list plus one entry only the new snapshot has."""
    text = SAMPLE.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    row = ["" for _ in header]
    row[header.index("_id")] = "demo-new-001"
    row[header.index("source")] = "Entity List (EL) - Bureau of Industry and Security"
    row[header.index("name")] = NEW_NAME
    path = folder / "consolidated_new.csv"
    path.write_text(text.rstrip("\n") + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Poll until ``condition`` holds (on a loaded machine threads may be slow to get the GIL)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_requests_see_one_whole_index_during_a_swap(tmp_path: Path) -> None:
    store = ListStore(tmp_path)
    store.import_paths([SAMPLE])
    holder = ScreenerHolder(store)
    old = holder.screener()
    old_sha = old.lists[0]["sha256"]
    seen: list[tuple[str, str]] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            screener = holder.screener()  # what an endpoint does: take the index once per request
            result = screener.screen(PartyQuery("t", NEW_NAME))
            seen.append((result.lists[0]["sha256"], result.decision))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    _wait_for(lambda: len(seen) > 0)  # the old index has answered
    store.import_paths([_new_list(tmp_path)])
    holder.load()
    new_sha_now = holder.screener().lists[0]["sha256"]
    _wait_for(lambda: any(sha == new_sha_now for sha, _ in seen))  # and then the new one
    stop.set()
    for thread in threads:
        thread.join()
    new_sha = holder.screener().lists[0]["sha256"]
    assert new_sha != old_sha
    shas = {sha for sha, _ in seen}
    assert shas == {old_sha, new_sha}  # both indexes served, nothing else
    assert all(decision == "hit" for sha, decision in seen if sha == new_sha)
    assert all(decision != "hit" for sha, decision in seen if sha == old_sha)


def test_another_worker_picks_up_a_new_snapshot(tmp_path: Path) -> None:
    store = ListStore(tmp_path)
    store.import_paths([SAMPLE])
    worker_a, worker_b = ScreenerHolder(ListStore(tmp_path)), ScreenerHolder(ListStore(tmp_path), check_seconds=0)
    worker_a.load()
    before = worker_b.screener()
    ListStore(tmp_path).import_paths([_new_list(tmp_path)])  # e.g. `stackclear lists import` in another process
    deadline = time.monotonic() + 30
    while worker_b.screener() is before and time.monotonic() < deadline:
        time.sleep(0.05)  # the rebuild runs in the background; the old index keeps answering meanwhile
    assert worker_b.screener().screen(PartyQuery("t", NEW_NAME)).decision == "hit"


def test_a_slow_background_build_never_replaces_a_newer_index(tmp_path: Path) -> None:
    """A rebuild started in the background (a worker noticed a change) that ends after ``load()`` swapped in a
    newer snapshot must not put its older index back."""
    store = ListStore(tmp_path)
    store.import_paths([SAMPLE])
    holder = ScreenerHolder(store, check_seconds=0)
    holder.load()
    release = threading.Event()
    started = threading.Event()
    real_build = holder._build
    stale_key = holder._state()

    def slow_build(key: tuple[str | None, bool, str]) -> object:
        if key == stale_key:
            started.set()
            release.wait(60)
        return real_build(key)

    holder._build = slow_build  # type: ignore[method-assign,assignment]
    holder._rebuild_in_background(stale_key)  # e.g. from a check that read the pointer before the import
    assert started.wait(60)
    store.import_paths([_new_list(tmp_path)])
    newer = holder.load()  # the importing request swaps the new index in at once
    release.set()
    _wait_for(lambda: holder._building is None)
    assert holder.screener() is newer
    assert holder.screener().screen(PartyQuery("t", NEW_NAME)).decision == "hit"


def test_freshness_judges_the_snapshot_it_is_given(tmp_path: Path) -> None:
    store = ListStore(tmp_path)
    first = store.import_paths([SAMPLE])
    store.import_paths([_new_list(tmp_path)])
    fresh, reason = store.freshness(snapshot=first)
    assert fresh and first.id in reason
    assert store.current() is not None and store.current().id not in reason  # type: ignore[union-attr]
