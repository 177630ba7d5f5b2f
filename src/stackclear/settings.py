"""Typed settings read from the environment, once, in one place.

    STACKCLEAR_HOME                 data directory: lists, database, index cache
                                    (default: the platform's user data directory, via platformdirs)
    STACKCLEAR_DATABASE_URL         records database (default ``sqlite:///$STACKCLEAR_HOME/stackclear.db``;
                                    PostgreSQL as ``postgresql+psycopg://user:pass@host:port/db``)
    STACKCLEAR_MAX_LIST_AGE_DAYS    stored lists older than this are stale: screening says "review" (default 7)

Every layer (CLI, records, API, batch) asks :func:`load_settings` instead of reading ``os.environ`` itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from stackclear.errors import StackclearError

__all__ = ["ENV_DATABASE_URL", "ENV_HOME", "ENV_MAX_AGE", "Settings", "SettingsError", "default_home", "load_settings"]

ENV_HOME = "STACKCLEAR_HOME"
ENV_DATABASE_URL = "STACKCLEAR_DATABASE_URL"
ENV_MAX_AGE = "STACKCLEAR_MAX_LIST_AGE_DAYS"
DEFAULT_MAX_AGE_DAYS = 7
APP_NAME = "stackclear"


class SettingsError(StackclearError):
    """An environment variable holds a value stackclear cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str
    max_list_age_days: int

    @property
    def lists_dir(self) -> Path:
        return self.home / "lists"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


def default_home(env: Mapping[str, str] | None = None) -> Path:
    """$STACKCLEAR_HOME, else the platform's user data directory (``~/.local/share/stackclear`` on Linux)."""
    environ = os.environ if env is None else env
    raw = environ.get(ENV_HOME, "").strip()
    if raw:
        return Path(raw).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _max_age(environ: Mapping[str, str]) -> int:
    raw = environ.get(ENV_MAX_AGE, "").strip()
    if not raw:
        return DEFAULT_MAX_AGE_DAYS
    if not raw.isdigit():
        raise SettingsError(f"{ENV_MAX_AGE}: expected a whole number of days, got {raw!r}")
    return int(raw)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings in force: from ``env`` (default ``os.environ``); a bad value raises SettingsError."""
    environ = os.environ if env is None else env
    home = default_home(environ)
    url = environ.get(ENV_DATABASE_URL, "").strip() or f"sqlite:///{home / 'stackclear.db'}"
    return Settings(home=home, database_url=url, max_list_age_days=_max_age(environ))
