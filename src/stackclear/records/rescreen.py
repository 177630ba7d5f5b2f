"""Continuous re-screening of the stored parties against the current list snapshot.

The database remembers the entries (id → content hash) as of the last run. A run diffs the current
snapshot against them — entries **added**, **changed** (content hash differs) and **removed** — and then:

* parties unchanged since their last screening are screened against an index of the added and changed
  entries only (a delta through the index, not a rescan of every entry);
* parties new or edited since their last screening are screened against every entry;
* ``full=True`` (after a matcher change) screens every party against every entry.

Each party keeps the index keys of its name (``parties.index_keys``, made when it is screened against
every entry). The index finds candidates only through shared keys, and the keys a query looks up are a
subset of its name's keys (``screening.index.name_keys``), so in a delta run a party whose stored keys
share none with the delta index cannot have a candidate there: it is skipped without analysing its name
again, which is what makes a delta run cheap. Keys made by another analysis version are not trusted.

Every hit (score in the review band or above) is a possible match: a new (party, entry) pair opens a case;
a ``false_positive`` whose entry changed reopens (the decision held for the old version only); a case closed
because its entry left the lists reopens when the entry comes back. Open cases whose entry left the lists
close with a note. Everything — cases, the new entry state, the parties' screened marks, the run and its
audit record — is written in one transaction: a run is applied whole or not at all. A run that finds
another run committed meanwhile raises ConflictError (run it again).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update

import stackclear
from stackclear.records import audit
from stackclear.records.audit import canonical
from stackclear.records.db import Database
from stackclear.records.errors import ConflictError, RecordsError
from stackclear.records.lists import record_snapshot_in
from stackclear.records.models import Case, ListedEntry, Party, RescreenRun, utcnow
from stackclear.screening.index import name_keys
from stackclear.screening.matchers import DEFAULT_MATCHER
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import Hit, PartyQuery, Screener
from stackclear.screening.sources import LoadedList
from stackclear.screening.store import NO_LIST_REASON, ListStore, Snapshot

_CHUNK = 500
KEYS_SCHEME = "k1"  # bump when screening.index.name_keys changes meaning


def keys_version(matcher: str) -> str:
    return f"{KEYS_SCHEME}/{matcher}/{stackclear.__version__}"


def party_keys(screener: Screener, name: str, schema: str | None) -> set[str]:
    """Every index key the party's name could be looked up under (a superset of any query's keys)."""
    assert screener.index is not None
    keys: set[str] = set()
    for form in screener.index.query_forms(name, schema).values():
        keys |= name_keys(form)
    return keys


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(ListEntry))


def entry_hash(entry: ListEntry) -> str:
    """The content hash of one published entry version: every field the parser keeps, by name."""
    content = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class RescreenResult:
    snapshot: str
    full: bool
    screened: int = 0
    opened: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    stale: str | None = None
    audit_seq: int | None = None
    skipped_by_keys: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"snapshot": self.snapshot, "full": self.full, "screened": self.screened,
                               "opened": self.opened, "reopened": self.reopened, "closed": self.closed,
                               "entries": {"added": self.added, "changed": self.changed, "removed": self.removed},
                               "audit_record": self.audit_seq, "skipped_by_keys": self.skipped_by_keys}  # fmt: skip
        if self.stale:
            out["warning"] = self.stale
        return out


@dataclass(slots=True)
class _Current:
    snapshot: Snapshot
    lists: list[LoadedList]
    entries: dict[str, ListEntry]  # entry_id → entry (the first when two files publish one id)
    hashes: dict[str, str]


def _load(store: ListStore) -> _Current:
    snap = store.current()
    if snap is None:
        raise RecordsError(NO_LIST_REASON)
    lists = store.load(snap)
    entries: dict[str, ListEntry] = {}
    for loaded in lists:
        for entry in loaded.entries:
            entries.setdefault(entry.entry_id, entry)
    return _Current(snap, lists, entries, {key: entry_hash(e) for key, e in entries.items()})


def _screener(current: _Current, keys: Sequence[str] | None, matcher: str) -> Screener | None:
    chosen = list(current.entries.values()) if keys is None else [current.entries[k] for k in keys]
    if not chosen:
        return None
    first = current.lists[0]
    subset = LoadedList(path=first.path, format=first.format, sha256=first.sha256, as_of=first.as_of,
                        entries=chosen, counts=dict(first.counts))  # fmt: skip
    return Screener.from_lists([subset], matcher=matcher)


@dataclass(slots=True)
class _Screened:
    party_id: str
    name: str
    hits: list[Hit]


def rescreen(
    db: Database,
    *,
    actor: str,
    full: bool = False,
    store: ListStore | None = None,
    matcher: str = DEFAULT_MATCHER,
) -> RescreenResult:
    """Run one re-screen (see the module docstring) and return what it did."""
    lists = store or ListStore()
    current = _load(lists)
    fresh, why = lists.freshness()
    with db.read() as session:
        last_run = session.execute(select(func.max(RescreenRun.id))).scalar_one()
        previous = {k: h for k, h in session.execute(select(ListedEntry.entry_key, ListedEntry.content_hash))}
        parties = session.execute(
            select(Party.id, Party.name, Party.schema, Party.country, Party.address, Party.content_hash,
                   Party.screened_hash, Party.index_keys, Party.keys_version)  # fmt: skip
        ).all()
    full = full or last_run is None
    added = sorted(k for k in current.hashes if k not in previous)
    changed = sorted(k for k, h in current.hashes.items() if k in previous and previous[k] != h)
    removed = sorted(k for k in previous if k not in current.hashes)
    result = RescreenResult(current.snapshot.id, full, added=len(added), changed=len(changed),
                            removed=len(removed), stale=None if fresh else why)  # fmt: skip

    built: dict[str, Screener | None] = {}  # built on first use: a delta run with no new party never indexes all

    def screener_for(needs_all: bool) -> Screener | None:
        which = "all" if needs_all else "delta"
        if which not in built:
            built[which] = _screener(current, None if needs_all else [*added, *changed], matcher)
        return built[which]

    screened: list[_Screened] = []
    marks: list[dict[str, Any]] = []
    version = keys_version(matcher)
    delta_keys: set[str] | None = None
    for party_id, name, schema, country, address, content_hash, screened_hash, stored, stored_version in parties:
        needs_all = full or screened_hash != content_hash
        trusted = stored is not None and stored_version == version
        screener = screener_for(needs_all)
        if screener is None:  # no entries at all (or, in a delta, none added or changed)
            if needs_all:
                marks.append({"id": party_id, "screened_hash": content_hash, "index_keys": None,
                              "keys_version": None})  # fmt: skip
            continue
        result.screened += 1
        if not needs_all and trusted:
            if delta_keys is None:
                assert screener.index is not None
                delta_keys = set(screener.index.postings)
            assert stored is not None
            if delta_keys.isdisjoint(stored.split("\n")):
                result.skipped_by_keys += 1  # no shared key: the index cannot offer it a candidate
                continue
        if needs_all or not trusted:
            keys = party_keys(screener, name, schema)
            marks.append({"id": party_id, "screened_hash": content_hash, "index_keys": "\n".join(sorted(keys)),
                          "keys_version": version})  # fmt: skip
        outcome = screener.screen(PartyQuery(id=party_id, name=name, schema=schema, country=country,
                                             address=address))  # fmt: skip
        if outcome.hits:
            screened.append(_Screened(party_id, name, outcome.hits))

    _apply(db, current, result, screened, marks, added, changed, removed, last_run, actor, matcher)
    return result


def _apply(
    db: Database,
    current: _Current,
    result: RescreenResult,
    screened: list[_Screened],
    marks: list[dict[str, Any]],
    added: list[str],
    changed: list[str],
    removed: list[str],
    last_run: int | None,
    actor: str,
    matcher: str,
) -> None:
    now = utcnow()
    snap = current.snapshot.id
    hits_log: list[dict[str, Any]] = []
    with db.write() as session:
        if session.execute(select(func.max(RescreenRun.id))).scalar_one() != last_run:
            raise ConflictError("another re-screen committed while this one ran; nothing was written — run "
                                "`stackclear rescreen` again")  # fmt: skip
        record_snapshot_in(session, current.snapshot, actor=actor, late=True)
        pairs = {(s.party_id, h.entry_id) for s in screened for h in s.hits}
        party_ids = sorted({p for p, _ in pairs})
        cases: dict[tuple[str, str], Case] = {}
        for start in range(0, len(party_ids), _CHUNK):
            chunk = party_ids[start:start + _CHUNK]
            for existing in session.execute(select(Case).where(Case.party_id.in_(chunk))).scalars():
                cases[(existing.party_id, existing.entry_key)] = existing
        for item in screened:
            for hit in item.hits:
                key = hit.entry_id
                version = current.hashes[key]
                explanation = json.dumps(hit.explanation, sort_keys=True, default=str)
                hits_log.append({"party_id": item.party_id, "entry_id": key, "score": round(hit.score, 4),
                                 "entry_hash": version})  # fmt: skip
                case = cases.get((item.party_id, key))
                if case is None:
                    case = Case(party_id=item.party_id, party_name=item.name, entry_key=key, entry_id=key,
                                entry_name=hit.name, entry_hash=version, list_code=hit.source_code,
                                score=hit.score, explanation=explanation, status="open", opened_at=now,
                                updated_at=now, version=1)  # fmt: skip
                    session.add(case)
                    session.flush()
                    cases[(item.party_id, key)] = case
                    result.opened.append(case.id)
                    continue
                if case.entry_hash == version and not (case.status == "closed" and case.decision is None):
                    continue  # same entry version: a decision holds; an open case stays open
                reopen = case.status == "closed" and case.decision in (None, "false_positive")
                previous_hash = case.entry_hash
                case.entry_hash, case.entry_name, case.score = version, hit.name, hit.score
                case.party_name, case.explanation, case.updated_at = item.name, explanation, now
                case.version += 1
                if reopen:
                    was = (f"false positive decided for entry version {previous_hash[:12]}…"
                           if case.decision == "false_positive" else "closed when the entry left the lists")
                    case.status, case.decision = "open", None
                    case.note = f"reopened by the re-screen of snapshot {snap}: the entry changed ({was})"
                    result.reopened.append(case.id)
        if removed:
            for start in range(0, len(removed), _CHUNK):
                chunk = removed[start:start + _CHUNK]
                gone = session.execute(select(Case).where(Case.entry_key.in_(chunk), Case.status == "open"))
                for leaving in gone.scalars():
                    leaving.status = "closed"
                    leaving.note = (f"closed by the re-screen of snapshot {snap}: entry {leaving.entry_id} "
                                    "left the lists")
                    leaving.updated_at, leaving.version = now, leaving.version + 1
                    result.closed.append(leaving.id)
                session.execute(delete(ListedEntry).where(ListedEntry.entry_key.in_(chunk)))
        rows = [{"entry_key": k, "entry_id": k, "list_code": current.entries[k].source_code,
                 "name": current.entries[k].name, "content_hash": current.hashes[k], "snapshot": snap}
                for k in added]  # fmt: skip
        for start in range(0, len(rows), _CHUNK):
            session.execute(insert(ListedEntry), rows[start:start + _CHUNK])
        if changed:
            session.execute(update(ListedEntry), [
                {"entry_key": k, "name": current.entries[k].name, "content_hash": current.hashes[k], "snapshot": snap}
                for k in changed
            ])  # fmt: skip
        if marks:
            session.execute(update(Party), marks)
        session.flush()
        versions = {"list_snapshot": snap, "matcher": matcher}
        record = audit.append(session, "rescreen", {
            "snapshot": snap, "full": result.full, "screened": result.screened,
            "entries": {"added": len(added), "changed": len(changed), "removed": len(removed)},
            "opened": result.opened, "reopened": result.reopened, "closed": result.closed,
            "hits": hits_log, "warning": result.stale,
        }, actor=actor, versions=versions)  # fmt: skip
        session.add(RescreenRun(snapshot=snap, full=result.full, screened=result.screened, added=len(added),
                                changed=len(changed), removed=len(removed), at=now, audit_seq=record.seq))
        result.audit_seq = record.seq
