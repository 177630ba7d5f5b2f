"""Logging for ``stackclear serve``: uvicorn's access log without query strings.

Requests carry party names and keys in their bodies and headers, which are never logged; a query string
could carry them too (a client is free to put ``?name=`` on a URL), so the access log keeps only the path.
"""

from __future__ import annotations

import copy
import logging
from typing import Any


class RedactQuery(logging.Filter):
    """Drop the query string from uvicorn's access-log records (``client, method, path, version, status``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging config with :class:`RedactQuery` on the access handler and the worker's
    process id on every line (``--workers N``: which worker answered)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for formatter in config["formatters"].values():
        fmt = str(formatter.get("fmt", ""))
        if fmt.startswith("%(levelprefix)s "):
            formatter["fmt"] = "%(levelprefix)s [%(process)d] " + fmt[len("%(levelprefix)s "):]
    config.setdefault("filters", {})["redact_query"] = {"()": "stackclear.api.logs.RedactQuery"}
    config["handlers"]["access"]["filters"] = ["redact_query"]
    return config
