"""The published JSON Schema (docs/package.schema.json) matches the model, and validates real packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def test_every_example_package_is_valid_under_the_published_schema() -> None:
    """The schema is the contract for other tools: it must accept what stackclear accepts (examples)."""
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((REPO / "docs" / "package.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    examples = sorted((REPO / "examples" / "packages").glob("*.yaml"))
    assert len(examples) >= 10
    for path in examples:
        document = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, f"{path.name}: {errors}"


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(package_schema())
    bad = {"name": "x", "destination": "SA", "items": [{"id": "a", "layer": "hardware", "kind": "chips"}]}
    assert any(list(e.path)[:3] == ["items", 0, "kind"] for e in validator.iter_errors(bad))
    assert list(validator.iter_errors({"name": "x", "destination": "SA", "typo": 1}))


def test_the_documented_example_package_loads() -> None:
    """docs/packages.md shows the format; its example must stay valid (bom/lists need files, so are left out)."""
    import re

    from stackclear.model.io import parse_package

    text = (REPO / "docs" / "packages.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert match is not None
    block = "\n".join(x for x in match.group(1).splitlines() if not x.startswith(("bom:", "lists:")))
    package = parse_package(block, source="docs/packages.md").package
    assert {i.kind.value for i in package.items} >= {"chip", "computer", "hbm", "model_weights", "networking"}
