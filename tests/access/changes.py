"""Access expectations for the "what changed" pages: one record's changes (an item on a Project Board agenda) and a
project's changes (a project only the Project Board governs). A member of another body, or of a body that does not
govern the project, gets 404."""

from governance.models import AgendaItem, Body
from projects.models import GoverningBody, Project
from tests.access.expect import BOARD_VIEWERS, expect


def board_only_project():
    project, created = Project.objects.get_or_create(slug="changes-project", defaults={"title": "Changes project"})
    if created:
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug="project-board"), role="project_board")
    return project


def objects():
    item = AgendaItem.objects.filter(agenda__meeting__body__slug="project-board").order_by("pk").first()
    return {"changes_item": item, "changes_project": board_only_project()}


ROWS = {
    "object_changes": (
        lambda o: {"app_label": "governance", "model_name": "agendaitem", "pk": o["changes_item"].pk},
        expect(BOARD_VIEWERS),
    ),
    "risks:project_changes": (lambda o: {"slug": o["changes_project"].slug}, expect(BOARD_VIEWERS)),
}
