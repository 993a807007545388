"""What the risk and issue registers hold about a person, for the subject-access export
(governance/personal_data.py), and whom they still need, for the retention rules (governance/retention.py)."""

from django.db.models import Q

from governance import personal_data, retention
from risks.models import Escalation, Issue, Risk, RiskAction, Status


def _parts(entry, person, fields):
    return ", ".join(label for field, label in fields if getattr(entry, f"{field}_id") == person.pk)


RISK_PARTS = (("owner", "owner"), ("actionee", "actionee"), ("raised_by", "raised by"))
ISSUE_PARTS = (("owner", "owner"), ("raised_by", "raised by"))


def risk_records(person, user):
    sections = {
        "Risks": [
            {
                "project": r.project.title,
                "reference": r.reference,
                "risk": r.title,
                "their_part": _parts(r, person, RISK_PARTS),
                "status": r.get_status_display(),
                "raised_on": r.raised_on,
                "review_date": r.review_date,
                "residual_rag": r.residual_rag,
            }
            for r in Risk.objects.filter(Q(owner=person) | Q(actionee=person) | Q(raised_by=person))
            .select_related("project")
            .order_by("project__title", "reference", "pk")
        ],
        "Risk actions owned": [
            {
                "project": a.risk.project.title,
                "risk": a.risk.reference,
                "action": a.description,
                "due_on": a.due_on,
                "done": a.done,
            }
            for a in RiskAction.objects.filter(owner=person).select_related("risk__project").order_by("due_on", "pk")
        ],
        "Issues": [
            {
                "project": i.project.title,
                "reference": i.reference,
                "issue": i.title,
                "their_part": _parts(i, person, ISSUE_PARTS),
                "status": i.get_status_display(),
                "raised_on": i.raised_on,
                "closed_on": i.closed_on,
            }
            for i in Issue.objects.filter(Q(owner=person) | Q(raised_by=person))
            .select_related("project")
            .order_by("project__title", "reference", "pk")
        ],
        "Risks escalated to the board with their sign-in": [
            {"project": e.risk.project.title, "risk": e.risk.reference, "reason": e.reason, "at": e.escalated_at}
            for e in (Escalation.objects.filter(escalated_by=user) if user else Escalation.objects.none())
            .select_related("risk__project")
            .order_by("escalated_at", "pk")
        ],
    }
    sections.update(personal_data.changes_by(user, "risks"))
    return sections


def active_people(cutoffs):
    """Owners and actionees of open risks and issues, owners of risk actions not done, and anyone who raised one
    within the retention period."""
    people = set()
    open_risks = Risk.objects.filter(status=Status.OPEN)
    people.update(open_risks.values_list("owner_id", flat=True), open_risks.values_list("actionee_id", flat=True))
    people.update(Issue.objects.filter(status=Status.OPEN).values_list("owner_id", flat=True))
    people.update(RiskAction.objects.filter(done=False).values_list("owner_id", flat=True))
    people.update(Risk.objects.filter(raised_on__gte=cutoffs.personal_date).values_list("raised_by_id", flat=True))
    people.update(Issue.objects.filter(raised_on__gte=cutoffs.personal_date).values_list("raised_by_id", flat=True))
    people.discard(None)
    return people


RETENTION = retention.Contribution(active_people=active_people)
