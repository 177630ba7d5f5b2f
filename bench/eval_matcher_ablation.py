"""What each feature of stackclear-v2 contributes: the dev split measured with each feature switched off.

    .venv/bin/python bench/eval_matcher_ablation.py [--split dev] [--per-kind 400] [--synthetic 6000]

Uses bench/eval_matcher.py's evaluation (same sampling) with one index built once; a feature is switched off
through ``stackclear.screening.matchers.v2_names.DISABLED`` (retrieval, i.e. the indexed variants, stays as
it is). Prints, per configuration, recall@1 of each positive kind that moved, the hard-negative specificity,
the synthetic people flagged and the pairs' F1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_matcher  # noqa: E402
from stackclear.screening.caches import clear_query_caches  # noqa: E402
from stackclear.screening.matchers import v2_names  # noqa: E402
from stackclear.screening.screen import Screener  # noqa: E402

FEATURES = ("name_canonical", "name_symbols", "name_abbreviation", "name_skeleton", "acronym",
            "number_mismatch", "legal_form_conflict", "unmatched_names", "unmatched_initial")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--per-kind", type=int, default=400)
    parser.add_argument("--synthetic", type=int, default=6000)
    parser.add_argument("--pairs-per-kind", type=int, default=300)
    parser.add_argument("--allow-mismatch", action="store_true", help="run on a corpus unlike the manifest")
    options = parser.parse_args()
    args = argparse.Namespace(
        matcher="stackclear-v2", split=options.split, corpus=eval_matcher.CORPUS, shared=eval_matcher.SHARED,
        per_kind=options.per_kind, synthetic=options.synthetic, pairs_per_kind=options.pairs_per_kind, seed=0,
        kinds=None, threshold=None, no_schema=False, failures=0, allow_mismatch=options.allow_mismatch, json=None,
        compare=None,
    )
    built: dict[str, Screener] = {}
    original = Screener.from_lists

    def once(lists: Any, matcher: str = "stackclear-v2", threshold: float | None = None) -> Screener:
        if matcher not in built:
            built[matcher] = original(lists, matcher, threshold)
        return built[matcher]

    Screener.from_lists = once  # type: ignore[method-assign]
    runs: dict[str, dict[str, Any]] = {}
    for off in ("(none)", *FEATURES):
        v2_names.DISABLED.clear()
        if off != "(none)":
            v2_names.DISABLED.add(off)
        clear_query_caches()
        runs[off] = eval_matcher.evaluate(args)
    v2_names.DISABLED.clear()
    base = runs["(none)"]
    print(f"stackclear-v2 on {options.split}: recall@1 / specificity with each feature switched off "
          "(only kinds that moved by 0.005 or more)")
    for off, result in runs.items():
        moved = []
        for group, key in (("positives", "recall@1"), ("negatives", "spec")):
            for kind, figures in result[group].items():
                delta = figures[key] - base[group][kind][key]
                if off == "(none)" or abs(delta) >= 0.005:
                    moved.append(f"{kind} {figures[key]:.3f}" + ("" if off == "(none)" else f" ({delta:+.3f})"))
        f1 = result["pairs_overall"]["f1"]
        print(f"- {off}: pairs F1 {f1:.3f}; " + "; ".join(moved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
