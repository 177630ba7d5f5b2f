"""Shared CLI behaviour: --version, python -m, the one error wrapper (exit 2/3), logging on stderr, and list or
user text printed literally (Rich markup is never interpreted in data)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import stackclear
from stackclear.cli import app

runner = CliRunner()
HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
    "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids"
)
# a listed name with bracketed text, as list data has ("[a.k.a.]"), and one that looks like a closing Rich tag
ROWS = [
    'e1,Entity List (EL) - Bureau of Industry and Security,,,,"Zenith Markup Trading [a.k.a.] Ltd",,'
    '"Shenzhen, CN",84 FR 1,2019-05-21,,,For all items subject to the EAR.,[bold]Presumption[/] of denial,'
    ",,,,,,,,,,,,,,",
    'e2,Entity List (EL) - Bureau of Industry and Security,,,,"Closing Tag [/x] Industries",,'
    '"Shenzhen, CN",84 FR 1,2019-05-21,,,For all items subject to the EAR.,Presumption of denial,'
    ",,,,,,,,,,,,,,",
]


@pytest.fixture
def csl(tmp_path: Path) -> Path:
    path = tmp_path / "consolidated.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"stackclear {stackclear.__version__}"


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "stackclear", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"stackclear {stackclear.__version__}"


@pytest.mark.parametrize("name", ["Zenith Markup Trading [a.k.a.] Ltd", "Closing Tag [/x] Industries"])
def test_list_text_with_markup_prints_literally(csl: Path, name: str) -> None:
    result = runner.invoke(app, ["screen", name, "--list", str(csl)])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())  # the table may wrap long cells
    assert "[a.k.a.]" in flat if "a.k.a" in name else "[/x]" in flat
    assert repr(name) in result.stdout  # the query itself, as typed
    if "a.k.a" in name:
        assert "[bold]Presump" in result.stdout  # list text is not styled either (the cell folds the word)


def test_user_text_with_markup_in_errors_prints_literally(tmp_path: Path) -> None:
    missing = tmp_path / "[/x] no [bold]such[/bold].csv"
    result = runner.invoke(app, ["screen", "Anyone", "--list", str(missing)])
    assert result.exit_code == 2
    assert "[/x] no [bold]such[/bold].csv" in " ".join(result.stderr.split())


def test_unexpected_error_exits_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import stackclear.cli.screen as screen_cli

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(screen_cli, "build_screener", broken)
    result = runner.invoke(app, ["screen", "Anyone"])
    assert result.exit_code == 3
    assert "internal error (RuntimeError: boom)" in result.stderr and "--debug" in result.stderr
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["--debug", "screen", "Anyone"])
    assert isinstance(debug.exception, RuntimeError)  # --debug lets the traceback through


def test_verbose_logs_on_stderr(tmp_path: Path, csl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path / "home"))
    assert runner.invoke(app, ["lists", "import", str(csl)]).exit_code == 0
    loud = runner.invoke(app, ["-v", "screen", "Closing Tag Industries", "--json"])
    assert loud.exit_code == 0
    assert "stackclear: INFO: building the screening index" in loud.stderr
    assert loud.stdout.lstrip().startswith("{")  # logs never mix into the JSON on stdout
    quiet = runner.invoke(app, ["screen", "Closing Tag Industries", "--json"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    details = runner.invoke(app, ["-vv", "screen", "Closing Tag Industries", "--json"])
    assert "stackclear: DEBUG: index of snapshot" in details.stderr  # read from the disk cache this time
