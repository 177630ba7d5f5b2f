"""`stackclear batch screen` on files: formats, order, workers, rejects, atomic output, fail-closed lists."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from stackclear.batch import BatchOptions, Columns, run_batch
from stackclear.cli import app
from stackclear.screening.screen import PartyQuery, Screener

runner = CliRunner()

PARTIES = [
    ("p1", "Huawei Technologies Co., Ltd.", "CN"),
    ("p2", "Acme Widgets of Ohio", "US"),
    ("p3", "Semiconductor Manufacturing International Corp", ""),
    ("p4", "Banco Nacional de Cuba", "CU"),
    ("p5", "Jane Q. Public", ""),
    ("p6", "Hangzhou Hikvision Digital Technology", "CN"),
]


def write_csv(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...] = ("id", "name", "country")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def batch(*args: Any) -> Any:
    return runner.invoke(app, ["batch", "screen", *map(str, args), "--quiet"])


def read_output(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        return [dict(r, hits=json.loads(r["hits"])) for r in rows]
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return pq.read_table(path).to_pylist()


def rejects_of(out: Path) -> list[dict[str, Any]]:
    path = out.with_name(out.name + ".rejects.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_every_row_in_input_order_with_the_screen_answer(tmp_path: Path, sample_list: Path,
                                                         sample_screener: Screener, suffix: str) -> None:
    source = write_csv(tmp_path / "parties.csv", PARTIES)
    out = tmp_path / f"results{suffix}"
    result = batch(source, "--out", out, "--list", sample_list, "--workers", 1)
    assert result.exit_code == 0, result.output
    rows = read_output(out)
    assert [r["id"] for r in rows] == [p[0] for p in PARTIES]
    assert list(rows[0]) == ["id", "name", "decision", "hits"]
    for row, (party_id, name, country) in zip(rows, PARTIES, strict=True):
        expected = sample_screener.screen(PartyQuery(party_id, name, country=country or None))
        assert row["name"] == name
        assert row["decision"] == expected.decision
        assert row["hits"] == [{"entry_id": h.entry_id, "source": h.source, "name": h.name, "score": h.score}
                               for h in expected.hits]
    assert rows[0]["decision"] == "hit" and "CMIC:demo-cmic-001" in {h["entry_id"] for h in rows[0]["hits"]}
    assert rows[1]["decision"] == "clear" and rows[1]["hits"] == []
    assert not out.with_name(out.name + ".rejects.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == sorted(["parties.csv", out.name])


def test_inputs_in_every_format_give_the_same_rows(tmp_path: Path, sample_screener: Screener) -> None:
    csv_in = write_csv(tmp_path / "in.csv", PARTIES)
    jsonl_in = tmp_path / "in.jsonl"
    jsonl_in.write_text("".join(json.dumps({"id": i, "name": n, "country": c or None}) + "\n" for i, n, c in PARTIES),
                        encoding="utf-8")
    parquet_in = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [p[0] for p in PARTIES], "name": [p[1] for p in PARTIES],
                             "country": [p[2] or None for p in PARTIES]}), parquet_in)
    results = []
    for source in (csv_in, jsonl_in, parquet_in):
        out = tmp_path / f"out-{source.suffix[1:]}.jsonl"
        summary = run_batch(sample_screener, BatchOptions(source, out, workers=1))
        assert summary.rejected == 0 and summary.rows == len(PARTIES)
        results.append(out.read_bytes())
    assert results[0] == results[1] == results[2]


def test_two_workers_give_the_same_bytes_as_one(tmp_path: Path, sample_screener: Screener) -> None:
    rows = [(f"r{i}", f"{PARTIES[i % len(PARTIES)][1]} {i % 7 or ''}".strip(), "") for i in range(700)]
    source = write_csv(tmp_path / "in.csv", rows)
    for suffix in (".csv", ".parquet"):
        one = tmp_path / f"one{suffix}"
        two = tmp_path / f"two{suffix}"
        run_batch(sample_screener, BatchOptions(source, one, workers=1, chunk_rows=50))
        summary = run_batch(sample_screener, BatchOptions(source, two, workers=2, chunk_rows=50))
        assert summary.rows == 700 and summary.workers == 2
        assert summary.cpu_seconds is not None and summary.cpu_seconds > 0  # the workers' CPU counted
        assert one.read_bytes() == two.read_bytes()
    assert len(pq.read_table(tmp_path / "two.parquet")) == 700


def test_workers_replaced_after_their_rows_give_the_same_bytes(tmp_path: Path, sample_screener: Screener,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """With WORKER_ROWS set, each worker process is replaced by a fresh one after that many rows (here after
    every chunk): the new ones map the index file again and the output is the same."""
    from stackclear.batch import runner as batch_runner

    rows = [(f"r{i}", f"{PARTIES[i % len(PARTIES)][1]} {i % 7 or ''}".strip(), "") for i in range(200)]
    source = write_csv(tmp_path / "in.csv", rows)
    run_batch(sample_screener, BatchOptions(source, tmp_path / "kept.jsonl", workers=1, chunk_rows=50))
    monkeypatch.setattr(batch_runner, "WORKER_ROWS", 50)
    seen = _commits(monkeypatch)
    summary = run_batch(sample_screener, BatchOptions(source, tmp_path / "fresh.jsonl", workers=2, chunk_rows=50))
    assert summary.rows == 200
    assert len({pid for parts in seen for pid, _ in parts}) > 2  # 4 chunks, new processes for each
    assert (tmp_path / "kept.jsonl").read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()


def _commits(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[int, bool]]]:
    """Record, for each chunk the batch commits, the (worker process id, caches emptied after it) of each of its
    routed parts."""
    from stackclear.batch import runner as batch_runner

    seen: list[list[tuple[int, bool]]] = []
    merge = batch_runner.merge_parts

    def recording(out_format: str, parts: Any) -> Any:
        seen.append([(part[6], part[7]) for part in parts])
        return merge(out_format, parts)

    monkeypatch.setattr(batch_runner, "merge_parts", recording)
    return seen


def test_workers_live_for_the_whole_run(tmp_path: Path, sample_screener: Screener,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """By default no worker is replaced (a fresh one starts cold): every chunk is screened by one of the two
    processes the pool started, and the bytes are those of one worker."""
    import os

    rows = [(f"r{i}", f"{PARTIES[i % len(PARTIES)][1]} {i % 7 or ''}".strip(), "") for i in range(600)]
    source = write_csv(tmp_path / "in.csv", rows)
    run_batch(sample_screener, BatchOptions(source, tmp_path / "one.jsonl", workers=1, chunk_rows=50))
    seen = _commits(monkeypatch)
    run_batch(sample_screener, BatchOptions(source, tmp_path / "two.jsonl", workers=2, chunk_rows=50))
    assert len(seen) == 12
    pids = {pid for parts in seen for pid, _ in parts}
    assert len(pids) == 2 and os.getpid() not in pids
    assert all(len({pid for pid, _ in parts}) == 2 for parts in seen)  # each chunk split between the two
    assert not any(cleared for parts in seen for _, cleared in parts)  # 600 names: far below the cache limit
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_workers_empty_their_caches_past_their_limit(tmp_path: Path, sample_screener: Screener,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker process empties its caches (and maps the index file again) once they pass WORKER_CACHE_LIMIT
    names — the limit reaches the spawned workers — and the output does not change."""
    from stackclear.batch import runner as batch_runner

    rows = [(f"r{i}", f"{PARTIES[i % len(PARTIES)][1]} {i}", "") for i in range(600)]
    source = write_csv(tmp_path / "in.csv", rows)
    run_batch(sample_screener, BatchOptions(source, tmp_path / "one.jsonl", workers=1, chunk_rows=50))
    monkeypatch.setattr(batch_runner, "WORKER_CACHE_LIMIT", 5)
    seen = _commits(monkeypatch)
    run_batch(sample_screener, BatchOptions(source, tmp_path / "two.jsonl", workers=2, chunk_rows=50))
    assert len(seen) == 12 and all(cleared for parts in seen for _, cleared in parts)  # 25 new names a part
    assert len({pid for parts in seen for pid, _ in parts}) <= 2  # emptied, not replaced
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_rows_are_routed_by_their_names_last_word_and_the_parts_stay_even() -> None:
    """Several workers: a chunk's rows are split by the last word of their name (so the rows that share it meet
    the same worker's caches), no part gets more than its share plus ROUTE_SLACK, and no row is lost."""
    from stackclear.batch.inputs import Layout
    from stackclear.batch.runner import ROUTE_SLACK, route_key, split_chunk

    layout = Layout("csv", fields=3, positions=(1, 0, 2, None))
    surnames = ["Smith", "Chen", "Ivanov", "Garcia", "Nguyen", "Okafor"]
    rows = [(i + 2, f"r{i},{first} {surnames[i % 6]},US\n".encode()) for i, first in
            enumerate(["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"] * 30)]
    parts = split_chunk(layout, rows, 2)
    assert sorted(r for part in parts for r in part) == rows and all(part == sorted(part) for part in parts)
    assert max(len(p) for p in parts) <= len(rows) / 2 * (1 + ROUTE_SLACK) + 1
    # each row on its key's worker, but for the overflow past a full part's cap
    cap = math.ceil(len(rows) / 2 * (1 + ROUTE_SLACK))
    wanted = [sum(1 for row in rows if route_key(layout, row[1]) % 2 == i) for i in (0, 1)]
    moved = sum(1 for i, part in enumerate(parts) for row in part if route_key(layout, row[1]) % 2 != i)
    assert moved == sum(max(0, n - cap) for n in wanted)
    assert len({route_key(layout, r[1]) % 2 for r in rows}) == 2  # (the six surnames use both workers)
    for surname in surnames:  # rows sharing the last word share the key
        assert len({route_key(layout, r[1]) for r in rows if r[1].split(b",")[1].endswith(surname.encode())}) == 1
    key = route_key(layout, b"r1,ann SMITH,US\n")
    assert key == route_key(layout, b"x,Bo Smith,\n") and key == route_key(Layout("jsonl"), b'{"name": "Cy smith"}')
    assert key == route_key(Layout("parquet"), ("Di Smith", None, None, None)) >= 0
    assert key == route_key(layout, b'r2,"Ann, Bo Smith",US\n')  # a quoted name
    for odd in (b'r1,"Smith, Ann,US\n', b"broken", b"", b"\xff\xfe,,\n", b"a,b,c,d\n"):  # no key: -1
        assert route_key(layout, odd) == -1
    assert route_key(Layout("jsonl"), b"[1, 2]") == -1 and route_key(Layout("parquet"), (42, None, None, None)) == -1
    unkeyed = split_chunk(layout, [(i, b"broken") for i in range(9)], 2)  # rows without a key fill the parts
    assert [len(p) for p in unkeyed] == [5, 4]
    one_word = split_chunk(layout, [(i, b"r,Acme Ltd,US\n") for i in range(100)], 2)  # one word for all
    assert sorted(len(p) for p in one_word) == [49, 51]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".csv"])
