"""An in-process user and key table with the :class:`AuthBackend` interface (hashed keys, shown once).

Used by tests and for embedding the app; ``stackclear serve`` uses the records database instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field

from stackclear.api.security import Principal, Role


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass
class _Key:
    id: str
    user: str
    digest: str
    revoked: bool = False


@dataclass
class MemoryAuth:
    users: dict[str, Role] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    keys: dict[str, _Key] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_user(self, name: str, role: Role | str, password: str | None = None) -> None:
        self.users[name] = role if isinstance(role, Role) else Role.parse(role)
        if password is not None:
            self.passwords[name] = hashlib.scrypt(password.encode(), salt=name.encode(), n=2**14, r=8, p=1).hex()

    def create_key(self, user: str) -> tuple[str, str]:
        """(key id, the key itself — shown once; only its hash is kept)."""
        if user not in self.users:
            raise KeyError(user)
        key_id = "k_" + secrets.token_hex(4)
        key = "sck_" + secrets.token_urlsafe(32)
        with self._lock:
            self.keys[key_id] = _Key(key_id, user, _hash(key))
        return key_id, key

    def revoke_key(self, key_id: str) -> None:
        self.keys[key_id].revoked = True

    def authenticate_key(self, key: str) -> Principal | None:
        digest = _hash(key)
        for record in self.keys.values():
            if hmac.compare_digest(record.digest, digest) and not record.revoked and record.user in self.users:
                return Principal(record.user, self.users[record.user], record.id)
        return None

    def authenticate_password(self, user: str, password: str) -> Principal | None:
        stored = self.passwords.get(user)
        if stored is None:
            return None
        given = hashlib.scrypt(password.encode(), salt=user.encode(), n=2**14, r=8, p=1).hex()
        if not hmac.compare_digest(stored, given):
            return None
        return Principal(user, self.users[user], None, via="session")

    def session_principal(self, user: str, key_id: str | None) -> Principal | None:
        if user not in self.users:
            return None
        if key_id is not None:
            record = self.keys.get(key_id)
            if record is None or record.revoked or record.user != user:
                return None
        return Principal(user, self.users[user], key_id, via="session")
