"""The screener file shipped to Spark: loads in another process with the same answers; a loaded one re-ships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stackclear.batch.index_file import IndexFileError, load_screener, save_screener
from stackclear.errors import StackclearError
from stackclear.screening.screen import PartyQuery, Screener

QUERIES = ["Huawei Technologies Co., Ltd.", "Huawei", "SMIC", "Banco Nacional de Cuba", "Kim Jong Un", "Acme Widgets",
           "Semiconductor Manufacturing International", "Hikvision", "Mahan Air", "Avic Aircraft"]


def answers(screener: Screener) -> list[dict[str, object]]:
    return [screener.screen(PartyQuery(str(i), q)).to_dict() for i, q in enumerate(QUERIES)]


def test_round_trip_in_another_process(tmp_path: Path, sample_screener: Screener) -> None:
    """Loaded in a new process (other object ids, another hash seed): the same results, explanations included."""
    path = tmp_path / "screener.bin"
    sha = save_screener(sample_screener, path)
    assert len(sha) == 64
    script = (
        "import json, sys\n"
        "from stackclear.batch.index_file import load_screener\n"
        "from stackclear.screening.screen import PartyQuery\n"
        f"queries = {QUERIES!r}\n"
        "s = load_screener(sys.argv[1])\n"
        "print(json.dumps([s.screen(PartyQuery(str(i), q)).to_dict() for i, q in enumerate(queries)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True,
                          env={"PYTHONHASHSEED": "1234", "PATH": "/usr/bin:/bin"})
    assert json.loads(done.stdout) == json.loads(json.dumps(answers(sample_screener)))


def test_a_loaded_screener_ships_as_the_bytes_it_was_loaded_from(tmp_path: Path, sample_screener: Screener) -> None:
    first = tmp_path / "first.bin"
    sha = save_screener(sample_screener, first)
    loaded = load_screener(first)
    assert loaded.index is not None and loaded.index.packed
    again = tmp_path / "again.bin"
    assert save_screener(loaded, again) == sha and again.read_bytes() == first.read_bytes()
    assert answers(load_screener(again)) == answers(sample_screener)


def test_damaged_or_missing_files_are_refused(tmp_path: Path, sample_screener: Screener) -> None:
    path = tmp_path / "screener.bin"
    save_screener(sample_screener, path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IndexFileError, match="truncated or damaged"):
        load_screener(path)
    with pytest.raises(IndexFileError, match="cannot read"):
        load_screener(tmp_path / "missing.bin")


def test_a_screener_without_lists_is_not_saved(tmp_path: Path) -> None:
    with pytest.raises(StackclearError, match="no index"):
        save_screener(Screener.unavailable("lists are stale"), tmp_path / "x.bin")


def test_stored_image_is_the_file_a_screener_was_loaded_from(tmp_path: Path, sample_screener: Screener) -> None:
    from stackclear.screening import index_cache

    path = tmp_path / "screener.bin"
    save_screener(sample_screener, path)
    for mapped in (False, True):
        loaded = index_cache.load_screener(path, mapped=mapped)
        assert bytes(index_cache.stored_image(loaded)) == path.read_bytes()
        assert answers(loaded) == answers(sample_screener)
    with pytest.raises(IndexFileError, match="not loaded from an index file"):
        index_cache.stored_image(sample_screener)


def test_the_batch_builds_the_index_of_list_files_once_and_caches_it(tmp_path: Path, sample_list: Path,
                                                                     sample_screener: Screener) -> None:
    """Built in a helper process, then mapped; a second batch over the same files reads the cached file."""
    from stackclear.batch import screener_for

    home = tmp_path / "home"
    first = screener_for([sample_list], home, threshold=0.9)
    cached = list((home / "cache" / "batch").glob("index-*.bin"))
    assert len(cached) == 1 and first.index is not None and first.index.packed
    assert first.threshold == 0.9 and first.lists == sample_screener.lists
    assert answers(first) == answers(Screener(sample_screener.index, sample_screener.matcher, sample_screener.lists,
                                              0.9))
    stamp = cached[0].stat().st_mtime_ns
    copy = tmp_path / "elsewhere.csv"  # the same content under another name: the same index, the path as given
    copy.write_bytes(sample_list.read_bytes())
    again = screener_for([copy], home)
    assert cached[0].stat().st_mtime_ns >= stamp and list((home / "cache" / "batch").glob("*.bin")) == cached
    assert again.lists[0]["path"] == str(copy) and again.lists[0]["sha256"] == first.lists[0]["sha256"]
    assert [{**a, "lists": None} for a in answers(again)] == [{**a, "lists": None} for a in answers(sample_screener)]
    with pytest.raises(StackclearError, match="no such file"):
        screener_for([tmp_path / "missing.csv"], home)


def test_a_mapped_screener_is_placed_as_a_link_to_its_file(tmp_path: Path, sample_screener: Screener) -> None:
    """The batch's (and local Spark's) index file is the cached file itself, hard-linked: no copy, one set of
    pages; a file replaced since it was mapped, or a built index, is written out instead."""
    import os

    from stackclear.batch.index_file import place_index, release_pages
    from stackclear.screening import index_cache

    cached = tmp_path / "cache.bin"
    save_screener(sample_screener, cached)
    mapped = index_cache.load_screener(cached, mapped=True)
    assert index_cache.source_file(mapped) == cached.absolute()
    assert index_cache.source_file(index_cache.load_screener(cached)) is None  # read, not mapped
    assert index_cache.source_file(sample_screener) is None  # built
    place_index(mapped, tmp_path / "run.index")
    assert os.stat(tmp_path / "run.index").st_ino == os.stat(cached).st_ino
    release_pages(mapped)  # the pages come back when read: same answers
    assert answers(mapped) == answers(sample_screener)
    # the cached file replaced by another build (a different header): the mapped bytes are written, not linked
    other = Screener(sample_screener.index, sample_screener.matcher, sample_screener.lists, 0.5)
    save_screener(other, cached)
    assert index_cache.source_file(mapped) is None
    place_index(mapped, tmp_path / "again.index")
    assert os.stat(tmp_path / "again.index").st_ino != os.stat(cached).st_ino
    assert (tmp_path / "again.index").read_bytes() == bytes(index_cache.stored_image(mapped))
    place_index(sample_screener, tmp_path / "built.index")
    assert answers(load_screener(tmp_path / "built.index")) == answers(sample_screener)
