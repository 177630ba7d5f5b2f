"""One view of a determination, shared by the terminal, Markdown and HTML renderers.

The renderers only lay out what is here; every "why" line is a reason the engine produced (rule id and
citation included), never text invented by the report. The few things the report adds itself are labels
(quantities, country names) and the NEXT steps, which are generic guidance keyed on the verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from stackclear import __version__
from stackclear.model.package import Item, Package

VERDICT_ORDER = ("NO_LICENSE_REQUIRED", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "HOLD", "PROHIBITED")

RECORDKEEPING = "keep this report with the export records (15 CFR 762: five years)"

_EXCEPTION_STEPS = {
    "NAC": "License Exception NAC: file the advance notification and wait for BIS before shipping (15 CFR 740.8)",
    "ACA": "License Exception ACA: no notification; record the exception on the export filing (15 CFR 740.8)",
    "HBM": "License Exception HBM: check the packaging-site eligibility conditions (15 CFR 740.25)",
    "TMP": "License Exception TMP: temporary export only; the items must return (15 CFR 740.9(a)(6))",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One "why" line: the text, its citation and the rule id it rests on ("" for a plain fact), the first
    day of the rule value (``effective``), the later line that supersedes it (``overridden_by``) and whether it
    is context that decides nothing (shown only with ``--trace``)."""

    text: str
    citation: str = ""
    rule: str = ""
    effective: str = ""
    overridden_by: str = ""
    context: bool = False

    @property
    def display(self) -> str:
        """The text as reports show it: an overridden line says by what."""
        return f"{self.text} [overridden by {self.overridden_by}]" if self.overridden_by else self.text

    @property
    def source(self) -> str:
        """The citation with the effective date of the value it rests on."""
        if self.effective and self.citation:
            return f"{self.citation} · in force from {self.effective}"
        return self.citation


@dataclass(slots=True)
class ItemView:
    id: str
    label: str
    eccn: str
    verdict: str
    verdict_text: str
    reasons: list[Line] = field(default_factory=list)
    same_as: str | None = None
    caveats: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # requirements before their compliance date


@dataclass(slots=True)
class PartyView:
    name: str
    label: str
    verdict: str
    verdict_text: str
    screening: str
    hits: list[str] = field(default_factory=list)
    reasons: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class ReportView:
    header: str
    title: str
    verdict: str
    verdict_text: str
    destination: str
    as_of: str
    items: list[ItemView] = field(default_factory=list)
    parties: list[PartyView] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    rule_set: str = ""
    matcher: str = ""


def verdict_text(verdict: str, exception: str | None = None, policy: str | None = None) -> str:
    """'LICENSE REQUIRED · presumption of denial', 'LICENSE EXCEPTION NAC', 'NO LICENSE REQUIRED'."""
    text = verdict.replace("_", " ")
    if exception:
        text += f" {exception}"
    if policy:
        text += f" · {policy.replace('_', ' ')}"
    return text


def country_label(code: str | None) -> str:
    if not code:
        return "?"
    country = pycountry.countries.get(alpha_2=code)
    return f"{code} ({getattr(country, 'common_name', None) or country.name})" if country else code


def describe_list(entry: object) -> str:
    """A list snapshot as one short label ('consolidated.csv (csl-csv) 2022-05-06 sha256 80e780b9… 1,234 entries')."""
    if not isinstance(entry, Mapping):
        return str(entry)
    name = entry.get("source") or entry.get("name") or (Path(str(entry["path"])).name if entry.get("path") else "list")
    parts = [str(name) + (f" ({entry['format']})" if entry.get("format") else "")]
    for key in ("as_of", "date", "published"):
        if entry.get(key):
            parts.append(str(entry[key]))
            break
    if entry.get("sha256"):
        parts.append(f"sha256 {str(entry['sha256'])[:8]}…")
    counts = entry.get("counts")
    total = sum(int(v) for v in counts.values()) if isinstance(counts, Mapping) else entry.get("entries")
    if isinstance(total, int):
        parts.append(f"{total:,} entries")
    return " ".join(parts)


def item_label(item: Item | None, fallback: Mapping[str, Any]) -> str:
    """'1,024 × NVIDIA H100 SXM5 80GB', '128 × computer (8 × NVIDIA H100 SXM5 80GB)', '1 × model_weights'."""
    quantity = int(fallback.get("quantity") or (item.quantity if item else 1))
    if item is None:
        return f"{quantity:,} × {fallback.get('kind', 'item')}"
    what = item.catalog or item.description or item.kind.value
    if item.contains:
        inner = ", ".join(f"{c.quantity} × {c.catalog or ('HBM' if c.kind == 'hbm' else 'inline chip')}"
                          for c in item.contains)
        what = f"{item.description or item.catalog or item.kind.value} ({inner})"
    return f"{quantity:,} × {what}"


