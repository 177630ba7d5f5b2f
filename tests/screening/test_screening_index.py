"""Candidate retrieval and list-name variants: what the index finds without scanning every entry."""

from __future__ import annotations

from stackclear.names import ORG, PERSON, analyze
from stackclear.screening.index import ScreeningIndex, name_keys
from stackclear.screening.model import ListEntry
from stackclear.screening.variants import name_variants


def _entries() -> list[ListEntry]:
    people = ["PUTIN, Vladimir Vladimirovich", "HADI, Abdul", "KHODORKOVSKY, Mikhail", "MAKHLOUF, Rami"]
    people += [f"ABDUL RAHMAN, Person {n}" for n in range(400)]  # a very common token pair
    orgs = ["Huawei Technologies Co., Ltd. (Huawei)", "Gazprom PJSC", "Acme Trading Company Limited"]
    out = [ListEntry(f"P:{n}", "test", "T", "Person", name) for n, name in enumerate(people)]
    out += [ListEntry(f"O:{n}", "test", "T", "Company", name) for n, name in enumerate(orgs)]
    return out


INDEX = ScreeningIndex(_entries())


def _found(query: str, kind: str, entry_id: str) -> bool:
    ids = [INDEX.entries[INDEX.names[n].entry].entry_id for n, _ in INDEX.candidates([analyze(query, kind)], 10, 0.4)]
    return entry_id in ids


def test_exact_reordered_and_fuzzy_names_are_candidates() -> None:
    assert _found("Vladimir Putin", PERSON, "P:0")
    assert _found("Mikhail Khordorovsky", PERSON, "P:2")  # typo: found through phonetic/prefix keys
    assert _found("Ramimakhlouf", PERSON, "P:3")  # merged words: the compact key
    assert _found("Gasprom", ORG, "O:1")


def test_common_tokens_are_found_through_their_pair() -> None:
    assert _found("Abdul Hadi", PERSON, "P:1")


def test_candidates_are_capped_and_carry_coverage() -> None:
    found = INDEX.candidates([analyze("Abdul Rahman", PERSON)], 10, 0.0)
    assert len(found) == 10
    assert all(0.0 <= coverage <= 1.0 for _, coverage in found)
    assert INDEX.candidates([analyze("Zzyzx Qwerty", PERSON)], 10, 0.0) == []


def test_keys_cover_tokens_phonetics_prefixes_compact_and_pairs() -> None:
    keys = name_keys(analyze("Mikhail Khodorkovsky", PERSON))
    assert {"tmikhail", "tkhodorkovsky", "cmikhailkhodorkovsky", "qkhodorkovsky mikhail"} <= keys
    assert any(k.startswith("m") for k in keys) and "pkhod" in keys


def test_variants_of_listed_names() -> None:
    assert name_variants("Huawei Technologies Co., Ltd. (Huawei)", True) == [
        ("Huawei Technologies Co., Ltd. (Huawei)", False),
        ("Huawei Technologies Co., Ltd.", False),
        ("Huawei", True),
    ]
    bolivia = [text for text, _ in name_variants("Huawei Technologies (Bolivia) S.R.L.", True)]
    assert all("Bolivia" in text for text in bolivia)  # a place in brackets qualifies the name
    yangon = [text for text, _ in name_variants("Huawei Technologies (Yangon) Co., Ltd.", True)]
    assert all("Yangon" in text for text in yangon)  # so does anything inside the name
    cut = name_variants("Chengdu Huawei Technologies Co., Ltd., Chengdu, Sichuan", True)
    assert ("Chengdu Huawei Technologies Co., Ltd.", False) in cut


def test_weak_aliases_are_indexed_as_weak() -> None:
    weak = [n for n in INDEX.names if n.weak]
    assert [n.form.original for n in weak] == ["Huawei"]


def test_spelling_variants_of_names_found_verbatim_elsewhere() -> None:
    """"Mohamed Hasan": both tokens exist verbatim in other names, so only their sounds lead to Mohammed Hassan."""
    names = ["HASSAN, Mohammed", "MOHAMED, Ali", "HASAN, Omar"]
    index = ScreeningIndex([ListEntry(f"P:{n}", "test", "T", "Person", name) for n, name in enumerate(names)])
    found = index.candidates([analyze("Mohamed Hasan", PERSON)], 10, 0.5)
    assert index.names[found[0][0]].form.original == "HASSAN, Mohammed"
