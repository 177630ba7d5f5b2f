"""A determination dict in the documented ``evaluate --json`` shape, for renderer tests that must not depend
on the engine's current rule data."""

from __future__ import annotations

from typing import Any

from stackclear.model.io import parse_package
from stackclear.model.package import Package

PACKAGE_YAML = """\
name: H100 cluster for a Malaysian subsidiary of a Chinese group
date: 2024-06-01
destination: MY
parties:
  - {role: end_user, name: "Example Malaysia Sdn. Bhd.", country: MY, headquarters: CN}
items:
  - {id: gpus, layer: hardware, kind: chip, catalog: "NVIDIA H100 SXM5 80GB", quantity: 1024}
  - {id: nodes, layer: hardware, kind: computer, description: "8-GPU server",
     contains: [{catalog: "NVIDIA H100 SXM5 80GB", quantity: 8}], quantity: 128}
  - {id: app, layer: applications, kind: application}
"""

WHY = [
    {"rule": "eccn.3A090.tpp_a", "citation": "15 CFR 774 Supp. 1, 3A090.a.1; 88 FR 73458",
     "text": "TPP 15,830 ≥ 4,800 (989.4 TFLOPS FP16 × 16)"},
    {"rule": "end_use.controls.hq_d5", "citation": "15 CFR 744.23(a)(3); 88 FR 73458",
     "text": "end user headquartered in China (D:5) → license required"},
]


def sample() -> tuple[dict[str, Any], Package]:
    package = parse_package(PACKAGE_YAML, source="sample.yaml").package
    determination: dict[str, Any] = {
        "name": package.name, "verdict": "LICENSE_REQUIRED", "as_of": "2024-06-01", "destination": "MY",
        "export_from": "US", "rule_set": "2026.11", "matcher": "stackclear-v1",
        "lists": [{"source": "CSL", "as_of": "2022-05-06", "sha256": "80e780b9aa", "entries": 12}],
        "caveats": ["review policy for HQ-rule cases outside D:5 is unverified"],
        "items": [
            {"id": "gpus", "kind": "chip", "eccn": "3A090.a", "paragraph": "a.1", "quantity": 1024,
             "verdict": "LICENSE_REQUIRED", "review_policy": "presumption_of_denial", "reasons": WHY},
            {"id": "nodes", "kind": "computer", "eccn": "4A090.a", "quantity": 128,
             "verdict": "LICENSE_REQUIRED", "review_policy": "presumption_of_denial", "reasons": WHY},
            {"id": "app", "kind": "application", "eccn": "EAR99", "quantity": 1,
             "verdict": "NO_LICENSE_REQUIRED", "reasons": [
                 {"rule": "", "citation": "", "text": "application software | not on the CCL <by default>"}]},
        ],
        "parties": [{"name": "Example Malaysia Sdn. Bhd.", "role": "end_user", "country": "MY",
                     "decision": "clear", "verdict": "NO_LICENSE_REQUIRED", "hits": [], "reasons": []}],
        "rules_read": [],
    }
    return determination, package