def _lines(reasons: Sequence[Mapping[str, Any]], *, trace: bool = True) -> list[Line]:
    """Reasons as lines, decisive ones first, then the overridden ones (marked), then — with ``trace`` only —
    the context lines; an exact repeat (e.g. one party in two roles) is shown once."""
    out: list[Line] = []
    for r in reasons:
        line = Line(str(r.get("text", "")), str(r.get("citation") or ""), str(r.get("rule") or ""),
                    str(r.get("effective") or ""), str(r.get("overridden_by") or ""), bool(r.get("context")))
        if line not in out and (trace or not line.context):
            out.append(line)
    return sorted(out, key=lambda line: (line.context, bool(line.overridden_by)))


def _hit(hit: Mapping[str, Any]) -> str:
    name = hit.get("name") or hit.get("matched_name") or "?"
    source = hit.get("source_code") or hit.get("source") or "list"
    score = hit.get("score")
    text = f"{source}: {name}"
    if hit.get("matched_name") and hit.get("matched_name") != name:
        text += f" (matched {hit['matched_name']!r})"
    if isinstance(score, int | float):
        text += f" · score {score:.2f}"
    if hit.get("license_policy"):
        text += f" · {hit['license_policy']}"
    return text


def _party(raw: Mapping[str, Any], package: Package) -> PartyView:
    name = str(raw.get("name", "?"))
    role = raw.get("role")
    known = next((p for p in package.parties if p.name == name and (role is None or p.role.value == role)),
                 next((p for p in package.parties if p.name == name), None))
    bits = [str(raw.get("role") or (known.role.value if known else "party")).replace("_", " ")]
    if raw.get("owned_by"):  # owners are screened too (affiliates rule): say whose owner
        bits = [f"owner of {raw['owned_by']}"]
    country = raw.get("country") or (known.country if known else None)
    if country:
        bits.append(str(country))
    if known and known.headquarters and known.headquarters != country:
        bits.append(f"HQ {known.headquarters}")
    if known and known.ultimate_parent_country:
        bits.append(f"parent {known.ultimate_parent_country}")
    hits = [h for h in raw.get("hits") or [] if isinstance(h, Mapping)]
    decision = str(raw.get("decision") or ("hit" if hits else "clear"))
    if decision == "review" and not hits:  # a fail-closed screener reviews everyone without a candidate
        decision = "unavailable"
    screening = {"clear": "no list match", "hit": "LIST MATCH", "review": "POSSIBLE MATCH — review",
                 "unavailable": "NOT SCREENED (no usable lists)"}.get(decision, decision)
    verdict = str(raw.get("verdict") or "NO_LICENSE_REQUIRED")
    shown = "no list consequence" if verdict == "NO_LICENSE_REQUIRED" else verdict_text(verdict)
    if raw.get("owned_by") and hits and verdict == "NO_LICENSE_REQUIRED":
        shown = f"listed owner: its restrictions are assessed on {raw['owned_by']}"
    return PartyView(name=name, label=", ".join(bits), verdict=verdict, verdict_text=shown,
                     screening=screening, hits=[_hit(h) for h in hits], reasons=_lines(raw.get("reasons") or []))


