"""Cases and re-screening on small lists: open, decide, false positives reopening, closing, conflicts."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from stackclear.records import ConflictError, Database, RecordsError, audit, cases, parties
from stackclear.records.rescreen import rescreen
from stackclear.screening.store import ListStore

from .helpers import BASE, entry, write_csl

PARTIES = (
    "id,name,country\n"
    "c1,Zhongxing Quantum Microelectronics Co Ltd,CN\n"
    "c2,Volga Precision Instruments,RU\n"
    "c3,Tehran Advanced Lithography Co,IR\n"
    "c4,Blue Heron Bakery,US\n"
)


def _import_list(tmp_path: Path, name: str, entries: list[dict[str, str]]) -> None:
    ListStore().import_paths([write_csl(tmp_path / "lists" / name, entries)])


def _setup(db: Database, tmp_path: Path) -> dict[str, int]:
    _import_list(tmp_path, "v1.csv", BASE)
    (tmp_path / "p.csv").write_text(PARTIES, encoding="utf-8")
    parties.import_file(db, str(tmp_path / "p.csv"), actor="t")
    first = rescreen(db, actor="t")
    assert first.full and first.screened == 4
    opened = {c["party_id"]: c for c in cases.list_cases(db)}
    assert set(opened) == {"c1", "c2", "c3"}
    assert sorted(first.opened) == sorted(c["id"] for c in opened.values())
    assert {c["entry_id"] for c in opened.values()} == {"EL:1", "EL:2", "EL:3"}
    return {party: c["id"] for party, c in opened.items()}


def test_rescreen_opens_cases_with_entry_hash_score_and_explanation(db: Database, tmp_path: Path) -> None:
    ids = _setup(db, tmp_path)
    case = cases.get_case(db, ids["c1"])
    assert case["status"] == "open" and case["decision"] is None and case["list"] == "EL"
    assert len(case["entry_hash"]) == 64 and 0 < case["score"] <= 1 and case["explanation"]
    # nothing changed: a delta run screens nobody and changes nothing
    again = rescreen(db, actor="t")
    assert not again.full and again.screened == 0 and (again.opened, again.reopened, again.closed) == ([], [], [])
    assert audit.verify(db).ok
    kinds = [r["kind"] for r in audit.records(db)]
    # the list was imported through the store, not the CLI: the first re-screen records the snapshot late
    assert kinds == ["parties.import", "lists.import", "case.open", "case.open", "case.open", "rescreen", "rescreen"]
    # each opened case is a record of its own, naming the case, the entry version and the run's snapshot
    events = audit.records(db, kind="case.open")
    assert sorted(r["payload"]["case_id"] for r in events) == sorted(ids.values())
    assert all(r["payload"]["entry_hash"] == cases.get_case(db, r["payload"]["case_id"])["entry_hash"]
               and r["versions"]["list_snapshot"] == r["payload"]["snapshot"] for r in events)  # fmt: skip
    assert [r["kind"] for r in cases.history(db, ids["c1"])] == ["case.open", "rescreen"]
    assert audit.records(db, kind="lists.import")[0]["payload"]["late"] is True


def test_false_positive_holds_for_the_entry_version_and_reopens_when_it_changes(db: Database, tmp_path: Path) -> None:
    ids = _setup(db, tmp_path)
    with pytest.raises(RecordsError, match="reason"):
        cases.decide(db, ids["c1"], "false_positive", "  ", actor="rev")
    with pytest.raises(RecordsError, match="decision"):
        cases.decide(db, ids["c1"], "maybe", "x", actor="rev")
    decided = cases.decide(db, ids["c1"], "false_positive", "different company: Hong Kong registry", actor="rev")
    assert decided["status"] == "closed" and decided["decision"] == "false_positive" and decided["decided_by"] == "rev"
    cases.decide(db, ids["c2"], "true_match", "same registration number", actor="rev")
    # a list update that does not touch entry 1: the false positive holds
    v2 = [*BASE, entry("6", "Kestrel Avionics Industries", address="Minsk, BY")]
    _import_list(tmp_path, "v2.csv", v2)
    run = rescreen(db, actor="t")
    assert run.added == 1 and run.changed == 0 and run.reopened == []
    assert cases.get_case(db, ids["c1"])["status"] == "closed"
    # entry 1 changes (a new address): the false positive reopens; the true match stays decided
    v3 = [entry("1", "Zhongxing Quantum Microelectronics Co., Ltd.", address="Shenzhen; Hong Kong, CN"), *v2[1:]]
    _import_list(tmp_path, "v3.csv", v3)
    run = rescreen(db, actor="t")
    assert run.changed == 1 and run.reopened == [ids["c1"]] and run.opened == [] and run.closed == []
    reopened = cases.get_case(db, ids["c1"])
    assert reopened["status"] == "open" and reopened["decision"] is None and "entry changed" in reopened["note"]
    assert reopened["entry_hash"] != decided["entry_hash"]
    assert cases.get_case(db, ids["c2"])["decision"] == "true_match"
    history = cases.history(db, ids["c1"])
    assert [h["kind"] for h in history] == ["case.open", "rescreen", "case.decide", "case.reopen", "rescreen"]


def test_cases_close_when_the_entry_leaves_and_reopen_when_it_returns(db: Database, tmp_path: Path) -> None:
    ids = _setup(db, tmp_path)
    _import_list(tmp_path, "v2.csv", [e for e in BASE if e["_id"] != "3"])
    run = rescreen(db, actor="t")
    assert run.removed == 1 and run.closed == [ids["c3"]]
    closed = cases.get_case(db, ids["c3"])
    assert closed["status"] == "closed" and closed["decision"] is None and "left the lists" in closed["note"]
    _import_list(tmp_path, "v3.csv", BASE)
    run = rescreen(db, actor="t")
    assert run.added == 1 and run.reopened == [ids["c3"]]


def test_new_and_edited_parties_are_screened_against_every_entry(db: Database, tmp_path: Path) -> None:
    _setup(db, tmp_path)
    (tmp_path / "p2.csv").write_text("id,name\nc4,Caspian Maritime Logistics\nc5,Dmitri Kovalenko\n", encoding="utf-8")
    parties.import_file(db, str(tmp_path / "p2.csv"), actor="t")
    run = rescreen(db, actor="t")
    assert run.screened == 2 and not run.full
    found = {(c["party_id"], c["entry_id"]) for c in cases.list_cases(db) if c["id"] in run.opened}
    assert found == {("c4", "EL:4"), ("c5", "SDN:5")}
    full = rescreen(db, actor="t", full=True)
    assert full.full and full.screened == 5 and full.opened == []


def test_two_reviewers_deciding_at_once_one_wins_the_other_conflicts(db: Database, db_url: str,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    ids = _setup(db, tmp_path)
    case_id = ids["c1"]
    version = cases.get_case(db, case_id)["version"]
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def reviewer(name: str, decision: str) -> None:
        own = Database(db_url)
        barrier.wait()
        try:
            outcomes[name] = cases.decide(own, case_id, decision, f"{name} checked", actor=name,
                                          expected_version=version)  # fmt: skip
        except ConflictError as exc:
            outcomes[name] = exc
        finally:
            own.dispose()

    threads = [threading.Thread(target=reviewer, args=a) for a in (("ann", "false_positive"), ("ben", "true_match"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conflicts = [v for v in outcomes.values() if isinstance(v, ConflictError)]
    wins = [v for v in outcomes.values() if isinstance(v, dict)]
    assert len(conflicts) == 1 and len(wins) == 1
    winner = wins[0]
    assert "changed while you were deciding" in str(conflicts[0]) and str(winner["decided_by"]) in str(conflicts[0])
    final = cases.get_case(db, case_id)
    assert final["decision"] == winner["decision"] and final["version"] == version + 1
    assert [r["payload"]["case_id"] for r in audit.records(db, kind="case.decide")] == [case_id]
    assert audit.verify(db).ok


def test_unknown_case(db: Database) -> None:
    from stackclear.records import NotFoundError

    with pytest.raises(NotFoundError):
        cases.get_case(db, 999)
    with pytest.raises(NotFoundError):
        cases.decide(db, 999, "escalate", "x", actor="a")


def test_rescreen_without_lists_is_an_error(db: Database) -> None:
    with pytest.raises(RecordsError, match="no restricted-party list"):
        rescreen(db, actor="t")
