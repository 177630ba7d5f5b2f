"""Chip metrics: total processing performance (TPP), performance density, HBM bandwidth density."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stackclear.classify.spec import PRECISION_BITS
from stackclear.errors import SpecError


def unit_tpp(tops: Mapping[str, float]) -> tuple[float, str]:
    """TPP of one processing unit: max over precisions of dense TOPS × input bit length, and which precision."""
    best = -1.0
    best_precision = ""
    for precision, rate in tops.items():
        value = rate * PRECISION_BITS[precision]
        # ties (A100: 156 TF32 × 32 = 312 FP16 × 16) name the shorter format, the datasheet's headline rate
        if value > best or (value == best and PRECISION_BITS[precision] < PRECISION_BITS[best_precision]):
            best, best_precision = value, precision
    return round(best, 6), best_precision


def total_processing_performance(units: Iterable[Mapping[str, float]]) -> float:
    """TPP summed over processing units (3A090 Technical Note 1)."""
    if isinstance(units, tuple) and len(units) == 1:  # the common case: one processing unit
        return unit_tpp(units[0])[0]
    return round(sum(unit_tpp(u)[0] for u in units), 6)


def tpp_arithmetic(units: Iterable[Mapping[str, float]]) -> str:
    """Human-readable arithmetic, e.g. ``989.4 TFLOPS FP16 × 16 = 15,830``."""
    parts = []
    for tops in units:
        value, precision = unit_tpp(tops)
        parts.append(f"{tops[precision]:g} {precision.upper()} × {PRECISION_BITS[precision]} = {value:,.0f}")
    return " + ".join(parts)


def performance_density(tpp: float, die_area_mm2: float | None) -> float | None:
    """TPP ÷ applicable die area (mm² of non-planar logic dies); None when the area is unknown."""
    if die_area_mm2 is None:
        return None
    if die_area_mm2 <= 0:
        raise SpecError("die_area_mm2", f"expected a positive area in mm², got {die_area_mm2!r}")
    return round(tpp / die_area_mm2, 9)


def hbm_bandwidth_density(memory_bandwidth_gbs: float, package_area_mm2: float) -> float:
    """Memory bandwidth density of an HBM stack or package, GB/s per mm² (3A090.c)."""
    if memory_bandwidth_gbs <= 0:
        raise SpecError("memory_bandwidth_gbs", f"expected a positive bandwidth in GB/s, got {memory_bandwidth_gbs!r}")
    if package_area_mm2 <= 0:
        raise SpecError("package_area_mm2", f"expected a positive area in mm², got {package_area_mm2!r}")
    return round(memory_bandwidth_gbs / package_area_mm2, 9)
