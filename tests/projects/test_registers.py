"""The project page and its registers: tolerances, change requests (numbering and the Project Board's decision),
benefits (% achieved), lessons (filters) and the end project report (approval closes the project). Who may do what,
bad input shown on the page with nothing lost, stale edits refused with the other person's change shown, and the
acting user in history."""

import datetime as dt
import sys
import types
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance.models import Agenda, AgendaItem, Body, Decision, Meeting
from projects import register_actions
from projects.models import (
    Benefit,
    BenefitMeasurement,
    ChangeRequest,
    EndProjectReport,
    Lesson,
    Project,
    Tolerance,
)

pytestmark = pytest.mark.django_db

LEADER = "project_leader"  # the "Project leader" group: keeps every project's registers
READER = "councillor"  # a Strategic Group member: sees the project, may not change it


def user(username):
    return get_user_model().objects.get(username=username)


def make_decision(body_slug="project-board", text="The board approved the change.", outcome="decided", days_ago=7):
    body = Body.objects.get(slug=body_slug)
    starts = timezone.now() - dt.timedelta(days=days_ago)
    meeting = Meeting.objects.create(body=body, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    agenda = Agenda.objects.create(meeting=meeting)
    item = AgendaItem.objects.create(agenda=agenda, position=3, title="Change requests")
    return Decision.objects.create(
        item=item,
        text=text,
        outcome=outcome,
        quorate=outcome == "decided",
        quorum_note="Quorate",
        recorded_by=user("admin.staff"),
    )


def make_change(project, status="raised", **fields):
    change = ChangeRequest(
        project=project,
        title=fields.pop("title", "Move go-live to November"),
        description="Providers need longer to recruit.",
        raised_on=dt.date(2026, 3, 2),
        status=status,
        **fields,
    )
    return register_actions.create_change_request(change, user("project.leader"))


def form_data(response):
    """The values a form on the page would post back as it stands (unbound initial values included)."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


# ------------------------------------------------------------------------------------------------------- the project


def test_the_project_page_shows_its_facts_bodies_phases_work_streams_and_registers(as_persona, project, people):
    project.budget = Decimal("1234567.50")
    project.funding_source = "Better Care Fund"
    project.senior_responsible_officer = people["Mick Ward"]
    project.theme = "Home first"
    project.save()
    project.workstreams.get(name="Finance").members.add(people["Mick Ward"])
    response = as_persona(READER).get(reverse("projects:project_detail", args=[project.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Test redesign project",
        "T1",
        "Adult Social Care",
        "Michelle Atkinson",
        "Georgia Young",
        "Home first",
        "Better Care Fund",
        "£1,234,567.50",
        "5 January 2026",
        "18 December 2026",
        "Phase 1",
        "Design",
        "Project management",
        "Finance",
        "Cheryl Ward",
    ]:
        assert text in html, text
    assert reverse("governance:body_detail", args=["strategic-group"]) in html
    for name in ["tolerances", "change_requests", "benefits", "lessons", "end_report"]:
        assert reverse(f"projects:{name}", args=[project.slug]) in html
    # A reader is not offered the change link; the project leader is.
    assert reverse("projects:project_edit", args=[project.slug]) not in html
    leader_page = as_persona(LEADER).get(reverse("projects:project_detail", args=[project.slug])).content.decode()
    assert reverse("projects:project_edit", args=[project.slug]) in leader_page
    assert 'id="history"' in html


def test_a_body_the_reader_cannot_open_is_named_but_not_linked(as_persona, project):
    # The councillor sits on the Strategic Group but not on the Project Board.
    html = as_persona(READER).get(reverse("projects:project_detail", args=[project.slug])).content.decode()
    assert "Home Care Redesign and Commissioning Project Board" in html
    assert reverse("governance:body_detail", args=["project-board"]) not in html
    assert reverse("governance:body_detail", args=["strategic-group"]) in html


def test_editing_the_project_records_the_acting_user_and_refuses_bad_input(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:project_edit", args=[project.slug])
    data = form_data(client.get(url))
    response = client.post(url, {**data, "starts_on": "2026-02-30", "budget": "-5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the start date as a real date" in html
    assert "The budget cannot be negative." in html
    assert 'value="-5"' in html  # nothing the user typed is lost
    response = client.post(url, {**data, "ends_on": "2025-01-01"})
    assert "The end must be on or after the start." in response.content.decode()
    response = client.post(url, {**data, "budget": "250000", "theme": "Home first"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.budget == Decimal("250000") and project.theme == "Home first"
    latest = project.history.first()
    assert latest.history_user.username == "project.leader"


def test_a_stale_project_edit_is_refused_with_the_other_change_shown(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:project_edit", args=[project.slug])
    mine = form_data(client.get(url))
    # Someone else saves in between.
    project.refresh_from_db()
    project.theme = "Their theme"
    register_actions.save_project(project, user("admin.staff"))
    response = client.post(url, {**mine, "theme": "My theme"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "Their theme" in html and 'value="My theme"' in html
    project.refresh_from_db()
    assert project.theme == "Their theme"
    # Saving again, deliberately, goes through.
    response = client.post(
        url, {**mine, "theme": "My theme", "edit_token": response.context["form"].data["edit_token"]}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.theme == "My theme"


# ------------------------------------------------------------------------------------------------- who may do what


def _urls(project):
    tolerance = project.tolerances.get(dimension="time")
    change = make_change(project)
    benefit = Benefit.objects.create(project=project, title="Hours", measure="Hours a week", baseline=10, target=30)
    lesson = Lesson.objects.create(project=project, event="Papers were late", logged_on=dt.date(2026, 3, 2))
    s = project.slug
    pages = {
        "project_detail": [s],
        "tolerances": [s],
        "change_requests": [s],
        "benefits": [s],
        "lessons": [s],
        "end_report": [s],
    }
    writes = {
        "project_edit": [s],
        "tolerance_new": [s],
        "tolerance_edit": [s, tolerance.pk],
        "change_request_new": [s],
        "change_request_edit": [s, change.pk],
        "benefit_new": [s],
        "benefit_edit": [s, benefit.pk],
        "lesson_new": [s],
        "lesson_edit": [s, lesson.pk],
    }
    posts = {
        "change_request_decide": [s, change.pk],
        "benefit_measure": [s, benefit.pk],
        "end_report_approve": [s],
        "end_report": [s],
    }
    return pages, writes, posts


def test_every_page_works_for_those_who_may_and_is_hidden_from_others(as_persona, project):
    pages, writes, posts = _urls(project)
    for name, args in {**pages, **writes}.items():
        url = reverse(f"projects:{name}", args=args)
        assert as_persona(LEADER).get(url).status_code == 200, name
        assert as_persona(READER).get(url).status_code == (200 if name in pages else 403), name
        assert as_persona("outsider").get(url).status_code == 404, name
        response = as_persona("anonymous").get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_read_only_users_get_403_and_outsiders_404_on_every_write_and_nothing_changes(as_persona, project):
    pages, writes, posts = _urls(project)
    data = {
        "title": "Changed",
        "event": "Changed",
        "dimension": "scope",
        "limit": "1",
        "unit": "x",
        "forecast": "0",
        "measure": "m",
        "baseline": "1",
        "target": "2",
        "description": "d",
        "raised_on": "2026-03-02",
        "logged_on": "2026-03-02",
        "lesson_type": "project",
        "priority": "high",
        "status": "raised",
        "measured_on": "2026-03-02",
        "value": "20",
        "decide-status": "approved",
        "closed_on": "2026-03-02",
    }

    def counts():
        return [
            m.objects.count()
            for m in (Tolerance, ChangeRequest, Benefit, BenefitMeasurement, Lesson, EndProjectReport, Project)
        ]

    before = counts()
    for name, args in {**writes, **posts}.items():
        url = reverse(f"projects:{name}", args=args)
        assert as_persona(READER).post(url, data).status_code == 403, name
        assert as_persona("outsider").post(url, data).status_code == 404, name
        assert as_persona("anonymous").post(url, data).status_code == 302, name
    assert counts() == before
    assert not Project.objects.filter(title="Changed").exists()
    assert not ChangeRequest.objects.filter(title="Changed").exists()


def test_the_project_s_management_lead_may_keep_its_registers(as_persona, project, people):
    # The project executive is no project leader, but may keep a project they lead.
    assert (
        as_persona("project_executive").get(reverse("projects:tolerance_new", args=[project.slug])).status_code == 403
    )
    project.management_lead = people["Michelle Atkinson"]
    project.save()
    assert (
        as_persona("project_executive").get(reverse("projects:tolerance_new", args=[project.slug])).status_code == 200
    )


def test_a_register_row_of_another_project_is_404(as_persona, project):
    other = Project.objects.create(title="Other", slug="other-project")
    tolerance = Tolerance.objects.create(project=other, dimension="time", limit=1, unit="weeks")
    url = reverse("projects:tolerance_edit", args=[project.slug, tolerance.pk])
    assert as_persona(LEADER).get(url).status_code == 404


# -------------------------------------------------------------------------------------------------------- tolerances


def test_the_tolerances_table_shows_limit_unit_forecast_and_status(as_persona, project):
    Tolerance.objects.create(project=project, dimension="scope", limit=10, unit="% of scope", forecast=12)
    Tolerance.objects.filter(project=project, dimension="cost").update(forecast=8500)
    response = as_persona(READER).get(reverse("projects:tolerances", args=[project.slug]))
    html = response.content.decode()
    assert "Within tolerance" in html  # time: 1 of 4 weeks
    assert "Close to the limit" in html  # cost: 8,500 of 10,000
    assert "Forecast to exceed" in html  # scope: 12 of 10
    assert "10,000" in html and "weeks" in html and "% of scope" in html
    assert reverse("projects:tolerance_new", args=[project.slug]) not in html


def test_adding_a_tolerance_refuses_a_negative_limit_and_a_second_of_a_dimension(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:tolerance_new", args=[project.slug])
    data = {"dimension": "quality", "limit": "-1", "unit": "score", "forecast": "0", "description": "Audit score"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The limit cannot be negative" in html and "Audit score" in html
    response = client.post(url, {**data, "limit": "lots"})
    assert "Enter the limit as a number" in response.content.decode()
    response = client.post(url, {**data, "dimension": "time", "limit": "2"})
    assert "already has a tolerance for that dimension" in response.content.decode()
    response = client.post(url, {**data, "limit": "2"})
    assert response.status_code == 302
    tolerance = project.tolerances.get(dimension="quality")
    assert tolerance.limit == 2
    assert tolerance.history.first().history_user.username == "project.leader"


def test_a_tolerance_edit_is_stale_protected_and_shows_history(as_persona, project):
    client = as_persona(LEADER)
    tolerance = project.tolerances.get(dimension="time")
    url = reverse("projects:tolerance_edit", args=[project.slug, tolerance.pk])
    mine = form_data(client.get(url))
    tolerance.forecast = 3
    register_actions.save_tolerance(tolerance, user("admin.staff"))
    response = client.post(url, {**mine, "forecast": "2"})
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "Forecast 1.00 → 3.00" in html
    assert 'id="history"' in html
    tolerance.refresh_from_db()
    assert tolerance.forecast == 3


def test_a_tolerance_forecast_beyond_its_limit_hands_over_to_the_exception_reports(as_persona, project, monkeypatch):
    calls = []
    fake = types.ModuleType("projects.report_actions")
    fake.check_tolerances = lambda project, by: calls.append((project.slug, by.username))
    monkeypatch.setitem(sys.modules, "projects.report_actions", fake)
    client = as_persona(LEADER)
    tolerance = project.tolerances.get(dimension="time")
    url = reverse("projects:tolerance_edit", args=[project.slug, tolerance.pk])
    data = form_data(client.get(url))
    assert client.post(url, {**data, "forecast": "3"}).status_code == 302
    assert calls == []  # still within the limit
    data = form_data(client.get(url))
    response = client.post(url, {**data, "forecast": "6"}, follow=True)
    assert calls == [(project.slug, "project.leader")]
    assert "Forecast to exceed" in response.content.decode()


def test_an_exceeded_tolerance_saved_here_drafts_the_exception_report(as_persona, project):
    report_actions = pytest.importorskip("projects.report_actions")
    assert hasattr(report_actions, "check_tolerances")
    client = as_persona(LEADER)
    tolerance = project.tolerances.get(dimension="time")
    url = reverse("projects:tolerance_edit", args=[project.slug, tolerance.pk])
    data = form_data(client.get(url))
    assert client.post(url, {**data, "forecast": "6"}).status_code == 302
    assert tolerance.exception_reports.count() == 1


def test_the_tolerances_page_offers_the_forecast_update_to_those_who_keep_the_project(as_persona, project):
    tolerance = project.tolerances.get(dimension="time")
    url = reverse("projects:tolerances", args=[project.slug])
    html = as_persona(LEADER).get(url).content.decode()
    assert reverse("projects:tolerance_forecast", args=[project.slug, tolerance.pk]) in html
    assert reverse("projects:tolerance_edit", args=[project.slug, tolerance.pk]) in html
    html = as_persona(READER).get(url).content.decode()
    assert reverse("projects:tolerance_forecast", args=[project.slug, tolerance.pk]) not in html


def test_without_the_reports_area_an_exceeded_tolerance_still_saves(project, monkeypatch):
    monkeypatch.setitem(sys.modules, "projects.report_actions", None)  # import fails: ImportError
    tolerance = project.tolerances.get(dimension="time")
    tolerance.forecast = 9
    register_actions.save_tolerance(tolerance, user("project.leader"))
    tolerance.refresh_from_db()
    assert tolerance.exceeded


# --------------------------------------------------------------------------------------------------- change requests


def test_change_requests_are_numbered_per_project(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:change_request_new", args=[project.slug])
    data = form_data(client.get(url))
    assert data["raised_by"] == str(user("project.leader").person.pk)
    for title in ["First change", "Second change"]:
        assert client.post(url, {**data, "title": title, "description": "Why"}).status_code == 302
    assert dict(project.change_requests.values_list("title", "reference")) == {
        "First change": "CR001",
        "Second change": "CR002",
    }
    other = Project.objects.create(title="Other", slug="other-project")
    assert make_change(other).reference == "CR001"
    ChangeRequest.objects.create(
        project=project, reference="CR007", title="Imported", description="x", raised_on=dt.date(2026, 1, 5)
    )
    assert make_change(project).reference == "CR008"
    change = project.change_requests.get(reference="CR001")
    assert change.history.first().history_user.username == "project.leader"
    page = as_persona(READER).get(reverse("projects:change_requests", args=[project.slug])).content.decode()
    assert "CR001" in page and "Second change" in page and "Why" in page


def test_a_change_request_needs_a_title_and_description_and_a_real_date(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:change_request_new", args=[project.slug])
    response = client.post(
        url, {"title": "", "description": "", "impact_cost": "£20k more", "status": "raised", "raised_on": "2026-13-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the date raised as a real date" in html
    assert "£20k more" in html
    assert not project.change_requests.exists()
    response = client.post(url, {"title": "x", "description": "y", "status": "approved", "raised_on": "2026-03-02"})
    assert "Select a valid choice" in response.content.decode()
    assert not project.change_requests.exists()


def test_only_a_change_request_with_the_board_can_be_decided(as_persona, project):
    client = as_persona(LEADER)
    decision = make_decision()
    change = make_change(project)
    decide = reverse("projects:change_request_decide", args=[project.slug, change.pk])
    response = client.post(decide, {"decide-status": "approved", "decide-decision": decision.pk})
    assert response.status_code == 200
    assert "is not with the Project Board" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "raised" and change.decision is None

    # Put it to the board through the edit form.
    edit = reverse("projects:change_request_edit", args=[project.slug, change.pk])
    data = form_data(client.get(edit))
    assert client.post(edit, {**data, "status": "for_decision"}).status_code == 302
    page = client.get(edit).content.decode()
    assert "Record the Project Board&#x27;s decision" in page or "Record the Project Board's decision" in page
    assert "The board approved the change." in page  # offered in the decision select

    response = client.post(decide, {"decide-status": "approved", "decide-decision": decision.pk})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved"
    assert change.decision == decision
    assert change.decided_on == decision.meeting.date
    assert change.history.first().history_user.username == "project.leader"
    listing = as_persona(READER).get(reverse("projects:change_requests", args=[project.slug])).content.decode()
    assert "Approved" in listing and reverse("governance:meeting_detail", args=[decision.meeting.pk]) in listing

    # Decided: no longer editable, nor decided again.
    response = client.get(edit)
    assert response.status_code == 200 and response.context["form"] is None
    assert "can no longer be changed" in response.content.decode()
    response = client.post(edit, {**data, "title": "Sneaky"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    response = client.post(decide, {"decide-status": "rejected", "decide-decision": decision.pk})
    assert "is not with the Project Board" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "approved" and change.title != "Sneaky"
    with pytest.raises(register_actions.GovernanceError):
        change.title = "Sneaky"
        register_actions.save_change_request(change, user("project.leader"))


def test_the_decision_must_be_one_of_the_board_s_and_settle_the_matter(as_persona, project):
    client = as_persona(LEADER)
    change = make_change(project, status="for_decision")
    decide = reverse("projects:change_request_decide", args=[project.slug, change.pk])
    elsewhere = make_decision(body_slug="strategic-group", text="Strategic Group decision")
    response = client.post(decide, {"decide-status": "approved", "decide-decision": elsewhere.pk})
    assert "Choose a decision of this project" in response.content.decode()
    response = client.post(decide, {"decide-status": "approved"})
    assert "Choose the board decision this answer was given in." in response.content.decode()
    not_quorate = make_decision(text="Deferred: not quorate", outcome="deferred")
    response = client.post(decide, {"decide-status": "approved", "decide-decision": not_quorate.pk})
    assert "cannot approve or reject" in response.content.decode()
    change.refresh_from_db()
    assert change.status == "for_decision"
    # A deferral can cite the non-quorate item; the request stays open and can be edited and put back.
    response = client.post(
        decide, {"decide-status": "deferred", "decide-decision": not_quorate.pk, "decide-decided_on": "2026-03-10"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "deferred" and change.decided_on == dt.date(2026, 3, 10)
    edit = reverse("projects:change_request_edit", args=[project.slug, change.pk])
    data = form_data(client.get(edit))
    assert client.post(edit, {**data, "status": "for_decision", "recommendation": "Approve"}).status_code == 302
    change.refresh_from_db()
    assert change.status == "for_decision" and change.recommendation == "Approve"


def test_a_stale_change_request_edit_is_refused(as_persona, project):
    client = as_persona(LEADER)
    change = make_change(project)
    edit = reverse("projects:change_request_edit", args=[project.slug, change.pk])
    mine = form_data(client.get(edit))
    change.impact_cost = "Their cost estimate"
    register_actions.save_change_request(change, user("admin.staff"))
    response = client.post(edit, {**mine, "impact_cost": "My cost estimate"})
    html = response.content.decode()
    assert "Someone else changed this record" in html and "Their cost estimate" in html
    assert "My cost estimate" in html
    change.refresh_from_db()
    assert change.impact_cost == "Their cost estimate"


# ---------------------------------------------------------------------------------------------------------- benefits


def test_a_benefit_s_percent_achieved_is_shown_from_its_latest_measurement(as_persona, project):
    client = as_persona(LEADER)
    response = client.post(
        reverse("projects:benefit_new", args=[project.slug]),
        {
            "title": "More hours of care",
            "measure": "Hours a week",
            "baseline": "10",
            "target": "30",
            "unit": "hours",
            "success_criteria": "30 hours by March",
        },
    )
    benefit = project.benefits.get()
    assert response.status_code == 302
    measure = reverse("projects:benefit_measure", args=[project.slug, benefit.pk])
    assert client.post(measure, {"measured_on": "2026-01-31", "value": "15"}).status_code == 302
    assert client.post(measure, {"measured_on": "2026-02-28", "value": "20", "note": "Winter"}).status_code == 302
    assert benefit.percent_achieved() == 50
    html = as_persona(READER).get(reverse("projects:benefits", args=[project.slug])).content.decode()
    assert "50%" in html and "30 hours by March" in html and "Winter" in html and "31 Jan 2026" in html
    measurement = benefit.measurements.get(value=20)
    assert measurement.history.first().history_user.username == "project.leader"


def test_a_benefit_s_target_must_differ_from_its_baseline(as_persona, project):
    response = as_persona(LEADER).post(
        reverse("projects:benefit_new", args=[project.slug]),
        {"title": "Flat", "measure": "Hours", "baseline": "10", "target": "10"},
    )
    assert response.status_code == 200
    assert "The target must differ from the baseline." in response.content.decode()
    assert not project.benefits.exists()


def test_a_measurement_with_a_bad_date_or_a_repeated_day_is_refused_on_the_page(as_persona, project):
    client = as_persona(LEADER)
    benefit = Benefit.objects.create(project=project, title="Hours", measure="Hours a week", baseline=10, target=30)
    measure = reverse("projects:benefit_measure", args=[project.slug, benefit.pk])
    response = client.post(measure, {"measured_on": "31/02/2026", "value": "12", "note": "Keep me"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the date measured as a real date" in html and "Keep me" in html
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(measure, {"measured_on": future, "value": "12"})
    assert "cannot be in the future" in response.content.decode()
    assert client.post(measure, {"measured_on": "2026-02-01", "value": "12"}).status_code == 302
    response = client.post(measure, {"measured_on": "2026-02-01", "value": "13"})
    assert "There is already a measurement on 1 February 2026" in response.content.decode()
    assert list(benefit.measurements.values_list("value", flat=True)) == [Decimal("12")]


def test_a_stale_benefit_edit_is_refused_and_history_shown(as_persona, project):
    client = as_persona(LEADER)
    benefit = register_actions.save_benefit(
        Benefit(project=project, title="Hours", measure="Hours a week", baseline=10, target=30),
        user("project.leader"),
    )
    url = reverse("projects:benefit_edit", args=[project.slug, benefit.pk])
    mine = form_data(client.get(url))
    benefit.target = 40
    register_actions.save_benefit(benefit, user("admin.staff"))
    response = client.post(url, {**mine, "target": "35"})
    html = response.content.decode()
    assert "Someone else changed this record" in html and "40.00" in html
    benefit.refresh_from_db()
    assert benefit.target == 40
    assert 'id="history"' in html


# ----------------------------------------------------------------------------------------------------------- lessons


def test_logging_a_lesson_and_filtering_the_log(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:lesson_new", args=[project.slug])
    data = form_data(client.get(url))
    assert data["logged_by"] == str(user("project.leader").person.pk)
    response = client.post(
        url,
        {
            **data,
            "event": "Papers went out late",
            "priority": "high",
            "lesson_type": "corporate",
            "early_warning": "Drafts not in by day 10",
        },
    )
    assert response.status_code == 302
    Lesson.objects.create(
        project=project, event="Good provider engagement", priority="low", logged_on=dt.date(2026, 2, 1)
    )
    lesson = project.lessons.get(priority="high")
    assert lesson.history.first().history_user.username == "project.leader"
    log = reverse("projects:lessons", args=[project.slug])
    reader = as_persona(READER)
    html = reader.get(log).content.decode()
    assert "Papers went out late" in html and "Good provider engagement" in html and "Drafts not in by day 10" in html
    html = reader.get(log, {"priority": "high"}).content.decode()
    assert "Papers went out late" in html and "Good provider engagement" not in html
    html = reader.get(log, {"lesson_type": "project", "priority": "low"}).content.decode()
    assert "Good provider engagement" in html and "Papers went out late" not in html


def test_an_invalid_lesson_filter_is_shown_as_an_error(as_persona, project):
    Lesson.objects.create(project=project, event="Papers went out late", logged_on=dt.date(2026, 2, 1))
    response = as_persona(READER).get(reverse("projects:lessons", args=[project.slug]), {"priority": "urgent"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a priority from the list." in html
    assert "No lessons are shown until the filters are corrected." in html
    assert "Papers went out late" not in html


def test_a_lesson_needs_an_event_and_a_stale_edit_is_refused(as_persona, project):
    client = as_persona(LEADER)
    response = client.post(
        reverse("projects:lesson_new", args=[project.slug]),
        {
            "event": "",
            "lesson_type": "project",
            "priority": "medium",
            "logged_on": "2026-03-02",
            "recommendation": "Keep this",
        },
    )
    assert response.status_code == 200 and "Keep this" in response.content.decode()
    assert not project.lessons.exists()
    lesson = register_actions.save_lesson(
        Lesson(project=project, event="Late", logged_on=dt.date(2026, 3, 2)), user("project.leader")
    )
    url = reverse("projects:lesson_edit", args=[project.slug, lesson.pk])
    mine = form_data(client.get(url))
    lesson.cause = "Their cause"
    register_actions.save_lesson(lesson, user("admin.staff"))
    response = client.post(url, {**mine, "cause": "My cause"})
    assert "Their cause" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.cause == "Their cause"


# ------------------------------------------------------------------------------------------------ end project report


def test_the_end_report_is_drafted_then_approved_closing_the_project_and_then_read_only(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:end_report", args=[project.slug])
    approve = reverse("projects:end_report_approve", args=[project.slug])
    decision = make_decision(text="The board approved the end project report.")
    response = client.post(approve, {"decision": decision.pk, "closed_on": "2026-03-02"})
    assert "Save the end project report before it is approved." in response.content.decode()

    response = client.post(url, {"benefits_review": "Hours up 50%", "lessons_report": "Start earlier"})
    assert response.status_code == 302
    report = project.end_report
    assert report.status == "draft"
    assert report.history.first().history_user.username == "project.leader"
    html = as_persona(READER).get(url).content.decode()
    assert "Hours up 50%" in html and "Draft" in html

    response = client.post(approve, {"decision": decision.pk, "closed_on": "2026-02-30"})
    assert "Enter the closing date as a real date" in response.content.decode()
    response = client.post(approve, {"decision": decision.pk, "closed_on": "2025-12-01"})
    assert "cannot close before it started" in response.content.decode()
    response = client.post(approve, {"decision": decision.pk, "closed_on": "2026-11-20"})
    assert response.status_code == 302
    report.refresh_from_db()
    project.refresh_from_db()
    assert report.approval_decision == decision and project.closed_on == dt.date(2026, 11, 20)
    assert project.history.first().history_user.username == "project.leader"

    response = client.get(url)
    assert response.context["form"] is None and "Approved" in response.content.decode()
    response = client.post(url, {"benefits_review": "Rewritten"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    response = client.post(approve, {"decision": decision.pk, "closed_on": "2026-11-20"})
    assert "already been approved" in response.content.decode()
    report.refresh_from_db()
    assert report.benefits_review == "Hours up 50%"


def test_a_stale_end_report_edit_is_refused(as_persona, project):
    client = as_persona(LEADER)
    url = reverse("projects:end_report", args=[project.slug])
    client.post(url, {"benefits_review": "First"})
    mine = form_data(client.get(url))
    report = project.end_report
    report.team_performance = "Their view"
    register_actions.save_end_report(report, user("admin.staff"))
    response = client.post(url, {**mine, "team_performance": "My view"})
    html = response.content.decode()
    assert "Someone else changed this record" in html and "Their view" in html and "My view" in html
    report.refresh_from_db()
    assert report.team_performance == "Their view"
