"""The REST API (FastAPI, under ``/v1``) and the console it serves; needs the ``api`` extra.

    from stackclear.api import create_app
"""

from __future__ import annotations

from stackclear.extras import require

require("fastapi", extra="api", feature="the REST API")

from stackclear.api.app import create_app  # noqa: E402

__all__ = ["create_app"]
