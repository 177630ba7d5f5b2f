"""Load and validate the rule data files.

A rule file is YAML::

    title: ECCN 3A090 — advanced-computing integrated circuits   # optional
    description: ...                                              # optional
    parameters:
      a1_tpp_min:
        description: minimum TPP for 3A090.a.1
        unit: TPP                                                 # optional
        values:
          - effective: 2023-11-17          # first day in force (required)
            expires: 2025-01-01            # first day no longer in force (optional)
            value: 4800                    # required; any YAML scalar, list or mapping
            citation: "15 CFR 774 Supp. 1, ECCN 3A090.a.1; 88 FR 73458"   # required, non-empty
            confidence: verified           # verified | unverified (default verified)
            compliance: 2024-12-31         # optional: first day compliance is required, when later than effective
            note: free text                # optional

The rule id is the file's path under the data directory without ``.yaml`` and with ``/`` as ``.``, then
the parameter name: ``eccn/3A090.yaml`` + ``a1_tpp_min`` → ``eccn.3A090.a1_tpp_min``.

Validation is strict, and every error names the file and the key path: unknown keys, duplicate YAML keys,
missing or empty citations, bad dates, ``expires`` not after ``effective``, and overlapping ranges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from stackclear.errors import RuleDataError
from stackclear.rules.ruleset import Rule, RuleSet, RuleValue
from stackclear.rules.schema import link_errors, schema_for
from stackclear.yaml12 import strict_loader

FILE_KEYS = {"title", "description", "notes", "parameters"}
PARAM_KEYS = {"description", "unit", "values"}
VALUE_KEYS = {"effective", "expires", "compliance", "value", "citation", "confidence", "note"}
CONFIDENCE = {"verified", "unverified"}
RULESET_EPOCH = "2026.11"


# Dates stay strings and are parsed by _as_date, so a bad date is reported with its key path.
_StrictLoader = strict_loader(dates=False)


def default_data_dir() -> Path:
    return Path(str(resources.files("stackclear.rules") / "data"))


def _as_date(raw: object, file: str, path: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise RuleDataError(file, path, f"expected a date YYYY-MM-DD, got {raw!r}")


def _check_keys(obj: object, allowed: set[str], file: str, path: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise RuleDataError(file, path, f"expected a mapping, got {type(obj).__name__}")
    unknown = sorted(str(k) for k in obj if k not in allowed)
    if unknown:
        raise RuleDataError(
            file, f"{path}.{unknown[0]}" if path else unknown[0],
            f"unknown key {unknown[0]!r}; expected one of {', '.join(sorted(allowed))}",
        )
    return obj


def _parse_value(raw: object, rule_id: str, file: str, path: str) -> RuleValue:
    data = _check_keys(raw, VALUE_KEYS, file, path)
    for required in ("effective", "value", "citation"):
        if required not in data:
            raise RuleDataError(file, f"{path}.{required}", f"missing required key {required!r}")
    citation = data["citation"]
    if not isinstance(citation, str) or not citation.strip():
        raise RuleDataError(file, f"{path}.citation", "every value needs a non-empty citation (e.g. '88 FR 73458')")
    effective = _as_date(data["effective"], file, f"{path}.effective")
    expires = None
    if data.get("expires") is not None:
        expires = _as_date(data["expires"], file, f"{path}.expires")
        if expires <= effective:
            raise RuleDataError(
                file, f"{path}.expires", f"expires {expires} is not after effective {effective} (inverted range)"
            )
    compliance = None
    if data.get("compliance") is not None:
        compliance = _as_date(data["compliance"], file, f"{path}.compliance")
        if compliance <= effective:
            raise RuleDataError(file, f"{path}.compliance",
                                f"compliance date {compliance} must fall after effective {effective}")
    confidence = data.get("confidence", "verified")
    if confidence not in CONFIDENCE:
        raise RuleDataError(file, f"{path}.confidence", f"expected one of {sorted(CONFIDENCE)}, got {confidence!r}")
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        raise RuleDataError(file, f"{path}.note", "expected text")
    value = _trimmed(data["value"])
    return RuleValue(
        rule_id=rule_id, value=_typed(value, rule_id, file, f"{path}.value"), effective=effective,
        expires=expires, compliance=compliance, citation=citation.strip(), verified=confidence == "verified",
        note=None if note is None else note.strip(), file=file, raw=value,
    )


def _trimmed(raw: object) -> object:
    """Text without the line break a folded YAML scalar (``>``) ends with, at any depth of the value: it would
    otherwise reach reason texts, caveats and the JSON as a trailing ``\\n``."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, dict):
        return {key: _trimmed(item) for key, item in raw.items()}
    if isinstance(raw, list):
        return [_trimmed(item) for item in raw]
    return raw


