"""Build the matcher evaluation corpus of issue 9 from ../shared/data (deterministic, fixed seed).

    .venv/bin/python bench/eval_corpus/build.py [--out bench/eval_corpus/out] [--seed 9] [--check]
                                                [--max-groups N]

Reads the CSL 2022-05 full CSV, the OFAC SDN 2024-07 CSV, the OFAC 2021-07 trio (sdn/alt/add) and the
Entity List JSON through ``stackclear.screening.sources.load_list`` (so the expected entry ids are the
screener's own), groups entries into listed ENTITIES (same OFAC uid, or the same normalized primary
name), splits the entities into ``dev`` and ``test`` by a salted sha256 of the entity key, and writes:

    out/entities.jsonl            one line per entity: key, split, entry ids, schema, names
    out/<split>/queries.jsonl     screening queries: a name, the kind of variation, the expected entity
                                  (positives) or the near entity that must NOT be flagged (hard negatives)
    out/<split>/pairs.csv         name pairs a,b,schema,label,kind,... for pairwise precision/recall

and ``bench/eval_corpus/manifest.json`` (committed): seed, split rule, sha256 of every input and output,
counts per split and kind. ``--check`` rebuilds into a temporary directory and compares with the
manifest (exit 1 on a difference). The synthetic US people are split by name the same way; the two
external pair sets (name_pairs_public.csv, un_persons_treated_pairs.csv) are TEST-ONLY and read by
bench/eval_matcher.py directly (their hashes are in the manifest).

The generator's tables (tables.py) are written for it, independently of the matcher's reference data.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tables as T  # noqa: E402

REPO = HERE.parents[1]
SHARED = REPO.parent / "shared" / "data"
LIST_INPUTS = ("lists/csl_2022-05_full.csv", "lists/ofac_sdn_2024-07.csv", "lists/ofac_2021-07",
               "lists/entity_list_2025-11_derived.json")
EVAL_INPUTS = ("eval/negatives_us_synthetic.csv", "eval/name_pairs_public.csv",
               "eval/un_persons_treated_pairs.csv")
SEED = 9
TEST_PERCENT = 50
SPLITS = ("dev", "test")
SPLIT_RULE = (f"family key k -> 'test' if int(sha256(f'{{seed}}|{{k}}').hexdigest()[:8], 16) % 100 < "
              f"{TEST_PERCENT} else 'dev'. Entity = union of entries sharing an OFAC uid ('SDN:<uid>': CSL "
              "and OFAC copies), a normalized primary name, a primary name without legal-form words, or an "
              "alias equal to another entry's such name; entity key = smallest 'SDN:<uid>', else "
              "'name:<kind>:<normalized primary name>'. Family = union of entities whose names agree also "
              "without parenthesised parts; family key = smallest entity key. Synthetic people by "
              "'synthetic:<normalized full name>'")

POSITIVE_KINDS = (
    "abbreviation", "legal_typo", "number", "qualifier", "merge_split", "translit", "initial", "nickname",
    "title", "acronym", "script_cyrillic", "script_arabic", "script_chinese", "script_korean",
    "script_japanese", "cyrillic_legal_form", "reorder", "diacritics", "punct_spacing",
)
NEGATIVE_KINDS = ("neg_shared_tokens", "neg_same_surname", "neg_numbered_sibling", "neg_legal_form",
                  "neg_similar_surname")


# ---------------------------------------------------------------------------------------------- basics
def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_input(path: Path) -> dict[str, str]:
    if path.is_dir():
        return {f"{path.name}/{p.name}": sha256_file(p) for p in sorted(path.iterdir()) if p.is_file()}
    return {path.name: sha256_file(path)}


def bucket(seed: int, key: str) -> int:
    return int(hashlib.sha256(f"{seed}|{key}".encode()).hexdigest()[:8], 16) % 100


def split_of(seed: int, key: str) -> str:
    return "test" if bucket(seed, key) < TEST_PERCENT else "dev"


def rng_for(seed: int, *parts: str) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join([str(seed), *parts]).encode()).hexdigest()[:16], 16))


def fold(text: str) -> str:
    """ASCII-folded, case-folded, punctuation-free form used for grouping and collision checks."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


_CANON = {"limited": "ltd", "company": "co", "corporation": "corp", "incorporated": "inc"}


def name_key(text: str, kind: str) -> str:
    tokens = [_CANON.get(t, t) for t in fold(text).split()]
    if kind == "person":
        tokens = sorted(tokens)
    return " ".join(tokens)


LEGAL_WORDS = frozenset(T.TRAILING_LEGAL_FORMS | {
    "company", "corporation", "incorporated", "corp", "joint", "stock", "liability", "public", "open", "closed",
    "the", "llc", "obshchestvo", "obschestvo", "aktsionernoe", "aktsionernoye", "otkrytoe", "otkrytoye",
    "zakrytoe", "zakrytoye", "publichnoe", "publichnoye", "s", "ogranichennoy", "otvetstvennostyu", "de", "r",
    "l"})


def loose_key(text: str, kind: str, keep_parens: bool) -> str | None:
    """Organisation names without legal-form words (and parenthesised parts): None for people, short names."""
    if kind == "person":
        return None
    tokens = [t for t in fold(text if keep_parens else re.sub(r"\([^)]*\)", " ", text)).split()
              if t not in LEGAL_WORDS]
    key = " ".join(tokens)
    if len(tokens) < 2 and len(key) < 6:
        return None
    return key


def coarse_kind(schema: str) -> str:
    return {"Person": "person", "Vessel": "vessel", "Aircraft": "aircraft"}.get(schema, "org")


WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)?", re.UNICODE)


def match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def tokens_of(text: str) -> list[str]:
    return WORD.findall(text)


# ---------------------------------------------------------------------------------------------- entities
@dataclass
class Entity:
    key: str
    split: str
    kind: str
    schema: str
    ids: list[str]
    names: list[str]  # primary names first, then aliases (deduplicated, order of appearance)
    countries: list[str]
    programs: list[str]
    sources: list[str]
    name_keys: set[str] = field(default_factory=set)
    family: str = ""  # the entity key of the family (split unit)


