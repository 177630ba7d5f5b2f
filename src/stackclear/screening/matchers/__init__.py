"""Versioned matchers, chosen by name (nomenklatura-style registry).

A released matcher is never edited in place, so a past screening result can be reproduced from the
matcher name recorded with it; improvements ship as a new name (``stackclear-v2``) beside the old.
``stackclear-v1`` is frozen (a test pins its outputs on ~5,000 real queries); ``stackclear-v2`` is the default.
"""

from __future__ import annotations

from stackclear.errors import StackclearError
from stackclear.screening.matchers.base import Evidence, Matcher, MatchResult
from stackclear.screening.matchers.v1 import MatcherV1
from stackclear.screening.matchers.v2 import MatcherV2

DEFAULT_MATCHER = "stackclear-v2"
# keyed by an instance's name: compiled (mypyc) classes keep such defaults per instance, not on the class
MATCHERS: dict[str, type[Matcher]] = {MatcherV1().name: MatcherV1, MatcherV2().name: MatcherV2}


def get_matcher(name: str = DEFAULT_MATCHER) -> Matcher:
    """The matcher registered under ``name``; an unknown name lists the known ones."""
    try:
        return MATCHERS[name]()
    except KeyError:
        known = ", ".join(sorted(MATCHERS))
        raise StackclearError(f"unknown matcher {name!r}; expected one of: {known}") from None


__all__ = ["DEFAULT_MATCHER", "MATCHERS", "Evidence", "MatchResult", "Matcher", "get_matcher"]
