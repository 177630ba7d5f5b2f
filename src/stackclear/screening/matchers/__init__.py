"""Versioned matchers, chosen by name (nomenklatura-style registry).

A released matcher is never edited in place, so a past screening result can be reproduced from the
matcher name recorded with it; improvements ship as a new name (``stackclear-v2``) beside the old.
``stackclear-v1`` is frozen from release 0.1.0 on (it has not been released yet).
"""

from __future__ import annotations

from stackclear.errors import StackclearError
from stackclear.screening.matchers.base import Evidence, Matcher, MatchResult
from stackclear.screening.matchers.v1 import MatcherV1

DEFAULT_MATCHER = "stackclear-v1"
# keyed by an instance's name: compiled (mypyc) classes keep such defaults per instance, not on the class
MATCHERS: dict[str, type[Matcher]] = {MatcherV1().name: MatcherV1}


def get_matcher(name: str = DEFAULT_MATCHER) -> Matcher:
    """The matcher registered under ``name``; an unknown name lists the known ones."""
    try:
        return MATCHERS[name]()
    except KeyError:
        known = ", ".join(sorted(MATCHERS))
        raise StackclearError(f"unknown matcher {name!r}; expected one of: {known}") from None


__all__ = ["DEFAULT_MATCHER", "MATCHERS", "Evidence", "MatchResult", "Matcher", "get_matcher"]