def test_three_workers_with_rejects_give_the_bytes_of_one(tmp_path: Path, sample_screener: Screener,
                                                          suffix: str) -> None:
    """Routed parts of each chunk (three workers) are put back in input order, rejects too."""
    rows = [(f"r{i}", f"{PARTIES[i % len(PARTIES)][1]} {i % 5 or ''}".strip(), "ZZ" if i % 11 == 3 else "")
            for i in range(400)]
    source = write_csv(tmp_path / "in.csv", rows)
    one, three = tmp_path / f"one{suffix}", tmp_path / f"three{suffix}"
    run_batch(sample_screener, BatchOptions(source, one, workers=1, chunk_rows=40))
    summary = run_batch(sample_screener, BatchOptions(source, three, workers=3, chunk_rows=40))
    assert summary.rows == 400 and summary.rejected == len([r for r in rows if r[2] == "ZZ"])
    assert one.read_bytes() == three.read_bytes()
    rejects = [one.with_name(one.name + ".rejects.jsonl"), three.with_name(three.name + ".rejects.jsonl")]
    assert rejects[0].read_bytes() == rejects[1].read_bytes()


def test_bound_caches_takes_a_limit_and_empties_the_caches(sample_screener: Screener) -> None:
    from stackclear.batch.rows import bound_caches, release_memory
    from stackclear.names.analyze import analyze
    from stackclear.screening.caches import clear_query_caches

    clear_query_caches(sample_screener.index)
    for i in range(20):
        sample_screener.screen(PartyQuery(id=str(i), name=f"Acme Widgets {i}"))
    names = analyze.cache_info().currsize
    assert names >= 20
    assert not bound_caches(sample_screener, names)  # not past the limit: kept
    assert analyze.cache_info().currsize == names
    assert bound_caches(sample_screener, names - 1)
    assert analyze.cache_info().currsize == 0
    release_memory()  # (malloc_trim: nothing to assert but that it runs)


