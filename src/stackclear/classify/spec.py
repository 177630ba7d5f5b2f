"""Chip specifications: the validated input of classification.

``tops`` are dense peak TOPS/TFLOPS per precision, as datasheets print them (sparse figures halved).
A chip with several processing units may give ``units``: one ``tops`` mapping per unit; their TPPs are
summed (3A090 Technical Note: TPP = TPP1 + ... + TPPn).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from stackclear.errors import SpecError

#: Bit length of the multiply inputs per precision (3A090 Technical Note 1: the largest input bit length;
#: the accumulator does not count). TF32 is carried in a 32-bit container: counted as 32 (conservative;
#: RULES_BRIEF §10 q5 — it changes no known classification because TF32 rates are half the FP16 rates).
PRECISION_BITS: dict[str, int] = {
    "fp64": 64, "fp32": 32, "tf32": 32, "fp16": 16, "bf16": 16,
    "fp8": 8, "int8": 8, "int4": 4, "fp4": 4,
}


@dataclass(frozen=True, slots=True)
class ChipSpec:
    """A validated IC description. ``datacenter`` None means "ambiguous" (treated as datacenter, with a caveat)."""

    id: str
    units: tuple[Mapping[str, float], ...]
    die_area_mm2: float | None = None
    datacenter: bool | None = True
    memory_bandwidth_gbs: float | None = None
    interconnect_gbs: float | None = None
    name: str | None = None


def _number(raw: object, field: str, *, allow_zero: bool = False) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise SpecError(field, f"expected a number, got {raw!r}")
    value = float(raw)
    if math.isnan(value) or math.isinf(value):
        raise SpecError(field, f"expected a finite number, got {raw!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise SpecError(field, f"expected a {'non-negative' if allow_zero else 'positive'} number, got {raw!r}")
    return value


def _optional_number(raw: object, field: str) -> float | None:
    return None if raw is None else _number(raw, field)


def parse_tops(raw: object, field: str) -> dict[str, float]:
    if not isinstance(raw, Mapping) or not raw:
        raise SpecError(field, "expected a non-empty mapping of precision to dense TOPS, e.g. {\"fp16\": 989.4}")
    out: dict[str, float] = {}
    for key, value in raw.items():
        precision = str(key).lower()
        if precision not in PRECISION_BITS:
            raise SpecError(f"{field}.{key}", f"unknown precision; expected one of {', '.join(PRECISION_BITS)}")
        if value is None:
            continue
        out[precision] = _number(value, f"{field}.{key}", allow_zero=True)
    if not out or all(v == 0 for v in out.values()):
        raise SpecError(field, "at least one precision needs a positive throughput")
    return out


def parse_datacenter(raw: object, field: str = "datacenter") -> bool | None:
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return True
    if isinstance(raw, str):
        low = raw.strip().lower()
        if low in {"y", "yes", "true"}:
            return True
        if low in {"n", "no", "false"}:
            return False
        if low in {"ambiguous", "unknown", "?"}:
            return None
    raise SpecError(field, f"expected true, false or \"ambiguous\", got {raw!r}")


def chip_spec_from_dict(data: Mapping[str, object], *, default_id: str = "") -> ChipSpec:
    """Build a :class:`ChipSpec` from the JSON contract shape; raises :class:`SpecError` naming the field."""
    if not isinstance(data, Mapping):
        raise SpecError("", f"expected a JSON object, got {type(data).__name__}")
    ident = data.get("id", default_id)
    if ident is None or not isinstance(ident, str | int):
        raise SpecError("id", f"expected a string, got {ident!r}")
    units_raw = data.get("units")
    if units_raw is not None:
        if not isinstance(units_raw, list) or not units_raw:
            raise SpecError("units", "expected a non-empty list of {\"tops\": {...}} per processing unit")
        units = []
        for i, unit in enumerate(units_raw):
            tops = unit.get("tops") if isinstance(unit, Mapping) else None
            units.append(parse_tops(tops, f"units[{i}].tops"))
    elif "tops" in data:
        units = [parse_tops(data["tops"], "tops")]
    else:
        raise SpecError("tops", "missing: give dense TOPS per precision, e.g. {\"fp16\": 989.4}")
    name = data.get("name")
    return ChipSpec(
        id=str(ident),
        units=tuple(units),
        die_area_mm2=_optional_number(data.get("die_area_mm2"), "die_area_mm2"),
        datacenter=parse_datacenter(data.get("datacenter")),
        memory_bandwidth_gbs=_optional_number(data.get("memory_bandwidth_gbs"), "memory_bandwidth_gbs"),
        interconnect_gbs=(
            None if data.get("interconnect_gbs") is None
            else _number(data.get("interconnect_gbs"), "interconnect_gbs", allow_zero=True)
        ),
        name=None if name is None else str(name),
    )
