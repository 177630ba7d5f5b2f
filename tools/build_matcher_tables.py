"""Build the reference tables of matcher ``stackclear-v2`` from rigour's name data (deterministic).

    .venv/bin/python tools/build_matcher_tables.py [SHARED_DATA_DIR]      # or: make matcher-tables

Every equivalence comes from rigour (opensanctions/rigour, the name-symbol tagger OpenSanctions' logic-v2
uses: Wikidata person-name groups across scripts and transliterations, nicknames, organisation words and
their abbreviations, number words and ordinals in many languages, person-name prefixes). rigour's data lives
in its compiled core and takes seconds to load, so the tables are materialised here once, for the vocabulary
of the public restricted-party lists (../shared/data/lists, read in place) plus the nicknames and
abbreviations rigour itself defines, and committed as reviewed data files:

* ``v2_person_symbols.tsv`` — person-name token → rigour NAME (Wikidata id) and NICK symbols; only symbols
  that two or more tokens share are kept (a symbol of one token proves no equivalence);
* ``v2_org_symbols.tsv`` — organisation word → rigour SYMBOL/DOMAIN/LOC symbols (tech = technology,
  mfg = manufacturing, grp = group, dubai = LOC:ae-du);
* ``v2_numbers.tsv`` — number word, ordinal or roman numeral → its value (rigour's ordinals, 0–100);
* ``v2_titles.txt`` — titles and honorifics (rigour's person-name prefixes) that are not part of a name;
* nickname groups from the ``nicknames`` package (carltonnorthern/nicknames, a hand-curated dataset of English
  names and nicknames) join ``v2_person_symbols.tsv`` as ``NN:<name>`` symbols, and short forms rigour puts in
  the group of a listed name part (the first 2–4 letters of a listed name that rigour tags alike: Alex,
  Mo) are added to the vocabulary;
* hypocoristic forms (diminutives a person goes by) join ``v2_person_symbols.tsv`` as ``HF:<id>`` (a spelling of
  the full name) and ``HN:<id>`` (a spelling of a short form) symbols: Spanish ones from the ``delfuzz`` package
  (its nickname substitutions: a nickname is an entry that has a Spanish full name at cost 0.15 and its
  English equivalent at 0.25, e.g. pepe → José / Joseph) and :data:`SPANISH_HYPOCORISMS` (hand-written: Chucho,
  Kike, Chalo, Rafa), Russian ones from :data:`RUSSIAN_HYPOCORISMS` (written
  here in Cyrillic: the standard short forms of common Russian given names, as given in Russian grammars and
  name dictionaries, e.g. Superanskaya's "Словарь русских личных имён"), each romanised by every passport and
  transliteration standard of ``iuliia`` (BGN/PCGN, ICAO 9303, MVD, Wikipedia, Mosmetro, Yandex ...) so that
  Серёжа gives seryozha, serezha, seryezha and Сергей sergey, sergei;
* ``v2_legal_words.txt`` — the words of the legal forms rigour finds in the lists' organisation names
  ("limited", "liability", "joint", "stock", "obshchestvo", "sociedad" ...), the vocabulary in which v2
  corrects one-letter typos and splits glued words ("LLCkinef", "OPENJOINT");
* ``v2_cyrillic.json`` — the BGN/PCGN Cyrillic romanisation (the lists' usual one) from the ``iuliia``
  package's schema, for a second reading of Cyrillic queries beside ICU's.

``iuliia``, ``nicknames`` and ``delfuzz`` are needed only here (``pip install iuliia nicknames delfuzz``), not at
run time.

Only tokens are kept, never a listed name or any other field.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

from rigour import _core
from rigour.names import NameTypeTag, analyze_names, extract_org_types

from stackclear.names.analyze import ORG, PERSON, analyze, kind_of
from stackclear.names.text import clean_text
from stackclear.screening.sources import load_list

OUT = Path(__file__).resolve().parents[1] / "src" / "stackclear" / "screening" / "data"
LISTS = ("csl_2022-05_full.csv", "ofac_sdn_2024-07.csv", "csl_2023-11_partial.csv", "entity_list_2025-11_derived.json")
#: Abbreviations of organisation words that rigour tags (checked by the tagger; listed here so that the
#: table holds them even when no list spells them that way).
ORG_SEEDS = """tech techs elec electr mfg mfr mfrs intl int inds ind grp gp co cos corp engg eng svcs svc srvcs
hldgs hldg natl bros assoc univ pharm pharma chem petro shpg invt invest mgmt dev devt ctr cntr sci telecom
tel comm comms equip mach transp trans logist navig fin finl ent ents mkt mktg prod prods pwr inst lab labs
dept div rsch res ops nav aero aviat constr const""".split()
#: Titles and honorifics used in the lists' region that rigour's prefix list does not hold (added here).
EXTRA_TITLES = ("sheikh shaikh shaykh sheik mullah maulana maulvi hajji haji ayatollah "
                "gen brig lt col maj capt cpt sgt adm cdr cmdr eng engr").split()
_WORD = re.compile(r"^[a-z0-9]+$")
#: Russian given names (variant spellings joined by |) and their usual short forms, hand-written in Cyrillic (see
#: the module docstring); romanised below by every scheme of ``IULIIA_SCHEMES``.
RUSSIAN_HYPOCORISMS = """
Александр: Саша Шура Саня Сашка
Александра: Саша Шура Саня
Алексей: Алёша Лёша Лёха
Анатолий: Толя Толик
Андрей: Андрюша
Антон: Тоша
Аркадий: Аркаша
Артём|Артем: Тёма
Богдан: Бодя
Борис: Боря
Вадим: Вадик Дима
Валентин: Валя
Валентина: Валя
Валерий: Валера
Василий: Вася
Виктор: Витя
Виталий: Виталик Витя
Владимир: Вова Володя
Владислав: Влад Слава
Вячеслав: Слава
Геннадий: Гена
Георгий: Гоша Жора
Григорий: Гриша
Дмитрий: Дима Митя
Евгений: Женя
Евгения: Женя
Егор: Егорка
Иван: Ваня
Илья: Илюша
Иосиф: Ося
Кирилл: Киря
Константин: Костя
Леонид: Лёня
Максим: Макс
Михаил: Миша
Николай: Коля
Павел: Паша
Пётр|Петр: Петя
Роман: Рома
Семён|Семен: Сеня
Сергей: Серёжа Серёга
Станислав: Стас Слава
Степан: Стёпа
Тимофей: Тима
Фёдор|Федор: Федя
Эдуард: Эдик
Юрий: Юра
Яков: Яша
Ярослав: Слава
Анастасия: Настя
Анна: Аня
Галина: Галя
Дарья|Дария: Даша
Екатерина: Катя
Елена: Лена
Елизавета: Лиза
Ирина: Ира
Ксения: Ксюша
Любовь: Люба
Людмила: Люда Мила
Мария|Марья: Маша
Надежда: Надя
Наталья|Наталия: Наташа
Ольга: Оля
Светлана: Света
Софья|София: Соня
Тамара: Тома
Татьяна: Таня
Юлия: Юля
Виктория: Вика
Зинаида: Зина
Лариса: Лара
Полина: Поля
"""
#: Spanish given names and their usual hypocorisms (diminutives a person goes by, most of them not made by a suffix
#: rule), hand-written (issue 9, session 5) from general knowledge of Spanish naming (the common hypocorisms that
#: Spanish grammars and name dictionaries list for these names); not taken from the evaluation corpus or its
#: generator. Only the forms delfuzz lacks need to be here, the rest repeat it harmlessly. Accents
#: are folded when the table is written. Short forms that are other names too (Isa, Tito) are left out.
SPANISH_HYPOCORISMS = """
Adolfo: Fito
Agustín: Agus
Alberto: Beto
Alejandro: Alex Jando
Alfonso: Poncho Fonso
Alfredo: Fredo
Antonio: Toño Toni Tony
Benjamín: Benja
Concepción: Concha Conchita
Consuelo: Chelo
Daniel: Dani
Dolores: Lola Loli
Eduardo: Lalo
Enrique: Kike Quique
Federico: Fede
Fernando: Nando
Francisco: Paco Pancho Curro Quico Kiko Fran
Gonzalo: Chalo
Graciela: Chela
Gregorio: Goyo
Guadalupe: Lupe Lupita
Guillermo: Memo Guille
Ignacio: Nacho
Isabel: Chabela
Jesús: Chucho Chuy Chus
Joaquín: Quino Chimo
Jorge: Coque
José: Pepe Chepe Pepito
Luis: Lucho
Manuel: Manolo Manu
Mercedes: Merche
Rafael: Rafa Rafi
Ramón: Moncho
Roberto: Beto
Rodrigo: Rodri
Rosario: Charo Chayo
Salvador: Chava Salva
Santiago: Santi Chago
Sebastián: Sebas
Vicente: Chente
"""
#: iuliia's schemes whose output is plain ASCII letters once diacritics are folded (the spellings met in passports
#: and the lists): BGN/PCGN and its variant, ICAO 9303, MVD 310/782, Wikipedia, Mosmetro, Yandex, Telegram.
IULIIA_SCHEMES = ("BGN_PCGN", "BGN_PCGN_ALT", "ICAO_DOC_9303", "MVD_310", "MVD_782", "WIKIPEDIA", "MOSMETRO",
                  "YANDEX_MAPS", "YANDEX_MONEY", "TELEGRAM", "GOST_52535")


def _symbols(kind: NameTypeTag, token: str, categories: tuple[str, ...]) -> set[str]:
    out = set()
    for name in analyze_names(kind, [token], phonetics=False, numerics=False, consolidate=False, rewrite=False):
        for symbol in name.symbols:
            category = symbol.category.value
            if category in categories:
                out.add(f"{category}:{symbol.id}")
    return out


def _vocabulary(shared: Path) -> tuple[Counter[str], Counter[str], Counter[str]]:
    people: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    legal: Counter[str] = Counter()
    for file in LISTS:
        for entry in load_list(shared / "lists" / file).entries:
            kind = kind_of(entry.schema)
            for name in entry.names():
                form = analyze(name, kind)
                target = people if kind == PERSON else orgs if kind == ORG else None
                if target is not None:
                    target.update(t for t in form.tokens if _WORD.match(t) and not t.isdigit())
                if kind == ORG:
                    for alias, _ in extract_org_types(clean_text(name)):
                        legal.update(w for w in re.findall(r"[a-z]+", alias.lower()) if len(w) >= 2)
    return people, orgs, legal


def _shared_only(table: dict[str, set[str]]) -> dict[str, set[str]]:
    """Symbols two or more tokens share (places are kept alone: a place qualifies a name by itself)."""
    def group(symbol: str) -> str:  # a full name and its short forms are one group
        return "HF:" + symbol[3:] if symbol.startswith("HN:") else symbol

    count = Counter(group(s) for symbols in table.values() for s in symbols)
    kept = {t: {s for s in symbols if count[group(s)] > 1 or s.startswith("LOC:")} for t, symbols in table.items()}
    return {t: symbols for t, symbols in kept.items() if symbols}


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"),
                            (1, "i")):
        while value >= number:
            out += letters
            value -= number
    return out


def _nickname_rows() -> list[tuple[str, str]]:
    """(canonical name, nickname) rows of the nicknames package's names.csv."""
    import csv as _csv

    import nicknames

    rows = []
    with (Path(nicknames.__file__).parent / "names.csv").open(encoding="utf-8") as f:
        for row in _csv.reader(f):
            if len(row) >= 3 and row[1] == "has_nickname":
                rows.append((row[0].strip().lower(), row[2].strip().lower()))
    return sorted(set(rows))


