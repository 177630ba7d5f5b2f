"""Names written in another script against their Latin list forms: the ``name_script`` view of ``stackclear-v2``
(Han, Hangul, Japanese kana, Cyrillic, Arabic).

The lists write names in Latin letters; a query in another script is read into Latin here, at screen time
(the index stays Latin), in two ways:

* **for retrieval** (:func:`script_lookup_forms`): the query's usual romanisation and a few respellings —
  for Han and Hangul organisations each run of syllables also cut after its first two and before its last
  two ("Beijing" + "Huanjia"), for people each syllable alone; for kana the vowels kana add between and after
  consonants dropped, r read as l and b as v one by one; for Cyrillic дж/j, х/h, в/w, кс/x; for Arabic the short
  vowels guessed between the consonants of short words;
* **for scoring** (:func:`script_score`): against one listed name, the query is read the way that name is
  written wherever the sound allows (syllables grouped into the listed words: "深圳" → "shen"+"zhen" =
  "Shenzhen", "정은" → "jong"+"un"; a Cyrillic or Arabic word spelt as the listed word it transliterates) and
  the rest kept as romanised; the result is compared by v1's alignment like any Latin name, Han and Hangul
  syllables strictly (jin ≠ jing), a person's syllable no listed part takes costing a fifth of the score,
  Arabic (consonants only) at 0.9. The feature's weight is 0.95 (:data:`W_SCRIPT`).

Readings, by script:

* **Han** — every reading pypinyin (mozillazg/python-pinyin, its CC-CEDICT-based dictionaries) gives a
  character (heteronyms: 长 chang/zhang), the phrase reading first; ü is u;
* **Hangul** — the DPRK 1992 national romanisation, which the lists use for DPRK names (Kim Jong Un, Choe,
  Ri, Pak, Thae): the jamo of each syllable (Unicode's arithmetic decomposition) by the national table,
  lenis k/t/p voiced to g/d/b inside a word; compared through a loose sound key that also accepts the South's
  Revised Romanisation (eo/eu, g/k, d/t, b/p, j/ch, r/l) and a small table of surname spellings (Lee, Park,
  Choi: ``data/v2_korean_surnames.tsv``);
* **kana** — ICU's Katakana-Latin (pyicu), compared against the listed name read the same way through ICU's
  Latin-Katakana (Popov → ポポヴ → popovu), both folded by a key that merges what kana cannot tell apart
  (l/r, b/v, long and short vowels, doubled consonants);
* **Cyrillic** — BGN/PCGN (iuliia's table, :func:`.v2_tables.cyrillic_to_latin`), respelt where a listed
  word of another language is written so (Джавиер = Javier, Хассан = Hassan);
* **Arabic** — the BGN/PCGN consonant values, و/ي read as long vowels between consonants, the article split
  off, عبد ال = Abdul; a word matches a listed word with the same consonant skeleton (v1's).

Generic words of organisation names are translated by ``data/v2_script_words.tsv`` (有限公司 = Co., Ltd.,
科技 = Technology, 조선 = Korea, 무역 = Trading, Завод = Plant, Торговый = Trading) before the rest is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rigour.text import metaphone

from stackclear.names.analyze import ORG, PERSON, NameForm, analyze
from stackclear.names.legal import split_legal_forms
from stackclear.names.text import clean_text
from stackclear.names.translit import SYLLABIC_SCRIPTS
from stackclear.screening.matchers.v1_names import NameScore, score_names
from stackclear.screening.matchers.v1_romanize import skeleton
from stackclear.screening.matchers.v2_tables import cyrillic_to_latin, data_rows

MAX_SPAN = 6  # syllables grouped into one listed word at most
MAX_COMBOS = 64  # reading combinations tried for one span
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CHUNKS = re.compile(r"[\s,.;:()\[\]（）【】·・/\-]+")
_DIGITS = re.compile(r"[0-9０-９]+")


@dataclass(frozen=True, slots=True)
class Unit:
    """One syllable (its Latin readings, the usual one first) or one translated word, in one chunk."""

    readings: tuple[str, ...]
    word: bool
    chunk: int


@dataclass(frozen=True, slots=True)
class Reading:
    """A query in Han or Hangul read as units, with the sound key of its script."""

    script: str  # "han" or "hangul"
    units: tuple[Unit, ...]


@lru_cache(maxsize=65536)
def script_kind(original: str) -> str | None:
    """"kana", "hangul" or "han" for a name written (mostly) in that script, else None."""
    if _KANA.search(original):
        return "kana"
    if _HANGUL.search(original):
        return "hangul"
    if _HAN.search(original):
        return "han"
    if _CYRILLIC.search(original):
        return "cyrillic"
    if _ARABIC.search(original):
        return "arabic"
    return None


# ---------------------------------------------------------------------------------------------- tables

_WORDS: dict[str, dict[str, str]] = {}
_SURNAMES: dict[str, tuple[str, ...]] = {}


def _words(script: str) -> dict[str, str]:
    if not _WORDS:
        _WORDS["han"], _WORDS["hangul"], _WORDS["cyrillic"] = {}, {}, {}
        for row in data_rows("v2_script_words.tsv"):
            _WORDS[row[0]][row[1]] = row[2]
    return _WORDS[script]


_STEMS: list[tuple[tuple[str, str], ...]] = []


_IC_ADJECTIVE = re.compile(r"^(\w{3,}[иы])ческ(?:ий|ый|ая|ое|ие|ого|ой|ую|их|ому|им|ими)$", re.IGNORECASE)


def ic_adjective(word: str) -> str:
    """A Russian adjective in -ический written as the noun in -ик it is made of, which reads as the English word
    in -ic a list writes ("Арктическая" = Арктик = Arctic, "Электрический" = Электрик = Electric): an organisation
    named in English has its English word rendered as the Russian adjective. Other words as they are."""
    found = _IC_ADJECTIVE.match(word)
    if found is None:
        return word
    stem = found.group(1)
    return stem[:-1] + ("ИК" if word.isupper() else "ик")


def _russian_word(word: str) -> str | None:
    """The English of a Russian generic word (its stem and an ending of up to four letters), or None."""
    table = _words("cyrillic")
    found = table.get(word)
    if found is not None:
        return found
    if not _STEMS:
        _STEMS.append(tuple(sorted(((k[:-1], v) for k, v in table.items() if k.endswith("*")),
                                   key=lambda kv: -len(kv[0]))))
    for stem, english in _STEMS[0]:
        if word.startswith(stem) and len(word) - len(stem) <= 4:
            return english
    return None


def _surnames() -> dict[str, tuple[str, ...]]:
    if not _SURNAMES:
        for row in data_rows("v2_korean_surnames.tsv"):
            _SURNAMES[row[0]] = tuple(row[1].split())
    return _SURNAMES


_SPELLING_ROWS: dict[str, frozenset[int]] = {}


def same_korean_surname(a: str, b: str) -> bool:
    """Two Latin spellings of one Korean surname in ``data/v2_korean_surnames.tsv`` (Rhee/Ri, Park/Pak)."""
    if not _SPELLING_ROWS:
        rows: dict[str, set[int]] = {}
        for number, spellings in enumerate(_surnames().values()):
            for spelling in spellings:
                rows.setdefault(spelling, set()).add(number)
        _SPELLING_ROWS.update((k, frozenset(v)) for k, v in rows.items())
    return bool(_SPELLING_ROWS.get(a, frozenset()) & _SPELLING_ROWS.get(b, frozenset()))


def korean_surname_spelling(token: str) -> bool:
    if not _SPELLING_ROWS:
        same_korean_surname(token, token)  # fills the table
    return token in _SPELLING_ROWS


# ---------------------------------------------------------------------------------------------- Hangul

#: DPRK 1992 national romanisation (breves dropped: ŏ = o, ŭ = u), by jamo index of the Unicode decomposition.
_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h")
_MEDIALS = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "u", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")
_VOICED = {"k": "g", "t": "d", "p": "b"}


def _hangul_syllables(word: str) -> list[tuple[str, str, str]]:
    out = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append((_INITIALS[code // 588], _MEDIALS[(code % 588) // 28], _FINALS[code % 28]))
    return out


def hangul_to_latin(word: str) -> list[str]:
    """The syllables of a Hangul word in the DPRK national romanisation, a lenis initial voiced after a vowel
    or a voiced final inside the word (김정은 → kim jong un; 영길 → yong gil)."""
    out: list[str] = []
    before = ""
    for initial, medial, final in _hangul_syllables(word):
        if out and initial in _VOICED and (before == "" or before in ("n", "m", "ng", "l")):
            initial = _VOICED[initial]
        if out and initial == "r" and before not in ("", "l"):
            initial = "n"  # ㄹ after a consonant is read n (Chongryon is the usual exception; the key merges them)
        out.append(initial + medial + final)
        before = final
    return out


_KOREAN_KEY = (("tch", "j"), ("ch", "j"), ("kh", "k"), ("th", "t"), ("ph", "p"), ("sh", "s"), ("eo", "o"),
               ("eu", "u"), ("g", "k"), ("d", "t"), ("b", "p"), ("l", "r"), ("w", "w"))


@lru_cache(maxsize=65536)
def korean_key(text: str) -> str:
    """A loose sound key of a Latin spelling of Korean (DPRK, McCune-Reischauer or Revised Romanisation)."""
    key = _fold(text)
    for old, new in _KOREAN_KEY:
        key = key.replace(old, new)
    return _single(key)


# ---------------------------------------------------------------------------------------------- Han


_PINYIN: list[tuple[object, object]] = []  # pypinyin's converter and style, made once (reference data)


def _pinyin() -> tuple[object, object]:
    """pypinyin's ``Pinyin`` with the converter its ``pinyin()`` and ``lazy_pinyin()`` functions make on every call
    (``UltimateConverter`` with their default options), made once, and ``Style.NORMAL``; imported on first use
    (its dictionaries cost ~0.3 s)."""
    if not _PINYIN:
        from pypinyin import Style
        from pypinyin.converter import UltimateConverter
        from pypinyin.core import Pinyin

        made = Pinyin(UltimateConverter(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False))
        _PINYIN.append((made, Style.NORMAL))
    return _PINYIN[0]


@lru_cache(maxsize=65536)
def _han_readings(char: str) -> tuple[str, ...]:
    # as pypinyin.pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    converter, style = _pinyin()
    found = converter.pinyin(char, style=style, heteronym=True, errors="ignore", strict=True)  # type: ignore[attr-defined]
    readings = [_fold(r).replace("v", "u") for r in (found[0] if found else [])]
    return tuple(dict.fromkeys(r for r in readings if r))


def _han_run(text: str) -> list[tuple[str, ...]]:
    """Readings of each character of a run of Han characters, the phrase reading first."""
    # as pypinyin.lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    converter, style = _pinyin()
    read = converter.lazy_pinyin(text, style=style, errors="ignore", strict=True)  # type: ignore[attr-defined]
    phrase = [_fold(r).replace("v", "u") for r in read]
    chars = [c for c in text if _HAN.match(c)]
    out = []
    for k, char in enumerate(chars):
        own = _han_readings(char)
        first = phrase[k] if len(phrase) == len(chars) and phrase[k] else (own[0] if own else "")
        if first:
            out.append(tuple(dict.fromkeys((first, *own))))
    return out


@lru_cache(maxsize=65536)
def han_key(text: str) -> str:
    return _fold(text).replace("v", "u")


# ---------------------------------------------------------------------------------------------- kana

_ICU: dict[str, object] = {}


def _icu(name: str) -> object:
    found = _ICU.get(name)
    if found is None:
        import icu  # pyicu, installed with normality

        found = _ICU[name] = icu.Transliterator.createInstance(name)
    return found


@lru_cache(maxsize=65536)
def latin_as_kana(text: str) -> str:
    """A Latin name read through katakana and back (ICU): Popov → ポポヴ → popovu."""
    return str(_icu("Katakana-Latin").transliterate(str(_icu("Latin-Katakana").transliterate(text))))  # type: ignore[attr-defined]


#: Katakana as Japanese writes foreign names (Cabinet Notice 外来語の表記 "Gairaigo no hyōki", 1991, tables 1
#: and 2): シ for si and shi, ジ for zi and ji, フ for fu and hu (Hussein = フセイン), ウィ ウェ ウォ for wi, we, wo,
#: トゥ ドゥ for tu, du, ン before a doubled m (Muhammad = ムハンマド). ICU's Katakana-Latin reads these shi, ji, fu,
#: ui, ue, uo, tou, dou, nm, and its Latin-Katakana writes a Latin name in a scheme of its own (セィ, ヰ, ヱ, ヲ, テゥ,
#: デゥ, ヘゥ, ッマ) that reads back si, wi, we, wo, tu, du, hu, mm: :func:`kana_usage` spells both alike.
_KANA_USAGE = ((re.compile(r"(?<![cst])shi"), "si"), (re.compile(r"(?<![dz])ji"), "zi"), (re.compile(r"fu"), "hu"),
               (re.compile(r"(?:(?<=^)|(?<=[aeiou]))u(?=[ieo])"), "w"), (re.compile(r"(?<=[td])ou"), "u"),
               (re.compile(r"nm"), "mm"))


@lru_cache(maxsize=65536)
def kana_usage(token: str) -> str:
    """A romanised katakana word with the spellings Japanese usage and ICU's scheme give one sound made one:
    shiria (シリア) and siria (セィリア) = siria; fusein (フセイン) = husein; uin (ウィン) = win."""
    for pattern, spelled in _KANA_USAGE:
        token = pattern.sub(spelled, token)
    return token


@lru_cache(maxsize=65536)
def kana_key(token: str) -> str:
    """What kana keep of a romanised word: l = r, v = b, long vowels short, doubled letters single, the
    spellings of :func:`kana_usage` made one."""
    return _single(kana_usage(_fold(token).replace("l", "r").replace("v", "b")))


_EPENTHETIC = re.compile(r"(?<=[bcdfghjklmnprstvz])[uo]$|(?<=ch|sh)i$|(?<=j)i$")


_INNER_EPENTHETIC = re.compile(r"(?<=[bfgkmprsz])u(?=[bdfgklmnprstvz])|(?<=[td])e(?=[bdfgklmnprstvz])|(?<=[td])e$")


def _bare_kana(token: str) -> str:
    """The vowels kana add between consonants dropped too (buradimiru → bradimir, dimiteri → dimitri)."""
    return _INNER_EPENTHETIC.sub("", _trim_kana(token)) if len(token) > 3 else token


def _trim_kana(token: str) -> str:
    """The vowel kana add after a final consonant dropped (amiru → amir, popobu → popob, ichi → ich)."""
    return _EPENTHETIC.sub("", token) if len(token) > 3 else token


# ---------------------------------------------------------------------------------------------- Arabic

#: Arabic (and Persian) letters in the BGN/PCGN 1956 romanisation's consonant values; ع and ء are not written,
#: و and ي are read as vowels u and i between consonants or at the end of a word (as w and y elsewhere).
_ARABIC_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ک": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "ى": "a",
    "ء": "", "ؤ": "", "ئ": "", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g",
}
_GLIDES = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}


@lru_cache(maxsize=65536)
def arabic_to_latin(word: str) -> str:
    """One Arabic-script word in Latin letters (see :data:`_ARABIC_LETTERS`); no short vowels (Arabic script
    does not write them): بشر → bshr, يوسف → yusf, الهادي → alhadi."""
    letters = [c for c in word if c in _ARABIC_LETTERS or c in _GLIDES]
    out: list[str] = []
    for k, char in enumerate(letters):
        glide = _GLIDES.get(char)
        if glide is None:
            if char == "ع" and k + 1 < len(letters):
                # ʿayn carries a vowel the Latin forms write: ʿAli, ʿAbbas, ʿUmar = Ali, Abbas, Omar; ʿIsa = Isa;
                # Saʿid, Saʿd = Said, Saad (a final ʿayn is not written: Rabiʿ = Rabi)
                out.append("" if k == 0 and letters[1] == "ي" else "a")
                continue
            out.append(_ARABIC_LETTERS[char])
            continue
        before = out[-1][-1:] if out else ""
        after_ayn = k > 0 and letters[k - 1] == "ع"
        vowel = (before != "" or after_ayn) and (before not in "aiu" or after_ayn) and (
            k + 1 == len(letters) or letters[k + 1] not in "اأإآى")
        out.append(glide[1] if vowel else glide[0])
    return "".join(out)


#: Words Arabic script writes without their short vowels that the lists spell one way: عبد = Abd, بن = bin,
#: بنت = bint (ibn and ben are matched to bin by :func:`_arabic_view`).
_PARTICLE_READINGS = {"bd": "abd", "bn": "bin", "bnt": "bint"}
_PATRONYMICS = ("bin", "ibn", "ben")


def _arabic_words(original: str) -> list[str]:
    """An Arabic-script name in Latin words, the article split off (الأسد → al asd)."""
    out: list[str] = []
    for word in re.split(r"[^\u0600-\u06ff\w]+", original):
        if not word:
            continue
        if word.startswith("ال") and len(word) > 3:
            out.append("al")
            word = word[2:]
        latin = arabic_to_latin(word) if _ARABIC.search(word) else _fold(word)
        if latin:
            out.append(latin)
    # عبد الله = Abdullah, عبد ال... = Abdul ... (as the canonical view writes Abd al-/Abdel/Abdul)
    joined: list[str] = []
    k = 0
    while k < len(out):
        if out[k] in ("bd", "abd") and k + 2 < len(out) and out[k + 1] == "al":
            if out[k + 2] in ("lh", "llh", "lah"):
                joined.append("abdullah")
            else:
                joined += ["abdul", out[k + 2]]
            k += 3
            continue
        if k + 2 < len(out) and out[k + 1] == "al" and out[k + 2] in ("lh", "llh", "lah") \
                and out[k] not in _ARABIC_PARTICLES and len(out[k]) >= 2:
            # a name compounded with Allah is one word in Latin: نصر الله = Nasrallah, فضل الله = Fadlallah
            joined.append(_PARTICLE_READINGS.get(out[k], out[k]) + "allah")
            k += 3
            continue
        joined.append(_PARTICLE_READINGS.get(out[k], out[k]))
        k += 1
    return joined


_ARABIC_PARTICLES = frozenset({"al", "el", "abu", "abou", "bin", "ibn", "ben", "bint"})
_VOWELS = frozenset("aeiou")
_VOWEL_GUESS = ("", "a", "i", "u")


def _vowel_guesses(word: str) -> list[str]:
    """Spellings of an Arabic-script word with the short vowels it does not write guessed between its
    consonants (bshr → bashar, bashir, bishr ...), for retrieval only; words of two to four letters."""
    if not 2 <= len(word) <= 4 or word in ("al", "abu", "bin", "abd") or any(c in "aiu" for c in word[1:-1]):
        return []
    # no vowel is guessed beside a written one (ʿAli = ali, not aali or alai)
    gaps = [("",) if word[k] in "aiu" or word[k + 1] in "aiu" else _VOWEL_GUESS for k in range(len(word) - 1)]
    out = []
    for combo in product(*gaps):
        spelled = word[0] + "".join(v + c for v, c in zip(combo, word[1:], strict=True))
        if spelled != word:
            out.append(spelled)
    return out


def _arabic_view(original: str, kind: str, listed: tuple[str, ...]) -> NameForm:
    """An Arabic-script name read for one listed Latin name: each word spelt as the listed word with the same
    consonant skeleton (v1's), when there is one; particles as the lists write them."""
    by_skeleton: dict[str, list[str]] = {}
    for token in listed:
        if token not in _ARABIC_PARTICLES:  # al, abu, bin are matched as written, never by their skeleton
            by_skeleton.setdefault(skeleton(token), []).append(token)
    out = []
    patronymic = next((p for p in _PATRONYMICS if p in listed), "bin")  # بن as the listed name spells it
    for word in _arabic_words(original):
        if word == "bin":
            out.append(patronymic)
            continue
        bare = skeleton(word)
        found = by_skeleton.get(bare) if bare and word not in _ARABIC_PARTICLES else None
        # a word written with a vowel letter first (alif: احسان = Ehsan) is not a listed word that starts with a
        # consonant (Hosein = حسين)
        spelled = next((t for t in found or () if not (word[0] in _VOWELS and t[0] not in _VOWELS)), word)
        out.append(spelled)
    return analyze(" ".join(out), kind)


# ---------------------------------------------------------------------------------------------- shared


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def _single(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _split_words(text: str, table: dict[str, str]) -> list[tuple[str, bool]]:
    """``text`` cut into table words (longest first, left to right) and the runs between them."""
    out: list[tuple[str, bool]] = []
    longest = max((len(w) for w in table), default=0)
    run = ""
    k = 0
    while k < len(text):
        for size in range(min(longest, len(text) - k), 0, -1):
            piece = text[k : k + size]
            if piece in table:
                if run:
                    out.append((run, False))
                    run = ""
                out.append((piece, True))
                k += size
                break
        else:
            run += text[k]
            k += 1
    if run:
        out.append((run, False))
    return out


@lru_cache(maxsize=16384)
def read_name(original: str, kind: str) -> Reading | None:
    """A Han or Hangul name as units (None for other scripts): table words translated, the rest syllables.
    A person's name written as one word starts with a one-syllable surname (Korean surnames by their table)."""
    script = script_kind(original)
    if script not in ("han", "hangul"):
        return None
    table = _words(script) if kind != PERSON else {}
    units: list[Unit] = []
    chunks = [c for c in _CHUNKS.split(unicodedata.normalize("NFKC", original)) if c]
    for number, chunk in enumerate(chunks):
        for piece, is_word in _split_words(chunk, table):
            if is_word:
                english = table[piece]
                if english.startswith("~"):  # a syllable that may also be read as the English word
                    units.extend(Unit((*r, english[1:]), False, number) for r in _han_run(piece))
                elif english != "-":
                    units.append(Unit(tuple(english.split("|")), True, number))
                continue
            for part in re.split(r"([0-9]+)", piece):
                if not part:
                    continue
                if part.isdigit():
                    units.append(Unit((part,), True, number))
                    continue
                if script == "han":
                    units.extend(Unit(r, False, number) for r in _han_run(part))
                    continue
                syllables = hangul_to_latin(part)
                first = len(units)
                for char, syllable in zip((c for c in part if _HANGUL.match(c)), syllables, strict=True):
                    readings = [syllable]
                    if kind == PERSON and len(units) == first and number == 0:
                        readings += list(_surnames().get(char, ()))
                    units.append(Unit(tuple(dict.fromkeys(readings)), False, number))
    if script == "hangul":  # 호 after a number is the ship's "No." (전진2호 = Jon Jin 2)
        units = [u for k, u in enumerate(units)
                 if not (u.readings[0] == "ho" and k and units[k - 1].readings[0].isdigit())]
    if not units:
        return None
    return Reading(script, tuple(units))


def _key(script: str, text: str) -> str:
    return korean_key(text) if script == "hangul" else han_key(text)


def _default_text(reading: Reading, kind: str, spaced: bool) -> str:
    """The usual romanisation: words as translated, syllables of a chunk joined (``spaced``: one word each)."""
    out: list[str] = []
    run: list[str] = []
    chunk = -1

    def flush() -> None:
        if run:
            if kind == PERSON and not spaced and len(out) == 0 and len(run) > 1:
                out.append(run[0])  # surname, then the given name as one word
                out.append("".join(run[1:]))
            else:
                out.extend(run if spaced else ["".join(run)])
            run.clear()

    for unit in reading.units:
        if unit.chunk != chunk:
            flush()
            chunk = unit.chunk
        if unit.word:
            flush()
            out.append(unit.readings[0])
        else:
            run.append(unit.readings[0])
    flush()
    return " ".join(out)


def _runs(reading: Reading) -> list[list[Unit]]:
    """The runs of syllables of a reading (between words and chunk boundaries)."""
    out: list[list[Unit]] = []
    run: list[Unit] = []
    for unit in reading.units:
        if unit.word or (run and run[-1].chunk != unit.chunk):
            if run:
                out.append(run)
            run = []
        if not unit.word:
            run.append(unit)
    if run:
        out.append(run)
    return out


def script_lookup_forms(form: NameForm) -> list[NameForm]:
    """Latin forms of a query in Han, Hangul or kana to look candidates up under (see the module docstring):
    the usual romanisation; for an organisation also each run of syllables cut after its first two and before
    its last two (a place name and a brand: "Beijing" + "Huanjia"); for a person each syllable alone, in
    both readings of a Korean lenis initial (Kwang / Gwang); for kana the vowel kana add after a final
    consonant dropped, read with v for b and l for r too (popobu → popov, moraresu → morales)."""
    script = script_kind(form.original)
    if script is None:
        return []
    out: list[NameForm] = []
    if script == "arabic":
        if form.kind != PERSON:
            return []
        words = _arabic_words(form.original)
        read = analyze(" ".join(words), form.kind)
        if not read.empty and read.tokens != form.tokens:
            out.append(read)
        guesses = tuple(dict.fromkeys(g for w in words for g in _vowel_guesses(w)))
        if guesses:
            out.append(_form(form.original, form.kind, guesses))
        return out
    if script == "cyrillic":
        read = _cyrillic_view(form.original, form.kind, ())
        if read.tokens != form.tokens:
            out.append(read)
        if form.kind != PERSON:
            # the words translated, the others as the query's own reading spells them ("Стеел Конструкторское" =
            # steel design): no new token keys, but the pair and compact keys of the two together
            both = _cyrillic_view(form.original, form.kind, (), plain=True)
            if both.tokens != read.tokens and both.tokens != form.tokens and not both.empty:
                out.append(both)
        for pairs in ((("dzh", "j"), ("kh", "h")), (("dzh", "j"), ("v", "w")), (("dzh", "j"), ("kh", "h"), ("v", "w")),
                      (("ks", "x"),), (("ks", "x"), ("k", "c"))):
            respelt = read.tokens
            for old, new in pairs:
                respelt = tuple(t.replace(old, new) for t in respelt)
            if respelt != read.tokens and all(respelt != f.tokens for f in out):
                out.append(_form(form.original, form.kind, respelt, read.legal))
        if form.kind == PERSON:
            # х inside or at the end of a word is often the h of an Arabic or Persian name (ح, ه: Махмуд = Mahmud,
            # Задех = Zadeh), at its start a kh (خ: Халил = Khalil): looked up so too (Халилзадех = Khalilzadeh)
            inner = tuple(re.sub(r"(?<=[a-z])kh", "h", t) for t in read.tokens)
            if inner != read.tokens and all(inner != f.tokens for f in out):
                out.append(_form(form.original, form.kind, inner, read.legal))
        return [f for f in out if not f.empty]
    if script == "kana":
        # as read, and in the spellings ICU's scheme gives a Latin name (シリア = shiria and siria: Cilia)
        trimmed = tuple(dict.fromkeys(_trim_kana(s) for t in form.tokens for s in (t, kana_usage(t))))
        if not trimmed:
            return []
        for b, r in (("b", "r"), ("v", "r"), ("b", "l"), ("v", "l")):
            spelled = tuple(t.replace("b", b).replace("r", r) for t in trimmed)
            if spelled != form.tokens and all(spelled != f.tokens for f in out):
                out.append(_form(form.original, form.kind, spelled))
        # each r alone read as l and each b as v too (Morales: モラレス = moraresu; Bolotov: ボロトブ = borotobu),
        # n before a labial as m (Ocampo)
        mixed: list[str] = []
        for whole in trimmed:
            whole = re.sub(r"n(?=[pbm])", "m", whole)
            whole = re.sub(r"(?<=[gk])uh", "h", whole)  # グハ, クハ: gh, kh (Ghanem, Khattab)
            for token in dict.fromkeys((whole, _bare_kana(whole))):
                spots = [(k, "l") for k, ch in enumerate(token) if ch == "r"][:4]
                spots += [(k, "v") for k, ch in enumerate(token) if ch == "b"][:2]
                for mask in range(1, 1 << len(spots)):
                    chars = list(token)
                    for bit, (at, letter) in enumerate(spots):
                        if mask >> bit & 1:
                            chars[at] = letter
                    mixed.append("".join(chars))
                mixed.append(token)
        others = tuple(t for t in dict.fromkeys(mixed) if all(t not in f.tokens for f in out))
        if others:
            out.append(_form(form.original, form.kind, others))
        return out
    reading = read_name(form.original, form.kind)
    if reading is None:
        return []
    usual = analyze(_default_text(reading, form.kind, False), form.kind)
    extra: list[str] = [u.readings[0] for u in reading.units if u.word]
    for run in _runs(reading):
        syllables = [u.readings[0] for u in run]
        if form.kind != ORG:
            extra.extend(syllables)
            if script == "hangul":  # each syllable alone (Kwang / Gwang) and without the aspirate's h (Pyong)
                extra.extend(hangul_to_latin(c)[0] for c in _syllable_chars(form.original))
                extra.extend(re.sub(r"(?<=[ktp])h", "", t) for t in syllables)
            continue
        extra.append("".join(syllables))
        if len(run) >= 3:
            extra += ["".join(syllables[:2]), "".join(syllables[2:]), "".join(syllables[:-2]), "".join(syllables[-2:])]
        if script == "hangul":  # aspirates written without h too (Thaesong / Taesong)
            plain = re.sub(r"(?<=[ktp])h", "", "".join(syllables))
            if plain != "".join(syllables):
                extra.append(plain)
        if script == "hangul" and syllables[0].startswith("j"):
            extra.append("ch" + "".join(syllables)[1:])  # ㅈ at the start of a word: j (DPRK) or ch (McCune-Reischauer)
    if script == "hangul":
        extra.extend(_revised_lookup(form.original, form.kind))  # Heungjin, Baek (South Korean spellings)
    tokens = tuple(dict.fromkeys(t for t in analyze(" ".join(extra), form.kind).tokens))
    out.append(usual)
    if tokens and tokens != usual.tokens:
        out.append(_form(form.original, form.kind, tokens, usual.legal))
    return [f for f in out if not f.empty]


#: The Revised Romanisation of Korean (South Korea, 2000), by jamo index of the Unicode decomposition: the spelling
#: South Korean names and some list entries use (Heungjin, Baek, Jeong, Seong) where the DPRK's writes Hungjin,
#: Paek, Jong, Song. A syllable's initial as written at the start of a word (g, d, b, j; ㄹ as r).
_RR_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_RR_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
               "yu", "eu", "ui", "i")
_RR_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
              "ng", "t", "t", "k", "t", "p", "t")


