"""While the app serves, the collector's full passes are rarer (the index decodes long-lived objects on use; see
``stackclear.api.app._collect_oldest_rarely``); the young generations keep their thresholds and everything is
as before once the app stops."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")

from tests.api.conftest import make_api  # noqa: E402

from stackclear.api.app import OLDEST_GENERATION_EVERY  # noqa: E402


def test_full_collections_are_rarer_while_serving_and_restored_after(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path))
    before = gc.get_threshold()
    client, db, keys, _ids = make_api(tmp_path)
    try:
        with client:
            during = gc.get_threshold()
            answer = client.post("/v1/screen", json={"name": "Huawei Technologies"},
                                 headers={"Authorization": f"Bearer {keys['screener']}"})
            assert answer.status_code == 200
            assert gc.get_threshold() == during
        assert during[:2] == before[:2]
        assert during[2] == max(before[2], OLDEST_GENERATION_EVERY)
        assert gc.get_threshold() == before
    finally:
        db.dispose()


def test_apps_serving_at_once_restore_the_thresholds_when_the_last_stops(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path))
    before = gc.get_threshold()
    first, db, _keys, _ids = make_api(tmp_path)
    second = type(first)(first.app)
    try:
        first.__enter__()
        raised = gc.get_threshold()
        with second:
            assert gc.get_threshold() == raised
            first.__exit__(None, None, None)
            assert gc.get_threshold() == raised  # the second app still serves
        assert raised[2] == max(before[2], OLDEST_GENERATION_EVERY)
        assert gc.get_threshold() == before
    finally:
        db.dispose()
