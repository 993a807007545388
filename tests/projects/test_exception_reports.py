"""Exception reports: a tolerance forecast beyond its limit drafts one, for the Project Board's next agenda."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import history
from governance.actions import GovernanceError
from governance.models import AgendaItem, Meeting, MeetingStatus
from projects import report_actions
from projects.models import ExceptionReport, Tolerance

PUBLISHED = "A published report cannot be changed"


@pytest.fixture
def leader(db):
    return get_user_model().objects.get(username="project.leader")


@pytest.fixture
def time(project):
    return Tolerance.objects.get(project=project, dimension="time")


def forecast(client, tolerance, value):
    return client.post(
        reverse("projects:tolerance_forecast", args=[tolerance.project.slug, tolerance.pk]), {"forecast": value}
    )


def next_board_meeting():
    return (
        Meeting.objects.filter(body__slug="project-board", starts_at__gt=timezone.now(), status=MeetingStatus.SCHEDULED)
        .order_by("starts_at")
        .first()
    )


def test_a_forecast_beyond_the_limit_drafts_one_exception_report_on_the_next_board_agenda(project, time, as_persona):
    response = forecast(as_persona("project_leader"), time, "6")
    time.refresh_from_db()
    assert time.forecast == 6
    report = ExceptionReport.objects.get(project=project)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:exception_detail", args=[report.pk])
    assert report.status == "draft" and report.tolerance == time
    assert report.title == "Exception: Time tolerance forecast to be exceeded"
    assert report.cause.startswith(
        "The time forecast is 6 weeks against a tolerance of 4 weeks: 2 weeks beyond the limit the Project Board set"
    )
    assert report.consequences == report.options == report.recommendation == report.lessons == ""
    item = report.agenda_item
    assert item is not None and item.agenda.meeting == next_board_meeting()
    assert item.title == "Exception report: Time tolerance forecast to be exceeded (Test redesign project)"
    assert item.purpose == "decision" and item.presenter == "Georgia Young"
    assert report.history.first().history_user.username == "project.leader"
    assert time.history.first().history_user.username == "project.leader"


def test_a_forecast_within_the_limit_drafts_none(project, time, as_persona):
    forecast(as_persona("project_leader"), time, "4")
    assert not ExceptionReport.objects.filter(project=project).exists()
    assert time.history.count() == 2  # the forecast was saved


def test_a_second_breach_while_one_is_open_drafts_none_more(project, time, leader, as_persona):
    client = as_persona("project_leader")
    forecast(client, time, "6")
    items = AgendaItem.objects.count()
    forecast(client, time, "8")
    cost = Tolerance.objects.get(project=project, dimension="cost")
    report_actions.set_forecast(cost, 5000, leader)  # within its limit
    assert ExceptionReport.objects.filter(project=project).count() == 1
    assert AgendaItem.objects.count() == items
    # Once the open one is published, a new breach is a new exception.
    report_actions.publish_exception(ExceptionReport.objects.get(project=project), leader)
    assert len(report_actions.check_tolerances(project, leader)) == 1
    assert ExceptionReport.objects.filter(project=project).count() == 2


def test_each_dimension_breached_has_its_own_report(project, leader):
    Tolerance.objects.filter(project=project).update(forecast=20000)
    drafted = report_actions.check_tolerances(project, leader)
    assert sorted(r.title for r in drafted) == [
        "Exception: Cost tolerance forecast to be exceeded",
        "Exception: Time tolerance forecast to be exceeded",
    ]
    cost = next(r for r in drafted if r.tolerance.dimension == "cost")
    assert cost.cause.startswith("The cost forecast is £20,000 against a tolerance of £10,000: £10,000 beyond")


def test_when_the_agenda_has_left_draft_the_report_is_left_unlinked(project, time, leader):
    agenda = next_board_meeting().agendas.get(supplement=0)
    agenda.status = "issued"
    agenda.save()
    time.forecast = 6
    [report] = report_actions.set_forecast(time, 6, leader)
    assert report.agenda_item is None
    assert "no longer a draft" in report_actions.agenda_note(report)


def test_the_forecast_form_is_for_the_project_leader(project, time, as_persona):
    assert forecast(as_persona("provider"), time, "6").status_code == 403
    assert forecast(as_persona("outsider"), time, "6").status_code == 404
    assert forecast(as_persona("anonymous"), time, "6").status_code == 302
    time.refresh_from_db()
    assert time.forecast == 1 and not ExceptionReport.objects.exists()
    response = forecast(as_persona("project_leader"), time, "six")
    assert response.status_code == 302
    time.refresh_from_db()
    assert time.forecast == 1


def test_the_project_leader_writes_and_publishes_the_exception_report(project, time, leader, as_persona):
    [report] = report_actions.set_forecast(time, 6, leader)
    client = as_persona("project_leader")
    detail = reverse("projects:exception_detail", args=[report.pk])
    html = client.get(detail).content.decode()
    assert "Time: forecast 6 of 4 weeks — forecast to exceed the tolerance" in html
    assert "Not written yet. " + report_actions.EXCEPTION_PROMPTS["options"] in html
    data = {
        "title": report.title,
        "cause": report.cause,
        "consequences": "Go-live moves into winter pressures.",
        "options": "1. Accept the delay. 2. Add staff.",
        "recommendation": "Option 2.",
        "lessons": "",
        "edit_token": history.edit_token(report),
    }
    assert client.post(reverse("projects:exception_edit", args=[report.pk]), data).status_code == 302
    report.refresh_from_db()
    assert report.recommendation == "Option 2."
    # Members do not see a draft; once published they do.
    assert as_persona("provider").get(detail).status_code == 404
    client.post(reverse("projects:exception_action", args=[report.pk, "publish"]))
    report.refresh_from_db()
    assert report.status == "published"
    assert as_persona("provider").get(detail).status_code == 200
    assert report.title in as_persona("provider").get(reverse("projects:papers_for_me")).content.decode()
    # Frozen: the pages and the actions refuse.
    response = client.post(
        reverse("projects:exception_edit", args=[report.pk]), {**data, "recommendation": "x"}, follow=True
    )
    assert PUBLISHED in response.content.decode()
    for function in (
        report_actions.save_exception,
        report_actions.submit_exception,
        report_actions.redraft_exception,
        report_actions.publish_exception,
    ):
        with pytest.raises(GovernanceError, match=PUBLISHED):
            function(report, leader)
    report.refresh_from_db()
    assert report.recommendation == "Option 2."


def test_a_stale_exception_edit_is_refused(project, time, leader, as_persona):
    [report] = report_actions.set_forecast(time, 6, leader)
    token = history.edit_token(report)
    other = ExceptionReport.objects.get(pk=report.pk)
    other.options = "Theirs"
    report_actions.save_exception(other, leader)
    response = as_persona("project_leader").post(
        reverse("projects:exception_edit", args=[report.pk]),
        {"title": report.title, "cause": report.cause, "options": "Mine", "edit_token": token},
    )
    assert "changed by someone else" in response.content.decode()
    report.refresh_from_db()
    assert report.options == "Theirs"


def test_exception_edit_access(project, time, leader, as_persona):
    [report] = report_actions.set_forecast(time, 6, leader)
    url = reverse("projects:exception_edit", args=[report.pk])
    assert as_persona("project_leader").get(url).status_code == 200
    assert as_persona("provider").get(url).status_code == 403
    assert as_persona("admin_staff").get(url).status_code == 403
    assert as_persona("outsider").get(url).status_code == 404
