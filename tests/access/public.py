"""Access expectations for the public pages and calendar feeds, and for a person's own meetings and calendar."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance import integrity, meeting_actions
from governance.models import (
    Agenda,
    AgendaStatus,
    Body,
    Decision,
    DecisionOutcome,
    Meeting,
    MinutesStatus,
    Person,
)
from tests.access.expect import SIGNED_IN, expect, same_for_all

MATRIX_VENUE = "Civic Hall, Leeds (access matrix)"

# ------------------------------------------------------------------------------------------------------- builders
# Shared by the public page, feed and my-meetings tests; the workflow is not their point, so statuses are set directly.


def secretariat():
    return get_user_model().objects.get(username="admin.staff")


def make_meeting(body, days_from_now=14, hour=10, length_hours=2, **fields):
    """A meeting of `body` at `hour` o'clock local time, `days_from_now` days away (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days_from_now)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    fields.setdefault("venue", "Civic Hall, Leeds")
    return Meeting.objects.create(
        body=body, starts_at=starts, ends_at=starts + dt.timedelta(hours=length_hours), **fields
    )


def agenda_for(meeting, *items, supplement=0, status=AgendaStatus.ISSUED):
    """The meeting's agenda (with its standing items) or a supplementary agenda, with `items` (dicts of AgendaItem
    fields) added, left in `status`. Returns (agenda, [the items added])."""
    by = secretariat()
    if supplement:
        agenda = Agenda.objects.create(meeting=meeting, supplement=supplement)
    else:
        agenda = meeting_actions.ensure_agenda(meeting, by)
    added = [meeting_actions.add_item(agenda, by, **fields) for fields in items]
    agenda.status = status
    if status == AgendaStatus.ISSUED:
        agenda.issued_at, agenda.issued_by = timezone.now(), by
    agenda.save()
    return agenda, added


def minutes_for(meeting, notes=None, status=MinutesStatus.APPROVED):
    """Minutes of the meeting (a note per item), with the given notes ({item: text}), left in `status`."""
    by = secretariat()
    minutes = meeting_actions.start_minutes(meeting, by)
    for item, text in (notes or {}).items():
        minutes.notes.filter(item=item).update(discussion=text)
    set_minutes_status(minutes, status)
    return minutes


def set_minutes_status(minutes, status):
    minutes.status = status
    if status in (MinutesStatus.APPROVED, MinutesStatus.CIRCULATED):
        minutes.approved_by, minutes.approved_at = secretariat(), timezone.now()
    if status == MinutesStatus.CIRCULATED:
        minutes.circulated_at = timezone.now()
    minutes.save()
    return minutes


def decision_on(item, text, outcome=DecisionOutcome.DECIDED, **fields):
    return Decision.objects.create(
        item=item,
        text=text,
        outcome=outcome,
        quorate=outcome == DecisionOutcome.DECIDED,
        quorum_note="Quorate: counted for the test.",
        recorded_by=secretariat(),
        **fields,
    )


# --------------------------------------------------------------------------------------------------- access matrix


def objects():
    strategic = Body.objects.get(slug="strategic-group")
    meeting = Meeting.objects.filter(body=strategic, venue=MATRIX_VENUE).first() or make_meeting(
        strategic, venue=MATRIX_VENUE
    )
    person = Person.objects.get(name="Cllr Ann Blackburn")
    if not person.calendar_token:
        person.calendar_token = "access-matrix-calendar-token"
        person.save(update_fields=["calendar_token"])
    agenda = meeting.agendas.filter(supplement=0).first() or agenda_for(meeting, {"title": "Published report"})[0]
    item = agenda.items.filter(exempt_paragraph__isnull=True).first()
    if not item.paper:
        from django.core.files.base import ContentFile

        # Set-up only: the agenda is issued, so its items are final (governance.integrity).
        with integrity.allow_purge():
            item.paper.save("public-report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"public_meeting": meeting, "public_calendar_token": person.calendar_token, "public_item": item}


ROWS = {
    # Public pages and feeds: the same for everyone, signed in or not.
    "public:meetings": (lambda o: {}, same_for_all(200)),
    "public:meeting": (lambda o: {"pk": o["public_meeting"].pk}, same_for_all(200)),
    "public:decisions": (lambda o: {}, same_for_all(200)),
    "public:paper": (lambda o: {"pk": o["public_item"].pk}, same_for_all(200)),
    "public:body_feed": (lambda o: {"slug": "strategic-group"}, same_for_all(200)),
    # The token is the secret: whoever holds it gets the feed.
    "public:person_feed": (lambda o: {"token": o["public_calendar_token"]}, same_for_all(200)),
    # A person's own pages: anyone signed in (a user with no person is told so).
    "governance:my_meetings": (lambda o: {}, expect(SIGNED_IN)),
    "governance:my_calendar": (lambda o: {}, expect(SIGNED_IN)),
    "governance:my_calendar_reset": (lambda o: {}, same_for_all(405)),  # POST only
    "governance:my_notifications": (lambda o: {}, expect(SIGNED_IN)),
}