def hangul_to_revised(word: str) -> list[str]:
    """The syllables of a Hangul word in the Revised Romanisation, each as written alone (흥진 → heung jin,
    백 → baek), for retrieval beside the DPRK reading of :func:`hangul_to_latin`."""
    out = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_RR_INITIALS[code // 588] + _RR_MEDIALS[(code % 588) // 28] + _RR_FINALS[code % 28])
    return out


def _revised_lookup(original: str, kind: str) -> list[str]:
    """Words of a Hangul query in the Revised Romanisation, for retrieval: each syllable alone for a person or a
    vessel, each run of syllables (between the words :func:`read_name` translates) as one word for an
    organisation (조선흥진무역회사 → Heungjin), where it differs from the DPRK reading."""
    out: list[str] = []
    if kind != ORG:
        for char in _syllable_chars(original):
            revised = hangul_to_revised(char)[0]
            if revised != hangul_to_latin(char)[0]:
                out.append(revised)
        return out
    table = _words("hangul")
    for chunk in _CHUNKS.split(unicodedata.normalize("NFKC", original)):
        for piece, is_word in _split_words(chunk, table) if chunk else ():
            if is_word:
                continue
            for part in re.split(r"[0-9]+", piece):
                revised = "".join(hangul_to_revised(part))
                if revised and revised != "".join(hangul_to_latin(part)):
                    out.append(revised)
    return out


def _syllable_chars(text: str) -> list[str]:
    return [c for c in text if _HANGUL.match(c)]


def _form(original: str, kind: str, tokens: tuple[str, ...], legal: frozenset[str] = frozenset()) -> NameForm:
    return NameForm(original, kind, tokens, legal, "LATIN", (), "".join(tokens), " ".join(sorted(tokens)),
                    tuple(metaphone(t) for t in tokens), None)


# ---------------------------------------------------------------------------------------------- view


class _Spans:
    """What :func:`_group` tries of one reading whatever the listed name is, remembered for the query: for a unit
    that starts a span of syllables, each span (longest first) with the sound keys of its reading combinations,
    each key with its first place among them (``itertools.product`` order). A unit's spans are made the first time
    :func:`_group` reaches it (:meth:`row`)."""

    __slots__ = ("reading", "rows", "translated")

    def __init__(self, reading: Reading) -> None:
        self.reading = reading  # kept: the slot is found by identity (:func:`_spans`)
        self.rows: dict[int, list[tuple[int, dict[str, int]]]] = {}
        self.translated: dict[str, frozenset[str]] = {}

    def row(self, k: int) -> list[tuple[int, dict[str, int]]]:
        found = self.rows.get(k)
        if found is not None:
            return found
        reading = self.reading
        units = reading.units
        unit = units[k]
        rows: list[tuple[int, dict[str, int]]] = []
        for end in range(min(len(units), k + MAX_SPAN), k, -1):
            span = units[k:end]
            if any(u.word or u.chunk != unit.chunk for u in span):
                continue
            total = 1
            for u in span:
                total *= len(u.readings)
            choices = (product(*(u.readings for u in span)) if total <= MAX_COMBOS
                       else [tuple(u.readings[0] for u in span)])
            places: dict[str, int] = {}
            for at, combo in enumerate(choices):
                places.setdefault(_key(reading.script, "".join(combo)), at)
            rows.append((end, places))
        self.rows[k] = rows
        return rows


_SPANS: list[_Spans] = []  # the last query's spans (one slot: the query, candidate after candidate)


def _spans(reading: Reading) -> _Spans:
    if _SPANS and _SPANS[0].reading is reading:
        return _SPANS[0]
    made = _Spans(reading)
    if _SPANS:
        _SPANS[0] = made
    else:
        _SPANS.append(made)
    return made


def clear_spans() -> None:
    _SPANS.clear()


def _group(reading: Reading, targets: dict[str, str], kind: str) -> list[tuple[str, bool]]:
    """The units as Latin words (each with whether it is a translated word), syllables grouped into the listed
    name's words where their sound allows: at each syllable the longest span of which some reading combination
    sounds like a listed word not yet taken (the first such combination in ``product`` order)."""
    units = reading.units
    spans = _spans(reading)
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
        for end, places in spans.row(k):
            first = -1
            chosen = ""
            for key, target in targets.items():
                at = places.get(key)
                if at is not None and target not in used and (first < 0 or at < first):
                    first, chosen = at, target
            if first >= 0:
                found = (end, chosen)
                break
        if found is None:
            if kind != ORG:  # a person's or vessel's syllables stay words of their own (Jong Un, not Jongun)
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


def _syllabic_form(original: str, kind: str, words: list[tuple[str, bool]], script: str) -> NameForm:
    """A form of romanised syllables and translated words: only the translated words are analysed (legal forms
    and abbreviations), a syllable is never taken for a legal form (yu, ag, sa)."""
    tokens: list[str] = []
    legal: set[str] = set()
    for text, translated in words:
        if translated:
            form = analyze(text, kind)
            tokens.extend(form.tokens)
            legal |= form.legal
        elif text:
            tokens.append(text)
    return NameForm(original, kind, tuple(tokens), frozenset(legal), script, (), "".join(tokens),
                    " ".join(sorted(tokens)), tuple(metaphone(t) for t in tokens), None)


@lru_cache(maxsize=16384)
def _translated(reading: Reading, kind: str) -> frozenset[str]:
    """The analysed tokens of a reading's translated words (not syllables)."""
    words = " ".join(r for u in reading.units if u.word for r in u.readings)
    return frozenset(analyze(words, kind).tokens) if words else frozenset()


W_SCRIPT = 0.95  # weight of the ``name_script`` feature
LEFTOVER_SYLLABLE = 0.8
ARABIC_FACTOR = 0.9


def script_view(query: NameForm, candidate: NameForm) -> tuple[NameForm, NameForm] | None:
    """The query in Han, Hangul or kana read into Latin against one listed Latin name (the module docstring),
    with the listed name as it is compared (read through katakana for kana); None when the query is in none
    of these scripts."""
    script = script_kind(query.original)
    if script is None or candidate.script != "LATIN" or candidate.empty:
        return None
    kind = candidate.kind
    if script == "kana":
        return _kana_view(query, candidate)
    if script == "cyrillic":
        view = _cyrillic_view(query.original, kind, candidate.tokens)
        return None if view.empty else (view, candidate)
    if script == "arabic":
        if kind != PERSON:
            return None
        view = _arabic_view(query.original, kind, candidate.tokens)
        return None if view.empty else (view, candidate)
    reading = read_name(query.original, kind)
    if reading is None:
        return None
    targets: dict[str, str] = {}
    for token in candidate.tokens:
        if len(token) > 1 or kind == PERSON:
            targets.setdefault(_key(reading.script, token), token)
    # syllables that differ at all are other characters (v1's strict comparison of Han/Hangul syllables)
    syllabic = "HAN" if reading.script == "han" else "HANGUL"
    words = _group(reading, targets, kind)
    # named by its Latin text: views are remembered by name (v2_names.canonical), the query's own name is taken
    view = _syllabic_form(" ".join(w for w, _ in words), kind, words, syllabic)
    return None if view.empty else (view, candidate)


#: Letters BGN/PCGN writes for names that come from other languages (Spanish, Arabic, English) by another
#: spelling: дж = j (Джавиер = Javier), х = h (Хассан = Hassan), в = w (Рави = Rawi), ие = ie (not iye), к = c.
_CYRILLIC_RESPELL = (("dzh", "j"), ("kh", "h"), ("v", "w"), ("iye", "ie"), ("ks", "x"), ("k", "c"))
_RESPELLINGS = [tuple(p for k, p in enumerate(_CYRILLIC_RESPELL) if mask >> k & 1)
                for mask in range(1, 1 << len(_CYRILLIC_RESPELL))]


def _respell(token: str, wanted: frozenset[str]) -> str:
    """A BGN/PCGN token respelt the way a listed word writes it (when one respelling gives that word)."""
    if token in wanted:
        return token
    for pairs in _RESPELLINGS:
        spelled = token
        for old, new in pairs:
            spelled = spelled.replace(old, new)
        if spelled in wanted:
            return spelled
    return token


_LOOSE = (("dzh", "j"), ("kh", "h"), ("ye", "e"), ("w", "v"), ("q", "k"), ("c", "k"), ("x", "ks"))


def _loose_key(token: str) -> str:
    """What a BGN/PCGN reading and a Latin list spelling of one foreign name share: дж = j, х = h, е after a vowel
    = e (Наджееб = Najeeb), в = w, к = k, q or c (Вафик = Wafiq), doubled letters single."""
    for old, new in _LOOSE:
        token = token.replace(old, new)
    return _single(token)


def cyrillic_reading(original: str, kind: str) -> str:
    """A Cyrillic name by BGN/PCGN, an organisation's legal forms (found in Cyrillic: Акционерное общество)
    written as their class (jsc), which the Latin analysis recognises."""
    if kind != ORG:
        return cyrillic_to_latin(original)
    text, classes = split_legal_forms(clean_text(original))
    return " ".join([cyrillic_to_latin(text), *sorted(classes)])


def _cyrillic_view(original: str, kind: str, listed: tuple[str, ...], plain: bool = False) -> NameForm:
    """A Cyrillic name read for one listed Latin name: organisation words translated (Завод = plant,
    Торговый = trading; legal forms kept as their class), the rest by BGN/PCGN, each word respelt as the
    listed name writes it where дж/j, х/h, в/w allow (Джавиер = Javier); ``plain``: the rest as
    :func:`stackclear.names.analyze` reads it (for retrieval)."""
    text = clean_text(original)
    classes: frozenset[str] = frozenset()
    if kind == ORG:
        text, classes = split_legal_forms(text)
    wanted = frozenset(listed)
    loose: dict[str, str] | None = None
    out: list[str] = []
    for word in re.split(r"[^\w']+", text):
        if not word:
            continue
        english = _russian_word(word.lower()) if kind == ORG and _CYRILLIC.search(word) else None
        if english is not None:
            out.append(english)
            continue
        if kind == ORG:
            word = ic_adjective(word)
        if plain:
            out.extend(analyze(word, kind).tokens)
            continue
        # ё is yo as the lists write it (Кёнг = Kyong); an apostrophe (ь, or the ʿayn of Джум'ах) is no letter
        latin = cyrillic_to_latin(word.lower()).replace("ё", "yo").replace("'", "")
        for token in re.split(r"[^a-z0-9]+", latin):
            if not token:
                continue
            spelled = _respell(token, wanted)
            if spelled not in wanted and listed:
                if loose is None:
                    loose = {}
                    for other in listed:
                        loose.setdefault(_loose_key(other), other)
                spelled = loose.get(_loose_key(token), spelled)
            out.append(spelled)
    return analyze(" ".join([*out, *sorted(classes)]), kind)


def _kana_view(query: NameForm, candidate: NameForm) -> tuple[NameForm, NameForm] | None:
    """Both names folded by :func:`kana_key`, the listed one read through katakana first; a query word whose
    key equals a listed word's is spelled as that word."""
    mine = tuple(kana_key(t) for t in query.tokens)
    read = analyze(latin_as_kana(" ".join(candidate.tokens)), PERSON).tokens
    if not mine or len(read) != len(candidate.tokens):
        return None
    theirs = tuple(kana_key(t) for t in read)
    by_key = dict(zip(theirs, candidate.tokens, strict=True))
    grouped: list[str] = []
    k = 0
    while k < len(mine):  # words kana write apart may be one listed word (サ・ウデ = Sa'ud)
        for end in range(min(len(mine), k + 3), k, -1):
            found = by_key.get("".join(mine[k:end])) if end > k + 1 else None
            if found is not None:
                grouped.append(found)
                k = end
                break
        else:
            grouped.append(by_key.get(mine[k], mine[k]))
            k += 1
    tokens = tuple(grouped)
    listed = tuple(c if c in tokens else k for c, k in zip(candidate.tokens, theirs, strict=True))
    # named by their Latin text: views are remembered by name (v2_names.canonical)
    return (_form(" ".join(tokens), candidate.kind, tokens),
            _form(" ".join(listed), candidate.kind, listed))


def _as_kind(form: NameForm, kind: str) -> NameForm:
    return form if form.kind == kind else analyze(form.original, kind)


def script_score(
    query: NameForm, candidate: NameForm, canonical: Callable[[NameForm], NameForm]
) -> NameScore | None:
    """The ``name_script`` comparison: the script view against the listed name, and their canonical views
    (organisation words written one way) when those differ; the better of the two."""
    flipped = query.script == "LATIN" and candidate.script != "LATIN"  # match_names(Latin, 北京...)
    pair = script_view(candidate, _as_kind(query, candidate.kind)) if flipped else script_view(query, candidate)
    if pair is None:
        return None
    mine, theirs = (pair[1], pair[0]) if flipped else pair
    best = score_names(mine, theirs)
    arabic = script_kind((candidate if flipped else query).original) == "arabic"
    if arabic:
        # Abd al-Qadir, 'Abd-al-Aziz as the canonical view writes them (Abdul Qadir), as the reading does
        q_canon, c_canon = canonical(mine), canonical(theirs)
        if best.score < 1.0 and (q_canon is not mine or c_canon is not theirs):
            scored = score_names(q_canon, c_canon)
            if scored.score > best.score:
                best = scored
        best.score *= ARABIC_FACTOR  # consonants only: Bashar and Bashir are one spelling in Arabic script
    if query.script in SYLLABIC_SCRIPTS or candidate.script in SYLLABIC_SCRIPTS:
        # syllables of a Chinese or Korean name that no listed word takes are another name ("Wei Ting Chen" is
        # not "CHEN, Ting"; "Yulan Chen" is not "Yi-Lan Chen"): each leftover word costs a fifth of the score
        view, listed = (theirs, mine) if flipped else (mine, theirs)
        reading = read_name((candidate if flipped else query).original, candidate.kind)
        words: frozenset[str] = frozenset()
        if reading is not None:  # remembered with the reading's spans (per query; _translated hashes the reading)
            kept = _spans(reading).translated
            found = kept.get(candidate.kind)
            words = _translated(reading, candidate.kind) if found is None else found
            kept[candidate.kind] = words
        left = sum(1 for t in view.tokens if t not in listed.tokens and t not in words)
        best.score *= LEFTOVER_SYLLABLE ** left
    if best.score < 1.0 and candidate.kind == ORG:
        q_canon, c_canon = canonical(mine), canonical(theirs)
        if q_canon is not mine or c_canon is not theirs:
            scored = score_names(q_canon, c_canon)
            if scored.score > best.score:
                best = scored
    return best


#: Caches of this module that remember queries (emptied by stackclear.screening.caches.clear_query_caches).
CACHED = (arabic_to_latin, _translated, _han_readings, han_key, kana_key, kana_usage, korean_key, latin_as_kana,
          read_name, script_kind)

__all__ = ["W_SCRIPT", "Reading", "Unit", "hangul_to_latin", "kana_key", "kana_usage", "korean_key",
           "korean_surname_spelling", "read_name", "same_korean_surname",
           "script_kind", "script_lookup_forms", "script_score", "script_view"]
