"""The optional American AI Exports Program fields of the package format (EO 14320)."""

from __future__ import annotations

import pytest

from stackclear.errors import PackageError
from stackclear.model.io import parse_package
from stackclear.model.package import ProgramLayer

BASE = """name: p
destination: AE
program: american_ai_exports
targets: [GCC, " A:5 "]
us_content: {share: 0.6, basis: bill of materials by value}
parties:
  - {role: builder, name: B Inc., country: US}
  - {role: owner, name: O PJSC, country: AE}
  - {role: operator, name: Op Inc., country: US}
items:
  - {id: gpu, layer: hardware, kind: chip, catalog: "NVIDIA H100 SXM5 80GB"}
  - {id: data, layer: data, kind: dataset, eccn: EAR99}
  - {id: sw, layer: software, kind: software, eccn: 5D992}
  - {id: sw2, layer: software, kind: software, eccn: 5D992, program_layer: D, measures: [kyc]}
"""


def test_program_fields_load_and_layers_derive_with_override() -> None:
    package = parse_package(BASE, source="p.yaml").package
    assert package.program is not None and package.program.value == "american_ai_exports"
    assert package.targets == ["GCC", "A:5"]
    assert package.us_content is not None and package.us_content.share == 0.6
    assert [p.role.value for p in package.parties] == ["builder", "owner", "operator"]
    parts = {i.id: i.program_part for i in package.items}
    assert parts == {"gpu": ProgramLayer.A, "data": ProgramLayer.B, "sw": None, "sw2": ProgramLayer.D}
    assert package.items[3].measures == ["kyc"]


@pytest.mark.parametrize(("old", "new", "where"), [
    ("share: 0.6", "share: 1.6", "us_content.share"),
    ("program: american_ai_exports", "program: marshall_plan", "program"),
    ("program_layer: D", "program_layer: F", "items[3].program_layer"),
    ('targets: [GCC, " A:5 "]', 'targets: [GCC, "  "]', "targets"),
    ("us_content: {share: 0.6, basis: bill of materials by value}", "us_content: {share: 0.6}", "us_content.basis"),
])
def test_bad_program_fields_name_the_field_and_line(old: str, new: str, where: str) -> None:
    with pytest.raises(PackageError) as info:
        parse_package(BASE.replace(old, new), source="p.yaml")
    assert f"p.yaml: {where}" in str(info.value) and "line" in str(info.value)


def test_a_package_without_program_fields_is_unchanged() -> None:
    package = parse_package("name: x\ndestination: DE\nitems: [{id: a, layer: applications, kind: application}]\n",
                            source="x.yaml").package
    assert package.program is None and package.targets == [] and package.us_content is None
