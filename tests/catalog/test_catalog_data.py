"""The shipped catalog: size, sources, and classifications that must hold (public set and famous cases)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from conftest import shared_file
from stackclear.catalog import classify_catalog_item, default_catalog, lookup
from stackclear.catalog.catalog import CHIP_FIGURES
from stackclear.classify.spec import PRECISION_BITS
from stackclear.errors import SpecError

NOV_2023 = dt.date(2023, 11, 17)
OCT_2022_RULE = dt.date(2023, 6, 1)
CSV_PRECISIONS = {
    "fp64_tflops_dense": "fp64", "fp32_tflops_dense": "fp32", "tf32_tflops_dense": "tf32",
    "fp16_bf16_tflops_dense": "fp16", "fp8_tflops_dense": "fp8", "int8_tops_dense": "int8",
    "int4_or_fp4_tops_dense": "int4",
}


def test_catalog_is_large_and_covers_vendors() -> None:
    catalog = default_catalog()
    assert len(catalog) >= 40
    vendors = {e.vendor for e in catalog}
    assert {"NVIDIA", "AMD", "Intel", "Huawei", "Google", "AWS", "Biren", "Cambricon"} <= vendors
    assert sum(e.kind == "system" for e in catalog) >= 8


def test_every_figure_has_a_source() -> None:
    for entry in default_catalog():
        present = [k for k in CHIP_FIGURES if entry.data.get(k) is not None]
        if entry.kind == "system":
            present.append("contains")
        for key in present:
            assert entry.sources.get(key), f"{entry.name}: {key} without a source"


def test_every_entry_classifies_or_names_the_missing_die_area() -> None:
    day = dt.date(2025, 1, 1)
    unsettled = []
    for entry in default_catalog():
        try:
            result = classify_catalog_item(entry, day)
        except SpecError as exc:
            assert exc.field == "die_area_mm2", f"{entry.name}: {exc}"
            assert entry.data.get("die_area_mm2") is None
            unsettled.append(entry.name)
            continue
        assert result.citations(), entry.name
    assert len(unsettled) <= 3, unsettled


def _csv_tpp(row: dict[str, str]) -> float:
    return max(float(row[col]) * PRECISION_BITS[p] for col, p in CSV_PRECISIONS.items() if row[col])


def test_public_chips_classify_as_expected_through_the_catalog() -> None:
    path = shared_file("chips", "chips_public.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 16
    for row in rows:
        entry = lookup(row["model"])
        assert entry.vendor == row["vendor"], row["model"]
        assert entry.data["die_area_mm2"] == pytest.approx(float(row["die_area_mm2"])), row["model"]
        for day in (NOV_2023, dt.date(2025, 6, 1)):
            result = classify_catalog_item(entry, day)
            assert result.tpp == pytest.approx(_csv_tpp(row), rel=1e-3), row["model"]
            assert result.eccn == row["expected_eccn_2023"], (row["model"], day, result.reasons)
            assert result.nac_eligible == (row["expected_nac_eligible"] == "yes"), row["model"]


@pytest.mark.parametrize("name", ["A800 SXM4 80GB", "H800 SXM5 80GB"])
def test_interconnect_cut_parts_escaped_the_2022_rule_but_not_the_2023_one(name: str) -> None:
    entry = lookup(name)
    assert classify_catalog_item(entry, OCT_2022_RULE).eccn == "not 3A090"
    assert classify_catalog_item(entry, NOV_2023).eccn == "3A090.a"


def test_famous_cases() -> None:
    h20 = classify_catalog_item(lookup("h20"), NOV_2023)
    assert h20.eccn == "not 3A090" and h20.tpp == pytest.approx(2368)
    assert h20.performance_density == pytest.approx(2.91, abs=0.01)
    rtx4090 = classify_catalog_item(lookup("rtx 4090"), NOV_2023)
    assert rtx4090.eccn == "3A090.a" and rtx4090.nac_eligible
    assert classify_catalog_item(lookup("rtx 4090d"), NOV_2023).eccn == "not 3A090"
    assert classify_catalog_item(lookup("h100 sxm"), dt.date(2022, 10, 6)).eccn == "not 3A090"
    assert classify_catalog_item(lookup("h100 sxm"), dt.date(2022, 10, 7)).eccn == "3A090.a"


def test_ambiguous_datacenter_status_is_kept_and_not_relied_on() -> None:
    entry = lookup("rtx 6000 ada")
    assert entry.datacenter_label == "ambiguous"
    result = classify_catalog_item(entry, NOV_2023)
    assert result.eccn == "3A090.a" and not result.nac_eligible
    assert any("ambiguous" in c for c in result.all_caveats())
