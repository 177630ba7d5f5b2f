"""The rule loader: strict validation with errors naming file and key path; dated lookups with a trace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stackclear.errors import RuleDataError, RuleLookupError
from stackclear.rules import Trace, load_rules
from stackclear.rules.loader import default_data_dir, default_rules

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("folder", "key_path", "words"),
    [
        ("unknown_key", "parameters.limit.values[0].efective_until", ["unknown key", "efective_until"]),
        ("no_citation", "parameters.limit.values[0].citation", ["missing required key"]),
        ("empty_citation", "parameters.limit.values[0].citation", ["non-empty citation"]),
        ("overlap", "parameters.limit.values", ["overlapping", "2021-01-01"]),
        ("inverted", "parameters.limit.values[0].expires", ["not after", "inverted"]),
        ("duplicate_key", "", ["duplicate key", "limit"]),
        ("bad_date", "parameters.limit.values[0].effective", ["2020-13-45", "YYYY-MM-DD"]),
        ("bad_confidence", "parameters.limit.values[0].confidence", ["maybe"]),
    ],
)
def test_broken_rule_files_name_file_and_key(folder: str, key_path: str, words: list[str]) -> None:
    with pytest.raises(RuleDataError) as info:
        load_rules(FIXTURES / folder)
    err = info.value
    assert err.file == "x.yaml"
    assert err.key_path == key_path
    message = str(err)
    assert message.startswith("x.yaml")
    for word in words:
        assert word in message


def test_value_at_dates_and_gaps() -> None:
    rules = load_rules(FIXTURES / "ok")
    assert rules.value("sample.limit", dt.date(2019, 12, 31)) is None
    assert rules.value("sample.limit", dt.date(2020, 1, 1)) == 10
    assert rules.value("sample.limit", dt.date(2020, 12, 31)) == 10
    assert rules.value("sample.limit", dt.date(2021, 1, 1)) == 20  # expires is exclusive
    assert rules.value("sample.gap", dt.date(2020, 6, 30)) is True
    assert rules.value("sample.gap", dt.date(2020, 7, 1), default="off") == "off"


def test_trace_records_reads_once_with_citation_and_caveats() -> None:
    rules = load_rules(FIXTURES / "ok")
    trace = Trace()
    for _ in range(3):
        rules.value("sample.limit", dt.date(2022, 1, 1), trace)
    rules.value("sample.gap", dt.date(2022, 1, 1), trace)  # not in force: nothing to record
    assert [v.rule_id for v in trace] == ["sample.limit"]
    assert trace.citations() == ["2 FR 2"]
    assert trace.caveats() == ["sample.limit = 20 is unverified (2 FR 2): from memory"]


def test_unknown_rule_id_is_an_error() -> None:
    with pytest.raises(RuleLookupError, match="no rule 'sample.nope'"):
        load_rules(FIXTURES / "ok").value("sample.nope", dt.date(2022, 1, 1))


def test_change_dates_are_the_breakpoints() -> None:
    rules = load_rules(FIXTURES / "ok")
    assert rules.change_dates() == [dt.date(2020, 1, 1), dt.date(2020, 6, 1), dt.date(2020, 7, 1), dt.date(2021, 1, 1)]


def test_version_changes_with_content(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text((FIXTURES / "ok" / "sample.yaml").read_text())
    first = load_rules(tmp_path).version
    (tmp_path / "a.yaml").write_text((FIXTURES / "ok" / "sample.yaml").read_text().replace("value: 20", "value: 21"))
    assert load_rules(tmp_path).version != first


def test_shipped_rule_set_loads_and_every_value_is_cited() -> None:
    rules = default_rules()
    count = 0
    for rule in rules:
        for value in rule.values:
            assert value.citation.strip(), rule.rule_id
            count += 1
    assert count > 20
    assert rules.value("eccn.3A090.a1_tpp_min", dt.date(2024, 1, 1)) == 4800


def test_yaml_12_booleans_keep_norway(tmp_path: Path) -> None:
    (tmp_path / "groups.yaml").write_text(
        "parameters:\n  members:\n    values:\n"
        "      - {effective: 2020-01-01, value: [NO, SE, 'on', off, y, true], citation: '1 FR 1'}\n"
    )
    members = load_rules(tmp_path).value("groups.members", dt.date(2021, 1, 1))
    assert members == ["NO", "SE", "on", "off", "y", True]


def test_shipped_country_groups_are_all_codes() -> None:
    rules = default_rules()
    for rule in rules.namespace("country_groups.groups"):
        for value in rule.values:
            assert isinstance(value.value, tuple) and isinstance(value.raw, list), rule.rule_id  # typed at load
            assert all(isinstance(code, str) and len(code) == 2 for code in value.value), (rule.rule_id, value.value)
    assert "NO" in rules.value("country_groups.groups.A5", dt.date(2026, 8, 1))  # type: ignore[operator]


def _texts(raw: object) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, dict):
        return [t for item in raw.values() for t in _texts(item)]
    if isinstance(raw, list):
        return [t for item in raw for t in _texts(item)]
    return []


def test_folded_text_loses_its_trailing_line_break() -> None:
    """A folded YAML scalar (``>``) ends with a line break: the loader trims it from notes and text values, so
    it never reaches reason texts, caveats or the JSON as a trailing "\\n" (review of issue 10)."""
    rules = default_rules()
    for rule in rules:
        for value in rule.values:
            for text in [*_texts(value.raw), *([value.note] if value.note else [])]:
                assert text == text.strip(), f"{rule.rule_id} ({value.file}): {text[-40:]!r}"
    # at least one shipped value is written as a folded scalar, so the check above is not vacuous
    assert any("note: >" in p.read_text(encoding="utf-8") or ": >\n" in p.read_text(encoding="utf-8")
               for p in default_data_dir().rglob("*.yaml"))
