"""File batch (CSV, JSONL, Parquet; 1 and 2 workers), Spark and `screen` give the same decisions, hits and scores
on thousands of rows against the real lists (CSL 2022 + SDN 2024, from ../shared/data; skipped without them)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import shared_file
from stackclear.batch import BatchOptions, run_batch
from stackclear.cli import app
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list

ROWS = 3_000


def _variant(name: str, rng: random.Random) -> str:
    """A listed name as a customer might type it: a dropped last word, a typo, reordered words, or as listed."""
    tokens = name.split()
    roll = rng.random()
    if roll < 0.25 and len(tokens) > 1:
        tokens = tokens[:-1]
    elif roll < 0.5:
        word = rng.randrange(len(tokens))
        if len(tokens[word]) > 3:
            k = rng.randrange(1, len(tokens[word]) - 1)
            tokens[word] = tokens[word][:k] + tokens[word][k + 1 :]
    elif roll < 0.7:
        rng.shuffle(tokens)
    return " ".join(tokens)


@pytest.fixture(scope="module")
def real_lists() -> list[Path]:
    return [shared_file("lists", "csl_2022-05_full.csv"), shared_file("lists", "ofac_sdn_2024-07.csv")]


@pytest.fixture(scope="module")
def real_screener(real_lists: list[Path]) -> Screener:
    return Screener.from_lists([load_list(p) for p in real_lists])


@pytest.fixture(scope="module")
def parties(real_screener: Screener) -> list[tuple[str, str, str, str]]:
    """(id, name, country, schema): two thirds negatives (people not listed), one third listed-name variants."""
    rng = random.Random(13)
    path = shared_file("eval", "negatives_us_synthetic.csv")
    with path.open(encoding="utf-8") as handle:
        people = [row["full_name"] for row in csv.DictReader(handle)]
    assert real_screener.index is not None
    listed = [entry.name for entry in real_screener.index.entries if entry.name]
    rows = []
    for i in range(ROWS):
        if i % 3 == 2:
            entry = rng.choice(listed)
            rows.append((f"v{i}", _variant(entry, rng) or entry, rng.choice(["", "", "CN", "RU", "IR"]), ""))
        else:
            rows.append((f"n{i}", rng.choice(people), rng.choice(["", "US", "DE"]), rng.choice(["", "Person"])))
    return rows


@pytest.fixture(scope="module")
def expected(real_screener: Screener, parties: list[tuple[str, str, str, str]]) -> dict[str, tuple[str, list[Any]]]:
    """What `screen` answers for each row."""
    answers = {}
    for party_id, name, country, schema in parties:
        result = real_screener.screen(PartyQuery(party_id, name, schema=schema or None, country=country or None))
        answers[party_id] = (result.decision, [{"entry_id": h.entry_id, "source": h.source, "name": h.name,
                                                "score": h.score} for h in result.hits])
    return answers


def _write_input(path: Path, parties: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "country", "schema"])
        writer.writerows(parties)
    return path


def _read(path: Path) -> dict[str, tuple[str, list[Any]]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return {r["id"]: (r["decision"], json.loads(r["hits"])) for r in csv.DictReader(handle)}
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        rows = pq.read_table(path).to_pylist()
    return {r["id"]: (r["decision"], r["hits"]) for r in rows}


def test_the_sample_is_meaningful(expected: dict[str, tuple[str, list[Any]]]) -> None:
    decisions = [d for d, _ in expected.values()]
    assert len(expected) == ROWS
    assert decisions.count("hit") > 300 and decisions.count("clear") > 1_500  # both kinds of rows are there


@pytest.mark.parametrize(("suffix", "workers"), [(".csv", 1), (".csv", 2), (".jsonl", 2), (".parquet", 2)])
def test_file_batch_gives_the_screen_answers(tmp_path: Path, real_screener: Screener, parties: Any,
                                             expected: dict[str, tuple[str, list[Any]]], suffix: str,
                                             workers: int) -> None:
    source = _write_input(tmp_path / "in.csv", parties)
    out = tmp_path / f"out{suffix}"
    summary = run_batch(real_screener, BatchOptions(source, out, workers=workers, chunk_rows=250))
    assert summary.rejected == 0 and summary.rows == ROWS
    got = _read(out)
    assert list(got) == [p[0] for p in parties]  # input order
    assert got == expected


def test_cli_batch_with_list_files_gives_the_screen_answers(tmp_path: Path, real_lists: list[Path], parties: Any,
                                                            expected: dict[str, tuple[str, list[Any]]]) -> None:
    """The command builds its own index from the same files: the same answers as the screener above."""
    source = _write_input(tmp_path / "in.csv", parties)
    out = tmp_path / "out.jsonl"
    args = ["batch", "screen", str(source), "--out", str(out), "--workers", "2", "--quiet"]
    for path in real_lists:
        args += ["--list", str(path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _read(out) == expected


def test_spark_gives_the_screen_answers(spark: Any, real_screener: Screener, parties: Any,
                                        expected: dict[str, tuple[str, list[Any]]]) -> None:
    from stackclear.spark import screen_dataframe

    df = spark.createDataFrame([(i, n, c or None, s or None) for i, n, c, s in parties],
                               "id string, name string, country string, schema string")
    rows = screen_dataframe(df.repartition(4), screener=real_screener).collect()
    got = {r["id"]: (r["decision"], [h.asDict() for h in r["hits"]]) for r in rows}
    assert all(r["error"] is None for r in rows)
    assert got == expected
