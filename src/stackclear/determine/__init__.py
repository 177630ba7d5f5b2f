"""License determination: destination, parties, end uses, exceptions and review policy → Determination.

Entry points: :func:`determine` (one package on one date), :func:`change_dates` / :func:`changes_between`
(the dates on which a package's result could change, for ``diff``), :func:`prepare` +
:func:`destination_stages` (the same determination split into its destination-independent and
destination-dependent halves, for the destination matrix), :func:`compare` (item by item,
with the rule changes that caused each flip), :func:`timeline` (every date in a window on which the
result actually flips), and the screening Protocols the engine
accepts (any object with ``screen(query) -> result``).
"""

from stackclear.determine.changes import Flip, ItemChange, RuleChange, compare, rule_changes, timeline
from stackclear.determine.effects import review_policy_from_text
from stackclear.determine.engine import (
    Prepared,
    change_dates,
    changes_between,
    destination_stages,
    determine,
    policy_switches,
    prepare,
    screen_parties,
)
from stackclear.determine.screening import PartyQuery, ScreenerLike

__all__ = [
    "Flip",
    "ItemChange",
    "PartyQuery",
    "Prepared",
    "RuleChange",
    "ScreenerLike",
    "change_dates",
    "changes_between",
    "compare",
    "destination_stages",
    "determine",
    "policy_switches",
    "prepare",
    "review_policy_from_text",
    "rule_changes",
    "screen_parties",
    "timeline",
]
