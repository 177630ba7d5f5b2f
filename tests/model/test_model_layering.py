"""The model (package and determination types) depends on nothing above it: not on the classifier, the catalog,
screening or the determination engine (issue 8). Checked in a fresh interpreter, by what importing it loads."""

from __future__ import annotations

import subprocess
import sys

ABOVE = ("stackclear.classify", "stackclear.catalog", "stackclear.screening", "stackclear.determine",
         "stackclear.report", "stackclear.cli")  # fmt: skip


def _loaded(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_model_imports_nothing_above_it() -> None:
    for module in ("stackclear.model", "stackclear.model.determination", "stackclear.model.io"):
        above = {m for m in _loaded(module) if m.startswith(ABOVE)}
        assert not above, f"{module} imports {sorted(above)}"


def test_reason_is_shared_from_below() -> None:
    from stackclear.classify import Reason as FromClassify
    from stackclear.model.determination import Reason as FromModel
    from stackclear.reasons import Reason

    assert FromClassify is Reason and FromModel is Reason
