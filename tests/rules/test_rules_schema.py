"""Typed rule data: a broken copy of the shipped rules is refused at load, naming the file and the key path
(issue 8 — a misspelt verdict used to become HOLD silently, an unknown group in a scope was skipped)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from stackclear.errors import RuleDataError
from stackclear.rules.loader import default_data_dir, load_rules
from stackclear.rules.schema import Consequence, Control, Scope


def _broken(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(("rel", "old", "new", "where", "problem"), [
    ("lists/consequences.yaml", "{verdict: PROHIBITED, items: all, exceptions: false, text: \"denial order",
     "{verdict: PROHIBITTED, items: all, exceptions: false, text: \"denial order",
     "parameters.DPL.values[0].value.verdict", "PROHIBITTED"),
    ("license/scope.yaml", "value: {groups: [D5], countries: [MO], paragraphs: [c]}",
     "value: {groups: [D55], countries: [MO], paragraphs: [c]}",
     "parameters.c.values[0].value.groups[0]", "unknown Country Group 'D55'"),
    ("end_use/controls.yaml", "review_policy: presumption_of_denial}\n        citation: \"15 CFR 744.23(a)(2)(i); 88",
     "review_policy: presumption_of_denail}\n        citation: \"15 CFR 744.23(a)(2)(i); 88",
     "parameters.advanced_ic_production.values[1].value.review_policy", "presumption_of_denail"),
    ("end_use/controls.yaml", "items: {product_groups: [3B, 3C, 3D, 3E]}, review_policy: case_by_case}\n"
     "        citation: \"15 CFR 744.23(a)(2)(ii); 88",
     "items: {product_groups: [3B, 3C, 3D, 3Q]}, review_policy: case_by_case}\n"
     "        citation: \"15 CFR 744.23(a)(2)(ii); 88",
     "parameters.ic_production.values[1].value.items.product_groups[3]", "3Q"),
    ("license/scope.yaml", "value: {worldwide: true, paragraphs: [a], switch: diffusion.enforced}",
     "value: {worldwide: true, paragraphs: [a], switch: diffusion.enforce}",
     "parameters.a_worldwide.values[0].value.switch", "unknown policy switch 'diffusion.enforce'"),
    ("country_groups/groups.yaml", "AF, BY", "AF, Belarus", "value[1]", "Belarus"),
    ("license/review_policy.yaml", "value: presumption_of_denial", "value: denial", "value", "denial"),
    ("lists/consequences.yaml", "{verdict: LICENSE_REQUIRED, items: all, exceptions: false, review_policy: entry,",
     "{verdict: LICENSE_REQUIRED, items: all, exception: false, review_policy: entry,",
     "parameters.EL.values[0].value.exception", "Extra inputs are not permitted"),
])
def test_a_broken_copy_is_refused_with_file_and_key_path(tmp_path: Path, rel: str, old: str, new: str, where: str,
                                                         problem: str) -> None:
    with pytest.raises(RuleDataError) as info:
        load_rules(_broken(tmp_path, rel, old, new))
    message = str(info.value)
    assert message.startswith(rel), message
    assert where in message and problem in message, message


def test_the_shipped_rules_load_typed() -> None:
    rules = load_rules()
    day = dt.date(2025, 1, 15)
    el = rules.entry("lists.consequences.EL", day)
    assert el is not None and isinstance(el.value, Consequence) and el.value.verdict == "LICENSE_REQUIRED"
    assert el.to_dict()["value"] == el.raw  # JSON shows the value as written
    scope = rules.entry("license.scope.ab", day)
    assert scope is not None and isinstance(scope.value, Scope) and "D5" in scope.value.groups
    control = rules.entry("end_use.controls.ic_production", day)
    assert control is not None and isinstance(control.value, Control)


def test_every_rule_of_the_engine_namespaces_has_a_schema(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    (root / "license" / "extra.yaml").write_text(
        "parameters:\n  surprise:\n    values:\n      - {effective: 2024-01-01, value: 1, citation: x}\n",
        encoding="utf-8")
    with pytest.raises(RuleDataError, match="no schema for rule 'license.extra.surprise'"):
        load_rules(root)
