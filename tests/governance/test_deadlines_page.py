"""The deadlines page: agenda issue and minutes circulation deadlines for meetings 12 weeks either side of today, and
each body's terms of reference review, with done / overdue / due, sorted by due date; staff only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import deadlines, meeting_actions
from governance.calendar import default_calendar
from governance.models import Agenda, Body, Meeting, Minutes, TermsOfReference
from tests.access.logs import admin_user, clear_meetings, meeting_on

URL = reverse("governance:deadlines")


@pytest.fixture(autouse=True)
def only_our_meetings(db):
    """Which meeting is "next" decides the Strategic Group's minutes deadline: start from no meetings (the seeded
    ones are dropped inside the test's transaction; tests/test_access.py opens the page with the seeded ones)."""
    clear_meetings()


def today():
    return timezone.localdate()


def at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def board():
    return Body.objects.get(slug="project-board")


def strategic():
    return Body.objects.get(slug="strategic-group")


def rows_for(response, meeting=None, what=None):
    return [
        r
        for r in response.context["rows"]
        if (meeting is None or (r.meeting and r.meeting.pk == meeting.pk)) and (what is None or r.what.startswith(what))
    ]


def one(response, meeting, what):
    found = rows_for(response, meeting, what)
    assert len(found) == 1, found
    return found[0]


def issue(meeting, on_day):
    meeting_actions.ensure_agenda(meeting, admin_user())
    Agenda.objects.filter(meeting=meeting, supplement=0).update(status="issued", issued_at=at(on_day))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_staff", "project_leader"])
def test_staff_see_the_deadlines(as_persona, persona):
    response = as_persona(persona).get(URL)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Deadlines</h1>' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["chair", "project_executive", "councillor", "provider", "service_user", "outsider"]
)
def test_others_signed_in_are_refused(as_persona, persona):
    assert as_persona(persona).get(URL).status_code == 403


@pytest.mark.django_db
def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_an_upcoming_agenda_is_due_with_the_working_days_left(as_persona):
    meeting = meeting_on(board(), today() + dt.timedelta(weeks=4))
    response = as_persona("admin_staff").get(URL)
    row = one(response, meeting, "Issue the agenda")
    calendar = default_calendar()
    due = deadlines.agenda_issue_deadline(meeting.date, meeting_actions.tor_for(meeting)).due
    left = calendar.working_days_between(today(), due)
    assert (row.due, row.status, row.colour) == (due, "due", "blue")
    assert row.note == f"{left} working days left"
    html = response.content.decode()
    assert f"{due:%-d %b %Y}" in html and "5 clear working days before the meeting" in html.lower()


@pytest.mark.django_db
def test_an_agenda_not_issued_by_its_deadline_is_overdue(as_persona):
    meeting = meeting_on(board(), today() - dt.timedelta(weeks=3))
    Meeting.objects.filter(pk=meeting.pk).update(status="held")
    row = one(as_persona("admin_staff").get(URL), meeting, "Issue the agenda")
    assert row.status == "overdue" and row.colour == "red"
    html = as_persona("admin_staff").get(URL).content.decode()
    assert "govuk-tag--red" in html and "Overdue" in html


@pytest.mark.django_db
def test_an_issued_agenda_is_done_and_says_whether_it_was_on_time(as_persona):
    calendar = default_calendar()
    on_time = meeting_on(board(), today() - dt.timedelta(weeks=6))
    late = meeting_on(board(), today() + dt.timedelta(weeks=2))
    on_time_due = calendar.latest_issue_date(on_time.date, 5)
    late_due = calendar.latest_issue_date(late.date, 5)
    issue(on_time, on_time_due)
    issue(late, calendar.add_working_days(late_due, 1))
    response = as_persona("admin_staff").get(URL)
    row = one(response, on_time, "Issue the agenda")
    assert row.status == "done" and row.note == f"Issued {on_time_due:%-d %B %Y}, on time"
    row = one(response, late, "Issue the agenda")
    assert row.status == "done" and row.note.endswith(", late") and row.colour == "green"


