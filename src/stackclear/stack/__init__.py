"""Full-stack AI export packages (issue 14): where a stack can go, and whether it is ready to propose.

- :func:`expand` turns destination tokens (ISO codes, Country Groups as of a date, named blocs, ``all``) into
  countries, each with the rule values that put it there;
- :func:`build_matrix` gives one row per destination and one cell per line (verdict, exception or review
  policy, decisive reason; with ``since``, the dates each cell changed), from the engine's own stages;
- :func:`check_readiness` checks a package against EO 14320 (parts A-E, US content, builder/owner/operator,
  targets) and the EAR (screening, ECCNs, the matrix over the targets, security conditions).
"""

from stackclear.stack.destinations import Destination, DestinationError, expand
from stackclear.stack.matrix import Cell, Matrix, MatrixEngine, Row, build_matrix
from stackclear.stack.readiness import Finding, Readiness, check_readiness

__all__ = [
    "Cell",
    "Destination",
    "DestinationError",
    "Finding",
    "Matrix",
    "MatrixEngine",
    "Readiness",
    "Row",
    "build_matrix",
    "check_readiness",
    "expand",
]
