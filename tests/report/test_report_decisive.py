"""Every example package's report reads decisively (issue 10): no caveat contradicts the verdict, every line a
later line supersedes is marked "overridden by …", context lines appear only with ``--trace``, and the same
holds for the Markdown and HTML renderings.

The checks read the rendered text, not the engine's flags: a review-policy conclusion that differs from the
item's verdict, a "no destination requirement" on an item that needs a license (or an exception), and an
exception offered on an item that needs a license are the lines that must carry the mark.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from stackclear.model.io import load_package
from stackclear.report import build_view, render
from stackclear.report import terminal as term
from stackclear.report.run import evaluate

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "packages").glob("*.yaml"))
POLICIES = ("presumption of denial", "case by case", "presumption of approval")
NO_LICENSE = re.compile(r"no license (requirement|required|needed)", re.IGNORECASE)
MARK = "[overridden by "


def _text(view: Any) -> str:
    console = Console(record=True, width=1000, file=io.StringIO(), color_system=None)
    term.print_to(console, term.report(view))
    return console.export_text()


def _sections(text: str) -> dict[str, tuple[str, list[str]]]:
    """Item id → (verdict text, its lines) from the rendered terminal report."""
    out: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        head = re.match(r"^ITEM\s+(\S+)\s.*→\s+(.*?)\s*$", line)
        if head:
            current = []
            out[head.group(1)] = (head.group(2), current)
        elif line.startswith(("PARTY", "CAVEATS")):
            current = None
        elif current is not None:
            current.append(line)
    return out


def _stated_policy(line: str) -> str | None:
    """The review policy a why-line concludes with ('...: case by case', '→ license required, presumption of
    denial'), if any."""
    body = line.split(MARK)[0]
    for policy in POLICIES:
        if re.search(rf"(:|license required,)\s*{policy}\b", body):
            return policy
    return None


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, dict[str, Any], Any]]:
    out = []
    for path in EXAMPLES:
        loaded = load_package(path)
        result = evaluate(loaded)
        out.append((path.name, result, loaded))
    return out


def test_every_example_is_checked(reports: list[tuple[str, dict[str, Any], Any]]) -> None:
    assert len(reports) >= 15


def test_no_caveat_contradicts_the_verdict(reports: list[tuple[str, dict[str, Any], Any]]) -> None:
    for name, result, loaded in reports:
        view = build_view(result, loaded.package, notes=loaded.notes)
        if view.verdict != "NO_LICENSE_REQUIRED":
            bad = [c for c in view.caveats if NO_LICENSE.search(c)]
            assert not bad, f"{name}: package caveats contradict {view.verdict}: {bad}"
        for item in view.items:
            if item.verdict != "NO_LICENSE_REQUIRED":
                bad = [c for c in item.caveats if NO_LICENSE.search(c)]
                assert not bad, f"{name}: {item.id} notes contradict {item.verdict}: {bad}"


def test_every_overridden_line_is_marked(reports: list[tuple[str, dict[str, Any], Any]]) -> None:
    marked = 0
    for name, result, loaded in reports:
        text = _text(build_view(result, loaded.package, notes=loaded.notes))
        for ident, (verdict, lines) in _sections(text).items():
            final = next((p for p in POLICIES if verdict.endswith(p)), None)
            needs_license = verdict.startswith(("LICENSE REQUIRED", "LICENSE EXCEPTION"))
            for line in lines:
                marked += MARK in line
                if MARK in line:
                    continue
                stated = _stated_policy(line)
                assert not (final and stated and stated != final), f"{name}: {ident} ({verdict}): {line.strip()}"
                assert not (needs_license and "no destination requirement" in line), f"{name}: {ident}: {line}"
                assert not (verdict.startswith("LICENSE REQUIRED") and "License Exception" in line
                            and "available" in line and "not available" not in line), f"{name}: {ident}: {line}"
    assert marked, "no example exercises an overridden line"


def test_decisive_lines_come_first_with_their_dates(reports: list[tuple[str, dict[str, Any], Any]]) -> None:
    for name, result, loaded in reports:
        view = build_view(result, loaded.package, notes=loaded.notes)
        for item in view.items:
            flags = [bool(line.overridden_by) for line in item.reasons]
            assert flags == sorted(flags), f"{name}: {item.id}: an overridden line precedes a decisive one"
            for line in item.reasons:
                if line.rule and line.effective:
                    assert f"in force from {line.effective}" in line.source


def test_context_lines_only_with_trace(reports: list[tuple[str, dict[str, Any], Any]]) -> None:
    seen = False
    for _, result, loaded in reports:
        plain = build_view(result, loaded.package)
        traced = build_view(result, loaded.package, trace=True)
        for a, b in zip(plain.items, traced.items, strict=True):
            assert not any(line.context for line in a.reasons)
            seen = seen or any(line.context for line in b.reasons)
            assert {line for line in b.reasons if not line.context} == set(a.reasons)
    assert seen, "no example has a context line (a country group the destination is not in)"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_mark_overridden_lines_and_dates(reports: list[tuple[str, dict[str, Any], Any]],
                                                          fmt: str) -> None:
    for name, result, loaded in reports:
        view = build_view(result, loaded.package)
        out = render(view, fmt).replace("\\", "")  # Markdown escapes _ and friends
        for item in view.items:
            if item.same_as:
                continue
            for line in item.reasons:
                if line.overridden_by:
                    assert line.overridden_by in out, (name, item.id)
                if line.effective:
                    assert f"in force from {line.effective}" in out, (name, item.id)
