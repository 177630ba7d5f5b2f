"""``stackclear serve``: the REST API and the console (uvicorn, one or ``--workers N`` processes), SQLite by default."""

from __future__ import annotations

import typer

from stackclear.cli.common import fail
from stackclear.errors import StackclearError


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default loopback only)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
        workers: int = typer.Option(1, "--workers", min=1, max=64,
                                    help="Worker processes; they share the database and read the screening index "
                                         "from the disk cache (built once, before they start)."),
        access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log requests (paths only)."),
    ) -> None:
        """Serve the API under /v1 (OpenAPI at /openapi.json) and the console at / .

        Uses $STACKCLEAR_HOME (lists) and $STACKCLEAR_DATABASE_URL (users, keys, cases, audit).
        Example: stackclear serve --port 8000, then open http://127.0.0.1:8000/ and sign in with a key.
        """
        try:
            from stackclear.extras import require

            uvicorn = require("uvicorn", extra="api", feature="stackclear serve")
            require("fastapi", extra="api", feature="stackclear serve")
            from stackclear.api.app import prepare
            from stackclear.api.logs import log_config

            note = prepare()  # the schema and the index cache, once, before the workers start
        except StackclearError as exc:
            raise fail(str(exc)) from None
        typer.echo(f"stackclear serve: {workers} worker(s); {note}", err=True)
        uvicorn.run("stackclear.api:create_app", factory=True, host=host, port=port, workers=workers,
                    log_config=log_config(), access_log=access_log, server_header=False, proxy_headers=False)
