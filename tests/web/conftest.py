"""Browser tests: the real server in a subprocess on 127.0.0.1 (temporary STACKCLEAR_HOME, the sample list
imported), driven by Playwright through Debian's /usr/bin/chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("STACKCLEAR_CHROMIUM", "/usr/bin/chromium")
SAMPLE_LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
STACKCLEAR = str(Path(sys.executable).with_name("stackclear"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

pytest.importorskip("fastapi", reason="the api extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev dependency) is not installed")


@dataclass
class Server:
    url: str
    keys: dict[str, str]
    home: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`stackclear serve` on a free loopback port, set up the way an operator does: import the lists, add
    one user and key per role, store parties and re-screen them (which opens a case for a listed one)."""
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "STACKCLEAR_HOME": str(home)}
    env.pop("STACKCLEAR_DATABASE_URL", None)
    # The operator's setup steps, through the library the CLI commands call (spawning the CLI a dozen times
    # would only add start-up time): lists, one user and key per role, parties, a re-screen that opens a case.
    from stackclear.records import open_database, parties, rescreen, users
    from stackclear.screening.store import ListStore
    from stackclear.settings import load_settings

    store = ListStore(home)
    store.import_paths([SAMPLE_LIST])
    db = open_database(load_settings({"STACKCLEAR_HOME": str(home)}).database_url)
    keys = {}
    for role in ("viewer", "screener", "reviewer", "admin"):
        users.create_user(db, f"{role}-user", role, actor="setup")
        keys[role] = users.create_key(db, f"{role}-user", actor="setup")[1]
    parties.import_rows(db, [{"id": "crm-7", "name": "Huawei Technologies Company Limited", "country": "CN"},
                             {"id": "crm-8", "name": "Bavarian Bakery Supplies GmbH"}], actor="setup")
    rescreen.rescreen(db, actor="setup", store=store)
    db.dispose()
    port = _free_port()
    log = home / "server.log"
    with log.open("w") as sink:
        process = subprocess.Popen([STACKCLEAR, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                   stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + log.read_text())
            time.sleep(0.2)
        yield Server(url, keys, home, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip(f"{CHROMIUM} is missing (.ci/run installs Debian's chromium with apt)")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.text} at {msg.location}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, server: Server, role: str = "admin") -> None:
    page.goto("/login")
    page.get_by_label("API key").fill(server.keys[role])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/screen")
