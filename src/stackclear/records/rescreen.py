"""Continuous re-screening of the stored parties against the current list snapshot.

The database remembers the entries (id → content hash) as of the last run. A run diffs the current
snapshot against them — entries **added**, **changed** (content hash differs) and **removed** — and then:

* parties unchanged since their last screening are screened against the added and changed entries only;
* parties new or edited since their last screening are screened against every entry;
* ``full=True`` (after a matcher change) screens every party against every entry.

Every screening goes through the index of the *whole* snapshot (read from the on-disk index cache, built and
cached when missing), so a delta run retrieves exactly the candidates a full run would; it only scores the
candidates of changed entries. What makes a delta run cheap is that most parties never reach the matcher:

* **Snapshot state, once per snapshot.** The snapshot's entry hashes (and each entry's canonical content) are
  kept in ``<home>/cache/entries-<digest>.tsv`` beside the index cache (:func:`prepare_snapshot`; the list
  import prepares it when parties are stored): a run reads hashes instead of parsing and hashing the lists.
* **Stored lookup keys.** Each party keeps the index keys of the forms retrieval looks its name up under
  (``Screener.lookup_forms``: the query's analyses *and the matcher's query variants*), grouped by token
  (``parties.index_keys``; made by :func:`party_keys` when the party is screened against every entry, trusted
  only under the same matcher fingerprint). Retrieval looks a token up by its exact key when the index has
  it, else by its fuzzy keys, so the keys a query can look up are known without analysing its name again.
* **A bound on retrieval** (:class:`_DeltaFilter`): a changed entry's name becomes a candidate only through
  keys it shares with the query — through a rare key, whose votes must cover half of the smaller side's key
  mass (``MIN_COVERAGE``), or, for a query with no rare key at all, through common keys. A party whose
  stored keys cannot reach that for any changed name is skipped: it cannot have a changed entry among its
  candidates. The bound over-approximates retrieval (never under), which the tests check against full runs.

Every entry hit (score in the review band or above) is a possible match: a new (party, entry) pair opens a
case; a ``false_positive`` whose entry changed reopens (the decision held for the old version only); a case
closed because its entry left the lists reopens when the entry comes back. Open cases whose entry left the
lists close with a note. Each opened, reopened or closed case is an audit record of its own, and the run is
one more (with every hit and a digest of the parties screened). Everything — cases, the new entry state, the
parties' screened marks, the run and its audit records — is written in one transaction: a run is applied
whole or not at all. A run that finds another run committed meanwhile raises ConflictError (run it again).

A delta run re-screens what changed. Pairs of an unchanged party and an unchanged entry are not looked at
again, although the index's rarity weights move a little with every change; ``rescreen --full`` (after a
matcher change, or periodically) catches those.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from stackclear.records import audit
from stackclear.records.audit import canonical
from stackclear.records.db import Database
from stackclear.records.errors import ConflictError, RecordsError
from stackclear.records.lists import record_snapshot_in
from stackclear.records.models import Case, ListedEntry, Party, RescreenRun, utcnow
from stackclear.screening.index import COMMON_DF, PAIR_SKIP_DF, SOUND_PAIR_FACTOR, ScreeningIndex, name_keys
from stackclear.screening.index_cache import cached_screener, matcher_fingerprint, snapshot_digest
from stackclear.screening.matchers import DEFAULT_MATCHER
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import MIN_COVERAGE, Hit, PartyQuery, Screener
from stackclear.screening.store import NO_LIST_REASON, ListStore, Snapshot

log = logging.getLogger(__name__)

_CHUNK = 500
KEYS_SCHEME = "k2"  # bump when party_keys() or the retrieval rules _DeltaFilter mirrors change meaning
STATE_FORMAT = "stackclear-entry-state/1"
STATE_KEEP = 3  # entry-state files kept in the cache directory (the newest)


def keys_version(matcher: str) -> str:
    """Stored keys are trusted only when made by the same analysis code: the matcher's fingerprint covers the
    name analysis, the index, the variants and the matchers (any change there re-makes them)."""
    return f"{KEYS_SCHEME}/{matcher_fingerprint(matcher)[:40]}"


def token_groups(forms: Iterable[Any]) -> set[str]:
    """The lookup keys of analysed forms as stored: one line per token (its exact key, then its fuzzy keys,
    tab-separated: retrieval uses the fuzzy ones only when the index lacks the exact one), and one line per
    key of the whole name (compact ``c``, script ``s``, token pair ``q``, sound pair ``r``). Flattened, the
    lines are exactly the union of ``name_keys`` of the forms."""
    lines: set[str] = set()
    for form in forms:
        for token, phonetic in zip(form.tokens, form.phonetic, strict=True):
            size = len(token)
            if size < 2:
                continue
            group = ["t" + token]
            if size >= 4:
                if phonetic:
                    group.append("m" + phonetic)
                if size >= 5:
                    group.append("p" + token[:4])
            lines.add("\t".join(group))
        lines.update(k for k in name_keys(form) if k[0] not in "tmp")
    return lines


def party_keys(screener: Screener, name: str, schema: str | None) -> str:
    """What a party stores to be skipped cheaply by later delta runs (see the module docstring)."""
    _, lookup = screener.lookup_forms(name, schema)
    return "\n".join(sorted(token_groups(lookup)))


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(ListEntry))


def entry_content(entry: ListEntry) -> str:
    """The canonical JSON of one published entry version: every field the parser keeps, by name."""
    return canonical({name: getattr(entry, name) for name in _ENTRY_FIELDS})


def entry_hash(entry: ListEntry) -> str:
    """The content hash of one published entry version (sha256 of :func:`entry_content`)."""
    return hashlib.sha256(entry_content(entry).encode("utf-8")).hexdigest()


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
    matched: int = 0  # parties that went through retrieval and the matcher

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"snapshot": self.snapshot, "full": self.full, "screened": self.screened,
                               "opened": self.opened, "reopened": self.reopened, "closed": self.closed,
                               "entries": {"added": self.added, "changed": self.changed, "removed": self.removed},
                               "audit_record": self.audit_seq, "skipped_by_keys": self.skipped_by_keys,
                               "matched": self.matched}  # fmt: skip
        if self.stale:
            out["warning"] = self.stale
        return out


# -- the snapshot's entry state (hashes), kept once per snapshot -----------------------------------------


@dataclass(slots=True)
class SnapshotState:
    """Entry id → content hash of one snapshot (the first entry when two files publish one id), and each
    entry's canonical content (decoded on request)."""

    snapshot: Snapshot
    hashes: dict[str, str]
    contents: dict[str, str]

    def entry(self, entry_id: str) -> ListEntry:
        return ListEntry(**json.loads(self.contents[entry_id]))


