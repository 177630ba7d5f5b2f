"""Name variants of a listed name, derived once at index time.

List publishers pack several facts into one name field; screening must see each of them:

* **A parenthesised name at the end is an alias** — "Huawei Technologies Co., Ltd. (Huawei)" is listed
  as both "Huawei Technologies Co., Ltd." and "Huawei". A single-token alias is *weak* (an acronym or
  brand, scored with a cap), like OFAC's weak a.k.a.s. A place there ("... Ltd. (Hong Kong)") is not.
* **Brackets inside a name qualify it** — "Huawei Technologies (Yangon) Co., Ltd." names the Yangon
  subsidiary, so its words stay part of the name (only the brackets go).
* **Trailing locations after a legal form** — "Chengdu Huawei Technologies Co., Ltd., Chengdu,
  Sichuan" is also indexed as "Chengdu Huawei Technologies Co., Ltd.".
"""

from __future__ import annotations

import re

from rigour.names import extract_org_types
from rigour.territories import get_territories

_PARENS = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")
_TRAILING = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]][\s.,;]*$")
_AKA = re.compile(r"^(?:[af]\.?\s?k\.?\s?a\.?|also known as|formerly)\s*:?\s*", re.IGNORECASE)
#: Parenthesised words that describe the company form, not another name.
_DESCRIPTORS = frozenset({"private", "public", "pvt", "pvt.", "pte", "pte.", "the", "formerly"})


def _place_names() -> frozenset[str]:
    """Casefolded names and codes of rigour's territories (countries, dependencies, regions)."""
    names: set[str] = set()
    for territory in get_territories():
        names.update(n.casefold() for n in (territory.name, territory.full_name, territory.in_sentence) if n)
        names.update(p.casefold() for p in territory.places)
    names.update({"uk", "us", "usa", "uae", "prc", "hong kong", "macau", "taiwan"})
    return frozenset(names)


_PLACES = _place_names()


def _is_place(text: str) -> bool:
    return " ".join(text.replace(".", "").split()).casefold() in _PLACES


def name_variants(name: str, organisation: bool) -> list[tuple[str, bool]]:
    """``(variant, weak)`` pairs for one listed name, the name itself first."""
    out: list[tuple[str, bool]] = [(name, False)]
    inner = _PARENS.findall(name)
    if inner:
        # Brackets inside a name qualify it ("Huawei Technologies (Yangon) Co., Ltd."): keep the words.
        # A bracket closing the name is another name for it, unless it is a place.
        trailing = _TRAILING.search(name)
        alias = trailing.group(1) if trailing is not None else None
        if alias is not None and _is_place(alias):
            alias = None
        head = name[: trailing.start()] if alias is not None and trailing is not None else name
        kept = " ".join(_PARENS.sub(lambda m: f" {m.group(1)} ", head).split())
        if kept and kept != name:
            out.append((kept, False))
        if alias is not None:
            alias = _AKA.sub("", alias.strip()).strip(" .,;")
            if len(alias) > 1 and alias.casefold() not in _DESCRIPTORS:
                out.append((alias, len(alias.split()) == 1))
    if organisation and "," in name:
        parts = name.split(",")
        for cut in range(1, len(parts) - 1):
            head = ",".join(parts[: cut + 1]).strip()
            if extract_org_types(head.casefold()) and len(parts) - cut - 1 <= 3:
                out.append((head, False))
                break
    seen: set[str] = set()
    unique = []
    for text, weak in out:
        if text not in seen:
            seen.add(text)
            unique.append((text, weak))
    return unique
