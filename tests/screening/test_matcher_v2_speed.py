"""stackclear-v2 speed work (issue 9, session 5) changes how answers are computed, never the answers: each shortcut
is checked here against the plain definition it replaces. Invented names, never the evaluation corpus."""

from __future__ import annotations

import itertools

import pytest

from stackclear.names.analyze import ORG, PERSON, NameForm, analyze
from stackclear.screening.matchers import v2_names, v2_scripts
from stackclear.screening.matchers.v2_names import _any_spelled, _korean, _translit_same
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import KIND_POOL, PartyQuery, Screener, _comparable
from stackclear.screening.sources import LoadedList

WORDS = ["mehmet", "muhammad", "reza", "rida", "wjatscheslaw", "vyacheslav", "iouri", "yuriy", "gyeong", "kyong",
         "kang", "gang", "cheol", "chol", "anouar", "anwar", "zorblax", "qimran", "ali", "bo", "hossein", "husayn"]


def _plain(mine: tuple[str, ...], open_mine: list[int], theirs: tuple[str, ...], open_theirs: list[str]) -> bool:
    """What the swap view computed before: every pair of open parts compared."""
    korean = len(mine) > 1 and len(theirs) > 1 and _korean(mine) and _korean(theirs)
    return any(_translit_same(mine[k], other, korean) for k in open_mine for other in open_theirs)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_spelled_parts_found_by_key_sets_as_by_every_pair(size: int) -> None:
    names = list(itertools.permutations(WORDS, size))[:400]
    same = 0
    for mine, theirs in itertools.product(names[::7], names[::5]):
        open_mine = [k for k, t in enumerate(mine) if t not in theirs]
        open_theirs = [t for t in theirs if t not in mine]
        found = _any_spelled(mine, open_mine, theirs, open_theirs)
        assert found == _plain(mine, open_mine, theirs, open_theirs), (mine, theirs)
        same += found
    assert same > 0  # some pairs are one name in two spellings


def test_listed_translit_keys_are_the_keys() -> None:
    form = analyze("WJATSCHESLAW, Iouri Zorblax Li", PERSON)
    v2_names.remember_listed(form)
    for token in form.tokens:
        record = v2_names._LISTED_TOKENS[token]
        assert record.key == (v2_names.translit_key(token) if len(token) >= 4 else "")
        assert record.short_key == (v2_names.translit_key(token) if len(token) == 3 else "")


def _lists(entries: list[ListEntry]) -> list[LoadedList]:
    return [LoadedList("t.csv", "csl-csv", "abc", None, entries, {"SDN": len(entries)})]


def test_kind_filter_answers_as_the_pool_of_four_k() -> None:
    # organisations and people sharing the query's words, in every proportion of the best k
    words = ["Trading", "Shipping", "Mining", "Textile", "Holding", "Steel", "Power", "Cement", "Marine", "Oil"]
    entries = [ListEntry(f"O:{n:02d}", "SDN", "SDN", "Company", f"ZORBLAX {w}") for n, w in enumerate(words)]
    entries += [ListEntry(f"P:{n:02d}", "SDN", "SDN", "Person", f"ZORBLAX, {w} Quentin")
                for n, w in enumerate(["Hargreave", "Ulrich", "Tamsin", "Odile", "Brannock", "Fenwick"])]
    screener = Screener.from_lists(_lists(entries))
    index = screener.index
    assert index is not None
    for name, schema in [("Zorblax", "Person"), ("Zorblax Quentin", "Person"), ("Zorblax Trading", "Company"),
                         ("Zorblax Steel Power", "Organization"), ("Quentin Ulrich Zorblax", "Person")]:
        lookup = screener.lookup_forms(name, schema)[1]
        kind = next(iter(index.query_forms(name, schema)))
        for k in (1, 2, 4, 8):
            pool = index.candidates(lookup, KIND_POOL * k, 0.5)
            plain = [item for item in pool if _comparable(kind, index.names[item[0]].form.kind)][:k]
            assert screener._retrieve(lookup, kind, k) == plain, (name, k)


def test_an_entry_scoring_one_keeps_its_exact_name() -> None:
    entries = [ListEntry("A:1", "SDN", "SDN", "Person", "ZORBLAXI, Qimran", aliases=["ZORBLAXI, Qimran Yahya"])]
    result = Screener.from_lists(_lists(entries)).screen(PartyQuery("1", "Qimran Zorblaxi", "Person"))
    assert result.decision == "hit" and result.hits[0].score == 1.0
    assert result.hits[0].matched_name == "ZORBLAXI, Qimran"


