"""Run a stackclear CLI command in this process and SIGKILL it at a chosen point (the crash tests use it).

    python crash_worker.py append N  -- ARGS...   # SIGKILL right after the Nth audit append returns: inside the
                                                  # write transaction, its rows flushed, nothing committed
    python crash_worker.py pointer 1 -- ARGS...   # SIGKILL just before the list store switches `current`
    python crash_worker.py none 0    -- ARGS...   # no kill (the caller kills on a timer)

A real SIGKILL of the real process: no cleanup handler, no finally block and no rollback runs.
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    mode, count = sys.argv[1], int(sys.argv[2])
    args = sys.argv[sys.argv.index("--") + 1:]
    if mode == "append":
        from stackclear.records import audit

        original = audit.append
        calls = [0]

        def append(*a: object, **k: object) -> object:
            record = original(*a, **k)  # type: ignore[arg-type]
            calls[0] += 1
            if calls[0] == count:
                os.kill(os.getpid(), signal.SIGKILL)
            return record

        audit.append = append  # type: ignore[assignment]
    elif mode == "pointer":
        from stackclear.screening import store

        real_replace = os.replace

        def replace(src: str, dst: str) -> None:
            if str(dst).endswith(os.sep + "current"):
                os.kill(os.getpid(), signal.SIGKILL)
            real_replace(src, dst)

        store.os.replace = replace  # type: ignore[assignment]
    from stackclear.cli import app

    app(args)


if __name__ == "__main__":
    main()
