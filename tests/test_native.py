"""The mypyc-compiled screening modules: same results as the Python source, and never a stale build."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_file
from stackclear import _native

# Screens real queries against the real lists and prints every result (scores, hits, explanations) as JSON.
_DUMP = r"""
import csv, json, sys
from stackclear import _native
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list
lists_dir, eval_dir = sys.argv[1], sys.argv[2]
screener = Screener.from_lists([load_list(f"{lists_dir}/csl_2022-05_full.csv"),
                                load_list(f"{lists_dir}/ofac_sdn_2024-07.csv")])
def rows(name):
    with open(f"{eval_dir}/{name}", encoding="utf-8") as f:
        return list(csv.DictReader(f))
queries = []
for i, r in enumerate(rows("name_pairs_public.csv")):
    queries.append(PartyQuery(f"a{i}", r["name1"], r["schema"]))
    queries.append(PartyQuery(f"b{i}", r["name2"]))  # no schema: compared as both kinds
for i, r in enumerate(rows("un_persons_treated_pairs.csv")):
    queries.append(PartyQuery(f"u{i}", r["query_full_name"], "Person"))
for i, r in enumerate(rows("negatives_us_synthetic.csv")[:1500]):
    queries.append(PartyQuery(f"n{i}", r["full_name"], "Person", country="US", date_of_birth="1970-01-01"))
out = [screener.screen(q, threshold=0.5).to_dict() for q in queries]
print(json.dumps({"mode": _native.mode(), "results": out}, sort_keys=True))
"""


def _dump(pure: bool) -> dict[str, object]:
    lists = shared_file("lists", "csl_2022-05_full.csv").parent
    evals = shared_file("eval", "name_pairs_public.csv").parent
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop(_native.PURE_ENV, None)
    if pure:
        env[_native.PURE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, str(lists), str(evals)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_compiled_modules_are_in_use_when_built() -> None:
    if not _native.built():
        pytest.skip("the mypyc extensions are not built in this install (pure-Python install)")
    if os.environ.get(_native.PURE_ENV):
        pytest.skip(f"{_native.PURE_ENV} is set")
    import stackclear.screening.screen as screen

    assert _native.mode() == "compiled", (
        f"compiled modules are stale ({_native._state.get('stale')}): run `make install` to recompile"
    )
    assert _native.is_compiled(screen)


@pytest.mark.slow
def test_compiled_and_pure_python_give_identical_results() -> None:
    if not _native.built():
        pytest.skip("the mypyc extensions are not built in this install (pure-Python install)")
    compiled = _dump(pure=False)
    pure = _dump(pure=True)
    assert compiled["mode"] == "compiled" and pure["mode"] == "pure"
    assert len(compiled["results"]) > 3000  # type: ignore[arg-type]
    assert any(r["hits"] for r in compiled["results"])  # type: ignore[attr-defined]
    assert compiled["results"] == pure["results"]


def _fake_build(tmp_path: Path, record: dict[str, str] | None) -> Path:
    source = tmp_path / "stackclear" / "mod.py"
    source.parent.mkdir(parents=True)
    source.write_text("X = 1\n", encoding="utf-8")
    source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    if record is not None:
        (tmp_path / "stackclear" / _native.BUILD_RECORD).write_text(json.dumps(record), encoding="utf-8")
    return source


def test_guard_sees_a_source_edited_after_the_build(tmp_path: Path) -> None:
    source = _fake_build(tmp_path, None)
    compiled = [("stackclear.mod", "stackclear/mod.py")]
    assert _native.stale_sources(tmp_path, compiled) == ["stackclear.mod"]  # no record: stale
    (tmp_path / "stackclear" / _native.BUILD_RECORD).write_text(
        json.dumps({"stackclear/mod.py": _native.source_digest(source)}), encoding="utf-8"
    )
    assert _native.stale_sources(tmp_path, compiled) == []
    source.write_text("X = 2\n", encoding="utf-8")
    assert _native.stale_sources(tmp_path, compiled) == ["stackclear.mod"]


def test_guard_ignores_modules_without_an_extension(tmp_path: Path) -> None:
    source = tmp_path / "stackclear" / "mod.py"
    source.parent.mkdir(parents=True)
    source.write_text("X = 1\n", encoding="utf-8")
    assert _native.stale_sources(tmp_path, [("stackclear.mod", "stackclear/mod.py")]) == []


def test_a_stale_build_falls_back_to_the_source_with_a_warning(tmp_path: Path) -> None:
    """In a fresh interpreter whose compiled module is stale, the Python source is imported instead."""
    package = tmp_path / "pkg"
    source = _fake_build(package, {"stackclear/mod.py": "0" * 64})
    script = (
        "import warnings\n"
        "from pathlib import Path\n"
        "from stackclear import _native\n"
        f"_native._ROOT = Path({str(package)!r})\n"
        "_native.COMPILED = (('stackclear.mod', 'stackclear/mod.py'),)\n"
        "_native._state.clear()\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    _native.install_guard()\n"
        "import stackclear.mod as m\n"  # the empty extension beside it would fail to load
        "print(_native.mode(), m.X, m.__file__.endswith('.py'), any('older than' in str(w.message) for w in caught))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["pure", "1", "True", "True"]
    assert source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).exists()