def test_column_options_and_missing_ids(tmp_path: Path, sample_list: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [("Huawei Technologies", "CN", "Company")],
                       header=("party", "land", "kind"))
    out = tmp_path / "out.jsonl"
    result = batch(source, "--out", out, "--list", sample_list, "--name-col", "party", "--country-col", "land",
                   "--schema-col", "kind")
    assert result.exit_code == 0, result.output
    (row,) = read_output(out)
    assert row["id"] == "line 2" and row["decision"] == "hit"
    assert "no column 'id'" in result.output


def test_bad_rows_are_rejected_with_reasons_and_the_good_rows_screened(tmp_path: Path, sample_list: Path) -> None:
    big = "X" * (10 * 1024 * 1024)
    lines = [
        b"id,name,country,notes",
        b"g1,Huawei Technologies Co. Ltd.,CN,",
        b'b1,"Acme, Inc,US,',  # a quote that never closes
        b"g2,Banco Nacional de Cuba,CU,",
        "b2,Soci\u00e9t\u00e9 G\u00e9n\u00e9rale,FR,".encode("latin-1"),  # Latin-1 bytes, not UTF-8
        b"",  # an empty line
        b",,,",  # a row of empty fields
        f"b3,{big},US,".encode(),  # a 10 MB line
        b"b4,Someone,ZZ,",  # not a country code
        b"b5,Too,many,more,fields",
        b'g3,Multi Line Name Ltd,GB,"a note\nover two lines"',  # a quoted line break is part of the record
        b"g4,Sun Yat-Sen University,CN,",
    ]
    source = tmp_path / "in.csv"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.csv"
    result = batch(source, "--out", out, "--list", sample_list, "--workers", 2, "--chunk-rows", 3)
    assert result.exit_code == 1, result.output
    rows = read_output(out)
    assert [r["id"] for r in rows] == ["g1", "g2", "g3", "g4"]
    assert [r["decision"] for r in rows] == ["hit", "hit", "clear", "hit"]
    rejects = rejects_of(out)
    assert [r["line"] for r in rejects] == [3, 5, 6, 7, 8, 9, 10]
    assert all(set(r) == {"line", "error", "raw"} for r in rejects)
    reasons = {r["line"]: r["error"] for r in rejects}
    assert "unterminated quoted field" in reasons[3]
    assert "not valid UTF-8" in reasons[5] and "0xE9" in reasons[5]
    assert "empty row" in reasons[6] and "empty row" in reasons[7]
    assert "10,485,768 bytes" in reasons[8] and "at most" in reasons[8]
    assert "country" in reasons[9]
    assert "5 fields; expected 4" in reasons[10]
    raw = {r["line"]: r["raw"] for r in rejects}
    assert raw[5] == "b2,Soci\\xe9t\\xe9 G\\xe9n\\xe9rale,FR,"
    assert len(raw[8]) < 10_000 and "cut" in raw[8]
    assert "7 rejected" in result.output


