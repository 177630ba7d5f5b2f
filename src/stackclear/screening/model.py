"""Restricted-party list entries and snapshots: the shared vocabulary of ingestion, indexing and screening."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ListEntry:
    """One listed party as published, with everything a reviewer and the license determination need.

    ``source`` is the list's full name as published (e.g. "Entity List (EL) - Bureau of Industry and
    Security"); ``source_code`` its short code (EL, SDN, DPL, UVL, MEU, CMIC, ISN, DTC, SSI, PLC, CAP, FSE,
    NS-MBS ...). ``license_requirement`` and ``license_policy`` are kept verbatim (Entity List).
    """

    entry_id: str
    source: str
    source_code: str
    schema: str  # Person | Company | Organization | LegalEntity | Vessel | Aircraft
    name: str
    aliases: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2
    programs: list[str] = field(default_factory=list)
    dates_of_birth: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    federal_register_notice: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    remarks: str | None = None
    source_url: str | None = None
    # Aliases the publisher flags as low quality (OFAC "weak" a.k.a.s, e.g. a bare acronym), not in names().
    weak_aliases: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]
