"""The destination matrix: where can this exact stack go on a date, and under what.

One row per destination, one cell per package line: the verdict, the license exception or review policy, and
the decisive reason (the finding that set the verdict, with its citation). The work is split the way the
engine allows (:func:`stackclear.determine.prepare` / :func:`stackclear.determine.destination_stages`):

- classification runs once per distinct line and date (``prepare``);
- party screening runs once per distinct party for the whole matrix (a memoizing screener);
- per destination only the rule stages run, once per distinct classification, and every line takes the
  result of its classification's stage — exactly what ``determine`` gives for that destination alone
  (tests compare every cell with the engine's own determination);
- countries no rule value names (see :meth:`MatrixEngine.mentioned`) can only meet "not in ..." tests: they
  share one computation per date, made for the unassigned code ``QZ``, with the code renamed in the reasons.

``since``: the dates in ``(since, as_of]`` on which a cell changed. The engine's rule lookups for one
destination are recorded (found values *and* misses, so a rule that was in force only in between is not
missed); every result is constant from the latest start of those lookups' validity to ``as_of``. The matrix
steps back to the day before that start, evaluates again and compares — so it evaluates once per rule-value
boundary the determination actually depends on, never day by day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stackclear.catalog import Catalog
from stackclear.determine.acc import ItemAcc, Requirement, combine
from stackclear.determine.engine import (
    Prepared,
    coarse_key,
    destination_stages,
    line_temporary,
    prepare,
    screen_parties,
)
from stackclear.determine.facts import PackageFacts
from stackclear.determine.items import ItemFacts
from stackclear.determine.parties import PartiesOutcome
from stackclear.determine.screening import ScreenerLike, ScreenResultLike
from stackclear.model.determination import PartyDetermination, ReviewPolicy, Verdict, strictest
from stackclear.model.package import Item, Package
from stackclear.reasons import Reason
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet, RuleValue
from stackclear.rules.trace import Trace
from stackclear.stack.destinations import Destination, country_name

CellKey = tuple[Verdict, str | None, ReviewPolicy | None]

# Which rules state the requirement a source names (the decisive reason of a LICENSE_REQUIRED line).
_SOURCE_RULES: dict[str, tuple[str, ...]] = {
    "destination": ("license.scope.ab", "license.scope.b_named", "license.scope.c"),
    "headquartered": ("license.scope.headquartered",),
    "diffusion": ("license.scope.a_worldwide", "license.scope.model_weights"),
    "embargo.syria": ("embargo.destinations.syria_2025",),
    "embargo.russia_belarus": ("embargo.destinations.russia_belarus",),
    "overlay.oct2023": ("overlays.",),
    "overlay.h20": ("overlays.",),
}
_EXCEPTION_RULES = {"NAC": "license.exceptions.nac", "ACA": "license.exceptions.aca", "HBM": "license.exceptions.hbm",
                    "TMP": "license.exceptions.tmp", "LPP": "license.exceptions.lpp", "AIA": "license.exceptions.aia",
                    "SPP": "license.exceptions.spp_syria"}
_NLR_PREFIXES = ("license.", "embargo.", "overlays.", "end_use.")


@dataclass(frozen=True, slots=True)
class Cell:
    """One line to one destination: what it needs and the finding that decided it."""

    verdict: Verdict
    license_exception: str | None = None
    review_policy: ReviewPolicy | None = None
    reason: Reason | None = None

    @property
    def key(self) -> CellKey:
        return (self.verdict, self.license_exception, self.review_policy)

    def label(self) -> str:
        extra = self.license_exception or (self.review_policy.value if self.review_policy else None)
        return f"{self.verdict.value} ({extra})" if extra else self.verdict.value


@dataclass(frozen=True, slots=True)
class Change:
    """A cell's value changed on ``date`` (the first day of the new value)."""

    date: dt.date
    before: CellKey
    after: CellKey

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "from": _key_dict(self.before), "to": _key_dict(self.after)}


