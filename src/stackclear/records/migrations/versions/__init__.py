"""One file per schema revision: 0001 users/keys/audit, 0002 parties/cases/licenses, 0003 party index keys."""

from __future__ import annotations

from pathlib import Path

__all__ = ["VERSIONS_DIR"]

VERSIONS_DIR = Path(__file__).parent
