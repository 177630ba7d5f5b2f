"""Country names and codes as the US lists write them → ISO 3166-1 alpha-2.

The CSL already gives ISO-2 codes; OFAC's legacy files and XML give names in Treasury's own spelling
("Korea, North", "Burma", "Russia", "Congo, Democratic Republic of the"), which pycountry does not all
know, so a short alias table covers those. Anything unresolved returns ``None``; the caller keeps the
address text verbatim, so no information is lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Treasury/State spellings pycountry's names do not cover. Kosovo uses the user-assigned XK code that
# OFAC, the EU and most screening data use; the Palestinian territories map to PS.
_ALIASES: dict[str, str] = {
    "russia": "RU",
    "korea, north": "KP",
    "north korea": "KP",
    "korea, democratic people's republic of": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "korea": "KR",
    "burma": "MM",
    "turkey": "TR",
    "turkiye": "TR",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "congo": "CG",
    "macau": "MO",
    "macao": "MO",
    "cote d ivoire": "CI",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "kosovo": "XK",
    "west bank": "PS",
    "gaza": "PS",
    "palestinian": "PS",
    "palestine": "PS",
    "the gambia": "GM",
    "gambia, the": "GM",
    "bahamas, the": "BS",
    "the bahamas": "BS",
    "virgin islands, british": "VG",
    "british virgin islands": "VG",
    "vatican city": "VA",
    "holy see": "VA",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "micronesia, federated states of": "FM",
    "east timor": "TL",
    "byelorussia": "BY",
    "uk": "GB",
    "usa": "US",
    "united states of america": "US",
    "czechia": "CZ",
    "netherlands antilles": "AN",
    "yugoslavia": "YU",
    "serbia and montenegro": "CS",
    "st. kitts and nevis": "KN",
    "st. lucia": "LC",
    "st. vincent and the grenadines": "VC",
    "sao tome and principe": "ST",
    "curacao": "CW",
    "hong kong": "HK",
    "taiwan": "TW",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "moldova": "MD",
    "tanzania": "TZ",
    "venezuela": "VE",
    "bolivia": "BO",
}

_ALPHA2 = frozenset(c.alpha_2 for c in pycountry.countries) | {"XK", "AN", "YU", "CS"}


def _build_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.casefold()] = country.alpha_2
        names[country.alpha_3.casefold()] = country.alpha_2
    names.update(_ALIASES)
    return names


_NAMES = _build_names()
_SPACES = re.compile(r"\s+")


def is_iso2(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code (plus XK, which the US lists use for Kosovo)."""
    return code in _ALPHA2


@lru_cache(maxsize=4096)
def to_iso2(text: str) -> str | None:
    """ISO-2 code for a code or country name as the lists write it, or ``None`` when unknown."""
    raw = _SPACES.sub(" ", text.strip().strip('"').strip())
    if not raw:
        return None
    if len(raw) == 2 and raw.isalpha():
        upper = raw.upper()
        return upper if upper in _ALPHA2 else None
    return _NAMES.get(raw.casefold())
