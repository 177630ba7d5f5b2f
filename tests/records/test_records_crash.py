"""Crash safety for real: a subprocess is SIGKILLed in the middle of a list import, a party import, a
re-screen and a burst of case decisions. Afterwards `audit verify` accepts the chain and the state is
either before or after each operation (never half of one).

Each operation is killed twice: at a chosen point inside it (crash_worker.py: right after its audit record
was flushed inside the write transaction, or just before the list store switches snapshots) and on a
timer. The kill is a real SIGKILL of the real process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from stackclear.records import Database, audit, cases
from stackclear.records.models import Case, Party, RescreenRun
from stackclear.screening.store import ListStore

from .helpers import entry, write_csl

WORKER = str(Path(__file__).with_name("crash_worker.py"))
STACKCLEAR = str(Path(sys.executable).parent / "stackclear")


def _env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["STACKCLEAR_DATABASE_URL"] = db_url
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).parents[2] / "src"), env.get("PYTHONPATH"))
                                        if p)  # fmt: skip
    return env


def _killed_at(mode: str, count: int, args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, WORKER, mode, str(count), "--", *args], env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, f"expected a SIGKILL, got exit {done.returncode}: {done.stderr[-2000:]}"


def _kill_after(args: list[str], delay: float, env: dict[str, str]) -> None:
    proc = subprocess.Popen([STACKCLEAR, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=120)


def _count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _names(n: int) -> list[str]:
    first = ["Amber", "Boreal", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Juniper"]
    second = ["Avionics", "Bioscience", "Cryogenics", "Dynamics", "Electronics", "Fabrication", "Geodesy",
              "Hydraulics", "Instruments", "Kinetics"]  # fmt: skip
    third = ["Group", "Holdings", "Trading", "Industries", "Works", "Systems", "Labs", "Partners", "Foundry", "Union"]
    return [f"{first[i % 10]} {second[i // 10 % 10]} {third[i // 100 % 10]} {i:05d}" for i in range(n)]


def test_sigkill_mid_operations_leaves_before_or_after(db: Database, db_url: str, tmp_path: Path) -> None:
    env = _env(db_url)
    store = ListStore()
    names = _names(120)

    # 1. list import: killed just before the switch, and on a timer; then completed -----------------------
    first = write_csl(tmp_path / "in" / "first.csv", [entry(str(i), n) for i, n in enumerate(names)])
    _killed_at("pointer", 1, ["lists", "import", str(first)], env)
    assert store.current() is None  # the new snapshot was complete on disk but never became current
    _kill_after(["lists", "import", str(first)], 1.0, env)
    current = store.current()
    assert current is None or len(store.load(current)[0].entries) == len(names)  # current is always whole
    assert audit.verify(db).ok
    subprocess.run([STACKCLEAR, "lists", "import", str(first)], env=env, check=True, capture_output=True)
    assert len(store.load(store.current())[0].entries) == len(names)  # type: ignore[arg-type]
    assert audit.verify(db).ok

    # 2. party import: killed with every row flushed but not committed, and on a timer --------------------
    party_file = tmp_path / "in" / "parties.csv"
    lines = ["id,name,country"] + [f"p{i},\"{n}\",DE" for i, n in enumerate(names)]
    lines += [f"q{i},Quiet Customer {i:06d} Ltd,FR" for i in range(1500)]
    party_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = len(lines) - 1
    _killed_at("append", 1, ["parties", "import", str(party_file)], env)
    assert _count(db, Party) == 0 and audit.records(db, kind="parties.import") == []
    _kill_after(["parties", "import", str(party_file)], 1.5, env)
    assert (_count(db, Party), len(audit.records(db, kind="parties.import"))) in ((0, 0), (total, 1))
    assert audit.verify(db).ok
    if _count(db, Party) == 0:
        subprocess.run([STACKCLEAR, "parties", "import", str(party_file)], env=env, check=True, capture_output=True)
    assert _count(db, Party) == total

    # 3. re-screen: killed with its cases flushed but not committed, and on a timer -----------------------
    _killed_at("append", 1, ["rescreen", "--json"], env)
    assert (_count(db, RescreenRun), _count(db, Case)) == (0, 0)
    assert audit.records(db, kind="rescreen") == []
    _kill_after(["rescreen", "--json"], 2.0, env)
    runs, opened = _count(db, RescreenRun), _count(db, Case)
    assert (runs, len(audit.records(db, kind="rescreen"))) in ((0, 0), (1, 1))
    assert (runs == 0) == (opened == 0)
    assert audit.verify(db).ok
    if runs == 0:
        subprocess.run([STACKCLEAR, "rescreen"], env=env, check=True, capture_output=True)
    assert _count(db, Case) >= len(names)

    # 4. a burst of decisions: killed inside the 4th, and on a timer --------------------------------------
    def check_decisions() -> int:
        decided = [c for c in cases.list_cases(db, "all") if c["decision"] is not None]
        records = audit.records(db, kind="case.decide")
        assert sorted(c["id"] for c in decided) == sorted(r["payload"]["case_id"] for r in records)  # one each
        assert all(c["decision"] == "false_positive" and c["status"] == "closed" for c in decided)
        assert audit.verify(db).ok
        return len(decided)

    open_ids = [c["id"] for c in cases.list_cases(db, "open")]
    script = tmp_path / "burst.sh"
    script.write_text("set -e\n" + "".join(
        f"{STACKCLEAR} cases decide {i} --decision false_positive --reason 'burst review' --actor burst\n"
        for i in open_ids[4:44]))  # fmt: skip
    for i in open_ids[:3]:
        subprocess.run([STACKCLEAR, "cases", "decide", str(i), "--decision", "false_positive", "--reason",
                        "burst review"], env=env, check=True, capture_output=True)  # fmt: skip
    _killed_at("append", 1, ["cases", "decide", str(open_ids[3]), "--decision", "false_positive", "--reason", "x"],
               env)  # fmt: skip
    assert check_decisions() == 3
    proc = subprocess.Popen(["bash", str(script)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    time.sleep(4.0)
    os.killpg(proc.pid, signal.SIGKILL)  # the shell and the decision in flight
    proc.wait(timeout=60)
    assert 3 <= check_decisions() <= 43
