"""Where a request's server time goes (issue 12): the ASGI app called in process, no sockets, no client.

    .venv/bin/python bench/profile_api_screen.py [--list PATH] [--requests 3000] [--profile screen|health]

Builds the app exactly as ``stackclear serve`` does over a temporary STACKCLEAR_HOME (the list imported, a
screener key in SQLite), then times N ``GET /v1/health`` and N ``POST /v1/screen`` through the full stack,
and the bare ``Screener.screen`` + JSON (``result_json``) calls. Queries are the load bench's mix (names
from the list and made-up company names), none repeated: a warm-up set, one set for the bare calls,
another for the requests (and a third for ``--profile``), so the matcher's per-name caches do not flatter
either figure. It prints CPU microseconds per request (process time: stable while other processes load
the machine) for each and their ratio; ``--profile`` adds a cProfile of that endpoint (SORT=cumulative,
TOP=N in the environment change the listing). HTTP parsing (uvicorn, h11) and the sockets are not
included; they are not the same for both: h11 spends ~50 µs more on a POST with a body than on a GET
(py-spy of the served process, BENCHMARKS.md session 5), so compare with bench/bench_api_load.py.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api_load import SAMPLE_LIST, SHARED_LIST, query_names, setup  # noqa: E402


def scope(method: str, path: str, key: str | None, body: bytes) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1")]
    if key:
        headers.append((b"authorization", f"Bearer {key}".encode()))
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}


async def call(app: Any, request: tuple[dict[str, Any], bytes]) -> int:
    sc, body = request
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(dict(sc), receive, send)
    return status


async def run(app: Any, requests: list[tuple[dict[str, Any], bytes]], n: int) -> float:
    start = time.process_time()
    for i in range(n):
        status = await call(app, requests[i % len(requests)])
        if status != 200:
            raise SystemExit(f"status {status}")
    return (time.process_time() - start) / n * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", type=Path, default=SHARED_LIST if SHARED_LIST.exists() else SAMPLE_LIST)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", choices=("screen", "health"))
    args = parser.parse_args()
    rng = random.Random(12)
    with tempfile.TemporaryDirectory(prefix="stackclear-profile-") as tmp:
        home = Path(tmp)
        key = setup(home, args.list)
        os.environ["STACKCLEAR_HOME"] = str(home)
        os.environ.pop("STACKCLEAR_DATABASE_URL", None)
        from stackclear.api.app import create_app, prepare
        from stackclear.api.routers.screening import result_json
        from stackclear.screening.screen import PartyQuery

        prepare()
        app = create_app()
        names = query_names(args.list, rng)
        n = args.requests
        warm_names, core_names = names[:200], names[200:200 + n]
        screen_names = names[200 + n:200 + 2 * n] + names[200 + 2 * n:200 + 3 * n]  # the second set: --profile
        health = [(scope("GET", "/v1/health", None, b""), b"")]
        screen = []
        for name in screen_names:
            body = json.dumps({"name": name}).encode()
            screen.append((scope("POST", "/v1/screen", key, body), body))

        async def session() -> None:
            async with app.router.lifespan_context(app):
                holder = app.state.screeners
                for name in warm_names:  # warm-up: first-use caches of the index and the code
                    body = json.dumps({"name": name}).encode()
                    await call(app, (scope("POST", "/v1/screen", key, body), body))
                await call(app, health[0])
                screener = holder.screener()
                queries = [PartyQuery("api", n) for n in core_names]
                start = time.process_time()
                for i in range(args.requests):
                    result_json(screener.screen(queries[i % len(queries)]))
                core = (time.process_time() - start) / args.requests * 1e6
                h = await run(app, health, args.requests)
                s = await run(app, screen[:n], args.requests)
                print(f"list {args.list.name}: health {h:.0f} µs/request, screen {s:.0f} µs/request "
                      f"(of which screening + its JSON {core:.0f} µs); screen/health throughput ratio "
                      f"in process {h / s:.2f}; HTTP work of a screen beyond health's {s - h - core:.0f} µs")
                if args.profile:
                    chosen = health if args.profile == "health" else screen[n:]
                    profiler = cProfile.Profile()
                    profiler.enable()
                    await run(app, chosen, args.requests)
                    profiler.disable()
                    stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime"))
                    stats.print_stats(int(os.environ.get("TOP", "35")))

        asyncio.run(session())
    return 0


if __name__ == "__main__":
    sys.exit(main())
