"""The registers as they stood at a date (from their history), and the changes since the last Project Board."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Body, Meeting, MeetingStatus
from projects.models import GoverningBody, GoverningRole, Project
from risks import asat
from risks.models import Issue, Risk


def at(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def save_at(obj, when):
    """Save with the history record dated `when`."""
    obj._history_date = when
    obj.save()
    del obj._history_date
    return obj


def delete_at(obj, when):
    obj._history_date = when
    obj.delete()


@pytest.fixture
def project(db):
    project = Project.objects.create(title="As-at project", slug="as-at-project")
    GoverningBody.objects.create(
        project=project, body=Body.objects.get(slug="project-board"), role=GoverningRole.PROJECT_BOARD
    )
    return project


def new_risk(project, reference, likelihood, impact, when, **fields):
    risk = Risk(
        project=project,
        reference=reference,
        title=f"Risk {reference}",
        event="Something happens",
        category="operational",
        raised_on=when.date(),
        inherent_likelihood=likelihood,
        inherent_impact=impact,
        residual_likelihood=likelihood,
        residual_impact=impact,
        **fields,
    )
    return save_at(risk, when)


def new_issue(project, reference, when):
    issue = Issue(
        project=project,
        reference=reference,
        issue_type="problem",
        title=f"Issue {reference}",
        description="A problem",
        raised_on=when.date(),
    )
    return save_at(issue, when)


def close_issue(issue, when):
    issue.status = "closed"
    issue.closed_on = when.date()
    issue.resolution = "Sorted"
    return save_at(issue, when)


@pytest.fixture
def timeline(project):
    """10 Jan 2025: R1 (amber 9), R2 (red 16) and I1 raised. 1 Feb: R1 rescored to 16. 1 Mar: R2 closed, R3 raised.
    15 Mar: I1 closed, I2 raised. 1 Apr: R3 deleted."""
    r1 = new_risk(project, "R1", 3, 3, at(dt.date(2025, 1, 10)))
    r2 = new_risk(project, "R2", 4, 4, at(dt.date(2025, 1, 10)))
    i1 = new_issue(project, "I1", at(dt.date(2025, 1, 10)))
    r1.residual_likelihood, r1.residual_impact = 4, 4
    save_at(r1, at(dt.date(2025, 2, 1)))
    r2.status = "closed"
    save_at(r2, at(dt.date(2025, 3, 1)))
    r3 = new_risk(project, "R3", 2, 2, at(dt.date(2025, 3, 1)))
    close_issue(i1, at(dt.date(2025, 3, 15)))
    new_issue(project, "I2", at(dt.date(2025, 3, 15)))
    delete_at(r3, at(dt.date(2025, 4, 1)))
    return project


def refs(entries):
    return [e.reference for e in entries]


def test_before_anything_was_raised_the_registers_are_empty(timeline):
    assert asat.register_as_at(timeline, dt.date(2025, 1, 9)) == ([], [])


def test_a_date_means_the_end_of_that_day(timeline):
    risks, issues = asat.register_as_at(timeline, dt.date(2025, 1, 10))
    assert refs(risks) == ["R2", "R1"]  # worst residual score first
    assert [(r.reference, r.residual_score, r.residual_rag, r.status) for r in risks] == [
        ("R2", 16, "red", "open"),
        ("R1", 9, "amber", "open"),
    ]
    assert refs(issues) == ["I1"]
    # At 09:00 that day nothing had been raised yet.
    assert asat.register_as_at(timeline, at(dt.date(2025, 1, 10), 9)) == ([], [])


def test_a_rescored_risk_shows_its_score_of_the_time(timeline):
    risks, _ = asat.register_as_at(timeline, dt.date(2025, 1, 31))
    assert {r.reference: r.residual_score for r in risks} == {"R1": 9, "R2": 16}
    risks, _ = asat.register_as_at(timeline, dt.date(2025, 2, 15))
    assert {r.reference: r.residual_score for r in risks} == {"R1": 16, "R2": 16}


def test_a_risk_closed_later_shows_open_and_one_raised_later_is_absent(timeline):
    risks, _ = asat.register_as_at(timeline, dt.date(2025, 2, 28))
    assert {r.reference: r.status for r in risks} == {"R1": "open", "R2": "open"}
    risks, _ = asat.register_as_at(timeline, dt.date(2025, 3, 1))
    assert {r.reference: r.status for r in risks} == {"R1": "open", "R2": "closed", "R3": "open"}


def test_issues_as_at(timeline):
    _, issues = asat.register_as_at(timeline, dt.date(2025, 3, 14))
    assert [(i.reference, i.status) for i in issues] == [("I1", "open")]
    _, issues = asat.register_as_at(timeline, dt.date(2025, 3, 15))
    assert [(i.reference, i.status) for i in issues] == [("I2", "open"), ("I1", "closed")]  # open first


def test_a_deleted_risk_is_absent_after_its_deletion(timeline):
    assert "R3" in refs(asat.register_as_at(timeline, dt.date(2025, 3, 31))[0])
    assert "R3" not in refs(asat.register_as_at(timeline, dt.date(2025, 4, 1))[0])


def test_today_matches_the_live_registers(timeline):
    risks, issues = asat.register_as_at(timeline, timezone.now())
    assert refs(risks) == list(Risk.objects.filter(project=timeline).values_list("reference", flat=True))
    assert set(refs(issues)) == set(Issue.objects.filter(project=timeline).values_list("reference", flat=True))


def test_other_projects_are_not_included(timeline):
    risks, issues = asat.register_as_at(timeline, timezone.now())
    assert {r.project_id for r in risks} | {i.project_id for i in issues} == {timeline.pk}


@pytest.mark.parametrize(
    "text,error",
    [
        ("", ""),
        ("2025-02-15", ""),
        ("15/02/2025", "real date"),
        ("2025-02-30", "real date"),
        ("2999-01-01", "today or in the past"),
    ],
)
def test_parse_day(text, error):
    day, message = asat.parse_day(text, today=dt.date(2026, 11, 23))
    assert (error in message) if error else message == ""
    assert (day is None) == (not text or bool(error))


# ---------------------------------------------------------------------------------------------------------- pages


def test_the_as_at_page_shows_the_registers_of_that_day(timeline, as_persona):
    response = as_persona("chair").get(reverse("risks:risks_as_at", args=[timeline.slug]), {"on": "2025-02-15"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "As at the end of 15 February 2025" in page
    assert 'id="risks-r1"' in page and 'id="risks-r2"' in page and 'id="risks-r3"' not in page
    assert 'id="issues-i1"' in page and 'id="issues-i2"' not in page


@pytest.mark.parametrize("on,message", [("not-a-date", "real date"), ("2999-01-01", "today or in the past")])
def test_the_as_at_page_says_what_is_wrong_with_the_date(timeline, as_persona, on, message):
    response = as_persona("project_leader").get(reverse("risks:risks_as_at", args=[timeline.slug]), {"on": on})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert 'id="as-at"' not in page


def test_the_as_at_page_before_the_history_began_says_so(project, as_persona):
    new_risk(project, "R9", 2, 2, at(dt.date(2025, 6, 1)))
    page = as_persona("chair").get(reverse("risks:risks_as_at", args=[project.slug]), {"on": "2025-05-01"})
    assert "recorded history begins on 1 June 2025" in page.content.decode()


# ----------------------------------------------------------------------------------------- changes since the board


@pytest.fixture
def board_meeting(timeline):
    """A held Project Board meeting on 20 February 2025, then changes after it."""
    starts = at(dt.date(2025, 2, 20), 10)
    meeting = Meeting.objects.create(
        body=Body.objects.get(slug="project-board"),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        status=MeetingStatus.HELD,
    )
    r1 = Risk.objects.get(project=timeline, reference="R1")
    r1.residual_likelihood, r1.residual_impact = 2, 2
    save_at(r1, at(dt.date(2025, 3, 5)))
    return meeting


def test_the_last_board_meeting_is_the_last_past_one_not_cancelled(timeline, board_meeting):
    starts = at(dt.date(2025, 5, 1), 10)
    Meeting.objects.create(
        body=board_meeting.body,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        status=MeetingStatus.CANCELLED,
        cancelled_reason="No business",
    )
    assert asat.last_board_meeting(timeline) == board_meeting
    assert asat.last_board_meeting(timeline, now=at(dt.date(2025, 2, 19))).starts_at.year == 2014  # the seeded one


def test_changes_since_the_board(timeline, board_meeting):
    changes = asat.changes_between(timeline, board_meeting.starts_at)
    assert refs(changes.closed_risks) == ["R2"]
    assert refs(changes.new_risks) == []  # R3 was raised and deleted since
    assert refs(changes.removed_risks) == []
    assert [(c.risk.reference, c.before.residual_score, c.risk.residual_score) for c in changes.rescored_risks] == [
        ("R1", 16, 4)
    ]
    assert refs(changes.new_issues) == ["I2"]
    assert refs(changes.closed_issues) == ["I1"]


def test_changes_before_the_rescoring_meeting(timeline):
    changes = asat.changes_between(timeline, at(dt.date(2025, 1, 20)), until=at(dt.date(2025, 3, 2)))
    assert refs(changes.new_risks) == ["R3"]
    assert refs(changes.closed_risks) == ["R2"]
    assert [c.risk.reference for c in changes.rescored_risks] == ["R1"]


def test_the_changes_page(timeline, board_meeting, as_persona):
    response = as_persona("project_executive").get(reverse("risks:changes_since_board", args=[timeline.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "20 February 2025" in page
    assert 'id="closed-risks-r2"' in page
    assert 'id="rescored-risks-r1"' in page
    assert 'id="new-issues-i2"' in page and 'id="closed-issues-i1"' in page
    assert 'id="new-risks-none"' in page


def test_the_changes_page_of_a_project_with_no_board(db, as_persona):
    Project.objects.create(title="Boardless", slug="boardless")
    response = as_persona("admin_staff").get(reverse("risks:changes_since_board", args=["boardless"]))
    assert 'id="no-board"' in response.content.decode()
