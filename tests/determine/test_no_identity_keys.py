"""The engine and the destination matrix share work through keys made of values or explicit indexes, never
through ``id()`` of an object (an id is reused once the object is freed, so a map keyed by it can hand one
line's result to another)."""

from __future__ import annotations

import ast
from pathlib import Path

import stackclear

PACKAGES = ("determine", "stack")


def test_no_id_calls_in_the_engine_or_the_matrix() -> None:
    root = Path(stackclear.__file__).resolve().parent
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
                    found.append(f"{package}/{path.name}:{node.lineno}")
    assert not found, found
