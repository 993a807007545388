"""Access expectations for the portfolio, the project page and its registers (tolerances, change requests, benefits,
lessons, end project report), on a project governed by the seeded Project Board, Strategic Group and Project Team."""

import datetime as dt

from governance.models import Body
from projects.models import (
    Benefit,
    ChangeRequest,
    EndProjectReport,
    GoverningBody,
    GoverningRole,
    Lesson,
    Project,
    Tolerance,
)
from tests.access.expect import SIGNED_IN, expect, same_for_all

# Who may see the project: staff, and everyone with a seat on a body that governs it.
PROJECT_VIEWERS = SIGNED_IN - {"outsider"}
# Who keeps its registers: the "Project leader" group (and the project's own management lead, not set here).
PROJECT_EDITORS = {"project_leader"}


def objects():
    project = Project.objects.create(title="Registers access project", slug="registers-access", reference="RA1")
    for role, slug in (
        (GoverningRole.PROJECT_BOARD, "project-board"),
        (GoverningRole.STRATEGIC_GROUP, "strategic-group"),
        (GoverningRole.PROJECT_TEAM, "project-team"),
    ):
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug=slug), role=role)
    today = dt.date(2026, 3, 2)
    return {
        "registers_project": project,
        "registers_tolerance": Tolerance.objects.create(project=project, dimension="time", limit=4, unit="weeks"),
        "registers_change": ChangeRequest.objects.create(
            project=project, reference="CR001", title="Move go-live", description="Later", raised_on=today
        ),
        "registers_benefit": Benefit.objects.create(
            project=project, title="More hours", measure="Hours a week", baseline=10, target=30
        ),
        "registers_lesson": Lesson.objects.create(project=project, event="Late papers", logged_on=today),
        "registers_end_report": EndProjectReport.objects.create(project=project),
    }


def _project(o):
    return {"slug": o["registers_project"].slug}


def _row(key):
    return lambda o: {"slug": o["registers_project"].slug, "pk": o[key].pk}


SEE = expect(PROJECT_VIEWERS)
WRITE = expect(PROJECT_EDITORS, who_may_see=PROJECT_VIEWERS)
POST_ONLY = same_for_all(405)

ROWS = {
    "projects:portfolio": (lambda o: {}, expect(SIGNED_IN)),
    "projects:project_detail": (_project, SEE),
    "projects:project_edit": (_project, WRITE),
    "projects:tolerances": (_project, SEE),
    "projects:tolerance_new": (_project, WRITE),
    "projects:tolerance_edit": (_row("registers_tolerance"), WRITE),
    "projects:change_requests": (_project, SEE),
    "projects:change_request_new": (_project, WRITE),
    "projects:change_request_edit": (_row("registers_change"), WRITE),
    "projects:change_request_decide": (_row("registers_change"), POST_ONLY),
    "projects:benefits": (_project, SEE),
    "projects:benefit_new": (_project, WRITE),
    "projects:benefit_edit": (_row("registers_benefit"), WRITE),
    "projects:benefit_measure": (_row("registers_benefit"), POST_ONLY),
    "projects:lessons": (_project, SEE),
    "projects:lesson_new": (_project, WRITE),
    "projects:lesson_edit": (_row("registers_lesson"), WRITE),
    "projects:end_report": (_project, SEE),
    "projects:end_report_approve": (_project, POST_ONLY),
}
