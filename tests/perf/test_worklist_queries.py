"""The work list (home page and the header's count) takes the same number of queries with few entries and with many."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions, worklist
from governance.calendar import default_calendar
from governance.models import Body, Meeting, MeetingStatus, Person
from projects import report_actions as project_reports
from projects.models import Deliverable, Project, Workstream
from risks.models import Risk

User = get_user_model()


def _queries(username, url_name="home"):
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(reverse(url_name))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    return len(captured), response.content.decode().count('class="govuk-task-list__item')


def _board_meetings(admin, count, offset_days):
    board = Body.objects.get(slug="project-board")
    calendar = default_calendar()
    meetings = []
    for n in range(count):
        day = calendar.add_working_days(timezone.localdate(), offset_days + n)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + n % 8)))
        meetings.append(Meeting.objects.create(body=board, starts_at=start, ends_at=start + dt.timedelta(hours=1)))
    return meetings


def _add_work(n, admin):
    """n of every kind of entry for the project leader, the Project Executive and the Chair."""
    leader, executive = User.objects.get(username="project.leader"), User.objects.get(username="project.executive")
    leader_person, executive_person = Person.objects.get(user=leader), Person.objects.get(user=executive)
    chair_person = Person.objects.get(user__username="chair")
    calendar = default_calendar()
    soon = calendar.add_working_days(timezone.localdate(), 3)
    project = Project.objects.get(slug="hcrc")
    workstream = Workstream.objects.filter(project=project).first()
    report = project.highlight_reports.filter(status="published").first()
    for meeting in _board_meetings(admin, n, 7):
        agenda = meeting_actions.ensure_agenda(meeting, admin)
        meeting_actions.submit_agenda(agenda, leader)
        item = agenda.items.first()
        meeting_actions.add_action(item, f"Action {meeting.pk}", leader_person, soon, admin)
        meeting_actions.add_action(item, f"Action {meeting.pk}", executive_person, soon, admin)
        meeting_actions.add_action(item, f"Action {meeting.pk}", chair_person, soon, admin)
    for meeting in _board_meetings(admin, n, -20):
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        meeting_actions.start_minutes(meeting, admin)
    for k in range(n):
        Deliverable.objects.create(
            project=project,
            workstream=workstream,
            title=f"Late deliverable {k}",
            owner=leader_person,
            due_on=timezone.localdate() - dt.timedelta(days=5 + k),
            position=100 + k,
        )
        project_reports.add_comment(report, executive_person, f"Question {k}?", is_question=True)
    for risk in Risk.objects.filter(project=project).order_by("pk")[:n]:
        Risk.objects.filter(pk=risk.pk).update(owner=leader_person, review_date=timezone.localdate())


@pytest.mark.django_db
def test_the_work_list_takes_the_same_queries_with_few_and_many_entries():
    admin = User.objects.get(username="admin.staff")
    leader = User.objects.get(username="project.leader")
    project = Project.objects.get(slug="hcrc")
    today = timezone.localdate()
    project_reports.publish_report(
        project_reports.draft_report(project, today - dt.timedelta(days=27), today, leader), leader
    )
    _add_work(1, admin)
    few = {name: _queries(name) for name in ("project.leader", "project.executive", "admin.staff", "chair")}
    few_header = _queries("project.leader", "governance:structure")[0]
    _add_work(6, admin)
    many = {name: _queries(name) for name in ("project.leader", "project.executive", "admin.staff", "chair")}
    many_header = _queries("project.leader", "governance:structure")[0]
    for name in few:
        assert many[name][1] > few[name][1], f"{name} should have more entries"
        assert many[name][0] == few[name][0], f"{name}: {few[name][0]} queries with few, {many[name][0]} with many"
    assert many_header == few_header


@pytest.mark.django_db
def test_the_work_list_is_built_once_per_request():
    client = Client()
    client.force_login(User.objects.get(username="project.leader"))
    client.get(reverse("home"))
    calls = []
    original = worklist.entries_for

    def counting(user, today=None):
        calls.append(user)
        return original(user, today)

    worklist.entries_for = counting
    try:
        client.get(reverse("home"))
    finally:
        worklist.entries_for = original
    assert len(calls) == 1


def work_list_queries(username):
    """The queries the header's work list count adds to a page for this user (the groups are loaded by the page's
    own permission checks first, so they are not counted here)."""
    from governance import permissions

    user = User.objects.get(username=username)
    permissions._groups(user)
    with CaptureQueriesContext(connection) as captured:
        worklist.entries_for(user)
    return len(captured)
