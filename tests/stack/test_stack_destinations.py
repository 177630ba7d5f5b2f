"""Destination tokens: ISO codes, Country Groups and blocs as of the date, 'all'; errors name the token."""

from __future__ import annotations

import datetime as dt

import pycountry
import pytest

from stackclear.rules.loader import default_rules
from stackclear.stack.destinations import DestinationError, expand, split_tokens


def codes(tokens: list[str], day: dt.date) -> list[str]:
    return [d.code for d in expand(tokens, day, default_rules())]


def test_the_uae_enters_a5_on_2026_07_10() -> None:
    assert "AE" not in codes(["A:5"], dt.date(2026, 7, 9))
    assert "AE" in codes(["A:5"], dt.date(2026, 7, 10))
    assert "AE" in codes(["D:4"], dt.date(2026, 7, 9)) and "AE" not in codes(["D4"], dt.date(2026, 7, 10))
    assert len(codes(["A:5"], dt.date(2026, 3, 1))) == 37


def test_cambodia_leaves_d5_and_nicaragua_joins() -> None:
    assert "KH" in codes(["D:5"], dt.date(2026, 2, 2)) and "KH" not in codes(["D:5"], dt.date(2026, 2, 3))
    assert "NI" not in codes(["D:5"], dt.date(2024, 3, 14)) and "NI" in codes(["D:5"], dt.date(2024, 3, 15))


def test_blocs_are_dated_and_cited() -> None:
    assert "SE" not in codes(["NATO"], dt.date(2024, 3, 6)) and "SE" in codes(["nato"], dt.date(2024, 3, 7))
    assert "GB" in codes(["EU"], dt.date(2020, 1, 31)) and "GB" not in codes(["EU"], dt.date(2020, 2, 1))
    assert codes(["GCC"], dt.date(2026, 1, 1)) == ["AE", "BH", "KW", "OM", "QA", "SA"]
    assert codes(["Five Eyes"], dt.date(2026, 1, 1)) == codes(["five-eyes"], dt.date(2026, 1, 1)) == [
        "AU", "CA", "GB", "NZ", "US"]
    dest = expand(["GCC"], dt.date(2026, 1, 1), default_rules())[0]
    assert dest.sources and dest.sources[0].rule_id == "country_groups.blocs.GCC" and dest.sources[0].citation


def test_mixed_tokens_are_deduplicated_in_first_named_order() -> None:
    found = expand(split_tokens("SA, GCC,ae"), dt.date(2026, 8, 1), default_rules())
    assert [d.code for d in found] == ["SA", "AE", "BH", "KW", "OM", "QA"]
    assert found[0].via == ["SA", "GCC"] and found[1].via == ["GCC", "ae"]
    assert found[1].name == "United Arab Emirates"


def test_all_is_every_iso_country() -> None:
    everything = codes(["all"], dt.date(2026, 8, 1))
    assert len(everything) == len(pycountry.countries) and "TW" in everything and "XK" not in everything


@pytest.mark.parametrize(("token", "words"), [
    ("ZZ", "unknown destination 'ZZ'"), ("F:9", "unknown country group"), ("Mercosur", "unknown destination"),
])
def test_unknown_tokens_are_named(token: str, words: str) -> None:
    with pytest.raises(DestinationError, match=words):
        expand([token], dt.date(2026, 8, 1), default_rules())


def test_a_bloc_before_its_data_starts_is_an_error() -> None:
    with pytest.raises(DestinationError, match="no membership data in force on 2019-01-01"):
        expand(["NATO"], dt.date(2019, 1, 1), default_rules())
