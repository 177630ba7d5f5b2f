"""Translate pydantic validation errors into :class:`PackageError` messages a package author can act on.

Each message names the field path as the author wrote it (``items[2].contains[0].quantity``), says what
was expected (allowed keys and values come from the published JSON Schema, with a "did you mean"), shows
what was given, and adds the YAML line when known. All errors are reported at once, first one first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from stackclear.errors import PackageError

Loc = tuple[str | int, ...]
Lines = dict[Loc, int]

#: pydantic inserts the union member's type into ``loc`` (``datacenter.bool``); these are not field names.
_UNION_TAG = re.compile(r"^(bool|str|int|float|bytes|none|[a-z_-]+\[.*\])$")


def format_path(loc: Sequence[str | int]) -> str:
    """``('items', 2, 'contains', 0, 'quantity')`` → ``items[2].contains[0].quantity``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _clean_loc(loc: Sequence[str | int]) -> Loc:
    return tuple(p for p in loc if isinstance(p, int) or not _UNION_TAG.match(p))


def _got(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_at(schema: Mapping[str, Any], loc: Loc) -> Mapping[str, Any] | None:
    """The JSON Schema node describing the value at ``loc`` (following $ref and anyOf), or None."""
    defs: Mapping[str, Any] = schema.get("$defs", {})

    def deref(node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        return node

    def options(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        node = deref(node)
        return [deref(o) for o in node["anyOf"]] if "anyOf" in node else [node]

    node: Mapping[str, Any] | None = schema
    for part in loc:
        if node is None:
            return None
        nxt: Mapping[str, Any] | None = None
        for option in options(node):
            if isinstance(part, int) and "items" in option:
                nxt = option["items"]
            elif isinstance(part, str) and part in option.get("properties", {}):
                nxt = option["properties"][part]
            elif isinstance(part, str) and isinstance(option.get("additionalProperties"), dict):
                nxt = option["additionalProperties"]
            if nxt is not None:
                break
        node = nxt
    return deref(node) if node is not None else None


def _allowed_keys(schema: Mapping[str, Any], parent: Loc) -> list[str]:
    node = _schema_at(schema, parent)
    return list(node.get("properties", {})) if node else []


def _suggest(word: object, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _message(error: Mapping[str, Any], loc: Loc, schema: Mapping[str, Any]) -> str:
    kind = str(error["type"])
    value = error.get("input")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    got = f", got {_got(value)}"
    if kind == "missing":
        node = _schema_at(schema, loc)
        what = f" ({node['description']})" if node and node.get("description") else ""
        return f"required field is missing{what}"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(schema, loc[:-1])
        key = loc[-1] if loc else "?"
        return f"unknown field{_suggest(key, allowed)}; expected one of: {', '.join(allowed)}"
    if kind == "enum":
        node = _schema_at(schema, loc)
        values = [str(v) for v in node.get("enum", [])] if node else []
        listed = ", ".join(values) if values else str(ctx.get("expected", ""))
        return f"expected one of: {listed}{got}{_suggest(value, values)}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"expected a whole number{got}"
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return f"expected a number{got}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"expected true or false{got}"
    if kind in {"string_type", "string_unicode"}:
        return f"expected text{got}"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list{got}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping (key: value){got}"
    if kind.startswith("date"):
        return f"expected a date YYYY-MM-DD{got}"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "?")
        return f"expected a number {sign} {bound}{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length', 1)} entries"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    msg = str(error["msg"])
    return (msg[:1].lower() + msg[1:]) + got


def _line(lines: Lines, loc: Loc) -> int | None:
    for end in range(len(loc), -1, -1):
        line = lines.get(tuple(str(p) if isinstance(p, str) else p for p in loc[:end]))
        if line is not None and end > 0:
            return line
    return None


def translate(exc: ValidationError, source: str, lines: Lines, schema: Mapping[str, Any]) -> PackageError:
    """One PackageError for all of ``exc``'s errors: the first names ``path``; all are in the message."""
    problems: dict[Loc, list[str]] = {}
    for error in exc.errors():
        loc = _clean_loc(error["loc"])
        text = _message(error, loc, schema)
        if text not in problems.setdefault(loc, []):
            problems[loc].append(text)
    entries: list[tuple[str, str]] = []
    for loc, texts in problems.items():
        line = _line(lines, loc)
        text = "; or ".join(texts) + (f" (line {line})" if line else "")
        entries.append((format_path(loc), text))
    first_path, first_text = entries[0]
    if len(entries) > 1:
        more = "".join(f"\n  {source}: {p or '(top level)'}: {t}" for p, t in entries[1:])
        first_text += f"\n  ({len(entries) - 1} more){more}"
    err = PackageError(source, first_path, first_text)
    return err
