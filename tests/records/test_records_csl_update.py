"""Importing csl_2023-11_partial.csv over csl_2022-05_full.csv and re-screening: exactly the expected cases.

The expectation is computed here from the two files' rows with the csv module (which entries left, which
came, which changed), not from stackclear's code: cases on entries that left close; false positives on
entries that changed reopen; new cases only ever name entries that are new or changed; each target party
gets its own entry's case.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from tests.conftest import shared_file

from stackclear.records import Database, audit, cases, parties
from stackclear.records.rescreen import rescreen
from stackclear.screening.store import ListStore

PER_KIND = 4


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["source"] != "source"]  # 2023 repeats its header


def _pick(rows: list[dict[str, str]], ok: set[str], names_seen: Counter[str]) -> list[dict[str, str]]:
    chosen = []
    for row in sorted(rows, key=lambda r: r["_id"]):
        name = row["name"]
        if (row["_id"] in ok and row["type"] != "Individual" and len(name.split()) >= 3 and "?" not in name
                and names_seen[name.casefold()] == 1):  # fmt: skip
            chosen.append(row)
        if len(chosen) == PER_KIND:
            break
    assert len(chosen) == PER_KIND
    return chosen


def _complete_copy(source: Path, target: Path) -> Path:
    """The 2023 file ends in a record cut off mid-way, which the list store refuses (strict import);
    a copy in the test's temporary folder keeps every complete record, byte-identical in content."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    width = len(rows[0])
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(r for r in rows if len(r) == width)
    return target


def _raw_id(entry_id: str) -> str:
    return entry_id.split(":", 1)[1]


