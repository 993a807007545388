"""What the risk register adds to a highlight report's draft (projects.highlight cannot import this app)."""

from risks.models import Risk


def risks_raised(project, period_start, period_end):
    """One line per risk raised in the period, the highest residual score first: "New risk: R012 Title, residual
    score 20 (Red)"."""
    risks = Risk.objects.filter(project=project, raised_on__gte=period_start, raised_on__lte=period_end).order_by(
        "-residual_score", "reference"
    )
    return [
        f"New risk: {risk.reference} {risk.title}, residual score {risk.residual_score} ({risk.residual_rag.capitalize()})"
        for risk in risks
    ]
