"""Legal forms (step 5 of :mod:`stackclear.names`): recognise, remove from the distinctive tokens, and
keep as a *generic class* (llc, jsc, lp, ...) so that "Co., Ltd." = "Company Limited" = 有限公司 and
"OOO" = "ООО" = "LLC" compare equal while still counting only as weak evidence.

rigour's org_types database (435 legal forms in many languages, with aliases and misspellings) does the
work for every script with word boundaries. Han, kana and Hangul have no spaces, so rigour's
``(?<!\\w)X(?!\\w)`` boundary rule cannot see 有限公司 at the end of 华为技术有限公司; the few CJK forms below
are split off before transliteration.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.names import extract_org_types, replace_org_types_compare

#: Roman numerals are series markers ("Fund VII", "Solutions II"), never legal forms, even where
#: rigour's data lists a form spelt the same.
_ROMAN = re.compile(r"^(?=[ivxl])(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

#: CJK legal-form suffixes (longest first) and the generic class rigour uses for their Latin equivalents.
_CJK_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "jsc"),  # joint-stock company limited by shares
    ("有限责任公司", "llc"),  # limited liability company (simplified)
    ("有限責任公司", "llc"),  # (traditional)
    ("有限公司", "llc"),  # company limited
    ("株式会社", "jsc"),  # Japanese kabushiki kaisha
    ("有限会社", "llc"),  # Japanese yugen kaisha
    ("주식회사", "jsc"),  # Korean jusik hoesa
    ("유한회사", "llc"),  # Korean yuhan hoesa
    ("公司", "co"),  # company
)


def strip_cjk_legal(token: str) -> tuple[str, str | None]:
    """Split a CJK legal-form suffix (or the Japanese/Korean prefix form) off one token."""
    for suffix, generic in _CJK_SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return token[: -len(suffix)], generic
        if token.startswith(suffix) and len(token) > len(suffix) and generic != "co":
            return token[len(suffix) :], generic
    return token, None


@lru_cache(maxsize=8192)
def _generic(alias: str) -> str:
    return replace_org_types_compare(alias, generic=True).strip()


def split_legal_forms(text: str) -> tuple[str, frozenset[str]]:
    """Remove legal forms from casefolded Latin text; return the rest and the generic classes found."""
    found = [alias for alias, _compare in extract_org_types(text) if not _ROMAN.match(alias)]
    if not found:
        return text, frozenset()
    for alias in found:
        text = re.sub(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", " ", text)
    return text, frozenset(_generic(alias) for alias in found)