def next_steps(verdict: str, items: Sequence[ItemView], exceptions: Sequence[str],
               parties: Sequence[PartyView] = (), pending: Sequence[str] = ()) -> list[str]:
    """Generic guidance keyed on the verdict (not a determination; the reasons above are). A HOLD names its
    cause: items held for an analysis (their ``cond`` lines) and/or parties not cleared by screening;
    ``pending`` (compliance dates of requirements not yet applied) adds a step naming the dates."""
    steps: list[str] = []
    if verdict == "PROHIBITED":
        steps.append("do not ship: a denied or blocked party or an embargo applies; escalate to counsel")
    elif verdict == "HOLD":
        held = [i.id for i in items if i.verdict == "HOLD"]
        if held:
            steps.append(f"do not ship {', '.join(held)} yet: settle the conditions listed under "
                         f"{'it' if len(held) == 1 else 'each'} (e.g. the foreign direct product analysis), "
                         "then evaluate again")
        if not held or any(p.verdict == "HOLD" for p in parties):
            steps.append("do not ship yet: resolve each possible list match (addresses, identifiers) or refresh "
                         "the lists (stackclear lists update), then evaluate again")
    if pending and verdict != "PROHIBITED":
        ids = ", ".join(i.id for i in items if i.pending)
        steps.append(f"pending requirements for {ids} apply from {', '.join(pending)} (compliance date): "
                     "evaluate again for shipments on or after that date")
    if any(i.verdict == "LICENSE_REQUIRED" for i in items) and verdict != "PROHIBITED":
        ids = ", ".join(i.id for i in items if i.verdict == "LICENSE_REQUIRED")
        steps.append(f"apply for a BIS license (SNAP-R) for {ids}, or restructure the transaction")
    for code in exceptions:
        steps.append(_EXCEPTION_STEPS.get(code, f"License Exception {code}: check its conditions in 15 CFR 740"))
    if verdict == "NO_LICENSE_REQUIRED":
        steps.append("no license needed on this date for these parties; re-screen parties before each shipment")
    steps.append(RECORDKEEPING)
    return steps


def build_view(
    determination: Mapping[str, Any], package: Package, *, notes: Sequence[str] = (), version: str = __version__,
    trace: bool = False,
) -> ReportView:
    """The report of ``determination`` (the ``evaluate --json`` dict) for ``package``; ``trace`` adds the
    context lines (country groups the destination is not in, ...) that decide nothing."""
    by_id = {i.id: i for i in package.items}
    items: list[ItemView] = []
    seen: dict[tuple[Line, ...], str] = {}
    for raw in determination.get("items") or []:
        ident = str(raw.get("id"))
        reasons = _lines(raw.get("reasons") or [], trace=trace)
        eccn = str(raw.get("eccn") or "?")
        if raw.get("paragraph") and not eccn.endswith(str(raw["paragraph"])) and eccn not in {"EAR99"}:
            eccn = f"{eccn} ({raw['paragraph']})"
        view = ItemView(
            id=ident, label=item_label(by_id.get(ident), raw), eccn=eccn, verdict=str(raw.get("verdict")),
            verdict_text=verdict_text(str(raw.get("verdict")), raw.get("license_exception"),
                                      raw.get("review_policy")),
            reasons=reasons, caveats=[str(c) for c in raw.get("caveats") or []],
            conditions=[str(c) for c in raw.get("conditions") or []],
            pending=[f"{p.get('text')}: compliance required from {p.get('compliance')} (in force since "
                     f"{p.get('effective')}; {p.get('citation')})" for p in raw.get("pending") or []],
        )
        key = tuple(reasons)
        if reasons and key in seen:
            view.same_as = seen[key]
        else:
            seen.setdefault(key, ident)
        items.append(view)
    parties = [_party(p, package) for p in determination.get("parties") or [] if isinstance(p, Mapping)]
    caveats: list[str] = []
    for text in [*(determination.get("caveats") or []), *notes]:
        if str(text) not in caveats:
            caveats.append(str(text))
    for view in items:  # an item note already in the package caveats is shown once, there
        view.caveats = [c for c in view.caveats if c not in caveats]
    verdict = str(determination.get("verdict"))
    exceptions = sorted({str(i["license_exception"]) for i in determination.get("items") or []
                         if i.get("license_exception")})
    pending_dates = sorted({str(p.get("compliance")) for i in determination.get("items") or []
                            for p in i.get("pending") or [] if isinstance(p, Mapping) and p.get("compliance")})
    lists = [describe_list(x) for x in determination.get("lists") or []]
    rule_set = str(determination.get("rule_set") or "?")
    matcher = str(determination.get("matcher") or "none")
    as_of = str(determination.get("as_of") or (package.date.isoformat() if package.date else "?"))
    header = (f"stackclear {version} · rules {rule_set} (as of {as_of}) · lists: "
              f"{'; '.join(lists) if lists else 'none'} · matcher {matcher}")
    destination = str(determination.get("destination") or package.destination)
    export_from = str(determination.get("export_from") or package.export_from)
    return ReportView(
        header=header, title=str(determination.get("name") or package.name), verdict=verdict,
        verdict_text=verdict_text(verdict), as_of=as_of,
        destination=f"destination {country_label(destination)} · export from {country_label(export_from)}",
        items=items, parties=parties, caveats=caveats,
        next_steps=next_steps(verdict, items, exceptions, parties, pending_dates),
        lists=lists, rule_set=rule_set, matcher=matcher,
    )
