"""Users, roles and API keys (the API and console authenticate through these).

    user = create_user(db, "alice", "reviewer", actor="admin")
    key_id, key = create_key(db, "alice", label="ci")       # the plaintext key is returned once, stored hashed
    principal = authenticate_key(db, key)                   # Principal(user_id, name, role, key_id) or None
    revoke_key(db, key_id, actor="admin")

Keys are ``sck_`` + 32 random bytes (url-safe base64): high entropy, so a fast sha256 is a sound stored
hash (no salt or slow KDF needed); the first 12 characters are kept for display. Passwords (optional, for
the console) use scrypt from the standard library.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stackclear.records import audit
from stackclear.records.db import Database
from stackclear.records.errors import NotFoundError, RecordsError
from stackclear.records.models import ROLES, ApiKey, User, utcnow

KEY_PREFIX = "sck_"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts as."""

    user_id: int
    name: str
    role: str
    key_id: str | None = None

    def can(self, role: str) -> bool:
        """True when this principal's role is ``role`` or higher (viewer < screener < reviewer < admin)."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    name: str
    role: str
    has_password: bool
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class KeyInfo:
    id: str
    user: str
    label: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise RecordsError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(
        **_SCRYPT, salt=base64.b64encode(salt).decode(), digest=base64.b64encode(digest).decode()
    )


def check_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), dklen=32,
                                  n=int(n), r=int(r), p=int(p))  # fmt: skip
    except ValueError:
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_user(db: Database, name: str, role: str, *, actor: str, password: str | None = None) -> UserInfo:
    """Add a user; an existing name is an error."""
    name = name.strip()
    if not name or len(name) > 200:
        raise RecordsError("user name: expected 1 to 200 characters")
    _check_role(role)
    with db.write() as session:
        if session.execute(select(User).where(User.name == name)).scalar_one_or_none() is not None:
            raise RecordsError(f"user {name!r} already exists")
        user = User(name=name, role=role, password_hash=hash_password(password) if password else None,
                    created_at=utcnow())  # fmt: skip
        session.add(user)
        session.flush()
        audit.append(session, "user.add", {"user": name, "role": role, "password": password is not None},
                     actor=actor)  # fmt: skip
        return UserInfo(user.id, user.name, user.role, user.password_hash is not None, user.created_at)


def set_role(db: Database, name: str, role: str, *, actor: str) -> None:
    _check_role(role)
    with db.write() as session:
        user = _user(session, name)
        before = user.role
        user.role = role
        audit.append(session, "user.role", {"user": name, "from": before, "to": role}, actor=actor)


def set_password(db: Database, name: str, password: str, *, actor: str) -> None:
    if not password:
        raise RecordsError("password: expected a non-empty password")
    with db.write() as session:
        user = _user(session, name)
        user.password_hash = hash_password(password)
        audit.append(session, "user.password", {"user": name}, actor=actor)


def list_users(db: Database) -> list[UserInfo]:
    with db.read() as session:
        users = session.execute(select(User).order_by(User.name)).scalars().all()
        return [UserInfo(u.id, u.name, u.role, u.password_hash is not None, u.created_at) for u in users]


def _user(session: Session, name: str) -> User:
    user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None:
        raise NotFoundError(f"no user {name!r} (add one with `stackclear users add NAME --role ROLE`)")
    return user


def create_key(db: Database, user: str, *, label: str = "", actor: str) -> tuple[str, str]:
    """A new API key for ``user``: returns (key id, plaintext key). Only the key's sha256 is stored."""
    with db.write() as session:
        owner = _user(session, user)
        key_id = secrets.token_hex(6)
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        session.add(ApiKey(id=key_id, user_id=owner.id, label=label, key_hash=key_hash(key),
                           prefix=key[:12], created_at=utcnow()))  # fmt: skip
        session.flush()
        audit.append(session, "key.create", {"key_id": key_id, "user": user, "label": label, "prefix": key[:12]},
                     actor=actor)  # fmt: skip
    return key_id, key


def revoke_key(db: Database, key_id: str, *, actor: str) -> KeyInfo:
    """Revoke a key (idempotent: revoking a revoked key keeps its first revocation time)."""
    with db.write() as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            raise NotFoundError(f"no API key {key_id!r}")
        owner = session.get(User, key.user_id)
        assert owner is not None
        if key.revoked_at is None:
            key.revoked_at = utcnow()
            audit.append(session, "key.revoke", {"key_id": key_id, "user": owner.name}, actor=actor)
        return KeyInfo(key.id, owner.name, key.label, key.prefix, key.created_at, key.revoked_at)


def list_keys(db: Database, user: str | None = None) -> list[KeyInfo]:
    with db.read() as session:
        query = select(ApiKey, User.name).join(User, User.id == ApiKey.user_id).order_by(ApiKey.created_at)
        if user:
            query = query.where(User.name == user)
        return [KeyInfo(k.id, name, k.label, k.prefix, k.created_at, k.revoked_at)
                for k, name in session.execute(query).all()]  # fmt: skip


def authenticate_key(db: Database, key: str) -> Principal | None:
    """The principal a key acts as, or None (unknown or revoked key)."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    with db.read() as session:
        row = session.execute(
            select(ApiKey, User).join(User, User.id == ApiKey.user_id).where(ApiKey.key_hash == key_hash(key))
        ).first()
        if row is None:
            return None
        api_key, user = row
        if api_key.revoked_at is not None:
            return None
        return Principal(user.id, user.name, user.role, api_key.id)


def authenticate_password(db: Database, name: str, password: str) -> Principal | None:
    """The principal for a console login, or None."""
    with db.read() as session:
        user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None or not check_password(password, user.password_hash):
            return None
        return Principal(user.id, user.name, user.role)
