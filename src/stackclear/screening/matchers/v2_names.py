"""Name features of ``stackclear-v2``: v1's token alignment run over several *views* of the two names.

A view rewrites names with rigour's reference data (:mod:`.v2_tables`) before the frozen v1 alignment
(:func:`.v1_names.score_names`) compares them; each view is a named feature with a weight, and the name score
is the best weighted view (nomenklatura's ``max(main features)``):

* ``name_literal`` (1.0) — the names as analysed (v1's comparison);
* ``name_canonical`` (0.98) — titles and honorifics dropped ("Dr.", "Sheikh", "General"), number words and
  ordinals written as digits ("First" = "1st" = "1", "Two" = "2", "No. One" = "1"), organisation words
  written one way per rigour symbol ("Tech" = "Technologies", "Mfg" = "Manufacturing", "Grp" = "Group"), a
  one-edit typo in a generic word or legal form corrected ("Comapny", "Limted", "Corproation"), and a
  trailing office qualifier cut ("… - Dubai Branch", "… (Hong Kong)");
* ``name_symbols`` (0.95) — a person's name part replaced by the other name's part when rigour puts both in
  one name group (Wikidata: Aleksandr/Sasha, Yevgeniy/Evgeny, Husayn/Hussein) or nickname group (Bob/Robert),
  or when both have the same metaphone key (Qasim/Kassem); the canonical view of people also writes the
  Arabic "Abd al-" names one way (Abd al-Rahman = Abdel Rahman = Abdulrahman = Abdul Rahman) and ibn/ben as bin;
* ``acronym`` (0.9) — an organisation's acronym against its words, generic words and legal form optional
  ("CETC" = "China Electronics Technology Group Corporation").

Qualifiers (added): ``number_mismatch`` (−0.3: "Ocean Pearl 3" / "Ocean Pearl 4", "Fund II" / "Fund III"),
``legal_form_conflict`` (−0.07 on top of v1's −0.03: a German AG and its GmbH namesake).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.text import metaphone

from stackclear.names.analyze import ORG, OTHER, PERSON, NameForm, analyze
from stackclear.screening.matchers.v1_names import GENERIC_ORG_WORDS, NameScore, score_names
from stackclear.screening.matchers.v2_tables import QUALIFIER_WORDS, tables
from stackclear.screening.parsers.countries import to_iso2

W_LITERAL = 1.0
W_CANONICAL = 0.98
W_SYMBOLS = 0.95
W_ACRONYM = 0.9
NUMBER_MISMATCH = -0.3
LEGAL_FORM_CONFLICT = -0.07
TYPO_MIN_LENGTH = 6

_QUALIFIER_TAIL = re.compile(
    r"^(?P<head>.+?)(?:\s*[(\[](?P<paren>[^()\[\]]+)[)\]]|\s+[-–—]\s+(?P<dash>[^()]+)|,\s*(?P<comma>[^,()]+))\s*$"
)
#: Arabic "servant of" names written as one word or two (Abdulrahman, Abd al-Rahman, Abdel Rahman): one way.
_ABD = re.compile(r"^(?:abd|abdu|abdul|abdel|abdal|abdol|abdoul|abdur|abdar|abdus|abdas|abduh)$")
_ABD_JOINED = re.compile(r"^abd(?:oul|ul|el|al|ol|ur|ar|us|as|u)?(?P<rest>[a-z]{4,})$")
_ARTICLES = frozenset({"al", "el", "ul", "ar", "ur", "as", "us", "ad", "ud", "an", "un", "at", "ut", "az", "uz", "ash"})
_PATRONYMIC = {"ibn": "bin", "ben": "bin", "bint": "bin", "binti": "bin", "ibni": "bin"}
_NUMBER_MARKERS = frozenset({"no", "nr", "number", "num"})


@dataclass(slots=True)
class NameFeatures:
    """The name features of one comparison and the view that gave the best weighted score."""

    score: float
    best: NameScore
    view: str
    values: dict[str, float]
    qualifiers: dict[str, float]


def _is_qualifier(words: list[str]) -> bool:
    t = tables()
    if not words:
        return False
    if to_iso2(" ".join(words)) is not None:
        return True
    return all(w in QUALIFIER_WORDS or w in t.places or to_iso2(w) is not None for w in words) and any(
        w in QUALIFIER_WORDS or w in t.places or to_iso2(w) is not None for w in words
    )


def _strip_qualifier(original: str, kind: str) -> NameForm | None:
    """The name without a trailing office qualifier ("- Dubai Branch", "(Hong Kong)"), or None."""
    found = _QUALIFIER_TAIL.match(original)
    if found is None:
        return None
    tail = found.group("paren") or found.group("dash") or found.group("comma") or ""
    words = analyze(tail, OTHER).tokens
    if not _is_qualifier(list(words)):
        return None
    head = analyze(found.group("head"), kind)
    return None if head.empty else head


@lru_cache(maxsize=131072)
def canonical(original: str, kind: str) -> NameForm:
    """The ``name_canonical`` view of a name (see the module docstring); the analysed name when nothing
    changes."""
    form = analyze(original, kind)
    if kind != PERSON:
        cut = _strip_qualifier(original, kind)
        if cut is not None:
            form = cut
    t = tables()
    tokens = list(form.tokens)
    legal = set(form.legal)
    changed = form.original != original
    out: list[str] = []
    size = len(tokens)
    for k, token in enumerate(tokens):
        number = t.numbers.get(token)
        if number is not None and (kind != PERSON or len(token) > 1):
            out.append(number)
            changed = True
            continue
        if token in _NUMBER_MARKERS and k + 1 < size and (tokens[k + 1].isdigit() or tokens[k + 1] in t.numbers):
            changed = True  # "No. 1", "Number One": the marker is not a word of the name
            continue
        out.append(token)
    if kind == PERSON:
        merged = _arabic_parts(out)
        if merged != out:
            out, changed = merged, True
        kept = [w for w in out if w not in t.titles]
        if k := len(out) - len(kept):
            if len(kept) >= 2:
                out, changed = kept, True
        if len(out) > 2:
            pairs = [i for i in range(len(out) - 1) if (out[i], out[i + 1]) in t.title_pairs]
            if pairs:
                drop = {i for p in pairs for i in (p, p + 1)}
                kept = [w for i, w in enumerate(out) if i not in drop]
                if len(kept) >= 2:
                    out, changed = kept, True
    elif kind == ORG:
        typo = False
        for k, token in enumerate(out):
            if token not in t.org_canonical and len(token) >= TYPO_MIN_LENGTH and not token.isdigit():
                word = _typo_of_generic(token)
                if word is not None:
                    out[k] = word
                    typo = True
        if typo:  # a corrected word may now spell a legal form ("Limted" -> limited)
            again = analyze(" ".join(out), kind)
            if not again.empty:
                out = list(again.tokens)
                legal |= again.legal
            changed = True
        rewritten = [t.org_canonical.get(token, token) for token in out]
        if rewritten != out:
            out, changed = rewritten, True
        while len(out) > 2 and out[-1] in QUALIFIER_WORDS:  # "... Dubai Branch" without punctuation
            out.pop()
            while len(out) > 2 and (out[-1] in t.places or to_iso2(out[-1]) is not None):
                out.pop()
            changed = True
    if not changed or not out:
        return form
    given = form.given_start if kind == PERSON and len(out) == len(form.tokens) else None
    return NameForm(
        original=form.original,
        kind=kind,
        tokens=tuple(out),
        legal=frozenset(legal),
        script=form.script,
        script_tokens=form.script_tokens,
        compact="".join(out),
        key=" ".join(sorted(out)),
        phonetic=tuple(metaphone(w) for w in out),
        given_start=given,
    )


def _arabic_parts(tokens: list[str]) -> list[str]:
    """Abd al-Rahman / Abdel Rahman / Abdulrahman → abdul rahman; ibn / ben → bin."""
    out: list[str] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if _ABD.match(token) and k + 1 < len(tokens):
            nxt = k + 1
            if tokens[nxt] in _ARTICLES and nxt + 1 < len(tokens):
                nxt += 1
            out += ["abdul", tokens[nxt]]
            k = nxt + 1
            continue
        joined = _ABD_JOINED.match(token)
        if joined is not None:
            out += ["abdul", joined.group("rest")]
        else:
            out.append(_PATRONYMIC.get(token, token))
        k += 1
    return out


@lru_cache(maxsize=65536)
def _typo_of_generic(token: str) -> str | None:
    """A generic organisation word or legal form this token misspells by one edit (Comapny, Limted)."""
    for word in _generic_vocabulary():
        if word != token and abs(len(word) - len(token)) <= 1 and OSA.distance(token, word, score_cutoff=1) <= 1:
            return word
    return None


_VOCABULARY: list[tuple[str, ...]] = []  # reference data, made once


def _generic_vocabulary() -> tuple[str, ...]:
    if not _VOCABULARY:
        _VOCABULARY.append(_make_vocabulary())
    return _VOCABULARY[0]


def _make_vocabulary() -> tuple[str, ...]:
    words = {w for w in tables().generic_org if len(w) >= TYPO_MIN_LENGTH - 1}
    words |= {w for w in GENERIC_ORG_WORDS if len(w) >= TYPO_MIN_LENGTH - 1}
    words |= {"company", "limited", "corporation", "incorporated", "international", "industries", "enterprises"}
    return tuple(sorted(words))


def _symbol_view(query: NameForm, candidate: NameForm) -> NameForm | None:
    """The query with each name part replaced by a candidate part of the same rigour name/nickname group."""
    symbols = tables().person_symbols
    theirs = set(candidate.tokens)
    mine = set(query.tokens)
    out = list(query.tokens)
    changed = False
    for k, token in enumerate(query.tokens):
        if token in theirs:
            continue
        own = symbols.get(token)
        sound = query.phonetic[k] if len(token) >= 4 and len(query.phonetic[k]) >= 3 else ""
        if own is None and not sound:
            continue
        for n, other in enumerate(candidate.tokens):
            if other not in mine and other not in out:
                group = symbols.get(other)
                if (own is not None and group is not None and not own.isdisjoint(group)) or (
                    sound and candidate.phonetic[n] == sound and len(other) >= 4
                ):
                    out[k] = other
                    changed = True
                    break
    if not changed:
        return None
    return NameForm(query.original, query.kind, tuple(out), query.legal, query.script, query.script_tokens,
                    "".join(out), " ".join(sorted(out)), tuple(metaphone(w) for w in out), query.given_start)


@lru_cache(maxsize=65536)
def _acronym_words(original: str) -> tuple[tuple[str, bool], ...]:
    """Every word of an organisation name with its legal form (read as OTHER: nothing removed), each with
    whether it may be left out of an acronym (generic words, legal forms, particles)."""
    t = tables()
    words = analyze(original, OTHER).tokens
    return tuple((w, w in t.generic_org or w in GENERIC_ORG_WORDS or len(w) <= 2) for w in words)


def _acronym_of(acronym: str, words: tuple[tuple[str, bool], ...]) -> bool:
    """True when ``acronym`` spells the initials of ``words`` in order, each optional word used or left out."""
    n = len(acronym)
    reach = {0}
    for word, optional in words:
        nxt = {p + 1 for p in reach if p < n and acronym[p] == word[0]}
        if optional:
            nxt |= reach
        reach = nxt
        if not reach:
            return False
    return n in reach


def _acronym(query: NameForm, candidate: NameForm) -> float:
    for short, long in ((query, candidate), (candidate, query)):
        if len(short.tokens) != 1 or len(long.tokens) < 2:
            continue
        token = short.tokens[0]
        if 2 <= len(token) <= 8 and token.isalpha() and len(long.tokens) <= 10:
            words = _acronym_words(long.original)
            if sum(1 for _, optional in words if not optional) >= 2 and _acronym_of(token, words):
                return 1.0
    return 0.0


def _numbers(form: NameForm) -> frozenset[str]:
    return frozenset(t for t in form.tokens if t.isdigit())


def name_features(query: NameForm, candidate: NameForm) -> NameFeatures:
    """Compare two analysed names of the candidate's kind with every view (module docstring)."""
    literal = score_names(query, candidate)
    values = {"name_literal": literal.score}
    best, view, top = literal, "name_literal", literal.score * W_LITERAL
    kind = candidate.kind
    if top < 1.0:
        q_canon = canonical(query.original, query.kind)
        c_canon = canonical(candidate.original, candidate.kind)
        if q_canon is not query or c_canon is not candidate:
            scored = score_names(q_canon, c_canon)
            values["name_canonical"] = scored.score
            if scored.score * W_CANONICAL > top:
                best, view, top = scored, "name_canonical", scored.score * W_CANONICAL
        else:
            q_canon, c_canon = query, candidate
        if kind == PERSON and top < W_SYMBOLS:
            swapped = _symbol_view(q_canon, c_canon)
            if swapped is not None:
                scored = score_names(swapped, c_canon)
                values["name_symbols"] = scored.score
                if scored.score * W_SYMBOLS > top:
                    best, view, top = scored, "name_symbols", scored.score * W_SYMBOLS
        if kind == ORG and top < W_ACRONYM and _acronym(query, candidate):
            values["acronym"] = 1.0
            best = NameScore(1.0, query.tokens, candidate.tokens, (), "acronym")
            view, top = "acronym", W_ACRONYM
    else:
        q_canon, c_canon = query, candidate
    qualifiers: dict[str, float] = {}
    if top >= 0.5:
        mine, theirs = _numbers(q_canon), _numbers(c_canon)
        if mine and theirs and mine != theirs:
            qualifiers["number_mismatch"] = NUMBER_MISMATCH
        if kind == ORG and query.legal and candidate.legal and query.legal.isdisjoint(candidate.legal):
            qualifiers["legal_form_conflict"] = LEGAL_FORM_CONFLICT
    return NameFeatures(top, best, view, values, qualifiers)


WEIGHTS = {"name_literal": W_LITERAL, "name_canonical": W_CANONICAL, "name_symbols": W_SYMBOLS, "acronym": W_ACRONYM}
