"""Where a party is headquartered, or has its ultimate parent (the headquartered rule, § 742.6(a)(6)(iii)(A))."""

from __future__ import annotations

from collections.abc import Sequence

from stackclear.model.package import Owner, Party


def headquarters_of(party: Party) -> list[tuple[str, str]]:
    """Countries where a party is headquartered or has its ultimate parent, each with how it was found.

    The ultimate parent is ``ultimate_parent_country`` when given, else the top of the chain of majority
    (> 50%) owners. With no headquarters information at all, the party's location stands in for it (fail
    closed: the headquartered rule must not be escaped by leaving the field out).
    """
    out: list[tuple[str, str]] = []
    if party.headquarters:
        out.append((party.headquarters, f"headquartered in {party.headquarters}"))
    if party.ultimate_parent_country:
        out.append((party.ultimate_parent_country, f"ultimate parent in {party.ultimate_parent_country}"))
        return out
    chain: Sequence[Owner] = party.owners
    parent: str | None = None
    path: list[str] = []
    while chain:
        majority = next((o for o in chain if o.share > 0.5), None)
        if majority is None:
            break
        path.append(majority.name)
        parent = majority.headquarters or majority.country or parent
        chain = majority.owners
    if parent is not None:
        out.append((parent, f"ultimate parent {path[-1]!r} in {parent} (majority chain: {' → '.join(path)})"))
    if not out and party.country:
        out.append((party.country, f"located in {party.country} (headquarters not given: assumed there)"))
    return out