def test_jsonl_bad_lines(tmp_path: Path, sample_list: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('\ufeff{"id": 1, "name": "Cambricon Technologies"}\n{"id": 2, "name": \n[1, 2]\n'
                      '{"id": 4, "nom": "x"}\n{"id": 5, "name": 42}\n{"id": 6, "name": "Sophgo"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = batch(source, "--out", out, "--list", sample_list)
    assert result.exit_code == 1
    assert [r["id"] for r in read_output(out)] == ["1", "6"]
    errors = [r["error"] for r in rejects_of(out)]
    assert "invalid JSON" in errors[0] and "expected a JSON object" in errors[1]
    assert "no field 'name'" in errors[2] and "expected a string" in errors[3]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_unusable_input_exits_2_and_writes_nothing(tmp_path: Path, sample_list: Path, suffix: str) -> None:
    source = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        write_csv(source, [("1", "Huawei")], header=("id", "company"))
    else:
        pq.write_table(pa.table({"id": ["1"], "company": ["Huawei"]}), source)
    out = tmp_path / "out.csv"
    result = batch(source, "--out", out, "--list", sample_list)
    assert result.exit_code == 2
    assert "no column 'name'" in result.output and "company" in result.output and "--name-col" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [source.name]


def test_usage_errors(tmp_path: Path, sample_list: Path) -> None:
    source = write_csv(tmp_path / "in.csv", PARTIES)
    assert batch(source, "--out", tmp_path / "out.xlsx", "--list", sample_list).exit_code == 2
    assert batch(tmp_path / "missing.csv", "--out", tmp_path / "o.csv").exit_code == 2
    assert batch(source, "--out", source, "--list", sample_list).exit_code == 2
    assert batch(source, "--out", tmp_path / "o.csv", "--engine", "dask").exit_code == 2
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,n\u00e4me\n1,x\n".encode("latin-1"))
    result = batch(latin, "--out", tmp_path / "o.csv")
    assert result.exit_code == 2 and "not valid UTF-8" in result.output
    assert not (tmp_path / "o.csv").exists()


def test_fails_closed_without_stored_lists(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", PARTIES[:2])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", "screen", str(source), "--out", str(out), "--quiet", "--json",
                                 "--workers", "2"])  # workers fail closed too: with no index file to map
    assert result.exit_code == 0, result.output
    rows = read_output(out)
    assert [r["decision"] for r in rows] == ["review", "review"] and all(r["hits"] == [] for r in rows)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["unavailable"] and "no restricted-party list" in summary["unavailable"]
    assert summary["matcher"] and summary["decisions"] == {"review": 2}


def test_parquet_output_records_matcher_and_lists(tmp_path: Path, sample_screener: Screener) -> None:
    source = write_csv(tmp_path / "in.csv", PARTIES)
    out = tmp_path / "out.parquet"
    run_batch(sample_screener, BatchOptions(source, out, Columns()))
    meta = json.loads(pq.read_schema(out).metadata[b"stackclear"])
    assert meta["matcher"] == sample_screener.matcher.name
    assert meta["lists"][0]["sha256"] == sample_screener.lists[0]["sha256"]


def test_progress_reports_rows_and_position(tmp_path: Path, sample_screener: Screener) -> None:
    source = write_csv(tmp_path / "in.csv", PARTIES * 10)
    seen: list[tuple[int, int, int]] = []
    run_batch(sample_screener, BatchOptions(source, tmp_path / "o.csv", chunk_rows=25),
              lambda rows, position, total: seen.append((rows, position, total)))
    assert seen[0][0] == 0 and seen[-1][0] == 60
    assert seen[-1][1] == seen[-1][2] == source.stat().st_size
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)