def _latin_token(text: str) -> str:
    tokens = analyze(text, PERSON).tokens
    return tokens[0] if len(tokens) == 1 and _WORD.match(tokens[0]) else ""


def _hypocorism_rows() -> list[tuple[str, list[str], list[str]]]:
    """(group id, full-name spellings, short-form spellings): Russian (romanised by iuliia), Spanish (the table
    above and delfuzz)."""
    import iuliia
    from delfuzz import defaults

    schemes = [getattr(iuliia, name) for name in IULIIA_SCHEMES]
    groups: list[tuple[str, list[str], list[str]]] = []
    for line in RUSSIAN_HYPOCORISMS.strip().splitlines():
        head, _, tail = line.partition(":")
        fulls, shorts = head.strip().split("|"), tail.split()

        def spell(words: list[str]) -> list[str]:
            out = {_latin_token(scheme.translate(w)) for w in words for scheme in schemes}
            return sorted(x for x in out if x)

        group = _latin_token(iuliia.BGN_PCGN.translate(fulls[0]))
        groups.append((group, spell(fulls), spell(shorts)))
    for line in SPANISH_HYPOCORISMS.strip().splitlines():
        head, _, tail = line.partition(":")
        full = _latin_token(head.strip())
        groups.append((full, [full], sorted({_latin_token(w) for w in tail.split()} - {""})))
    subs = defaultdict(list)
    for key, targets in defaults._TOKEN_COSTS_ONE_WAY["sub"].items():
        if len(key) == 1:
            subs[key[0]] = [(t[0], cost) for t, cost in targets if len(t) == 1]
    for nick, targets in sorted(subs.items()):
        if not any(cost == 0.25 for _, cost in targets):  # no English equivalent at 0.25: not a nickname entry
            continue
        for full, cost in targets:
            if cost == 0.15 and _latin_token(full) and _latin_token(nick):
                groups.append((_latin_token(full), [_latin_token(full)], [_latin_token(nick)]))
    return groups


