"""What every matcher provides: the ``Matcher`` protocol and the shape of its answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from stackclear.names import NameForm
from stackclear.screening.model import ListEntry


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a query says about a party besides its name (all optional)."""

    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    address: str | None = None
    date_of_birth: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD


@dataclass(slots=True)
class MatchResult:
    """A calibrated score in 0..1 and the explanation of how it was reached."""

    score: float
    explanation: dict[str, object] = field(default_factory=dict)


class Matcher(Protocol):
    """A versioned scoring algorithm. A released version is never changed in place."""

    name: str
    threshold: float  # default decision threshold: score >= threshold is a hit
    review_threshold: float  # scores in [review_threshold, threshold) need a human look

    @property
    def fingerprint(self) -> str:
        """sha256 prefix over the matcher's code and reference data: results carry it."""
        ...

    def index_variants(self, form: NameForm) -> list[NameForm]:
        """Other forms of a listed name to index beside it."""
        ...

    def query_variants(self, form: NameForm) -> list[NameForm]:
        """Other forms of the query to look candidates up under."""
        ...

    def match_names(self, a: str, b: str, schema: str | None) -> MatchResult:
        """Compare two bare names (the ``match`` contract)."""
        ...

    def score_candidate(
        self,
        query: NameForm,
        candidate: NameForm,
        weak: bool,
        evidence: Evidence,
        entry: ListEntry,
        floor: float = 0.0,
        memo: dict[object, object] | None = None,
    ) -> MatchResult:
        """Score one listed name of ``entry`` against the analysed query and its evidence.

        Results below ``floor`` carry no explanation (building it is most of the cost of a candidate
        that will not be reported). ``memo``, one dict per query, lets a matcher reuse the comparison of
        a listed name it has already seen in another entry.
        """
        ...
