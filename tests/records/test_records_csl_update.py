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


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _changed_snapshots(tmp_path: Path) -> tuple[Path, Path, list[str], dict[str, str]]:
    """A 1,500-entry sample of the 2022 CSL, and a weekly-style change of it: 30 entries removed, 60 altered
    (20 a new address, 20 a typo in the name, 20 an added alias), 150 added from the 2023 CSL and one added
    person whose Cyrillic spelling only matcher v2's canonical view (BGN romanisation) retrieves. Returns the
    two files, party names (variants of every kind of entry, and distractors) and what each party is."""
    import random

    old_rows = _rows(shared_file("lists", "csl_2022-05_full.csv"))
    new_rows = _rows(_complete_copy(shared_file("lists", "csl_2023-11_partial.csv"), tmp_path / "new.csv"))
    header = list(old_rows[0])
    old_ids = {r["_id"] for r in old_rows}
    rng = random.Random(7)
    base = rng.sample(old_rows, 1500)
    added = rng.sample([r for r in new_rows if r["_id"] not in old_ids], 150)
    added.append({**base[0], "_id": "khalil-1", "source": "Entity List (EL) - Bureau of Industry and Security",
                  "name": "Khalil Khodzhaev", "type": "Individual", "alt_names": "", "addresses": "Tashkent, UZ"})
    picks = rng.sample(range(len(base)), 90)
    removed, altered = set(picks[:30]), picks[30:]

    def typo(name: str) -> str:
        k = rng.randrange(1, max(2, len(name) - 1))
        return name[:k] + name[k + 1:]

    updated = [dict(r) for r in base]
    for n, i in enumerate(altered):
        row = updated[i]
        if n < 20:
            row["addresses"] = (row["addresses"] + "; 1 New Street, Minsk, BY").strip("; ")
        elif n < 40:
            row["name"] = typo(row["name"])
        else:
            row["alt_names"] = (row["alt_names"] + "; " + row["name"].split()[0] + " Global Trading").strip("; ")
    v2 = [r for i, r in enumerate(updated) if i not in removed] + added
    kinds: dict[str, str] = {}
    names: list[str] = []

    def party(kind: str, name: str) -> None:
        kinds[f"p{len(names)}"] = kind
        names.append(name)

    for r in rng.sample(added[:150], 50):
        party("added", typo(r["name"]) if rng.random() < 0.5 else r["name"])
    for i in altered:
        party("altered", base[i]["name"] if rng.random() < 0.5 else typo(base[i]["name"]))
    for i in removed:
        party("removed", base[i]["name"])
    for r in rng.sample([r for i, r in enumerate(base) if i not in removed and i not in altered], 50):
        party("unchanged", typo(r["name"]))
    for w in ("Amber", "Nordic", "Pacific", "Golden", "Silver", "Ivan", "Olga", "Ali"):
        for v in ("Star", "Bridge", "Petrov", "Hassan", "Trading", "Tech", "Group", "Electronics"):
            party("distractor", f"{w} {v}")
    party("v2-variant", "Халил Ходжаев")
    return _write(tmp_path / "v1.csv", header, base), _write(tmp_path / "v2.csv", header, v2), names, kinds


def _case_set(database: Database) -> set[tuple[str, str, str, str, str | None]]:
    return {(c["party_id"], c["entry_id"], c["entry_hash"], c["status"], c["decision"])
            for c in cases.list_cases(database, "all")}  # fmt: skip


