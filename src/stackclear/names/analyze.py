"""``analyze(name, kind)``: run the pipeline of :mod:`stackclear.names` once and keep every form the
matcher and the index need, so nothing expensive happens at comparison time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import remove_obj_prefixes
from rigour.text import metaphone

from stackclear.names.legal import split_legal_forms, strip_cjk_legal
from stackclear.names.text import clean_text
from stackclear.names.translit import SYLLABIC_SCRIPTS, dominant_script, token_to_latin

#: Name kinds: people and organisations are analysed (and later scored) by different rules.
PERSON = "person"
ORG = "org"
OTHER = "other"  # vessels, aircraft: compared strictly, no legal forms

_SCHEMA_KIND = {
    "person": PERSON,
    "individual": PERSON,
    "company": ORG,
    "organization": ORG,
    "legalentity": ORG,
    "entity": ORG,
    "vessel": OTHER,
    "aircraft": OTHER,
}

#: Punctuation that separates words (everything non-alphanumeric except apostrophes, which join:
#: O'Brien = OBrien, and '&', which reads "and").
_SEPARATORS = re.compile(r"[^\w&'’`]+|_")
_APOSTROPHES = re.compile(r"['’`]")


#: Generic organisation words and their usual abbreviations, written one way so both compare equal
#: (rigour's org_types covers legal forms, not these descriptors).
ORG_ABBREVIATIONS = {
    "corporation": "corp",
    "company": "co",
    "incorporated": "inc",
    "limited": "ltd",
    "international": "intl",
    "brothers": "bros",
    "association": "assn",
    "department": "dept",
    "manufacturing": "mfg",
}


def kind_of(schema: str | None) -> str:
    """Map a FollowTheMoney-style schema ("Person", "Company", ...) to a name kind; default ORG."""
    if schema is None:
        return ORG
    return _SCHEMA_KIND.get(schema.replace(" ", "").casefold(), ORG)


def known_schema(schema: str) -> bool:
    """True when ``schema`` is one of the schemata stackclear understands."""
    return schema.replace(" ", "").casefold() in _SCHEMA_KIND


@dataclass(frozen=True, slots=True)
class NameForm:
    """Every comparable form of one name.

    ``tokens`` are the distinctive Latin tokens in reading order (legal forms removed for
    organisations); ``legal`` the generic legal-form classes found; ``script``/``script_tokens`` the
    original non-Latin script and its tokens (characters for Han/Hangul), for original-script evidence;
    ``compact`` the tokens joined without spaces (catches merged/split words); ``key`` the sorted
    tokens (order-free identity); ``phonetic`` one metaphone key per token.
    """

    original: str
    kind: str
    tokens: tuple[str, ...]
    legal: frozenset[str]
    script: str
    script_tokens: tuple[str, ...]
    compact: str
    key: str
    phonetic: tuple[str, ...]
    given_start: int | None = None  # people written "FAMILY, Given ...": index of the first given name

    @property
    def empty(self) -> bool:
        return not self.tokens

    @property
    def compacts(self) -> tuple[str, ...]:
        """The compact form, and for "FAMILY, Given" names also given-first ("makhlouframi", "ramimakhlouf")."""
        if self.given_start is None:
            return (self.compact,)
        g = self.given_start
        return (self.compact, "".join(self.tokens[g:] + self.tokens[:g]))


def _words(text: str) -> list[str]:
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    return [w for w in _SEPARATORS.sub(" ", text).split() if w]


def _merge_letters(tokens: list[str]) -> list[str]:
    """Join runs of single letters in organisation names (J.P. Morgan = JP Morgan, I.B.M. = IBM)."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=200_000)
def analyze(name: str, kind: str = ORG) -> NameForm:
    """Analyse ``name`` as a ``kind`` (PERSON, ORG or OTHER) name; see :mod:`stackclear.names`."""
    text = clean_text(name)
    if kind == OTHER:  # a vessel's type prefix is not its name: "M/V Sea Star", "MT Adrian Darya 1" (rigour)
        text = remove_obj_prefixes(text)
    legal: set[str] = set()
    if kind == ORG:
        # with punctuation intact (rigour's aliases carry it: "co., ltd.", "s.a."), in any script (ООО)
        text, classes = split_legal_forms(text)
        legal.update(classes)
    words = _words(text)
    # "FAMILY, Given Middle" (the lists' form for people): remember where the given names start.
    head_words = len(_words(text.split(",", 1)[0])) if kind == PERSON and text.count(",") == 1 else None
    given_start: int | None = None
    script = "LATIN"
    script_tokens: list[str] = []
    latin_words: list[str] = []
    if text.isascii():
        # Plain ASCII (most queries): every word is already its own Latin token, no script work.
        latin_words = words
        if head_words is not None and head_words < len(words):
            given_start = head_words
        words = []
    for number, word in enumerate(words):
        if number == head_words:
            given_start = len(latin_words)
        word_script = dominant_script(word)
        if word_script != "LATIN":
            script = word_script
            if kind == ORG and word_script in SYLLABIC_SCRIPTS:
                word, generic = strip_cjk_legal(word)
                if generic is not None:
                    legal.add(generic)
            script_tokens.extend(list(word) if word_script in SYLLABIC_SCRIPTS else [word])
            pieces = token_to_latin(word)
            if word_script in SYLLABIC_SCRIPTS and len(pieces) > 1:
                # A Han/Hangul word is one name written without spaces. A person's whole name in one
                # word is surname syllable + given name (习近平 -> xi jinping); otherwise one word.
                whole = kind == PERSON and len(words) == 1
                pieces = (pieces[0], "".join(pieces[1:])) if whole else ("".join(pieces),)
            latin_words.extend(pieces)
        else:
            latin_words.extend(token_to_latin(word))
    latin = " ".join(latin_words)
    if kind == ORG and script != "LATIN":
        latin, classes = split_legal_forms(latin)  # forms visible only after transliteration
        legal.update(classes)
    tokens = [t for t in latin.split() if t]
    if kind != PERSON:
        merged = _merge_letters(tokens)
        if kind == ORG and len(merged) < len(tokens):  # "p t" became "pt": maybe a legal form now
            rest, classes = split_legal_forms(" ".join(merged))
            merged, legal = rest.split(), legal | set(classes)
        tokens = [ORG_ABBREVIATIONS.get(t, t) for t in merged]
        while legal and len(tokens) > 1 and tokens[-1] == "co":  # "Company Limited": rigour took "Limited"
            tokens.pop()
    return NameForm(
        original=name,
        kind=kind,
        tokens=tuple(tokens),
        legal=frozenset(legal),
        script=script,
        script_tokens=tuple(script_tokens),
        compact="".join(tokens),
        key=" ".join(sorted(tokens)),
        phonetic=tuple(metaphone(t) for t in tokens),
        given_start=given_start if given_start is not None and given_start < len(tokens) else None,
    )
