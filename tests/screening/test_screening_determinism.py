"""The same query against the same lists gives the same result whatever Python's hash seed is.

Set iteration order changes with PYTHONHASHSEED; when it leaked into the index build, the order of float
sums (a name's key mass) changed, and exactly tied candidates could swap in and out of the scored set:
"YV969" was clear under one seed and a hit on the vessel "YV2969" under another.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import shared_file

SCRIPT = """
import json, sys
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list
screener = Screener.from_lists([load_list(p) for p in sys.argv[1:]], threshold=0.5)
names = ["YV969", "YV2969", "Ingeborg Abrahamsen", "Kathryn Barr", "Islamic Revolutionary Guard Corps",
         "Bank Melli", "Mahan Air", "Rosneft Trading", "Kim Jong Un", "Sberbank"]
print(json.dumps([screener.screen(PartyQuery(str(i), n)).to_dict() for i, n in enumerate(names)], sort_keys=True))
"""


def _run(seed: str, paths: list[str]) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *paths], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_results_do_not_depend_on_the_hash_seed() -> None:
    paths = [str(shared_file("lists", "csl_2022-05_full.csv")), str(shared_file("lists", "ofac_sdn_2024-07.csv"))]
    first, second = _run("0", paths), _run("1", paths)
    assert first == second
