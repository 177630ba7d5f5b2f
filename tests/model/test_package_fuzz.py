"""Robustness: whatever a file holds, loading either succeeds or raises PackageError naming the file —
never a pydantic ValidationError, a YAML error or a crash."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from stackclear.errors import PackageError
from stackclear.model.io import parse_package

KEYS = ["name", "date", "destination", "export_from", "parties", "end_uses", "items", "lists", "policy", "bom",
        "id", "layer", "kind", "catalog", "quantity", "contains", "tops", "role", "country", "owners", "share",
        "training_ops", "published", "memory_bandwidth_gbs", "package_area_mm2", "datacenter", "zz"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
                    st.sampled_from(["CN", "SA", "chip", "hardware", "NVIDIA H100 SXM5 80GB", "2024-06-01", "", "x"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)), max_leaves=12)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_any_json_document_loads_or_fails_with_a_package_error(doc: dict[str, object]) -> None:
    text = json.dumps(doc, allow_nan=True)
    try:
        parse_package(text, source="fuzz.json")
    except PackageError as exc:
        assert str(exc).startswith("fuzz.json")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_package_error(text: str) -> None:
    try:
        parse_package(text, source="fuzz.yaml")
    except PackageError as exc:
        assert str(exc).startswith("fuzz.yaml")


@settings(max_examples=100, deadline=None)
@given(documents)
def test_any_yaml_document_loads_or_fails_with_a_package_error(doc: dict[str, object]) -> None:
    try:
        parse_package(yaml.safe_dump(doc, sort_keys=False), source="fuzz.yaml")
    except PackageError as exc:
        assert str(exc).startswith("fuzz.yaml")
