"""License determination: destination, parties, end uses, exceptions and review policy → Determination.

Entry points: :func:`determine` (one package on one date), :func:`change_dates` / :func:`changes_between`
(the dates on which a package's result could change, for ``diff``), and the screening Protocols the engine
accepts (any object with ``screen(query) -> result``).
"""

from stackclear.determine.engine import change_dates, changes_between, determine
from stackclear.determine.parties import review_policy_from_text
from stackclear.determine.screening import PartyQuery, ScreenerLike

__all__ = ["PartyQuery", "ScreenerLike", "change_dates", "changes_between", "determine", "review_policy_from_text"]
