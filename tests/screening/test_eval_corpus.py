"""The issue-9 evaluation corpus (bench/eval_corpus/build.py): deterministic and split by entity."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import REPO, SHARED_DATA

BUILD = REPO / "bench" / "eval_corpus" / "build.py"


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_corpus_build", BUILD)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def loaded() -> tuple[ModuleType, list[Any], list[str]]:
    if not (SHARED_DATA / "lists").is_dir():
        pytest.skip("needs ../shared/data/lists beside the repository")
    build = _load_build()
    entries, _ = build.load_entries(SHARED_DATA)
    return build, entries, build.read_synthetic(SHARED_DATA)[::200]


def _sample(build: ModuleType, entries: list[Any], seed: int, n: int = 400) -> list[Any]:
    entities = build.build_entities(entries, seed)
    step = max(1, len(entities) // n)
    return entities[::step][:n]


def test_build_is_deterministic(loaded: tuple[ModuleType, list[Any], list[str]], tmp_path: Path) -> None:
    build, entries, synthetic = loaded
    hashes = []
    for run in ("a", "b"):
        entities = _sample(build, list(entries), build.SEED)
        corpus = build.build_corpus(entities, build.SEED, synthetic)
        hashes.append(build.write_corpus(tmp_path / run, entities, corpus))
    assert hashes[0] == hashes[1]
    dev_queries = [(tmp_path / run / "dev" / "queries.jsonl").read_bytes() for run in ("a", "b")]
    assert dev_queries[0] == dev_queries[1] and dev_queries[0].count(b"\n") > 100
    # another seed gives another split of the same entities
    other = _sample(build, list(entries), build.SEED + 1)
    assert [e.split for e in other] != [e.split for e in _sample(build, list(entries), build.SEED)]


def test_splits_are_entity_disjoint(loaded: tuple[ModuleType, list[Any], list[str]], tmp_path: Path) -> None:
    build, entries, synthetic = loaded
    entities = build.build_entities(list(entries), build.SEED)
    split_of_id: dict[str, set[str]] = defaultdict(set)
    for ent in entities:
        for entry_id in ent.ids:
            split_of_id[entry_id].add(ent.split)
    # every listed entry (CSL's copy of an SDN entry and OFAC's share the id "SDN:<uid>") is in one split
    assert all(len(s) == 1 for s in split_of_id.values())
    assert {s for v in split_of_id.values() for s in v} == {"dev", "test"}
    # the same normalized primary name never lands in both splits
    by_name: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        kind = build.coarse_kind(entry.schema)
        by_name[f"{kind}:{build.name_key(entry.name, kind)}"].update(split_of_id[entry.entry_id])
    assert all(len(s) == 1 for s in by_name.values())
    # queries and pairs of a split only name entities of that split
    sample = entities[:: max(1, len(entities) // 400)][:400]
    corpus = build.build_corpus(sample, build.SEED, synthetic)
    split_of_key = {e.key: e.split for e in entities}
    kinds: set[str] = set()
    for split in build.SPLITS:
        for q in corpus.queries[split]:
            kinds.add(q["kind"])
            key = q.get("expected_key") or q.get("near_key")
            if key:
                assert split_of_key[key] == split, q
        for p in corpus.pairs[split]:
            assert split_of_key[p["key_a"]] == split
            assert not p["key_b"] or split_of_key[p["key_b"]] == split
    assert {"abbreviation", "translit", "qualifier", "synthetic_person"} <= kinds


def test_committed_manifest_describes_the_inputs(loaded: tuple[ModuleType, list[Any], list[str]]) -> None:
    build, _, _ = loaded
    manifest = json.loads((REPO / "bench" / "eval_corpus" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == build.SEED
    for rel in build.LIST_INPUTS:
        for name, digest in build.sha256_input(SHARED_DATA / rel).items():
            assert manifest["inputs_sha256"][f"lists/{name}"] == digest
    for split in build.SPLITS:
        counts = manifest["counts"][split]
        assert counts["entities"] > 5000
        assert set(build.POSITIVE_KINDS) <= set(counts["queries"])
