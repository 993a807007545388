"""Access expectations for the papers projects put on agenda items that no project page holds: the "Change requests"
paper of a Project Board's "Highlight report" item. It is part of the meeting, so only those who may see the Project
Board's meetings see it; a member of another body gets 404, as for the meeting itself."""

from governance.models import AgendaItem, StandingItem
from tests.access.expect import BOARD_VIEWERS, expect


def objects():
    item = (
        AgendaItem.objects.filter(agenda__meeting__body__slug="project-board", standing=StandingItem.HIGHLIGHT_REPORT)
        .order_by("-agenda__meeting__starts_at", "-id")
        .first()
    )
    return {"change_requests_item": item}


ROWS = {
    "projects:change_requests_paper": (lambda o: {"item_pk": o["change_requests_item"].pk}, expect(BOARD_VIEWERS)),
}
