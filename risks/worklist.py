"""What the registers put on a person's work list (registered with governance.worklist in RisksConfig.ready): open
risks they own whose review date is within ten working days or past, and risk actions they own that are due."""

from django.urls import reverse

from governance import worklist_rules as rules
from governance.calendar import default_calendar
from governance.worklist import Entry, person_of
from projects.permissions import projects_visible_to
from risks.models import Risk, RiskAction, Status


def risk_work(user, today):
    """Open risks the person owns that are due for review, and risk responses they own that are not done and are
    due within ten working days or overdue, in projects they may see. Two or three queries."""
    person = person_of(user)
    if person is None:
        return []
    last_day = rules.horizon(today, default_calendar())
    visible = projects_visible_to(user)
    return _risk_reviews(person, last_day, visible) + _risk_actions(person, last_day, visible)


def _risk_reviews(person, last_day, visible):
    risks = (
        Risk.objects.filter(owner=person, status=Status.OPEN, review_date__lte=last_day, project__in=visible)
        .select_related("project")
        .order_by("review_date", "pk")
    )
    return [
        Entry(
            "risk_review",
            f"Review risk {risk.reference}: {risk.title}",
            risk.project.title,
            risk.review_date,
            reverse("risks:risk_detail", args=[risk.project.slug, risk.pk]),
        )
        for risk in risks
    ]


def _risk_actions(person, last_day, visible):
    found = (
        RiskAction.objects.filter(owner=person, done=False, due_on__lte=last_day, risk__project__in=visible)
        .select_related("risk__project")
        .order_by("due_on", "pk")
    )
    return [
        Entry(
            "risk_action",
            f"Risk response: {action.description[:80]}",
            f"{action.risk.project.title}, risk {action.risk.reference}",
            action.due_on,
            reverse("risks:risk_detail", args=[action.risk.project.slug, action.risk.pk]),
        )
        for action in found
    ]


PROVIDERS = (risk_work,)