# --- session 6: per-query work done once per query, regular expressions kept off the common path ---------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aabbeellnoo\n-x", max_size=14))
def test_undouble_is_the_regular_expression(text: str) -> None:
    assert v2_names._undouble(text) == v2_names._DOUBLED.sub(r"\1", text)


def _respelt_plain(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """respelt_form's tokens before the shortcut: every pattern tried on every part."""
    out = []
    for token in tokens:
        spelled = v2_names._arabic_name(token)
        if spelled is token:
            for pattern, replacement in v2_names._RESPELL:
                spelled = pattern.sub(replacement, spelled)
            if spelled != token:
                spelled = v2_names._DOUBLED.sub(r"\1", spelled)
        out.append(spelled)
    return None if out == list(tokens) else tuple(out)


@pytest.mark.parametrize("name", ["Sergej Puschkin", "Oussama Michail", "Jurij Tschernow", "Mehmet Brahim",
                                  "Zorblax Quentin", "Achim Rauch", "Marketta Kolehmainen", "Andrej Ouedraogo"])
def test_respelt_form_is_every_pattern_on_every_part(name: str) -> None:
    form = analyze(name, PERSON)
    made = v2_names.respelt_form(form)
    assert (None if made is None else made.tokens) == _respelt_plain(form.tokens)


def test_parts_of_the_query_are_those_of_the_form_asked_about() -> None:
    one, two = analyze("Sasha Ivanov", PERSON), analyze("Bob Marley", PERSON)
    assert v2_names._parts(one).form is one and v2_names._parts(one) is v2_names._parts(one)
    parts = v2_names._parts(two)
    assert parts.form is two and parts.in_shorts == (True, False)  # Bob is a short form, Marley is not
    assert parts.keys == tuple(v2_names.translit_key(t) if len(t) >= 4 else "" for t in two.tokens)
    # the swap view with the remembered parts answers as with parts made afresh
    listed = analyze("MARLEY, Robert", PERSON)
    view = v2_names._swap_view(two, listed)
    v2_names.clear_canonical()
    assert view is not None and view.tokens == ("robert", "marley")
    again = v2_names._swap_view(two, listed)
    assert again is not None and again.tokens == view.tokens


HAN_NAMES = ["长春 李", "深圳市华为技术有限公司", "重庆 张 朝阳", "行长", "单 于", "北京延经电子有限公司", "曾 乐 乐"]
HANGUL_NAMES = ["김정은", "리 영길", "최 룡해", "조선 무역 회사", "박 정천"]


def _group_plain(reading: v2_scripts.Reading, targets: dict[str, str], kind: str) -> list[tuple[str, bool]]:
    """:func:`v2_scripts._group` as first written: every reading combination of every span tried for every listed
    name (the definition the test below compares the faster :func:`v2_scripts._group` with)."""
    units = reading.units
    out: list[tuple[str, bool]] = []
    run: list[str] = []
    used: set[str] = set()
    k = 0

    def flush() -> None:
        if run:
            out.append(("".join(run), False))
            run.clear()

    while k < len(units):
        unit = units[k]
        if unit.word:
            flush()
            out.append((next((r for r in unit.readings if r in targets.values()), unit.readings[0]), True))
            k += 1
            continue
        found = None
        for end in range(min(len(units), k + v2_scripts.MAX_SPAN), k, -1):
            span = units[k:end]
            if any(u.word or u.chunk != unit.chunk for u in span):
                continue
            total = 1
            for u in span:
                total *= len(u.readings)
            choices = (itertools.product(*(u.readings for u in span)) if total <= v2_scripts.MAX_COMBOS
                       else [tuple(u.readings[0] for u in span)])
            for combo in choices:
                target = targets.get(v2_scripts._key(reading.script, "".join(combo)))
                if target is not None and target not in used:
                    found = (end, target)
                    break
            if found is not None:
                break
        if found is None:
            if kind != ORG:
                flush()
                out.append((unit.readings[0], False))
            else:
                run.append(unit.readings[0])
            k += 1
            continue
        flush()
        out.append((found[1], False))
        used.add(found[1])
        k = found[0]
    flush()
    return out


@pytest.mark.parametrize("kind", [PERSON, "Company"])
def test_group_by_span_tables_is_every_combination(kind: str) -> None:
    from stackclear.names.analyze import kind_of
    from stackclear.screening.matchers import v2_scripts

    form_kind = kind_of(kind)
    listed = ["Changchun Li", "Li Chang Chun", "Shenzhen Huawei Technologies", "Zhang Chaoyang", "Chongqing",
              "Hang Zhang", "Shan Yu", "Chan Yu", "Beijing Yanjing Electronics", "Zeng Lele", "Zeng Yue Le",
              "Kim Jong Un", "Ri Yong Gil", "Choe Ryong Hae", "Korea Trading", "Pak Jong Chon", "Park Jeong Cheon"]
    compared = 0
    for name in HAN_NAMES + HANGUL_NAMES:
        reading = v2_scripts.read_name(name, form_kind)
        assert reading is not None
        for other in listed:
            tokens = analyze(other, form_kind).tokens
            targets: dict[str, str] = {}
            for token in tokens:
                if len(token) > 1 or form_kind == PERSON:
                    targets.setdefault(v2_scripts._key(reading.script, token), token)
            assert v2_scripts._group(reading, targets, form_kind) == _group_plain(reading, targets,
                                                                                            form_kind), (name, other)
            compared += 1
    assert compared == len(listed) * (len(HAN_NAMES) + len(HANGUL_NAMES))


@pytest.mark.parametrize("text", ["长春", "重庆银行", "行长", "乐乐", "单于", "华为技术"])
def test_one_pinyin_converter_reads_as_the_pinyin_functions(text: str) -> None:
    from pypinyin import Style, lazy_pinyin, pinyin

    from stackclear.screening.matchers import v2_scripts

    converter, style = v2_scripts._pinyin()
    assert converter.lazy_pinyin(text, style=style, errors="ignore", strict=True) == lazy_pinyin(  # type: ignore[attr-defined]
        text, style=Style.NORMAL, errors="ignore")
    for char in text:
        assert converter.pinyin(char, style=style, heteronym=True, errors="ignore", strict=True) == pinyin(  # type: ignore[attr-defined]
            char, style=Style.NORMAL, heteronym=True, errors="ignore")


def _repair_plain(lower: str) -> str:
    """_repair_lower before the shortcut: the typo looked up among the whole vocabulary."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from stackclear.screening.matchers.v2_tables import tables

    vocabulary = v2_names._generic_vocabulary()
    if len(lower) < 5 or lower in v2_names._vocabulary_set() or lower in tables().org_symbols:
        return ""
    limit = 2 if len(lower) >= 9 else 1
    found = process.extractOne(lower, vocabulary, scorer=OSA.distance, score_cutoff=limit)
    if found is not None:
        return str(found[0])
    legal = tables().legal_words
    known = v2_names._vocabulary_set() | legal
    for at in range(3, len(lower) - 2):
        head, tail = lower[:at], lower[at:]
        if head in known and (tail in known or head in legal):
            return head + " " + tail
    return ""


def test_word_repair_among_words_of_near_length_is_the_repair_among_all() -> None:
    words = set()
    for word in v2_names._generic_vocabulary()[::3]:
        words.add(word[1:])  # a letter dropped
        words.add(word[:2] + "x" + word[3:])  # one replaced
        words.add(word[:2] + word[3] + word[2] + word[4:])  # two swapped
        words.add(word + "es")  # two added
        words.add(word[:-2])  # two dropped
    words |= {"comapny", "limted", "corproation", "openjoint", "llckinef", "zorblaxian", "internatinoal", "trdaing"}
    repaired = 0
    for word in sorted(words):
        v2_names._repair_lower.cache_clear()
        assert v2_names._repair_lower(word) == _repair_plain(word), word
        repaired += v2_names._repair_lower(word) != ""
    assert repaired > len(words) // 3  # most of these words are a repairable typo


# --- session 7: the swap view reads each part's tables once (a record per part, listed parts' made with the index) ---

from stackclear.screening.matchers.v1_romanize import skeleton  # noqa: E402
from stackclear.screening.matchers.v2_tables import tables  # noqa: E402

SWAP_NAMES = [
    "Sasha Ivanov", "Aleksandr Ivanov", "Alexander Ivanoff", "Bob Marley", "Robert Marley", "Vova Putin",
    "Vladimir Putin", "Volodya Putin", "Sergei Lavrov", "Sergey Lavrov", "Seryozha Lavrov", "Mehmet Ali",
    "Muhammad Ali", "Mohamed Aly",
    "Qasim Soleimani", "Kassem Suleimani", "Husayn Zorblax", "Hussein Zorblax", "Noor Zorblax", "Nur Zorblax",
    "Kim Jong Un", "Kim Jong Eun", "Gyeong Nam Hwang", "Kyong Nam Hwang", "Rhee Chol", "Lee Cheol", "Pepe Garcia",
    "Jose Garcia", "Molly Brown", "Mae Brown", "Mary Brown", "Reza Zorblax", "Rida Zorblax", "Ehsan Zorblax",
    "Hosein Zorblax", "Wjatscheslaw Iouri", "Vyacheslav Yuriy", "Bill Gates", "William Gates", "Lena Zorblax",
    "Yelena Zorblax", "Elena Zorblax", "Abdul Rahman Hassan", "Abd al Rahman Hasan", "Li Na", "Na Li", "Ali",
]
SWAP_SCRIPTS = ["احسان زوربلاكس", "قاسم سليماني", "Сергей Лавров", "アーマデ", "김정은"]


def _same_group_of(a: str, b: str) -> bool:
    symbols = tables().person_symbols
    own, theirs = symbols.get(a), symbols.get(b)
    return own is not None and theirs is not None and v2_names._same_group(a, own, b, theirs)


def _swap_plain(query: NameForm, candidate: NameForm) -> tuple[str, ...] | None:
    """The person swap view as written before session 7 (every table looked up per pair of parts): the definition
    :func:`v2_names._swap_person` is compared with."""
    t = tables()
    symbols, shorts = t.person_symbols, t.nick_sounds
    translit = query.script != "LATIN" and (
        query.script not in ("HAN", "HANGUL") or v2_names.is_japanese(query.original))
    mine, theirs = query.tokens, candidate.tokens
    open_mine = [k for k, token in enumerate(mine) if token not in theirs]
    open_theirs = [other for other in theirs if other not in mine]
    if not open_mine or not open_theirs:
        return None
    their_shorts = any(other in shorts for other in open_theirs)
    spelled = _plain(mine, open_mine, theirs, open_theirs)
    korean = spelled and len(mine) > 1 and len(theirs) > 1 and _korean(mine) and _korean(theirs)
    if not translit and not spelled:
        if not their_shorts and not any(mine[k] in symbols for k in open_mine):
            return None
        if not their_shorts and not any(o in symbols for o in open_theirs) and not any(
            mine[k] in shorts for k in open_mine
        ):
            return None
    out = list(mine)
    changed = False
    for k in open_mine:
        token = mine[k]
        own = symbols.get(token)
        sound = skeleton(token) if translit and len(token) >= 4 else ""
        if own is None and len(sound) < 3 and not their_shorts and not spelled:
            continue
        for other in open_theirs:
            if other in out:
                continue
            group = symbols.get(other)
            same = (
                (own is not None and group is not None and v2_names._same_group(token, own, other, group))
                or (len(sound) >= 3 and len(other) >= 4 and skeleton(other) == sound
                    and not (token[0] in "aeiou" and other[0] not in "aeiou"))
                or v2_names._short_form_of(token, other, shorts)
                or v2_names._short_form_of(other, token, shorts)
                or (spelled and _translit_same(token, other, korean))
            )
            if same:
                out[k] = other
                changed = True
                break
    return tuple(out) if changed else None


def test_swap_view_of_people_is_the_pairwise_definition() -> None:
    forms = [analyze(name, PERSON) for name in SWAP_NAMES + SWAP_SCRIPTS]
    listed = [analyze(name, PERSON) for name in SWAP_NAMES]
    for form in listed[::2]:
        v2_names.remember_listed(form)  # half the listed names' parts from the index's records, half made per query
    swapped = 0
    for query in forms:
        for candidate in listed:
            view = v2_names._swap_view(query, candidate)
            assert (None if view is None else view.tokens) == _swap_plain(query, candidate), (query.original,
                                                                                           candidate.original)
            swapped += view is not None
    assert swapped > 40  # nicknames, name groups, spellings, skeletons and Korean syllables all swapped somewhere


def test_part_groups_are_the_same_group_test() -> None:
    symbols = tables().person_symbols
    names = ["vova", "volodya", "vladimir", "sergei", "sergey", "seryozha", "bob", "robert", "bill", "william",
             "molly", "mae", "mary", "sasha", "aleksandr", "alexander", "pepe", "jose", "lena", "elena", "yelena"]
    names = [n for n in names if n in symbols]
    form = analyze(" ".join(names), PERSON)
    parts = v2_names._Parts(form)
    same = 0
    for k, a in enumerate(form.tokens):
        shared, nicknames = parts.groups(k)
        for b in names:
            group = symbols[b]
            fast = not shared.isdisjoint(group) or (b in nicknames and "NN:" + b in group)
            assert fast == _same_group_of(a, b), (a, b)
            same += fast
    assert same > len(names)