def _key_dict(key: CellKey) -> dict[str, object]:
    out: dict[str, object] = {"verdict": key[0].value}
    if key[1] is not None:
        out["license_exception"] = key[1]
    if key[2] is not None:
        out["review_policy"] = key[2].value
    return out


@dataclass(slots=True)
class Row:
    """One destination: the package verdict (strictest line or party), its reason, and one cell per line."""

    destination: Destination
    verdict: Verdict
    reason: Reason | None
    cells: list[Cell]
    parties_verdict: Verdict
    # Party and owner outcomes (screening decision, hits, reasons). Shared by the rows of destinations where
    # the same parties are located: their ``verdict`` is not this row's; ``party_verdicts`` is.
    parties: list[PartyDetermination] = field(default_factory=list)
    party_verdicts: list[Verdict] = field(default_factory=list)
    changes: list[Change] | None = None
    cell_changes: dict[int, list[Change]] = field(default_factory=dict)


@dataclass(slots=True)
class Matrix:
    name: str
    as_of: dt.date
    since: dt.date | None
    rule_set: str
    item_ids: list[str]
    rows: list[Row]
    lists: list[object] = field(default_factory=list)
    matcher: str | None = None
    screened: int = 0
    caveats: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The ``matrix --json`` contract (DESIGN.md) plus extras (names, reasons, ``changes`` with ``since``)."""
        rows = []
        for row in self.rows:
            items: list[dict[str, object]] = []
            for index, (ident, cell) in enumerate(zip(self.item_ids, row.cells, strict=True)):
                entry: dict[str, object] = {"id": ident, "verdict": cell.verdict.value}
                if cell.license_exception is not None:
                    entry["license_exception"] = cell.license_exception
                if cell.review_policy is not None:
                    entry["review_policy"] = cell.review_policy.value
                if cell.reason is not None:
                    entry["reason"] = cell.reason.to_dict()
                if self.since is not None:
                    entry["changes"] = [c.to_dict() for c in row.cell_changes.get(index, [])]
                items.append(entry)
            out: dict[str, object] = {
                "destination": row.destination.code, "name": row.destination.name, "via": list(row.destination.via),
                "verdict": row.verdict.value, "parties_verdict": row.parties_verdict.value, "items": items,
                "groups": [{"rule": v.rule_id, "citation": v.citation, "effective": v.effective.isoformat()}
                           for v in row.destination.sources],
            }
            if row.reason is not None:
                out["reason"] = row.reason.to_dict()
            if self.since is not None:
                out["changes"] = [c.to_dict() for c in row.changes or []]
            rows.append(out)
        result: dict[str, Any] = {"name": self.name, "as_of": self.as_of.isoformat(), "rule_set": self.rule_set,
                                  "rows": rows, "lists": list(self.lists), "matcher": self.matcher,
                                  "caveats": list(self.caveats)}
        if self.since is not None:
            result["since"] = self.since.isoformat()
        return result


NEUTRAL = "QZ"  # an ISO 3166-1 user-assigned code: no country, named by no rule value
_NEUTRAL_RE = re.compile(r"\bQZ\b")
_CODE_RE = re.compile(r"\b[A-Z]{2}\b")
_NOT_ENGINE = ("country_groups.blocs.", "program.")


def _codes(value: object) -> set[str]:
    """Two-letter upper-case tokens anywhere in a rule value as written (keys, lists, texts)."""
    out: set[str] = set()
    if isinstance(value, str):
        out.update(_CODE_RE.findall(value))
    elif isinstance(value, Mapping):
        for key, part in value.items():
            out.update(_codes(key))
            out.update(_codes(part))
    elif isinstance(value, list | tuple | set | frozenset):
        for part in value:
            out.update(_codes(part))
    return out


def _party_codes(who: Any) -> set[str]:
    out = {c for c in (getattr(who, "country", None), getattr(who, "headquarters", None),
                       getattr(who, "ultimate_parent_country", None)) if c}
    for owner in getattr(who, "owners", None) or []:
        out.update(_party_codes(owner))
    return out


def _renamed(reason: Reason | None, code: str) -> Reason | None:
    if reason is None or NEUTRAL not in reason.text:
        return reason
    out = Reason(reason.rule, reason.citation, _NEUTRAL_RE.sub(code, reason.text), effective=reason.effective,
                 context=reason.context, policy=reason.policy, exception=reason.exception)
    out.overridden_by = reason.overridden_by
    return out


class MemoScreener:
    """Screens each distinct party once for the whole matrix (every destination and date reuses the result)."""

    def __init__(self, inner: ScreenerLike) -> None:
        self.inner = inner
        self.calls = 0
        self._cache: dict[Hashable, ScreenResultLike] = {}

    def screen(self, query: Any) -> ScreenResultLike:
        key = (query.name, query.country, query.schema, query.address)
        found = self._cache.get(key)
        if found is None:
            self.calls += 1
            found = self._cache[key] = self.inner.screen(query)
        return found


class _Recorder(RuleSet):
    """The rule set, noting the latest date from which every value looked up (or missed) has been as it is
    (its effective date, or its compliance date once that has passed: the engine reads both)."""

    def __init__(self, base: RuleSet) -> None:
        super().__init__({r.rule_id: r for r in base}, base.version, base.titles)
        self.start = dt.date.min

    def entry(self, rule_id: str, as_of: dt.date, trace: Trace | None = None) -> RuleValue | None:
        rule = self.rule(rule_id)
        found = rule.at(as_of)
        if found is not None:
            start = found.effective
            compliance = getattr(found, "compliance", None)  # binding only from its compliance date
            if compliance is not None and start < compliance <= as_of:
                start = compliance
        else:  # a miss holds since the last value before as_of expired (or forever)
            start = max((v.expires for v in rule.values if v.expires is not None and v.expires <= as_of),
                        default=dt.date.min)
        if start > self.start:
            self.start = start
        if found is not None and trace is not None:
            trace.record(found)
        return found


@dataclass(slots=True)
class _Dated:
    """The classification of a package on one date, reduced to one line per distinct classification, and
    those to one line per coarse stage key (the engine's own sharing rule, :func:`coarse_key`)."""

    prepared: Prepared  # one line per distinct classification (the representatives)
    line_rep: list[int]  # line index → representative index
    start: dt.date  # from when the classification is as it is
    firsts: Prepared  # the first representative of each coarse key
    rep_group: list[int]  # representative index → coarse group index


def _reduce(prepared: Prepared) -> tuple[Prepared, list[int], Prepared, list[int]]:
    reps: list[tuple[Item, ItemFacts]] = []
    index: dict[tuple[int, Hashable], int] = {}
    line_rep: list[int] = []
    for item, facts in prepared.classified:
        key = (id(facts), line_temporary(item))
        at = index.get(key)
        if at is None:
            at = index[key] = len(reps)
            reps.append((item, facts))
        line_rep.append(at)
    groups: dict[Hashable, int] = {}
    firsts: list[tuple[Item, ItemFacts]] = []
    rep_group: list[int] = []
    for item, facts in reps:
        rough = coarse_key(item.kind.value, facts, line_temporary(item))
        at = groups.get(rough)
        if at is None:
            at = groups[rough] = len(firsts)
            firsts.append((item, facts))
        rep_group.append(at)
    return (dataclasses.replace(prepared, classified=reps), line_rep,
            dataclasses.replace(prepared, classified=firsts), rep_group)


class MatrixEngine:
    """Evaluates one package for many destinations (and, with ``since``, many dates) sharing what it can."""

    def __init__(self, package: Package, as_of: dt.date, *, screener: ScreenerLike | None,
                 policy: Mapping[str, object] | None = None, rules: RuleSet | None = None,
                 catalog: Catalog | None = None, source: str = "<package>", share: bool = True) -> None:
        self.package = package
        self.share = share
        self._mentioned: dict[dt.date, frozenset[str]] = {}
        self._neutral: dict[tuple[dt.date, bool], tuple[Row, dt.date]] = {}
        self.as_of = as_of
        self.rules = rules or default_rules()
        self.policy = policy
        self.catalog = catalog
        self.source = source
        self.screener = MemoScreener(screener) if screener is not None else None
        self._dated: dict[dt.date, _Dated] = {}
        self._outcomes: dict[tuple[dt.date, tuple[int, ...]], tuple[PartiesOutcome, list[Verdict]]] = {}
        self.lists: list[object] = []
        self.matcher: str | None = None

    def dated(self, day: dt.date, *, record: bool = False) -> _Dated:
        found = self._dated.get(day)
        if found is None or (record and found.start == dt.date.max):
            rules: RuleSet = _Recorder(self.rules) if record else self.rules
            prepared = prepare(self.package, day, policy=self.policy, rules=rules, catalog=self.catalog,
                               source=self.source)
            reduced, line_rep, firsts, rep_group = _reduce(dataclasses.replace(prepared, rules=self.rules))
            start = rules.start if isinstance(rules, _Recorder) else dt.date.max
            found = self._dated[day] = _Dated(reduced, line_rep, start, firsts, rep_group)
        return found

    def row(self, dest: Destination, day: dt.date | None = None, *, record: bool = False) -> tuple[Row, dt.date]:
        """The row for ``dest`` on ``day`` (default: the matrix date) and, with ``record``, from when it holds."""
        day = day or self.as_of
        if self.share and dest.code not in self.mentioned(day):
            return self._from_neutral(dest, day, record)
        dated = self.dated(day, record=record)
        recorder = _Recorder(self.rules) if record else None
        shared = None if recorder is not None else self._parties(dated, day, dest.code)
        # First the first line of each coarse group: when no such stage looked at the chips' figures, every
        # line of its group shares it (as in the engine) and the full set of representatives is not needed.
        firsts = dated.firsts if recorder is None else dataclasses.replace(dated.firsts, rules=recorder)
        ctx, parties, pf, lines = destination_stages(firsts, dest.code, self.screener, parties=shared)
        if any(stage.used_figures for _, _, stage in lines):
            if shared is not None:
                shared = self._parties(dated, day, dest.code)
            prepared = dated.prepared if recorder is None else dataclasses.replace(dated.prepared, rules=recorder)
            ctx, parties, pf, lines = destination_stages(prepared, dest.code, self.screener, parties=shared)
        else:
            lines = [lines[g] for g in dated.rep_group]
        for snap in parties.lists:
            if snap not in self.lists:
                self.lists.append(snap)
        self.matcher = self.matcher or parties.matcher
        by_stage: dict[int, Cell] = {}
        rep_cells = []
        for _, facts, stage in lines:
            cell = by_stage.get(id(stage))
            if cell is None:
                cell = by_stage[id(stage)] = _cell(stage, facts, pf)
            rep_cells.append(cell)
        cells = [rep_cells[i] for i in dated.line_rep]
        party_verdicts = [p.verdict for p in parties.determinations]
        parties_verdict = strictest(party_verdicts)
        verdict = strictest([c.verdict for c in rep_cells] + party_verdicts)
        reason: Reason | None = None
        if verdict.severity > max((c.verdict.severity for c in rep_cells), default=-1):
            party = next(p for p in parties.determinations if p.verdict is verdict)
            reason = party.reasons[0] if party.reasons else None
        else:
            reason = next((c.reason for c in rep_cells if c.verdict is verdict), None)
        start = max(dated.start, recorder.start) if recorder is not None else dt.date.max
        return Row(dest, verdict, reason, cells, parties_verdict, parties.determinations, party_verdicts), start

    def mentioned(self, day: dt.date) -> frozenset[str]:
        """Every country code the engine could tell apart on ``day``: each two-letter upper-case token in a
        rule value it reads (groups, scopes, named destinations, texts ...; named blocs and the program
        requirements are not read by the engine), each code a rule id ends with (``treatment.HK``,
        ``note_AE``), where the package ships from, and every party's and owner's location and headquarters.
        A destination outside this set is seen by the engine only through "not in ..." tests."""
        found = self._mentioned.get(day)
        if found is None:
            codes: set[str] = {self.package.export_from, NEUTRAL}
            for rule in self.rules:
                if rule.rule_id.startswith(_NOT_ENGINE):
                    continue
                codes.update(_CODE_RE.findall(rule.rule_id.rsplit(".", 1)[-1].replace("_", " ")))
                value = rule.at(day)
                if value is not None:
                    codes.update(_codes(getattr(value, "written", value.value)))
            for party in self.package.parties:
                codes.update(_party_codes(party))
            found = self._mentioned[day] = frozenset(codes)
        return found

    def _from_neutral(self, dest: Destination, day: dt.date, record: bool) -> tuple[Row, dt.date]:
        """The row of a destination the engine cannot tell apart from a country named nowhere: computed once
        per date for the unassigned code ``QZ`` (with the same rule lookups, hence the same validity window
        for ``since``), with the code in each reason's text replaced."""
        found = self._neutral.get((day, record))
        if found is None:
            found = self._neutral[(day, record)] = self.row(Destination(NEUTRAL, NEUTRAL), day, record=record)
        neutral, start = found
        renamed: dict[int, Cell] = {}
        cells = []
        for cell in neutral.cells:
            mine = renamed.get(id(cell))
            if mine is None:
                mine = renamed[id(cell)] = dataclasses.replace(cell, reason=_renamed(cell.reason, dest.code))
            cells.append(mine)
        return Row(dest, neutral.verdict, _renamed(neutral.reason, dest.code), cells, neutral.parties_verdict,
                   neutral.parties, list(neutral.party_verdicts)), start

    def _parties(self, dated: _Dated, day: dt.date, code: str) -> PartiesOutcome:
        """The parties' outcome on ``day``, shared by every destination where the same parties are located
        (the only way the destination reaches party screening); verdicts reset before each use, since the
        engine raises them per destination (``raise_covered``)."""
        located = tuple(i for i, p in enumerate(self.package.parties) if p.country == code)
        key = (day, located)
        found = self._outcomes.get(key)
        if found is None:
            outcome = screen_parties(dated.prepared, code, self.screener)
            found = self._outcomes[key] = (outcome, [p.verdict for p in outcome.determinations])
        outcome, verdicts = found
        for det, verdict in zip(outcome.determinations, verdicts, strict=True):
            det.verdict = verdict
        return outcome

    def history(self, dest: Destination, since: dt.date) -> Row:
        """The row on the matrix date with the dates in ``(since, as_of]`` on which each cell changed."""
        row, start = self.row(dest, record=True)
        row.changes, row.cell_changes = [], {}
        after = row
        while start > since and start > dt.date.min:
            before, earlier = self.row(dest, start - dt.timedelta(days=1), record=True)
            if before.verdict is not after.verdict:
                row.changes.append(Change(start, (before.verdict, None, None), (after.verdict, None, None)))
            for index, (old, new) in enumerate(zip(before.cells, after.cells, strict=True)):
                if old.key != new.key:
                    row.cell_changes.setdefault(index, []).append(Change(start, old.key, new.key))
            after, start = before, earlier
        row.changes.reverse()
        for changes in row.cell_changes.values():
            changes.reverse()
        return row


def build_matrix(package: Package, destinations: Sequence[Destination], as_of: dt.date, *,
                 screener: ScreenerLike | None, since: dt.date | None = None,
                 policy: Mapping[str, object] | None = None, rules: RuleSet | None = None,
                 catalog: Catalog | None = None, source: str = "<package>") -> Matrix:
    """The matrix of ``package`` over ``destinations`` on ``as_of`` (see the module docstring)."""
    engine = MatrixEngine(package, as_of, screener=screener, policy=policy, rules=rules, catalog=catalog,
                          source=source)
    if since is not None and since >= as_of:
        from stackclear.errors import StackclearError

        raise StackclearError(f"--since {since} must be before the matrix date {as_of}")
    rows = [engine.history(d, since) if since is not None else engine.row(d)[0] for d in destinations]
    caveats = []
    if screener is None:
        caveats.append("no restricted-party lists were given: every party is unscreened (HOLD)")
    if package.export_from != "US":
        caveats.append(f"shipped from {package.export_from}: the items are assumed subject to the EAR")
    caveats.append("each cell is the determination for that destination alone; the destination treatment "
                   "(e.g. Hong Kong as China) and every party follow the engine's rules for that destination")
    return Matrix(
        name=package.name, as_of=as_of, since=since, rule_set=engine.rules.version,
        item_ids=[item.id for item in package.items], rows=rows, lists=engine.lists, matcher=engine.matcher,
        screened=engine.screener.calls if engine.screener is not None else 0, caveats=caveats,
    )


def destinations_for(codes: Sequence[str]) -> list[Destination]:
    """Plain ISO codes → destinations (for callers that did not expand tokens)."""
    return [Destination(code, country_name(code), via=[code]) for code in codes]


# ---------------------------------------------------------------------------------------------- cells
def _cell(stage: ItemAcc, facts: ItemFacts, pf: PackageFacts) -> Cell:
    verdict, exception, policy = combine(stage)
    return Cell(verdict, exception, policy, _decisive(stage, facts, pf, verdict, exception))


def _first(reasons: Sequence[Reason], prefixes: tuple[str, ...]) -> Reason | None:
    return next((r for r in reasons if r.rule.startswith(prefixes)), None)


def _decisive(acc: ItemAcc, facts: ItemFacts, pf: PackageFacts, verdict: Verdict,
              exception: str | None) -> Reason | None:
    """The reason that set the verdict: the prohibition, the exception used, the strictest uncovered
    requirement, or — with no requirement — the last rule finding (else the classification's conclusion)."""
    reasons = acc.reasons
    if verdict is Verdict.PROHIBITED:
        barred = tuple({eff.rule.rule_id for eff in pf.effects if eff.verdict == "PROHIBITED"})
        return _first(reasons, ("embargo.destinations.comprehensive", *barred)) or (reasons[0] if reasons else None)
    if verdict is Verdict.LICENSE_EXCEPTION and exception is not None:
        found = _first(reasons, (_EXCEPTION_RULES.get(exception, "license.exceptions."),))
        if found is not None:
            return found
    if verdict in (Verdict.LICENSE_REQUIRED, Verdict.LICENSE_EXCEPTION) and acc.requirements:
        req = _deciding_requirement(acc, verdict, exception)
        found = _requirement_reason(acc, pf, req)
        if found is not None:
            return found
    for reason in reversed(reasons):
        if reason.rule.startswith(_NLR_PREFIXES):
            return reason
    own = facts.classification.reasons if facts.classification is not None else facts.notes
    return own[-1] if own else None


def _deciding_requirement(acc: ItemAcc, verdict: Verdict, exception: str | None) -> Requirement:
    if verdict is Verdict.LICENSE_EXCEPTION:
        return next((r for r in acc.requirements if r.exception == exception), acc.requirements[0])
    uncovered = [r for r in acc.requirements if r.exception is None or acc.exceptions_barred] or acc.requirements
    return max(uncovered, key=lambda r: r.review_policy.severity if r.review_policy is not None else -1)


def _requirement_reason(acc: ItemAcc, pf: PackageFacts, req: Requirement) -> Reason | None:
    cause = getattr(req, "cause", None)  # the engine's own record of the line that imposed it, when it keeps one
    if isinstance(cause, Reason):
        return cause
    source = req.source
    if source.startswith("end_use."):
        prefixes: tuple[str, ...] = ("end_use.controls." + source.removeprefix("end_use."),)
    elif source.startswith("party."):
        code = source.removeprefix("party.")
        prefixes = tuple({eff.rule.rule_id for eff in pf.effects if eff.code == code}) or ("lists.",)
    else:
        prefixes = _SOURCE_RULES.get(source, ())
    return _first(acc.reasons, prefixes) if prefixes else None