def load_entries(shared: Path) -> tuple[list[Any], dict[str, str]]:
    from stackclear.screening.sources import load_list

    entries: list[Any] = []
    hashes: dict[str, str] = {}
    for rel in LIST_INPUTS:
        path = shared / rel
        hashes.update({f"lists/{k}": v for k, v in sha256_input(path).items()})
        entries.extend(load_list(path).entries)
    return entries, hashes


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _link(entries: list[Any], uf: UnionFind, keys_of: Callable[[Any], list[str]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for k in keys_of(entry):
            if k in first:
                uf.union(first[k], i)
            else:
                first[k] = i
    return first


def build_entities(entries: list[Any], seed: int) -> list[Entity]:
    """Group list entries into entities (the expected answer of a query) and entities into families (split).

    Entity: entries sharing an OFAC uid, a normalized primary name, or a primary name without legal-form
    words ('Huawei Tech. Investment Co., Limited' = 'Huawei Tech Investment Limited'), or whose alias is
    such a name of another entry. Family: entities whose names agree without parenthesised parts too
    ('Semiconductor Manufacturing International (Beijing) Corporation' and its Shanghai sibling): a family
    lands in one split, so no dev name is a near copy of a test name.
    """
    uf = UnionFind(len(entries))

    def entity_keys(entry: Any) -> list[str]:
        kind = coarse_kind(entry.schema)
        keys = [f"name:{kind}:{name_key(entry.name, kind)}"]
        loose = loose_key(entry.name, kind, keep_parens=True)
        if loose:
            keys.append(f"loose:{kind}:{loose}")
        if entry.entry_id.startswith("SDN:"):
            keys.append(entry.entry_id)
        return keys

    first = _link(entries, uf, entity_keys)
    for i, entry in enumerate(entries):  # an alias that is (loosely) another entry's primary name
        kind = coarse_kind(entry.schema)
        for alias in entry.aliases:
            loose = loose_key(alias, kind, keep_parens=True)
            if loose and len(loose.split()) >= 2 and f"loose:{kind}:{loose}" in first:
                uf.union(first[f"loose:{kind}:{loose}"], i)
    family = UnionFind(len(entries))
    for i in range(len(entries)):
        family.union(uf.find(i), i)

    def family_keys(entry: Any) -> list[str]:
        loose = loose_key(entry.name, coarse_kind(entry.schema), keep_parens=False)
        return [f"family:{coarse_kind(entry.schema)}:{loose}"] if loose else []

    _link(entries, family, family_keys)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entries)):
        groups[uf.find(i)].append(i)
    out: list[Entity] = []
    family_of: dict[int, list[Entity]] = defaultdict(list)
    for members in groups.values():
        ms = [entries[i] for i in members]
        uids = sorted({e.entry_id for e in ms if e.entry_id.startswith("SDN:")}, key=lambda s: int(s[4:]))
        kind = Counter(coarse_kind(e.schema) for e in ms).most_common(1)[0][0]
        key = uids[0] if uids else f"name:{kind}:{name_key(ms[0].name, kind)}"
        names: list[str] = []
        for e in ms:
            if e.name not in names:
                names.append(e.name)
        for e in ms:
            for alias in e.aliases:
                if alias not in names:
                    names.append(alias)
        schema = Counter(e.schema for e in ms).most_common(1)[0][0]
        ent = Entity(
            key=key, split="", kind=kind, schema=schema,
            ids=sorted({e.entry_id for e in ms}), names=names,
            countries=sorted({c for e in ms for c in e.countries}),
            programs=sorted({p for e in ms for p in e.programs}),
            sources=sorted({e.source_code for e in ms}),
        )
        ent.name_keys = {name_key(n, kind) for n in names}
        out.append(ent)
        family_of[family.find(members[0])].append(ent)
    for members_ in family_of.values():
        fkey = min(e.key for e in members_)
        for ent in members_:
            ent.family = fkey
            ent.split = split_of(seed, fkey)
    out.sort(key=lambda e: e.key)
    return out


# ---------------------------------------------------------------------------------------------- helpers
def person_parts(name: str) -> tuple[str, str]:
    """(surname, given) from a listed person name: 'SURNAME, Given' or 'Given Surname'."""
    if "," in name:
        surname, given = name.split(",", 1)
        return surname.strip(), given.strip()
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), ""
    return parts[-1], " ".join(parts[:-1])


def natural(name: str) -> str:
    surname, given = person_parts(name)
    return f"{given} {surname}".strip() if given else surname


def titlecase_if_upper(text: str) -> str:
    return " ".join("-".join(p.capitalize() for p in w.split("-")) if w.isupper() else w for w in text.split())


def replace_word(text: str, index: int, new: str) -> str:
    """Replace the index-th WORD match of text by new (keeping the rest byte for byte)."""
    matches = list(WORD.finditer(text))
    m = matches[index]
    return text[: m.start()] + new + text[m.end():]


def _translit_index(classes: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for cls in classes:
        for member in cls:
            index.setdefault(fold(member), cls)
    return index


_TRANSLIT_INDEX = _translit_index(T.TRANSLIT_CLASSES)
_TRANSLIT_KOREAN = _translit_index(T.TRANSLIT_KOREAN)
_TRANSLIT_CHINESE = _translit_index(T.TRANSLIT_CHINESE)

_ROMAN_INDEX = {r: i for i, r in enumerate(T.ROMAN) if i >= 2 and len(r) >= 2}  # not a lone V or X
_CARD_INDEX = {w: i for i, w in enumerate(T.CARDINALS) if i >= 1}
_ORD_INDEX = {w: i for i, w in enumerate(T.ORDINALS) if i >= 1}


# ---------------------------------------------------------------------------------------------- positives
Gen = Callable[[str, "Entity", random.Random], str | None]


def g_abbreviation(name: str, ent: Entity, rng: random.Random) -> str | None:
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) on the original name
    taken: list[tuple[int, int]] = []
    for phrase, shorts in T.PHRASE_ABBREVIATIONS.items():
        pattern = r"\b" + r"[\s,\-]+".join(re.escape(w) for w in phrase.split()) + r"\b"
        for m in re.finditer(pattern, name, re.IGNORECASE):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if rng.random() < 0.7:
                short = rng.choice(shorts)
                edits.append((m.start(), m.end(), short.upper() if m.group().isupper() else short))
    words = [m for m in WORD.finditer(name) if not any(s <= m.start() < e for s, e in taken)]
    full = [m for m in words if m.group().lower() in T.ABBREVIATIONS and m.group().lower() != "and"]
    if full:
        for m in rng.sample(full, rng.randint(1 if not edits else 0, len(full))):
            w = m.group()
            edits.append((m.start(), m.end(), match_case(w, rng.choice(T.ABBREVIATIONS[w.lower()]))))
    if not edits:
        short = [m for m in words if m.group().lower().rstrip(".") in T.EXPANSIONS
                 and m.group().lower() not in ("co", "and")]
        if not short:
            return None
        m = rng.choice(short)
        edits.append((m.start(), m.end(), match_case(m.group(), T.EXPANSIONS[m.group().lower().rstrip(".")])))
    out = name
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    return re.sub(r"\.\.", ".", out)


def typo(word: str, rng: random.Random) -> str:
    lower = word.lower()
    ops = ["swap", "delete", "double", "keyboard"]
    for _ in range(10):
        op = rng.choice(ops)
        i = rng.randrange(1, len(lower) - 1)
        if op == "swap" and lower[i] != lower[i + 1]:
            new = lower[:i] + lower[i + 1] + lower[i] + lower[i + 2:]
        elif op == "delete":
            new = lower[:i] + lower[i + 1:]
        elif op == "double":
            new = lower[:i] + lower[i] + lower[i:]
        elif op == "keyboard" and lower[i] in T.KEYBOARD:
            new = lower[:i] + rng.choice(T.KEYBOARD[lower[i]]) + lower[i + 1:]
        else:
            continue
        if new != lower:
            return match_case(word, new) if not word.isupper() else new.upper()
    return word


def g_legal_typo(name: str, ent: Entity, rng: random.Random) -> str | None:
    words = list(WORD.finditer(name))
    idx = [i for i, m in enumerate(words) if m.group().lower() in T.GENERIC_WORDS and len(m.group()) >= 5]
    if not idx:
        return None
    i = rng.choice(idx)
    return replace_word(name, i, typo(words[i].group(), rng))


