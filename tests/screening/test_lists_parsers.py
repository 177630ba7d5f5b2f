"""List parsers on small fixtures: every format, and corrupt input naming file, line and field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from stackclear.errors import ListDataError
from stackclear.screening.parsers.common import source_code
from stackclear.screening.parsers.countries import to_iso2
from stackclear.screening.parsers.el_json import strip_footnotes
from stackclear.screening.sources import detect_format, load_list, sha256_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("Entity List (EL) - Bureau of Industry and Security", "EL"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "MEU"),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "NS-MBS"),
        ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "CMIC"),
        ("ITAR Debarred (DTC) - State Department", "DTC"),
        ("Entity List", "EL"),
        ("Denied Persons List", "DPL"),
        ("Something Else Entirely", None),
    ],
)
def test_source_code(source: str, code: str | None) -> None:
    assert source_code(source) == code


@pytest.mark.parametrize(
    ("text", "iso"),
    [("CN", "CN"), ("Russia", "RU"), ("Korea, North", "KP"), ("Burma", "MM"), ("United Kingdom", "GB"),
     ("Congo, Democratic Republic of the", "CD"), ("Kosovo", "XK"), ("undetermined", None), ("ZZ", None)],
)  # fmt: skip
def test_country_names_to_iso2(text: str, iso: str | None) -> None:
    assert to_iso2(text) == iso


@pytest.mark.parametrize(
    ("raw", "clean", "notes"),
    [
        ("For all items subject to the EAR. (See §744.11 of the EAR)4", "For all items subject to the EAR. "
         "(See §744.11 of the EAR)", ["4"]),
        ("For all items subject to the EAR, see §§\xa0734.9(e)1 and 744.11 of the EAR2",
         "For all items subject to the EAR, see §§\xa0734.9(e) and 744.11 of the EAR", ["1", "2"]),
        ("(See §734.9(e), and §744.11 of the EAR)2.", "(See §734.9(e), and §744.11 of the EAR).", ["2"]),
        ("See § 744.21(b) of the EAR", "See § 744.21(b) of the EAR", []),
        ("defined in section 8(d) of E.O. 13685.", "defined in section 8(d) of E.O. 13685.", []),
    ],
)  # fmt: skip
def test_entity_list_footnotes_stripped_and_kept(raw: str, clean: str, notes: list[str]) -> None:
    assert strip_footnotes(raw) == (clean, notes)


def test_csl_json_sample() -> None:
    loaded = load_list(FIXTURES / "csl_sample.json")
    assert loaded.format == "csl-json"
    assert loaded.counts == {"SDN": 2, "EL": 1}
    assert loaded.as_of == dt.date(2024, 12, 5)
    el, person, vessel = loaded.entries
    assert el.schema == "LegalEntity" and el.countries == ["CN", "HK"]
    assert el.addresses[0] == "1 Example Road, Pudong, Shanghai, 201203, CN"
    assert el.license_requirement == "For all items subject to the EAR. (See §§ 734.9(e)(3) and 744.11 of the EAR)"
    assert el.aliases == ["Example Semi", "ESC"] and el.federal_register_notice == "89 FR 96830"
    assert person.schema == "Person" and person.entry_id == "SDN:3754"
    assert person.dates_of_birth == ["1951-02-09"] and person.countries == ["JO"]
    assert person.ids == ["Passport, 92/664, EG"]
    assert vessel.schema == "Vessel" and vessel.programs == ["IRAN", "SDGT"]
    assert "Call Sign: 9XYZ1" in vessel.ids


def test_csl_json_bare_list(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[{"source": "Unverified List (UVL) - Bureau of Industry and Security", "name": "X Ltd."}]')
    loaded = load_list(path)
    assert loaded.format == "csl-json" and loaded.counts == {"UVL": 1}


def test_ofac_xml_sample() -> None:
    path = FIXTURES / "sdn_sample.xml"
    assert detect_format(path) == "ofac-xml"
    loaded = load_list(path)
    assert loaded.as_of == dt.date(2024, 7, 2) and loaded.counts == {"SDN": 4}
    by_id = {e.entry_id: e for e in loaded.entries}
    bank = by_id["SDN:306"]
    assert bank.aliases == ["NATIONAL BANK OF CUBA"] and bank.weak_aliases == ["BNC"]
    assert bank.countries == ["CH", "ES"]
    person = by_id["SDN:3754"]
    assert person.name == "ABU MARZOOK, Mousa Mohammed" and person.schema == "Person"
    assert person.aliases == ["ABOU MARZOUK, Mousa Mohamed"] and person.weak_aliases == ["ABU-'UMAR"]
    assert person.dates_of_birth == ["1951-02-09"] and person.countries == ["JO"]
    assert person.ids == ["Passport 92/664 (Egypt)"]
    assert by_id["SDN:9999"].schema == "Vessel" and by_id["SDN:36"].schema == "Organization"


def test_ofac_folder_joins_aliases_and_addresses(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_text(
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '2674,"ABBAS, Abu","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        '"DOB 10 Dec 1948; nationality Iraq; Passport A123 (Iraq)."\r\n\x1a\r\n'
    )
    (tmp_path / "alt.csv").write_text('36,12,"aka","AERO-CARIBBEAN",-0- \r\n999,13,"aka","ORPHAN",-0- \r\n\x1a')
    (tmp_path / "add.csv").write_text('36,25,-0- ,"Havana","Cuba",-0- \r\n\x1a')
    loaded = load_list(tmp_path)
    air, person = loaded.entries
    assert air.aliases == ["AERO-CARIBBEAN"] and air.addresses == ["Havana, Cuba"] and air.countries == ["CU"]
    assert person.schema == "Person" and person.dates_of_birth == ["1948-12-10"]
    assert person.countries == ["IQ"] and person.ids == ["Passport A123 (Iraq)"]
    assert len(loaded.errors) == 1 and "absent from sdn.csv" in loaded.errors[0]
    assert loaded.sha256 == sha256_of(tmp_path) and len(loaded.sha256) == 64


@pytest.mark.parametrize(
    ("name", "line", "field", "words"),
    [
        ("csl_bad_columns.csv", 3, "columns", "expected 29"),
        ("csl_empty_name.csv", 3, "name", "empty name"),
        ("csl_bad_type.csv", 3, "type", "'Robot'"),
        ("sdn_bad_entnum.csv", 2, "ent_num", "'17X3' is not a number"),
        ("sdn_bad_columns.csv", 2, "columns", "expected 12"),
        ("sdn_bad.xml", 13, None, "malformed XML"),
        ("sdn_wrong_root.xml", None, "Sanctions", "expected OFAC's <sdnList>"),
        ("csl_bad.json", 2, None, "invalid JSON"),
        ("csl_bad_field.json", None, "results[1].alt_names", "expected a list"),
        ("el_bad.json", None, "entities[1].alternateNames", "expected a list"),
    ],
)
def test_corrupt_files_name_file_line_and_field(name: str, line: int | None, field: str | None, words: str) -> None:
    with pytest.raises(ListDataError) as info:
        load_list(FIXTURES / name)
    err = info.value
    assert err.file.endswith(name) and err.line == line and err.field == field
    assert words in str(err) and name in str(err)


def test_truncated_last_record_kept_leniently_refused_strictly() -> None:
    path = FIXTURES / "csl_truncated.csv"
    loaded = load_list(path)
    assert [e.name for e in loaded.entries] == ["Good Row Co.", "Cut Off Co."]
    assert any("line 3" in e and "cut off" in e for e in loaded.errors)
    with pytest.raises(ListDataError, match="truncated download"):
        load_list(path, strict=True)


def test_undetectable_and_empty_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ListDataError, match="empty file"):
        detect_format(empty)
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ListDataError, match="unrecognised list format"):
        load_list(other)
    with pytest.raises(ListDataError, match="no such file"):
        load_list(tmp_path / "missing.csv")
    header_only = tmp_path / "header.csv"
    shutil.copy(FIXTURES / "csl_bad_columns.csv", header_only)
    header_only.write_text(header_only.read_text().splitlines()[0] + "\n")
    with pytest.raises(ListDataError, match="no entries"):
        load_list(header_only)


def test_not_utf8_csl(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    header = (FIXTURES / "csl_bad_columns.csv").read_text().splitlines()[0]
    path.write_bytes(header.encode() + b"\nx,Entity List (EL) - BIS,,,,Caf\xe9 Co." + b"," * 23 + b"\n")
    with pytest.raises(ListDataError, match="not valid UTF-8"):
        load_list(path)


HUAWEI_NAMES = {"huawei technologies co., ltd", "huawei technologies co., ltd. (huawei)"}


def test_demo_sample_list_carries_both_huawei_listings() -> None:
    sample = Path(__file__).resolve().parents[2] / "examples" / "lists" / "sample_consolidated.csv"
    loaded = load_list(sample)
    assert loaded.format == "csl-csv" and loaded.errors == []
    assert 20 <= len(loaded.entries) <= 30
    assert {"EL", "CMIC", "SDN", "DPL", "UVL", "MEU"} <= set(loaded.counts)
    huawei = {e.source_code: e for e in loaded.entries if e.name.casefold().rstrip(".") in HUAWEI_NAMES}
    assert huawei["CMIC"].name == "HUAWEI TECHNOLOGIES CO., LTD." and huawei["CMIC"].license_requirement is None
    el = huawei["EL"]
    assert el.name == "Huawei Technologies Co., Ltd. (Huawei)" and "84 FR 22961" in (el.federal_register_notice or "")
    assert el.license_requirement and "744.11" in el.license_requirement
    assert el.license_policy == "Presumption of denial."
    assert any("\n" in (e.remarks or "") for e in loaded.entries)  # exercises a quoted multi-line cell
