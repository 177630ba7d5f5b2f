"""Parse every list snapshot in ../shared/data/lists and check it against PROVENANCE.md's counts."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import shared_file
from stackclear.screening.sources import detect_format, load_list

CSL_2022 = {
    "SDN": 10026, "EL": 2001, "DTC": 727, "DPL": 462, "SSI": 290, "UVL": 201, "ISN": 163, "PLC": 78,
    "MEU": 71, "CMIC": 68, "CAP": 53, "NS-MBS": 17, "FSE": 3,
}  # fmt: skip


def test_csl_2022_full_counts_per_source() -> None:
    loaded = load_list(shared_file("lists", "csl_2022-05_full.csv"))
    assert loaded.format == "csl-csv"
    assert len(loaded.entries) == 14160
    assert loaded.counts == CSL_2022
    assert loaded.as_of == dt.date(2022, 4, 21)
    assert loaded.sha256 == "80e780b91b7b50e193c0077b17d75ec6f6dbd8223ae0bd54b343d297db5e767f"
    assert loaded.errors == []
    assert len({e.entry_id for e in loaded.entries}) == len(loaded.entries)


def test_csl_2022_entries_keep_lists_fields() -> None:
    loaded = load_list(shared_file("lists", "csl_2022-05_full.csv"))
    by_id = {e.entry_id: e for e in loaded.entries}
    abbas = by_id["SDN:21944"]
    assert (abbas.schema, abbas.name, abbas.countries, abbas.dates_of_birth) == (
        "Person", "'ABBAS, Rim", ["SY"], ["1973-03-25"],
    )  # fmt: skip
    el = [e for e in loaded.entries if e.source_code == "EL" and e.name == "140 Repair Plant JSC"][0]
    assert el.schema == "LegalEntity"
    assert el.license_requirement is not None and "744.21(b)" in el.license_requirement
    assert el.license_policy == "Policy of denial."
    assert el.federal_register_notice == "87 FR 20299"
    assert el.aliases == ["Open Joint Stock Company 140 Repair Plant", "and JSC 140 Repair Plant"]
    assert el.countries == ["BY"]
    multi_line = [e for e in loaded.entries if any("\n" in a for a in e.addresses)]
    assert multi_line, "the 4 records with newlines inside quoted fields must survive"


def test_csl_2023_partial_skips_repeated_header_and_reports_cut_record() -> None:
    loaded = load_list(shared_file("lists", "csl_2023-11_partial.csv"))
    assert len(loaded.entries) == 4227
    assert {k: loaded.counts[k] for k in ("SDN", "EL", "DPL", "SSI", "UVL", "ISN", "DTC")} == {
        "SDN": 1738, "EL": 919, "DPL": 577, "SSI": 288, "UVL": 186, "ISN": 144, "DTC": 142,
    }  # fmt: skip
    assert "source" not in loaded.counts
    assert loaded.as_of == dt.date(2023, 11, 16)
    assert any("line 2: repeated header" in e for e in loaded.errors)
    assert any("line 4233" in e and "cut off" in e for e in loaded.errors)
    assert loaded.entries[-1].name == "BERMUDEZ SUAZA, Pedro Antonio"


def test_ofac_sdn_2024_alone() -> None:
    path = shared_file("lists", "ofac_sdn_2024-07.csv")
    assert detect_format(path) == "ofac-csv"
    loaded = load_list(path)
    assert len(loaded.entries) == 15443 and loaded.counts == {"SDN": 15443}
    assert loaded.sha256 == "fb6a6ff6e93643d48d3db934c6caeeaffe7e2964955fc8e90a3c1c30c357fc79"
    schemas = {e.schema for e in loaded.entries}
    assert schemas == {"Person", "Organization", "Vessel", "Aircraft"}
    bnc = next(e for e in loaded.entries if e.entry_id == "SDN:306")
    assert bnc.weak_aliases == ["BNC"] and bnc.programs == ["CUBA"]
    marzook = next(e for e in loaded.entries if e.entry_id == "SDN:3754")
    assert marzook.dates_of_birth == ["1951-02-09"]


def test_ofac_2021_trio_joined_on_ent_num() -> None:
    folder = shared_file("lists", "ofac_2021-07")
    loaded = load_list(folder)
    assert loaded.format == "ofac-csv" and len(loaded.entries) == 8976
    aliases = sum(len(e.aliases) for e in loaded.entries)
    addresses = sum(len(e.addresses) for e in loaded.entries)
    # alt.csv has 11,910 rows (a few repeat the main name); add.csv 13,837, of which the rows that are all
    # "-0-" carry no address.
    assert 11_800 <= aliases <= 11_910
    add_rows = (folder / "add.csv").read_text(encoding="utf-8").splitlines()
    blank = sum(1 for r in add_rows if r.split(",", 2)[-1].replace("-0-", "").strip(" ,") == "")
    assert addresses == 13_837 - blank
    bnc = next(e for e in loaded.entries if e.entry_id == "SDN:306")
    assert bnc.aliases == ["NATIONAL BANK OF CUBA"] and "ES" in bnc.countries and "PA" in bnc.countries


@pytest.mark.parametrize(
    "name", ["csl_2022-05_full.csv", "csl_2023-11_partial.csv", "ofac_sdn_2024-07.csv", "ofac_2021-07"]
)
def test_shared_lists_have_names_and_known_countries(name: str) -> None:
    loaded = load_list(shared_file("lists", name))
    assert all(e.name.strip() for e in loaded.entries)
    assert all(len(c) == 2 and c.isupper() for e in loaded.entries for c in e.countries)


def test_entity_list_derived_json() -> None:
    loaded = load_list(shared_file("lists", "entity_list_2025-11_derived.json"))
    assert loaded.format == "el-json" and loaded.counts == {"EL": 3421}
    assert loaded.as_of == dt.date(2025, 10, 8)
    assert loaded.sha256 == "8bcc73bd46fae96f82b0857d0ab203a8a0c2f28d5353ff2c75bd72408b4a8152"
    assert len({e.entry_id for e in loaded.entries}) == 3421
    names = {e.name: e for e in loaded.entries}
    for prefix in ("Sophgo", "Beijing Zhipu", "Beijing Biren", "Moore Thread", "Inspur", "Cambricon",
                   "Semiconductor Manufacturing International", "Huawei Technologies Co., Ltd. (Huawei)",
                   "Yangtze Memory Technologies Co"):  # fmt: skip
        assert any(n.startswith(prefix) for n in names), prefix
    huawei = names["Huawei Technologies Co., Ltd. (Huawei)"]
    assert huawei.license_requirement == "For all items subject to the EAR, see §§\xa0734.9(e) and 744.11 of the EAR"
    assert huawei.remarks is not None and huawei.remarks.startswith("Entity List footnotes: 1, 2")
    assert huawei.countries == ["CN"]
    # No glued footnote digit survives at the end of any license requirement.
    assert not [e for e in loaded.entries if e.license_requirement and e.license_requirement[-1].isdigit()
                and not e.license_requirement.endswith("13685.")]  # fmt: skip
    # Aliases the producer split on commas are joined back: no alias is a bare legal form.
    assert not [a for e in loaded.entries for a in e.aliases if a.strip(". ").casefold() in {"ltd", "limited", "inc"}]
    marine = next(e for e in loaded.entries if e.name.endswith("Huawei Marine Networks Co., Ltd."))
    assert "Huahai Zhihui Technology Co., Ltd." in marine.aliases