def test_delta_and_full_rescreen_give_the_same_cases(db: Database, tmp_path: Path) -> None:
    """The same parties and decisions, the same list change: a delta run (database A) and a full run (database
    B, SQLite) end with the same cases; a full run after the delta finds nothing the delta missed; and the delta
    run skipped most parties without screening them — including none whose match needs a v2 variant key."""
    from stackclear.records import open_database
    from stackclear.screening.index import name_keys
    from stackclear.screening.index_cache import cached_screener

    v1, v2, names, kinds = _changed_snapshots(tmp_path)
    (tmp_path / "p.csv").write_text("id,name\n" + "".join(f"p{i},\"{n}\"\n" for i, n in enumerate(names)),
                                    encoding="utf-8")  # fmt: skip
    other = open_database(f"sqlite:///{tmp_path / 'b.sqlite'}")
    stores = {"a": ListStore(tmp_path / "home-a"), "b": ListStore(tmp_path / "home-b")}
    for key, database in (("a", db), ("b", other)):
        parties.import_file(database, str(tmp_path / "p.csv"), actor="t")
        stores[key].import_paths([v1])
        rescreen(database, actor="t", store=stores[key])
    first = _case_set(db)
    assert first == _case_set(other) and len(first) > 50
    # the same decisions in both: altered entries' cases dismissed, a few others confirmed
    for database in (db, other):
        for case in cases.list_cases(database, "open"):
            kind = kinds[case["party_id"]]
            if kind in ("altered", "unchanged") or (kind == "removed" and case["party_id"] < "p135"):
                decision = "false_positive" if kind != "removed" else "true_match"
                cases.decide(database, case["id"], decision, "checked", actor="rev")
    for key in stores:
        stores[key].import_paths([v2])
    delta = rescreen(db, actor="t", store=stores["a"])
    full = rescreen(other, actor="t", store=stores["b"], full=True)
    assert not delta.full and (delta.added, delta.changed, delta.removed) == (151, 60, 30)
    assert _case_set(db) == _case_set(other)
    assert delta.reopened and delta.closed and delta.opened
    assert (len(delta.opened), len(delta.reopened), len(delta.closed)) == (
        len(full.opened), len(full.reopened), len(full.closed))  # fmt: skip
    # the parties unrelated to the change (114 of 255) mostly never reached the matcher
    assert delta.screened == len(names) and delta.skipped_by_keys >= 80
    assert delta.matched + delta.skipped_by_keys == delta.screened
    # the v2 case: its name's own keys share nothing with the new entry, only the canonical view's do
    khalil = next(p for p, k in kinds.items() if k == "v2-variant")
    screener = cached_screener(stores["a"])
    forms, lookup = screener.lookup_forms("Халил Ходжаев", None)
    own = set().union(*(name_keys(f) for f in forms.values()))
    variants = set().union(*(name_keys(f) for f in lookup))
    assert not own & _entry_keys(screener, "khalil-1") and variants & _entry_keys(screener, "khalil-1")
    assert any(c["party_id"] == khalil and c["entry_id"].endswith("khalil-1") for c in cases.list_cases(db))
    # a full run after the delta changes nothing
    after = rescreen(db, actor="t", store=stores["a"], full=True)
    assert (after.opened, after.reopened, after.closed) == ([], [], [])
    assert audit.verify(db).ok and audit.verify(other).ok
    other.dispose()


def _entry_keys(screener: object, raw_id: str) -> set[str]:
    """Every index key of the names (and their variants) of the entry whose id ends in ``raw_id``."""
    from stackclear.screening.index import ScreeningIndex, name_keys
    from stackclear.screening.screen import Screener

    assert isinstance(screener, Screener) and screener.index is not None
    entry = next(e for e in screener.index.entries if e.entry_id.endswith(raw_id))
    small = ScreeningIndex([entry], expand=screener.matcher.index_variants)
    return {k for name in small.names for k in name_keys(name.form)}


def test_delta_filter_never_skips_a_party_retrieval_would_give_a_changed_entry(tmp_path: Path) -> None:
    """The bound the delta filter applies, checked party by party against the full index's own retrieval:
    whenever a changed entry's name is among a party's candidates, the filter keeps the party. Also: the stored
    lines flatten to exactly the name keys of the lookup forms, and retrieval never looks up a key outside
    the lines' effective keys."""
    from stackclear.records.rescreen import _DeltaFilter, party_keys
    from stackclear.screening.index import ScreeningIndex, name_keys
    from stackclear.screening.screen import CANDIDATES, MIN_COVERAGE, Screener
    from stackclear.screening.sources import load_list

    v1, v2, names, _ = _changed_snapshots(tmp_path)
    before = {e.entry_id: e for e in load_list(v1).entries}
    loaded = load_list(v2)
    touched = [e for e in loaded.entries if e.entry_id not in before or before[e.entry_id] != e]
    screener = Screener.from_lists([loaded])
    index = screener.index
    assert index is not None
    gate = _DeltaFilter(index, ScreeningIndex(touched, expand=screener.matcher.index_variants))
    ids = {e.entry_id for e in touched}
    more = [f"{e.name.split()[0]} {w}" for e in touched[:80] for w in ("Holding", "Ali", "Group Ltd")]
    reached = kept = 0
    for name in [*names, *more]:
        for schema in (None, "Company", "Person"):
            stored = party_keys(screener, name, schema)
            _, lookup = screener.lookup_forms(name, schema)
            flat = {k for line in stored.split("\n") for k in line.split("\t")}
            assert flat == set().union(*(name_keys(f) for f in lookup)), name
            effective = {k for line in stored.split("\n") for k in gate._effective(line)}
            assert index.query_keys(lookup) <= effective, name
            candidates = index.candidates(lookup, CANDIDATES, MIN_COVERAGE)
            hit = any(index.entries[index.names[n].entry].entry_id in ids for n, _ in candidates)
            keep = gate.reaches(stored)
            assert keep or not hit, f"{name!r} ({schema}): retrieval gives a changed entry, the filter skips it"
            reached += hit
            kept += keep
    assert reached > 20 and kept < 0.8 * 3 * (len(names) + len(more))
