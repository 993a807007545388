"""Access expectations for the project plan pages (a project governed by the Project Board and Strategic Group)."""

import datetime as dt

from governance.models import Body, Person
from projects.models import Deliverable, GoverningBody, Project, Workstream
from tests.access.expect import SIGNED_IN, expect, same_for_all

# Everyone signed in but the outsider sits on the Project Board or the Strategic Group, or is staff.
VIEWERS = SIGNED_IN - {"outsider"}
EDITORS = {"project_leader"}


def access_project():
    project, created = Project.objects.get_or_create(slug="access-project", defaults={"title": "Access project"})
    if created:
        for role, slug in (("project_board", "project-board"), ("strategic_group", "strategic-group")):
            GoverningBody.objects.create(project=project, body=Body.objects.get(slug=slug), role=role)
        ws = Workstream.objects.create(project=project, name="Stream", lead=Person.objects.get(name="Georgia Young"))
        Deliverable.objects.create(project=project, workstream=ws, title="Thing", due_on=dt.date(2026, 12, 1))
    return project


def objects():
    project = access_project()
    return {"project": project, "deliverable": project.deliverables.first()}


ROWS = {
    "projects:plan": (lambda o: {"slug": o["project"].slug}, expect(VIEWERS)),
    "projects:deliverable_new": (lambda o: {"slug": o["project"].slug}, expect(EDITORS, who_may_see=VIEWERS)),
    "projects:deliverable_row": (lambda o: {"pk": o["deliverable"].pk}, expect(VIEWERS)),
    "projects:deliverable_edit": (lambda o: {"pk": o["deliverable"].pk}, expect(EDITORS, who_may_see=VIEWERS)),
    "projects:deliverable_move": (lambda o: {"pk": o["deliverable"].pk}, same_for_all(405)),
}
