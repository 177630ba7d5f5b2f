"""The records database: engine and sessions, migrations, backup.

    db = Database()                       # load_settings().database_url: SQLite in the data directory
    db = Database("postgresql+psycopg://user:pass@127.0.0.1:5432/stackclear")
    db.upgrade()                          # Alembic, to the newest revision (creates an empty database)
    with db.write() as session: ...       # one serialised write transaction (see below)
    with db.read() as session: ...

Writes are serialised so the audit chain never forks: on SQLite every write transaction starts with
``BEGIN IMMEDIATE`` (one writer at a time, others wait up to the busy timeout); on PostgreSQL it starts by
locking the single ``audit_head`` row (``SELECT ... FOR UPDATE``). SQLite runs in WAL mode (readers never
block the writer) with foreign keys on and ``synchronous=FULL``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stackclear.extras import require
from stackclear.records.errors import RecordsError, SchemaError
from stackclear.settings import load_settings

require("sqlalchemy", extra="db", feature="the records database")
require("alembic", extra="db", feature="the records database")

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.runtime.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from sqlalchemy import Engine, create_engine, event, select  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402
from sqlalchemy.exc import ArgumentError, OperationalError  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from stackclear.records.models import AuditHead, Base  # noqa: E402

BUSY_TIMEOUT_S = 60.0
MIGRATIONS = "stackclear.records:migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def head_revision() -> str:
    """The newest schema revision this code ships."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _normalise(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise RecordsError(f"STACKCLEAR_DATABASE_URL: cannot parse {url!r}; expected sqlite:///PATH or "
                           "postgresql+psycopg://user:pass@host:port/db") from None
    if parsed.drivername in ("postgresql", "postgres"):
        require("psycopg", extra="db", feature="PostgreSQL records")
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername.startswith("postgresql"):
        require("psycopg", extra="db", feature="PostgreSQL records")
    elif parsed.drivername != "sqlite" and not parsed.drivername.startswith("sqlite+"):
        raise RecordsError(f"database URL {parsed.render_as_string(hide_password=True)!r}: unsupported backend "
                           f"{parsed.drivername!r}; expected sqlite or postgresql+psycopg")
    return parsed


class Database:
    """Engine, sessions, migrations and backup for one records database."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = _normalise(url or load_settings().database_url)
        self.dialect = "sqlite" if self.url.drivername.startswith("sqlite") else "postgresql"
        self.engine: Engine = self._engine(echo)

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def _engine(self, echo: bool) -> Engine:
        if self.dialect == "postgresql":
            return create_engine(self.url, echo=echo, pool_pre_ping=True)
        database = self.url.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(self.url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema ----------------------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        """The revision the database is at (None: empty database)."""
        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except OperationalError as exc:
            raise RecordsError(f"cannot open the records database {self.display_url}: {exc.orig}") from None

    def upgrade(self, revision: str = "head") -> tuple[str | None, str]:
        """Create or migrate the schema to ``revision``; returns (before, after)."""
        before = self.current_revision()
        config = _alembic_config()
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.execution_options(sqlite_begin="IMMEDIATE")
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()
        after = self.current_revision()
        assert after is not None
        return before, after

    def ensure_schema(self) -> None:
        """Create an empty database on first use; refuse an older schema (``stackclear db upgrade`` migrates)."""
        current = self.current_revision()
        head = head_revision()
        if current == head:
            return
        if current is None:
            self.upgrade()
            return
        raise SchemaError(f"the records database {self.display_url} is at schema revision {current}, this "
                          f"stackclear needs {head}: run `stackclear db upgrade` (keep a backup: `db backup PATH`)")

    def counts(self) -> dict[str, int]:
        """Rows per table (the tables this database has)."""
        from sqlalchemy import func, inspect, table

        with self.engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            return {name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
                    for name in sorted(Base.metadata.tables) if name in names}  # fmt: skip

    # -- transactions ----------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session on one consistent snapshot."""
        with self.engine.connect() as conn, Session(bind=conn, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction, serialised with every other writer (the audit chain never forks)."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.execution_options(sqlite_begin="IMMEDIATE")
            with Session(bind=conn, expire_on_commit=False, autoflush=True) as session:
                with session.begin():
                    if self.dialect == "postgresql":
                        session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update())
                    yield session

    # -- backup ----------------------------------------------------------------------------------------

    def backup(self, target: str | Path) -> Path:
        """A consistent copy while others write: SQLite's online backup API, or pg_dump (custom format).

        The copy is written under a temporary name beside ``target`` and renamed when complete.
        """
        out = Path(target).expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if self.dialect == "sqlite":
                self._backup_sqlite(tmp)
            else:
                self._backup_postgresql(tmp)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        return out

    def _backup_sqlite(self, tmp: Path) -> None:
        source_path = self.url.database
        if not source_path or source_path == ":memory:":
            raise RecordsError("db backup: an in-memory database has nothing to back up")
        source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_S)
        try:
            tmp.unlink(missing_ok=True)
            dest = sqlite3.connect(str(tmp))
            try:
                source.backup(dest)  # all pages in one step: one read transaction, a consistent copy
                dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
                ok = dest.execute("PRAGMA integrity_check").fetchone()
                if not ok or ok[0] != "ok":
                    raise RecordsError(f"db backup: the copy failed its integrity check: {ok}")
            finally:
                dest.close()
        finally:
            source.close()

    def _backup_postgresql(self, tmp: Path) -> None:
        pg_dump = find_pg_binary("pg_dump")
        if pg_dump is None:
            raise RecordsError("db backup: pg_dump not found; install the PostgreSQL client "
                               "(apt-get install postgresql-client) or set PATH")
        url = self.url.set(drivername="postgresql")
        env = dict(os.environ)
        if url.password is not None:
            env["PGPASSWORD"] = str(url.password)
            url = url.set(password=None)
        dsn = url.render_as_string(hide_password=False)
        done = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={tmp}", dsn],
                              env=env, capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            raise RecordsError(f"db backup: pg_dump failed: {done.stderr.strip()}")


def find_pg_binary(name: str) -> str | None:
    """A PostgreSQL program: from PATH, else the newest /usr/lib/postgresql/*/bin (Debian's layout)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if candidates:
        return str(candidates[-1])
    return shutil.which(name)
