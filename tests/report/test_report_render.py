"""The report view and its Markdown/HTML renderings carry every reason with its citation."""

from __future__ import annotations

import re

import pytest
from report_sample import WHY, sample

from stackclear.report import build_view, render


def test_view_labels_items_and_reuses_identical_reasons() -> None:
    determination, package = sample()
    view = build_view(determination, package, notes=["BOM components[4] not imported"])
    gpus, nodes, app = view.items
    assert gpus.label == "1,024 × NVIDIA H100 SXM5 80GB"
    assert nodes.label == "128 × 8-GPU server (8 × NVIDIA H100 SXM5 80GB)"
    assert gpus.eccn == "3A090.a (a.1)"
    assert gpus.verdict_text == "LICENSE REQUIRED · presumption of denial"
    assert nodes.same_as == "gpus" and app.same_as is None
    assert view.destination.startswith("destination MY (Malaysia)")
    assert "BOM components[4] not imported" in view.caveats
    assert "CSL 2022-05-06 sha256 80e780b9…" in view.header and "rules 2026.11 (as of 2024-06-01)" in view.header
    assert view.parties[0].label == "end user, MY, HQ CN"
    assert any("SNAP-R" in s and "gpus, nodes" in s for s in view.next_steps)
    assert view.next_steps[-1].startswith("keep this report")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_renderings_carry_every_citation_and_caveat(fmt: str) -> None:
    determination, package = sample()
    text = render(build_view(determination, package), fmt)
    for reason in WHY:
        assert reason["citation"] in text
    assert "review policy for HQ-rule cases outside D:5 is unverified" in text
    assert "LICENSE REQUIRED · presumption of denial" in text
    assert "Example Malaysia Sdn. Bhd." in text


def test_markdown_escapes_table_breaking_text() -> None:
    determination, package = sample()
    text = render(build_view(determination, package), "markdown")
    assert "application software \\| not on the CCL \\<by default\\>" in text
    table_rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(table_rows) == 3 and all(row.count(" | ") == 3 for row in table_rows)


def test_html_is_escaped_and_well_formed() -> None:
    determination, package = sample()
    html = render(build_view(determination, package), "html")
    assert "&lt;by default&gt;" in html and "<by default>" not in html
    assert html.count("<tr id=\"item-") == 3
    for tag in ("html", "body", "table", "ul"):
        assert len(re.findall(f"<{tag}[ >]", html)) == html.count(f"</{tag}>")


def test_unknown_format_is_refused() -> None:
    determination, package = sample()
    with pytest.raises(ValueError, match="expected one of markdown, html"):
        render(build_view(determination, package), "pdf")
