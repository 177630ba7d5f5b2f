"""The API on PostgreSQL (STACKCLEAR_DATABASE_URL): keys, revocation at once, a recorded determination with
the caller as actor. Skips with the reason when no PostgreSQL server can be had (see tests/records)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from records.conftest import drop_pg_database, make_pg_database  # tests/records: the one PostgreSQL fixture
from stackclear.api import create_app
from stackclear.screening.store import ListStore
from stackclear.settings import load_settings

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lists" / "sample_consolidated.csv"


@pytest.fixture
def pg_url() -> Iterator[str]:
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


def test_api_on_postgresql(tmp_path: Path, pg_url: str, package_json: Any) -> None:
    from stackclear.records import audit, open_database, users

    ListStore(tmp_path).import_paths([SAMPLE])
    settings = load_settings({"STACKCLEAR_HOME": str(tmp_path), "STACKCLEAR_DATABASE_URL": pg_url})
    db = open_database(settings.database_url)
    users.create_user(db, "pg-reviewer", "reviewer", actor="test")
    key_id, key = users.create_key(db, "pg-reviewer", actor="test")
    headers = {"Authorization": f"Bearer {key}"}
    with TestClient(create_app(settings)) as client:
        hit = client.post("/v1/screen", json={"name": "Huawei Technologies"}, headers=headers)
        assert hit.status_code == 200 and hit.json()["decision"] == "hit"
        recorded = client.post("/v1/evaluate?record=true", json=package_json("allied_h100_germany.yaml"),
                               headers=headers)
        assert recorded.status_code == 200, recorded.text
        assert audit.records(db, kind="determination.record")[-1]["actor"] == "pg-reviewer"
        users.revoke_key(db, key_id, actor="test")
        assert client.post("/v1/screen", json={"name": "Huawei"}, headers=headers).status_code == 401
    db.dispose()
