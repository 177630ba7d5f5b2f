"""Destination lists for the matrix and for a package's ``targets:``: ISO codes, Country Groups, named blocs, ``all``.

A token is one of
- an ISO 3166-1 alpha-2 code (``AE``; ``XK`` Kosovo as on the US lists),
- a Country Group of 15 CFR 740 Supp. 1 as of the date (``A:5``, ``D:5``, also written ``A5``), read from
  ``country_groups.groups.<name>``,
- a named bloc as of the date (``EU``, ``GCC``, ``ASEAN``, ``NATO``, ``Five Eyes`` ...), read from
  ``country_groups.blocs.<NAME>`` (case-insensitive; spaces and dashes read as ``_``),
- ``all``: every ISO 3166-1 country (pycountry).

Memberships are dated rule values: the expansion records the values it read (with their citations), so a
matrix row can say why a country is in it, and the UAE is in A:5 on 2026-08-01 but not on 2026-06-01.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pycountry

from stackclear.errors import StackclearError
from stackclear.rules.ruleset import RuleSet, RuleValue

GROUPS_NS = "country_groups.groups"
BLOCS_NS = "country_groups.blocs"
EXTRA_CODES = {"XK": "Kosovo"}
_GROUP_RE = re.compile(r"^([A-Za-z]):?([0-9])$")


class DestinationError(StackclearError):
    """An unknown destination token, or a group/bloc with no membership data on the date."""


@dataclass(slots=True)
class Destination:
    """One country after expansion, with the tokens that named it and the rule values that put it there."""

    code: str
    name: str
    via: list[str] = field(default_factory=list)
    sources: list[RuleValue] = field(default_factory=list)


def country_name(code: str) -> str:
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    found = pycountry.countries.get(alpha_2=code)
    return getattr(found, "common_name", None) or (found.name if found is not None else code)


def all_countries() -> list[str]:
    """Every ISO 3166-1 alpha-2 code, sorted."""
    return sorted(c.alpha_2 for c in pycountry.countries)


def bloc_names(rules: RuleSet) -> list[str]:
    return [r.rule_id.removeprefix(BLOCS_NS + ".") for r in rules.namespace(BLOCS_NS)]


def split_tokens(raw: str | Sequence[str]) -> list[str]:
    """``"AE, GCC,A:5"`` (or a list of such strings) → ``["AE", "GCC", "A:5"]``; empty parts are dropped."""
    parts = [raw] if isinstance(raw, str) else list(raw)
    return [t.strip() for part in parts for t in part.split(",") if t.strip()]


def _members(rules: RuleSet, rule_id: str, as_of: dt.date, label: str) -> tuple[list[str], RuleValue]:
    rule = rules.rule(rule_id)
    found = rules.entry(rule_id, as_of)
    if found is None or not isinstance(found.value, list | tuple):
        first = rule.values[0].effective if rule.values else None
        raise DestinationError(f"{label}: no membership data in force on {as_of}"
                               + (f" (the rule data starts {first})" if first else ""))
    return sorted(str(c) for c in found.value), found


def resolve_token(token: str, as_of: dt.date, rules: RuleSet) -> tuple[list[str], RuleValue | None]:
    """One token → its countries on ``as_of`` and the rule value that says so (None for ISO codes and ``all``)."""
    text = token.strip()
    if text.lower() == "all":
        return all_countries(), None
    group = _GROUP_RE.match(text)
    if group is not None:
        name = f"{group.group(1).upper()}{group.group(2)}"
        rid = f"{GROUPS_NS}.{name}"
        if rid not in rules:
            known = ", ".join(f"{r.rule_id[-2]}:{r.rule_id[-1]}" for r in rules.namespace(GROUPS_NS))
            raise DestinationError(f"unknown country group {token!r}; expected one of {known}")
        return _members(rules, rid, as_of, f"Country Group {name[0]}:{name[1]}")
    upper = text.upper()
    if len(upper) == 2 and upper.isalpha():
        if upper in EXTRA_CODES or pycountry.countries.get(alpha_2=upper) is not None:
            return [upper], None
    bloc = re.sub(r"[\s\-]+", "_", upper)
    rid = f"{BLOCS_NS}.{bloc}"
    if rid in rules:
        return _members(rules, rid, as_of, f"bloc {bloc}")
    raise DestinationError(
        f"unknown destination {token!r}; expected an ISO 3166-1 alpha-2 code (e.g. AE), a Country Group (A:1, A:5, "
        f"A:6, D:1, D:3, D:4, D:5, E:1, E:2), a bloc ({', '.join(bloc_names(rules))}) or 'all'")


def expand(tokens: Iterable[str], as_of: dt.date, rules: RuleSet) -> list[Destination]:
    """Expand tokens to one :class:`Destination` per country, in first-named order, each country once."""
    out: dict[str, Destination] = {}
    names = list(tokens)
    if not names:
        raise DestinationError("no destinations given; expected ISO codes, groups (A:5), blocs (GCC) or 'all'")
    for token in names:
        codes, source = resolve_token(token, as_of, rules)
        for code in codes:
            dest = out.get(code)
            if dest is None:
                dest = out[code] = Destination(code, country_name(code))
            dest.via.append(token.strip())
            if source is not None and source not in dest.sources:
                dest.sources.append(source)
    return list(out.values())
