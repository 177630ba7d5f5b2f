"""``stackclear serve --workers 2`` for real: two uvicorn worker processes behind one port, sharing the records
database (SQLite, and PostgreSQL via STACKCLEAR_DATABASE_URL when a server can be had) and the screening index
cache. Both workers answer (told apart by the process id on their
access-log lines), a session signed by one is honoured by the other, a key revoked in the database is refused
by both at once, and SIGTERM stops the parent and both workers cleanly.

Nothing here waits a fixed time: every step polls the server or its log with a generous deadline.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn", reason="the api extra is not installed")
pytest.importorskip("sqlalchemy", reason="the db extra is not installed")

REPO = Path(__file__).resolve().parents[2]
SAMPLE_LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
STACKCLEAR = str(Path(sys.executable).with_name("stackclear"))
DEADLINE = 120.0  # seconds; CI is a loaded 2-core machine
ACCESS = re.compile(r'\[(\d+)\] \S+ - "(\w+) (\S+) HTTP/1.1" (\d+)')
STARTED = re.compile(r"Started server process \[(\d+)\]")
FINISHED = re.compile(r"Finished server process \[(\d+)\]")


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    home: Path
    keys: dict[str, tuple[str, str]]  # role -> (key id, key)
    env: dict[str, str]

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def access(self) -> list[tuple[int, str, str, int]]:
        """(worker pid, method, path, status) of every access-log line so far."""
        return [(int(m[1]), m[2], m[3], int(m[4])) for m in ACCESS.finditer(self.text())]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _poll(condition: Callable[[], bool], what: str, served: Served | None = None) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            log = f"; server log:\n{served.text()}" if served else ""
            raise AssertionError(f"timed out waiting for {what}{log}")
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie counts as gone: it has exited)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    state = re.search(r"^State:\s+(\w)", status, re.M)
    return bool(state) and state[1] != "Z"  # type: ignore[index]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """None: the default SQLite file in STACKCLEAR_HOME; else a fresh PostgreSQL database (skips without one)."""
    if request.param == "sqlite":
        yield None
        return
    from records.conftest import drop_pg_database, make_pg_database  # tests/records: the PostgreSQL fixture

    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def served(tmp_path: Path, database_url: str | None) -> Iterator[Served]:
    from stackclear.records import open_database, users
    from stackclear.screening.store import ListStore
    from stackclear.settings import load_settings

    home = tmp_path / "home"
    ListStore(home).import_paths([SAMPLE_LIST])
    env = {**os.environ, "STACKCLEAR_HOME": str(home)}
    env.pop("STACKCLEAR_DATABASE_URL", None)
    if database_url is not None:
        env["STACKCLEAR_DATABASE_URL"] = database_url
    db = open_database(load_settings(env).database_url)
    keys = {}
    for role in ("screener", "admin"):
        users.create_user(db, f"{role}-user", role, actor="setup")
        keys[role] = users.create_key(db, f"{role}-user", actor="setup")
    db.dispose()
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([STACKCLEAR, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
                                   env=env, stdout=sink, stderr=subprocess.STDOUT)
    result = Served(process, f"http://127.0.0.1:{port}", log, home, keys, env)
    try:
        yield result
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for match in STARTED.finditer(result.text()):  # never leave a worker behind
            pid = int(match[1])
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _ready(served: Served) -> bool:
    if served.process.poll() is not None:
        raise AssertionError(f"the server exited with {served.process.returncode}:\n{served.text()}")
    try:
        return httpx.get(served.url + "/v1/ready", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _until_both_workers(served: Served, workers: set[int], request: Callable[[httpx.Client], None],
                        path: str, status: int, cookies: dict[str, str] | None = None) -> None:
    """Send ``request`` on fresh connections from four threads until each of ``workers`` has logged answering
    ``path`` with ``status`` (which worker accepts a connection is the kernel's choice: keep asking)."""
    stop = threading.Event()
    failures: list[BaseException] = []

    def client() -> None:
        with httpx.Client(base_url=served.url, timeout=30, headers={"Connection": "close"}, cookies=cookies) as http:
            while not stop.is_set():
                try:
                    request(http)
                except BaseException as exc:  # reported by the main thread
                    failures.append(exc)
                    return

    def answered() -> bool:
        if failures:
            raise failures[0]
        seen = {pid for pid, _m, p, s in served.access() if p == path and s == status}
        return workers <= seen

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        _poll(answered, f"both workers to answer {path} with {status}", served)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]


def test_two_workers_share_the_database_and_the_index_and_stop_cleanly(served: Served) -> None:
    _poll(lambda: _ready(served), "the server to be ready", served)
    _poll(lambda: len(set(STARTED.findall(served.text()))) == 2, "two worker processes", served)
    workers = {int(pid) for pid in STARTED.findall(served.text())}
    assert served.process.pid not in workers  # a parent supervising two workers
    assert "screening index of snapshot" in served.text()  # built once, before the workers started
    assert len(list((served.home / "cache").glob("index-*.bin"))) == 1  # ...and read by both from the cache

    screener_key = served.keys["screener"][1]

    def screen(http: httpx.Client) -> None:
        answer = http.post("/v1/screen", json={"name": "Huawei Technologies", "country": "CN"},
                           headers={"Authorization": f"Bearer {screener_key}"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["decision"] == "hit"

    _until_both_workers(served, workers, screen, "/v1/screen", 200)

    # A console session signed by whichever worker answered the sign-in is honoured by both (one secret).
    with httpx.Client(base_url=served.url, timeout=30) as http:
        page = http.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, page.text
        signed = http.post("/login", data={"csrf_token": token[1], "key": screener_key, "next": "/screen"})
        assert signed.status_code == 303, signed.text
        cookies = dict(http.cookies)

    def console(http: httpx.Client) -> None:
        answer = http.get("/screen")
        assert answer.status_code == 200 and "Screen a party" in answer.text, answer.status_code

    _until_both_workers(served, workers, console, "/screen", 200, cookies=cookies)

    # The database is shared: a key revoked by another process is refused by both workers at once.
    from stackclear.records import open_database, users
    from stackclear.settings import load_settings

    db = open_database(load_settings(served.env).database_url)
    users.revoke_key(db, served.keys["screener"][0], actor="test-admin")
    db.dispose()

    def refused(http: httpx.Client) -> None:
        answer = http.post("/v1/screen", json={"name": "Huawei Technologies"},
                           headers={"Authorization": f"Bearer {screener_key}"})
        assert answer.status_code == 401, answer.text

    _until_both_workers(served, workers, refused, "/v1/screen", 401)

    # SIGTERM: the parent stops both workers and exits 0.
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=DEADLINE) == 0, served.text()
    _poll(lambda: not any(_alive(pid) for pid in workers), "both workers to exit", served)
    assert {int(pid) for pid in FINISHED.findall(served.text())} == workers
    assert "Traceback" not in served.text()
