"""Optional parts of stackclear live in pip extras; importing one that is missing gives a clear message.

    from stackclear.extras import require
    matplotlib = require("matplotlib", extra="plot")   # MissingExtraError names `pip install 'stackclear[plot]'`
"""

from __future__ import annotations

import importlib
from types import ModuleType

from stackclear.errors import StackclearError

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(StackclearError):
    """An optional dependency is not installed; the message names the extra that provides it."""

    def __init__(self, module: str, extra: str, feature: str = "") -> None:
        self.module = module
        self.extra = extra
        what = feature or f"this feature ({module})"
        super().__init__(f"{what} needs the optional dependency {module!r}: pip install 'stackclear[{extra}]'")


def require(module: str, extra: str, feature: str = "") -> ModuleType:
    """Import ``module`` or raise MissingExtraError naming the pip extra ``extra``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name is not None and exc.name != module and not module.startswith(exc.name + "."):
            raise  # the module exists but one of *its* imports is broken: show the real problem
        raise MissingExtraError(module, extra, feature) from None
