"""Rules as dated, cited data.

Every threshold, definition, country-group membership and policy switch lives in YAML files under
``rules/data``. Each value has an ``effective`` date (first day in force), an optional ``expires`` date
(first day no longer in force) and a ``citation``. :class:`RuleSet` answers "what was the value of rule
X on date D?" and, when given a :class:`Trace`, records every value it handed out, so each result can
list exactly which rule values (and citations) it was built from.
"""

from stackclear.rules.loader import default_data_dir, load_rules
from stackclear.rules.ruleset import RuleSet, RuleValue
from stackclear.rules.trace import Trace

__all__ = ["RuleSet", "RuleValue", "Trace", "default_data_dir", "load_rules"]
