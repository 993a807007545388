"""Access expectations for the projects charts pages (timeline and interdependencies, as pages and as SVG).

The project is governed by the Project Board and the Strategic Group, so everyone signed in except the outsider may
see it: the chair and the project executive through the board, the councillor, provider and service user through
the Strategic Group, admin staff and the project leader as staff."""

import datetime as dt

from governance.models import Body
from projects.models import Deliverable, GoverningBody, GoverningRole, Phase, Project, Workstream
from tests.access.expect import SIGNED_IN, expect

SLUG = "charts-access-project"


def make_charted_project(slug=SLUG):
    """A small project with a phase, a work-stream, a deliverable and a milestone that needs it."""
    project = Project.objects.create(
        title="Charts access project", slug=slug, starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 12, 18)
    )
    for role, body in (
        (GoverningRole.PROJECT_BOARD, "project-board"),
        (GoverningRole.STRATEGIC_GROUP, "strategic-group"),
    ):
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug=body), role=role)
    phase = Phase.objects.create(
        project=project, number=1, description="Design", starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 6, 30)
    )
    stream = Workstream.objects.create(project=project, name="Project management", position=1)
    stream.phases.set([phase])
    plan = Deliverable.objects.create(
        project=project,
        workstream=stream,
        phase=phase,
        title="Project plan",
        starts_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 2, 27),
        position=1,
    )
    live = Deliverable.objects.create(
        project=project,
        workstream=stream,
        phase=phase,
        kind="milestone",
        title="Go live",
        due_on=dt.date(2026, 6, 1),
        position=2,
    )
    live.depends_on.add(plan)
    return project


def objects():
    return {"charts_project": make_charted_project()}


def _project(o):
    return {"slug": o["charts_project"].slug}


PROJECT_VIEWERS = SIGNED_IN - {"outsider"}

ROWS = {
    "projects:timeline": (_project, expect(PROJECT_VIEWERS)),
    "projects:timeline_svg": (_project, expect(PROJECT_VIEWERS)),
    "projects:dependencies": (_project, expect(PROJECT_VIEWERS)),
    "projects:dependencies_svg": (_project, expect(PROJECT_VIEWERS)),
}
