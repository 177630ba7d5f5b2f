"""`stackclear lists import|status|update|show-sources` end to end through the CLI."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stackclear.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fixture_server() -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(FIXTURES))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_status_without_lists_fails_closed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lists", "status", "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert "no restricted-party list imported" in result.stdout


def test_import_then_status_table_and_json(tmp_path: Path) -> None:
    home = str(tmp_path)
    result = runner.invoke(
        app, ["lists", "import", str(FIXTURES / "sdn_sample.xml"), "--as-of", "2024-07-03", "--home", home]
    )
    assert result.exit_code == 0, result.output
    assert "imported: snapshot" in result.stdout and "as of 2024-07-03" in result.stdout
    table = runner.invoke(app, ["lists", "status"], env={"STACKCLEAR_HOME": home, "COLUMNS": "200"})
    assert table.exit_code == 0 and "sdn_sample.xml" in table.stdout and "ofac-xml" in table.stdout
    assert "fresh" in table.stdout
    as_json = runner.invoke(app, ["lists", "status", "--json", "--home", home])
    info = json.loads(as_json.stdout)
    assert info["fresh"] is True and info["current"]["counts"] == {"SDN": 4}
    assert info["current"]["as_of"] == "2024-07-03"


def test_corrupt_import_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lists", "import", str(FIXTURES / "sdn_bad_entnum.csv"), "--home", str(tmp_path)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "sdn_bad_entnum.csv, line 2, field 'ent_num'" in lines[0]
    assert "Traceback" not in result.output


def test_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["lists", "import", str(FIXTURES / "sdn_sample.xml"), "--as-of", "July", "--home", str(tmp_path)]
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_update_and_show_sources_use_the_sources_override(tmp_path: Path, fixture_server: str) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""settings: {{timeout_seconds: 5, retries: 0}}
sources:
  csl-json:
    description: CSL JSON sample
    files: [{{name: consolidated.json, url: "{fixture_server}/csl_sample.json"}}]
  broken:
    files: [{{name: sdn.xml, url: "{fixture_server}/sdn_bad.xml"}}]
"""
    )
    env = {"STACKCLEAR_LIST_SOURCES": str(config), "STACKCLEAR_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    shown = runner.invoke(app, ["lists", "show-sources"], env=env)
    assert shown.exit_code == 0 and "csl_sample.json" in shown.stdout and "broken" in shown.stdout
    good = runner.invoke(app, ["lists", "update", "--source", "csl-json"], env=env)
    assert good.exit_code == 0, good.output
    assert "updated: snapshot" in good.stdout and "EL 1" in good.stdout
    bad = runner.invoke(app, ["lists", "update", "--source", "broken"], env=env)
    assert bad.exit_code == 2
    assert "sdn_bad.xml" in bad.stderr and "line 13" in bad.stderr and "current snapshot is unchanged" in bad.stderr
    status = runner.invoke(app, ["lists", "status", "--json"], env=env)
    assert json.loads(status.stdout)["current"]["counts"] == {"SDN": 2, "EL": 1}
