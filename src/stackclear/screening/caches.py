"""Every cache screening keeps between queries, in one place, so benchmarks can start each pass cold.

Screening memoises work that repeats across queries: the analysis of a name, per-word transliteration, the
index's per-token lookups, and the scorer's per-token and per-name results (similarities, weights, roles).
That is legitimate in production (names and words repeat), but a benchmark that ran the same queries
twice would measure the caches, not the screening: ``clear_query_caches`` empties all of them, including the
caches libraries keep of what screening asked them (rigour's metaphone keys, normality's transliterations). What the
index derives from its postings alone (orderings of a posting, made on first use) is part of the index
and stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from normality import transliteration as normality_translit
from rigour.text import metaphone

from stackclear.names import legal, text, translit
from stackclear.names.analyze import analyze
from stackclear.screening.index import ScreeningIndex
from stackclear.screening.matchers import v1_align, v1_orgs, v1_romanize, v1_tokens, v2_names
from stackclear.screening.matchers.v2_scripts import CACHED as V2_SCRIPTS_CACHED
from stackclear.screening.matchers.v2_translit import CACHED as V2_TRANSLIT_CACHED
from stackclear.screening.parsers import countries


def _cached() -> list[Any]:
    return [
        analyze,
        legal._generic,
        text.script_of,
        translit._syllable,
        translit.token_to_latin,
        v1_tokens.is_number,
        v1_tokens.token_weight,
        v1_tokens._allowed_edits,
        v1_tokens._org_reach,
        v1_tokens.token_similarity,
        v1_align._own_and_father,
        v1_align._weights,
        v1_orgs._legal_form_words,
        v1_orgs._acronym_shaped,
        v1_orgs._initials,
        v1_romanize.wade_giles_syllable,
        v1_romanize.wade_giles_compacts,
        v1_romanize.skeleton,
        v2_names._acronym_words,
        v2_names._acronym_letters,
        v2_names._exact_acronyms,
        v2_names._inner_drops,
        v2_names.legal_families,
        v2_names._repair_lower,
        v2_names._query_legal_words,
        v2_names._query_words,
        v2_names.translit_key,
        v2_names.translit_same,
        countries.to_iso2,
        metaphone,  # rigour's own cache of its metaphone keys
        normality_translit._ascii_text,  # normality's cache of ICU transliterations
        normality_translit.latinize_text,
        *V2_SCRIPTS_CACHED,
        *V2_TRANSLIT_CACHED,
    ]


def clear_query_caches(index: ScreeningIndex | None = None) -> None:
    """Forget everything remembered from earlier queries (and the index's per-token memo)."""
    for function in _cached():
        clear: Callable[[], None] = function.cache_clear
        clear()
    v2_names.clear_canonical()
    if index is not None:
        index.clear_memo()


def cache_sizes() -> dict[str, int]:
    """Entries per cache (for tests and diagnostics)."""
    return {f"{f.__module__}.{f.__name__}": f.cache_info().currsize for f in _cached()}
