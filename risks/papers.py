"""The paper risks contribute to agenda items: on each "All issues and red risks" item of a body that is a project's
Project Board, the red risks and issues of that project (risks.escalation builds the paper itself)."""

from django.urls import reverse

from governance.papers import Paper

KIND = "Risks and issues"


def risk_papers(items):
    from governance.models import AgendaItem, StandingItem
    from projects.models import GoverningBody, GoverningRole

    ids = [item.pk for item in items if getattr(item, "standing", None) == StandingItem.ISSUES_AND_RED_RISKS]
    if not ids:
        return
    bodies = dict(AgendaItem.objects.filter(pk__in=ids).values_list("pk", "agenda__meeting__body_id"))
    projects = {}
    for body_id, title in (
        GoverningBody.objects.filter(body_id__in=set(bodies.values()), role=GoverningRole.PROJECT_BOARD)
        .order_by("project__title")
        .values_list("body_id", "project__title")
    ):
        projects.setdefault(body_id, []).append(title)
    for item_id in ids:
        for title in projects.get(bodies.get(item_id), []):
            yield Paper(item_id, f"Red risks and issues: {title}", reverse("risks:board_paper", args=[item_id]), KIND)