@pytest.mark.django_db
def test_board_minutes_are_due_five_working_days_after_the_meeting_and_done_once_circulated(as_persona):
    calendar = default_calendar()
    past = meeting_on(board(), today() - dt.timedelta(weeks=5))
    circulated = meeting_on(board(), today() - dt.timedelta(weeks=11))
    due = calendar.add_working_days(circulated.date, 5)
    Minutes.objects.create(meeting=circulated, status="circulated", circulated_at=at(due))
    Minutes.objects.create(meeting=past, status="approved")  # approved is not circulated
    response = as_persona("admin_staff").get(URL)
    row = one(response, past, "Circulate the minutes")
    assert row.due == calendar.add_working_days(past.date, 5) and row.status == "overdue"
    row = one(response, circulated, "Circulate the minutes")
    assert row.status == "done" and row.note == f"Circulated {due:%-d %B %Y}, on time"


@pytest.mark.django_db
def test_strategic_group_minutes_count_back_from_the_next_meeting(as_persona):
    calendar = default_calendar()
    meeting = meeting_on(strategic(), today() - dt.timedelta(weeks=2))
    row = one(as_persona("admin_staff").get(URL), meeting, "Circulate the minutes")
    assert row.due is None and row.status == "not set"
    assert "next meeting, which is not scheduled yet" in row.note
    following = meeting_on(strategic(), today() + dt.timedelta(weeks=4))
    cancelled = meeting_on(strategic(), today() + dt.timedelta(weeks=1))
    meeting_actions.cancel_meeting(cancelled, "Chair unavailable", admin_user())  # not the next meeting
    response = as_persona("admin_staff").get(URL)
    row = one(response, meeting, "Circulate the minutes")
    assert row.due == calendar.latest_issue_date(following.date, 5)
    assert row.status == "due"
    assert not rows_for(response, cancelled)  # cancelled meetings have no deadlines


@pytest.mark.django_db
def test_only_meetings_within_twelve_weeks_either_side_are_listed(as_persona):
    near = meeting_on(board(), today() + dt.timedelta(weeks=11))
    far = meeting_on(board(), today() + dt.timedelta(weeks=14))
    old = meeting_on(board(), today() - dt.timedelta(weeks=14))
    response = as_persona("admin_staff").get(URL)
    assert rows_for(response, near) and not rows_for(response, far) and not rows_for(response, old)


@pytest.mark.django_db
def test_terms_of_reference_reviews(as_persona):
    response = as_persona("admin_staff").get(URL)
    tor = TermsOfReference.objects.in_force_on(strategic(), today())
    review = [r for r in rows_for(response, what="Review the terms of reference") if r.body.slug == "strategic-group"]
    assert len(review) == 1
    assert review[0].due == deadlines.tor_review_due(tor) == dt.date(2014, 8, 20)
    assert review[0].status == "overdue"
    host = [r for r in rows_for(response, what="Review") if r.body.slug == "home-care-pa-commissioning-board"]
    assert len(host) == 1 and host[0].status == "not set"  # the Board's ToR sets no review date
    html = response.content.decode()
    assert "20 Aug 2014" in html


@pytest.mark.django_db
def test_a_tor_review_ahead_is_due(as_persona):
    tor = TermsOfReference.objects.in_force_on(strategic(), today())
    tor.review_date = today() + dt.timedelta(days=30)
    tor.save()
    response = as_persona("admin_staff").get(URL)
    review = [r for r in rows_for(response, what="Review") if r.body.slug == "strategic-group"]
    assert review[0].status == "due" and review[0].note == "30 days left"


@pytest.mark.django_db
def test_rows_are_sorted_by_due_date_with_unset_dates_last(as_persona):
    meeting_on(board(), today() + dt.timedelta(weeks=8))
    meeting_on(board(), today() - dt.timedelta(weeks=4))
    meeting_on(strategic(), today() + dt.timedelta(weeks=1))
    meeting_on(strategic(), today() - dt.timedelta(weeks=7))
    rows = as_persona("admin_staff").get(URL).context["rows"]
    dues = [r.due for r in rows]
    dated = [d for d in dues if d is not None]
    assert len(dated) >= 6
    assert dated == sorted(dated)
    assert dues == dated + [None] * (len(dues) - len(dated))