def _state_path(store: ListStore, snap: Snapshot) -> Path:
    return store.home / "cache" / f"entries-{snapshot_digest(snap)[:24]}.tsv"


def _read_state(path: Path, snap: Snapshot) -> SnapshotState | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    try:
        meta = json.loads(head)
        if (meta.get("format") != STATE_FORMAT or meta.get("snapshot") != snapshot_digest(snap)
                or meta.get("sha256") != hashlib.sha256(body).hexdigest()):  # fmt: skip
            raise ValueError("stale or damaged")
        hashes: dict[str, str] = {}
        contents: dict[str, str] = {}
        for line in body.decode("utf-8").splitlines():
            key, digest, content = line.split("\t", 2)
            entry_id = json.loads(key)
            hashes[entry_id] = digest
            contents[entry_id] = content
        if len(hashes) != meta.get("entries"):
            raise ValueError("entry count differs from the header")
    except (ValueError, TypeError, AttributeError) as exc:
        log.warning("rebuilding the entry state of snapshot %s (%s: %s)", snap.id, path, exc)
        return None
    return SnapshotState(snap, hashes, contents)


def _write_state(path: Path, state: SnapshotState) -> None:
    body = "".join(f"{json.dumps(k)}\t{h}\t{state.contents[k]}\n" for k, h in state.hashes.items()).encode("utf-8")
    meta = {"format": STATE_FORMAT, "snapshot": snapshot_digest(state.snapshot), "snapshot_id": state.snapshot.id,
            "entries": len(state.hashes), "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(meta, sort_keys=True).encode() + b"\n" + body)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    try:
        found = sorted(path.parent.glob("entries-*.tsv"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in found if p != path][STATE_KEEP - 1 :]:
            old.unlink(missing_ok=True)
    except OSError as exc:  # housekeeping only
        log.debug("could not prune entry-state files: %s", exc)


def snapshot_state(store: ListStore, snap: Snapshot) -> SnapshotState:
    """The entry state of ``snap``: read from the cache, else computed from the lists (and cached)."""
    path = _state_path(store, snap)
    state = _read_state(path, snap) if path.exists() else None
    if state is not None:
        return state
    contents: dict[str, str] = {}
    for loaded in store.load(snap):
        for entry in loaded.entries:
            if entry.entry_id not in contents:
                contents[entry.entry_id] = entry_content(entry)
    hashes = {k: hashlib.sha256(c.encode("utf-8")).hexdigest() for k, c in contents.items()}
    state = SnapshotState(snap, hashes, contents)
    try:
        _write_state(path, state)
    except OSError as exc:  # a cache that cannot be written costs the next run the parse again
        log.warning("could not write the entry state %s: %s", path, exc)
    return state


def prepare_snapshot(store: ListStore | None = None, snap: Snapshot | None = None, *,
                     matcher: str = DEFAULT_MATCHER) -> Snapshot:  # fmt: skip
    """Compute and cache what re-screening needs of a snapshot — its entry state and its screening index —
    so the next ``rescreen`` only reads them. Idempotent; returns the snapshot prepared."""
    lists = store or ListStore()
    chosen = snap or lists.current()
    if chosen is None:
        raise RecordsError(NO_LIST_REASON)
    snapshot_state(lists, chosen)
    cached_screener(lists, chosen, matcher=matcher)
    return chosen


# -- which unchanged parties a list change can reach ----------------------------------------------------


class _DeltaFilter:
    """Whether a party's stored lookup keys can make a changed entry's name one of its candidates in the
    full index (``ScreeningIndex.candidates``). Mirrors retrieval, over-approximating it:

    * a token is looked up by its exact key when the index has it, else by its fuzzy keys; the keys found
      and their weights give the query's key mass exactly (``c`` keys excepted, which are not mass);
    * with some rare key (posting <= COMMON_DF) surviving the pair skip, a name is a candidate only when its
      votes — at most the weights of the rare keys it shares with the query (a sound pair at most 0.8 × the
      query's two heaviest tokens) — reach MIN_COVERAGE × min(query mass, its own mass);
    * without one (or when that cannot be told: ``c`` keys), any shared key selects the party.
    """

    def __init__(self, index: ScreeningIndex, delta: ScreeningIndex) -> None:
        self.index = index
        self._stats: dict[str, tuple[int, float]] = {}
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.mass: list[float] = []
        for number, listed in enumerate(delta.names):
            keys = name_keys(listed.form)
            mass = 1e-9
            for key in keys:
                self.by_key[key].append(number)
                if key[0] not in "cqr":
                    mass += self.stat(key)[1]
            self.mass.append(mass)
        self._groups: dict[str, tuple[str, ...]] = {}
        self._touch: dict[str, bool] = {}
        self._decided: dict[str, bool] = {}

    def stat(self, key: str) -> tuple[int, float]:
        """(posting length, weight) of ``key`` in the full index; (0, 0.0) when no name has it."""
        found = self._stats.get(key)
        if found is None:
            posting = self.index.posting(key)
            found = self._stats[key] = (0, 0.0) if posting is None else (len(posting[0]), posting[1])
        return found

    def _effective(self, line: str) -> tuple[str, ...]:
        """The keys retrieval can look up for one stored line (see :func:`token_groups`) that the index has."""
        found = self._groups.get(line)
        if found is None:
            keys = line.split("\t")
            if line[0] == "t" and self.stat(keys[0])[0] > 0:
                keys = keys[:1]
            elif line[0] == "t":
                keys = keys[1:]
            found = self._groups[line] = tuple(k for k in keys if self.stat(k)[0] > 0)
        return found

    def reaches(self, stored: str) -> bool:
        decided = self._decided.get(stored)
        if decided is None:
            lines = stored.split("\n")
            touch = self._touch
            by_key = self.by_key
            near = False
            for line in lines:  # first: does any stored key at all meet a changed name? (most parties: no)
                meets = touch.get(line)
                if meets is None:
                    meets = touch[line] = any(k in by_key for k in line.split("\t"))
                if meets:
                    near = True
                    break
            decided = self._decided[stored] = near and self._reaches(lines)
        return decided

    def _reaches(self, lines: list[str]) -> bool:
        found = {k for line in lines if line for k in self._effective(line)}
        by_key = self.by_key
        if not any(k in by_key for k in found):
            return False
        stat = self.stat
        mass = 0.0
        tokens: list[float] = []
        paired = False
        for key in found:
            kind = key[0]
            if kind in "tmps":
                mass += stat(key)[1]
                if kind == "t":
                    tokens.append(stat(key)[1])
            elif kind == "q":
                paired = True
        sure_rare = any(key[0] != "c" and key[0] != "r" and stat(key)[0] <= COMMON_DF
                        and (key[0] == "q" or not paired or stat(key)[0] <= PAIR_SKIP_DF) for key in found)  # fmt: skip
        if not sure_rare:
            return True  # retrieval may fall back to common keys: any shared key could do
        tokens.sort(reverse=True)
        sound = SOUND_PAIR_FACTOR * sum(tokens[:2])
        votes: dict[int, float] = defaultdict(float)
        for key in found:
            names = by_key.get(key)
            if names is None:
                continue
            size, weight = stat(key)
            if size > COMMON_DF:
                continue  # a common key never votes while the query has a rare one
            vote = sound if key[0] == "r" else weight
            for number in names:
                votes[number] += vote
        least = MIN_COVERAGE * (1 - 1e-6)
        return any(vote >= least * min(mass, self.mass[n]) for n, vote in votes.items())


# -- the run ---------------------------------------------------------------------------------------------


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
    snap = lists.current()
    if snap is None:
        raise RecordsError(NO_LIST_REASON)
    state = snapshot_state(lists, snap)
    fresh, why = lists.freshness()
    table = Party.__table__.c
    light = (table.id, table.content_hash, table.screened_hash, table.index_keys, table.keys_version)
    details = (table.name, table.schema, table.country, table.address)
    loaded: list[Screener] = []

    def screener() -> Screener:  # the whole snapshot's index: read from the cache (or built) on first use
        if not loaded:
            loaded.append(cached_screener(lists, snap, matcher=matcher))
        return loaded[0]

    made: list[_DeltaFilter] = []

    def delta_filter(touched: frozenset[str]) -> _DeltaFilter:
        if not made:
            full_index = screener().index
            assert full_index is not None
            chosen = screener().matcher
            delta = ScreeningIndex([state.entry(k) for k in sorted(touched)], expand=chosen.index_variants)
            made.append(_DeltaFilter(full_index, delta))
        return made[0]

    marks: list[dict[str, Any]] = []
    picked: list[tuple[str, str, bool, bool]] = []  # (party id, content hash, needs every entry, keys trusted)
    info: dict[str, tuple[str, str | None, str | None, str | None]] = {}  # party id → name, schema, country, address
    version = keys_version(matcher)
    digest = hashlib.sha256()
    with db.read() as session:
        conn = session.connection()  # Core rows: no ORM work per party
        last_run = session.execute(select(func.max(RescreenRun.id))).scalar_one()
        previous = {k: h for k, h in session.execute(select(ListedEntry.entry_key, ListedEntry.content_hash))}
        full = full or last_run is None
        current = state.hashes
        added = sorted(k for k in current if k not in previous)
        changed = sorted(k for k, h in current.items() if k in previous and previous[k] != h)
        removed = sorted(k for k in previous if k not in current)
        result = RescreenResult(snap.id, full, added=len(added), changed=len(changed),
                                removed=len(removed), stale=None if fresh else why)  # fmt: skip
        touched = frozenset((*added, *changed))
        # a delta run reads the names only of the parties it screens (most are skipped by their keys)
        rows = conn.execute(select(*light, *details).order_by(table.id) if full else select(*light).order_by(table.id))
        for party_id, content_hash, screened_hash, stored, stored_version, *rest in rows:
            needs_all = full or screened_hash != content_hash
            if not needs_all and not touched:
                continue  # nothing added or changed: an unchanged party has nothing to be screened against
            if not current:  # an empty snapshot: nothing to screen against
                marks.append({"id": party_id, "screened_hash": content_hash, "index_keys": None,
                              "keys_version": None})  # fmt: skip
                continue
            result.screened += 1
            digest.update(f"{party_id}\t{content_hash}\n".encode())
            trusted = stored is not None and stored_version == version
            if not needs_all and trusted:
                assert stored is not None
                if not delta_filter(touched).reaches(stored):
                    result.skipped_by_keys += 1  # its lookup keys cannot reach a changed entry's name
                    continue
            picked.append((party_id, content_hash, needs_all, trusted))
            if rest:
                info[party_id] = (rest[0], rest[1], rest[2], rest[3])
        wanted = [p[0] for p in picked if p[0] not in info]
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            for party_id, *detail in conn.execute(select(table.id, *details).where(table.id.in_(chunk))):
                info[party_id] = (detail[0], detail[1], detail[2], detail[3])

    screened: list[_Screened] = []
    for party_id, content_hash, needs_all, trusted in picked:
        name, schema, country, address = info[party_id]
        chosen = screener()
        if needs_all or not trusted:
            marks.append({"id": party_id, "screened_hash": content_hash,
                          "index_keys": party_keys(chosen, name, schema), "keys_version": version})  # fmt: skip
        result.matched += 1
        query = PartyQuery(id=party_id, name=name, schema=schema, country=country, address=address)
        outcome = chosen.screen(query, entry_ids=None if needs_all else touched)
        if outcome.entry_hits:
            screened.append(_Screened(party_id, name, outcome.entry_hits))

    _apply(db, state, result, screened, marks, added, changed, removed, last_run, actor, matcher,
           digest.hexdigest())  # fmt: skip
    return result


def _apply(
    db: Database,
    state: SnapshotState,
    result: RescreenResult,
    screened: list[_Screened],
    marks: list[dict[str, Any]],
    added: list[str],
    changed: list[str],
    removed: list[str],
    last_run: int | None,
    actor: str,
    matcher: str,
    parties_digest: str,
) -> None:
    now = utcnow()
    snap = state.snapshot.id
    hits_log: list[dict[str, Any]] = []
    events: list[tuple[str, Case, dict[str, Any]]] = []  # one audit record per opened/reopened/closed case
    with db.write() as session:
        if session.execute(select(func.max(RescreenRun.id))).scalar_one() != last_run:
            raise ConflictError("another re-screen committed while this one ran; nothing was written — run "
                                "`stackclear rescreen` again")  # fmt: skip
        record_snapshot_in(session, state.snapshot, actor=actor, late=True)
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
                version = state.hashes[key]
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
                    events.append(("case.open", case, {}))
                    continue
                if case.entry_hash == version and not (case.status == "closed" and case.decision is None):
                    continue  # same entry version: a decision holds; an open case stays open
                reopen = case.status == "closed" and case.decision in (None, "false_positive")
                previous_hash, previous_decision = case.entry_hash, case.decision
                case.entry_hash, case.entry_name, case.score = version, hit.name, hit.score
                case.party_name, case.explanation, case.updated_at = item.name, explanation, now
                case.version += 1
                if reopen:
                    was = (f"false positive decided for entry version {previous_hash[:12]}…"
                           if case.decision == "false_positive" else "closed when the entry left the lists")
                    case.status, case.decision = "open", None
                    case.note = f"reopened by the re-screen of snapshot {snap}: the entry changed ({was})"
                    result.reopened.append(case.id)
                    events.append(("case.reopen", case, {"previous_entry_hash": previous_hash,
                                                         "previous_decision": previous_decision}))
                else:
                    events.append(("case.update", case, {"previous_entry_hash": previous_hash}))
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
                    events.append(("case.close", leaving, {}))
                session.execute(delete(ListedEntry).where(ListedEntry.entry_key.in_(chunk)))
        entries = {k: state.entry(k) for k in (*added, *changed)}
        rows = [{"entry_key": k, "entry_id": k, "list_code": entries[k].source_code, "name": entries[k].name,
                 "content_hash": state.hashes[k], "snapshot": snap} for k in added]  # fmt: skip
        for start in range(0, len(rows), _CHUNK):
            session.execute(insert(ListedEntry), rows[start:start + _CHUNK])
        if changed:
            session.execute(update(ListedEntry), [
                {"entry_key": k, "name": entries[k].name, "content_hash": state.hashes[k], "snapshot": snap}
                for k in changed
            ])  # fmt: skip
        if marks:
            session.execute(update(Party), marks)
        session.flush()
        versions = {"list_snapshot": snap, "matcher": matcher}
        for kind, case, extra in events:
            audit.append(session, kind, {
                "case_id": case.id, "party_id": case.party_id, "entry_id": case.entry_id,
                "entry_hash": case.entry_hash, "list": case.list_code, "score": round(case.score, 4),
                "status": case.status, "note": case.note, "snapshot": snap, **extra,
            }, actor=actor, versions=versions)  # fmt: skip
        record = audit.append(session, "rescreen", {
            "snapshot": snap, "full": result.full, "screened": result.screened,
            "parties_sha256": parties_digest, "matched": result.matched, "skipped_by_keys": result.skipped_by_keys,
            "entries": {"added": len(added), "changed": len(changed), "removed": len(removed)},
            "opened": result.opened, "reopened": result.reopened, "closed": result.closed,
            "hits": hits_log, "warning": result.stale,
        }, actor=actor, versions=versions)  # fmt: skip
        session.add(RescreenRun(snapshot=snap, full=result.full, screened=result.screened, added=len(added),
                                changed=len(changed), removed=len(removed), at=now, audit_seq=record.seq))
        result.audit_seq = record.seq
