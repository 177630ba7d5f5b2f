"""Load on the HTTP API (issue 12): screen throughput against health throughput in the same run, latency
percentiles, errors; evaluate of an example package in requests per second.

    .venv/bin/python bench/bench_api_load.py [--seconds 4] [--rounds 3] [--connections 4] [--list PATH]
                                             [--workers N] [--name-pool N]

Starts ``stackclear serve`` (one worker, or ``--workers N``) on a free 127.0.0.1 port with a temporary
STACKCLEAR_HOME: the list (default: ../shared/data/lists/csl_2022-05_full.csv when present, else the repo's
small sample list), one screener key. The load generator is a small asyncio HTTP/1.1 keep-alive client (far
lighter per request than the server, so the server is what is measured): N connections, each sending its next
request as soon as the previous answer is read, for a fixed time (4 connections by default: a busy API client
pool, not a flood). Health and screen alternate over several rounds (A/B/A/B) so machine load drifts hit both;
the ratio is screen req/s ÷ health req/s per round (median reported). On a shared machine wall-clock rates
swing with other processes' load, so each run also reads the server process's own CPU time (/proc/PID/stat)
and reports requests per server CPU-second — the rate one dedicated core would sustain — and the ratio of
those, which is what "the screening work costs less than the HTTP around it" means and is stable across
machine load.
Queries: names taken from the list itself (hits) mixed 1:1 with made-up company names (mostly clear), and
no name is sent twice in a run: the connections draw the next query from one shared feed of distinct names
(every list name, and as many made-up ones: coined brand words with common company words and legal forms).
The matcher keeps per-process caches of what it derived from names it has seen (normalised tokens,
transliterations): cycling over a small pool of names would measure those caches, not screening (a name
screened the second time costs about half; see BENCHMARKS.md, session 5). ``--name-pool N`` cycles over N
names instead, to compare with runs made that way (sessions 3 and 4 used 1,000). The summary says how
many screen requests repeated a name. Loopback only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_LIST = REPO.parent / "shared" / "data" / "lists" / "csl_2022-05_full.csv"
SAMPLE_LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
PACKAGE = REPO / "examples" / "packages" / "gulf_sovereign_cloud_sa.yaml"
WORDS = ("Northern", "Pacific", "Global", "Bright", "Harbor", "Summit", "Delta", "Crescent", "Apex", "Silver",
         "Maple", "Orion", "Vertex", "Atlas", "Cedar", "Nova")
KINDS = ("Logistics", "Trading", "Robotics", "Foods", "Textiles", "Analytics", "Shipping", "Instruments")
FORMS = ("GmbH", "Ltd.", "LLC", "S.A.", "Co., Ltd.", "Inc.", "B.V.", "")
SYLLABLES = ("ka", "lo", "ver", "tan", "mi", "ro", "sen", "dal", "qu", "ex", "vi", "tor", "an", "bel", "cor", "fin",
             "gra", "hel", "ju", "mar", "nor", "pel", "sol", "tri", "ul", "zen", "ba", "do", "ri", "sta")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def list_names(path: Path, n: int, rng: random.Random) -> list[str]:
    """Up to ``n`` names of the list as a client would send them: whitespace collapsed, and without the few
    with a control character (the API refuses those with a 422; the full CSL of 2022-05 has 3 such names)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        names = [" ".join(row["name"].split()) for row in csv.DictReader(handle) if row.get("name")]
    names = [name for name in names if name and not any(unicodedata.category(c) == "Cc" for c in name)]
    return rng.sample(names, min(n, len(names)))


