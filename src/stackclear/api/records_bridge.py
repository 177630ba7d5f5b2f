"""The API's view of the records database: authentication (users, keys) and the recorder of what the API
does (determinations, list snapshots). The actor of every record is the authenticated principal's name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from stackclear.api.security import Principal, Role
from stackclear.records import Database, open_database, users
from stackclear.records import licenses as licenses_mod
from stackclear.records import lists as lists_mod
from stackclear.records.models import ApiKey, User
from stackclear.screening.store import Snapshot
from stackclear.settings import Settings


def _principal(found: users.Principal, via: str = "key") -> Principal:
    return Principal(found.name, Role.parse(found.role), found.key_id, via=via)


class RecordsAuth:
    """:class:`~stackclear.api.security.AuthBackend` over the records database (keys stored as sha256)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def authenticate_key(self, key: str) -> Principal | None:
        found = users.authenticate_key(self.db, key)
        return None if found is None else _principal(found)

    def authenticate_password(self, user: str, password: str) -> Principal | None:
        found = users.authenticate_password(self.db, user, password)
        return None if found is None else _principal(found, "session")

    def session_principal(self, user: str, key_id: str | None) -> Principal | None:
        with self.db.read() as session:
            row = session.execute(select(User).where(User.name == user)).scalar_one_or_none()
            if row is None:
                return None
            if key_id is not None:
                key = session.get(ApiKey, key_id)
                if key is None or key.revoked_at is not None or key.user_id != row.id:
                    return None
            return Principal(row.name, Role.parse(row.role), key_id, via="session")


class Recorder:
    """Writes what the API decided into the audit chain, with the principal as the actor."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record_determination(self, result: dict[str, Any], principal: Principal,
                             license: str | None = None) -> dict[str, Any]:
        return licenses_mod.record_determination(self.db, result, actor=principal.name, license_number=license)

    def record_list_change(self, snap: Snapshot, principal: Principal) -> int | None:
        return lists_mod.record_snapshot(self.db, snap, actor=principal.name)


def connect(settings: Settings) -> tuple[RecordsAuth, Recorder]:
    db = open_database(settings.database_url)
    return RecordsAuth(db), Recorder(db)
