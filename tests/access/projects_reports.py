"""Access expectations for highlight and exception reports and papers for me, on a project governed by the seeded
Project Board, Strategic Group and Project Team (like the projects test fixture).

A published report is seen by everyone who may see the project; a draft only by those who keep the project (the
"Project leader" group) and by staff; changes are for the project leader alone.
"""

import datetime as dt

from django.utils import timezone

from governance.models import Body
from projects.models import (
    ExceptionReport,
    GoverningBody,
    GoverningRole,
    HighlightReport,
    Project,
    ReportStatus,
    Tolerance,
)
from tests.access.expect import SIGNED_IN, STAFF, expect, same_for_all

# Who may see the project: staff, and everyone with a seat on a body that governs it.
PROJECT_VIEWERS = SIGNED_IN - {"outsider"}
PROJECT_EDITORS = {"project_leader"}


def objects():
    project = Project.objects.create(title="Reports access project", slug="reports-access", reference="RP1")
    for role, slug in (
        (GoverningRole.PROJECT_BOARD, "project-board"),
        (GoverningRole.STRATEGIC_GROUP, "strategic-group"),
        (GoverningRole.PROJECT_TEAM, "project-team"),
    ):
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug=slug), role=role)
    tolerance = Tolerance.objects.create(project=project, dimension="time", limit=4, unit="weeks", forecast=1)
    published = HighlightReport.objects.create(
        project=project,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now(),
        summary="A published report.",
    )
    draft = HighlightReport.objects.create(
        project=project, period_start=dt.date(2026, 2, 1), period_end=dt.date(2026, 2, 28), summary="A draft."
    )
    exception = ExceptionReport.objects.create(
        project=project, tolerance=tolerance, title="Exception: Time tolerance forecast to be exceeded"
    )
    return {
        "reports_project": project,
        "reports_tolerance": tolerance,
        "reports_published": published,
        "reports_draft": draft,
        "reports_exception": exception,
    }


def _project(o):
    return {"slug": o["reports_project"].slug}


def _pk(key):
    return lambda o: {"pk": o[key].pk}


POST_ONLY = same_for_all(405)

ROWS = {
    "projects:report_list": (_project, expect(PROJECT_VIEWERS)),
    "projects:report_new": (_project, POST_ONLY),
    "projects:report_detail": (_pk("reports_published"), expect(PROJECT_VIEWERS)),
    "projects:report_edit": (_pk("reports_draft"), expect(PROJECT_EDITORS, who_may_see=PROJECT_VIEWERS)),
    "projects:report_action": (lambda o: {"pk": o["reports_draft"].pk, "action": "publish"}, POST_ONLY),
    "projects:report_read": (_pk("reports_published"), POST_ONLY),
    "projects:report_comment": (_pk("reports_published"), POST_ONLY),
    "projects:papers_for_me": (lambda o: {}, expect(SIGNED_IN)),
    # A draft exception report: seen only by those who keep the project and by staff.
    "projects:exception_detail": (_pk("reports_exception"), expect(STAFF)),
    "projects:exception_edit": (_pk("reports_exception"), expect(PROJECT_EDITORS, who_may_see=PROJECT_VIEWERS)),
    "projects:exception_action": (lambda o: {"pk": o["reports_exception"].pk, "action": "publish"}, POST_ONLY),
    "projects:tolerance_forecast": (
        lambda o: {"slug": o["reports_project"].slug, "pk": o["reports_tolerance"].pk},
        POST_ONLY,
    ),
}
