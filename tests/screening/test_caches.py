"""Benchmarks start each pass cold only if clear_query_caches knows every cache screening keeps."""

from __future__ import annotations

import importlib
import pkgutil

import stackclear.names
import stackclear.screening
from stackclear.screening.caches import cache_sizes, clear_query_caches
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import LoadedList


def _all_cached_functions() -> set[str]:
    found = set()
    for package in (stackclear.names, stackclear.screening):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if callable(value) and hasattr(value, "cache_clear") and getattr(value, "__module__", "") == info.name:
                    found.add(f"{info.name}.{name}")
    return found


def test_every_lru_cache_of_screening_is_cleared() -> None:
    known = set(cache_sizes())
    missing = _all_cached_functions() - known
    assert not missing, f"caches not emptied by clear_query_caches: {sorted(missing)}"


def test_clear_query_caches_empties_them_all() -> None:
    entries = [ListEntry("1", "SDN", "SDN", "Person", "HASSAN, Mohammed Ali"),
               ListEntry("2", "EL", "EL", "Company", "Huawei Technologies Co., Ltd.")]
    screener = Screener.from_lists([LoadedList("t", "test", "", None, entries)])
    for name in ("Mohamed Hasan", "Huawei Technologies Company Limited", "Мохаммед Хасан", "华为"):
        screener.screen(PartyQuery("q", name))
    assert sum(cache_sizes().values()) > 0
    assert screener.index is not None
    clear_query_caches(screener.index)
    assert cache_sizes() == dict.fromkeys(cache_sizes(), 0)
    assert screener.index._token_memo == {}
    assert getattr(screener.index, "_keys_memo", {}) == {}  # v2's own per-token memo (IndexV2)
