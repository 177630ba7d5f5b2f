"""Validation of screening/matching input records: each bad field is named with what was expected."""

from __future__ import annotations

import pytest

from stackclear.errors import SpecError
from stackclear.screening.queries import MAX_NAME_CHARS, parse_pair, parse_query


def test_a_good_record() -> None:
    query = parse_query({"id": 7, "name": "Acme Ltd", "schema": "Company", "country": "cn"}, "line 1")
    assert (query.id, query.name, query.schema, query.country) == ("7", "Acme Ltd", "Company", "CN")
    assert parse_query({"name": "Acme"}, "line 3").id == "line 3"


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        ({"id": "1", "name": ""}, "name", "empty"),
        ({"id": "1", "name": "x" * (MAX_NAME_CHARS + 1)}, "name", "characters long"),
        ({"id": "1", "name": "Acme\x00"}, "name", "U+0000"),
        ({"id": "1", "name": "--- ..."}, "name", "no letters or digits"),
        ({"id": "1", "name": 12}, "name", "expected a string"),
        ({"id": "1", "name": "Acme", "schema": "Planet"}, "schema", "Person"),
        ({"id": "1", "name": "Acme", "country": "ZZ"}, "country", "alpha-2"),
        ({"id": "1", "name": "Acme", "country": "China"}, "country", "alpha-2"),
        ({"id": "1", "name": "Acme", "address": 5}, "address", "expected a string"),
    ],
)
def test_bad_fields_are_named(record: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_query(record, "line 1")
    assert caught.value.field == field and words in str(caught.value)


def test_zero_width_characters_are_not_errors() -> None:
    assert parse_query({"id": "1", "name": "Hu\u200bawei"}, "x").name == "Hu\u200bawei"  # an evasion, screened


def test_pairs() -> None:
    assert parse_pair({"a": "A Corp", "b": "B Corp", "schema": "Company"}) == ("A Corp", "B Corp", "Company")
    with pytest.raises(SpecError, match="expected a JSON object"):
        parse_pair(["a", "b"])
