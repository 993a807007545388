"""The papers projects contribute to agenda items (see governance.papers): the published highlight and exception
reports linked to an item, and on each Project Board "Highlight report" item the change requests awaiting the board's
decision. Each paper renders itself for a pack with projects.paper_render, as its screen page does."""

from functools import partial

from django.urls import reverse

from governance.models import AgendaItem, StandingItem
from governance.papers import Order, Paper
from projects import paper_render
from projects.models import (
    ExceptionReport,
    GoverningBody,
    GoverningRole,
    HighlightReport,
    ReportStatus,
)

CHANGE_REQUESTS = "Change requests"


def project_papers(items):
    ids = [item.pk for item in items]
    for report in HighlightReport.objects.filter(agenda_item_id__in=ids, status=ReportStatus.PUBLISHED).select_related(
        "project"
    ):
        yield Paper(
            report.agenda_item_id,
            f"{report} – {report.project.title}",
            reverse("projects:report_detail", args=[report.pk]),
            "Highlight report",
            order=Order.HIGHLIGHT_REPORT,
            render=partial(paper_render.render_highlight_report, report.pk),
            fingerprint=paper_render.highlight_fingerprint(report),
        )
    for report in ExceptionReport.objects.filter(agenda_item_id__in=ids, status=ReportStatus.PUBLISHED).select_related(
        "project", "tolerance"
    ):
        yield Paper(
            report.agenda_item_id,
            f"{report.title} – {report.project.title}",
            reverse("projects:exception_detail", args=[report.pk]),
            "Exception report",
            order=Order.EXCEPTION_REPORT,
            render=partial(paper_render.render_exception_report, report.pk),
            fingerprint=paper_render.exception_fingerprint(report),
        )


def change_request_papers(items):
    """On each "Highlight report" item of a body that is a project's Project Board, one paper per such project that
    has change requests awaiting the board's decision. No fingerprint: the requests change until they are decided."""
    ids = [item.pk for item in items if getattr(item, "standing", None) == StandingItem.HIGHLIGHT_REPORT]
    if not ids:
        return
    bodies = dict(AgendaItem.objects.filter(pk__in=ids).values_list("pk", "agenda__meeting__body_id"))
    projects = {}
    for body_id, project_id, title in (
        GoverningBody.objects.filter(
            body_id__in=set(bodies.values()),
            role=GoverningRole.PROJECT_BOARD,
            project__change_requests__status=paper_render.AWAITING_DECISION,
        )
        .distinct()
        .order_by("project__title", "project_id")
        .values_list("body_id", "project_id", "project__title")
    ):
        projects.setdefault(body_id, []).append((project_id, title))
    for item_id in ids:
        for project_id, title in projects.get(bodies.get(item_id), []):
            yield Paper(
                item_id,
                f"Change requests: {title}",
                reverse("projects:change_requests_paper", args=[item_id]),
                CHANGE_REQUESTS,
                order=Order.CHANGE_REQUESTS,
                render=partial(paper_render.render_change_requests, project_id),
            )
