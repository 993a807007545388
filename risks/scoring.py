"""Risk scoring on a likelihood x impact matrix: plain Python, no database.

The default is the common 5x5 council matrix: likelihood Rare (1) to Almost certain (5), impact Insignificant (1) to
Severe (5); score = likelihood x impact (1-25); bands 1-4 green, 5-12 amber, 15-25 red. Each programme may set its own
labels, bands and risk appetite; scores and RAG always come from the matrix, never typed.
"""

from dataclasses import dataclass, field

DEFAULT_LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
DEFAULT_IMPACT = ("Insignificant", "Minor", "Moderate", "Major", "Severe")
DEFAULT_BANDS = ((1, 4, "green"), (5, 12, "amber"), (15, 25, "red"))
RAG_ORDER = {"green": 0, "amber": 1, "red": 2}


class MatrixError(ValueError):
    pass


@dataclass(frozen=True)
class Matrix:
    size: int = 5
    likelihood_labels: tuple = DEFAULT_LIKELIHOOD
    impact_labels: tuple = DEFAULT_IMPACT
    bands: tuple = DEFAULT_BANDS  # (lowest score, highest score, rag), covering every score the matrix can give
    appetite: int = 12  # the highest residual score the programme will accept without escalation
    rag_labels: dict = field(default_factory=lambda: {"green": "Green", "amber": "Amber", "red": "Red"})

    def __post_init__(self):
        if len(self.likelihood_labels) != self.size or len(self.impact_labels) != self.size:
            raise MatrixError(f"Give {self.size} likelihood and {self.size} impact labels.")
        check_bands(self.bands, self.size)

    def score(self, likelihood, impact):
        for name, value in (("likelihood", likelihood), ("impact", impact)):
            if not isinstance(value, int) or not 1 <= value <= self.size:
                raise MatrixError(f"The {name} must be a whole number from 1 to {self.size}.")
        return likelihood * impact

    def rag(self, score):
        for low, high, rag in self.bands:
            if low <= score <= high:
                return rag
        raise MatrixError(f"No band covers the score {score}.")

    def assess(self, likelihood, impact):
        """(score, rag) for a likelihood and impact."""
        value = self.score(likelihood, impact)
        return value, self.rag(value)

    def within_appetite(self, score):
        return score <= self.appetite

    def cells(self):
        """Every cell of the matrix as (likelihood, impact, score, rag), highest likelihood first (heat-map order)."""
        return [
            (lk, im, lk * im, self.rag(lk * im)) for lk in range(self.size, 0, -1) for im in range(1, self.size + 1)
        ]


def possible_scores(size):
    return sorted({a * b for a in range(1, size + 1) for b in range(1, size + 1)})


def check_bands(bands, size):
    """Bands must not overlap and must cover every score the matrix can give, each with a known RAG."""
    ordered = sorted(bands)
    for low, high, rag in ordered:
        if low > high:
            raise MatrixError(f"The band {low}-{high} runs backwards.")
        if rag not in RAG_ORDER:
            raise MatrixError(f"Unknown RAG '{rag}'.")
    for (_, high, _), (low, _, _) in zip(ordered, ordered[1:], strict=False):
        if low <= high:
            raise MatrixError(f"The bands overlap at {low}.")
    uncovered = [s for s in possible_scores(size) if not any(lo <= s <= hi for lo, hi, _ in ordered)]
    if uncovered:
        raise MatrixError(f"No band covers the scores {', '.join(map(str, uncovered))}.")
    return ordered


def worst(rags):
    """The worst RAG of several (None when there are none)."""
    rags = [r for r in rags if r]
    return max(rags, key=RAG_ORDER.get) if rags else None
