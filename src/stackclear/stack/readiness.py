"""Is a full-stack package complete and clean enough to propose to the American AI Exports Program (EO 14320)?

Each finding is a **blocker** (the package is not ready) or a **to-do** (work left that does not block), with
the citation of the rule value that asks for it (``program.american_ai_exports.*`` for the order's parts, the
EAR rule values for the clearance). Checked, in order:

1. the program is declared (to-do otherwise);
2. every part A-E is filled by some line (``program_layer``, else derived from ``layer``); lines whose layer
   gives no part (software, services) are a to-do;
3. the hardware part has a US-content statement (package ``us_content``, or one on every part-A line);
4. the business and delivery model names a builder, an owner and an operator (party roles);
5. targets are given (countries, groups or blocs, expanded as of the date);
6. every party and owner was screened, with no unresolved (possible) match and no list hit;
7. every line is classified by stackclear or declares its ECCN;
8. the destination matrix over the targets has no PROHIBITED or HOLD row or cell (license requirements and
   exceptions are to-dos: apply, notify);
9. the security part declares the measures the rules condition on for the targets (``security_*`` values;
   those behind a policy switch that is off on the date are a to-do, not a blocker).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stackclear.catalog import Catalog
from stackclear.determine.screening import ScreenerLike
from stackclear.errors import PackageError
from stackclear.model.determination import Verdict
from stackclear.model.package import Package, ProgramLayer
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet, RuleValue
from stackclear.stack.destinations import DestinationError, expand
from stackclear.stack.matrix import Matrix, build_matrix

NS = "program.american_ai_exports"
GROUPS_NS = "country_groups.groups"
LAYERS = tuple(layer.value for layer in ProgramLayer)
CLASSIFIED_KINDS = {"chip", "computer", "hbm", "model_weights"}
SCREEN_PROBLEMS = {"unavailable": "party.unscreened", "review": "party.unresolved", "hit": "party.hit"}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    citation: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"code": self.code, "message": self.message}
        if self.citation:
            out["citation"] = self.citation
        return out


@dataclass(slots=True)
class Readiness:
    name: str
    as_of: dt.date
    layers: dict[str, list[str]]
    targets: list[str]
    blockers: list[Finding] = field(default_factory=list)
    todo: list[Finding] = field(default_factory=list)
    matrix: Matrix | None = None
    caveats: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blockers

    def to_dict(self) -> dict[str, Any]:
        """The ``readiness --json`` contract (DESIGN.md) plus ``as_of``, ``targets`` and the matrix rows."""
        out: dict[str, Any] = {
            "ready": self.ready, "name": self.name, "as_of": self.as_of.isoformat(),
            "layers": {k: list(v) for k, v in self.layers.items()}, "targets": list(self.targets),
            "blockers": [f.to_dict() for f in self.blockers], "todo": [f.to_dict() for f in self.todo],
            "caveats": list(self.caveats),
        }
        if self.matrix is not None:
            out["matrix"] = self.matrix.to_dict()
        return out


class _Check:
    def __init__(self, package: Package, as_of: dt.date, rules: RuleSet) -> None:
        self.package = package
        self.as_of = as_of
        self.rules = rules
        self.out = Readiness(package.name, as_of, {k: [] for k in LAYERS}, [])
        self.unverified: dict[str, RuleValue] = {}

    def rule(self, name: str) -> RuleValue | None:
        found = self.rules.entry(f"{NS}.{name}", self.as_of)
        if found is not None and not found.verified:
            self.unverified[found.rule_id] = found
        return found

    def cite(self, name: str) -> str | None:
        found = self.rule(name)
        return None if found is None else found.citation

    def block(self, code: str, message: str, citation: str | None) -> None:
        self.out.blockers.append(Finding(code, message, citation))

    def todo(self, code: str, message: str, citation: str | None = None) -> None:
        self.out.todo.append(Finding(code, message, citation))


def check_readiness(package: Package, as_of: dt.date, *, screener: ScreenerLike | None,
                    policy: Mapping[str, object] | None = None, rules: RuleSet | None = None,
                    catalog: Catalog | None = None, source: str = "<package>") -> Readiness:
    """Check ``package`` for the program on ``as_of`` (see the module docstring). Raises PackageError for a
    target that names no country, group or bloc."""
    rules = rules or default_rules()
    check = _Check(package, as_of, rules)
    out = check.out
    if package.program is None:
        check.todo("program.undeclared", "the package does not say it is proposed under the American AI Exports "
                   "Program (program: american_ai_exports)", check.cite("layers"))
    _layers(check)
    _us_content(check)
    _roles(check)
    destinations = _targets(check, source)
    _classified(check)
    if destinations:
        matrix = build_matrix(package, destinations, as_of, screener=screener, policy=policy, rules=rules,
                              catalog=catalog, source=source)
        out.matrix = matrix
        _parties(check, matrix)
        _cells(check, matrix)
        _security(check, [d.code for d in destinations], policy)
    else:
        matrix = build_matrix(package, expand([package.destination], as_of, rules), as_of, screener=screener,
                              policy=policy, rules=rules, catalog=catalog, source=source)
        _parties(check, matrix)
    out.caveats = [f"{v.rule_id} is unverified ({v.citation})" + (f": {v.note}" if v.note else "")
                   for v in check.unverified.values()]
    return out


def _layers(check: _Check) -> None:
    spec = check.rule("layers")
    raw = _written(spec) if spec is not None else None
    parts: Mapping[str, object] = raw if isinstance(raw, Mapping) else {}
    for item in check.package.items:
        part = item.program_part
        if part is None:
            check.todo("layer.unassigned", f"line {item.id!r} (layer {item.layer.value}) fills no program part: set "
                       "program_layer: A-E", spec.citation if spec else None)
            continue
        check.out.layers[part.value].append(item.id)
    for layer in LAYERS:
        if not check.out.layers[layer]:
            info = parts.get(layer) if isinstance(parts.get(layer), Mapping) else {}
            title = str(info.get("title", layer)) if isinstance(info, Mapping) else layer
            cite = str(info.get("citation")) if isinstance(info, Mapping) and info.get("citation") else None
            check.block(f"layer.missing.{layer}", f"no line fills part {layer} ({title})", cite)


def _us_content(check: _Check) -> None:
    package = check.package
    hardware = [i for i in package.items if i.program_part is ProgramLayer.A]
    if package.us_content is not None:
        return
    missing = [i.id for i in hardware if i.us_content is None]
    if not hardware or missing:
        where = f" (lines without one: {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''})" if missing else ""
        check.block("us_content.missing", "no statement of how much of the hardware part is manufactured in the "
                    f"United States (us_content: {{share, basis}}){where}", check.cite("us_content"))


def _roles(check: _Check) -> None:
    spec = check.rule("roles")
    raw = _written(spec) if spec is not None else None
    wanted = [str(r) for r in raw] if isinstance(raw, list | tuple) else []
    present = {p.role.value for p in check.package.parties}
    for role in wanted:
        if role not in present:
            check.block(f"role.missing.{role}", f"the business and delivery model names no {role} "
                        f"(a party with role: {role})", spec.citation if spec else None)


def _targets(check: _Check, source: str) -> list[Any]:
    package = check.package
    if not package.targets:
        check.block("targets.missing", "no target countries or blocs (targets: [...])", check.cite("targets"))
        return []
    out = []
    seen: set[str] = set()
    for index, token in enumerate(package.targets):
        try:
            found = expand([token], check.as_of, check.rules)
        except DestinationError as exc:
            raise PackageError(source, f"targets[{index}]", str(exc)) from None
        for dest in found:
            if dest.code not in seen:
                seen.add(dest.code)
                out.append(dest)
    check.out.targets = [d.code for d in out]
    return out


def _classified(check: _Check) -> None:
    spec = check.rule("export_controls")
    raw = _written(spec) if spec is not None else None
    value: Mapping[str, object] = raw if isinstance(raw, Mapping) else {}
    cite = str(value.get("classification", spec.citation if spec else ""))
    for item in check.package.items:
        if item.kind.value not in CLASSIFIED_KINDS and item.eccn is None:
            check.block("eccn.undeclared", f"line {item.id!r} ({item.kind.value}) is not classified by stackclear and "
                        "declares no ECCN (eccn: ..., EAR99 included)", cite or None)


def _parties(check: _Check, matrix: Matrix) -> None:
    spec = check.rule("export_controls")
    raw = _written(spec) if spec is not None else None
    value: Mapping[str, object] = raw if isinstance(raw, Mapping) else {}
    fallback = str(value.get("screening", "")) or None
    if not check.package.parties:
        check.block("party.none", "no parties to screen (the builder, owner, operator and end user at least)",
                    fallback)
        return
    row = matrix.rows[0]
    for party in row.parties:
        code = SCREEN_PROBLEMS.get(party.decision)
        if code is None:
            continue
        if code == "party.hit" and not _export_consequence(check, party.hits):
            reason = party.reasons[0] if party.reasons else None
            check.todo("party.listed", f"{party.role} {party.name!r} is on a list with no export consequence "
                       f"({', '.join(str(h.get('source_code')) for h in party.hits[:3])}): check the outbound-"
                       "investment and end-user policies the program also requires",
                       reason.citation if reason and reason.citation else fallback)
            continue
        who = f"{party.role} {party.name!r}" + (f" (owner of {party.owned_by})" if party.owned_by else "")
        reason = party.reasons[0] if party.reasons else None
        if code == "party.hit":
            names = ", ".join(f"{h.get('matched_name')} ({h.get('source_code')})" for h in party.hits[:3])
            message = f"{who} matches a restricted-party list: {names}"
        elif code == "party.unresolved":
            message = f"{who} has an unresolved possible match: {reason.text if reason else 'review'}"
        else:
            message = f"{who} was not screened: {reason.text if reason else 'no lists'}"
        check.block(code, message, (reason.citation if reason and reason.citation else None) or fallback)


def _export_consequence(check: _Check, hits: list[dict[str, object]]) -> bool:
    """Whether any matched list carries an export consequence (``lists.consequences.<code>`` verdict not NONE)."""
    for hit in hits:
        rid = f"lists.consequences.{str(hit.get('source_code') or 'unknown').upper()}"
        found = check.rules.entry(rid if rid in check.rules else "lists.consequences.unknown", check.as_of)
        value = _written(found) if found is not None else None
        verdict = value.get("verdict") if isinstance(value, Mapping) else "HOLD"
        if verdict != "NONE":
            return True
    return False


def _cells(check: _Check, matrix: Matrix) -> None:
    for row in matrix.rows:
        dest = row.destination.code
        bad: dict[tuple[Verdict, str, str], list[str]] = {}
        for ident, cell in zip(matrix.item_ids, row.cells, strict=True):
            if cell.verdict in (Verdict.PROHIBITED, Verdict.HOLD):
                why = cell.reason.text if cell.reason else cell.verdict.value
                cite = cell.reason.citation if cell.reason and cell.reason.citation else ""
                bad.setdefault((cell.verdict, why, cite), []).append(ident)
        for (verdict, why, cite), ids in bad.items():
            shown = ", ".join(repr(i) for i in ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
            check.block(f"target.{verdict.value.lower()}", f"{dest}: {verdict.value} for line(s) {shown} — {why}",
                        cite or None)
        if not bad and row.verdict in (Verdict.PROHIBITED, Verdict.HOLD):
            why = row.reason.text if row.reason else row.verdict.value
            check.block(f"target.{row.verdict.value.lower()}", f"the package to {dest}: {row.verdict.value} (a party) "
                        f"— {why}", row.reason.citation if row.reason and row.reason.citation else None)
        needs: dict[str, list[str]] = {}
        cites: dict[str, str] = {}
        for ident, cell in zip(matrix.item_ids, row.cells, strict=True):
            if cell.verdict is Verdict.LICENSE_REQUIRED:
                label = "license required" + (f", {cell.review_policy.value.replace('_', ' ')}"
                                              if cell.review_policy else "")
            elif cell.verdict is Verdict.LICENSE_EXCEPTION:
                label = f"License Exception {cell.license_exception}"
            else:
                continue
            needs.setdefault(label, []).append(ident)
            if cell.reason is not None and cell.reason.citation:
                cites.setdefault(label, cell.reason.citation)
        for label, ids in needs.items():
            code = "target.license" if label.startswith("license") else "target.exception"
            check.todo(code, f"{dest}: {label} for {', '.join(ids[:6])}{' …' if len(ids) > 6 else ''}",
                       cites.get(label))


def _written(rv: RuleValue) -> object:
    """A rule value as the YAML wrote it (plain mappings and lists, whatever typed form the loader keeps)."""
    return getattr(rv, "written", rv.value)


def _members(check: _Check, group: str) -> list[str]:
    rv = check.rules.entry(f"{GROUPS_NS}.{group}", check.as_of)
    raw = _written(rv) if rv is not None else []
    return [str(c) for c in raw] if isinstance(raw, list | tuple) else []


def _inside(check: _Check, scope: object, country: str) -> bool:
    """``country`` in a scope of the rule-data vocabulary (worldwide / countries / groups less minus_groups,
    except_countries), Country Groups read on the date."""
    if not isinstance(scope, Mapping):
        return False
    if country in (scope.get("except_countries") or []):
        return False
    if scope.get("worldwide") or country in (scope.get("countries") or []):
        return True
    if not any(country in _members(check, str(g)) for g in scope.get("groups") or []):
        return False
    return not any(country in _members(check, str(g)) for g in scope.get("minus_groups") or [])


def _switch_on(check: _Check, name: str, overrides: Mapping[str, object]) -> bool:
    if name in overrides:
        raw = overrides[name]
        return raw.strip().lower() in {"1", "true", "yes", "on", "y"} if isinstance(raw, str) else bool(raw)
    rv = check.rules.entry(f"policy.{name}", check.as_of)
    return bool(_written(rv)) if rv is not None else False


def _security(check: _Check, targets: list[str], policy: Mapping[str, object] | None) -> None:
    declared = {m.strip().lower() for item in check.package.items if item.program_part is ProgramLayer.D
                for m in item.measures}
    if check.out.layers["D"] and not declared:
        check.todo("security.undeclared", "the security part declares no measures (measures: [...] on its lines)",
                   check.cite("layers"))
    overrides = {**check.package.policy, **(policy or {})}
    for rule in check.rules.namespace(NS):
        name = rule.rule_id.removeprefix(NS + ".")
        if not name.startswith("security_"):
            continue
        rv = check.rule(name)
        value = _written(rv) if rv is not None else None
        if rv is None or not isinstance(value, Mapping):
            continue
        raw_measures = value.get("measures")
        measures: Mapping[str, object] = raw_measures if isinstance(raw_measures, Mapping) else {}
        inside = [t for t in targets if _inside(check, value.get("scope"), t)]
        if not inside:
            continue
        label = name.removeprefix("security_")
        scope = value.get("scope")
        switch = str((scope.get("switch") if isinstance(scope, Mapping) else None) or "")
        if switch and not _switch_on(check, switch, overrides):
            missing = [str(k) for k in measures if str(k).lower() not in declared]
            if missing:
                check.todo(f"security.{label}.dormant",
                           f"{', '.join(inside[:6])}: {rule.description.strip()} — not in force on {check.as_of} "
                           f"(policy {switch} is off); would require {', '.join(missing)}", rv.citation)
            continue
        for key, text in measures.items():
            if str(key).lower() not in declared:
                check.block(f"security.{label}.{key}",
                            f"targets {', '.join(inside[:6])}: the security part does not declare {key} ({text})",
                            rv.citation)