def test_json_summary(tmp_path: Path, sample_list: Path) -> None:
    source = write_csv(tmp_path / "in.csv", PARTIES)
    result = runner.invoke(app, ["batch", "screen", str(source), "--out", str(tmp_path / "o.csv"), "--list",
                                 str(sample_list), "--json", "-q"])
    summary = json.loads(io.StringIO(result.stdout).read().strip().splitlines()[-1])
    assert summary["rows"] == 6 and summary["rejected"] == 0 and summary["engine"] == "local"
    assert sum(summary["decisions"].values()) == 6


def test_clearing_the_query_caches_does_not_change_results(tmp_path: Path, sample_screener: Screener,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Long batches empty the screening caches now and then (flat memory); the bytes stay the same."""
    from stackclear.batch import index_file
    from stackclear.batch import rows as batch_rows

    source = write_csv(tmp_path / "in.csv", [(f"r{i}", f"{PARTIES[i % 6][1]} {i}", "") for i in range(600)])
    run_batch(sample_screener, BatchOptions(source, tmp_path / "kept.jsonl", workers=2, chunk_rows=50))
    monkeypatch.setattr(batch_rows, "CACHE_LIMIT", 5)
    cleared: list[bool] = []
    loads: list[object] = []
    original = batch_rows.bound_caches
    load = index_file.worker_screener
    monkeypatch.setattr("stackclear.batch.runner.bound_caches", lambda screener, limit=None: cleared.append(
        original(screener)) or cleared[-1])
    from stackclear.batch import runner as batch_runner

    # what the process still holds of an earlier screener when the file is loaded again
    monkeypatch.setattr(index_file, "worker_screener", lambda *args: loads.append(
        batch_runner._JOB.get("screener")) or load(*args))
    run_batch(sample_screener, BatchOptions(source, tmp_path / "cleared.jsonl", workers=1, chunk_rows=50))
    assert len(cleared) == 12 and sum(cleared) >= 10  # emptied after (nearly) every chunk of 50 names
    assert len(loads) == 1 + sum(cleared)  # and the index file loaded again each time (its decoded parts dropped)
    assert loads == [None] * len(loads)  # the old screener (its mapping, what it decoded) dropped first
    assert (tmp_path / "kept.jsonl").read_bytes() == (tmp_path / "cleared.jsonl").read_bytes()
