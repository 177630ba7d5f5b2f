"""A broken catalog fails at load time, naming the file, the entry and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from stackclear.catalog.catalog import load_catalog, parse_catalog
from stackclear.errors import SpecError

CHIP: dict[str, Any] = {
    "name": "Test Chip X1", "vendor": "Acme", "kind": "chip", "aliases": ["X1"],
    "tops": {"fp16": 400}, "die_area_mm2": 500, "datacenter": True,
    "sources": {"tops": "Acme datasheet", "die_area_mm2": "Acme whitepaper"},
}


def _load(*entries: dict[str, Any]) -> None:
    parse_catalog({"entries": list(entries)}, "bad.yaml")


def _error(*entries: dict[str, Any]) -> SpecError:
    with pytest.raises(SpecError) as info:
        _load(*entries)
    return info.value


def test_valid_minimal_catalog_loads() -> None:
    catalog = parse_catalog({"entries": [CHIP]}, "ok.yaml")
    assert catalog.lookup("x1").name == "Test Chip X1"


def test_unknown_key_names_entry_and_key() -> None:
    err = _error({**CHIP, "tdp": 300})
    assert "bad.yaml" in str(err) and "Test Chip X1" in str(err) and "tdp" in err.field


def test_figure_without_source() -> None:
    err = _error({**CHIP, "sources": {"tops": "Acme datasheet"}})
    assert err.field.endswith("sources.die_area_mm2")


def test_bad_figure_names_the_precision() -> None:
    err = _error({**CHIP, "tops": {"fp16": -1}})
    assert "Test Chip X1" in err.field and err.field.endswith("tops.fp16")
    err = _error({**CHIP, "tops": {"fp12": 5}})
    assert err.field.endswith("tops.fp12")


def test_datacenter_is_required_for_chips() -> None:
    entry = {k: v for k, v in CHIP.items() if k != "datacenter"}
    assert _error(entry).field.endswith("datacenter")


def test_duplicate_alias_across_entries() -> None:
    other = {**CHIP, "name": "Test Chip X2", "aliases": ["x-1"]}
    err = _error(CHIP, other)
    assert "Test Chip X2" in str(err) and "unique" in str(err)


def test_duplicate_name() -> None:
    assert "duplicate name" in str(_error(CHIP, {**CHIP, "aliases": []}))


def test_system_contents_must_resolve_and_not_cycle() -> None:
    system = {"name": "Box", "vendor": "Acme", "kind": "system",
              "contains": [{"catalog": "Nope", "quantity": 8}], "sources": {"contains": "Acme"}}
    assert "'Nope' is not a catalog entry" in str(_error(CHIP, system))
    loop_a = {**system, "name": "A", "contains": [{"catalog": "B", "quantity": 1}]}
    loop_b = {**system, "name": "B", "contains": [{"catalog": "A", "quantity": 1}]}
    assert "cycle" in str(_error(loop_a, loop_b))
    bad_qty = {**system, "contains": [{"catalog": "Test Chip X1", "quantity": 0}]}
    assert _error(CHIP, bad_qty).field.endswith("contains[0].quantity")


def test_system_cannot_carry_chip_figures() -> None:
    system = {"name": "Box", "vendor": "Acme", "kind": "system", "tops": {"fp16": 1},
              "contains": [{"catalog": "Test Chip X1", "quantity": 8}], "sources": {"contains": "Acme"}}
    assert _error(CHIP, system).field.endswith("tops")


def test_duplicate_yaml_key_and_bad_shape_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("entries:\n  - name: A\n    name: B\n", encoding="utf-8")
    with pytest.raises(SpecError, match="duplicate key"):
        load_catalog(path)
    path.write_text(yaml.safe_dump({"chips": []}), encoding="utf-8")
    with pytest.raises(SpecError, match="entries"):
        load_catalog(path)
