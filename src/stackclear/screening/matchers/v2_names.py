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
* ``name_abbreviation`` (0.95) — an organisation word replaced by the other name's word it abbreviates
  (Avn/Aviation, Rsch/Research, Imp.-Exp./Import-Export);
* ``name_skeleton`` (0.85) — a person's name in Arabic script or Japanese kana against a Latin one, compared by
  consonant skeletons (v1's, with particles dropped; for kana l = r); also v1's own skeleton comparison of an
  Arabic-script name and the swap view's skeleton swaps for such a name (consonants only: Ehsan/Hosein);
* ``acronym`` (0.9; a three-letter acronym 0.85 × 0.9, review) — an organisation's acronym against its
  words, generic words and legal form optional ("CETC" = "China Electronics Technology Group Corporation").

* ``name_script`` (0.95) — a name in Han, Hangul, kana, Cyrillic or Arabic script read the way the listed
  Latin name is written (:mod:`.v2_scripts`).

Cyrillic names are read a second time by BGN/PCGN (iuliia's table), the lists' usual romanisation, in the
canonical view (Минатех = Minatekh, where ICU writes Minateh).

Qualifiers (added): ``unmatched_names`` (people: −0.1 for each distinctive name part of either name beyond
the first that the other leaves unmatched — "Adolfo Vargas" is not "VARGAS LOPEZ, Gustavo Adolfo"; −0.15 more
when a query written in Han/Hangul characters leaves a listed part over), ``unmatched_initial`` (people: −0.06
for each initial of the query no listed part takes — "H Muammar Gaddafi" ranks "GADDAFI, Hannibal Muammar"
above "GADDAFI, Muammar"),
``number_mismatch`` (−0.3: "Ocean Pearl 3" / "Ocean Pearl 4", "Fund II" / "Fund III"),
``legal_form_conflict`` (−0.3 on top of v1's −0.03: the same words with another legal form — a German AG and
its GmbH namesake, an LP and an LLC — name another company until a reviewer says otherwise).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text
from rapidfuzz import process
from rapidfuzz.distance import OSA
from rigour.names import extract_org_types
from rigour.text import metaphone

from stackclear.names.analyze import ORG, OTHER, PERSON, NameForm, analyze
from stackclear.names.text import clean_text
from stackclear.screening.matchers.v1_names import GENERIC_ORG_WORDS, PERSON_PARTICLES, NameScore, score_names
from stackclear.screening.matchers.v1_romanize import skeleton
from stackclear.screening.matchers.v2_scripts import (
    W_SCRIPT,
    clear_spans,
    cyrillic_reading,
    korean_key,
    korean_surname_spelling,
    same_korean_surname,
    script_score,
)
from stackclear.screening.matchers.v2_tables import LEGAL_FAMILIES, QUALIFIER_WORDS, data_rows, tables
from stackclear.screening.matchers.v2_translit import korean_same, korean_syllables, wade_giles_same, wade_giles_words
from stackclear.screening.parsers.countries import to_iso2

W_LITERAL = 1.0
W_CANONICAL = 0.98
W_SYMBOLS = 0.95
W_ACRONYM = 0.9
W_ABBREVIATION = 0.95
LEGAL_SPELLED_FLOOR = 0.3  # a name this close otherwise has its legal form read as the listed one spelt another way
W_SKELETON = 0.85
SWAP_FACTOR = 0.95  # each replaced name part
UNMATCHED_NAME = -0.1  # people: each distinctive name part (either side) left unmatched beyond UNMATCHED_FREE
UNMATCHED_FREE = 0
UNMATCHED_SYLLABLE = -0.15
UNMATCHED_INITIAL = -0.06  # people: each initial of the query no listed name part takes (a ranking signal)
SHORT_ACRONYM = 0.85  # a three-letter acronym fits many names: review, not a hit
LOOSE_ACRONYM = -0.03  # an acronym leaving out some words of the name ranks after one spelling every word
BARE_ACRONYM_CAP = 0.75  # a one-word name read as the acronym of part of a longer name (v1's ACRONYM_ALONE_CAP)
NUMBER_MISMATCH = -0.3
LEGAL_FORM_CONFLICT = -0.3
TYPO_MIN_LENGTH = 6
EVIDENCE_MARGIN = 0.1  # the most the evidence qualifiers can add (0.03 each for country, birth date, address)

#: Features switched off (ablation in bench/eval_matcher_ablation.py; always empty in use).
DISABLED: set[str] = set()

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
    legal_spelled: bool = False  # the best view reads the query's legal form as the listed one spelt another way


_CITIES: list[frozenset[str]] = []  # reference data, loaded once per process (not a query cache)


def _cities() -> frozenset[str]:
    """Names of large cities (``data/v2_cities.txt``, from GeoNames by tools/build_city_table.py), as words."""
    if not _CITIES:
        _CITIES.append(frozenset(row[0] for row in data_rows("v2_cities.txt")))
    return _CITIES[0]


def _city_before(tokens: list[str], end: int) -> int:
    """The start of a city name of one to three words ending just before ``end`` ("St. Petersburg" in
    "... St. Petersburg Branch"), or ``end`` when there is none."""
    cities = _cities()
    for size in (3, 2, 1):
        if end - size >= 0 and " ".join(tokens[end - size : end]) in cities:
            return end - size
    return end


def _is_qualifier(words: list[str]) -> bool:
    t = tables()
    if not words:
        return False
    start = _city_before(words, len(words))
    if start < len(words):  # a city, alone or after an office word ("Branch Office Kuala Lumpur")
        return start == 0 or _is_qualifier(words[:start])
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
    if not _is_qualifier(list(words)) and not (len(words) <= 6 and any(w in QUALIFIER_WORDS for w in words)):
        return None
    head = analyze(found.group("head"), kind)
    return None if head.empty else head


_TEXT_WORD = re.compile(r"[^\W\d_]+")
_WORD_PUNCT = re.compile(r"\s*[-,;:]+\s*")


def _spaced(text: str) -> str:
    """Hyphens, commas, semicolons and colons between words read as spaces ("LIMITED , LIABILITY COMPANY",
    "Limited-Liability Company"): the legal form is found whatever punctuation a typist put inside it."""
    return " ".join(_WORD_PUNCT.sub(" ", text).split())
_PARTICLE_SPELLINGS = {"abo": "abu", "abou": "abu"}


def _fold(text: str) -> str:
    """Latin letters without their diacritics (Ç → C, Ï → I), so that legal forms are recognised."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _repair_word(word: str) -> str:
    return _repair_lower(word.lower()) or word


@lru_cache(maxsize=65536)
def _repair_lower(lower: str) -> str:
    """One word of an organisation name repaired against the legal-form and generic-word vocabulary: a
    one-letter typo (two for long words) corrected, words glued together split ("OPENJOINT", "LLCkinef");
    "" when the word stays as it is."""
    if len(lower) < 5 or lower in _vocabulary_set() or lower in tables().org_symbols:
        return ""
    limit = 2 if len(lower) >= 9 else 1
    # only words within ``limit`` letters of its length can be within ``limit`` edits: the same best word (the
    # first of the lowest distance, in the vocabulary's order) among fewer
    found = process.extractOne(lower, _vocabulary_near(len(lower), limit), scorer=OSA.distance, score_cutoff=limit)
    if found is not None:
        return str(found[0])
    legal = tables().legal_words
    known = _vocabulary_set() | legal
    for at in range(3, len(lower) - 2):
        head, tail = lower[:at], lower[at:]
        if head in known and (tail in known or head in legal):
            return head + " " + tail
    return ""


def _repair(text: str) -> str:
    return _TEXT_WORD.sub(lambda m: _repair_word(m.group(0)), _fold(text))


def _merge_split_words(tokens: list[str]) -> list[str]:
    """Adjacent tokens that together spell a generic word ("Inter National" → international)."""
    known = _vocabulary_set()
    out: list[str] = []
    k = 0
    while k < len(tokens):
        if k + 1 < len(tokens) and tokens[k] + tokens[k + 1] in known and len(tokens[k]) >= 3:
            out.append(tokens[k] + tokens[k + 1])
            k += 2
            continue
        out.append(tokens[k])
        k += 1
    return out


_CANONICAL: dict[tuple[str, str], NameForm | None] = {}  # None: the name is its own canonical view
CANONICAL_MEMO = 131072


#: Canonical views of listed names, made once when the index is built (:func:`listed_canonical`): like the index
#: keys, part of the index, not a cache of queries (:func:`clear_canonical` leaves them).
_LISTED: dict[tuple[str, str], NameForm | None] = {}


def listed_canonical(form: NameForm) -> NameForm:
    """:func:`canonical` of a listed name, kept for the life of the process (called while indexing)."""
    key = (form.original, form.kind)
    found = _LISTED.get(key, form)
    if found is form:
        found = _canonical(form)
        _LISTED[key] = None if found is form else found
        return found
    return form if found is None else found


_NOT_FOUND = NameForm("", "", (), frozenset(), "", (), "", "", ())  # marks a name neither table holds (never stored)


def canonical(form: NameForm) -> NameForm:
    """The ``name_canonical`` view of an analysed name (see the module docstring); ``form`` itself when
    nothing changes (whichever object of that name is passed). Remembered per name (:func:`clear_canonical`)."""
    key = (form.original, form.kind)
    found = _LISTED.get(key, _NOT_FOUND)  # one lookup per table (this runs twice per name pair scored)
    if found is _NOT_FOUND:
        found = _CANONICAL.get(key, _NOT_FOUND)
    if found is not _NOT_FOUND:
        return form if found is None else found
    if len(_CANONICAL) >= CANONICAL_MEMO:
        _CANONICAL.clear()
    made = _canonical(form)
    _CANONICAL[key] = None if made is form else made
    return made


def clear_canonical() -> None:
    """Forget the canonical views of queries (and the swap view's parts of the last query)."""
    _CANONICAL.clear()
    _PARTS.clear()
    clear_spans()  # v2_scripts: the last query's reading spans


_PERSON_TRIGGERS: list[frozenset[str]] = []


def _person_triggers() -> frozenset[str]:
    """Tokens that make the canonical view of a person's name differ from the name (checked first: most names
    have none)."""
    if not _PERSON_TRIGGERS:
        t = tables()
        words = set(t.titles) | {a for a, _ in t.title_pairs} | set(t.numbers) | set(_PARTICLE_SPELLINGS)
        words |= set(_PATRONYMIC) | _NUMBER_MARKERS
        _PERSON_TRIGGERS.append(frozenset(words))
    return _PERSON_TRIGGERS[0]


def _canonical(form: NameForm) -> NameForm:
    original, kind = form.original, form.kind
    start = form
    if kind == PERSON and form.script == "LATIN":
        triggers = _person_triggers()
        if not any(t in triggers or t.startswith("abd") for t in form.tokens):
            return form
    if kind == ORG and form.script == "LATIN":
        repaired = _repair(original)
        if repaired != original:
            form = analyze(repaired, kind)
            original = repaired
        spaced = _spaced(original)
        if spaced != original:
            alt = analyze(spaced, kind)
            if alt.legal and len(alt.tokens) < len(form.tokens):  # a legal form written with punctuation inside
                form, original = alt, spaced
    if form.script == "CYRILLIC":  # the lists romanise Cyrillic by BGN/PCGN (х = kh), ICU by ISO 9 (х = h)
        form = analyze(cyrillic_reading(original, kind), kind)
    if kind != PERSON:
        cut = _strip_qualifier(original, kind)
        if cut is not None:
            form = cut
    t = tables()
    tokens = list(form.tokens)
    legal = set(form.legal)
    changed = form is not start
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
        if kind != PERSON and len(token) > 1 and token[0] == "0" and token.isdigit():
            token, changed = token.lstrip("0") or "0", True  # "02" = "2" = "Two"
        out.append(token)
    if kind == PERSON:
        merged = _arabic_parts([_PARTICLE_SPELLINGS.get(w, w) for w in out])
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
        joined = _merge_split_words(out)
        if joined != out:
            out, changed = joined, True
        rewritten = [t.org_canonical.get(token, token) for token in out]
        if rewritten != out:
            out, changed = rewritten, True
        end = _qualifier_cut(out)
        if end < len(out):
            out, changed = out[:end], True
    if not changed or not out:
        return start
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


def _qualifier_cut(tokens: list[str]) -> int:
    """Where an office qualifier written without punctuation starts ("... Dubai Branch", "... Representative
    Office in Moscow", "... Branch Office Colombia"): the first qualifier word among the last five tokens, with
    the places just before it; ``len(tokens)`` when there is none. At least one token stays."""
    t = tables()
    size = len(tokens)
    cut = size
    for k in range(max(1, size - 5), size):
        if tokens[k] in QUALIFIER_WORDS:
            cut = k
            break
    if cut == size or any(w.isdigit() for w in tokens[cut:]):  # "Branch 217" names a unit, not an office
        return size
    while cut > 1:
        if tokens[cut - 1] in t.places or to_iso2(tokens[cut - 1]) is not None:
            cut -= 1
        elif cut > 2 and to_iso2(tokens[cut - 2] + " " + tokens[cut - 1]) is not None:  # Hong Kong, Saudi Arabia
            cut -= 2
        elif 0 < _city_before(tokens, cut) < cut:  # a city ("... Shenzhen Branch", "... St. Petersburg Branch")
            cut = _city_before(tokens, cut)
        else:
            break
    return cut


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
        if joined is not None and not joined.group("rest").startswith(("lah", "llah", "allah")):
            out += ["abdul", joined.group("rest")]
        else:
            out.append(_PATRONYMIC.get(token, token))
        k += 1
    return out


_VOCABULARY: list[tuple[str, ...]] = []  # reference data, made once


def _generic_vocabulary() -> tuple[str, ...]:
    if not _VOCABULARY:
        _VOCABULARY.append(_make_vocabulary())
    return _VOCABULARY[0]


_VOCABULARY_SET: list[frozenset[str]] = []


def _vocabulary_set() -> frozenset[str]:
    if not _VOCABULARY_SET:
        _VOCABULARY_SET.append(frozenset(_generic_vocabulary()))
    return _VOCABULARY_SET[0]


_VOCABULARY_NEAR: dict[tuple[int, int], tuple[str, ...]] = {}  # reference data, made once per length


def _vocabulary_near(size: int, limit: int) -> tuple[str, ...]:
    """The generic vocabulary's words whose length is within ``limit`` of ``size``, in the vocabulary's order."""
    found = _VOCABULARY_NEAR.get((size, limit))
    if found is None:
        found = tuple(w for w in _generic_vocabulary() if abs(len(w) - size) <= limit)
        _VOCABULARY_NEAR[(size, limit)] = found
    return found


def _make_vocabulary() -> tuple[str, ...]:
    words = {w for w in tables().legal_words if len(w) >= TYPO_MIN_LENGTH - 1}
    words |= {w for w in tables().generic_org if len(w) >= TYPO_MIN_LENGTH - 1}
    words |= {w for w in GENERIC_ORG_WORDS if len(w) >= TYPO_MIN_LENGTH - 1}
    words |= {"company", "limited", "corporation", "incorporated", "international", "industries", "enterprises"}
    return tuple(sorted(words))


def _abbreviates(short: str, long: str) -> bool:
    """``short`` abbreviates ``long``: same first letter, its letters in order, at least two letters shorter
    (Avn/Aviation, Rsch/Research, Imp/Import)."""
    if len(short) < 2 or len(long) < len(short) + 2 or short[0] != long[0] or short.isdigit():
        return False
    at = 1
    for ch in short[1:]:
        at = long.find(ch, at) + 1
        if at == 0:
            return False
    return True


def _same_group(a: str, own: frozenset[str], b: str, theirs: frozenset[str]) -> bool:
    """Two name parts rigour puts in one Wikidata name group or nickname group; in a group of the nicknames
    package only a nickname and its full name (Bob/Robert), never two nicknames of one name (Molly/Mae); of the
    hypocorisms (``HF``/``HN``) a spelling of the full name and a short form or another spelling (Seryozha/Sergei,
    Sergey/Sergei), never two short forms."""
    for symbol in own & theirs:
        if symbol.startswith("HN:"):
            continue
        if not symbol.startswith("NN:") or symbol[3:] in (a, b):
            return True
    for one, two in ((own, theirs), (theirs, own)):
        for symbol in one:
            if symbol.startswith("HN:") and "HF:" + symbol[3:] in two:
                return True
    return False


def _short_form_of(short: str, name: str, shorts: dict[str, frozenset[str]]) -> bool:
    """``short`` is a short form of a full name that ``name`` spells in some romanisation (Sasha/Alexander:
    the metaphone key of ``name`` is one of a spelling of Aleksandr); ``shorts`` is ``tables().nick_sounds``."""
    sounds = shorts.get(short)
    return sounds is not None and name != short and metaphone(name) in sounds


#: Spelling conventions of the Latin romanisations of one name (German, French, English of Russian and Arabic
#: names: Wjatscheslaw/Vyacheslav, Iouri/Yuriy, Alexej/Aleksey, Anouar/Anwar, Ameer/Amir, Michail/Mikhail),
#: applied in this order; then j = y = i and doubled letters are one.
_TRANSLIT_FOLD = (("tsch", "ch"), ("sch", "sh"), ("iou", "yu"), ("oua", "wa"), ("oue", "we"), ("ou", "u"),
                  ("oo", "u"), ("ee", "i"), ("ph", "f"), ("x", "ks"), ("w", "v"), ("kh", "h"), ("ch", "h"),
                  ("dj", "j"), ("j", "i"), ("y", "i"), ("ai", "ei"))
_DOUBLED = re.compile(r"(.)\1+")


def _undouble(text: str) -> str:
    """``_DOUBLED.sub(r"\\1", text)`` (each run of one character written once; a line break is not a character
    ``.`` matches) without the regular expression's template expansion, the cost of :func:`translit_key`."""
    previous = ""
    for ch in text:
        if ch == previous and ch != "\n":
            break
        previous = ch
    else:
        return text  # most words: no doubled letter
    out: list[str] = []
    previous = ""
    for ch in text:
        if ch != previous or ch == "\n":
            out.append(ch)
        previous = ch
    return "".join(out)


@lru_cache(maxsize=65536)
def translit_key(token: str) -> str:
    """One spelling of a Latin name part for all its romanisations (:data:`_TRANSLIT_FOLD`); vowels other than
    those the conventions write differently stay apart (Amir is not Omar, Sergei is not Sergio)."""
    for old, new in _TRANSLIT_FOLD:
        if old in token:
            token = token.replace(old, new)
    return _undouble(token)


#: One Korean syllable written in Latin letters (Revised, McCune-Reischauer or DPRK romanisation).
_KOREAN_SYLLABLE = re.compile(
    r"^(?:kk|tt|pp|ss|jj|ch|k|g|n|d|t|r|l|m|b|p|s|j|h)?(?:yeo|yae|wae|eo|ae|ya|yo|yu|ye|wa|wo|we|wi|oe|ui|eu|a|e|i|o|u)"
    r"(?:ng|n|k|l|m|p)?$"
)
_NAME_FORMS: dict[str, str] = {}


def _name_forms() -> dict[str, str]:
    if not _NAME_FORMS:
        _arabic_name("")
    return _NAME_FORMS


def _arabic_name(token: str) -> str:
    """The Arabic name a Turkish, Persian or Maghrebi form stands for (``data/v2_name_forms.tsv``), else itself."""
    if not _NAME_FORMS:
        _NAME_FORMS.update((row[0], row[1]) for row in data_rows("v2_name_forms.tsv"))
    return _NAME_FORMS.get(token, token)


@lru_cache(maxsize=65536)
def translit_same(a: str, b: str) -> bool:
    """Two name parts that are one name in two romanisations (:func:`translit_key`, four letters or more), or in
    two languages' forms of one Arabic name (Mehmet/Mohammad, Reza/Rida: ``data/v2_name_forms.tsv``, then the
    same rigour name group or the same :func:`translit_key`)."""
    if a == b:
        return True
    # four letters at least on one side, three on the other (Noor/Nur; not Yan/Ian)
    if min(len(a), len(b)) >= 3 and max(len(a), len(b)) >= 4 and translit_key(a) == translit_key(b):
        return True
    one, two = _arabic_name(a), _arabic_name(b)
    if one is a and two is b:
        return False
    if one == two or translit_key(one) == translit_key(two):
        return True
    symbols = tables().person_symbols
    mine, theirs = symbols.get(one, frozenset()), symbols.get(two, frozenset())
    return any(s.startswith("NAME:") for s in mine & theirs)


def _korean(tokens: tuple[str, ...]) -> bool:
    """Every part is one Korean syllable in Latin letters ("HWANG, Gyeong Nam"), or a spelling of a Korean surname
    (Rhee, Park: ``data/v2_korean_surnames.tsv``)."""
    return all(_KOREAN_SYLLABLE.match(t) or korean_surname_spelling(t) for t in tokens)


def _translit_same(a: str, b: str, korean: bool = False) -> bool:
    """:func:`translit_same`, or (``korean``: both names are Korean syllables) one syllable in two
    romanisations (Gyeong/Kyong, Kang/Gang, Cheol/Chol: :func:`.v2_scripts.korean_key`)."""
    return translit_same(a, b) or (korean and (korean_key(a) == korean_key(b) or same_korean_surname(a, b))) or \
        wade_giles_same(a, b)


def _given_name_spelling(a: str, b: str) -> bool:
    """In the name of an organisation or a vessel (a person's name registered as a company, a ship named after a
    person), one given name in two romanisations: Aleksandr/Alexander, Ameer/Amir, Mehmet/Muhammad (one rigour
    Wikidata name group, or :func:`translit_same`); four letters or more on both sides."""
    if len(a) < 4 or len(b) < 4:
        return False
    if translit_same(a, b):
        return True
    symbols = tables().person_symbols
    mine, theirs = symbols.get(a), symbols.get(b)
    return (mine is not None and theirs is not None and metaphone(a) == metaphone(b)
            and any(s.startswith("NAME:") for s in mine & theirs))


class _Token:
    """What the swap view reads of one person's name part whatever the other name is: its :func:`translit_key`
    (parts of four letters or more; ``short_key`` for three), whether ``data/v2_name_forms.tsv`` names it, its
    rigour name symbols, the metaphone keys of the full names it is a short form of (``tables().nick_sounds``) and
    whether it reads as a Korean syllable or surname, and its metaphone key. One record per part instead of five
    table lookups per part and candidate; made once per listed part while the index is built
    (:data:`_LISTED_TOKENS`), else per query."""

    __slots__ = ("key", "short_key", "in_forms", "symbols", "sounds", "korean", "metaphone")

    def __init__(self, token: str) -> None:
        t = tables()
        size = len(token)
        self.metaphone = metaphone(token)  # read against the other name's short-form sounds (_short_form_of)
        self.key = translit_key(token) if size >= 4 else ""
        self.short_key = translit_key(token) if size == 3 else ""
        self.in_forms = token in _name_forms()
        self.symbols: frozenset[str] | None = t.person_symbols.get(token)
        self.sounds: frozenset[str] | None = t.nick_sounds.get(token)
        self.korean = _KOREAN_SYLLABLE.match(token) is not None or korean_surname_spelling(token)


#: :class:`_Token` of the parts of listed people's names (and of their canonical views), made once when the index is
#: built (:func:`remember_listed`): like the canonical views of :data:`_LISTED`, part of the index, not a query cache
#: (an index read from the disk cache does not fill it: its parts' records are made per query, as a query's are).
_LISTED_TOKENS: dict[str, _Token] = {}


def _token(token: str) -> _Token:
    found = _LISTED_TOKENS.get(token)
    return _Token(token) if found is None else found


#: :func:`legal_families` of listed organisation names, made once when the index is built (as :data:`_LISTED_TOKENS`).
_LISTED_LEGAL: dict[str, frozenset[str]] = {}


def remember_listed(form: NameForm) -> None:
    """Keep what the swap view reads of a listed person's name parts, and the legal forms of a listed
    organisation's name (called while indexing)."""
    if form.kind == ORG:
        if form.original not in _LISTED_LEGAL:
            _LISTED_LEGAL[form.original] = legal_families(form.original)
        return
    for token in form.tokens:
        if token not in _LISTED_TOKENS:
            _LISTED_TOKENS[token] = _Token(token)


class _Parts:
    """What the swap view reads of one name's parts whatever the other name is (:func:`_parts`): made once per
    query, not once per candidate."""

    __slots__ = ("form", "records", "keys", "short_keys", "in_forms", "in_symbols", "in_shorts", "_korean", "_groups")

    def __init__(self, form: NameForm) -> None:
        self.form = form  # kept: the slot is found by identity (:func:`_parts`)
        #: the :class:`_Token` of each part (a listed part's record is the index's)
        self.records = records = tuple(_token(x) for x in form.tokens)
        #: translit_key of each part of four letters or more ("" for the others), and of each three-letter part
        self.keys = tuple(r.key for r in records)
        self.short_keys = tuple(r.short_key for r in records)
        self.in_forms = tuple(r.in_forms for r in records)
        self.in_symbols = tuple(r.symbols is not None for r in records)
        self.in_shorts = tuple(r.sounds is not None for r in records)
        self._korean: bool | None = None
        self._groups: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    @property
    def korean(self) -> bool:
        """More than one part, each a Korean syllable or surname spelling (:func:`_korean`), asked only when the
        other name has more than one part too."""
        if self._korean is None:
            self._korean = len(self.records) > 1 and all(r.korean for r in self.records)
        return self._korean

    def groups(self, k: int) -> tuple[frozenset[str], frozenset[str]]:
        """:func:`_same_group` of part ``k`` as two sets (made on first use): ``_same_group(part, own, b, theirs)``
        is ``not shared.isdisjoint(theirs) or (b in nicknames and "NN:" + b in theirs)`` — ``shared``: its symbols
        other than hypocorisms (``HN:``) and nickname groups of other names (``NN:`` + another name), with ``HF:`` +
        x for each of its ``HN:`` x and ``HN:`` + x for each of its ``HF:`` x; ``nicknames``: the names of its
        other nickname groups."""
        found = self._groups.get(k)
        if found is None:
            own = self.records[k].symbols
            token = self.form.tokens[k]
            shared: set[str] = set()
            nicknames: set[str] = set()
            for symbol in own or ():
                if symbol.startswith("HN:"):
                    shared.add("HF:" + symbol[3:])
                elif symbol.startswith("NN:") and symbol[3:] != token:
                    nicknames.add(symbol[3:])
                else:
                    shared.add(symbol)
                    if symbol.startswith("HF:"):
                        shared.add("HN:" + symbol[3:])
            found = self._groups[k] = (frozenset(shared), frozenset(nicknames))
        return found


_PARTS: list[_Parts] = []  # the last query's parts (one slot; emptied with the query caches)


def _parts(form: NameForm) -> _Parts:
    """:class:`_Parts` of ``form``, remembered for the form last asked about (the query, candidate after
    candidate)."""
    if _PARTS and _PARTS[0].form is form:
        return _PARTS[0]
    made = _Parts(form)
    if _PARTS:
        _PARTS[0] = made
    else:
        _PARTS.append(made)
    return made


def _any_spelled(
    mine: tuple[str, ...], open_mine: list[int], theirs: tuple[str, ...], open_theirs: list[str],
    parts: _Parts | None = None, records: list[_Token] | None = None,
) -> bool:
    """``any(_translit_same(mine[k], other, korean) for k in open_mine for other in open_theirs)`` with ``korean``
    as in :func:`_swap_view` (both names all Korean syllables), without comparing every pair: parts no name-form
    row names are the same name only by :func:`translit_key` (four letters or more), compared as keys. ``parts``:
    the :class:`_Parts` of a form whose tokens are ``mine`` (made here when not given); ``records``: the
    :class:`_Token` of each part of ``open_theirs`` (likewise)."""
    side = _Parts(NameForm("", PERSON, mine, frozenset(), "LATIN", (), "", "", (), None)) if parts is None else parts
    theirs_records = [_token(other) for other in open_theirs] if records is None else records
    keys, short_keys = side.keys, side.short_keys
    any_key = False
    any_short = False
    for k in open_mine:
        if keys[k]:
            any_key = True
        elif short_keys[k]:
            any_short = True
    if any_key or any_short:
        for at, other in enumerate(open_theirs):
            size = len(other)
            if size >= 4:
                key = theirs_records[at].key
                for k in open_mine:
                    if keys[k] == key or (short_keys[k] and short_keys[k] == key):
                        return True
            elif size == 3 and any_key:  # Nur/Noor: three letters on one side
                key = theirs_records[at].short_key
                for k in open_mine:
                    if keys[k] and keys[k] == key:
                        return True
    in_forms = side.in_forms
    if any(in_forms[k] for k in open_mine) or any(r.in_forms for r in theirs_records):
        for k in open_mine:
            token = mine[k]
            for at, other in enumerate(open_theirs):
                if (in_forms[k] or theirs_records[at].in_forms) and translit_same(token, other):
                    return True
    if len(theirs) > 1 and side.korean and all(_token(t).korean for t in theirs):
        if any(korean_key(mine[k]) == korean_key(other) or same_korean_surname(mine[k], other)
               for k in open_mine for other in open_theirs):
            return True
    # a Chinese syllable in Wade-Giles on one side, in pinyin on the other (Hsu/Xu, Chou/Zhou: v2_translit)
    paired = wade_giles_words()
    if any(mine[k] in paired for k in open_mine) and any(o in paired for o in open_theirs):
        return any(wade_giles_same(mine[k], other) for k in open_mine for other in open_theirs)
    return False


def _swap_person(query: NameForm, candidate: NameForm) -> NameForm | None:
    """:func:`_swap_view` of a person's name, each part's tables read once (:class:`_Parts`, :class:`_Token`)."""
    # a consonant skeleton is evidence only across scripts; Han and Hangul syllables are compared by v2_scripts
    translit = query.script != "LATIN" and (query.script not in ("HAN", "HANGUL") or is_japanese(query.original))
    mine = query.tokens
    theirs = candidate.tokens
    open_mine = [k for k, token in enumerate(mine) if token not in theirs]
    if not open_mine:
        return None
    open_theirs = [other for other in theirs if other not in mine]
    if not open_theirs:
        return None
    records = [_token(other) for other in open_theirs]
    their_shorts = any(r.sounds is not None for r in records)
    side = _parts(query)
    spelled = _any_spelled(mine, open_mine, theirs, open_theirs, side, records)
    # used if spelled
    korean = spelled and len(theirs) > 1 and side.korean and all(_token(t).korean for t in theirs)
    if not translit and not spelled and not their_shorts:
        if not any(side.in_symbols[k] for k in open_mine):
            return None
        if not any(r.symbols is not None for r in records) and not any(side.in_shorts[k] for k in open_mine):
            return None
    out = list(mine)
    changed = False
    for k in open_mine:
        token = mine[k]
        mine_record = side.records[k]
        own = mine_record.symbols
        sound = skeleton(token) if translit and len(token) >= 4 else ""
        if own is None and len(sound) < 3 and not their_shorts and not spelled:
            continue
        sounds = mine_record.sounds
        for at, other in enumerate(open_theirs):
            if other in out:
                continue
            record = records[at]
            group = record.symbols
            same = False
            if own is not None and group is not None:
                shared, nicknames = side.groups(k)
                same = not shared.isdisjoint(group) or (other in nicknames and "NN:" + other in group)
            same = (
                same
                or (len(sound) >= 3 and len(other) >= 4 and skeleton(other) == sound
                    and not (token[0] in "aeiou" and other[0] not in "aeiou"))  # Ehsan is not Hosein
                or (sounds is not None and other != token and record.metaphone in sounds)  # _short_form_of
                or (record.sounds is not None and token != other and mine_record.metaphone in record.sounds)
                or (spelled and _translit_same(token, other, korean))
            )
            if same:
                out[k] = other
                changed = True
                break
    if not changed:
        return None
    return _with_tokens(query, out)


def _with_tokens(query: NameForm, out: list[str]) -> NameForm:
    """``query`` with its tokens replaced by ``out`` (a view: the same original, kind, legal form and script)."""
    return NameForm(query.original, query.kind, tuple(out), query.legal, query.script, query.script_tokens,
                    "".join(out), " ".join(sorted(out)), tuple(metaphone(w) for w in out), query.given_start)


def _swap_view(query: NameForm, candidate: NameForm) -> NameForm | None:
    """The query with each unmatched part replaced by an unmatched candidate part it is a variant of: for
    people, the same rigour name/nickname group, a short form of a spelling of the full name (Sasha/Alexander)
    or the same consonant skeleton (Qasim/Kassem) (:func:`_swap_person`); for organisations, an abbreviation of the
    word (either way round)."""
    if query.kind == PERSON:
        return _swap_person(query, candidate)
    # organisations (and vessels): an abbreviation, either way round, or a given name in two romanisations
    mine = query.tokens
    theirs = candidate.tokens
    open_mine = [k for k, token in enumerate(mine) if token not in theirs]
    if not open_mine:
        return None
    open_theirs = [other for other in theirs if other not in mine]
    if not open_theirs:
        return None
    latin = query.script == "LATIN" and candidate.script == "LATIN"  # syllables read from Han are not given names

    def same(token: str, other: str) -> bool:
        return _abbreviates(token, other) or _abbreviates(other, token) or (
            latin and _given_name_spelling(token, other)
        ) or (
            # a Chinese syllable in Wade-Giles and pinyin (Zhou Chien = Zhou Qian), in names of two words or
            # more (a lone "Kan" is no acronym "GAN")
            latin and len(mine) > 1 and len(theirs) > 1 and wade_giles_same(token, other)
        )

    return _replace_open(query, open_mine, open_theirs, same)


def _replace_open(query: NameForm, open_mine: list[int], open_theirs: list[str],
                  same: Callable[[str, str], bool]) -> NameForm | None:
    """``query`` with each open part (index in ``open_mine``) replaced by the first open candidate part not used
    yet that ``same`` accepts; None when no part is replaced."""
    mine = query.tokens
    out = list(mine)
    changed = False
    for k in open_mine:
        for other in open_theirs:
            if other not in out and same(mine[k], other):
                out[k] = other
                changed = True
                break
    if not changed:
        return None
    return _with_tokens(query, out)


def _vessel_view(query: NameForm, candidate: NameForm) -> NameForm | None:
    """A vessel's name with each word the listed name lacks replaced by a listed word that is the same given
    name or Chinese syllable in another romanisation (Yuri/Yury, Alexei/Aleksey: :func:`_given_name_spelling`)
    or, both names being Korean syllables, the same syllable (Kang/Gang); numbers are never replaced (Ocean
    Pearl 3 is not Ocean Pearl 4). None when no word is replaced."""
    mine, theirs = query.tokens, candidate.tokens
    open_mine = [k for k, token in enumerate(mine) if token not in theirs and not token.isdigit()]
    if not open_mine:
        return None
    open_theirs = [other for other in theirs if other not in mine and not other.isdigit()]
    if not open_theirs:
        return None
    korean = korean_syllables(tuple(t for t in mine if not t.isdigit())) and korean_syllables(
        tuple(t for t in theirs if not t.isdigit()))

    def same(token: str, other: str) -> bool:
        return (_given_name_spelling(token, other) or (korean and korean_same(token, other))
                or (len(mine) > 1 and len(theirs) > 1 and wade_giles_same(token, other)))

    return _replace_open(query, open_mine, open_theirs, same)


#: Full names looked up per short form at most (:func:`full_name_forms`): Alex stands for six, Sam for five.
FULL_NAMES = 8


def full_name_forms(form: NameForm) -> list[NameForm]:
    """A person's name with a short form replaced by each full name it stands for and each spelling of those
    ("Alex Zorbak" → "alejandro zorbak", "aleksandr zorbak", "alexander zorbak" ...; "Lena" → Yelena, Elena), one
    form each, at most :data:`FULL_NAMES` per short form, for retrieval; none when the name has no short form.
    Writing out only the first full name missed the others ("Alex" is Alexander in the lists as often as
    Aleksandr or Alejandro)."""
    full = tables().nick_full
    out: list[NameForm] = []
    for k, token in enumerate(form.tokens):
        for name in full.get(token, ())[:FULL_NAMES]:
            tokens = (*form.tokens[:k], name, *form.tokens[k + 1 :])
            out.append(NameForm(form.original, form.kind, tokens, form.legal, form.script, form.script_tokens,
                                "".join(tokens), " ".join(sorted(tokens)), tuple(metaphone(w) for w in tokens),
                                form.given_start))
    return out


#: German and French spellings of Russian and Arabic given names written the English way the lists use, for
#: retrieval (:func:`respelt_form`): Sergej/Andrej = Sergey/Andrey, Jurij = Juriy, Michail = Mikhail,
#: Oussama = Ussama, Puschkin = Pushkin.
_RESPELL = ((re.compile(r"ej$"), "ey"), (re.compile(r"ij$"), "iy"), (re.compile(r"(?<=[aeiou])ch(?=[aeiou])"), "kh"),
            (re.compile(r"ou"), "u"), (re.compile(r"(?<!t)sch"), "sh"))


def respelt_form(form: NameForm) -> NameForm | None:
    """A Latin person's name with each part respelt for retrieval: the Arabic name a Turkish, Persian or Maghrebi
    form stands for (``data/v2_name_forms.tsv``: Mehmet = Muhammad, Brahim = Ibrahim), else the English spelling
    of a German or French romanisation (:data:`_RESPELL`); None when no part changes. Scoring compares the
    spellings themselves (:func:`translit_same`)."""
    out = []
    for token in form.tokens:
        spelled = _arabic_name(token)
        if spelled is token and ("j" in token or "ch" in token or "ou" in token):  # what _RESPELL rewrites
            for pattern, replacement in _RESPELL:
                spelled = pattern.sub(replacement, spelled)
            if spelled != token:
                spelled = _undouble(spelled)  # Oussama = Usama
        out.append(spelled)
    if out == list(form.tokens):
        return None
    return NameForm(form.original, form.kind, tuple(out), form.legal, form.script, form.script_tokens, "".join(out),
                    " ".join(sorted(out)), tuple(metaphone(w) for w in out), form.given_start)


def swaps(view: NameForm, query: NameForm) -> int:
    return sum(1 for a, b in zip(view.tokens, query.tokens, strict=True) if a != b)


_KANA = re.compile(r"[\u3040-\u30ff]")
_SKELETON_DROP = PERSON_PARTICLES | frozenset({"l"})
_ARABIC_PARTICLES = frozenset({"abw", "bn", "bnt"})  # abu, bin/ibn, bint read from Arabic script
#: Retrieval skeletons only: what katakana cannot write apart is one letter — the h of a digraph (kh, th, sh, zh:
#: ハリテー = harite for Harith, ズヘゥコフ for Zhukov) is dropped and f (the skeleton's v) is b (ブ = bu for v:
#: ベラベンテセブ for Belaventsev); doubled letters are one.
_RETRIEVAL_H = re.compile(r"(?<=[ktszdgcp])h")


def _retrieval_fold(bare: str) -> str:
    return _undouble(_RETRIEVAL_H.sub("", bare).replace("f", "b"))


def skeleton_form(form: NameForm, japanese: bool, retrieval: bool = False) -> NameForm | None:
    """A person's name as consonant skeletons (see :mod:`.v1_romanize`), particles dropped and an Arabic
    article glued to the next word cut (alqdr → qdr); for Japanese l is r (kana have no l).

    ``retrieval`` (the forms indexed and looked up, never the scored ones): the Arabic-script spellings of the
    particles (abw, bn, bnt) are dropped too, Abdul is Abd before l is read as r, Abd followed by Allah is one
    word (bd + lh, as "Abdallah"), and two words of two consonants suffice ("Abdul Rauf" = bd rf, "Omar Diaby" =
    mr db: the pair of skeletons is what is rare); one word alone needs four consonants, or three after a particle
    ("Abu Jarrah", "El Gordo" = jrh, grd)."""
    out: list[str] = []
    particle = False
    arabic = form.script == "ARABIC"
    written = form.script_tokens if arabic and len(form.script_tokens) == len(form.tokens) else ()
    for k, token in enumerate(form.tokens):
        if token in _SKELETON_DROP or (retrieval and token in _ARABIC_PARTICLES):
            particle = True
            continue
        if arabic and token.startswith("al") and len(token) > 4:
            token = token[2:]
            particle = particle or retrieval  # the article glued to the word: "الجوردو" is El Gordo
        if retrieval and written and written[k].endswith("ة") and token.endswith("t"):
            token = token[:-1]  # ta marbuta: حمزة is Hamza, أسامة Usama (the t is said only before another word)
        bare = skeleton(token)
        if retrieval and bare == "bdl":
            bare = "bd"
        if japanese:
            bare = bare.replace("l", "r")
        if retrieval and bare in ("lh", "rh") and out and out[-1] == "bd":
            out[-1] += bare
            continue
        if bare == "bdl":  # Abdul: the article of the next word glued to Abd
            bare = "bd"
        if len(bare) >= 2:
            out.append(bare)
    if retrieval:
        # one word alone: four consonants, or three after a particle (Abu Jarrah, El Gordo); two words: any
        if not out or (len(out) < 2 and len(out[0]) < 4 - particle):
            return None
        out = [_retrieval_fold(x) for x in out]
    elif sum(1 for x in out if len(x) >= 3) < 2:  # two-letter skeletons fit too many names to stand alone
        return None
    return NameForm(form.original, PERSON, tuple(out), frozenset(), "LATIN", (), "".join(out),
                    " ".join(sorted(out)), tuple(metaphone(w) for w in out), None)


def is_japanese(original: str) -> bool:
    return _KANA.search(original) is not None


@lru_cache(maxsize=65536)
def _acronym_words(original: str) -> tuple[tuple[str, bool], ...]:
    """Every word of an organisation name with its legal form (read as OTHER: nothing removed), each with
    whether it may be left out of an acronym (generic words, legal forms, particles)."""
    t = tables()
    words = analyze(original, OTHER).tokens
    kept = _org_words(original)
    return tuple((w, w not in kept or w in t.generic_org or w in GENERIC_ORG_WORDS or len(w) <= 2) for w in words)


def _org_words(original: str) -> frozenset[str]:
    """The words the analysis of an organisation keeps: a word of the full name not among them is part of its
    legal form ("JSC", "OOO", "GmbH", "Joint Stock Company"), which an acronym may leave out."""
    return frozenset(analyze(original, ORG).tokens)


@lru_cache(maxsize=65536)
def _acronym_letters(original: str) -> tuple[tuple[str, bool], ...]:
    """As :func:`_acronym_words`, with the letters of a dotted abbreviation each a word ("S.A. de C.V." = s a de
    c v) and function words optional."""
    t = tables()
    words = _TEXT_WORD.findall(_fold(original).lower())
    kept = _org_words(original)
    return tuple((w, w not in kept or w in _FUNCTION_WORDS or w in t.generic_org or w in GENERIC_ORG_WORDS
                  or len(w) <= 2) for w in words)


def _acronym_of(acronym: str, words: tuple[tuple[str, bool], ...]) -> bool:
    """True when ``acronym`` spells the initials of ``words`` in order, each optional word used or left out."""
    return spells_initials(acronym, "".join(word[0] for word, _ in words),
                           sum(1 << k for k, (_, optional) in enumerate(words) if optional))


def spells_initials(acronym: str, letters: str, optional: int) -> bool:
    """True when ``acronym`` spells the initials ``letters`` in order, initial k used or left out when bit k of
    ``optional`` is set (:func:`_acronym_of`; the acronym index keeps its listed names' initials so)."""
    n = len(acronym)
    reach = {0}
    for k, letter in enumerate(letters):
        nxt = {p + 1 for p in reach if p < n and acronym[p] == letter}
        if optional >> k & 1:
            nxt |= reach
        reach = nxt
        if not reach:
            return False
    return n in reach


_Reader = Callable[[str], tuple[tuple[str, bool], ...]]


def acronym_readings(original: str, words: _Reader | None = None,
                     letters: _Reader | None = None) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """The word readings an acronym of an organisation name is spelled from (:func:`_acronym_words`,
    :func:`_acronym_letters`, or the readers given: the acronym index passes their uncached forms), and for a name
    with a parenthesised part the same without it (session 8: "Quarvel Zombara Technology (Beijing) Co., Ltd." =
    QZTC; :func:`_exact_acronyms` already read it so)."""
    read_words = _acronym_words if words is None else words
    read_letters = _acronym_letters if letters is None else letters
    readings = (read_words(original), read_letters(original))
    if "(" not in original:
        return readings
    bare = " ".join(_PARENTHESISED.sub(" ", original).split())
    if not bare or bare == original:
        return readings
    return (*readings, read_words(bare), read_letters(bare))


@lru_cache(maxsize=65536)
def _inner_drops(acronym: str, words: tuple[tuple[str, bool], ...]) -> int:
    """How few optional words an acronym spelling ``words`` (:func:`_acronym_of`) leaves out between the first and
    the last word it spells: a leading or trailing block of optional words (a legal form, "Trading Company
    Limited") is left out freely. A large number when it does not spell them."""
    n, size = len(words), len(acronym)
    best = n + 1
    for start in range(n):
        if start and not words[start - 1][1]:
            break  # a distinctive word before the start would be left out
        for end in range(n, start, -1):
            if end < n and not words[end][1]:
                break  # likewise after the end
            # spell acronym with words[start:end], its first and last word used: fewest optional words left out
            part = words[start:end]
            if part[0][0][0] != acronym[0] or part[-1][0][0] != acronym[-1]:
                continue
            reach = {1: 0}  # letters spelled -> fewest words left out so far (the first word used)
            for word, optional in part[1:]:
                nxt: dict[int, int] = {}
                for p, cost in reach.items():
                    if p < size and acronym[p] == word[0] and cost < nxt.get(p + 1, n + 1):
                        nxt[p + 1] = cost
                    if optional and cost + 1 < nxt.get(p, n + 1):
                        nxt[p] = cost + 1
                reach = nxt
            # (a spelling that leaves the last word out counts it here, and is counted right at a nearer end)
            best = min(best, reach.get(size, best))
    return best


def _acronym(query: NameForm, candidate: NameForm) -> float:
    """1.0 when one name is an acronym of the other's words (4+ letters, 2+ distinctive words); SHORT_ACRONYM
    (review) for a three-letter acronym, or one spelling a single distinctive word with generic words or legal
    form letters ("WLSS" = World Line System S.A., "GSCV" = Geofarma S.A. de C.V.): such a form fits many names."""
    for short, long in ((query, candidate), (candidate, query)):
        if len(short.tokens) != 1 or not long.tokens or long.tokens == short.tokens:
            continue
        token = short.tokens[0]
        if 3 <= len(token) <= 8 and token.isalpha() and len(long.tokens) <= 10:
            best = 0.0
            for words in acronym_readings(long.original):
                distinctive = sum(1 for _, optional in words if not optional)
                if distinctive >= 1 and len(words) >= 2 and _acronym_of(token, words):
                    # session 8: an acronym leaving out two or more words inside the name ("CHHL" for Chengdu Huawei
                    # High-Tech Investment Co., Ltd. drops three and keeps Ltd.; CETC for China Electronics Technology
                    # Group Corporation drops one) fits many names, as a short one does (:func:`_inner_drops`)
                    usual = token in _exact_acronyms(long.original) or _inner_drops(token, words) <= 1
                    best = max(best, 1.0 if len(token) >= 4 and distinctive >= 2 and usual else SHORT_ACRONYM)
            if best:
                return best
    return 0.0


@lru_cache(maxsize=65536)
def legal_families(original: str) -> frozenset[str]:
    """The legal forms in a name (typos and diacritics repaired first), as families of rigour's specific forms
    (:data:`LEGAL_FAMILIES`)."""
    found = extract_org_types(clean_text(_repair(_spaced(original))))
    # a preposition is not a legal form ("Representative Office in London": rigour reads "in" as Inc.)
    return frozenset(LEGAL_FAMILIES.get(key, key) for key in (_latin_legal(compare) for alias, compare in found
                                                                if alias.lower() not in _FUNCTION_WORDS))


def _latin_legal(compare: str) -> str:
    """A legal form rigour compares in Cyrillic ("кб") compared as its Latin letters ("kb", as rigour compares the
    form written in Latin): "АО «КБ Луч»" and its list entry "JOINT STOCK COMPANY KB LUCH" have the same forms."""
    return compare if compare.isascii() else ascii_text(compare).lower()


def query_legal_families(original: str, best: NameScore) -> frozenset[str]:
    """:func:`legal_families` of a query name, less a legal-form word that abbreviates a word of the listed name
    the query left unmatched: against "Quonset Group", the "GP" of "Quonset GP" stands for Group, not for a
    general partnership (rigour reads it as a legal form). Called only when the query's forms conflict."""
    matched = {j for _, j, _ in best.good}
    unmatched = [t for j, t in enumerate(best.candidate_tokens) if j not in matched]
    return frozenset(family for alias, family in _query_legal_words(original)
                     if not any(_abbreviates(alias, word) for word in unmatched))


@lru_cache(maxsize=4096)
def _query_legal_words(original: str) -> tuple[tuple[str, str], ...]:
    """The legal-form words of a query name as written (dots left out) with their families."""
    found = extract_org_types(clean_text(_repair(_spaced(original))))
    return tuple((alias.lower().replace(".", ""), LEGAL_FAMILIES.get(compare, compare)) for alias, compare in found
                 if alias.lower() not in _FUNCTION_WORDS)


#: the legal forms of listed organisation names as written, words run together ("jointstockcompany"), with their
#: words' initials: made on first use per listed name (bounded by the lists, not a query cache)
_LISTED_FORM_WORDS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {}


def _listed_forms(original: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    forms = _LISTED_FORM_WORDS.get(original)
    if forms is None:
        found = extract_org_types(clean_text(_repair(_spaced(original))))
        forms = _LISTED_FORM_WORDS[original] = tuple(
            ("".join(words), "".join(w[0] for w in words), tuple(words))
            for words in (re.findall(r"[a-z]+", alias.lower()) for alias, _ in found) if len(words) >= 2)
    return forms


def _may_abbreviate(query: NameForm, candidate: NameForm, c_canon: NameForm) -> bool:
    """Some query word the listed name lacks could abbreviate a listed word the query lacks, or the other way
    round (same first letter, two letters shorter at least), and the canonical view changed a listed word: the
    test before :func:`_swap_view` of the names as written."""
    if all(w in c_canon.tokens for w in candidate.tokens):
        return False
    open_theirs = [w for w in candidate.tokens if w not in query.tokens]
    return any(t[0] == w[0] and abs(len(t) - len(w)) >= 2 for t in query.tokens if t and t not in candidate.tokens
               for w in open_theirs)


def _legal_abbreviated(query: NameForm, candidate: NameForm) -> NameForm | None:
    """The query without the words that abbreviate the listed name's legal form of two or more words: the
    word abbreviates the form's words run together and holds each word's initial in order (JSCo = Joint Stock
    Company; "Lima" is not "Limited Liability Company": no second l). None when no query word does."""
    open_mine = [t for t in query.tokens if t not in candidate.tokens and len(t) >= 3 and not t.isdigit()]
    if not open_mine:
        return None
    forms = _listed_forms(candidate.original)
    if not forms:
        return None
    dropped = {t for t in open_mine for joined, initials, _words in forms
               if _abbreviates(t, joined) and _in_order(initials, t)}
    if not dropped:
        return None
    kept = tuple(t for t in query.tokens if t not in dropped)
    if not kept:
        return None
    return NameForm(query.original, query.kind, kept, query.legal | candidate.legal, query.script,
                    query.script_tokens, "".join(kept), " ".join(sorted(kept)), tuple(metaphone(w) for w in kept),
                    query.given_start)


def _legal_respelt(query: NameForm, candidate: NameForm) -> NameForm | None:
    """The query with a run of its words that spells the listed name's legal form (of two or more words) another
    way written as the listed name writes it: each word the same, abbreviating the listed word or abbreviated by
    it (Ltd. Liability Partnership = Limited Liability Partnership; Limited Sti = Ltd Sti), or the initials of
    two or more listed words (S.A. de Capital Variable = Sociedad Anonima de Capital Variable). None when no run
    of the query does, or the run is already written as listed."""
    forms = _listed_forms(candidate.original)
    if not forms:
        return None
    words = _query_words(query.original)
    for _joined, _initials, listed in forms:
        for start in range(len(words)):
            end = _spell_run(words, start, listed, 0)
            if end is not None and words[start:end] != listed:
                read = analyze(" ".join([*words[:start], *listed, *words[end:]]), ORG)
                return None if read.empty else read
    return None


@lru_cache(maxsize=4096)
def _query_words(original: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", clean_text(_spaced(original.replace(".", ""))).lower()))


def _spell_run(words: tuple[str, ...], at: int, listed: tuple[str, ...], k: int) -> int | None:
    """Where the run of ``words`` from ``at`` that spells ``listed[k:]`` ends (see :func:`_legal_respelt`)."""
    if k == len(listed):
        return at
    if at == len(words):
        return None
    word, other = words[at], listed[k]
    if word == other or _abbreviates(word, other) or _abbreviates(other, word):
        end = _spell_run(words, at + 1, listed, k + 1)
        if end is not None:
            return end
    for size in range(2, len(listed) - k + 1):
        if word == "".join(w[0] for w in listed[k : k + size]):
            end = _spell_run(words, at + 1, listed, k + size)
            if end is not None:
                return end
    return None


def _in_order(letters: str, word: str) -> bool:
    at = 0
    for ch in letters:
        at = word.find(ch, at) + 1
        if at == 0:
            return False
    return True


def legal_conflict(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Two sets of legal-form families name other companies when each has a form the other lacks ("Oy Langvik
    Capital LLP" / "... Ltd": {oy, llp} / {oy, ltd}); one set inside the other ("X LLC" / "X LLC FZE") or no
    form on a side is no conflict."""
    return bool(mine) and bool(theirs) and not mine <= theirs and not theirs <= mine


def entry_legal_families(names: tuple[str, ...]) -> frozenset[str]:
    """The legal-form families of all of a listed entry's names (its name and aliases) together."""
    out: frozenset[str] = frozenset()
    listed = _LISTED_LEGAL
    for name in names:
        found = listed.get(name)
        out |= legal_families(name) if found is None else found
    return out


def _unmatched_names(best: NameScore) -> int:
    """Distinctive name parts (not initials or particles) on either side that the best view leaves unmatched."""
    matched_q = {i for i, _, _ in best.good}
    matched_c = {j for _, j, _ in best.good}
    count = 0
    for tokens, matched in ((best.query_tokens, matched_q), (best.candidate_tokens, matched_c)):
        for k, t in enumerate(tokens):
            if k not in matched and len(t) > 1 and t not in PERSON_PARTICLES:
                count += 1
    return count


def _unmatched_initials(best: NameScore) -> int:
    """Initials of the query that no listed name part takes ("H Muammar Gaddafi" against "GADDAFI, Muammar": the
    H stands for a given name the listed person is not known by)."""
    matched_q = {i for i, _, _ in best.good}
    return sum(1 for k, t in enumerate(best.query_tokens) if k not in matched_q and len(t) == 1 and t.isalpha())


_NO_NUMBERS: frozenset[str] = frozenset()


def _numbers(form: NameForm) -> frozenset[str]:
    if form.compact.isalpha():  # most names: no digit at all
        return _NO_NUMBERS
    return frozenset(t.lstrip("0") or "0" for t in form.tokens if t.isdigit())  # "02" and "2" are one number


def _bare_acronym(scored: NameScore, query: NameForm, candidate: NameForm) -> NameScore:
    """v1's reading of a one-word name as the acronym of a run of the other name's words, capped as v1 caps a bare
    acronym (review at most) also when words of the longer name are left over: v1 scores "MHE" against "Moyu Haishi
    Electronic Technology" (the leftover generic word half-matched) above "MHE" against "Military Housing
    Establishment" (capped, all words spelled). How well an acronym spells a name is the acronym feature's to say
    (:func:`_acronym`, :func:`acronym_exactness`)."""
    if scored.form == "acronym" and scored.score > BARE_ACRONYM_CAP and \
            (len(query.tokens) == 1 or len(candidate.tokens) == 1):
        return NameScore(BARE_ACRONYM_CAP, scored.query_tokens, scored.candidate_tokens, scored.good, scored.form,
                         scored.legal)
    return scored


SHORT_WORD = 4  # a one-word organisation name this short is read as an acronym-shaped code (_other_short_word)


def _other_short_word(scored: NameScore, query: NameForm, candidate: NameForm) -> NameScore:
    """A one-word organisation query of 3–4 letters against another one-word name a letter or so away ("TEP" /
    "ITEP", "HSM" / "HASM") is another code, not a misspelling: a review at most (:data:`BARE_ACRONYM_CAP`, below
    a short exact acronym of a longer name: session 8)."""
    if scored.score <= BARE_ACRONYM_CAP or len(query.tokens) != 1 or len(candidate.tokens) != 1:
        return scored
    token, listed = query.tokens[0], candidate.tokens[0]
    if token == listed or not 3 <= len(token) <= SHORT_WORD or not token.isalpha() or len(listed) > SHORT_WORD + 1:
        return scored
    return NameScore(BARE_ACRONYM_CAP, scored.query_tokens, scored.candidate_tokens, scored.good, scored.form,
                     scored.legal)


def acronym_exactness(query: NameForm, candidate: NameForm) -> float:
    """0.0 when the one-word side spells the initials of every word of the other (:func:`_exact_acronyms`:
    "MHE" = Military Housing Establishment), else LOOSE_ACRONYM: an acronym that leaves words out ("MHE" = Moyu
    Haishi Electronic Technology Co.) fits more names, so among the names a short query may abbreviate the exact
    one ranks first."""
    short, long = (query, candidate) if len(query.tokens) == 1 else (candidate, query)
    return 0.0 if short.tokens[0] in _exact_acronyms(long.original) else LOOSE_ACRONYM


_PARENTHESISED = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=65536)
def _exact_acronyms(original: str) -> frozenset[str]:
    """The acronyms spelling every word of an organisation name: the initials of its words as analysed (no legal
    form), of all its words (legal form included), of its words with the letters of a dotted abbreviation each a
    word; each also without the function words ("Iranian Ministry of Petroleum" = IMP) and without a
    parenthesised part ("Kings Romans International (HK) Co." = KRI, KRIC), and a trailing legal form spelled in
    part."""
    out: set[str] = set()
    bare = _PARENTHESISED.sub(" ", original)
    for text in {original, bare}:
        words = [analyze(text, ORG).tokens, tuple(w for w, _ in _acronym_words(text)),
                 tuple(w for w, _ in _acronym_letters(text))]
        for tokens in words:
            out.add("".join(t[0] for t in tokens if t))
            out.add("".join(t[0] for t in tokens if t and t not in _FUNCTION_WORDS))
        # every word up to the legal form, which is spelled in part ("Asian Aviation Logistics Company Limited" =
        # AALC): only legal-form words are left out at the end, never a generic word of the name
        kept = _org_words(text)
        full = [w for w, _ in _acronym_words(text)]
        at = [k for k, w in enumerate(full) if w in kept]
        if at:
            for start in {0, at[0]}:  # a leading legal form spelled or left out
                for end in range(at[-1] + 1, len(full) + 1):
                    out.add("".join(w[0] for w in full[start:end]))
    out.discard("")
    return frozenset(out)


def name_features(query: NameForm, candidate: NameForm, floor: float = 0.0) -> NameFeatures:
    """Compare two analysed names of the candidate's kind with every view (module docstring). The qualifiers,
    which only lower a score, are left out when the best view is already below ``floor``."""
    literal = score_names(query, candidate)
    if literal.form == "acronym" and candidate.kind == ORG:
        literal = _bare_acronym(literal, query, candidate)
    if candidate.kind == ORG:
        literal = _other_short_word(literal, query, candidate)
    if literal.form == "skeleton":
        # v1 compares a name in Arabic script with a Latin one by consonant skeletons: that is the skeleton view
        # (Bashar = Bashir, Hasan = Husni), weighted as such rather than as the literal name
        values = {"name_skeleton": literal.score}
        best, view, top = literal, "name_skeleton", literal.score * W_SKELETON
    else:
        values = {"name_literal": literal.score}
        best, view, top = literal, "name_literal", literal.score * W_LITERAL
    kind = candidate.kind
    legal_spelled = False  # the query's legal form read as the listed one spelt another way (no conflict then)
    if top < 1.0:
        q_canon = canonical(query)
        c_canon = canonical(candidate)
        if (q_canon is not query or c_canon is not candidate) and "name_canonical" not in DISABLED:
            scored = score_names(q_canon, c_canon)
            if scored.form == "acronym" and kind == ORG:
                scored = _bare_acronym(scored, q_canon, c_canon)
            # compared by consonant skeletons (a name in Arabic script): the skeleton view's evidence and weight
            feature, weight = ("name_skeleton", W_SKELETON) if scored.form == "skeleton" else (
                "name_canonical", W_CANONICAL)
            values[feature] = max(values.get(feature, 0.0), scored.score)
            if scored.score * weight > top:
                best, view, top = scored, feature, scored.score * weight
        else:
            q_canon, c_canon = query, candidate
        if top < W_SYMBOLS and kind != OTHER:
            swapped = _swap_view(q_canon, c_canon)
            # a name in Arabic script swaps its parts for listed ones by consonant skeleton (احسان = Hosein): the
            # evidence of the skeleton view, weighted as such
            feature = "name_abbreviation" if kind != PERSON else (
                "name_skeleton" if query.script == "ARABIC" else "name_symbols")
            if swapped is not None and feature not in DISABLED:
                scored = score_names(swapped, c_canon)
                scored.score *= SWAP_FACTOR ** (swaps(swapped, q_canon) - 1)
                if kind == ORG and len(q_canon.tokens) == 1 and len(q_canon.tokens[0]) < len(swapped.tokens[0]):
                    # a one-word query read as an abbreviation of the listed word ("EMT" = Evromikrotekh, "HSM" =
                    # Hasm): its letters in order fit many names, like a bare acronym: review at most
                    scored.score = min(scored.score, BARE_ACRONYM_CAP)
                weight = WEIGHTS[feature]
                values[feature] = max(values.get(feature, 0.0), scored.score)
                if scored.score * weight > top:
                    best, view, top = scored, feature, scored.score * weight
            if kind == ORG and top < W_ABBREVIATION and c_canon is not candidate and feature not in DISABLED \
                    and _may_abbreviate(query, candidate, c_canon):
                # the canonical view shortens a listed word (investments = investment, petroleum = oil) that the
                # query abbreviates ("Invts", "Petr."): the abbreviation is read against the word as listed too
                swapped = _swap_view(query, candidate)
                if swapped is not None:
                    scored = score_names(swapped, candidate)
                    scored.score *= SWAP_FACTOR ** (swaps(swapped, query) - 1)
                    if len(query.tokens) == 1 and len(query.tokens[0]) < len(swapped.tokens[0]):
                        scored.score = min(scored.score, BARE_ACRONYM_CAP)  # a bare abbreviation (above)
                    values[feature] = max(values.get(feature, 0.0), scored.score)
                    if scored.score * W_ABBREVIATION > top:
                        best, view, top = scored, feature, scored.score * W_ABBREVIATION
        elif top < W_SYMBOLS and kind == OTHER and "name_symbols" not in DISABLED:
            # a vessel named after a person or place, spelt in another romanisation (v2_translit)
            swapped = _vessel_view(q_canon, c_canon)
            if swapped is not None:
                scored = score_names(swapped, c_canon)
                scored.score *= SWAP_FACTOR ** (swaps(swapped, q_canon) - 1)
                values["name_symbols"] = max(values.get("name_symbols", 0.0), scored.score)
                if scored.score * W_SYMBOLS > top:
                    best, view, top = scored, "name_symbols", scored.score * W_SYMBOLS
        if kind == ORG and LEGAL_SPELLED_FLOOR <= top < W_ABBREVIATION and candidate.legal \
                and "name_abbreviation" not in DISABLED:
            # "JSCo Aerokon" against "Joint Stock Company Aerokon": a query word abbreviating the listed name's
            # legal form of two or more words (rigour does not know JSCo) is that legal form, not a name word;
            # "X Ltd. Liability Partnership", "X, S.A. de Capital Variable": the listed legal form spelt another way
            spelled = _legal_abbreviated(query, candidate)
            if spelled is None:
                spelled = _legal_respelt(query, candidate)
            if spelled is not None:
                scored = score_names(spelled, candidate)
                values["name_abbreviation"] = max(values.get("name_abbreviation", 0.0), scored.score)
                if scored.score * W_ABBREVIATION > top:
                    best, view, top = scored, "name_abbreviation", scored.score * W_ABBREVIATION
                    legal_spelled = True
        if (
            kind == PERSON
            and top < W_SKELETON
            and candidate.script == "LATIN"
            and (query.script == "ARABIC" or (query.script == "HAN" and is_japanese(query.original)))
            and "name_skeleton" not in DISABLED
        ):
            japanese = query.script != "ARABIC"
            q_skel = skeleton_form(query, japanese)
            c_skel = skeleton_form(candidate, japanese)
            if q_skel is not None and c_skel is not None:
                scored = score_names(q_skel, c_skel)
                values["name_skeleton"] = max(values.get("name_skeleton", 0.0), scored.score)
                if scored.score * W_SKELETON > top:
                    best, view, top = scored, "name_skeleton", scored.score * W_SKELETON
        if top < W_SCRIPT and (query.script == "LATIN") != (candidate.script == "LATIN") \
                and "name_script" not in DISABLED:
            scored_script = script_score(query, candidate, canonical)  # Han, Hangul, kana (v2_scripts)
            if scored_script is not None:
                values["name_script"] = scored_script.score
                if scored_script.score * W_SCRIPT > top:
                    best, view, top = scored_script, "name_script", scored_script.score * W_SCRIPT
        if kind == ORG and top < W_ACRONYM and "acronym" not in DISABLED:
            acronym = _acronym(query, candidate)
            if acronym:
                acronym += acronym_exactness(query, candidate)
            if acronym and acronym * W_ACRONYM > top:
                values["acronym"] = acronym
                best = NameScore(acronym, query.tokens, candidate.tokens, (), "acronym")
                view, top = "acronym", acronym * W_ACRONYM
    else:
        q_canon, c_canon = query, candidate
    qualifiers: dict[str, float] = {}
    if top >= 0.5 and top >= floor - EVIDENCE_MARGIN:
        mine, theirs = _numbers(q_canon), _numbers(c_canon)
        literal_mine, literal_theirs = _numbers(query), _numbers(candidate)
        # the canonical views decide when both have numbers ("25-Thirteen" = "25-13", whose digits differ as
        # written); the names as written when a view has none
        if (mine != theirs) if (mine and theirs) else \
                (literal_mine and literal_theirs and literal_mine != literal_theirs):
            qualifiers["number_mismatch"] = NUMBER_MISMATCH
        if kind == ORG and query.legal and candidate.legal and not legal_spelled:
            theirs = legal_families(candidate.original)
            if legal_conflict(legal_families(query.original), theirs) \
                    and legal_conflict(query_legal_families(query.original, best), theirs):
                qualifiers["legal_form_conflict"] = LEGAL_FORM_CONFLICT
        if kind == PERSON and best.form != "compact" and best.good:
            unmatched = _unmatched_names(best)
            if unmatched > UNMATCHED_FREE:
                qualifiers["unmatched_names"] = UNMATCHED_NAME * (unmatched - UNMATCHED_FREE)
            initials = _unmatched_initials(best)
            if initials:
                qualifiers["unmatched_initial"] = UNMATCHED_INITIAL * initials
            if (
                query.script in ("HAN", "HANGUL")
                and all(len(t) <= 3 for t in query.script_tokens)
                and len(best.good) < len(best.candidate_tokens)
            ):
                # single characters, each read as a syllable: a listed name part left over is another person
                qualifiers["unmatched_names"] = qualifiers.get("unmatched_names", 0.0) + UNMATCHED_SYLLABLE
    if DISABLED:
        for name in DISABLED:
            qualifiers.pop(name, None)
    return NameFeatures(top, best, view, values, qualifiers, legal_spelled)


WEIGHTS = {
    "name_literal": W_LITERAL,
    "name_canonical": W_CANONICAL,
    "name_symbols": W_SYMBOLS,
    "name_abbreviation": W_ABBREVIATION,
    "name_skeleton": W_SKELETON,
    "acronym": W_ACRONYM,
    "name_script": W_SCRIPT,
}


def acronym_forms(form: NameForm) -> list[NameForm]:
    """Single-token forms spelling a listed organisation's acronyms (indexed so that "CETC" finds
    "China Electronics Technology Group Corporation"): initials of its words with and without the
    generic words and legal form."""
    if form.kind != ORG:
        return []
    words = _acronym_words(form.original)
    if len(form.tokens) < 2 and len(words) < 2:  # a single word: no acronym (one word and a legal form may have)
        return []
    spelled = {
        "".join(t[0] for t in form.tokens),
        "".join(w[0] for w, _ in words),
        "".join(w[0] for w, optional in words if not optional),
        # every word but the function words, the letters of a dotted abbreviation each a word, legal form included
        # ("Centro Colombiano de Estudios Ltda." = CCEL, "Multiservicios Jeviz S.A. de C.V." = MJSCV)
        "".join(w[0] for w in _TEXT_WORD.findall(_fold(form.original).lower()) if w not in _FUNCTION_WORDS),
    }
    if len(form.tokens) <= 10:
        # the usual acronyms of its words and of its letters ("Hong Pang Textile Company Limited" = HPT, HPTC)
        for choices in (words, _acronym_letters(form.original)):
            spelled |= _acronym_spellings(choices)
    return [_acronym_form(form.original, acronym) for acronym in sorted(spelled)
            if 3 <= len(acronym) <= 8 and acronym.isalpha()]


#: Marks an acronym form's token: acronyms are posted apart from the words of names, so that only a query that is
#: one word (:func:`acronym_lookup`) meets them ("Lucero Imp." must not find every name whose acronym is IMP).
ACRONYM_MARK = "^"


def _acronym_form(original: str, acronym: str) -> NameForm:
    # no sound key: an acronym is spelled, not said, and its metaphone key would join the postings of words that
    # sound alike (slowing the queries that look those up)
    marked = ACRONYM_MARK + acronym
    return NameForm(original, ORG, (marked,), frozenset(), "LATIN", (), marked, marked, ("",), None)


def acronym_lookup(form: NameForm) -> NameForm | None:
    """The form a one-word organisation query is looked up under among the listed names' acronyms."""
    if form.kind != ORG or len(form.tokens) != 1:
        return None
    token = form.tokens[0]
    if not (3 <= len(token) <= 8 and token.isalpha() and token.isascii()):
        return None
    return _acronym_form(form.original, token)


def _acronym_spellings(words: tuple[tuple[str, bool], ...]) -> set[str]:
    """The usual acronyms of ``words`` (3 to 8 letters; each is one :func:`_acronym_of` accepts): the initials
    of every distinctive word, with the optional words (generic words, legal forms, particles) before the first
    distinctive word kept or left out, those after the last dropped from the end ("Hong Pang Textile
    Company Limited" = HPT, HPTC, HPTCL; "JSC Khabarovsky Sudostroitelny Factory" = KSF, JKSF), and those
    between distinctive words all kept, all dropped or only the function words dropped. Enumerating every subset
    of optional words instead made ~4 times as many index names for little more recall."""
    cores = [i for i, (_, optional) in enumerate(words) if not optional]
    if not cores:
        return set()
    first, last = cores[0], cores[-1]
    inner = words[first : last + 1]
    middles = {
        "".join(w[0] for w, _ in inner),
        "".join(w[0] for w, optional in inner if not optional),
        "".join(w[0] for w, _ in inner if w not in _FUNCTION_WORDS),
    }
    heads = {"", "".join(w[0] for w, _ in words[:first])}
    tails = ["".join(w[0] for w, _ in words[last + 1 : end]) for end in range(last + 1, len(words) + 1)]
    return {h + m + t for h in heads for m in middles for t in tails if 3 <= len(h + m + t) <= 8}


#: Words an acronym leaves out (articles, conjunctions, prepositions of the lists' languages).
_FUNCTION_WORDS = frozenset(
    "a an and the of for in on at to de del della di da do dos das des du la las le les los el et e y i "
    "und fur fuer der den van von".split()
)
