"""Systems classify under 4A090 from the chips they contain, at any date."""

from __future__ import annotations

import datetime as dt

import pytest

from stackclear.catalog import classify_catalog_item, classify_catalog_name, lookup
from stackclear.catalog.catalog import parse_catalog

NOV_2023 = dt.date(2023, 11, 17)


def test_dgx_h100_is_4a090a_with_eight_gpus_of_tpp() -> None:
    chip = classify_catalog_item(lookup("h100 sxm"), NOV_2023)
    system = classify_catalog_name("DGX H100", NOV_2023)
    assert system.eccn == "4A090.a" and system.kind == "computer"
    assert system.tpp == pytest.approx(8 * (chip.tpp or 0))
    assert set(chip.citations()) <= set(system.citations())


def test_hgx_h20_is_not_4a090() -> None:
    assert classify_catalog_name("HGX H20", NOV_2023).eccn == "not 4A090"


def test_hgx_a800_time_travel() -> None:
    assert classify_catalog_name("HGX A800", dt.date(2023, 6, 1)).eccn == "not 4A090"
    assert classify_catalog_name("HGX A800", NOV_2023).eccn == "4A090.a"


def test_gb200_nvl72_counts_72_gpus() -> None:
    entry = lookup("GB200 NVL72")
    chip = classify_catalog_item(lookup("gb200"), NOV_2023)
    assert classify_catalog_item(entry, NOV_2023).tpp == pytest.approx(72 * (chip.tpp or 0))


def test_nested_systems_multiply_quantities() -> None:
    chip = {"name": "C", "vendor": "Acme", "kind": "chip", "tops": {"fp16": 400}, "die_area_mm2": 500,
            "datacenter": True, "sources": {"tops": "x", "die_area_mm2": "x"}}
    node = {"name": "Node", "vendor": "Acme", "kind": "system", "contains": [{"catalog": "C", "quantity": 4}],
            "sources": {"contains": "x"}}
    rack = {"name": "Rack", "vendor": "Acme", "kind": "system",
            "contains": [{"catalog": "Node", "quantity": 3}, {"catalog": "C", "quantity": 1}],
            "sources": {"contains": "x"}}
    catalog = parse_catalog({"entries": [chip, node, rack]}, "t.yaml")
    rack_entry = catalog.lookup("rack")
    assert [(e.name, q) for e, q in catalog.contents(rack_entry)] == [("C", 13)]
    result = classify_catalog_item(rack_entry, NOV_2023, catalog=catalog)
    assert result.eccn == "4A090.a" and result.tpp == pytest.approx(13 * 6400)
