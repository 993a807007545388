"""Access expectations for the decision log, action log, deadlines and decisions between meetings."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance import integrity, meeting_actions
from governance.models import Action, Attendance, Body, Decision, ExceptionMatter, Meeting, Person
from tests.access.expect import ADMIN, BOARD_VIEWERS, SIGNED_IN, STAFF, expect, same_for_all

QUORATE_BOARD = ("Mick Ward", "Mark Phillott", "John Crowther")  # the Project Sponsor and 2 other decision-makers


def clear_meetings():
    """Remove the seeded meetings and their records (inside the test's transaction), for tests that must know every
    meeting there is: which meeting is next, what a filter returns, which deadlines fall in a window. Their decisions,
    issued agendas and circulated minutes are final records, so this is a purge (governance.integrity)."""
    with integrity.allow_purge():
        Decision.objects.all().delete()
        Action.objects.all().delete()
        ExceptionMatter.objects.all().delete()
        Meeting.objects.all().delete()


def admin_user():
    return get_user_model().objects.get(username="admin.staff")


def meeting_on(body, day, by=None):
    """The body's meeting on the first working day from `day` (scheduled through meeting_actions if need be)."""
    by = by or admin_user()
    created = meeting_actions.schedule_meetings(body, day, day + dt.timedelta(days=6), dt.time(10, 0), by=by)
    if created:
        return created[0]
    return Meeting.objects.filter(body=body, starts_at__date__gte=day).exclude(status="cancelled").earliest("starts_at")


def attend(meeting, names):
    for person in Person.objects.filter(name__in=names):
        Attendance.objects.get_or_create(meeting=meeting, person=person, defaults={"status": "present"})


def board_records(day=None, by=None):
    """A Project Board meeting with a quorate decision and an action owned by Kim Maslyn (who has no sign-in)."""
    by = by or admin_user()
    board = Body.objects.get(slug="project-board")
    meeting = meeting_on(board, day or timezone.localdate() - dt.timedelta(weeks=30), by)
    agenda = meeting_actions.ensure_agenda(meeting, by)
    item = meeting_actions.add_item(agenda, by, title="Home care tender: evaluation model", purpose="decision")
    attend(meeting, QUORATE_BOARD)
    decision = meeting_actions.record_decision(item, "The evaluation model is approved.", by=by)
    action = meeting_actions.add_action(
        item,
        "Circulate the evaluation model to providers",
        Person.objects.get(name="Kim Maslyn"),
        timezone.localdate() + dt.timedelta(days=14),
        by=by,
    )
    return {"board_meeting": meeting, "board_item": item, "board_decision": decision, "board_action": action}


def objects():
    by = admin_user()
    records = board_records(by=by)
    matter = meeting_actions.raise_exception_matter(
        Body.objects.get(slug="project-board"),
        "media",
        "May we confirm to the Yorkshire Evening Post that the tender closes on 30 April?",
        timezone.localdate() + dt.timedelta(days=3),
        by=by,
    )
    return {**records, "board_matter": matter}


ROWS = {
    "governance:decision_log": (lambda o: {}, expect(SIGNED_IN)),
    "governance:action_log": (lambda o: {}, expect(SIGNED_IN)),
    # Kim Maslyn's action on the Project Board: admin staff may update it; others who see the Board get 403.
    "governance:action_edit": (lambda o: {"pk": o["board_action"].pk}, expect(ADMIN, who_may_see=BOARD_VIEWERS)),
    "governance:deadlines": (lambda o: {}, expect(STAFF, who_may_see=SIGNED_IN)),
    "governance:exception_list": (lambda o: {"slug": "project-board"}, expect(BOARD_VIEWERS)),
    "governance:exception_new": (lambda o: {"slug": "project-board"}, same_for_all(405)),  # POST only
    "governance:exception_detail": (lambda o: {"pk": o["board_matter"].pk}, expect(BOARD_VIEWERS)),
    "governance:exception_respond": (lambda o: {"pk": o["board_matter"].pk}, same_for_all(405)),  # POST only
}