def test_csl_update_opens_reopens_and_closes_exactly_the_expected_cases(db: Database, tmp_path: Path) -> None:
    old_file = shared_file("lists", "csl_2022-05_full.csv")
    new_file = _complete_copy(shared_file("lists", "csl_2023-11_partial.csv"), tmp_path / "csl_2023-11_partial.csv")
    old, new = _rows(old_file), _rows(new_file)
    old_ids, new_ids = Counter(r["_id"] for r in old), Counter(r["_id"] for r in new)
    old_by, new_by = {r["_id"]: r for r in old}, {r["_id"]: r for r in new}
    unique = {i for i in set(old_ids) | set(new_ids) if old_ids[i] <= 1 and new_ids[i] <= 1}
    same_source = {i for i in unique
                   if i not in old_by or i not in new_by or old_by[i]["source"] == new_by[i]["source"]}
    names_seen = Counter(name for _, name in {(r["_id"], r["name"].casefold()) for r in (*old, *new)})
    left = {i for i in old_by if i not in new_by}
    came = {i for i in new_by if i not in old_by}
    changed = {i for i in old_by if i in new_by and old_by[i] != new_by[i]}
    removed_t = _pick([old_by[i] for i in left], same_source, names_seen)
    added_t = _pick([new_by[i] for i in came], same_source, names_seen)
    changed_t = _pick([old_by[i] for i in changed if old_by[i]["name"] == new_by[i]["name"]
                       and old_by[i]["alt_names"] == new_by[i]["alt_names"]], same_source, names_seen)  # fmt: skip
    lines = ["id,name"]
    for prefix, rows in (("r", removed_t), ("g", changed_t), ("a", added_t)):
        lines += [f"{prefix}{n},\"{row['name']}\"" for n, row in enumerate(rows)]
    (tmp_path / "parties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not parties.import_file(db, str(tmp_path / "parties.csv"), actor="t").rejected
    own = {f"{p}{n}": row["_id"] for p, rows in (("r", removed_t), ("g", changed_t), ("a", added_t))
           for n, row in enumerate(rows)}  # fmt: skip

    store = ListStore()
    store.import_paths([old_file])
    first = rescreen(db, actor="t")
    assert first.full and first.screened == 3 * PER_KIND
    before = cases.list_cases(db, "all")
    pairs = {(c["party_id"], _raw_id(c["entry_id"])): c for c in before}
    for party, raw in own.items():
        if party[0] in "rg":
            assert (party, raw) in pairs, f"{party} should match its own entry {raw}"
    # every case names an entry whose id is unambiguous in both files (so _id identifies it)
    assert all(_raw_id(c["entry_id"]) in same_source for c in before)
    # reviewers dismiss the changed targets' own cases as false positives; the rest stay open
    dismissed = {pairs[(p, raw)]["id"] for p, raw in own.items() if p[0] == "g"}
    for case_id in dismissed:
        cases.decide(db, case_id, "false_positive", "different company (registry checked)", actor="rev")
    open_before = {c["id"]: c for c in cases.list_cases(db, "open")}

    store.import_paths([new_file])
    second = rescreen(db, actor="t")
    assert not second.full and second.added >= len(came & unique) and second.removed >= len(left & unique)
    expected_closed = {cid for cid, c in open_before.items() if _raw_id(c["entry_id"]) in left}
    assert set(second.closed) == expected_closed
    assert {pairs[(p, raw)]["id"] for p, raw in own.items() if p[0] == "r"} <= expected_closed
    assert set(second.reopened) == dismissed
    after = {c["id"]: c for c in cases.list_cases(db, "all")}
    opened_pairs = {(after[cid]["party_id"], _raw_id(after[cid]["entry_id"])) for cid in second.opened}
    assert all(raw in came or raw in changed for _, raw in opened_pairs)
    assert {(p, raw) for p, raw in own.items() if p[0] == "a"} <= opened_pairs
    assert all(after[cid]["status"] == "closed" for cid in second.closed)
    assert all("left the lists" in cases.get_case(db, cid)["note"] for cid in second.closed)
    assert all(after[cid]["status"] == "open" and after[cid]["decision"] is None for cid in second.reopened)
    # nothing else moved: cases neither closed nor reopened nor new keep their status
    untouched = set(after) - set(second.closed) - set(second.reopened) - set(second.opened)
    status_before = {c["id"]: c["status"] for c in before}
    assert all(after[cid]["status"] == status_before[cid] or cid in dismissed for cid in untouched)
    # a second run on the same snapshot changes nothing
    third = rescreen(db, actor="t")
    assert (third.opened, third.reopened, third.closed, third.screened) == ([], [], [], 0)
    assert audit.verify(db).ok


def test_delta_key_filter_skips_only_parties_the_delta_index_cannot_match(tmp_path: Path,
                                                                          monkeypatch: object) -> None:  # fmt: skip
    """A delta run skips parties by their stored index keys; it must find exactly the hits that screening
    every party against the delta index finds (computed here directly with the Screener)."""
    import random

    import pytest

    from stackclear.records import open_database
    from stackclear.screening.screen import PartyQuery, Screener
    from stackclear.screening.sources import load_list

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path / "home"))
    old_rows, new_rows = _rows(shared_file("lists", "csl_2022-05_full.csv")), _rows(
        _complete_copy(shared_file("lists", "csl_2023-11_partial.csv"), tmp_path / "new.csv"))
    header = list(old_rows[0])
    old_ids = {r["_id"] for r in old_rows}
    rng = random.Random(7)
    base = rng.sample(old_rows, 1500)
    added = rng.sample([r for r in new_rows if r["_id"] not in old_ids], 150)

    def write(name: str, rows: list[dict[str, str]]) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        return path

    def typo(name: str) -> str:
        k = rng.randrange(1, max(2, len(name) - 1))
        return name[:k] + name[k + 1:]

    names = [typo(r["name"]) if i % 2 else r["name"] for i, r in enumerate(rng.sample(added, 60))]
    names += [typo(r["name"]) for r in rng.sample(base, 60)]
    names += [f"{w} {v} Trading Ltd" for w in ("Amber", "Nordic", "Pacific", "Golden", "Silver")
              for v in ("Star", "Bridge", "River", "Stone", "Field", "Tech", "Group", "Union")]  # fmt: skip
    (tmp_path / "p.csv").write_text("id,name\n" + "".join(f"p{i},\"{n}\"\n" for i, n in enumerate(names)),
                                    encoding="utf-8")  # fmt: skip
    db = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    parties.import_file(db, str(tmp_path / "p.csv"), actor="t")
    store = ListStore()
    store.import_paths([write("v1.csv", base)])
    rescreen(db, actor="t", store=store)
    v2 = write("v2.csv", [*base, *added])
    store.import_paths([v2])
    delta = rescreen(db, actor="t", store=store)
    assert delta.added == len(added) and delta.skipped_by_keys > 0
    found = {(h["party_id"], h["entry_id"]) for h in audit.records(db, kind="rescreen")[-1]["payload"]["hits"]}
    before = {e.entry_id for e in load_list(tmp_path / "v1.csv").entries}
    new_keys = {e.entry_id for e in load_list(v2).entries} - before
    loaded = load_list(v2)
    loaded.entries = [e for e in loaded.entries if e.entry_id in new_keys]
    reference = Screener.from_lists([loaded])
    expected = {(f"p{i}", hit.entry_id) for i, n in enumerate(names)
                for hit in reference.screen(PartyQuery(id=f"p{i}", name=n)).hits}  # fmt: skip
    assert expected and found == expected
    db.dispose()
