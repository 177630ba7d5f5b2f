"""Records benchmarks (issue 11): re-screening stored parties after a list update, and audit verification.

    .venv/bin/python bench/bench_records.py [--parties 100000] [--backends sqlite,postgresql]
                                            [--audit-records 1000000] [--skip-rescreen] [--skip-audit]

1. N stored parties (synthetic company and person names, 0.5% of them names of listed entries, exact or
   with a typo) are screened in full against csl_2022-05_full.csv (the first run), then the list gets a
   weekly-sized change (30 entries removed, 100 changed, 50 added), the new snapshot is prepared (its entry
   hashes and screening index cached, as `lists import|update` does when parties are stored) and `rescreen`
   runs as a delta; then `rescreen --full` on the same snapshot. Reported: seconds per phase, parties/second,
   and the ratios full / delta and full / (prepare + delta) measured in the same run (the issue expects >= 10x
   for a weekly-sized change).
2. An audit chain of M records (chained exactly as stackclear chains them, bulk-inserted) is verified
   with `audit.verify`; reported: seconds and records/second.

PostgreSQL comes from $STACKCLEAR_TEST_PG_URL or scripts/pg-start.sh; each run uses a fresh database.
Everything lives in a temporary directory; ../shared/data is only read.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIST = REPO.parent / "shared" / "data" / "lists" / "csl_2022-05_full.csv"
NEWER = REPO.parent / "shared" / "data" / "lists" / "csl_2023-11_partial.csv"

FIRST = ["Amber", "Boreal", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Juniper", "Kestrel",
         "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer", "Quartz", "Redwood", "Summit", "Tundra", "Umber",
         "Vertex", "Willow", "Xenon", "Yarrow", "Zephyr", "Atlas", "Beacon", "Cascade", "Dune"]  # fmt: skip
SECOND = ["Avionics", "Bioscience", "Logistics", "Dynamics", "Electronics", "Fabrication", "Foods", "Hydraulics",
          "Instruments", "Kinetics", "Textiles", "Software", "Analytics", "Robotics", "Optics", "Materials",
          "Pharma", "Energy", "Shipping", "Semiconductor"]  # fmt: skip
FORMS = ["GmbH", "Ltd", "LLC", "Inc.", "S.A.", "B.V.", "Co., Ltd.", "AG", "Pty Ltd", "S.r.l.", "Oy", "AB"]
GIVEN = ["Anna", "Luis", "Mei", "Omar", "Priya", "Jonas", "Sofia", "Kenji", "Amara", "Mateo", "Ingrid", "Tariq",
         "Elena", "Wei", "Fatima", "Noah", "Olga", "Raj", "Chloe", "Dmitri"]  # fmt: skip
FAMILY = ["Schmidt", "Garcia", "Tanaka", "Okafor", "Novak", "Hansen", "Rossi", "Kowalski", "Dubois", "Silva",
          "Nguyen", "Larsen", "Moreau", "Petrov", "Yilmaz", "Andersson", "Costa", "Fischer", "Murphy", "Haddad"]
COUNTRIES = ["DE", "US", "GB", "FR", "JP", "IN", "BR", "NL", "SE", "IT", "ES", "PL", "KR", "SG", "AU", "CA"]


def parties_csv(n: int, listed: list[str], rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "name", "schema", "country"])
    for i in range(n):
        roll = rng.random()
        if roll < 0.005 and listed:
            name = rng.choice(listed)
            if rng.random() < 0.5 and len(name) > 6:
                k = rng.randrange(1, len(name) - 1)
                name = name[:k] + name[k + 1:]  # a typo
            writer.writerow([f"P{i:07d}", name, "", ""])
        elif roll < 0.7:
            name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {rng.choice(FORMS)}"
            if rng.random() < 0.5:
                name = f"{rng.choice(FIRST)} {name}"
            writer.writerow([f"P{i:07d}", f"{name} {i % 997}" if rng.random() < 0.3 else name, "Company",
                             rng.choice(COUNTRIES)])  # fmt: skip
        else:
            writer.writerow([f"P{i:07d}", f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", "Person", rng.choice(COUNTRIES)])
    return out.getvalue()


def weekly_change(rows: list[list[str]], header: list[str], newer: list[list[str]],
                  rng: random.Random) -> tuple[list[list[str]], str]:  # fmt: skip
    """30 entries removed, 100 changed (a new address), 50 added: real entries of the 2023 CSL that the 2022
    file does not have."""
    col = {name: i for i, name in enumerate(header)}
    body = [list(r) for r in rows]
    picks = rng.sample(range(len(body)), 130)
    removed, changed = set(picks[:30]), picks[30:]
    for i in changed:
        body[i][col["addresses"]] = (body[i][col["addresses"]] + "; Updated Street 1, Minsk, BY").strip("; ")
    kept = [r for i, r in enumerate(body) if i not in removed]
    known = {r[col["_id"]] for r in rows}
    fresh = [r for r in newer if r[col["_id"]] not in known and r[col["source"]] != "source"]
    kept += rng.sample(fresh, 50)
    return kept, "removed 30, changed 100, added 50 (entries new in the 2023 CSL)"


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def pg_database() -> tuple[str, str] | None:
    url = os.environ.get("STACKCLEAR_TEST_PG_URL", "").strip()
    if not url:
        done = subprocess.run(["bash", str(REPO / "scripts" / "pg-start.sh")], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"postgresql: not available ({done.stderr.strip()[-300:]})")
            return None
        url = done.stdout.strip()
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), name


def drop_pg(name: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = os.environ.get("STACKCLEAR_TEST_PG_URL") or subprocess.run(
        ["bash", str(REPO / "scripts" / "pg-start.sh")], capture_output=True, text=True).stdout.strip()
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def database(backend: str, home: Path) -> tuple[str, str | None] | None:
    if backend == "sqlite":
        return f"sqlite:///{home / 'stackclear.db'}", None
    made = pg_database()
    return None if made is None else (made[0], made[1])


def bench_rescreen(backend: str, n: int, work: Path) -> None:
    from stackclear.records import open_database, parties
    from stackclear.records.rescreen import prepare_snapshot, rescreen
    from stackclear.screening.caches import clear_query_caches
    from stackclear.screening.store import ListStore

    home = work / f"home-{backend}"
    os.environ["STACKCLEAR_HOME"] = str(home)
    made = database(backend, home)
    if made is None:
        return
    url, pg_name = made
    rng = random.Random(11)
    with LIST.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [r for r in reader if len(r) == len(header)]
    with NEWER.open(encoding="utf-8", newline="") as handle:
        newer = [r for r in csv.reader(handle) if len(r) == len(header)]
    listed = [r[header.index("name")] for r in rows]
    updated, what = weekly_change(rows, header, newer, rng)
    v1 = write_rows(work / "v1.csv", header, rows)
    v2 = write_rows(work / "v2.csv", header, updated)
    (work / "parties.csv").write_text(parties_csv(n, listed, rng), encoding="utf-8")
    try:
        db = open_database(url)
        store = ListStore(home)
        t = time.perf_counter()
        imported = parties.import_file(db, str(work / "parties.csv"), actor="bench")
        t_import = time.perf_counter() - t
        store.import_paths([v1])
        clear_query_caches()
        t, c = time.perf_counter(), time.process_time()
        first = rescreen(db, actor="bench", store=store)
        t_first, c_first = time.perf_counter() - t, time.process_time() - c
        store.import_paths([v2])
        clear_query_caches()
        t, c = time.perf_counter(), time.process_time()
        prepare_snapshot(store)
        t_prep, c_prep = time.perf_counter() - t, time.process_time() - c
        clear_query_caches()
        t, c = time.perf_counter(), time.process_time()
        delta = rescreen(db, actor="bench", store=store)
        t_delta, c_delta = time.perf_counter() - t, time.process_time() - c
        clear_query_caches()
        t, c = time.perf_counter(), time.process_time()
        full = rescreen(db, actor="bench", store=store, full=True)
        t_full, c_full = time.perf_counter() - t, time.process_time() - c
        print(f"{backend}: {imported.imported:,} parties imported in {t_import:.1f} s")
        print(f"{backend}: first (full) run: {first.screened:,} screened in {t_first:.1f} s "
              f"({first.screened / t_first:,.0f}/s), {len(first.opened):,} cases opened")
        print(f"{backend}: list update ({what}; +{delta.added} ~{delta.changed} -{delta.removed} by content hash)")
        print(f"{backend}: delta run: {delta.screened:,} screened in {t_delta:.2f} s "
              f"({delta.screened / t_delta:,.0f}/s); "
              f"opened {len(delta.opened)}, reopened {len(delta.reopened)}, closed {len(delta.closed)}; "
              f"{delta.skipped_by_keys:,} skipped by their stored index keys, "
              f"{delta.matched:,} through retrieval and the matcher; "
              f"snapshot preparation before it {t_prep:.2f} s ({c_prep:.2f} s CPU)")
        print(f"{backend}: --full run on the same snapshot: {full.screened:,} screened in {t_full:.1f} s; "
              f"opened {len(full.opened)}")
        print(f"{backend}: full / delta = {t_full / t_delta:.1f}x wall clock, {c_full / c_delta:.1f}x CPU of this "
              f"process (first {c_first:.1f} s, delta {c_delta:.2f} s, full {c_full:.1f} s CPU); full / (prepare + "
              f"delta) = {t_full / (t_prep + t_delta):.1f}x wall, {c_full / (c_prep + c_delta):.1f}x CPU")
        print(f"{backend}: load average {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} (1 / 5 min)")
        db.dispose()
    finally:
        if pg_name:
            drop_pg(pg_name)


def bench_audit(backend: str, m: int, work: Path) -> None:
    import hashlib

    from stackclear.records import audit, open_database
    from stackclear.records.audit import GENESIS, canonical

    home = work / f"audit-{backend}"
    made = database(backend, home)
    if made is None:
        return
    url, pg_name = made
    try:
        db = open_database(url)
        t = time.perf_counter()
        prev = GENESIS
        batch: list[tuple[object, ...]] = []
        raw = db.engine.raw_connection()
        cursor = raw.cursor()
        marks = ", ".join(["?" if backend == "sqlite" else "%s"] * 8)
        sql = f"INSERT INTO audit_records (seq, kind, at, actor, payload, versions, prev_hash, hash) VALUES ({marks})"
        if backend == "sqlite":
            cursor.execute("BEGIN")
        versions = canonical({"matcher": "stackclear-v1"})
        for seq in range(1, m + 1):
            at = f"2026-01-01T00:{seq // 60000 % 60:02d}:{seq // 1000 % 60:02d}.{seq % 1000:03d}000Z"
            payload = canonical({"party_id": f"P{seq:07d}", "decision": "clear", "score": 0.0})
            digest = audit.record_hash("screening", at, "bench", payload, versions, prev)
            batch.append((seq, "screening", at, "bench", payload, versions, prev, digest))
            prev = digest
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        cursor.execute("UPDATE audit_head SET seq = " + str(m) + ", hash = '" + prev + "' WHERE id = 1")
        raw.commit()
        raw.close()
        t_fill = time.perf_counter() - t
        t = time.perf_counter()
        verdict = audit.verify(db)
        t_verify = time.perf_counter() - t
        assert verdict.ok and verdict.records == m, verdict
        _ = hashlib
        print(f"{backend}: audit chain of {m:,} records written in {t_fill:.1f} s; verify: {t_verify:.1f} s "
              f"({m / t_verify:,.0f} records/s), ok")
        db.dispose()
    finally:
        if pg_name:
            drop_pg(pg_name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--audit-records", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--skip-rescreen", action="store_true")
    parser.add_argument("--skip-audit", action="store_true")
    args = parser.parse_args()
    if not LIST.is_file():
        print(f"needs {LIST} (../shared/data beside the repository)")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-records-") as tmp:
        work = Path(tmp)
        for backend in args.backends.split(","):
            if not args.skip_rescreen:
                bench_rescreen(backend, args.parties, work)
            if not args.skip_audit:
                bench_audit(backend, args.audit_records, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
