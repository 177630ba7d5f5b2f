"""Errors of the records layer; each message is complete and user-facing (the CLI prints it as is)."""

from __future__ import annotations

from stackclear.errors import StackclearError


class RecordsError(StackclearError):
    """Bad input to the records store: unknown id, invalid value, refused operation (exit 2 in the CLI)."""


class NotFoundError(RecordsError):
    """No case, party, license, user or key with that id."""


class ConflictError(RecordsError):
    """Someone else changed the record between our read and our write (optimistic concurrency): exit 1."""

    exit_code = 1
    cli_prefix = "conflict: "


class SchemaError(RecordsError):
    """The database schema is not the one this code needs: run ``stackclear db upgrade``."""


class LicenseRefused(RecordsError):
    """A draw against a license was refused (over-use, expiry, wrong destination, party or ECCN)."""
