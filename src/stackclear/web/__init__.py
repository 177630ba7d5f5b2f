"""The web console: server-rendered Jinja2 pages with htmx (one committed static file, no JS build)."""

from __future__ import annotations

from fastapi import FastAPI


def mount_console(app: FastAPI) -> None:
    from stackclear.web.console import install

    install(app)


__all__ = ["mount_console"]
