"""Reference tables of ``stackclear-v2`` (data files in ``screening/data/v2_*``, made from rigour's name data
by ``tools/build_matcher_tables.py``; sources in their headers) and the matcher's fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from stackclear.screening.matchers.v1_names import GENERIC_ORG_WORDS

TABLE_FILES = (
    "v2_person_symbols.tsv",
    "v2_org_symbols.tsv",
    "v2_numbers.tsv",
    "v2_titles.txt",
    "v2_cyrillic.json",
    "v2_legal_words.txt",
    "v2_script_words.tsv",
    "v2_korean_surnames.tsv",
    "v2_name_forms.tsv",
    "v2_cities.txt",
    "v2_wade_giles.tsv",
)
#: Words that qualify an organisation's name with one of its offices rather than naming another body.
QUALIFIER_WORDS = frozenset(
    "branch branches office offices representative rep liaison br subsidiary division dept regional".split()
)
#: Spellings and translations of one legal form (rigour's specific compare forms → one family): the Russian
#: ООО is an LLC and АО/ПАО/ЗАО/ОАО are joint-stock companies (their English JSC/PJSC/CJSC/OJSC), "Co., Ltd.",
#: "Pte. Ltd.", "Pvt. Ltd." and "Sdn. Bhd." are private limited companies. Any other pair of different
#: specific forms (GmbH/AG, LLP/Ltd, LP/LLC, SAS/SARL) is another legal form.
LEGAL_FAMILIES = {
    **dict.fromkeys(["ltd", "coltd", "pteltd", "pte ltd", "pvtltd", "pvt ltd", "colimited", "sdn bhd"], "ltd"),
    **dict.fromkeys(["llc", "ooo", "tov", "limited liability company"], "llc"),
    **dict.fromkeys(["jsc", "ao", "ojsc", "pjsc", "cjsc", "zao", "oao", "pao"], "jsc"),
}
#: rigour symbols of organisation words that say what kind of body it is (generic), by symbol category.
GENERIC_CATEGORIES = ("SYMBOL:", "ORGCLS:")


@dataclass(frozen=True, slots=True)
class Tables:
    person_symbols: dict[str, frozenset[str]]
    org_symbols: dict[str, frozenset[str]]
    org_canonical: dict[str, str]  # organisation word -> one spelling of its symbol group
    generic_org: frozenset[str]  # words whose rigour symbol is a generic organisation word or legal form
    places: frozenset[str]  # words rigour tags as a place
    numbers: dict[str, str]  # number word / ordinal / roman numeral -> digits
    titles: frozenset[str]  # one-word titles and honorifics
    title_pairs: frozenset[tuple[str, str]]  # two-word titles ("lieutenant general")
    legal_words: frozenset[str]  # words of legal forms (rigour, as found in the lists)
    nick_full: dict[str, tuple[str, ...]]  # a short form (Pepe, Sasha, Bob) -> the full names it stands for
    nick_sounds: dict[str, frozenset[str]]  # a short form -> metaphone keys of every spelling of those full names


def _data_dir() -> Path:
    return Path(str(files("stackclear.screening") / "data"))


def _rows(name: str) -> list[list[str]]:
    text = (_data_dir() / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def data_rows(name: str) -> list[list[str]]:
    """The rows (tab-separated fields) of a data file, comments and blank lines skipped."""
    return _rows(name)


_LOADED: dict[str, Tables] = {}  # reference data, not a query cache: loaded once per process


def tables() -> Tables:
    found = _LOADED.get("tables")
    if found is None:
        found = _LOADED["tables"] = _load()
    return found


def _load() -> Tables:
    person = {r[0]: frozenset(r[1].split()) for r in _rows("v2_person_symbols.tsv")}
    org = {r[0]: frozenset(r[1].split()) for r in _rows("v2_org_symbols.tsv")}
    members: dict[str, list[str]] = {}
    for token, symbols in sorted(org.items()):
        for symbol in symbols:
            members.setdefault(symbol, []).append(token)
    from stackclear.screening.parsers.countries import to_iso2

    place_words = {t for t, s in org.items() if any(x.startswith("LOC:") for x in s)}
    canonical: dict[str, str] = {}
    for token, symbols in org.items():
        words = [s for s in symbols if not s.startswith("LOC:")]
        if not words:
            continue
        # the symbol most words share (ties: by name), spelled as a member v1 weighs as a generic word if
        # there is one (so canonical spelling never makes a generic word distinctive), else the shortest that
        # is not also a place (DOMAIN:FINANCIAL holds the Persian "mali", which would read as the country Mali)
        symbol = min(words, key=lambda s: (-len(members[s]), s))
        canonical[token] = min(members[symbol], key=lambda w: (
            w not in GENERIC_ORG_WORDS, w in place_words or to_iso2(w) is not None, len(w), w))
    generic = frozenset(t for t, s in org.items() if any(x.startswith(GENERIC_CATEGORIES) for x in s))
    places = frozenset(t for t, s in org.items() if any(x.startswith("LOC:") for x in s))
    numbers = {r[0]: r[1] for r in _rows("v2_numbers.tsv")}
    titles = [line[0] for line in _rows("v2_titles.txt")]
    nick_full, nick_sounds = _short_forms(person)
    return Tables(
        person, org, canonical, generic, places, numbers,
        frozenset(t for t in titles if " " not in t),
        frozenset((t.split()[0], t.split()[1]) for t in titles if t.count(" ") == 1),
        frozenset(line[0] for line in _rows("v2_legal_words.txt")),
        nick_full,
        nick_sounds,
    )


#: Name particles and patronymic words that the nicknames package also lists as nicknames (Ben, Al, Van).
_PARTICLES = frozenset("al el ben bin ibn van von der den del de la abu abo bint".split())


def _short_forms(person: dict[str, frozenset[str]]) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """Short forms (``HN:<full>`` hypocorisms, nicknames of the ``nicknames`` package ``NN:<full>`` that are not
    the full name itself) with the full names they stand for, and the metaphone keys of every spelling of those
    full names (Sasha stands for Aleksandr, whose spellings Aleksandr/Alexandr/Alexander share one key)."""
    from rigour.text import metaphone

    spellings: dict[str, set[str]] = {}
    for token, symbols in person.items():
        for symbol in symbols:
            if symbol.startswith("HF:"):
                spellings.setdefault(symbol[3:], set()).add(token)
    full: dict[str, tuple[str, ...]] = {}
    sounds: dict[str, frozenset[str]] = {}
    for token, symbols in person.items():
        # hypocorisms first, then, for a word rigour itself tags as a nickname of its own (NICK:DAN on "dan", not
        # NICK:JACK on "john"), the longer full names of its groups in the nicknames package (Danny is short for
        # Daniel; Teresa is not short for Theresa, nor John for Jonathan); a particle (Al, Ben) is no short form
        names = sorted({s[3:] for s in symbols if s.startswith("HN:")})
        if f"NICK:{token.upper()}" in symbols:
            names += sorted({s[3:] for s in symbols if s.startswith("NN:") and len(s) - 3 > len(token)} - set(names))
        if names and len(token) >= 3 and token not in _PARTICLES and not any(s.startswith("HF:") for s in symbols):
            # each full name, then the other spellings of those names (Lena: Yelena, then Elena)
            written = [w for name in names for w in sorted(spellings.get(name, ()))]
            full[token] = tuple(dict.fromkeys([*names, *written]))
            sounds[token] = frozenset(metaphone(w) for name in names for w in spellings.get(name, {name}) | {name})
    return full, sounds


_FINGERPRINTS: dict[tuple[str, bool], str] = {}


def fingerprint(name: str, modules: tuple[str, ...], with_tables: bool = True) -> str:
    """sha256 (first 16 hex digits) over the matcher's name, the source of its modules and its data files:
    a changed rule or table gives another fingerprint (computed once per process)."""
    found = _FINGERPRINTS.get((name, with_tables))
    if found is None:
        found = _FINGERPRINTS[(name, with_tables)] = _fingerprint(name, modules, with_tables)
    return found


def _fingerprint(name: str, modules: tuple[str, ...], with_tables: bool) -> str:
    digest = hashlib.sha256(name.encode())
    root = Path(__file__).resolve().parents[2]  # the stackclear package
    for module in modules:
        source = root.joinpath(*module.split(".")[1:]).with_suffix(".py")
        digest.update(module.encode())
        digest.update(source.read_bytes() if source.exists() else b"")
    for table in TABLE_FILES if with_tables else ():
        digest.update((_data_dir() / table).read_bytes())
    return digest.hexdigest()[:16]


_CYRILLIC: list[dict[str, dict[str, str]]] = []


def _cyrillic() -> dict[str, dict[str, str]]:
    if not _CYRILLIC:
        schema = json.loads((_data_dir() / "v2_cyrillic.json").read_text(encoding="utf-8"))
        _CYRILLIC.append({k: {a: b.replace("·", "") for a, b in (schema.get(k) or {}).items()}
                          for k in ("mapping", "prev_mapping", "next_mapping", "ending_mapping")})
    return _CYRILLIC[0]


def cyrillic_to_latin(text: str) -> str:
    """Cyrillic letters romanised by BGN/PCGN (iuliia's schema and its rules: a letter's reading may depend
    on the letter before or after it, or on the word's ending); other characters unchanged."""
    schema = _cyrillic()
    mapping, prev, nxt, ending = (schema["mapping"], schema["prev_mapping"], schema["next_mapping"],
                                  schema["ending_mapping"])
    out: list[str] = []
    for word in text.split(" "):
        lower = word.lower()
        done: list[str] = []
        tail = ""
        body = lower
        for end, latin in ending.items():
            if len(lower) > len(end) and lower.endswith(end):
                body, tail = lower[: -len(end)], latin
                break
        for k, ch in enumerate(body):
            before = body[k - 1] if k > 0 else ""
            after = body[k + 1] if k + 1 < len(body) else ""
            found = prev.get(before + ch) if k > 0 else prev.get(ch)
            if found is None:
                found = nxt.get(ch + after)
            if found is None:
                found = mapping.get(ch, ch)
            done.append(found)
        out.append("".join(done) + tail)
    return " ".join(out)
