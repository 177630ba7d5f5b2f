"""Start the real app with uvicorn for the browser tests, with one user and key per role.

    python serve_for_tests.py PORT KEYS_OUT.json

STACKCLEAR_HOME must name a temporary data directory with the lists already imported. The keys are written
(once) to KEYS_OUT.json for the test to sign in with; the server logs go to the caller's stdout/stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uvicorn

from stackclear.api import create_app
from stackclear.api.logs import log_config
from stackclear.api.memory_auth import MemoryAuth


def main() -> None:
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    auth = MemoryAuth()
    keys = {}
    for role in ("viewer", "screener", "reviewer", "admin"):
        auth.add_user(f"{role}-user", role, password=f"{role}-password")
        keys[role] = auth.create_key(f"{role}-user")[1]
    app = create_app(auth=auth)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(keys), encoding="utf-8")
    tmp.replace(out)
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=log_config(), access_log=True)


if __name__ == "__main__":
    main()
