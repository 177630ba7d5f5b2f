"""Request and response models of the API, each with an example (shown in /openapi.json).

Responses keep the JSON of the CLI contracts (DESIGN.md) — ``screen`` lines, ``classify chips`` lines, the
``evaluate --json`` object — so models list the contract keys and allow the extra keys the core adds.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_BATCH = 1000
MAX_TEXT = 500
#: A datasheet figure (TOPS, mm², GB/s): finite and far beyond any real chip, so the arithmetic stays finite.
Figure = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class ErrorBody(BaseModel):
    model_config = _examples({"code": "invalid_input", "message": "name: is empty; expected a party name",
                              "details": {"field": "name"}})
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """The one error shape of every endpoint."""

    model_config = _examples({"error": {"code": "forbidden", "message": "this endpoint needs the reviewer role"}})
    error: ErrorBody


class Health(BaseModel):
    model_config = _examples({"status": "ok", "version": "0.1.0"})
    status: Literal["ok"]
    version: str


class Ready(BaseModel):
    model_config = _examples({"ready": True, "reason": "imported 2026-12-07, 0 day(s) old, within the 7-day limit",
                              "snapshot": "20261207T101500Z-1a2b3c"})
    ready: bool
    reason: str
    snapshot: str | None = None


class ScreenRequest(BaseModel):
    """One party to screen (the ``screen`` JSONL input line)."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", json_schema_extra={
        "examples": [{"name": "Huawei Technologies Co., Ltd.", "country": "CN", "schema": "Company"}]})
    id: str | None = Field(None, max_length=MAX_TEXT, description="Caller's reference, echoed back.")
    name: str = Field(..., max_length=MAX_TEXT, description="The party's name.")
    schema_: str | None = Field(None, alias="schema", max_length=40,
                                description="Person, Company, Organization, LegalEntity, Vessel, Aircraft.")
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2 country.")
    address: str | None = Field(None, max_length=2000)


class Hit(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "entry_id": "csl-1234", "source": "Entity List (EL) - Bureau of Industry and Security", "name":
        "Huawei Technologies Co., Ltd.", "matched_name": "Huawei Technologies Co., Ltd.", "score": 1.0,
        "license_requirement": "For all items subject to the EAR.", "license_policy": "Presumption of denial.",
        "explanation": {"tokens": [{"query": "huawei", "list": "huawei", "similarity": 1.0}]}}]})
    entry_id: str
    source: str
    name: str
    matched_name: str
    score: float
    license_requirement: str | None = None
    license_policy: str | None = None


class ScreenResult(BaseModel):
    """One ``screen`` output line: hits sorted by score and the decision (clear | hit | review)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "api", "decision": "hit", "hits": [], "reasons": ["1 listed name(s) score >= 0.85"],
        "matcher": "stackclear-v1", "threshold": 0.85, "lists": []}]})
    id: str
    hits: list[Hit]
    decision: Literal["clear", "hit", "review"]


class LineError(BaseModel):
    model_config = _examples({"id": "7", "error": "name: is empty; expected a party name"})
    id: str
    error: str


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"parties": [
        {"id": "1", "name": "Huawei Technologies", "country": "CN"}, {"id": "2", "name": "Acme Robotics GmbH"}]}]})
    parties: list[ScreenRequest] = Field(..., max_length=MAX_BATCH, description=f"At most {MAX_BATCH} parties.")


class BatchResult(BaseModel):
    model_config = _examples({"results": [{"id": "1", "hits": [], "decision": "clear"}]})
    results: list[ScreenResult | LineError]


class ChipRequest(BaseModel):
    """A ``classify chips`` input line: a chip's dense TOPS per precision and what is known of it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "id": "h100", "tops": {"fp16": 989.4}, "die_area_mm2": 814, "datacenter": True,
        "memory_bandwidth_gbs": 3350, "interconnect_gbs": 900}]})
    id: str = Field("chip", max_length=MAX_TEXT)
    tops: dict[Literal["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"], Figure] | None = None
    catalog: str | None = Field(None, max_length=MAX_TEXT, description="A catalog name instead of figures.")
    kind: Literal["chip", "hbm"] | None = None
    die_area_mm2: Figure | None = None
    datacenter: bool | Literal["ambiguous"] | None = None
    memory_bandwidth_gbs: Figure | None = None
    interconnect_gbs: Figure | None = None
    package_area_mm2: Figure | None = None


