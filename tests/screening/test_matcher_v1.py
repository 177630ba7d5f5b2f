"""stackclear-v1: name rules per kind, evidence qualifiers, the registry."""

from __future__ import annotations

import pytest

from stackclear.errors import StackclearError
from stackclear.names import ORG, PERSON, analyze
from stackclear.screening.matchers import DEFAULT_MATCHER, Evidence, get_matcher
from stackclear.screening.matchers.v1_names import score_names
from stackclear.screening.matchers.v1_tokens import token_similarity
from stackclear.screening.model import ListEntry

M = get_matcher("stackclear-v1")


def test_registry() -> None:
    assert DEFAULT_MATCHER == "stackclear-v2"
    assert M.name == "stackclear-v1"
    with pytest.raises(StackclearError, match="stackclear-v1"):
        get_matcher("nope")


@pytest.mark.parametrize(
    ("a", "b", "schema"),
    [
        ("Putin, Vladimir", "Vladimir Putin", "Person"),
        ("Сергей Лавров", "Sergei Lavrov", "Person"),
        ("Rami Makhlouf", "Ramimakhlouf", "Person"),
        ("Moammar Qaddafi", "Muammar Gaddafi", "Person"),
        ("JANAN MOHAMMAD AHMED AGHA", "JANAN AGHA", "Person"),
        ("Huawei Technologies Co., Ltd.", "Huawei Technologies Company Limited", "Company"),
        ("OAO Gazprom", "Open Joint Stock Company Gasprom", "Company"),
        ("Huаwei Technologies", "Huawei Technologies", "Company"),
        ("Siemens Aktiengesellschaft", "Siemens AG", "Company"),
    ],
)
def test_matches(a: str, b: str, schema: str) -> None:
    assert M.match_names(a, b, schema).score >= M.threshold


@pytest.mark.parametrize(
    ("a", "b", "schema"),
    [
        ("Raúl Castro", "Raúl Castillo", "Person"),
        ("MOHAMMAD AZAM ROHANI", "MOHAMMAD AZAM ELMI", "Person"),
        ("SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI", "Person"),
        ("SHAMSUDDIN", "SHAMSUDDIN MOHAMMED HAQQANI", "Person"),
        ("Antonia Rodriguez", "Antonio Rodriguez", "Person"),
        ("习近朋", "习近平", "Person"),
        ("Bank of Chad", "Bank of China", "Company"),
        ("China Railway Constructors Corporation", "China Railway Construction Corporation", "Company"),
        ("A. Ahmed", "Alice Ahmed", "Person"),
    ],
)
def test_non_matches(a: str, b: str, schema: str) -> None:
    assert M.match_names(a, b, schema).score < M.threshold


def test_scores_are_symmetric_enough_and_bounded() -> None:
    for a, b in [("John Smith", "Smith John Paul"), ("Acme Trading Co", "ACME")]:
        ab = M.match_names(a, b, "Person").score
        ba = M.match_names(b, a, "Person").score
        assert 0.0 <= ab <= 1.0 and abs(ab - ba) < 1e-9


def test_explanation_names_the_tokens_and_legal_form() -> None:
    result = M.match_names("Huawei Technologies Co., Ltd.", "Huawei Technologies Company Limited", "Company")
    explained = result.explanation
    assert explained["matcher"] == "stackclear-v1"
    assert {t["query"] for t in explained["tokens"]} == {"huawei", "technologies"}  # type: ignore[union-attr]
    assert explained["legal_form"] == "same"


def test_token_similarity_rules() -> None:
    assert token_similarity("lavrov", "lavrov", PERSON) == 1.0
    assert token_similarity("v", "vladimir", PERSON) == pytest.approx(0.75)
    assert token_similarity("v", "vladimir", ORG) == 0.0
    assert 0.5 < token_similarity("viii", "ix", ORG) < 1.0  # another number: a series variant
    assert token_similarity("2", "snow", ORG) == 0.0
    assert token_similarity("ibn", "bin", PERSON) > 0.5
    assert 0.8 < token_similarity("gazprom", "gasprom", ORG) < 1.0
    assert token_similarity("jin", "jing", PERSON, strict=True) < 0.5


def test_same_script_names_are_compared_in_that_script() -> None:
    assert score_names(analyze("이재형", PERSON), analyze("이재명", PERSON)).form == "script"


def _entry(**kw: object) -> ListEntry:
    base: dict[str, object] = {"entry_id": "X:1", "source": "test", "source_code": "X", "schema": "Person",
                               "name": "Ivan Petrov"}
    base.update(kw)
    return ListEntry(**base)  # type: ignore[arg-type]


def test_evidence_supports_and_conflicts() -> None:
    q = analyze("Ivan Petrov", PERSON)
    c = analyze("Ivan Petrov", PERSON)
    plain = M.score_candidate(q, c, False, Evidence(), _entry()).score
    same = M.score_candidate(q, c, False, Evidence(country="RU"), _entry(countries=["RU"]))
    other = M.score_candidate(q, c, False, Evidence(country="US"), _entry(countries=["RU"]))
    dob = M.score_candidate(q, c, False, Evidence(date_of_birth="1950-01-01"), _entry(dates_of_birth=["1980"]))
    assert same.score == plain == 1.0
    assert other.score < plain and other.explanation["evidence"] == {"country": -0.08}
    assert dob.score < other.score


def test_weak_alias_is_capped() -> None:
    q = analyze("Huawei", ORG)
    weak = M.score_candidate(q, analyze("Huawei", ORG), True, Evidence(), _entry(schema="Company"))
    assert M.review_threshold <= weak.score < 1.0 and weak.explanation["weak_alias"] is True


def test_acronyms_match_the_words_they_abbreviate() -> None:
    full = M.match_names("U.S. Department of State", "United States Department of State", "Organization")
    assert full.score >= M.threshold and full.explanation["form"] == "acronym"
    bare = M.match_names("BOA", "Bank of America", "Company").score
    assert M.review_threshold <= bare < M.threshold  # a bare acronym is only worth a review
