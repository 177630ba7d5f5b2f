"""Measure a matcher on the issue-9 evaluation corpus, per kind of variation (dev or test split).

    .venv/bin/python bench/eval_corpus/build.py                      # once: builds bench/eval_corpus/out
    .venv/bin/python bench/eval_matcher.py --matcher stackclear-v1 --split dev
    make eval-matcher MATCHER=stackclear-v1 SPLIT=test

Screens every sampled query through the public screening API (``Screener.from_lists`` over the CSL 2022-05,
OFAC SDN 2024-07, OFAC 2021-07 trio and Entity List JSON; ``screener.screen(PartyQuery(...))``) with the
matcher chosen by name from the registry, and scores every sampled pair with ``match_names``. Per kind:

* positives (a variant of a listed name, expected entity known):
  ``recall@1`` — the decision is hit or review and the expected entity is the top hit (a tie on the top
  score counts); ``hit@1`` — the same with decision hit; ``cand@k`` — the expected entity is among the
  retrieval candidates of the query (``Screener.candidates(query)``: the entries the screener hands to the
  matcher, k = 8 names, before any scoring);
* hard negatives (a name near listed entity E but not E): ``spec`` — E is NOT among the hits or review hits;
* synthetic US people: ``flag`` — share with decision hit or review, ``hit`` — share with decision hit;
* pairs (a, b, label): pairwise recall on positive kinds, specificity (share of label-0 pairs scored below
  the threshold) on negative kinds, and P/R/F1 overall, at the matcher's default threshold;
* test split only: P/R/F1 on the external sets name_pairs_public.csv and un_persons_treated_pairs.csv.

Sampling is deterministic (sha256 of the seed and the query id); ``--per-kind`` caps each kind. Writes a JSON
report (``--json``, default ``bench/eval_corpus/out/results-<matcher>-<split>.json``) and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from stackclear.errors import StackclearError
from stackclear.screening.matchers import get_matcher
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
CORPUS = REPO / "bench" / "eval_corpus" / "out"
MANIFEST = REPO / "bench" / "eval_corpus" / "manifest.json"
LISTS = ("lists/csl_2022-05_full.csv", "lists/ofac_sdn_2024-07.csv", "lists/ofac_2021-07",
         "lists/entity_list_2025-11_derived.json")


def sample(items: list[dict[str, Any]], n: int, seed: int, key: str = "id") -> list[dict[str, Any]]:
    def rank(item: dict[str, Any]) -> str:
        return hashlib.sha256(f"{seed}|{item[key]}".encode()).hexdigest()

    return sorted(items, key=rank)[:n] if len(items) > n else list(items)


def prf(scored: list[tuple[float, bool]], threshold: float) -> dict[str, Any]:
    tp = sum(1 for s, m in scored if s >= threshold and m)
    fp = sum(1 for s, m in scored if s >= threshold and not m)
    fn = sum(1 for s, m in scored if s < threshold and m)
    tn = len(scored) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"n": len(scored), "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def check_corpus(corpus: Path) -> list[str]:
    """Differences between the corpus on disk and the committed manifest (empty when they agree)."""
    if not MANIFEST.exists():
        return [f"{MANIFEST} missing"]
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))["outputs_sha256"]
    problems = []
    for rel, digest in expected.items():
        path = corpus / rel
        if not path.exists():
            problems.append(f"{rel} missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{rel} differs from the manifest")
    return problems


def read_queries(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    corpus: Path = args.corpus
    problems = check_corpus(corpus)
    if problems and not args.allow_mismatch:
        raise SystemExit(f"error: the corpus in {corpus} does not match {MANIFEST}: {'; '.join(problems[:3])}; "
                         "run bench/eval_corpus/build.py (or pass --allow-mismatch)")
    matcher = get_matcher(args.matcher)
    threshold = matcher.threshold if args.threshold is None else args.threshold
    lists = [load_list(args.shared / rel) for rel in LISTS]
    t0 = time.perf_counter()
    screener = Screener.from_lists(lists, matcher=args.matcher)
    index_seconds = time.perf_counter() - t0

    queries = read_queries(corpus / args.split / "queries.jsonl")
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in queries:
        by_kind[q["kind"]].append(q)
    results: dict[str, Any] = {"positives": {}, "negatives": {}, "pairs": {}, "external": {}}
    failures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    t0 = time.perf_counter()
    screened = 0
    wanted = set(args.kinds.split(",")) if args.kinds else None
    for kind in sorted(by_kind):
        if wanted is not None and kind not in wanted:
            continue
        items = by_kind[kind]
        cap = args.synthetic if kind == "synthetic_person" else args.per_kind
        chosen = sample(items, cap, args.seed)
        if items[0]["polarity"] == "pos":
            top = hit_top = cand = 0
            for q in chosen:
                query = PartyQuery(id=q["id"], name=q["name"], schema=None if args.no_schema else q.get("schema"))
                res = screener.screen(query, threshold)
                candidates = screener.candidates(query)
                screened += 1
                expected = set(q["expected_ids"])
                best = res.hits[0].score if res.hits else None
                at_top = best is not None and any(h.entry_id in expected for h in res.hits if h.score >= best - 1e-9)
                ok = res.decision in ("hit", "review") and at_top
                top += ok
                hit_top += ok and res.decision == "hit"
                in_cands = any(c.entry_id in expected for c in candidates)
                cand += in_cands
                if not ok and len(failures[kind]) < args.failures:
                    failures[kind].append({"name": q["name"], "base": q["base"], "decision": res.decision,
                                           "top": [(h.name, round(h.score, 3)) for h in res.hits[:2]],
                                           "candidate": in_cands})
            n = len(chosen)
            results["positives"][kind] = {"available": len(items), "n": n, "recall@1": round(top / n, 4),
                                          "hit@1": round(hit_top / n, 4), "cand@k": round(cand / n, 4)}
        elif kind == "synthetic_person":
            # by name alone: once declared a Person, once with no schema at all
            for label, schema in ((kind, "Person"), (f"{kind} (no schema)", None)):
                flagged = hit = 0
                for q in chosen:
                    res = screener.screen(PartyQuery(id=q["id"], name=q["name"],
                                                     schema=None if args.no_schema else schema), threshold)
                    screened += 1
                    flagged += res.decision in ("hit", "review")
                    hit += res.decision == "hit"
                    if res.decision != "clear" and len(failures[label]) < args.failures:
                        failures[label].append({"name": q["name"], "decision": res.decision,
                                                "top": [(h.name, round(h.score, 3)) for h in res.hits[:2]]})
                n = len(chosen)
                results["negatives"][label] = {"available": len(items), "n": n, "flag": round(flagged / n, 4),
                                               "hit": round(hit / n, 4), "spec": round(1 - flagged / n, 4)}
        else:
            flagged = hit = 0
            for q in chosen:
                res = screener.screen(PartyQuery(id=q["id"], name=q["name"],
                                                 schema=None if args.no_schema else q.get("schema")), threshold)
                screened += 1
                near = set(q["near_ids"])
                near_hits = [h for h in res.hits if h.entry_id in near]
                flagged += bool(near_hits)
                hit += any(h.score >= threshold for h in near_hits)
                if near_hits and len(failures[kind]) < args.failures:
                    failures[kind].append({"name": q["name"], "near": q["base"], "decision": res.decision,
                                           "score": round(near_hits[0].score, 3)})
            n = len(chosen)
            results["negatives"][kind] = {"available": len(items), "n": n, "flag": round(flagged / n, 4),
                                          "hit": round(hit / n, 4), "spec": round(1 - flagged / n, 4)}
    screen_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    pairs = read_pairs(corpus / args.split / "pairs.csv")
    pairs_by_kind: dict[str, list[dict[str, str]]] = defaultdict(list)
    for i, p in enumerate(pairs):
        p["id"] = str(i)
        pairs_by_kind[p["kind"]].append(p)
    all_scored: list[tuple[float, bool]] = []
    for kind in sorted(pairs_by_kind):
        if wanted is not None and kind not in wanted:
            continue
        chosen = sample(pairs_by_kind[kind], args.pairs_per_kind, args.seed)
        scored = [(matcher.match_names(p["a"], p["b"], p["schema"] or None).score, p["label"] == "1")
                  for p in chosen]
        all_scored.extend(scored)
        stats = prf(scored, threshold)
        label = chosen[0]["label"] == "1"
        results["pairs"][kind] = {"available": len(pairs_by_kind[kind]), "n": len(scored), "label": int(label),
                                  ("recall" if label else "spec"): stats["recall"] if label else
                                  round(stats["tn"] / len(scored), 4)}
    results["pairs_overall"] = prf(all_scored, threshold)
    if args.split == "test" and wanted is None:
        with (args.shared / "eval" / "name_pairs_public.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        scored = [(matcher.match_names(r["name1"], r["name2"], r["schema"]).score, r["is_match"] == "true")
                  for r in rows]
        results["external"]["name_pairs_public"] = prf(scored, threshold)
        with (args.shared / "eval" / "un_persons_treated_pairs.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        scored = [(matcher.match_names(r["query_full_name"], r["candidate_full_name"], "Person").score,
                   r["expected"] == "match") for r in rows]
        results["external"]["un_persons_treated_pairs"] = prf(scored, threshold)
        altered = [s for s, r in zip(scored, rows, strict=True) if r["name_identical"] == "0"]
        results["external"]["un_persons_treated_pairs (names altered)"] = prf(altered, threshold)
    pair_seconds = time.perf_counter() - t0
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    results["meta"] = {
        "matcher": matcher.name, "split": args.split, "threshold": threshold,
        "review_threshold": matcher.review_threshold, "per_kind": args.per_kind, "synthetic": args.synthetic,
        "pairs_per_kind": args.pairs_per_kind, "sample_seed": args.seed, "schema_given": not args.no_schema,
        "corpus_seed": manifest.get("seed"), "corpus_matches_manifest": not problems,
        "split_entities": manifest.get("counts", {}).get(args.split, {}).get("entities"),
        "lists": [x.path for x in lists], "index_seconds": round(index_seconds, 1),
        "screen_seconds": round(screen_seconds, 1), "screens": screened, "pair_seconds": round(pair_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    results["failures"] = dict(failures)
    return results


def table(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [f"matcher {meta['matcher']}  split {meta['split']}  threshold {meta['threshold']} "
             f"(review from {meta['review_threshold']})  {meta['split_entities']} entities in the split",
             "", f"{'positives (variants)':<24}{'avail':>7}{'n':>6}{'recall@1':>10}{'hit@1':>8}{'cand@k':>8}"
             f"{'pair R':>8}"]
    for kind, r in results["positives"].items():
        pr = results["pairs"].get(kind, {}).get("recall", "")
        lines.append(f"{kind:<24}{r['available']:>7}{r['n']:>6}{r['recall@1']:>10.3f}{r['hit@1']:>8.3f}"
                     f"{r['cand@k']:>8.3f}{pr:>8}")
    if "alias" in results["pairs"]:
        a = results["pairs"]["alias"]
        lines.append(f"{'alias (pairs only)':<24}{a['available']:>7}{a['n']:>6}{'':>10}{'':>8}{'':>8}{a['recall']:>8}")
    lines += ["", f"{'hard negatives':<24}{'avail':>7}{'n':>6}{'spec':>10}{'flag':>8}{'hit':>8}{'pair spec':>10}"]
    for kind, r in results["negatives"].items():
        ps = results["pairs"].get(kind, {}).get("spec", "")
        lines.append(f"{kind:<24}{r['available']:>7}{r['n']:>6}{r['spec']:>10.3f}{r['flag']:>8.3f}{r['hit']:>8.3f}"
                     f"{ps:>10}")
    for kind, r in results["pairs"].items():
        if kind not in results["negatives"] and not r["label"]:
            lines.append(f"{kind + ' (pairs only)':<24}{r['available']:>7}{r['n']:>6}{'':>10}{'':>8}{'':>8}"
                         f"{r['spec']:>10}")
    o = results["pairs_overall"]
    lines += ["", f"all sampled pairs: n {o['n']}  P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}"]
    for name, e in results["external"].items():
        lines.append(f"external {name}: n {e['n']}  P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}")
    lines.append(f"\n{meta['screens']} screens in {meta['screen_seconds']} s, pairs {meta['pair_seconds']} s, "
                 f"index {meta['index_seconds']} s, total {meta['total_seconds']} s")
    return "\n".join(lines)


def compare(paths: list[Path]) -> str:
    """Markdown: the per-kind figures of several JSON reports side by side (e.g. v1 and v2 on test)."""
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    heads = [f"{r['meta']['matcher']} {r['meta']['split']}" for r in reports]
    lines = ["| kind | measure | " + " | ".join(heads) + " |", "|---|---|" + "---|" * len(reports)]
    kinds = list(dict.fromkeys(k for r in reports for k in r["positives"]))
    for kind in kinds:
        for measure in ("recall@1", "cand@k"):
            cells = [f"{r['positives'][kind][measure]:.3f}" if kind in r["positives"] else "" for r in reports]
            lines.append(f"| {kind} | {measure} | " + " | ".join(cells) + " |")
    for kind in dict.fromkeys(k for r in reports for k in r["negatives"]):
        cells = [f"{r['negatives'][kind]['spec']:.3f}" if kind in r["negatives"] else "" for r in reports]
        lines.append(f"| {kind} | spec | " + " | ".join(cells) + " |")
    for kind in dict.fromkeys(k for r in reports for k, v in r["pairs"].items() if not v["label"]):
        cells = [f"{r['pairs'][kind]['spec']:.3f}" if kind in r["pairs"] else "" for r in reports]
        lines.append(f"| {kind} | pair spec | " + " | ".join(cells) + " |")
    for name in dict.fromkeys(k for r in reports for k in r["external"]):
        cells = [f"{r['external'][name]['f1']:.3f}" if name in r["external"] else "" for r in reports]
        lines.append(f"| {name} | F1 | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matcher", default="stackclear-v1", help="a matcher name from the registry")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--per-kind", type=int, default=2500, help="queries sampled per kind (default 2500)")
    parser.add_argument("--synthetic", type=int, default=25000, help="synthetic people sampled (default 25000)")
    parser.add_argument("--pairs-per-kind", type=int, default=4000, help="pairs sampled per kind (default 4000)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed")
    parser.add_argument("--kinds", default=None, help="only these kinds, comma-separated (e.g. qualifier,nickname)")
    parser.add_argument("--threshold", type=float, default=None, help="decision threshold (matcher default)")
    parser.add_argument("--no-schema", action="store_true", help="screen by name alone, without the schema")
    parser.add_argument("--failures", type=int, default=5, help="misses kept per kind in the JSON report")
    parser.add_argument("--allow-mismatch", action="store_true", help="run on a corpus unlike the manifest")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON report")
    parser.add_argument("--compare", type=Path, nargs="+", default=None, metavar="REPORT",
                        help="print the per-kind figures of these JSON reports side by side (markdown) and exit")
    args = parser.parse_args()
    if args.compare:
        print(compare(args.compare))
        return 0
    try:
        get_matcher(args.matcher)
    except StackclearError as exc:
        print(f"error: --matcher: {exc}", file=sys.stderr)
        return 2
    if not (args.corpus / args.split / "queries.jsonl").exists():
        print(f"error: no corpus at {args.corpus}; run .venv/bin/python bench/eval_corpus/build.py first",
              file=sys.stderr)
        return 2
    results = evaluate(args)
    out = args.json or args.corpus / f"results-{args.matcher}-{args.split}.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"JSON report: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
