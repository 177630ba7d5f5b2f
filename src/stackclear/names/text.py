"""Character-level cleaning: steps 1-4 of the pipeline documented in :mod:`stackclear.names`.

Kept apart from tokenisation so that list data and runtime queries go through exactly the same code
(rigour's rule: reference data must be normalised with the same flags as the input it is compared with).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Unicode categories removed outright: format characters (zero-width space/joiners, bidi embeddings,
#: overrides and isolates, soft hyphen, BOM), controls, private use and unassigned code points.  They
#: are invisible, so a name that contains them is the same name to a reader.
_DROP_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn", "Cs"})


def _build_homoglyphs() -> dict[str, str]:
    """Map look-alike letters of other scripts to the ASCII letter they imitate (Unicode TR39 data).

    Only single code points whose confusable is one ASCII letter or digit are kept: that is the
    homoglyph attack ("Huаwei" with a Cyrillic а), not the many-to-many visual similarity TR39 covers.
    """
    from confusable_homoglyphs import confusables  # its TR39 data loads on the first mixed-script token

    table: dict[str, str] = {}
    for char, targets in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        for target in targets:
            latin = target["c"]
            if len(latin) == 1 and latin.isascii() and latin.isalnum():
                table[char] = latin
                break
    return table


_HOMOGLYPHS: dict[str, str] = {}  # filled by _build_homoglyphs() when first needed


def homoglyphs() -> dict[str, str]:
    """The look-alike table (built on first use: most names never need it)."""
    if not _HOMOGLYPHS:
        _HOMOGLYPHS.update(_build_homoglyphs())
    return _HOMOGLYPHS


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of a letter, from its Unicode name ("LATIN", "CYRILLIC", "CJK", "HANGUL", ...)."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "UNKNOWN"
    head = name.split(" ", 1)[0]
    if head in ("CJK", "HIRAGANA", "KATAKANA"):
        return "HAN"
    return head


def strip_invisible(text: str) -> str:
    """Drop zero-width, bidi-control, control and unassigned characters (tabs/newlines become spaces)."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char in "\t\n\r\v\f":
            out.append(" ")
        elif unicodedata.category(char) not in _DROP_CATEGORIES:
            out.append(char)
    return "".join(out)


def fold_homoglyphs(token: str) -> str:
    """Replace look-alike letters inside a *mixed-script* token by their Latin twins.

    A token written wholly in Cyrillic or Greek is left alone (it is a real name in that script, and is
    transliterated later); a token mixing Latin letters with a few Cyrillic/Greek ones is an evasion or
    a keyboard accident, so the foreign letters are folded to the Latin ones they imitate.
    """
    if token.isascii():
        return token
    has_latin = False
    has_other = False
    for char in token:
        if not char.isalpha():
            continue
        if char.isascii() or script_of(char) == "LATIN":
            has_latin = True
        else:
            has_other = True
    if not (has_latin and has_other):
        return token
    # TR39 prototypes are case-blind: capital І/Ӏ/Ι map to "l", which they only resemble in lower case.
    table = homoglyphs()
    return "".join(
        "I" if char.isupper() and table.get(char) == "l" else table.get(char, char) for char in token
    )


def clean_text(text: str) -> str:
    """Steps 1-4: NFKC, invisible-character removal, homoglyph folding per token, case folding.

    Homoglyphs are folded before case folding because look-alikes are case-specific (Greek Η looks
    like H, its lower case η like n).
    """
    text = strip_invisible(unicodedata.normalize("NFKC", text))
    if not text.isascii():
        text = " ".join(fold_homoglyphs(token) for token in text.split())
    return " ".join(text.casefold().split())
