"""The paper risks contribute to agenda items: on each "All issues and red risks" item of a body that is a project's
Project Board, the red risks and issues of that project, one paper per project (risks.escalation says what is on it).

The paper's body is one fragment template, risks/papers/risks_and_issues.html, rendered from `risks_paper_context`:
the board paper's page includes it for each project, and a document pack renders it with `render_risks_and_issues`,
so the paper reads the same on screen and in the pack. It has no fingerprint: before the agenda is issued the
registers change under it, and after, a risk can still be escalated to the item.
"""

from functools import partial

from django.template.loader import render_to_string
from django.urls import reverse

from governance.models import AgendaItem, StandingItem
from governance.papers import Order, Paper
from projects.models import GoverningBody, GoverningRole, Project
from risks import escalation

KIND = "Risks and issues"
TEMPLATE = "risks/papers/risks_and_issues.html"


def risks_paper_context(item, project):
    """One project's red risks and issues for the item: as the registers stood when its agenda was issued, or as they
    stand today while the agenda is a draft."""
    when, recorded = escalation.paper_time(item.agenda)
    return {
        "as_at": when,
        "is_draft": when is None,
        "issue_time_recorded": recorded,
        "section": escalation.section_for(project, when, item),
    }


def render_risks_and_issues(item_id, project_id):
    """The paper's fragment, fetched afresh (a pack renders it later, in a worker)."""
    item = AgendaItem.objects.select_related("agenda__meeting").get(pk=item_id)
    project = Project.objects.get(pk=project_id)
    return render_to_string(TEMPLATE, {"paper": risks_paper_context(item, project)})


def risk_papers(items):
    ids = [item.pk for item in items if getattr(item, "standing", None) == StandingItem.ISSUES_AND_RED_RISKS]
    if not ids:
        return
    bodies = dict(AgendaItem.objects.filter(pk__in=ids).values_list("pk", "agenda__meeting__body_id"))
    projects = {}
    for body_id, project_id, title in (
        GoverningBody.objects.filter(body_id__in=set(bodies.values()), role=GoverningRole.PROJECT_BOARD)
        .order_by("project__title", "project_id")
        .values_list("body_id", "project_id", "project__title")
    ):
        projects.setdefault(body_id, []).append((project_id, title))
    for item_id in ids:
        for project_id, title in projects.get(bodies.get(item_id), []):
            yield Paper(
                item_id,
                f"Red risks and issues: {title}",
                reverse("risks:board_paper", args=[item_id]),
                KIND,
                order=Order.RISKS_AND_ISSUES,
                render=partial(render_risks_and_issues, item_id, project_id),
            )