class Reason(BaseModel):
    model_config = _examples({"rule": "eccn.3A090.a1_tpp_min", "citation": "15 CFR 774 Supp. 1, 3A090.a.1",
                              "text": "TPP 15,830 >= 4,800"})
    rule: str
    citation: str
    text: str


class ChipResult(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "h100", "eccn": "3A090.a", "paragraph": "a.1", "tpp": 15830.4, "performance_density": 19.45,
        "nac_eligible": False, "citations": ["15 CFR 774 Supp. 1, 3A090.a.1"]}]})
    id: str
    eccn: str
    paragraph: str | None
    tpp: float | None
    performance_density: float | None
    nac_eligible: bool
    citations: list[str]


PACKAGE_EXAMPLE: dict[str, Any] = {
    "name": "Sovereign AI cloud, phase 1", "date": "2024-06-01", "destination": "SA",
    "parties": [{"role": "end_user", "name": "Example Cloud Co.", "country": "SA", "headquarters": "SA"}],
    "end_uses": ["datacenter"],
    "items": [{"id": "gpus", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB",
               "quantity": 1024}],
}


class Determination(BaseModel):
    """The ``evaluate --json`` object: the strictest verdict, per-item and per-party reasons with citations."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "verdict": "LICENSE_REQUIRED", "items": [{"id": "gpus", "eccn": "3A090.a", "verdict": "LICENSE_REQUIRED",
                                                  "review_policy": "presumption_of_denial", "reasons": []}],
        "parties": [{"name": "Example Cloud Co.", "hits": []}], "rule_set": "2026.11", "lists": []}]})
    verdict: Literal["NO_LICENSE_REQUIRED", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "PROHIBITED", "HOLD"]
    items: list[dict[str, Any]]
    parties: list[dict[str, Any]]
    rule_set: str
    lists: list[Any]


class DiffRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", json_schema_extra={"examples": [{
        "package": PACKAGE_EXAMPLE, "from": "2023-11-16", "to": "2023-11-17"}]})
    package: dict[str, Any]
    from_: dt.date = Field(..., alias="from")
    to: dt.date


class PackageDiff(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "name": "Sovereign AI cloud, phase 1", "from": "2023-11-16", "to": "2023-11-17",
        "verdict_from": "NO_LICENSE_REQUIRED", "verdict_to": "LICENSE_REQUIRED", "items": [],
        "rule_changes": []}]})
    name: str
    verdict_from: str
    verdict_to: str
    items: list[dict[str, Any]]
    rule_changes: list[dict[str, Any]]


class ListStatus(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "fresh": True, "reason": "imported 2026-12-07, 0 day(s) old", "age_days": 0, "max_age_days": 7}]})
    fresh: bool
    reason: str


class Snapshot(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "20261207T101500Z-1a2b3c", "imported_at": "2026-12-07T10:15:00+00:00", "as_of": "2026-12-05",
        "origin": "import", "counts": {"EL": 812, "SDN": 120}, "files": []}]})
    id: str
    imported_at: str
    as_of: str | None
    origin: str
    counts: dict[str, int]
    files: list[dict[str, Any]]


class CatalogChip(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "name": "NVIDIA H100 SXM5 80GB", "kind": "chip", "eccn": "3A090.a", "tpp": 15830.4,
        "performance_density": 19.45, "error": None}]})
    name: str
    kind: str
    eccn: str | None
    tpp: float | None
    performance_density: float | None
    error: str | None = None


class Me(BaseModel):
    model_config = _examples({"name": "alice", "role": "screener", "key_id": "k_1a2b", "via": "key"})
    name: str
    role: str
    key_id: str | None
    via: str


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in ((401, "No valid API key"), (403, "Role too low"), (413, "Body too large"),
                         (422, "Invalid input"))
}
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {422: ERRORS[422], 413: ERRORS[413]}
