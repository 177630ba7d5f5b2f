"""The published JSON Schema (docs/package.schema.json) matches the model, and validates real packages."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from stackclear.cli import app
from stackclear.model.io import package_schema

REPO = Path(__file__).resolve().parents[2]


def test_committed_schema_is_up_to_date() -> None:
    committed = (REPO / "docs" / "package.schema.json").read_text(encoding="utf-8")
    current = json.dumps(package_schema(), indent=2, ensure_ascii=False) + "\n"
    assert committed == current, "regenerate: stackclear schema package > docs/package.schema.json"


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["schema", "package"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["name", "destination"]
    assert schema["additionalProperties"] is False
    item = schema["$defs"]["Item"]
    assert {"chip", "computer", "hbm", "model_weights"} <= set(schema["$defs"]["ItemKind"]["enum"])
    assert "contains" in item["properties"]