NUM_TOKEN = re.compile(r"\b(No\.?\s*)?(\d{1,2})(st|nd|rd|th)?\b|\b([A-Za-z]+)\b")


def standalone(text: str, start: int, end: int) -> bool:
    """A token separated by spaces (or the end) from its neighbours: not part of 'S.A. DE C.V.' or 'V.P.'."""
    return start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " ,;)")


def g_number(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind == "person":  # 'Budenz, II' is a generation, not a number word
        return None
    if not re.search(r"[^\W\d_]{2,}", name):  # a bare number ('07') is no name to vary
        return None
    options: list[tuple[int, int, str]] = []
    for m in NUM_TOKEN.finditer(name):
        if m.group(2):
            n = int(m.group(2))
            if not 1 <= n <= 20:
                continue
            if m.group(1):  # No. 1 -> No. One / Number 1 / #1
                alts = [f"No. {T.CARDINALS[n].capitalize()}", f"Number {n}", f"#{n}", f"No{n}"]
            elif m.group(3):
                alts = [T.ORDINALS[n].capitalize()]
            else:
                alts = [T.CARDINALS[n].capitalize()]
            options.append((m.start(), m.end(), rng.choice(alts)))
        else:
            w = m.group(4)
            lw = w.lower()
            if lw in _ORD_INDEX:
                options.append((m.start(), m.end(), T.ordinal_suffix(_ORD_INDEX[lw])))
            elif lw in _CARD_INDEX and lw not in ("one",):
                options.append((m.start(), m.end(), str(_CARD_INDEX[lw])))
            elif w in _ROMAN_INDEX and standalone(name, m.start(), m.end()):
                options.append((m.start(), m.end(), str(_ROMAN_INDEX[w])))
    if not options:
        return None
    start, end, new = rng.choice(options)
    original = name[start:end]
    if original.isupper() and new.isalpha():
        new = new.upper()
    return name[:start] + new + name[end:]


def g_qualifier(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "org":
        return None
    if person_like(name, ent):
        return None
    countries = [c for c in ent.countries if c in T.CITIES_BY_COUNTRY]
    if countries and rng.random() < 0.7:
        code = rng.choice(countries)
        city, country = rng.choice(T.CITIES_BY_COUNTRY[code]), T.COUNTRY_NAMES[code]
    else:
        city = rng.choice(T.DEFAULT_CITIES)
        country = rng.choice(sorted(T.COUNTRY_NAMES.values()))
    return name.rstrip() + rng.choice(T.QUALIFIER_PATTERNS).format(city=city, country=country)


_MORE_LEGAL = frozenset({"ltda", "public", "sa", "cv", "srl", "sas", "limited", "stock", "liability", "ooo", "ood",
                         "eood", "fzc", "fze", "fzco", "dmcc", "sal", "wll", "cie", "cia", "sac", "saic"})
_PERSON_PARTICLES = frozenset({"abu", "abou", "abo", "al", "el", "bin", "ibn", "ben", "bint", "abd", "ul", "umm",
                               "de", "del", "la", "van", "von", "der", "da", "dos", "y"})
_PERSON_PREFIXES = ("abdul", "abdel", "abdal", "abdol", "abd", "abu", "abou", "bin", "ben", "al", "el", "ul")
_SPLIT_PREFIXES = ("abdul", "abdel", "abdal", "abdol", "abu", "abou")  # Abdulrahman -> Abdul Rahman


def g_merge_split(name: str, ent: Entity, rng: random.Random, vocab: frozenset[str] = frozenset()) -> str | None:
    words = list(WORD.finditer(name))
    options: list[str] = []
    for i, m in enumerate(words):
        w = m.group()
        lw = w.lower()
        # split a compound: a known prefix, or two vocabulary words
        for p in _SPLIT_PREFIXES:
            rest = lw[len(p):]
            if lw.startswith(p) and len(rest) >= 3 and "-" not in lw:
                options.append(replace_word(name, i, f"{w[:len(p)]} {match_case(w, rest)}"))
                break
        else:
            if ent.kind != "person" and len(lw) >= 7 and lw.isalpha() and lw not in vocab:
                for cut in range(3, len(lw) - 2):
                    if lw[:cut] in vocab and lw[cut:] in vocab:
                        options.append(replace_word(name, i, f"{w[:cut]} {match_case(w, w[cut:])}"))
                        break
        # merge with the next word
        if i + 1 < len(words):
            n = words[i + 1]
            gap = name[m.end(): n.start()]
            a, b = lw, n.group().lower()
            if gap in (" ", "-") and a.isalpha() and b.isalpha():
                # people: a particle or prefix run together (Abd al-Rahman, Abu Bakr, De La Cruz), a hyphenated
                # or Korean given name (Jong-Un, Jae Il); organisations: two short words (Sea Star)
                person_ok = ent.kind == "person" and (a in _PERSON_PREFIXES or a in _PERSON_PARTICLES
                                                      or a in ("abd", "nasr") or gap == "-" or is_korean(ent))
                org_ok = (ent.kind != "person" and 3 <= len(a) <= 5 and 3 <= len(b) <= 6
                          and bool(re.search("[aeiouy]", a)) and bool(re.search("[aeiouy]", b))
                          and a not in T.ACRONYM_STOPWORDS and b not in T.ACRONYM_STOPWORDS
                          and not {a, b} & (LEGAL_WORDS | T.GENERIC_WORDS | _MORE_LEGAL))
                if person_ok or org_ok:
                    merged = m.group() + (n.group().lower() if not n.group().isupper() else n.group())
                    options.append(name[: m.start()] + merged + name[n.end():])
    if not options:
        return None
    return rng.choice(options)


def g_translit(name: str, ent: Entity, rng: random.Random) -> str | None:
    words = list(WORD.finditer(name))
    options: list[str] = []
    index = dict(_TRANSLIT_INDEX)
    if is_korean(ent):
        index.update(_TRANSLIT_KOREAN)
    if set(ent.countries) & _CN_COUNTRIES:
        index.update(_TRANSLIT_CHINESE)
    for i, m in enumerate(words):
        w = m.group()
        cls = index.get(fold(w))
        if cls:
            others = [x for x in cls if fold(x) != fold(w)]
            if others:
                options.append(replace_word(name, i, match_case(w, rng.choice(others))))
    for cls in T.PARTICLES:  # written forms, each ending in its separator ("al-", "el ", "bin ")
        for core in sorted({m.rstrip(" -").lower() for m in cls}):
            pattern = re.compile(rf"(?<![\w-]){re.escape(core).replace('-', '[- ]?')}[\s\-]", re.IGNORECASE)
            for m in pattern.finditer(name):
                written = m.group().lower()
                others = [x for x in cls if x.lower() != written]
                new = rng.choice(others)
                if m.group().isupper():
                    new = new.upper()
                options.append(name[: m.start()] + new + name[m.end():])
    if not options and (set(ent.countries) & {"RU", "UA", "BY", "KZ"}):
        rules = ((r"iy\b", "y"), (r"IY\b", "Y"), (r"\bYe", "E"), (r"\bYE", "E"), (r"yev\b", "ev"),
                 (r"YEV\b", "EV"), (r"ks", "x"), (r"KS", "X"), (r"yy\b", "y"), (r"YY\b", "Y"))
        for pat, rep in rules:
            if re.search(pat, name):
                options.append(re.sub(pat, rep, name, count=1))
    options = [o for o in options if o != name]
    return rng.choice(options) if options else None


def g_initial(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "person":
        return None
    surname, given = person_parts(name)
    gwords = given.split()
    if not gwords or not surname:
        return None
    # given names proper (not a kunya, article or patronym particle); one given name stays written out
    candidates = [i for i, g in enumerate(gwords) if len(g.strip(".")) > 1 and g[0].isalpha()
                  and fold(g) not in _PERSON_PARTICLES]
    if len(candidates) < 2:
        return None
    reduce = candidates[:1] if rng.random() < 0.6 else candidates[:-1]
    dot = "." if rng.random() < 0.7 else ""
    for i in reduce:
        gwords[i] = gwords[i][0].upper() + dot
    return f"{' '.join(gwords)} {titlecase_if_upper(surname)}"


def g_nickname(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "person":
        return None
    surname, given = person_parts(name)
    gwords = given.split()
    nicks = T.NICKNAMES.get(fold(gwords[0])) if gwords else None
    if not nicks:  # a nickname replaces the name a person is called by: the first given name
        return None
    gwords[0] = rng.choice(nicks)
    return f"{' '.join(gwords)} {titlecase_if_upper(surname)}"


def g_title(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "person" or not person_parts(name)[1]:
        return None
    return f"{rng.choice(T.TITLES)} {titlecase_if_upper(natural(name))}"


def acronym_of(name: str) -> str | None:
    words = [w for w in re.split(r"[\s\-/,]+", fold(re.sub(r"\([^)]*\)", " ", name)).replace("'", "")) if w]
    while words and words[-1] in T.TRAILING_LEGAL_FORMS:
        words.pop()
    while words and words[0] in LEGAL_WORDS:
        words.pop(0)
    letters = [w[0] for w in words if w not in T.ACRONYM_STOPWORDS and w[0].isalpha()]
    if not 3 <= len(letters) <= 6 or len(words) > 8:
        return None
    return "".join(letters).upper()


def person_like(name: str, ent: Entity) -> bool:
    """The ITAR-debarred and Denied Persons lists type most people as entities: such a name is no company."""
    words = set(fold(name).split())
    return set(ent.sources) <= {"DTC", "DPL"} and not words & (LEGAL_WORDS | T.GENERIC_WORDS | _MORE_LEGAL)


def g_acronym(name: str, ent: Entity, rng: random.Random, unique: frozenset[str] = frozenset()) -> str | None:
    if ent.kind != "org" or person_like(name, ent):
        return None
    acro = acronym_of(name)
    if acro is None or acro not in unique or fold(acro) in ent.name_keys:
        return None
    return acro


def latin_to_cyrillic(text: str) -> str:
    out: list[str] = []
    for word in re.split(r"(\W+)", text):
        if not word or not word[0].isalpha():
            out.append(word)
            continue
        lw = fold(word).replace(" ", "")
        res = []
        i = 0
        while i < len(lw):
            if lw[i] == "y" and i > 0 and lw[i - 1] in T.RU_VOWELS and lw[i:i + 2] not in ("ya", "ye", "yu", "yo"):
                res.append("й")
                i += 1
                continue
            if lw[i] == "c" and lw[i + 1:i + 2] in ("e", "i", "y") and lw[i:i + 2] != "ch":
                res.append("с")  # a soft c (English words in Russian names: 'Specialized' -> 'Спес...')
                i += 1
                continue
            if lw[i] == "e" and (i == 0 or lw[i - 1] in "aiou"):
                res.append("э" if i == 0 else "е")
                i += 1
                continue
            for lat, cyr in T.LATIN_TO_CYRILLIC:
                if lw.startswith(lat, i):
                    res.append(cyr)
                    i += len(lat)
                    break
            else:
                i += 1
        cyr = "".join(res)
        out.append(cyr[:1].upper() + cyr[1:] if word[0].isupper() else cyr)
    return "".join(out)


def g_script_cyrillic(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "person":
        return None
    text = titlecase_if_upper(natural(name) if rng.random() < 0.5 else name)
    if not re.search(r"[A-Za-z]", text):
        return None
    return latin_to_cyrillic(text)


def arabic_word(word: str) -> str:
    if fold(word) in T.ARABIC_WORDS:
        return T.ARABIC_WORDS[fold(word)]
    lw = re.sub(r"([bcdfghjklmnpqrstvwxz])\1", r"\1", fold(word))  # a doubled consonant is written once
    if lw in T.ARABIC_WORDS:
        return T.ARABIC_WORDS[lw]
    res = []
    i = 0
    while i < len(lw):
        for lat, ar in T.LATIN_TO_ARABIC:
            if lw.startswith(lat, i):
                # a word-initial vowel is written with alif
                if i == 0 and lat[0] in "aeiou":
                    res.append("ا" if lat in ("a", "e") else "ا" + ar)
                elif lat == "a" and i == len(lw) - 1:
                    res.append("ا")
                else:
                    res.append(ar)
                i += len(lat)
                break
        else:
            i += 1
    return "".join(res)


def g_script_arabic(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "person":
        return None
    text = natural(name)
    words = fold(re.sub(r"['’`]", "", text)).split()  # the ayn apostrophe dropped: Ja'far -> jafar
    if not words or sum(w in T.ARABIC_WORDS for w in words) * 2 < len(words):
        return None
    if all(w in T.ARABIC_ARTICLES or w not in T.ARABIC_WORDS for w in words):
        # the article alone is no evidence of an Arabic name: "El" is also Spanish (EL TIO, EL MAYO, EL 50 are
        # Mexican and Colombian aliases, which an Arabic writer would not glue to an Arabic article)
        return None
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an") and i + 1 < len(words):
            nxt = arabic_word(words[i + 1])
            out.append(nxt if nxt.startswith("ال") else "ال" + nxt)
            i += 2
            continue
        out.append(arabic_word(w))
        i += 1
    joined = " ".join(x for x in out if x)
    joined = joined.replace("عبد ال ال", "عبد ال").replace("عبد ال ", "عبد ال")
    return joined or None


_KOREAN_COUNTRIES = {"KP", "KR"}


def segment_korean(word: str) -> list[str] | None:
    """A McCune-Reischauer word ('hyoksin', 'chongchongang') split into syllables of the Hangul table."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        prefix = best[i]
        if prefix is None:
            continue
        for j in range(i + 1, min(len(word), i + 5) + 1):
            if word[i:j] in T.KOREAN_SYLLABLES:
                cand = [*prefix, word[i:j]]
                known = best[j]
                if known is None or len(cand) < len(known):
                    best[j] = cand
    return best[len(word)]


def is_korean(ent: Entity) -> bool:
    return bool(set(ent.countries) & _KOREAN_COUNTRIES or any(p.startswith("DPRK") for p in ent.programs))


def g_script_korean(name: str, ent: Entity, rng: random.Random) -> str | None:
    if not is_korean(ent):
        return None
    if ent.kind == "person":
        surname, given = person_parts(name)
        sw = fold(surname).split()
        gw = fold(given.replace("-", " ")).split()
        if len(sw) != 1 or not 1 <= len(gw) <= 2:
            return None
        syll = [sw[0], *gw]
        if not all(s in T.KOREAN_SYLLABLES for s in syll):
            return None
        hangul = [T.KOREAN_SYLLABLES[s] for s in syll]
        return hangul[0] + "".join(hangul[1:]) if rng.random() < 0.8 else hangul[0] + " " + "".join(hangul[1:])
    words = fold(name).split()
    if not words or any(w.isdigit() for w in words[:-1]):
        return None
    out: list[str] = []
    for w in words:
        if w in T.KOREAN_WORDS:
            out.append(T.KOREAN_WORDS[w])
        elif w.isdigit():
            out.append(w)
        else:
            syll = segment_korean(w)
            if not syll:
                return None
            out.append("".join(T.KOREAN_SYLLABLES[x] for x in syll))
    text = "".join(x for x in out if x)
    # a vessel name ends in its number ('HYOK SIN 2' -> '혁신2호'); an organisation runs its words together
    return re.sub(r"(\d+)$", r"\1호", text) if ent.kind == "vessel" else text or None


_PINYIN: dict[str, list[str]] | None = None


def pinyin_chars() -> dict[str, list[str]]:
    """pinyin syllable -> GB 2312 level-1 characters with that single reading (pypinyin)."""
    global _PINYIN
    if _PINYIN is None:
        from pypinyin import Style, pinyin

        table: dict[str, list[str]] = defaultdict(list)
        for hi in range(0xB0, 0xD8):
            for lo in range(0xA1, 0xFF):
                try:
                    ch = bytes([hi, lo]).decode("gb2312")
                except UnicodeDecodeError:
                    continue
                readings = {r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]}
                if len(readings) == 1:
                    table[next(iter(readings)).replace("ü", "v")].append(ch)
        _PINYIN = dict(table)
    return _PINYIN


def segment_pinyin(word: str) -> list[str] | None:
    table = pinyin_chars()
    w = word.lower().replace("'", "").replace("ü", "v")
    best: list[list[str] | None] = [None] * (len(w) + 1)
    best[0] = []
    for i in range(len(w)):
        if best[i] is None:
            continue
        for j in range(i + 1, min(len(w), i + 6) + 1):
            if w[i:j] in table:
                cand = [*best[i], w[i:j]]  # type: ignore[misc]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    return best[len(w)]


_CN_COUNTRIES = {"CN", "HK", "TW", "MO"}


def g_script_chinese(name: str, ent: Entity, rng: random.Random) -> str | None:
    if not set(ent.countries) & _CN_COUNTRIES:
        return None
    table = pinyin_chars()
    if ent.kind == "person":
        surname, given = person_parts(name)
        s = fold(surname)
        if s not in T.CHINESE_SURNAMES:
            return None
        syll = segment_pinyin(fold(given).replace(" ", ""))
        if not syll or len(syll) > 2:
            return None
        return T.CHINESE_SURNAMES[s] + "".join(rng.choice(table[x][:12]) for x in syll)
    if ent.kind != "org":
        return None
    low = name.lower().strip()
    suffix = ""
    for form in sorted(T.CHINESE_LEGAL_FORMS, key=len, reverse=True):
        if low.endswith(form):
            suffix = T.CHINESE_LEGAL_FORMS[form]
            low = low[: -len(form)].rstrip(" ,")
            break
    if not suffix:
        return None
    out: list[str] = []
    for w in re.split(r"[\s\-]+", fold(low.replace("xi’an", "xian").replace("xi'an", "xian"))):
        if w in T.CHINESE_WORDS:
            out.append(T.CHINESE_WORDS[w])
            continue
        syll = segment_pinyin(w)
        if not syll or len(syll) > 4:
            return None
        out.append("".join(rng.choice(table[x][:12]) for x in syll))
    return "".join(out) + suffix if out else None


_KATAKANA: Any = None
# ICU's Latin-Katakana is a reversible scheme of its own, not Japanese usage: it writes wi/we/wo with the obsolete
# kana ヰ ヱ ヲ, si/ci/zi as セィ ゼィ, tu/du/hu as テゥ デゥ ヘゥ, and a doubled letter as ッ before any kana.
# Written as the Cabinet Notice "Gairaigo no hyōki" (外来語の表記, 1991, tables 1 and 2) writes foreign words:
# ウィ ウェ ウォ, シ ジ, トゥ ドゥ, フ (Hussein = フセイン); a doubled nasal as ン (Muhammad = ムハンマド); no ッ
# before a vowel, ン, ヤ ユ ヨ, ワ or ー (the sokuon doubles a consonant: Seyyed = セイエド, not セッエデ).
_KANA_USAGE = (("ヰ", "ウィ"), ("ヱ", "ウェ"), ("ヲ", "ウォ"), ("ヷ", "ヴァ"), ("ヸ", "ヴィ"), ("ヹ", "ヴェ"),
               ("ヺ", "ヴォ"), ("セィ", "シ"), ("ゼィ", "ジ"), ("テゥ", "トゥ"), ("デゥ", "ドゥ"), ("ヘゥ", "フ"))


def japanese_kana(kana: str) -> str:
    for icu_kana, usual in _KANA_USAGE:
        kana = kana.replace(icu_kana, usual)
    kana = re.sub(r"ッ(?=[ナニヌネノマミムメモ])", "ン", kana)
    kana = re.sub(r"ッ+(?=[アイウエオヤユヨワンッー]|$)", "", kana)
    return kana


def g_script_japanese(name: str, ent: Entity, rng: random.Random) -> str | None:
    global _KATAKANA
    if ent.kind != "person":
        return None
    if _KATAKANA is None:
        import icu

        _KATAKANA = icu.Transliterator.createInstance("Latin-Katakana")
    surname, given = person_parts(name)
    # an apostrophe (ʿayn, hamza: Mas'ud, Lu'ay, Sa'id) is inside a word, not a word break: マスウード, ルアイ, サイード
    # (the middle dot separates the words of a name; fold would make the apostrophe one)
    words = fold(re.sub(r"['’`ʿʾ]", "", f"{given} {surname}")).split()
    if not 2 <= len(words) <= 4:
        return None
    words = [re.sub(r"^(.)\1", r"\1", w.replace("v", "b")) for w in words]  # バ for va; no initial ッ
    kana = [japanese_kana(_KATAKANA.transliterate(w)) for w in words]
    if any(re.search(r"[A-Za-z]", k) for k in kana):
        return None
    return "・".join(kana) if rng.random() < 0.7 else " ".join(kana)


_RU_FORM = re.compile(
    r"^(?P<pre>(?:public |open |closed )?joint[- ]stock company|limited liability company|"
    r"obshchestvo s ogranichennoy otvetstvennostyu|aktsionernoe obshchestvo|ooo|ao|pao|oao|zao|jsc|pjsc|ojsc|"
    r"cjsc|llc)\b[\s,]*(?P<body>.+)$|^(?P<body2>.+?)[\s,]+(?P<post>ooo|ao|pao|oao|zao|jsc|pjsc|ojsc|cjsc|llc|"
    r"limited liability company|joint stock company)\.?$", re.IGNORECASE)


def g_cyrillic_legal_form(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "org":
        return None
    m = _RU_FORM.match(name.strip())
    if not m:
        return None
    form = (m.group("pre") or m.group("post")).lower().replace("-", " ")
    body = (m.group("body") or m.group("body2")).strip(" ,\"'«»")
    if form not in T.RU_LEGAL_FORMS or not body:
        return None
    short, full = T.RU_LEGAL_FORMS[form]
    cyr_body = " ".join(T.RU_WORDS.get(w.lower(), latin_to_cyrillic(w)) for w in titlecase_if_upper(body).split())
    quoted = rng.choice([f"«{cyr_body}»", f'"{cyr_body}"', cyr_body])
    return f"{rng.choice([short, full])} {quoted}"


def g_reorder(name: str, ent: Entity, rng: random.Random) -> str | None:
    if ent.kind != "person":
        return None
    surname, given = person_parts(name)
    if not given:
        return None
    if "," in name:
        return f"{surname} {given}"  # surname first, no comma
    return f"{surname} {given}" if rng.random() < 0.5 else f"{surname.upper()}, {given}"


def g_diacritics(name: str, ent: Entity, rng: random.Random) -> str | None:
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if stripped != name:
        return stripped
    # added on the distinctive words of the name (not on 'Company' or 'Joint Stock')
    keep = significant(name)
    positions = [i for m in WORD.finditer(name) if fold(m.group()) in keep
                 for i in range(m.start(), m.end()) if name[i].lower() in T.ADD_DIACRITIC]
    if not positions:
        return None
    chars = list(name)
    for i in rng.sample(positions, min(len(positions), rng.randint(1, 2))):
        accented = rng.choice(T.ADD_DIACRITIC[chars[i].lower()])
        chars[i] = accented.upper() if chars[i].isupper() else accented
    return "".join(chars)


def g_punct_spacing(name: str, ent: Entity, rng: random.Random) -> str | None:
    ops: list[Callable[[str], str]] = [
        lambda s: re.sub(r"[.,'’\-()\"]", "", s),
        lambda s: re.sub(r"[\-/]", " ", s),
        lambda s: re.sub(r"\s+", "  ", s),
        lambda s: re.sub(r",\s*", ",", s),
        lambda s: s.lower(),
        lambda s: s.upper() + " .",
        lambda s: re.sub(r"\s+", "-", s, count=1),
        lambda s: re.sub(r"\.", ". ", s),
        lambda s: " " + s.replace(" ", " , ", 1) + ";",
    ]
    rng.shuffle(ops)
    out = name
    for op in ops[: rng.randint(1, 3)]:
        out = op(out)
    out = out.strip() if rng.random() < 0.5 else out
    return out if out != name and out.strip(" .,;-") else None


# ---------------------------------------------------------------------------------------------- corpus
@dataclass
class Corpus:
    queries: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in SPLITS})
    pairs: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {s: [] for s in SPLITS})
    dropped: Counter[str] = field(default_factory=Counter)


def build_corpus(entities: list[Entity], seed: int, synthetic: list[str]) -> Corpus:
    corpus = Corpus()
    owner: dict[str, set[str]] = defaultdict(set)  # name key -> entity keys (any kind)
    for ent in entities:
        for k in ent.name_keys:
            owner[k].add(ent.key)
        for n in ent.names:
            owner[name_key(n, "person" if ent.kind != "person" else "org")].add(ent.key)
    vocab_count: Counter[str] = Counter(t for ent in entities if ent.kind == "org"
                                        for n in ent.names[:1] for t in set(fold(n).split()) if len(t) >= 3)
    vocab = frozenset(t for t, c in vocab_count.items() if c >= 3 and t.isalpha())
    acro_count: Counter[str] = Counter()
    for ent in entities:
        for n in ent.names:
            a = acronym_of(n) if ent.kind == "org" else None
            if a:
                acro_count[a] += 1
            if len(fold(n).replace(" ", "")) <= 8:
                acro_count[fold(n).replace(" ", "").upper()] += 2  # a listed short name is taken
    unique_acro = frozenset(a for a, c in acro_count.items() if c == 1)

    generators: dict[str, Callable[[str, Entity, random.Random], str | None]] = {
        "abbreviation": g_abbreviation, "legal_typo": g_legal_typo, "number": g_number,
        "qualifier": g_qualifier,
        "merge_split": lambda n, e, r: g_merge_split(n, e, r, vocab),
        "translit": g_translit, "initial": g_initial, "nickname": g_nickname, "title": g_title,
        "acronym": lambda n, e, r: g_acronym(n, e, r, unique_acro),
        "script_cyrillic": g_script_cyrillic, "script_arabic": g_script_arabic,
        "script_chinese": g_script_chinese, "script_korean": g_script_korean,
        "script_japanese": g_script_japanese, "cyrillic_legal_form": g_cyrillic_legal_form,
        "reorder": g_reorder, "diacritics": g_diacritics, "punct_spacing": g_punct_spacing,
    }
    # kinds that would flood the corpus are sampled per entity (rate in percent); rare kinds keep every entity
    rate = {"script_cyrillic": 35, "script_japanese": 20, "punct_spacing": 50, "reorder": 50, "diacritics": 40,
            "title": 50, "qualifier": 60}
    for ent in entities:
        if ent.kind == "aircraft":
            continue
        for kind, gen in generators.items():
            rng = rng_for(seed, ent.key, kind)
            if rng.randrange(100) >= rate.get(kind, 100):
                continue
            names = list(ent.names)
            rng.shuffle(names)
            names.sort(key=lambda n: n not in ent.names[:1] and rng.random() < 0.5)
            for base in names:
                variant = gen(base, ent, rng)
                if variant is None:
                    continue
                variant = variant.strip() if kind != "punct_spacing" else variant
                if not variant.strip() or variant == base or len(variant) > 400:
                    continue
                vkey = name_key(variant, ent.kind)
                others = owner.get(vkey, set()) - {ent.key}
                if others:
                    corpus.dropped[f"{kind}: variant is another entity's name"] += 1
                    continue
                corpus.queries[ent.split].append(
                    {"kind": kind, "polarity": "pos", "name": variant, "schema": ent.schema, "base": base,
                     "expected_key": ent.key, "expected_ids": ent.ids, "origin": "generated"})
                corpus.pairs[ent.split].append(
                    {"a": base, "b": variant, "schema": ent.schema, "label": 1, "kind": kind,
                     "key_a": ent.key, "key_b": ent.key, "origin": "generated"})
                break
        # aliases within one list entry (or one grouped entity): positive pairs from the data
        primary = ent.names[0]
        rng = rng_for(seed, ent.key, "alias")
        aliases = [a for a in ent.names[1:] if name_key(a, ent.kind) != name_key(primary, ent.kind)]
        for alias in rng.sample(aliases, min(3, len(aliases))):
            corpus.pairs[ent.split].append(
                {"a": primary, "b": alias, "schema": ent.schema, "label": 1, "kind": "alias",
                 "key_a": ent.key, "key_b": ent.key, "origin": "data"})
    add_negatives(corpus, entities, seed, owner)
    add_synthetic(corpus, synthetic, seed, owner)
    for split in SPLITS:
        corpus.queries[split].sort(key=lambda q: (q["kind"], q.get("expected_key") or q.get("near_key") or "",
                                                  q["name"]))
        for i, q in enumerate(corpus.queries[split]):
            q["id"] = f"{split}-{i:06d}"
        corpus.pairs[split].sort(key=lambda p: (p["kind"], p["key_a"], p["key_b"], p["a"], p["b"]))
    return corpus


GENERIC_OR_LEGAL = T.GENERIC_WORDS | T.TRAILING_LEGAL_FORMS | T.ACRONYM_STOPWORDS | {
    "co", "corp", "inc", "ltd", "llc", "trading", "general", "company", "the", "al", "el", "bin", "ibn", "abu",
    "abd", "de"}


def significant(name: str) -> set[str]:
    return {t for t in fold(name).split() if len(t) >= 3 and t not in GENERIC_OR_LEGAL and not t.isdigit()}


def canon_given(token: str) -> str:
    cls = _TRANSLIT_INDEX.get(token)
    return fold(cls[0]) if cls else token


def distinct_given(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    ta = {canon_given(t) for t in fold(a).split() if len(t) > 1}
    tb = {canon_given(t) for t in fold(b).split() if len(t) > 1}
    if not ta or not tb:
        return False
    initials_a, initials_b = {t[0] for t in ta}, {t[0] for t in tb}
    if initials_a & initials_b:
        return False
    return all(fuzz.ratio(x, y) < 60 for x in ta for y in tb)


def add_negative(corpus: Corpus, kind: str, a: Entity, a_name: str, b_name: str, b: Entity | None,
                 owner: dict[str, set[str]], query: bool) -> bool:
    bkey = name_key(b_name, a.kind)
    if bkey in a.name_keys or (b is not None and (a.name_keys & b.name_keys or a.family == b.family)):
        return False
    listed_as = owner.get(bkey, set())
    if a.key in listed_as:
        return False
    corpus.pairs[a.split].append({"a": a_name, "b": b_name, "schema": a.schema, "label": 0, "kind": kind,
                                  "key_a": a.key, "key_b": b.key if b else "", "origin": "data" if b else "generated"})
    if query and b is None and not listed_as:
        corpus.queries[a.split].append({"kind": kind, "polarity": "neg", "name": b_name, "schema": a.schema,
                                        "base": a_name, "near_key": a.key, "near_ids": a.ids,
                                        "origin": "generated"})
    return True


def add_negatives(corpus: Corpus, entities: list[Entity], seed: int, owner: dict[str, set[str]]) -> None:
    by_token: dict[tuple[str, str, str], list[Entity]] = defaultdict(list)
    by_surname: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    persons_by_split: dict[str, list[Entity]] = defaultdict(list)
    for ent in entities:
        if ent.kind == "aircraft":
            continue
        for t in significant(ent.names[0]):
            by_token[(ent.split, ent.kind, t)].append(ent)
        if ent.kind == "person":
            surname, given = person_parts(ent.names[0])
            if given and len(fold(surname)) >= 3:
                by_surname[(ent.split, fold(surname))].append(ent)
                persons_by_split[ent.split].append(ent)
    for ent in entities:
        if ent.kind == "aircraft":
            continue
        primary = ent.names[0]
        # different entries sharing tokens (same split, same kind, each with a token of its own)
        rng = rng_for(seed, ent.key, "neg_shared_tokens")
        mine = significant(primary)
        pool = sorted({o.key: o for t in mine for o in by_token[(ent.split, ent.kind, t)]
                       if o.key != ent.key and len(by_token[(ent.split, ent.kind, t)]) <= 200}.items())
        rng.shuffle(pool)
        for _, other in pool[:20]:
            theirs = significant(other.names[0])
            if (mine - theirs) and (theirs - mine) and not (mine <= theirs or theirs <= mine):
                if ent.kind == "person" and not distinct_given(person_parts(primary)[1],
                                                               person_parts(other.names[0])[1]):
                    continue
                if ent.key < other.key and add_negative(corpus, "neg_shared_tokens", ent, primary,
                                                        other.names[0], other, owner, False):
                    break
        # same surname, different given names (real listed people)
        if ent.kind == "person":
            surname, given = person_parts(primary)
            rng = rng_for(seed, ent.key, "neg_same_surname")
            same = [o for o in by_surname.get((ent.split, fold(surname)), []) if o.key > ent.key]
            rng.shuffle(same)
            for other in same[:10]:
                if distinct_given(given, person_parts(other.names[0])[1]):
                    if add_negative(corpus, "neg_same_surname", ent, primary, other.names[0], other, owner, False):
                        break
            # Meyer vs Maier with other given names (generated)
            rng = rng_for(seed, ent.key, "neg_similar_surname")
            fs = surname
            rules = list(T.SIMILAR_SURNAME_RULES)
            rng.shuffle(rules)
            for old, new in rules:
                idx = [m.start() for m in re.finditer(re.escape(old), fs.lower())]
                if idx and len(fs) >= 4:
                    i = rng.choice(idx)
                    changed = fs[:i] + match_case(fs[i:i + len(old)], new) + fs[i + len(old):]
                    if fs[i:i + len(old)].isupper():
                        changed = fs[:i] + new.upper() + fs[i + len(old):]
                    donors = persons_by_split[ent.split]
                    for _ in range(10):
                        donor = donors[rng.randrange(len(donors))]
                        dgiven = person_parts(donor.names[0])[1]
                        if donor.key != ent.key and given and distinct_given(given, dgiven):
                            add_negative(corpus, "neg_similar_surname", ent, primary,
                                         f"{titlecase_if_upper(dgiven)} {titlecase_if_upper(changed)}", None,
                                         owner, True)
                            break
                    break
        # numbered siblings (generated: change the number)
        rng = rng_for(seed, ent.key, "neg_numbered_sibling")
        for base in ent.names[:3]:
            sib = sibling_number(base, rng)
            if sib and add_negative(corpus, "neg_numbered_sibling", ent, base, sib, None, owner, True):
                break
        # same words, another legal form that denotes a distinct company (generated)
        if ent.kind == "org":
            rng = rng_for(seed, ent.key, "neg_legal_form")
            for base in ent.names[:3]:
                swapped = swap_legal_form(base, rng)
                if swapped and add_negative(corpus, "neg_legal_form", ent, base, swapped, None, owner, True):
                    break
    # numbered siblings in the data: names equal but for the number, different entities
    stem: dict[tuple[str, str], list[tuple[Entity, str]]] = defaultdict(list)
    for ent in entities:
        for n in ent.names[:2]:
            if re.search(r"\d", n):
                stem[(ent.split, re.sub(r"\d+", "#", fold(n)))].append((ent, n))
    for (_split, _), members in sorted(stem.items()):
        seen: set[str] = set()
        members = sorted(members, key=lambda x: x[0].key)
        for (a, an), (b, bn) in zip(members, members[1:], strict=False):
            if a.key != b.key and a.key not in seen and fold(an) != fold(bn):
                if add_negative(corpus, "neg_numbered_sibling", a, an, bn, b, owner, False):
                    seen.add(a.key)


def sibling_number(name: str, rng: random.Random) -> str | None:
    if not re.search(r"[^\W\d_]{2,}", name):  # a bare number ('40') is no name
        return None
    m = list(re.finditer(r"\b(\d{1,4})\b", name))
    if m:
        x = m[-1]
        n = int(x.group(1))
        new = n + rng.choice([1, 2, -1]) if n > 2 else n + rng.choice([1, 2])
        return name[: x.start()] + str(new).zfill(len(x.group(1))) + name[x.end():]  # 005 -> 006
    words = list(WORD.finditer(name))
    if (words and words[-1].group() in _ROMAN_INDEX and len(words) > 1
            and standalone(name, words[-1].start(), words[-1].end())):
        n = _ROMAN_INDEX[words[-1].group()]
        new = n + 1 if n < 19 else n - 1
        return name[: words[-1].start()] + T.ROMAN[new] + name[words[-1].end():]
    return None


def swap_legal_form(name: str, rng: random.Random) -> str | None:
    for family in T.DISTINCT_LEGAL_FORMS:
        for form in family:
            m = re.search(rf"\b{re.escape(form)}\.?\s*$", name, re.IGNORECASE)
            before = name[: m.start()] if m else ""
            if m and not re.search(r"\b(co|company|pte|pvt|private|\(?pty\)?)\W*$", before, re.IGNORECASE):
                other = rng.choice([f for f in family if f != form])
                if name[m.start():m.end()].strip().isupper():
                    other = other.upper()
                return name[: m.start()] + other
    return None


def add_synthetic(corpus: Corpus, synthetic: list[str], seed: int, owner: dict[str, set[str]]) -> None:
    for full in synthetic:
        key = f"synthetic:{fold(full)}"
        if owner.get(name_key(full, "person")):
            corpus.dropped["synthetic_person: equals a listed name"] += 1
            continue
        split = split_of(seed, key)
        corpus.queries[split].append({"kind": "synthetic_person", "polarity": "neg", "name": full,
                                      "schema": "Person", "base": full, "near_key": "", "near_ids": [],
                                      "origin": "data"})


def read_synthetic(shared: Path) -> list[str]:
    with (shared / "eval" / "negatives_us_synthetic.csv").open(encoding="utf-8", newline="") as handle:
        names = sorted({row["full_name"].strip() for row in csv.DictReader(handle) if row["full_name"].strip()})
    return names


# ---------------------------------------------------------------------------------------------- output
PAIR_FIELDS = ["a", "b", "schema", "label", "kind", "key_a", "key_b", "origin"]
QUERY_FIELDS = ["id", "kind", "polarity", "name", "schema", "base", "expected_key", "expected_ids", "near_key",
                "near_ids", "origin"]


def write_corpus(out: Path, entities: list[Entity], corpus: Corpus) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    lines = [json.dumps({"key": e.key, "family": e.family, "split": e.split, "kind": e.kind, "schema": e.schema,
                         "ids": e.ids, "names": e.names, "countries": e.countries, "programs": e.programs,
                         "sources": e.sources}, ensure_ascii=False, sort_keys=True) for e in entities]
    files["entities.jsonl"] = ("\n".join(lines) + "\n").encode()
    for split in SPLITS:
        qlines = [json.dumps({k: q.get(k) for k in QUERY_FIELDS if q.get(k) is not None}, ensure_ascii=False,
                             sort_keys=True) for q in corpus.queries[split]]
        files[f"{split}/queries.jsonl"] = ("\n".join(qlines) + "\n").encode()
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=PAIR_FIELDS, lineterminator="\n")
        writer.writeheader()
        for p in corpus.pairs[split]:
            writer.writerow(p)
        files[f"{split}/pairs.csv"] = buf.getvalue().encode()
    hashes = {}
    for rel, data in sorted(files.items()):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        hashes[rel] = hashlib.sha256(data).hexdigest()
    return hashes


def counts(entities: list[Entity], corpus: Corpus) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for split in SPLITS:
        ents = [e for e in entities if e.split == split]
        result[split] = {
            "entities": len(ents),
            "entities_by_kind": dict(sorted(Counter(e.kind for e in ents).items())),
            "entries": sum(len(e.ids) for e in ents),
            "queries": dict(sorted(Counter(q["kind"] for q in corpus.queries[split]).items())),
            "pairs": {f"{k} label={lab}": v for (k, lab), v in
                      sorted(Counter((p["kind"], p["label"]) for p in corpus.pairs[split]).items())},
        }
    return result


def build(shared: Path, out: Path, seed: int, max_groups: int | None = None) -> dict[str, Any]:
    entries, input_hashes = load_entries(shared)
    for rel in EVAL_INPUTS:
        input_hashes[rel] = sha256_file(shared / rel)
    entities = build_entities(entries, seed)
    synthetic = read_synthetic(shared)
    if max_groups is not None:  # a small deterministic sample (tests): every n-th entity
        step = max(1, len(entities) // max_groups)
        entities = entities[::step][:max_groups]
        synthetic = synthetic[:: max(1, len(synthetic) // max_groups)][:max_groups]
    corpus = build_corpus(entities, seed, synthetic)
    output_hashes = write_corpus(out, entities, corpus)
    return {
        "issue": 9,
        "seed": seed,
        "split_rule": SPLIT_RULE,
        "test_percent": TEST_PERCENT,
        "inputs_sha256": dict(sorted(input_hashes.items())),
        "outputs_sha256": output_hashes,
        "counts": counts(entities, corpus),
        "dropped": dict(sorted(corpus.dropped.items())),
        "external_test_only": ["eval/name_pairs_public.csv", "eval/un_persons_treated_pairs.csv"],
        "positive_kinds": list(POSITIVE_KINDS),
        "negative_kinds": [*NEGATIVE_KINDS, "synthetic_person"],
        "libraries": library_versions(),
        "max_groups": max_groups,
    }


def library_versions() -> dict[str, str]:
    from importlib.metadata import version

    import icu

    return {"pypinyin": version("pypinyin"), "PyICU": version("PyICU"), "ICU": icu.ICU_VERSION,
            "rapidfuzz": version("rapidfuzz"), "python-unicodedata": unicodedata.unidata_version}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data directory")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="output directory (git-ignored)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.json")
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary directory and compare with the manifest")
    parser.add_argument("--max-groups", type=int, default=None, help="build from a sample of N entities")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not (args.shared / "lists").is_dir():
        print(f"error: {args.shared}/lists not found; expected the shared data directory", file=sys.stderr)
        return 2
    if args.check:
        expected = json.loads(args.manifest.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            got = build(args.shared, Path(tmp), expected["seed"], expected.get("max_groups"))
        diffs = [k for k in ("inputs_sha256", "outputs_sha256", "counts") if got[k] != expected[k]]
        if diffs:
            print(f"corpus differs from {args.manifest} in: {', '.join(diffs)}")
            return 1
        print(f"corpus rebuilt identically ({len(got['outputs_sha256'])} files match {args.manifest})")
        return 0
    manifest = build(args.shared, args.out, args.seed, args.max_groups)
    if args.max_groups is None:
        args.manifest.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                 encoding="utf-8")
    for split in SPLITS:
        c = manifest["counts"][split]
        print(f"{split}: {c['entities']} entities, {sum(c['queries'].values())} queries, "
              f"{sum(c['pairs'].values())} pairs")
    print(f"wrote {args.out} and {args.manifest if args.max_groups is None else '(no manifest for a sample)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
