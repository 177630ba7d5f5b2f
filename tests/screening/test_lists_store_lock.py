"""Two `lists update` at once, in two processes, over real HTTP: the store's file lock keeps both updates.

Each process refreshes one source (``--source``), which carries the current snapshot's other lists over. Without
the lock both can start from the same (empty) current snapshot and the later one drops the earlier one's list
(a race whose window is the validation time, so it is not reproducible on demand); with it the second waits,
the final snapshot holds both lists and history keeps both snapshots. The downloads are slow (1 s each, from a
local HTTP server), so the two processes always overlap and the second one logs that it waits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stackclear.screening.store import ListStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
FILES = {"consolidated.csv": FIXTURES.parent.parent / "cli_determine" / "fixtures" / "tiny_csl.csv",
         "sdn.xml": FIXTURES / "sdn_sample.xml"}  # fmt: skip
DELAY = 1.0  # each download takes this long, so the two updates overlap


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = FILES.get(self.path.lstrip("/"))
        if path is None:
            self.send_error(404)
            return
        time.sleep(DELAY)
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_two_concurrent_updates_keep_both(tmp_path: Path, server: str) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(f"""settings: {{timeout_seconds: 10, retries: 0, backoff_seconds: 0}}
sources:
  csl:
    files: [{{name: consolidated.csv, url: {server}/consolidated.csv}}]
  sdn:
    files: [{{name: sdn.xml, url: {server}/sdn.xml}}]
""")
    home = tmp_path / "home"
    env = {**os.environ, "STACKCLEAR_HOME": str(home), "STACKCLEAR_LIST_SOURCES": str(config)}
    command = [sys.executable, "-m", "stackclear", "-v", "lists", "update", "--source"]
    runs = [subprocess.Popen([*command, source], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for source in ("csl", "sdn")]  # fmt: skip
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    waited = any("waiting" in err for _, err in outputs)  # one of them really had to wait for the other
    store = ListStore(home)
    history = store.snapshots()
    assert len(history) == 2
    current = store.current()
    assert current is not None and current.id == history[-1].id
    assert sorted(f.name for f in current.files) == ["consolidated.csv", "sdn.xml"], outputs
    assert {f.source for f in current.files} == {"csl", "sdn"}
    # the updates did not merely happen not to overlap: the second one waited for the first one's lock
    assert waited, outputs
