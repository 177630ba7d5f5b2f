"""Screening on Spark for real, in local mode (local[2], one session for all tests; skipped only without Java)."""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stackclear.batch import BatchInputError
from stackclear.cli import app
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list
from stackclear.spark import screen_dataframe

runner = CliRunner()
NAMES = ["Huawei Technologies Co., Ltd.", "Acme Widgets", "Banco Nacional de Cuba", "Maria Lopez",
         "Sophgo Technologies", "Hangzhou Hikvision", "Northwind Traders", "Sun Yat-sen University"]


def hits_of(result: Any) -> list[dict[str, Any]]:
    return [{"entry_id": h.entry_id, "source": h.source, "name": h.name, "score": h.score} for h in result.hits]


def test_screen_dataframe_gives_the_screen_answers(spark: Any, sample_screener: Screener) -> None:
    rows = [(f"r{i}", f"{NAMES[i % len(NAMES)]} {i % 5 or ''}".strip(), "CN" if i % 3 == 0 else None)
            for i in range(300)]
    rows += [("bad1", "", None), ("bad2", "Acme", "ZZ")]
    df = spark.createDataFrame(rows, "id string, name string, country string").repartition(3)
    out = screen_dataframe(df, screener=sample_screener)
    assert out.columns == ["id", "name", "decision", "hits", "error"]
    got = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    assert len(got) == len(rows)
    for party_id, name, country in rows[:-2]:
        expected = sample_screener.screen(PartyQuery(party_id, name, country=country))
        assert got[party_id]["decision"] == expected.decision
        assert got[party_id]["hits"] == hits_of(expected)
        assert got[party_id]["error"] is None
    assert got["bad1"]["decision"] is None and "name" in got["bad1"]["error"]
    assert got["bad2"]["hits"] is None and "country" in got["bad2"]["error"]
    assert Counter(r["decision"] for r in got.values())["hit"] > 0


def test_the_index_is_loaded_once_per_python_worker(spark: Any, sample_list: Path) -> None:
    screener = Screener.from_lists([load_list(sample_list)], threshold=0.81)  # its own file (and sha256)
    log = Path(os.environ["STACKCLEAR_SPARK_LOAD_LOG"])
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "100")
    try:
        df = spark.createDataFrame([(str(i), NAMES[i % len(NAMES)]) for i in range(4_000)], "id string, name string")
        out = screen_dataframe(df.repartition(8), screener=screener)
        assert out.filter("decision = 'hit'").count() > 0
        assert out.count() == 4_000  # a second job over the same screener: no new load
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
    from stackclear.batch.index_file import save_screener

    sha = save_screener(screener, log.with_name("check.bin"))[:16]
    events = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    loads = Counter(pid for pid, event, digest in events if event == "load" and digest == sha)
    batches = sum(1 for _, event, digest in events if event == "batch" and digest == sha)
    assert loads and max(loads.values()) == 1  # never twice in one worker
    assert sum(loads.values()) <= 2 * 2  # at most a couple of workers per core, not one per task or batch
    assert batches >= 80 > sum(loads.values())


