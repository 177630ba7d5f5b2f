"""Shared packages and screeners for the matrix/readiness tests (not a conftest: see tests/cli_determine)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from stackclear.model.package import Package

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "packages"
SAMPLE_LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
COMPLETE = EXAMPLES / "gulf_sovereign_ai_gcc_program.yaml"
INCOMPLETE = EXAMPLES / "asean_ai_stack_draft_incomplete.yaml"


@cache
def sample_screener() -> Any:
    from stackclear.screening.screen import Screener
    from stackclear.screening.sources import load_list

    return Screener.from_lists([load_list(str(SAMPLE_LIST))])


class CountingScreener:
    """Counts the queries that reach the real screener."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.queries: list[tuple[str, str | None]] = []

    def screen(self, query: Any) -> Any:
        self.queries.append((query.name, query.country))
        return self.inner.screen(query)


def mixed_package(destination: str = "MY", **extra: Any) -> Package:
    """Every kind of line the rules treat differently, parties with a Chinese parent and an owner."""
    items = [
        {"id": "h100", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB", "quantity": 64},
        {"id": "h100-again", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB", "quantity": 8},
        {"id": "h20", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H20 96GB", "quantity": 100},
        {"id": "h200-nodes", "layer": "hardware", "kind": "computer",
         "contains": [{"catalog": "NVIDIA H200 SXM 141GB", "quantity": 8}]},
        {"id": "rtx", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA GeForce RTX 4090", "quantity": 20},
        {"id": "l40s", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA L40S", "quantity": 16},
        {"id": "hbm", "layer": "hardware", "kind": "hbm", "memory_bandwidth_gbs": 819, "package_area_mm2": 110},
        {"id": "weights", "layer": "models", "kind": "model_weights", "training_ops": 3e26},
        {"id": "z-switch", "layer": "networking", "kind": "networking", "eccn": "5A992.z"},
        {"id": "sw", "layer": "software", "kind": "software", "eccn": "5D992"},
        {"id": "app", "layer": "applications", "kind": "application"},
    ]
    parties = [
        {"role": "end_user", "name": "Johor Digital Compute Sdn. Bhd.", "country": destination,
         "owners": [{"name": "Example Holding Ltd.", "country": "SG", "share": 0.6}]},
        {"role": "consignee", "name": "Johor Digital Compute Sdn. Bhd.", "country": destination},
        {"role": "purchaser", "name": "Pearl River Compute Ltd.", "country": "SG", "headquarters": "CN"},
    ]
    data = {"name": "mixed", "destination": destination, "parties": parties, "end_uses": ["datacenter"],
            "items": items, **extra}
    return Package.model_validate(data)