def made_up(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct made-up company names: a coined brand word (2–3 syllables), sometimes a common word, an
    industry word and a legal form — new names, built from words that recur as they do in real party data."""
    names: dict[str, None] = {}
    while len(names) < n:
        brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        word = f"{rng.choice(WORDS)} " if rng.random() < 0.4 else ""
        names.setdefault(f"{brand} {word}{rng.choice(KINDS)} {rng.choice(FORMS)}".strip())
    return list(names)


def query_names(path: Path, rng: random.Random, pool: int = 0) -> list[str]:
    """The screen queries, list names and made-up names 1:1, shuffled: ``pool`` 0 → every list name and as
    many made-up ones (at least 10,000 of each: a small list's names recur, each made-up name is new);
    ``pool`` N → N names in all, half from the list."""
    listed = list(dict.fromkeys(list_names(path, pool // 2 if pool else 10**9, rng)))
    if not pool and 0 < len(listed) < 10_000:  # a small list: its names recur, to keep the mix 1:1
        listed = (listed * -(-10_000 // len(listed)))[:10_000]
    names = listed + made_up(pool - len(listed) if pool else len(listed), rng)
    rng.shuffle(names)
    return names


class Feed:
    """Requests handed out in order to every connection, counting those that repeat an earlier one."""

    def __init__(self, requests: list[bytes]) -> None:
        self.requests = requests
        self.position = 0
        self.repeated = 0
        self._first: list[bool] = []  # whether each request is the first of its kind in the feed
        seen: set[bytes] = set()
        for request in requests:
            self._first.append(request not in seen)
            seen.add(request)

    def next(self) -> bytes:
        at = self.position % len(self.requests)
        if self.position >= len(self.requests) or not self._first[at]:
            self.repeated += 1
        self.position += 1
        return self.requests[at]


class Result:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.statuses: dict[int, int] = {}
        self.cpu = 0.0  # server CPU seconds spent during the run


async def _worker(host: str, port: int, feed: Feed, deadline: float, result: Result) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            request = feed.next()
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            result.latencies.append(time.perf_counter() - start)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status != 200:
                result.errors += 1
    finally:
        writer.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` and its live child processes (Linux /proc), in seconds:
    ``serve --workers N`` (N > 1) serves from N child processes of a supervisor."""
    def own(p: int) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    total = own(pid)
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            total += cpu_seconds(int(child))
    return total


SERVER_PID = 0


def run_load(port: int, feed: Feed, seconds: float, connections: int) -> tuple[float, Result]:
    result = Result()
    before = cpu_seconds(SERVER_PID) if SERVER_PID else 0.0

    async def main() -> float:
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        await asyncio.gather(*(_worker("127.0.0.1", port, feed, deadline, result) for _ in range(connections)))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    result.cpu = (cpu_seconds(SERVER_PID) - before) if SERVER_PID else 0.0
    return elapsed, result


def http_request(method: str, path: str, body: bytes = b"", key: str | None = None) -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    if key:
        head.append(f"Authorization: Bearer {key}")
    if body or method == "POST":
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def describe(name: str, elapsed: float, result: Result) -> dict[str, float]:
    n = len(result.latencies)
    rate = n / elapsed
    per_cpu = n / result.cpu if result.cpu else float("nan")
    row = {"rps": rate, "per_cpu": per_cpu, "p50": pct(result.latencies, 0.50), "p99": pct(result.latencies, 0.99),
           "errors": float(result.errors), "n": float(n)}
    print(f"  {name:<9} {rate:7.0f} req/s   {per_cpu:7.0f} req/server-CPU-s   p50 {row['p50']:6.2f} ms   "
          f"p99 {row['p99']:6.2f} ms   {n:6d} requests   errors {result.errors}   statuses {result.statuses}",
          flush=True)
    return row


def setup(home: Path, list_path: Path) -> str:
    from stackclear.records import open_database, users
    from stackclear.screening.store import ListStore
    from stackclear.settings import load_settings

    ListStore(home).import_paths([list_path])
    db = open_database(load_settings({"STACKCLEAR_HOME": str(home)}).database_url)
    users.create_user(db, "bench", "screener", actor="bench")
    key = users.create_key(db, "bench", actor="bench")[1]
    db.dispose()
    return key


def package_body() -> bytes:
    import yaml

    data = yaml.safe_load(PACKAGE.read_text(encoding="utf-8"))
    data.pop("lists", None)
    return json.dumps(data, default=str).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--list", type=Path, default=SHARED_LIST if SHARED_LIST.exists() else SAMPLE_LIST)
    parser.add_argument("--workers", type=int, default=1, help="stackclear serve --workers N (default 1)")
    parser.add_argument("--name-pool", type=int, default=0, metavar="N",
                        help="cycle over N names (half from the list) instead of never repeating one (0, default)")
    args = parser.parse_args()
    rng = random.Random(12)
    with tempfile.TemporaryDirectory(prefix="stackclear-bench-") as tmp:
        home = Path(tmp)
        key = setup(home, args.list)
        port = free_port()
        env = {**os.environ, "STACKCLEAR_HOME": str(home)}
        env.pop("STACKCLEAR_DATABASE_URL", None)
        global SERVER_PID
        server = subprocess.Popen([str(Path(sys.executable).with_name("stackclear")), "serve", "--port", str(port),
                                   "--workers", str(args.workers), "--no-access-log"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        SERVER_PID = server.pid  # with --workers 1 it serves in this very process; else its children do
        try:
            import httpx

            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/v1/ready", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print("server did not start", file=sys.stderr)
                    return 3
                time.sleep(0.3)
            names = query_names(args.list, rng, args.name_pool)
            warm_names, names = (names, names) if args.name_pool else (names[:50], names[50:])
            health = Feed([http_request("GET", "/v1/health")])
            screen = Feed([http_request("POST", "/v1/screen", json.dumps({"name": n}).encode(), key) for n in names])
            warm = Feed([http_request("POST", "/v1/screen", json.dumps({"name": n}).encode(), key)
                         for n in warm_names[:50]] + health.requests + [http_request("POST", "/v1/evaluate",
                                                                                      package_body(), key)])
            evaluate = Feed([http_request("POST", "/v1/evaluate", package_body(), key)])
            print(f"list {args.list.name} ({sum(1 for _ in args.list.open(encoding='utf-8'))} lines) · "
                  f"{args.connections} connections · {args.seconds:g} s per run · "
                  f"{args.rounds} rounds · {args.workers} worker(s) · {os.cpu_count()} CPUs · "
                  f"{len(set(names)):,} distinct screen queries{' (cycled)' if args.name_pool else ''}",
                  flush=True)
            run_load(port, warm, 1.0, args.connections)  # warm-up (first-use caches), not with measured names
            ratios, cpu_ratios, h_rows, s_rows = [], [], [], []
            for round_no in range(1, args.rounds + 1):
                print(f"round {round_no}", flush=True)
                h = describe("health", *run_load(port, health, args.seconds, args.connections))
                s = describe("screen", *run_load(port, screen, args.seconds, args.connections))
                h_rows.append(h)
                s_rows.append(s)
                ratios.append(s["rps"] / h["rps"])
                cpu_ratios.append(s["per_cpu"] / h["per_cpu"])
            e = describe("evaluate", *run_load(port, evaluate, args.seconds, min(4, args.connections)))
        finally:
            server.terminate()
            server.wait(timeout=20)
    ratio = statistics.median(ratios)
    cpu_ratio = statistics.median(cpu_ratios)
    p99 = max(r["p99"] for r in s_rows)
    errors = sum(r["errors"] for r in s_rows + h_rows) + e["errors"]
    print("\nsummary")
    print(f"  screen/health throughput ratio (median of {len(ratios)} rounds): {ratio:.2f}  "
          f"[{', '.join(f'{r:.2f}' for r in ratios)}]   target >= 0.60: {'met' if ratio >= 0.6 else 'NOT met'}")
    print(f"  screen/health per server CPU-second (median): {cpu_ratio:.2f}  "
          f"[{', '.join(f'{r:.2f}' for r in cpu_ratios)}]   target >= 0.60: {'met' if cpu_ratio >= 0.6 else 'NOT met'}")
    print(f"  load average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"  screen p99 (worst round): {p99:.2f} ms   target < 50 ms: {'met' if p99 < 50 else 'NOT met'}")
    print(f"  screen requests that repeated a name: {screen.repeated:,} of {screen.position:,}")
    print(f"  errors: {errors:.0f}   target 0: {'met' if errors == 0 else 'NOT met'}")
    print(f"  evaluate ({PACKAGE.name}): {e['rps']:.0f} req/s   target >= 50: {'met' if e['rps'] >= 50 else 'NOT met'}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