def test_python_workers_bound_their_caches_as_file_batch_workers_do(spark: Any, sample_list: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The file batch's worker cache limit reaches Spark's Python workers (taken on the driver): past it they
    empty their caches and load the index file again, with the same answers."""
    from stackclear.batch import runner as batch_runner

    screener = Screener.from_lists([load_list(sample_list)], threshold=0.82)  # its own file (and sha256)
    log = Path(os.environ["STACKCLEAR_SPARK_LOAD_LOG"])
    reloads = _events(log, "reload")
    monkeypatch.setattr(batch_runner, "WORKER_CACHE_LIMIT", 5)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "50")
    rows = [(f"c{i}", f"{NAMES[i % len(NAMES)]} {i}") for i in range(400)]
    try:
        out = screen_dataframe(spark.createDataFrame(rows, "id string, name string").repartition(2),
                               screener=screener)
        got = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
    for party_id, name in rows:
        expected = screener.screen(PartyQuery(party_id, name))
        assert (got[party_id]["decision"], got[party_id]["hits"]) == (expected.decision, hits_of(expected))
    assert _events(log, "reload") >= reloads + 4  # (no other test lowers the limit: these are this job's)


def _events(log: Path, wanted: str) -> int:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return sum(1 for line in lines if line.split()[1:2] == [wanted])


def test_missing_columns_are_named(spark: Any, sample_screener: Screener) -> None:
    df = spark.createDataFrame([("1", "Huawei")], "id string, company string")
    with pytest.raises(BatchInputError, match="no column 'name'.*company"):
        screen_dataframe(df, screener=sample_screener)


def test_fails_closed_without_lists(spark: Any) -> None:
    df = spark.createDataFrame([("1", "Huawei Technologies"), ("2", "Acme")], "id string, name string")
    rows = screen_dataframe(df).collect()  # STACKCLEAR_HOME is empty: no stored lists
    assert [r["decision"] for r in rows] == ["review", "review"] and all(r["hits"] == [] for r in rows)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_engine_spark_writes_the_local_engine_bytes(spark: Any, tmp_path: Path, sample_list: Path,
                                                    suffix: str) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "country"])
        for i in range(2_500):
            writer.writerow([f"r{i}", "" if i % 401 == 7 else f"{NAMES[i % len(NAMES)]} {i % 11 or ''}".strip(),
                             "XX" if i % 503 == 9 else ""])
    outputs = {}
    for engine in ("local", "spark"):
        out = tmp_path / f"{engine}{suffix}"
        result = runner.invoke(app, ["batch", "screen", str(source), "--out", str(out), "--list", str(sample_list),
                                     "--engine", engine, "--workers", "2", "--quiet", "--chunk-rows", "300"])
        assert result.exit_code == 1, result.output  # rows with an empty name or a bad country are rejected
        outputs[engine] = (out.read_bytes(), out.with_name(out.name + ".rejects.jsonl").read_bytes())
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(engine)) == [
            out.name, out.name + ".rejects.jsonl"]
    assert outputs["spark"] == outputs["local"]
    assert outputs["local"][1].count(b"\n") == 7 + 5


def test_engine_spark_refuses_resume(tmp_path: Path, sample_list: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,Acme\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", "screen", str(source), "--out", str(tmp_path / "o.csv"), "--engine",
                                 "spark", "--resume"])
    assert result.exit_code == 2 and "--resume is not supported with --engine spark" in result.output
    assert "keeps no checkpoint" in result.output and "--engine local" in result.output  # why, and what to do
    assert not (tmp_path / "o.csv").exists()


def test_stored_lists_ship_from_the_index_cache(spark: Any, sample_list: Path) -> None:
    """With the stored lists, the screener's index is read from the disk cache: it ships as that file."""
    from stackclear.batch import screener_for
    from stackclear.screening.store import ListStore

    ListStore().import_paths([sample_list])
    screener_for([], None)  # builds the index and caches it
    cached = screener_for([], None)
    assert cached.index is not None and cached.index.packed
    df = spark.createDataFrame([("1", "Huawei Technologies Co., Ltd."), ("2", "Acme Widgets")],
                               "id string, name string")
    rows = {r["id"]: r for r in screen_dataframe(df, screener=cached).collect()}
    assert rows["1"]["decision"] == "hit" and rows["2"]["decision"] == "clear"
    assert [h["entry_id"] for h in rows["1"]["hits"]] == [h.entry_id for h in cached.screen(
        PartyQuery("1", "Huawei Technologies Co., Ltd.")).hits]
    # local mode: the Python workers map the cached file itself (a hard link to it: nothing copied)
    from stackclear.screening.index_cache import source_file
    from stackclear.spark import ship_screener

    where, _, local = ship_screener(spark, cached)
    source = source_file(cached)
    assert local and source is not None and os.stat(where).st_ino == os.stat(source).st_ino


def test_merge_puts_the_parts_runs_in_input_order(tmp_path: Path) -> None:
    """Spark's output parts hold runs of consecutive rows in any order (no shuffle, no sort); the merge gives
    the rows in input order and refuses rows missing or twice. Written by hand: no Spark needed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from stackclear.batch.outputs import hits_type
    from stackclear.errors import StackclearError
    from stackclear.spark import _merge

    def part(name: str, numbers: list[int]) -> None:
        pq.write_table(pa.table({
            "row_no": pa.array(numbers, pa.int64()), "id": [f"r{n}" for n in numbers],
            "name": [f"name {n}" for n in numbers], "decision": ["hit" if n % 3 == 0 else "clear" for n in numbers],
            "hits": pa.array([[] for _ in numbers], hits_type()), "error": pa.array([None] * len(numbers), pa.string()),
        }), tmp_path / "out" / name, row_group_size=7)

    (tmp_path / "out").mkdir()
    part("part-00000-a.parquet", [*range(40, 60), *range(25)])  # two runs, the later one first
    part("part-00001-a.parquet", list(range(25, 40)))
    part("part-00002-a.parquet", [])
    decisions: Counter[str] = Counter()
    _merge(tmp_path / "out", 60, "csv", tmp_path / "merged.csv", 10, decisions, None, 60)
    lines = (tmp_path / "merged.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,name,decision,hits" and [line.split(",")[0] for line in lines[1:]] == [
        f"r{n}" for n in range(60)]
    assert decisions == Counter({"hit": 20, "clear": 40})
    with pytest.raises(StackclearError, match="60 rows of 61"):
        _merge(tmp_path / "out", 61, "csv", tmp_path / "m.csv", 10, Counter(), None, 61)
    part("part-00003-a.parquet", [24, 25])
    with pytest.raises(StackclearError, match="row 24 twice"):
        _merge(tmp_path / "out", 62, "csv", tmp_path / "m.csv", 10, Counter(), None, 62)
    (tmp_path / "out" / "part-00003-a.parquet").unlink()
    (tmp_path / "out" / "part-00001-a.parquet").unlink()
    with pytest.raises(StackclearError, match="row 40 where row 25 was due"):
        _merge(tmp_path / "out", 60, "csv", tmp_path / "m.csv", 10, Counter(), None, 60)
