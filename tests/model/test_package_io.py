"""Loading packages: YAML/JSON/stdin, exact error paths and lines, duplicate keys, list path resolution."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from stackclear.errors import PackageError
from stackclear.model.io import load_package, parse_package

GOOD = """\
name: Sovereign AI cloud
date: 2024-06-01
destination: sa
parties:
  - {role: end_user, name: "Example Cloud Co.", country: SA, headquarters: SA,
     owners: [{name: "Example Holding", country: SA, share: 0.6}]}
end_uses: [datacenter]
items:
  - {id: gpus, layer: hardware, kind: chip, catalog: "NVIDIA H100 SXM5 80GB", quantity: 1024}
  - {id: nodes, layer: hardware, kind: computer, contains: [{catalog: "NVIDIA H100 SXM5 80GB", quantity: 8}]}
  - {id: llm, layer: models, kind: model_weights, training_ops: 3.0e+25}
lists: [../lists/sample.csv]
"""


def _error(text: str, source: str = "pkg.yaml") -> PackageError:
    with pytest.raises(PackageError) as info:
        parse_package(text, source=source)
    return info.value


def test_good_package_loads_with_normalized_fields(tmp_path: Path) -> None:
    folder = tmp_path / "packages"
    folder.mkdir()
    (folder / "p.yaml").write_text(GOOD, encoding="utf-8")
    loaded = load_package(folder / "p.yaml")
    pkg = loaded.package
    assert pkg.destination == "SA"
    assert [i.id for i in pkg.items] == ["gpus", "nodes", "llm"]
    assert pkg.items[1].contains[0].quantity == 8
    assert pkg.parties[0].owners[0].share == 0.6
    # relative list paths resolve against the package file's folder, not the working directory
    assert Path(pkg.lists[0]) == tmp_path / "lists" / "sample.csv"


def test_json_and_stdin_give_the_same_package() -> None:
    from_yaml = parse_package(GOOD).package
    as_json = json.dumps(from_yaml.model_dump(mode="json", by_alias=True, exclude_none=True))
    from_stdin = load_package("-", stdin=io.StringIO(as_json))
    assert from_stdin.source == "<stdin>"
    assert from_stdin.package.model_dump(exclude={"lists"}) == from_yaml.model_dump(exclude={"lists"})


@pytest.mark.parametrize(
    ("patch", "path", "expected"),
    [
        ("quantity: 8}]}", "items[1].contains[0].quantity", "expected a number ≥ 1, got 0"),
        ("layer: hardware, kind: chip", "items[0].kind", "expected one of: chip, computer"),
        ("country: SA, headquarters", "parties[0].country", "ISO 3166-1 alpha-2"),
        ("training_ops: 3.0e+25", "items[2].training_ops", "expected a number"),
        ("role: end_user", "parties[0].role", "did you mean 'end_user'"),
    ],
)
def test_invalid_fields_name_the_exact_path(patch: str, path: str, expected: str) -> None:
    broken = {
        "quantity: 8}]}": "quantity: 0}]}",
        "layer: hardware, kind: chip": "layer: hardware, kind: chips",
        "country: SA, headquarters": "country: Saudi Arabia, headquarters",
        "training_ops: 3.0e+25": "training_ops: lots",
        "role: end_user": "role: end-user",
    }[patch]
    err = _error(GOOD.replace(patch, broken, 1))
    assert err.file == "pkg.yaml"
    assert err.path == path
    assert expected in err.problem
    assert str(err).startswith(f"pkg.yaml: {path}: ")


def test_error_carries_the_yaml_line() -> None:
    err = _error(GOOD.replace("quantity: 8}]}", "quantity: 0}]}"))
    assert err.problem.endswith("(line 10)")


def test_unknown_key_suggests_the_right_one() -> None:
    err = _error(GOOD.replace("quantity: 1024", "qty: 1024"))
    assert err.path == "items[0].qty"
    assert "unknown field" in err.problem and "quantity" in err.problem


def test_missing_required_field_is_named() -> None:
    err = _error(GOOD.replace("destination: sa\n", ""))
    assert err.path == "destination"
    assert "required" in err.problem


def test_all_errors_are_reported_first_one_named() -> None:
    text = GOOD.replace("quantity: 1024", "quantity: -1").replace("kind: model_weights", "kind: weights")
    err = _error(text)
    assert err.path == "items[0].quantity"
    assert "items[2].kind" in str(err)


def test_duplicate_yaml_key_is_rejected_with_both_lines() -> None:
    err = _error(GOOD + "destination: CN\n")
    assert err.path == "destination"
    assert "duplicate key (lines 3 and 13)" in err.problem


def test_duplicate_json_key_is_rejected() -> None:
    err = _error('{"name": "x", "destination": "SA", "destination": "CN", "items": []}', "p.json")
    assert err.path == "destination" and "duplicate" in err.problem


def test_duplicate_item_ids_are_rejected() -> None:
    err = _error(GOOD.replace("id: nodes", "id: gpus"))
    assert err.path == "items"
    assert "duplicate item id 'gpus' (items[0] and items[1])" in err.problem


def test_unknown_catalog_name_is_an_input_error_with_suggestions() -> None:
    err = _error(GOOD.replace('catalog: "NVIDIA H100 SXM5 80GB", quantity: 1024', 'catalog: "Frobnitz 9000"'))
    assert err.path == "items[0].catalog"
    assert "unknown catalog item 'Frobnitz 9000'" in err.problem


def test_kind_specific_requirements() -> None:
    err = _error(GOOD.replace('kind: chip, catalog: "NVIDIA H100 SXM5 80GB"', "kind: chip"))
    assert err.path == "items[0]"
    assert "kind chip needs catalog" in err.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping"),
        ("name: [unclosed\n", "not valid YAML"),
        ('{"name": ', "not valid JSON"),
        ("name: x\ndestination: SA\nitems: []\n", "at least one item"),
    ],
)
def test_malformed_documents(text: str, expected: str) -> None:
    assert expected in str(_error(text))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no such file"):
        load_package(tmp_path / "nope.yaml")


def test_json_errors_carry_the_line_too() -> None:
    text = '{\n "name": "x",\n "destination": "SA",\n "items": [\n  {"id": "a", "layer": "hardwar",\n' \
           '   "kind": "chip", "catalog": "Frobnitz 9000"}\n ]\n}'
    err = _error(text, "p.json")
    assert err.path == "items[0].layer" and err.problem.endswith("(line 5)")
    err = _error(text.replace("hardwar", "hardware"), "p.json")
    assert err.path == "items[0].catalog" and err.problem.endswith("(line 6)")


def test_two_letter_codes_must_be_assigned_countries() -> None:
    err = _error(GOOD.replace("country: SA, headquarters", "country: XX, headquarters", 1))
    assert err.path == "parties[0].country" and "'XX'" in err.problem
    assert _error(GOOD.replace("destination: sa", "destination: qq", 1)).path == "destination"


def test_norway_is_a_country_not_false() -> None:
    text = GOOD.replace("destination: sa", "destination: NO", 1).replace("country: SA, headquarters: SA",
                                                                       "country: NO, headquarters: no", 1)
    package = parse_package(text, source="pkg.yaml").package
    assert package.destination == "NO" and package.parties[0].headquarters == "NO"