def _write(path: Path, header: str, rows: list[str]) -> None:
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")


def main(shared: Path) -> None:
    people, orgs, legal_words = _vocabulary(shared)
    source = f"# generated by tools/build_matcher_tables.py from rigour {version('rigour')}'s name data"
    # people: NAME / NICK symbols; a NICK symbol's id is itself a nickname spelling
    person_table: dict[str, set[str]] = {}
    for token in sorted(people):
        person_table[token] = _symbols(NameTypeTag.PER, token, ("NAME", "NICK"))
    nicknames = sorted({s.split(":", 1)[1].lower() for v in person_table.values() for s in v if s.startswith("NICK:")})
    for token in nicknames:
        if token not in person_table and _WORD.match(token):
            person_table[token] = _symbols(NameTypeTag.PER, token, ("NAME", "NICK"))
    # short forms: a prefix of a listed name part that rigour puts in one of its groups
    for token in sorted(people):
        own = person_table.get(token) or set()
        if len(token) < 5 or not own:
            continue
        for size in (2, 3, 4):
            short = token[:size]
            if short in people or short in person_table:
                continue
            found = _symbols(NameTypeTag.PER, short, ("NAME", "NICK"))
            if found & own:
                person_table[short] = found
    for csv_row in _nickname_rows():  # the nicknames package: canonical names and their nicknames
        canonical, nick = csv_row
        for token in (canonical, nick):
            if _WORD.match(token):
                person_table.setdefault(token, set()).add(f"NN:{canonical}")
    for group, fulls, shorts in _hypocorism_rows():
        for token in fulls:
            person_table.setdefault(token, set()).add(f"HF:{group}")
        for token in shorts:
            if token not in fulls:
                person_table.setdefault(token, set()).add(f"HN:{group}")
    person_rows = [f"{t}\t{' '.join(sorted(s))}" for t, s in sorted(_shared_only(person_table).items())]
    _write(OUT / "v2_person_symbols.tsv",
           f"{source} (NAME = Wikidata name group, NICK = nickname group), nicknames {version('nicknames')} (NN = "
           f"name: nickname group), delfuzz {version('delfuzz')}, the Spanish short forms of "
           "tools/build_matcher_tables.py and its Russian ones romanised by iuliia (HF = a spelling of the full "
           "name, HN = of a short form).\n# token\tsymbols\n", person_rows)
    org_table: dict[str, set[str]] = {}
    for token in sorted(set(orgs) | set(ORG_SEEDS)):
        org_table[token] = _symbols(NameTypeTag.ORG, token, ("SYMBOL", "DOMAIN", "LOC", "ORGCLS"))
    org_rows = [f"{t}\t{' '.join(sorted(s))}" for t, s in sorted(_shared_only(org_table).items())]
    _write(OUT / "v2_org_symbols.tsv",
           f"{source} (SYMBOL/DOMAIN = organisation word, LOC = place, ORGCLS = legal form).\n# token\tsymbols\n",
           org_rows)
    numbers: dict[str, int] = {}
    for value, forms in sorted(_core.ordinals_dict().items()):
        for form in forms:
            word = re.sub(r"[\s\-.]", "", form.lower())
            if _WORD.match(word) and len(word) > 1 and not word.startswith("no") and word not in numbers:
                numbers[word] = value
    for value in range(2, 101):  # roman numerals by the standard rules (rigour lists only some, e.g. not XVII)
        numeral = _roman(value)
        if len(numeral) > 1:
            numbers.setdefault(numeral, value)
    _write(OUT / "v2_numbers.tsv", f"{source} (ordinals).\n# word\tvalue\n",
           [f"{w}\t{v}" for w, v in sorted(numbers.items())])
    titles = {re.sub(r"[^a-z ]", "", p.lower()).strip() for p in _core.person_name_prefixes_list()}
    titles = {t for t in titles if t and t != "the"}
    lines = sorted(titles) + ["# added here (not in rigour's prefixes):"] + sorted(set(EXTRA_TITLES) - titles)
    _write(OUT / "v2_titles.txt", f"{source} (person-name prefixes), one title per line.\n", lines)
    _write(OUT / "v2_legal_words.txt", f"{source} (words of legal forms found in the lists, seen 3+ times).\n",
           sorted(w for w, n in legal_words.items() if n >= 3))
    import iuliia

    schema = json.loads(Path(iuliia.BGN_PCGN.path).read_text(encoding="utf-8"))
    schema = {k: v for k, v in schema.items() if k != "samples"}
    schema["source"] = f"iuliia {version('iuliia')} schemas/bgn_pcgn.json (generated by tools/build_matcher_tables.py)"
    (OUT / "v2_cyrillic.json").write_text(json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                          encoding="utf-8")
    print(f"people {len(person_rows)}, orgs {len(org_rows)}, numbers {len(numbers)}, titles {len(titles)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