def _typed(raw: object, rule_id: str, file: str, path: str) -> object:
    """The value in the type its schema (rules/schema.py) gives the rule; the first problem names its key path."""
    found = schema_for(rule_id)
    if found is None:
        raise RuleDataError(file, path, f"no schema for rule {rule_id!r}: add its value type to "
                                        "stackclear/rules/schema.py (SCHEMAS)")
    try:
        return found[1].validate_python(raw)
    except ValidationError as exc:
        error = max(exc.errors(), key=lambda e: len(e["loc"]))  # the most specific (union branches tried)
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"] if not _union_tag(p))
        got = error.get("input")
        return _fail(file, path + loc, f"{error['msg']} (got {got!r}); schema {found[0]}")


def _union_tag(part: object) -> bool:
    """pydantic names the union branch it tried in an error's location ('ItemList', "literal['all',...]",
    'float'); the key path leaves those out (field names in the rule data are lower-case)."""
    return isinstance(part, str) and ("[" in part or part[:1].isupper() or part in {"float", "int", "bool", "str"})


def _fail(file: str, path: str, problem: str) -> object:
    raise RuleDataError(file, path, problem)


def _parse_rule(raw: object, rule_id: str, file: str, path: str) -> Rule:
    data = _check_keys(raw, PARAM_KEYS, file, path)
    values_raw = data.get("values")
    if not isinstance(values_raw, list) or not values_raw:
        raise RuleDataError(file, f"{path}.values", "expected a non-empty list of dated values")
    values = [_parse_value(v, rule_id, file, f"{path}.values[{i}]") for i, v in enumerate(values_raw)]
    values.sort(key=lambda v: v.effective)
    for prev, nxt in zip(values, values[1:], strict=False):
        if prev.expires is None or prev.expires > nxt.effective:
            raise RuleDataError(
                file, f"{path}.values",
                f"overlapping date ranges: value from {prev.effective} "
                f"(expires {prev.expires or 'never'}) overlaps value from {nxt.effective}",
            )
    description = data.get("description", "")
    unit = data.get("unit")
    return Rule(
        rule_id=rule_id, description=str(description), unit=None if unit is None else str(unit),
        values=tuple(values), _starts=tuple(v.effective for v in values),
    )


def load_file(path: Path, namespace: str, display: str) -> tuple[dict[str, Rule], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleDataError(display, "", f"cannot read: {exc}") from None
    try:
        doc = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise RuleDataError(display, "", f"invalid YAML: {exc}") from None
    data = _check_keys(doc, FILE_KEYS, display, "")
    params = data.get("parameters")
    if not isinstance(params, dict) or not params:
        raise RuleDataError(display, "parameters", "expected a non-empty mapping of parameters")
    rules: dict[str, Rule] = {}
    for name, raw in params.items():
        rule_id = f"{namespace}.{name}"
        rules[rule_id] = _parse_rule(raw, rule_id, display, f"parameters.{name}")
    return rules, str(data.get("title", namespace))


def load_rules(data_dir: Path | str | None = None) -> RuleSet:
    """Load and validate every ``*.yaml`` under ``data_dir`` (default: the rule set shipped in the package)."""
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    if not root.is_dir():
        raise RuleDataError(str(root), "", "rule data directory not found")
    rules: dict[str, Rule] = {}
    titles: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root)
        namespace = ".".join(rel.with_suffix("").parts)
        digest.update(str(rel).encode() + b"\0" + path.read_bytes())
        file_rules, title = load_file(path, namespace, str(rel))
        rules.update(file_rules)
        titles[namespace] = title
    if not rules:
        raise RuleDataError(str(root), "", "no rule files (*.yaml) found")
    _link(rules)
    return RuleSet(rules, version=f"{RULESET_EPOCH}+{digest.hexdigest()[:10]}", titles=titles)


def _link(rules: dict[str, Rule]) -> None:
    """Cross-file checks: groups named in scopes exist, switches named in values are policy switches."""
    groups = {rid.rsplit(".", 1)[1] for rid in rules if rid.startswith("country_groups.groups.")}
    switches = {rid.removeprefix("policy.") for rid, rule in rules.items() if rid.startswith("policy.")
                and all(isinstance(v.value, bool) for v in rule.values)}
    for rule in rules.values():
        for i, value in enumerate(rule.values):
            name = rule.rule_id.rsplit(".", 1)[1]
            for where, problem in link_errors(value.value, f"parameters.{name}.values[{i}].value", groups, switches):
                raise RuleDataError(value.file, where, problem)


_DEFAULT: RuleSet | None = None


def default_rules() -> RuleSet:
    """The shipped rule set, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT
