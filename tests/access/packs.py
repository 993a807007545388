"""Access expectations for document packs and the papers governance prints: the Project Board's seeded meeting.
Members of the body and staff see its packs, private included (as they see its exempt items); only admin staff build
them (a POST, so a GET answers 405); everyone else is not told the meeting exists."""

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import AgendaItem, DecisionReport, Meeting, PackBuild, StandingItem
from tests.access.expect import BOARD_VIEWERS, expect, same_for_all


def objects():
    meeting = Meeting.objects.filter(body__slug="project-board").order_by("starts_at")[1]
    minutes_item = AgendaItem.objects.get(agenda__meeting=meeting, agenda__supplement=0, standing=StandingItem.MINUTES)
    build = PackBuild.objects.create(kind="agenda", variant="private", meeting=meeting, status="ready", pages=1)
    build.file.save("access-check.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    published = Meeting.objects.filter(body__publishes_papers=True, agendas__status="issued").earliest("starts_at")
    public = PackBuild.objects.create(
        kind="agenda", variant="public", meeting=published, status="ready", pages=1, finished_at=timezone.now()
    )
    public.file.save("access-check-public.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return {"pack_meeting": meeting, "pack_minutes_item": minutes_item, "pack_build": build, "public_pack": public}


def _meeting(o):
    return {"pk": o["pack_meeting"].pk}


def _build(o):
    return {"pk": o["pack_build"].pk}


ROWS = {
    "governance:meeting_paper": (
        lambda o: {"pk": o["pack_minutes_item"].pk, "kind": "minutes"},
        expect(BOARD_VIEWERS),
    ),
    "governance:meeting_packs": (_meeting, expect(BOARD_VIEWERS)),
    "governance:pack_build": (_meeting, same_for_all(405)),
    "governance:approval_pack_build": (lambda o: {"pk": DecisionReport.objects.first().pk}, same_for_all(405)),
    "governance:pack_detail": (_build, expect(BOARD_VIEWERS)),
    "governance:pack_download": (_build, expect(BOARD_VIEWERS)),
    # A published meeting's public pack is for anyone.
    "public:meeting_pack": (lambda o: {"pk": o["public_pack"].meeting_id}, same_for_all(200)),
}
