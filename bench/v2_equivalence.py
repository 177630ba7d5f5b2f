"""Check that a speed change to ``stackclear-v2`` leaves its answers as they were (issue 9, speed).

    .venv/bin/python bench/v2_equivalence.py --write before.json      # on the code before the change
    .venv/bin/python bench/v2_equivalence.py --compare before.json    # after: prints every difference

Screens, with the default matcher, queries of the **dev** split of the evaluation corpus (``--per-kind`` of every
kind, each once with its schema and once without), the synthetic people of the dev split and the person and mixed
workloads of ``bench/bench_screen_speed.py`` against the evaluation's lists (CSL 2022, SDN 2024, the OFAC 2021
trio, the Entity List), and scores dev pairs with ``match_names``. Recorded per query: the decision, every entry
hit (entry id, matched name, score, explanation) and the retrieval candidates; per pair the score and explanation.
``--compare`` exits 1 when anything differs (and says what).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_screen_speed  # noqa: E402
from eval_matcher import CORPUS, LISTS, SHARED, read_pairs, read_queries, sample  # noqa: E402
from stackclear.screening.screen import PartyQuery, Screener  # noqa: E402
from stackclear.screening.sources import load_list  # noqa: E402


def queries(per_kind: int, synthetic: int, workload: int) -> list[PartyQuery]:
    rows = read_queries(CORPUS / "dev" / "queries.jsonl")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    out: list[PartyQuery] = []
    for kind in sorted(by_kind):
        chosen = sample(by_kind[kind], synthetic if kind == "synthetic_person" else per_kind, 9)
        for row in chosen:
            out.append(PartyQuery(row["id"], row["name"], row.get("schema") or "Person"))
            out.append(PartyQuery(row["id"] + "/none", row["name"]))
    lists = [load_list(SHARED / "lists" / "csl_2022-05_full.csv"), load_list(SHARED / "lists" / "ofac_sdn_2024-07.csv")]
    people, mixed = bench_screen_speed.workloads(lists, workload)
    out += [PartyQuery("w" + q.id, q.name, q.schema) for q in people + mixed]
    return out


def outputs(args: argparse.Namespace) -> dict[str, Any]:
    screener = Screener.from_lists([load_list(SHARED / rel) for rel in LISTS])
    screened: dict[str, Any] = {}
    started = time.perf_counter()
    for q in queries(args.per_kind, args.synthetic, args.workload):
        result = screener.screen(q)
        screened[q.id] = {
            "decision": result.decision,
            "hits": [[h.entry_id, h.matched_name, h.score, h.explanation] for h in result.entry_hits],
            "candidates": [[c.entry_id, c.matched_name, c.retrieval_score] for c in screener.candidates(q)],
        }
    pairs = sample(read_pairs(CORPUS / "dev" / "pairs.csv"), args.pairs, 9, key="a")
    scored = []
    for row in pairs:
        result = screener.matcher.match_names(row["a"], row["b"], row["schema"] or None)
        explanation = {k: v for k, v in result.explanation.items() if k != "fingerprint"}
        scored.append([row["a"], row["b"], result.score, explanation])
    print(f"{len(screened):,} queries, {len(scored):,} pairs in {time.perf_counter() - started:.1f} s "
          f"(matcher {screener.matcher.name})")
    return {"screened": screened, "pairs": scored}


def compare(before: dict[str, Any], after: dict[str, Any], show: int) -> int:
    differences = 0
    for qid, old in before["screened"].items():
        new = after["screened"].get(qid)
        for part in ("decision", "hits", "candidates"):
            if new is None or json.dumps(old[part], sort_keys=True) != json.dumps(new[part], sort_keys=True):
                differences += 1
                if differences <= show:
                    print(f"query {qid} {part}:\n  before {json.dumps(old[part])[:600]}\n"
                          f"  after  {json.dumps(None if new is None else new[part])[:600]}")
    for old, new in zip(before["pairs"], after["pairs"], strict=True):
        if json.dumps(old, sort_keys=True) != json.dumps(new, sort_keys=True):
            differences += 1
            if differences <= show:
                print(f"pair {old[0]!r} / {old[1]!r}:\n  before {json.dumps(old[2:])[:600]}\n  after  "
                      f"{json.dumps(new[2:])[:600]}")
    print(f"{len(before['screened']):,} queries and {len(before['pairs']):,} pairs compared: "
          f"{differences} difference(s)")
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", type=Path, help="write the outputs to this JSON file")
    parser.add_argument("--compare", type=Path, help="compare the outputs with this JSON file")
    parser.add_argument("--per-kind", type=int, default=150, help="dev queries per kind (each with and without schema)")
    parser.add_argument("--synthetic", type=int, default=1500, help="dev synthetic people")
    parser.add_argument("--workload", type=int, default=3000, help="queries of each bench_screen_speed workload")
    parser.add_argument("--pairs", type=int, default=3000, help="dev pairs scored with match_names")
    parser.add_argument("--show", type=int, default=20, help="differences printed")
    args = parser.parse_args()
    out = outputs(args)
    if args.write:
        args.write.write_text(json.dumps(out), encoding="utf-8")
    if args.compare:
        return compare(json.loads(args.compare.read_text(encoding="utf-8")), out, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
