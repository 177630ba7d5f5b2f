"""One hit per listed entity: the CSL's and OFAC's copies of one SDN entry, and the CSL's rows of one party
repeated per address, are grouped with every source and entry id named; the exact match leads."""

from __future__ import annotations

from conftest import shared_file
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list


def _screener() -> Screener:
    csl = load_list(shared_file("lists", "csl_2022-05_full.csv"))
    sdn = load_list(shared_file("lists", "ofac_sdn_2024-07.csv"))
    return Screener.from_lists([csl, sdn])


def test_sdn_entry_in_csl_and_ofac_file_is_one_hit_naming_both_sources() -> None:
    result = _screener().screen(PartyQuery("1", "AEROCARIBBEAN AIRLINES"))
    sdn = [h for h in result.hits if h.entry_id == "SDN:36"]
    assert len(sdn) == 1
    assert len(sdn[0].entry_ids) == 2 and sdn[0].sources  # the CSL copy and OFAC's own file
    assert len([h for h in result.entry_hits if h.entry_id == "SDN:36"]) == 2  # per entry, before grouping
    assert result.hits[0].entry_id == "SDN:36" and "CUBA" in result.hits[0].programs
    out = result.to_dict()
    assert {"id", "hits", "decision", "matcher", "matcher_fingerprint"} <= set(out)
    assert {"entry_id", "source", "name", "matched_name", "score", "license_requirement", "license_policy",
            "programs", "sources", "entry_ids"} <= set(out["hits"][0])


def test_csl_rows_per_address_are_one_hit() -> None:
    csl = load_list(shared_file("lists", "csl_2022-05_full.csv"))
    rows = [e for e in csl.entries if e.name == "Gunther Migeotte"]
    assert len(rows) > 1  # the CSL repeats this Entity List party per address
    result = Screener.from_lists([csl]).screen(PartyQuery("1", "Gunther Migeotte"))
    grouped = [h for h in result.hits if h.name == "Gunther Migeotte"]
    assert len(grouped) == 1 and sorted(grouped[0].entry_ids) == sorted(e.entry_id for e in rows)
    assert grouped[0].license_requirement  # the Entity List's consequence is kept
