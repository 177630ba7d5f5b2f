"""Render a :class:`ReportView` as Markdown or HTML (the audit file) with the Jinja2 templates beside this file."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stackclear.report.view import ReportView

FORMATS = ("markdown", "html")


def _md(text: object) -> str:
    """Escape what would break a Markdown table or turn text into markup."""
    out = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for char in "*_`<>[]":
        out = out.replace(char, "\\" + char)
    return out


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("stackclear.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False, lstrip_blocks=False,
    )
    env.filters["md"] = _md
    return env


def render(view: ReportView, fmt: str) -> str:
    """``fmt`` is 'markdown' or 'html'."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    name = "report.md.j2" if fmt == "markdown" else "report.html.j2"
    return _environment().get_template(name).render(v=view)
