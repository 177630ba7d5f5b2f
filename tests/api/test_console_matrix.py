"""The console's destination matrix: the same cells as `stackclear matrix` (report.run.matrix), groups and
blocs expanded as of the date, a reason and citation behind each cell, bad input shown as an error."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from tests.api.test_api_security import sign_in

from stackclear.model.io import load_package
from stackclear.report.run import matrix
from stackclear.screening.screen import Screener
from stackclear.screening.sources import load_list

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "examples" / "packages" / "gulf_sovereign_ai_gcc_program.yaml"
SAMPLE = REPO / "examples" / "lists" / "sample_consolidated.csv"


def _cells(page: str) -> dict[str, list[str]]:
    """destination → the text of its cells (package verdict first), read from the rendered table."""
    body = page.split('<table id="matrix">', 1)[1].split("</table>", 1)[0]
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        head = re.search(r'<th scope="row"[^>]*>([A-Z]{2})</th>', row)
        if head:
            cells = re.findall(r'<td tabindex="0" class="verdict-inline ([A-Z_]+)"', row)
            rows[head.group(1)] = cells
    return rows


def test_console_matrix_equals_the_engine(api: Any) -> None:
    token = sign_in(api, "screener")
    text = PACKAGE.read_text(encoding="utf-8")
    page = api.client.post("/matrix", data={"text": text, "csrf_token": token, "dest": "GCC,CN",
                                            "as_of": "2026-08-01"})
    assert page.status_code == 200, page.text[:500]
    shown = _cells(page.text)
    screener = Screener.from_lists([load_list(str(SAMPLE))])
    expected = matrix(load_package(str(PACKAGE)), ["GCC", "CN"], dt.date(2026, 8, 1), screeners=lambda _p: screener)
    assert set(shown) == {row["destination"] for row in expected["rows"]} >= {"SA", "AE", "CN"}
    for row in expected["rows"]:
        assert shown[row["destination"]] == [row["verdict"]] + [item["verdict"] for item in row["items"]]
    assert "15 CFR" in html.unescape(page.text)  # each cell's reason carries its citation (hover/focus title)


def test_console_matrix_uses_the_package_targets_and_reports_bad_input(api: Any) -> None:
    token = sign_in(api, "screener")
    text = PACKAGE.read_text(encoding="utf-8")
    by_targets = api.client.post("/matrix", data={"text": text, "csrf_token": token, "as_of": "2026-08-01"})
    assert by_targets.status_code == 200 and "SA" in _cells(by_targets.text)
    unknown = api.client.post("/matrix", data={"text": text, "csrf_token": token, "dest": "ZZ:9"})
    assert unknown.status_code == 422 and 'role="alert"' in unknown.text
    empty = api.client.post("/matrix", data={"text": "", "csrf_token": token})
    assert empty.status_code == 422 and "paste a package" in empty.text


def test_console_matrix_needs_a_screener(api: Any) -> None:
    token = sign_in(api, "viewer")
    assert api.client.get("/matrix").status_code == 200
    denied = api.client.post("/matrix", data={"text": PACKAGE.read_text(encoding="utf-8"), "csrf_token": token,
                                              "dest": "SA"})
    assert denied.status_code == 403
