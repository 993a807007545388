"""Access expectations for meetings, agendas, attendance and minutes (a Project Board meeting)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from governance import meeting_actions
from governance.models import Body
from tests.access.expect import ADMIN, BOARD_VIEWERS, STAFF, expect, same_for_all


def objects():
    admin = get_user_model().objects.get(username="admin.staff")
    board = Body.objects.get(slug="project-board")
    day = timezone.localdate() + dt.timedelta(weeks=9)  # clear of the seeded next meeting
    meeting = meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    item = agenda.items.first()
    item.paper.save("access-test.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"meeting": meeting, "agenda": agenda, "item": item}


def _meeting(o):
    return {"pk": o["meeting"].pk}


def _item(o):
    return {"pk": o["item"].pk}


ROWS = {
    "governance:body_meetings": (lambda o: {"slug": "project-board"}, expect(BOARD_VIEWERS)),
    "governance:extraordinary_new": (lambda o: {"slug": "project-board"}, expect(ADMIN, who_may_see=BOARD_VIEWERS)),
    "governance:meeting_detail": (_meeting, expect(BOARD_VIEWERS)),
    "governance:meeting_edit": (_meeting, expect(ADMIN, who_may_see=BOARD_VIEWERS)),
    "governance:meeting_cancel": (_meeting, same_for_all(405)),
    "governance:meeting_quorum": (_meeting, expect(BOARD_VIEWERS)),
    "governance:attendance": (_meeting, expect(BOARD_VIEWERS)),
    "governance:minutes": (_meeting, expect(BOARD_VIEWERS)),
    "governance:agenda_start": (_meeting, same_for_all(405)),
    "governance:agenda_supplementary": (_meeting, same_for_all(405)),
    "governance:agenda_action": (lambda o: {"pk": o["agenda"].pk, "action": "approve"}, same_for_all(405)),
    "governance:item_new": (lambda o: {"pk": o["agenda"].pk}, expect(STAFF, who_may_see=BOARD_VIEWERS)),
    "governance:item_detail": (_item, expect(BOARD_VIEWERS)),
    "governance:item_edit": (_item, expect(STAFF, who_may_see=BOARD_VIEWERS)),
    "governance:item_paper": (_item, expect(BOARD_VIEWERS)),
    "governance:item_move": (_item, same_for_all(405)),
    "governance:item_remove": (_item, same_for_all(405)),
    "governance:item_record": (_item, same_for_all(405)),
}
