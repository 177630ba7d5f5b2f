"""Package input/output speed on a 10,000-line package: loading (YAML vs JSON) and report rendering.

Baseline, measured in the same run: ``json.loads`` of the same document (the floor any loader pays).
Loading adds YAML composition with line tracking, duplicate-key checks, pydantic validation and the catalog
check; rendering is the view model plus the Markdown template over a synthetic determination.
"""

from __future__ import annotations

import json
import time

import yaml

from stackclear.model.io import parse_package
from stackclear.report import build_view, render

N_ITEMS, N_PARTIES = 10_000, 50


def _timed(label: str, fn: object, baseline: float | None = None) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    took = time.perf_counter() - start
    ratio = f"  ({took / baseline:.1f}× json.loads)" if baseline else ""
    print(f"{label:<38} {took:7.3f} s  {N_ITEMS / took:>10,.0f} items/s{ratio}")
    return took


def main() -> None:
    items = [{"id": f"i{n}", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB",
              "quantity": 8} for n in range(N_ITEMS)]
    parties = [{"role": "end_user", "name": f"Example Party {n} Ltd.", "country": "SA"} for n in range(N_PARTIES)]
    doc = {"name": "bench", "destination": "SA", "date": "2025-06-01", "parties": parties, "items": items}
    ytext, jtext = yaml.safe_dump(doc, sort_keys=False), json.dumps(doc)
    parse_package(json.dumps({**doc, "items": items[:2]}), source="warm-up")
    base = _timed("baseline json.loads", lambda: json.loads(jtext))
    _timed("parse_package (JSON)", lambda: parse_package(jtext, source="bench.json"), base)
    _timed("parse_package (YAML, libyaml parser)", lambda: parse_package(ytext, source="bench.yaml"), base)
    package = parse_package(jtext, source="bench.json").package
    reasons = [{"rule": "eccn.3A090.a1_tpp_min", "citation": "15 CFR 774 Supp. 1, ECCN 3A090.a.1; 88 FR 73458",
                "text": "TPP 15,831 ≥ 4,800"}]
    determination = {"verdict": "LICENSE_REQUIRED", "as_of": "2025-06-01", "rule_set": "bench", "lists": [],
                     "items": [{"id": i["id"], "eccn": "3A090.a", "quantity": 8, "verdict": "LICENSE_REQUIRED",
                                "review_policy": "case_by_case", "reasons": reasons} for i in items],
                     "parties": [{"name": p["name"], "hits": [], "decision": "clear",
                                  "verdict": "NO_LICENSE_REQUIRED"} for p in parties]}
    _timed("build_view + render markdown", lambda: render(build_view(determination, package), "markdown"), base)


if __name__ == "__main__":
    main()
