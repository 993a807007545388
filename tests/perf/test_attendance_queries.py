"""The attendance register reads in the same number of SQL queries whatever the number of members, deputies and
people recorded: it is read for a Project Board meeting as seeded, and again once thirty more members (each with a
named deputy), their attendance and five guests are added. The quorum worked out from unsaved values (the request
htmx sends as boxes are ticked) is counted the same way."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions
from governance.models import Attendance, Body, Membership, Person
from tests.conftest import client_for

MORE_MEMBERS = 30


@pytest.fixture
def meeting(db):
    admin = get_user_model().objects.get(username="admin.staff")
    board = Body.objects.get(slug="project-board")
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    meeting_actions.ensure_agenda(meeting, admin)
    return meeting


def _grow(meeting):
    """Thirty more decision-makers, each with a named deputy, all recorded one way or another, and five guests."""
    for n in range(MORE_MEMBERS):
        member = Person.objects.create(name=f"Extra Member {n}")
        deputy = Person.objects.create(name=f"Extra Deputy {n}")
        seat = Membership.objects.create(
            body=meeting.body,
            person=member,
            role="decision_maker",
            is_decision_maker=True,
            position=100 + n,
            deputy=deputy,
            deputy_authority="decide",
        )
        if n % 3 == 0:
            Attendance.objects.create(meeting=meeting, person=member, status="present", arrived_at_item=2)
        elif n % 3 == 1:
            Attendance.objects.create(meeting=meeting, person=member, status="apologies")
            Attendance.objects.create(meeting=meeting, person=deputy, status="deputy", deputy_for=seat)
    for n in range(5):
        Attendance.objects.create(meeting=meeting, person=Person.objects.create(name=f"Guest {n}"), status="guest")


def _counts(meeting):
    """(queries to read the page, queries to work out the quorum from two ticked boxes), each read once first."""
    client, url = client_for("admin_staff"), reverse("governance:attendance", args=[meeting.pk])
    mick = Person.objects.get(name="Mick Ward").pk
    ticked = {
        "action": "register",
        "check_quorum": "1",
        f"attendee-{mick}-status": "present",
        f"attendee-{mick}-was": "|||",
    }
    found = []
    for send in (lambda: client.get(url), lambda: client.post(url, ticked, HTTP_HX_REQUEST="true")):
        assert send().status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = send()
        assert response.status_code == 200
        found.append(len(queries))
    return found


@pytest.mark.django_db
def test_the_register_makes_the_same_number_of_queries_whatever_the_number_of_members(meeting):
    before = _counts(meeting)
    _grow(meeting)
    page = client_for("admin_staff").get(reverse("governance:attendance", args=[meeting.pk])).content.decode()
    assert "Extra Deputy 29" in page and "Guest 4" in page
    after = _counts(meeting)
    print(f"attendance register queries (page, quorum check): {before} as seeded, {after} grown")
    assert after == before, f"page and quorum check: {before} queries as seeded, {after} with {MORE_MEMBERS} more"
