"""The rule data issue 14 adds (named blocs, EO 14320 program requirements) is typed: a broken copy is refused
at load with the file and the key path, like the rest of the rule set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stackclear.errors import RuleDataError
from stackclear.rules.loader import default_data_dir, load_rules


def _broken(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(("rel", "old", "new", "where", "problem"), [
    ("country_groups/blocs.yaml", "value: [AE, BH, KW, OM, QA, SA]", "value: [AE, BH, Kuwait, OM, QA, SA]",
     "parameters.GCC.values[0].value[2]", "Kuwait"),
    ("program/american_ai_exports.yaml", "switch: diffusion.enforced}", "switch: diffusion.enforce}",
     "parameters.security_diffusion.values[0].value.scope.switch", "unknown policy switch 'diffusion.enforce'"),
    ("program/american_ai_exports.yaml", "scope: {countries: [CN, MO]}", "scope: {groups: [D9], countries: [CN, MO]}",
     "parameters.security_china_band.values[0].value.scope.groups[0]", "unknown Country Group 'D9'"),
    ("program/american_ai_exports.yaml", "value: [builder, owner, operator]", "value: [builder, owner, operater]",
     "parameters.roles.values[0].value", "operater"),
])
def test_a_broken_copy_is_refused(tmp_path: Path, rel: str, old: str, new: str, where: str, problem: str) -> None:
    with pytest.raises(RuleDataError) as info:
        load_rules(_broken(tmp_path, rel, old, new))
    message = str(info.value)
    assert message.startswith(rel) and where in message and problem in message, message
