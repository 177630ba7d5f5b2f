"""A batch killed with SIGKILL mid-way leaves nothing at OUTPUT; --resume then gives the uninterrupted bytes."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stackclear.cli import app

runner = CliRunner()
NAMES = [
    "Huawei Technologies Co., Ltd.",
    "Acme Widgets",
    "Banco Nacional de Cuba",
    "Maria Lopez",
    "Sophgo Technologies",
    "Hangzhou Hikvision",
    "Northwind Traders",
    "Sun Yat-sen University",
]


def make_input(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name"])
        for i in range(rows):
            writer.writerow([f"r{i}", "" if i % 997 == 5 else f"{NAMES[i % len(NAMES)]} {i % 13 or ''}".strip()])
    return path


def command(source: Path, out: Path, sample_list: Path, *extra: str) -> list[str]:
    return [
        "batch",
        "screen",
        str(source),
        "--out",
        str(out),
        "--list",
        str(sample_list),
        "--quiet",
        "--chunk-rows",
        "20",
        *extra,
    ]


def start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from stackclear.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_midway(process: subprocess.Popen[bytes], checkpoint: Path, after_chunk: int) -> int:
    """SIGKILL the batch (and its workers) once the checkpoint says ``after_chunk`` chunks are done."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            done = json.loads(checkpoint.read_text(encoding="utf-8"))["chunk"]
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= after_chunk:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            # the batch may have checkpointed more chunks between the read above and the kill:
            # the checkpoint as the dead process left it is the truth (it is replaced atomically)
            return int(json.loads(checkpoint.read_text(encoding="utf-8"))["chunk"])
        time.sleep(0.005)
    raise AssertionError(f"the batch ended (rc {process.poll()}) before it could be killed mid-way")


@pytest.mark.parametrize(("suffix", "workers"), [(".csv", "2"), (".parquet", "1")])
def test_killed_then_resumed_gives_the_uninterrupted_bytes(
    tmp_path: Path, sample_list: Path, suffix: str, workers: str
) -> None:
    source = make_input(tmp_path / "parties.csv", 12_000)
    reference = tmp_path / f"reference{suffix}"
    result = runner.invoke(app, command(source, reference, sample_list, "--workers", workers))
    assert result.exit_code == 1, result.output  # the empty names are rejected

    out = tmp_path / f"out{suffix}"
    checkpoint = out.with_name(out.name + ".checkpoint.json")
    process = start(command(source, out, sample_list, "--workers", workers))
    killed_at = kill_midway(process, checkpoint, after_chunk=30)
    assert process.returncode == -signal.SIGKILL
    assert killed_at < 600  # mid-way: 12,000 rows are 600 chunks
    # a killed run leaves nothing at OUTPUT (nor its rejects file): only the partial files and the checkpoint
    assert not out.exists() and not out.with_name(out.name + ".rejects.jsonl").exists()
    assert out.with_name(out.name + ".partial").exists() and checkpoint.exists()
    # bytes written after the last checkpoint (a chunk cut short by the kill) are dropped on resume
    with out.with_name(out.name + ".partial").open("ab") as partial:
        partial.write(b"half a chunk, never checkpointed\n")

    resumed = start(command(source, out, sample_list, "--workers", workers, "--resume", "--json"))
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 1, stderr.decode()
    summary = json.loads(stdout.decode().strip().splitlines()[-1])
    assert summary["resumed_at_row"] == killed_at * 20 > 0
    assert summary["rows"] == 12_000 and summary["rejected"] == 13
    assert out.read_bytes() == reference.read_bytes()
    rejects = out.with_name(out.name + ".rejects.jsonl").read_bytes()
    assert rejects == reference.with_name(reference.name + ".rejects.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out")) == [
        out.name,
        out.name + ".rejects.jsonl",
    ]


def test_resume_refuses_a_changed_input(tmp_path: Path, sample_list: Path) -> None:
    source = make_input(tmp_path / "parties.csv", 12_000)
    out = tmp_path / "out.jsonl"
    process = start(command(source, out, sample_list, "--workers", "1"))
    kill_midway(process, out.with_name(out.name + ".checkpoint.json"), after_chunk=5)
    with source.open("a", encoding="utf-8") as handle:
        handle.write("late,Added Later Ltd\n")
    result = runner.invoke(app, command(source, out, sample_list, "--resume"))
    assert result.exit_code == 2
    assert "input changed" in result.output and not out.exists()
    # other options than the interrupted run's are refused too
    make_input(source, 12_000)
    out.with_name(out.name + ".checkpoint.json").unlink()  # the next run starts over; wait for its own
    process = start(command(source, out, sample_list, "--workers", "1"))
    kill_midway(process, out.with_name(out.name + ".checkpoint.json"), after_chunk=5)
    result = runner.invoke(app, [*command(source, out, sample_list, "--resume"), "--threshold", "0.5"])
    assert result.exit_code == 2 and "threshold" in result.output
    # without --resume the run starts over, and completes
    result = runner.invoke(app, command(source, out, sample_list))
    assert result.exit_code == 1 and "starting over" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12_000 - 13


def test_resume_without_a_checkpoint_runs_from_the_start(tmp_path: Path, sample_list: Path) -> None:
    source = make_input(tmp_path / "parties.csv", 50)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, command(source, out, sample_list, "--resume"))
    assert result.exit_code == 1 and "nothing to resume" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 50 - 1
