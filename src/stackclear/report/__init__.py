"""Reports of determinations: one view model (view.py) and its renderers (Markdown/HTML templates here; the
terminal rendering lives in the CLI). A thin layer: it lays out what the engine decided and cited."""

from stackclear.report.render import FORMATS, render
from stackclear.report.view import ReportView, build_view

__all__ = ["FORMATS", "ReportView", "build_view", "render"]
