"""API fixtures: a real app over a temporary STACKCLEAR_HOME with the sample list imported, and one user and
key per role. Requests go through FastAPI's TestClient (the real ASGI app, in process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("fastapi", reason="the api extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from stackclear.api import create_app  # noqa: E402
from stackclear.screening.store import ListStore  # noqa: E402
from stackclear.settings import load_settings  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAMPLE_LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
PACKAGES = REPO / "examples" / "packages"
ROLES = ("viewer", "screener", "reviewer", "admin")


@dataclass
class Api:
    client: TestClient
    db: Any
    keys: dict[str, str]
    key_ids: dict[str, str]
    home: Path

    def revoke(self, role: str) -> None:
        from stackclear.records import users

        users.revoke_key(self.db, self.key_ids[role], actor="test-admin")

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def get(self, url: str, role: str = "admin", **kw: Any) -> Any:
        return self.client.get(url, headers=self.headers(role), **kw)

    def post(self, url: str, role: str = "admin", **kw: Any) -> Any:
        return self.client.post(url, headers={**self.headers(role), **kw.pop("headers", {})}, **kw)


def make_api(home: Path, *, with_list: bool = True) -> tuple[TestClient, Any, dict[str, str], dict[str, str]]:
    """The real app on a SQLite records database in ``home`` with one user and key per role."""
    from stackclear.records import open_database, users

    if with_list:
        ListStore(home).import_paths([SAMPLE_LIST])
    settings = load_settings({"STACKCLEAR_HOME": str(home)})
    db = open_database(settings.database_url)
    keys, ids = {}, {}
    for role in ROLES:
        users.create_user(db, f"{role}-user", role, actor="test-admin", password=f"{role}-password")
        ids[role], keys[role] = users.create_key(db, f"{role}-user", actor="test-admin")
    return TestClient(create_app(settings)), db, keys, ids


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path))
    client, db, keys, ids = make_api(tmp_path)
    with client:
        yield Api(client, db, keys, ids, tmp_path)


@pytest.fixture
def empty_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """No list imported: screening must fail closed."""
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path))
    client, db, keys, ids = make_api(tmp_path, with_list=False)
    with client:
        yield Api(client, db, keys, ids, tmp_path)


def _package_json(name: str) -> dict[str, Any]:
    data = yaml.safe_load((PACKAGES / name).read_text(encoding="utf-8"))
    return dict(json.loads(json.dumps(data, default=str)))


@pytest.fixture
def package_json() -> Any:
    """An example package as the JSON body a client would send (dates as strings)."""
    return _package_json
