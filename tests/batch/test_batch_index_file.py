"""A saved screener loads with the same answers, and a damaged or foreign file is refused with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stackclear.batch.index_file import MAGIC, IndexFileError, load_screener, read_header, save_screener
from stackclear.screening.screen import PartyQuery, Screener

QUERIES = ["Huawei Technologies Co., Ltd.", "Huawei", "SMIC", "Banco Nacional de Cuba", "Kim Jong Un", "Acme Widgets",
           "Semiconductor Manufacturing International", "Hikvision", "Mahan Air", "Avic Aircraft"]


def answers(screener: Screener) -> list[dict[str, object]]:
    return [screener.screen(PartyQuery(str(i), q)).to_dict() for i, q in enumerate(QUERIES)]


def test_round_trip_in_another_process(tmp_path: Path, sample_screener: Screener) -> None:
    """Loaded in a new process (other object ids, another hash seed): the same results, explanations included."""
    path = tmp_path / "screener.bin"
    sha = save_screener(sample_screener, path)
    assert len(sha) == 64 and read_header(path)["matcher"] == sample_screener.matcher.name
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


def test_loaded_index_rebuilds_its_seed_helpers(tmp_path: Path, sample_screener: Screener) -> None:
    path = tmp_path / "screener.bin"
    save_screener(sample_screener, path)
    loaded = load_screener(path)
    assert loaded.index is not None and sample_screener.index is not None
    assert set(map(id, (p for p, _ in loaded.index.postings.values()))) >= set(loaded.index._seeds)
    assert len(loaded.index._seeds) == len(sample_screener.index._seeds)
    assert answers(loaded) == answers(sample_screener)


def test_damaged_files_are_refused(tmp_path: Path, sample_screener: Screener) -> None:
    path = tmp_path / "screener.bin"
    save_screener(sample_screener, path)
    data = path.read_bytes()
    path.write_bytes(data[:-100])
    with pytest.raises(IndexFileError, match="truncated or modified"):
        load_screener(path)
    path.write_bytes(b"not a screener")
    with pytest.raises(IndexFileError, match="not a stackclear screener file"):
        load_screener(path)
    header = json.loads(data[len(MAGIC):].split(b"\n", 1)[0])
    header["python"] = "2.7"
    path.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + data[len(MAGIC):].split(b"\n", 1)[1])
    with pytest.raises(IndexFileError, match="python"):
        load_screener(path)
    with pytest.raises(IndexFileError, match="cannot read"):
        load_screener(tmp_path / "missing.bin")


def test_unavailable_screener_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "screener.bin"
    save_screener(Screener.unavailable("lists are stale"), path)
    loaded = load_screener(path)
    result = loaded.screen(PartyQuery("1", "Huawei"))
    assert result.decision == "review" and result.reasons == ["lists are stale"]
    assert loaded.unavailable_reason == "lists are stale"
