"""Users, roles and API keys (the API layer authenticates with these)."""

from __future__ import annotations

import pytest

from stackclear.records import Database, NotFoundError, RecordsError, audit, users


def test_users_and_keys(db: Database) -> None:
    alice = users.create_user(db, "alice", "reviewer", actor="root")
    assert alice.role == "reviewer" and not alice.has_password
    with pytest.raises(RecordsError, match="already exists"):
        users.create_user(db, "alice", "viewer", actor="root")
    with pytest.raises(RecordsError, match="role"):
        users.create_user(db, "bob", "superuser", actor="root")
    key_id, key = users.create_key(db, "alice", label="ci", actor="root")
    assert key.startswith("sck_") and len(key) > 40
    principal = users.authenticate_key(db, key)
    assert principal is not None and principal.name == "alice" and principal.role == "reviewer"
    assert principal.key_id == key_id and principal.can("screener") and not principal.can("admin")
    assert users.authenticate_key(db, key + "x") is None
    assert users.authenticate_key(db, "") is None
    # only the hash is stored
    with db.read() as session:
        from stackclear.records.models import ApiKey

        stored = session.get(ApiKey, key_id)
        assert stored is not None and key not in (stored.key_hash, stored.prefix) and stored.prefix == key[:12]
    info = users.revoke_key(db, key_id, actor="root")
    assert info.revoked_at is not None
    assert users.authenticate_key(db, key) is None
    with pytest.raises(NotFoundError):
        users.revoke_key(db, "nope", actor="root")
    with pytest.raises(NotFoundError):
        users.create_key(db, "nobody", actor="root")
    kinds = [r["kind"] for r in audit.records(db)]
    assert kinds == ["user.add", "key.create", "key.revoke"]
    assert all(r["actor"] == "root" for r in audit.records(db))
    assert key not in str(audit.records(db))  # the plaintext key never reaches the chain
    assert audit.verify(db).ok


def test_passwords(db: Database) -> None:
    users.create_user(db, "carol", "admin", actor="root", password="s3cret")
    assert users.authenticate_password(db, "carol", "s3cret") is not None
    assert users.authenticate_password(db, "carol", "wrong") is None
    assert users.authenticate_password(db, "nobody", "s3cret") is None
    assert "s3cret" not in str(audit.records(db))
