"""The screen endpoint writes its JSON without ``dataclasses.asdict`` (the hot path): it must be the very
JSON of ``ScreenResult.to_dict()`` — same keys, same order, same values — for hits, clears and fail-closed
reviews, and the endpoint must answer it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")

from stackclear.api.routers.screening import result_json  # noqa: E402
from stackclear.screening.screen import PartyQuery, Screener  # noqa: E402
from stackclear.screening.sources import load_list  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lists" / "sample_consolidated.csv"
QUERIES = [PartyQuery("1", "Huawei Technologies", country="CN"), PartyQuery("2", "PUTIN, Vladimir", "Person"),
           PartyQuery("3", "Bavarian Bakery Supplies GmbH"), PartyQuery("4", "Semiconductor Manufacturing Intl"),
           PartyQuery("5", "Ελληνικά 漢字 «quotes» \"and\" \\ slashes"), PartyQuery("6", "Mahan Air", address="Dubai")]


def _same(result: Any) -> None:
    expected = json.dumps(result.to_dict(), ensure_ascii=False)
    got = result_json(result)
    assert json.loads(got) == json.loads(expected)
    assert list(json.loads(got)) == list(json.loads(expected))  # key order too
    for fast, slow in zip(json.loads(got)["hits"], json.loads(expected)["hits"], strict=True):
        assert list(fast) == list(slow)


def test_the_fast_json_is_to_dict() -> None:
    screener = Screener.from_lists([load_list(str(SAMPLE))])
    results = [screener.screen(q) for q in QUERIES]
    assert {r.decision for r in results} >= {"hit", "clear"}
    assert sum(len(r.hits) for r in results) >= 4
    for result in results:
        _same(result)
    for query in QUERIES:
        _same(Screener.unavailable("no lists stored").screen(query))


def test_the_endpoint_answers_the_same(api: Any) -> None:
    answer = api.post("/v1/screen", role="screener", json={"name": "Huawei Technologies", "country": "CN"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert body["decision"] == "hit" and body["id"] == "api"
    assert {"entry_id", "source", "name", "score", "explanation"} <= set(body["hits"][0])
    batch = api.post("/v1/screen/batch", role="screener",
                     json={"parties": [{"name": "Huawei Technologies"}, {"name": " "}, {"id": "x", "name": "Acme"}]})
    assert batch.status_code == 200
    results = batch.json()["results"]
    assert [r.get("decision") for r in results] == ["hit", None, "clear"]
    assert results[1]["id"] == "2" and "name" in results[1]["error"] and results[2]["id"] == "x"
