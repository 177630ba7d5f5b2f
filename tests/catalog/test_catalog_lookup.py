"""Forgiving lookup: spelling variants find the right entry; ambiguous and unknown names say why."""

from __future__ import annotations

import pytest

from stackclear.catalog import AmbiguousCatalogName, lookup
from stackclear.errors import CatalogError


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("h100 sxm", "NVIDIA H100 SXM5 80GB"),
        ("H100-SXM5-80GB", "NVIDIA H100 SXM5 80GB"),
        ("H100SXM5", "NVIDIA H100 SXM5 80GB"),
        ("nvidia  h100   PCIe", "NVIDIA H100 PCIe 80GB"),
        ("sxm5 h100", "NVIDIA H100 SXM5 80GB"),
        ("h20", "NVIDIA H20 96GB"),
        ("HGX H20", "NVIDIA HGX H20 8-GPU"),
        ("rtx 4090d", "NVIDIA GeForce RTX 4090D"),
        ("RTX 4090 D", "NVIDIA GeForce RTX 4090D"),
        ("geforce 4090d", "NVIDIA GeForce RTX 4090D"),
        ("rtx 4090", "NVIDIA GeForce RTX 4090"),
        ("geforce 4090", "NVIDIA GeForce RTX 4090"),
        ("b200", "NVIDIA B200 (HGX, per GPU)"),
        ("dgx b200", "NVIDIA DGX B200"),
        ("mi300x", "AMD Instinct MI300X"),
        ("MI 300X", "AMD Instinct MI300X"),
        ("tpu v5e", "Google TPU v5e"),
        ("gaudi 2", "Intel Gaudi 2 (HL-225H)"),
        ("ascend 910b", "Huawei Ascend 910B"),
    ],
)
def test_lookup_variants(query: str, expected: str) -> None:
    assert lookup(query).name == expected


@pytest.mark.parametrize("query", ["h100", "a100", "mi300"])
def test_ambiguous_short_names_list_the_candidates(query: str) -> None:
    with pytest.raises(AmbiguousCatalogName) as info:
        lookup(query)
    assert len(info.value.suggestions) >= 2
    assert all(query.replace(" ", "") in s.lower().replace(" ", "") for s in info.value.suggestions)
    assert "ambiguous" in str(info.value)


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(CatalogError) as info:
        lookup("H100 SXN")
    assert info.value.suggestions[0] == "NVIDIA H100 SXM5 80GB"
    assert "did you mean" in str(info.value)


def test_empty_name_is_an_error() -> None:
    with pytest.raises(CatalogError):
        lookup("  --  ")


def test_very_ambiguous_name_keeps_all_candidates_but_a_short_message() -> None:
    with pytest.raises(AmbiguousCatalogName) as info:
        lookup("nvidia")
    assert len(info.value.suggestions) > 20
    assert "more" in str(info.value) and len(str(info.value)) < 500


@pytest.mark.parametrize(
    ("query", "expected"),
    [("mi3000x", "AMD Instinct MI300X"), ("rtx4090ti", "NVIDIA GeForce RTX 4090"),
     ("nvidia h100 sxn", "NVIDIA H100 SXM5 80GB")],
)
def test_typos_suggest_the_intended_entry_first(query: str, expected: str) -> None:
    with pytest.raises(CatalogError) as info:
        lookup(query)
    assert info.value.suggestions[0] == expected


def test_nothing_alike_suggests_nothing() -> None:
    with pytest.raises(CatalogError) as info:
        lookup("Frobnitz 9000")
    assert info.value.suggestions == []
