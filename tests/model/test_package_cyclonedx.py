"""CycloneDX 1.6 import: hardware, ML models and software map to items; the rest is reported, not dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackclear.errors import PackageError
from stackclear.model.cyclonedx import import_bom, import_bom_file
from stackclear.model.io import load_package, parse_package
from stackclear.model.package import ItemKind

FIXTURE = Path(__file__).parent / "fixtures" / "cluster.cdx.json"


def test_hardware_components_resolve_through_the_catalog() -> None:
    result = import_bom_file(str(FIXTURE))
    items = {i.id: i for i in result.items}
    gpus = items["gpus"]
    assert gpus.kind == ItemKind.chip and gpus.catalog == "NVIDIA H100 SXM5 80GB" and gpus.quantity == 1024
    nodes = items["nodes"]
    assert nodes.kind == ItemKind.computer and nodes.quantity == 128
    assert [(c.catalog, c.quantity) for c in nodes.contains] == [("NVIDIA H100 SXM5 80GB", 8)]
    assert result.name == "Sovereign AI cloud, phase 1"


def test_inline_specs_hbm_and_non_standard_hardware_type() -> None:
    items = {i.id: i for i in import_bom_file(str(FIXTURE)).items}
    asic = items["custom-inference-asic"]
    assert asic.kind == ItemKind.chip and asic.tops == {"int8": 400.0} and asic.datacenter is True
    hbm = items["hbm"]
    assert hbm.kind == ItemKind.hbm and hbm.memory_bandwidth_gbs == 1229 and hbm.package_area_mm2 == 121


def test_models_read_the_model_card_and_unassessable_models_are_reported() -> None:
    result = import_bom_file(str(FIXTURE))
    items = {i.id: i for i in result.items}
    assert items["llm"].kind == ItemKind.model_weights and items["llm"].training_ops == 3.0e25
    assert items["llm"].published is False
    assert "small" not in items
    unmapped = {u.name: u.reason for u in result.unmapped}
    assert "training_ops" in unmapped["tiny-classifier"]


def test_unstated_published_flag_is_an_explicit_assumption() -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["components"][6]["properties"] = [{"name": "stackclear:training_ops", "value": "1e22"}]
    result = import_bom(data, "x.cdx.json")
    assert any("'tiny-classifier': published not stated; treated as unpublished" in n for n in result.notes())
    assert not any("example-llm-70b" in n for n in result.notes())


def test_software_data_and_services_map_to_their_layers() -> None:
    items = {i.id: i for i in import_bom_file(str(FIXTURE)).items}
    assert (items["chat"].kind, items["chat"].layer.value) == (ItemKind.application, "applications")
    assert (items["vllm"].kind, items["vllm"].layer.value) == (ItemKind.software, "software")
    assert items["corpus"].kind == ItemKind.dataset
    assert items["svc"].kind == ItemKind.service


def test_what_cannot_be_mapped_is_reported_with_its_path() -> None:
    result = import_bom_file(str(FIXTURE))
    unmapped = {(u.path, u.name) for u in result.unmapped}
    assert unmapped == {
        ("components[1].components[1]", "ConnectX-7 400G NIC"),
        ("components[4]", "Spectrum-X 800G switch"),
        ("components[6]", "tiny-classifier"),
        ("components[10]", "README.txt"),
    }
    assert all(u.reason for u in result.unmapped)
    assert "readme" not in {i.id for i in result.items}


def test_items_keep_the_bom_order() -> None:
    ids = [i.id for i in import_bom_file(str(FIXTURE)).items]
    assert ids == ["gpus", "nodes", "custom-inference-asic", "hbm", "llm", "chat", "vllm", "corpus", "svc"]


def test_package_wrapper_merges_bom_items_after_its_own(tmp_path: Path) -> None:
    (tmp_path / "bom.cdx.json").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pkg.yaml").write_text(
        "name: Wrapped\ndestination: AE\nparties: [{role: end_user, name: G42, country: AE}]\n"
        "bom: bom.cdx.json\nitems:\n  - {id: extra, layer: applications, kind: application}\n",
        encoding="utf-8",
    )
    loaded = load_package(tmp_path / "pkg.yaml")
    ids = [i.id for i in loaded.package.items]
    assert ids[0] == "extra" and "gpus" in ids and len(ids) == 10
    assert any("Spectrum-X" in n for n in loaded.notes)


def test_bare_bom_needs_a_destination() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    with pytest.raises(PackageError) as info:
        parse_package(text, source="cluster.cdx.json")
    assert info.value.path == "destination" and "--destination" in info.value.problem
    loaded = parse_package(text, source="cluster.cdx.json", overrides={"destination": "SA"})
    assert loaded.package.destination == "SA" and loaded.package.name == "Sovereign AI cloud, phase 1"


@pytest.mark.parametrize(
    ("mutate", "path", "expected"),
    [
        (lambda d: d["components"][0].update(type="gizmo"), "components[0].type", "expected one of"),
        (lambda d: d["components"][0].pop("name"), "components[0].name", "required"),
        (lambda d: d["components"][0]["properties"][0].update(value="many"),
         "components[0].properties.quantity", "expected a whole number"),
        (lambda d: d.update(bomFormat="SPDX"), "bomFormat", "expected 'CycloneDX'"),
    ],
)
def test_invalid_boms_name_the_component(mutate: object, path: str, expected: str) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    mutate(data)  # type: ignore[operator]
    with pytest.raises(PackageError) as info:
        import_bom(data, "x.cdx.json")
    assert info.value.path == path and expected in info.value.problem
