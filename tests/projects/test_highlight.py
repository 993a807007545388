"""The highlight report generator: the pure summary over hand-made change records, and the draft written from a
known, dated history of the test project."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from projects import highlight, report_actions
from projects.highlight import NO_CHANGES, PlanChange, PlanItem, summarise_changes
from projects.models import ChangeRequest, Deliverable, Lesson, Tolerance

FEB_1, FEB_28 = dt.date(2026, 2, 1), dt.date(2026, 2, 28)


def at(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# ------------------------------------------------------------------------------------------------ the pure summary


def test_no_changes_says_so():
    texts = summarise_changes([], FEB_1, FEB_28)
    assert texts["summary"] == NO_CHANGES
    assert texts["work_done"] == NO_CHANGES
    assert texts["products_completed"] == "No products were completed in this period."
    assert texts["change_requests"] == "No change requests were raised or decided in this period."
    assert texts["lessons"] == "No lessons were logged in this period."
    assert texts["tolerance_status"] == "No tolerances are recorded for this project."
    assert texts["work_planned"] == "Nothing is due between 1 March 2026 and 28 March 2026."
    assert texts["overall_rag"] == "green"
    assert all(texts[f"{d}_rag"] == "green" for d in highlight.DIMENSION_LABELS)
    assert all(texts[f"{d}_comment"] == "" for d in highlight.DIMENSION_LABELS)


def test_completed_deliverable_and_met_milestone():
    changes = [
        PlanChange(
            dt.date(2026, 2, 20), "Project plan", "status", "in_progress", "complete", workstream="Project management"
        ),
        PlanChange(dt.date(2026, 2, 27), "Go live", "status", "not_started", "complete", kind="milestone"),
    ]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    assert texts["products_completed"].splitlines() == [
        "Completed: Project plan (Project management)",
        "Met: Go live on 27 February 2026",
    ]
    assert "Completed: Project plan (Project management)" in texts["work_done"]
    assert texts["summary"] == "1 February 2026 to 28 February 2026: 2 completed."


def test_a_slip_is_measured_in_weeks_and_turns_time_amber():
    changes = [
        PlanChange(dt.date(2026, 2, 10), "Fee modelling report", "due_on", dt.date(2026, 5, 29), dt.date(2026, 6, 26))
    ]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    assert texts["key_risks_and_issues"] == "Slipped: Fee modelling report, due 29 May 2026 → 26 June 2026 (4 weeks)"
    assert texts["time_rag"] == "amber"
    assert texts["overall_rag"] == "amber"
    assert texts["cost_rag"] == "green"


def test_several_moves_of_one_date_read_as_one_and_a_return_to_the_start_drops_out():
    slips = [
        PlanChange(dt.date(2026, 2, 3), "Report", "due_on", dt.date(2026, 5, 1), dt.date(2026, 5, 4), ref=1),
        PlanChange(dt.date(2026, 2, 9), "Report", "due_on", dt.date(2026, 5, 4), dt.date(2026, 5, 8), ref=1),
        PlanChange(dt.date(2026, 2, 4), "Other", "rag", "green", "red", ref=2),
        PlanChange(dt.date(2026, 2, 5), "Other", "rag", "red", "green", ref=2),
    ]
    texts = summarise_changes(slips, FEB_1, FEB_28)
    assert texts["key_risks_and_issues"] == "Slipped: Report, due 1 May 2026 → 8 May 2026 (1 week)"


def test_days_when_not_whole_weeks_and_brought_forward():
    changes = [
        PlanChange(dt.date(2026, 2, 3), "A", "due_on", dt.date(2026, 5, 1), dt.date(2026, 5, 4), ref=1),
        PlanChange(dt.date(2026, 2, 3), "B", "due_on", dt.date(2026, 5, 15), dt.date(2026, 5, 1), ref=2),
    ]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    assert "Slipped: A, due 1 May 2026 → 4 May 2026 (3 days)" in texts["key_risks_and_issues"]
    assert "Brought forward: B, due 15 May 2026 → 1 May 2026 (2 weeks earlier)" in texts["work_done"]


def test_changes_outside_the_period_are_left_out():
    changes = [
        PlanChange(dt.date(2026, 1, 31), "Before", "status", "in_progress", "complete"),
        PlanChange(dt.date(2026, 3, 1), "After", "status", "in_progress", "complete"),
    ]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    assert texts["summary"] == NO_CHANGES
    assert "Before" not in texts["work_done"] and "After" not in texts["work_done"]


def test_other_changes_status_progress_owner_rag_added_removed():
    changes = [
        PlanChange(dt.date(2026, 2, 2), "A", "status", "not_started", "in_progress"),
        PlanChange(dt.date(2026, 2, 2), "A", "percent_complete", 0, 40),
        PlanChange(dt.date(2026, 2, 2), "A", "owner", "Cheryl Ward", "Georgia Young"),
        PlanChange(dt.date(2026, 2, 2), "A", "rag", "green", "amber"),
        PlanChange(dt.date(2026, 2, 2), "New thing", "added", None, dt.date(2026, 4, 1), workstream="Finance"),
        PlanChange(dt.date(2026, 2, 2), "Old thing", "removed", workstream="Finance"),
        PlanChange(dt.date(2026, 2, 2), "Reopened", "status", "complete", "in_progress"),
    ]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    assert texts["work_done"].splitlines() == [
        "Status: A, Not started → In progress",
        "Progress: A, 0% → 40%",
        "Owner: A, Cheryl Ward → Georgia Young",
        "Added to the plan: New thing (Finance), due 1 April 2026",
        "Removed from the plan: Old thing (Finance)",
        "Status: Reopened, Complete → In progress",
    ]
    assert texts["key_risks_and_issues"] == "RAG: A, Green → Amber"
    assert texts["summary"] == "1 February 2026 to 28 February 2026: 1 added to the plan, 6 other changes to the plan."


def test_missed_milestone_overdue_deliverable_and_work_planned():
    plan = [
        PlanItem("Consultation launched", dt.date(2026, 2, 16), "not_started", "milestone"),
        PlanItem("Market review", dt.date(2026, 2, 20), "in_progress", workstream="Finance", rag="red"),
        PlanItem("Done already", dt.date(2026, 2, 10), "complete"),
        PlanItem("Provider survey", dt.date(2026, 3, 20), "in_progress", workstream="Engagement"),
        PlanItem("Cancelled one", dt.date(2026, 3, 10), "cancelled"),
        PlanItem("Later", dt.date(2026, 3, 29), "not_started"),
    ]
    texts = summarise_changes([], FEB_1, FEB_28, plan=plan)
    assert texts["key_risks_and_issues"].splitlines() == [
        "Missed: Consultation launched, due 16 February 2026",
        "Overdue: Market review (Finance), due 20 February 2026",
    ]
    assert texts["work_planned"] == "Provider survey (Engagement), due 20 March 2026"
    assert texts["time_rag"] == "amber"
    assert texts["issues_rag"] == "red"
    assert texts["overall_rag"] == "red"
    assert texts["summary"] == "1 February 2026 to 28 February 2026: 2 missed or overdue."


def test_tolerance_lines_and_ratings():
    tolerances = [
        Tolerance(dimension="time", limit=4, unit="weeks", forecast=1),
        Tolerance(dimension="cost", limit=Decimal("10000.00"), unit="£", forecast=Decimal("8500.00")),
        Tolerance(dimension="scope", limit=5, unit="% of scope", forecast=Decimal("6.5")),
    ]
    texts = summarise_changes([], FEB_1, FEB_28, tolerances=tolerances)
    assert texts["tolerance_status"].splitlines() == [
        "Time: forecast 1 of 4 weeks — within tolerance",
        "Cost: forecast £8,500 of £10,000 — close to the limit",
        "Scope: forecast 6.5 of 5 % of scope — forecast to exceed the tolerance",
    ]
    assert (texts["time_rag"], texts["cost_rag"], texts["scope_rag"]) == ("green", "amber", "red")
    assert texts["overall_rag"] == "red"
    assert texts["time_comment"] == "Forecast 1 of 4 weeks — within tolerance."


def test_time_is_red_when_its_tolerance_is_exceeded_even_with_slips():
    changes = [PlanChange(dt.date(2026, 2, 10), "X", "due_on", dt.date(2026, 5, 1), dt.date(2026, 6, 1))]
    texts = summarise_changes(
        changes, FEB_1, FEB_28, tolerances=[Tolerance(dimension="time", limit=4, unit="weeks", forecast=5)]
    )
    assert texts["time_rag"] == "red"
    assert texts["time_comment"] == "1 slipped. Forecast 5 of 4 weeks — forecast to exceed the tolerance."


def test_change_requests_and_lessons():
    changes = [
        PlanChange(dt.date(2026, 2, 15), "CR001: Extend the fee consultation", "raised", kind="change_request"),
        PlanChange(
            dt.date(2026, 2, 25), "CR000: Add a provider forum", "decided", new="Approved", kind="change_request"
        ),
        PlanChange(dt.date(2026, 2, 12), "Papers went out late", "logged", new="High", kind="lesson"),
    ]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    assert texts["change_requests"].splitlines() == [
        "Raised: CR001: Extend the fee consultation (15 February 2026)",
        "Approved: CR000: Add a provider forum (25 February 2026)",
    ]
    assert texts["lessons"] == "Logged: Papers went out late (high priority)"
    assert texts["summary"] == (
        "1 February 2026 to 28 February 2026: 1 change request raised, 1 change request decided, 1 lesson logged."
    )


dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))


@given(st.lists(st.tuples(dates, dates, dates), max_size=8))
def test_only_changes_in_the_period_are_ever_mentioned(moves):
    changes = [PlanChange(when, f"D{i}", "due_on", old, new, ref=i) for i, (when, old, new) in enumerate(moves)]
    texts = summarise_changes(changes, FEB_1, FEB_28)
    everything = "\n".join(str(v) for v in texts.values())
    for i, (when, old, new) in enumerate(moves):
        if not FEB_1 <= when <= FEB_28 or old == new:
            assert f"D{i}," not in everything
        else:
            assert f"D{i}," in everything


# ------------------------------------------------------------------------------------ the draft from real history


@pytest.fixture
def leader(db):
    return get_user_model().objects.get(username="project.leader")


@pytest.fixture
def history_project(project):
    """The test project with a known history: the plan dates from 5 January 2026; in February the Fee modelling
    report slips four weeks (10 Feb), a change request is raised (15 Feb), a milestone due 16 Feb is missed, the
    Project plan is completed (20 Feb); in March Go live moves (outside the period)."""
    Deliverable.history.filter(project_id=project.pk).update(history_date=at(dt.date(2026, 1, 5), 9))
    deliverables = {d.title: d for d in project.deliverables.all()}
    pm = deliverables["Project plan"].workstream

    def change(deliverable, when, **fields):
        for name, value in fields.items():
            setattr(deliverable, name, value)
        deliverable._history_date = at(when)
        deliverable.save()

    consultation = Deliverable(
        project=project,
        workstream=pm,
        kind="milestone",
        title="Consultation launched",
        due_on=dt.date(2026, 2, 16),
        position=3,
    )
    consultation._history_date = at(dt.date(2026, 1, 10))
    consultation.save()
    survey = Deliverable(
        project=project,
        workstream=deliverables["Fee modelling report"].workstream,
        title="Provider survey",
        due_on=dt.date(2026, 3, 20),
        position=2,
    )
    survey._history_date = at(dt.date(2026, 2, 3))
    survey.save()
    change(deliverables["Fee modelling report"], dt.date(2026, 2, 10), due_on=dt.date(2026, 6, 26))
    change(
        deliverables["Project plan"],
        dt.date(2026, 2, 20),
        status="complete",
        percent_complete=100,
        completed_on=dt.date(2026, 2, 20),
    )
    change(deliverables["Go live"], dt.date(2026, 3, 5), due_on=dt.date(2026, 11, 2))
    ChangeRequest.objects.create(
        project=project,
        reference="CR001",
        title="Extend the fee consultation",
        description="Four more weeks",
        raised_on=dt.date(2026, 2, 15),
    )
    ChangeRequest.objects.create(
        project=project, reference="CR002", title="Later request", description="x", raised_on=dt.date(2026, 3, 2)
    )
    Lesson.objects.create(
        project=project, event="Provider data came late", priority="high", logged_on=dt.date(2026, 2, 12)
    )
    Lesson.objects.create(project=project, event="A January lesson", logged_on=dt.date(2026, 1, 20))
    return project


def test_plan_changes_reads_the_history_of_the_period(history_project):
    changes = highlight.plan_changes(history_project, FEB_1, FEB_28)
    described = {(c.title, c.field, c.old, c.new) for c in changes}
    assert ("Fee modelling report", "due_on", dt.date(2026, 5, 29), dt.date(2026, 6, 26)) in described
    assert ("Project plan", "status", "not_started", "complete") in described
    assert ("Project plan", "percent_complete", 0, 100) in described
    assert ("Provider survey", "added", None, dt.date(2026, 3, 20)) in described
    assert not any(c.title == "Go live" for c in changes)
    assert not any(c.title == "Consultation launched" for c in changes)  # added in January


def test_draft_report_from_a_known_history(history_project, leader):
    report = report_actions.draft_report(history_project, FEB_1, FEB_28, leader)
    assert report.products_completed == "Completed: Project plan (Project management)"
    assert report.work_done.splitlines() == [
        "Completed: Project plan (Project management)",
        "Added to the plan: Provider survey (Finance), due 20 March 2026",
    ]
    assert report.key_risks_and_issues.splitlines() == [
        "Slipped: Fee modelling report, due 29 May 2026 → 26 June 2026 (4 weeks)",
        "Missed: Consultation launched, due 16 February 2026",
    ]
    assert report.change_requests == "Raised: CR001: Extend the fee consultation (15 February 2026)"
    assert report.lessons == "Logged: Provider data came late (high priority)"
    assert report.work_planned == "Provider survey (Finance), due 20 March 2026"
    assert report.tolerance_status.splitlines() == [
        "Cost: forecast £0 of £10,000 — within tolerance",
        "Time: forecast 1 of 4 weeks — within tolerance",
    ]
    assert report.summary == (
        "1 February 2026 to 28 February 2026: 1 completed, 1 added to the plan, 1 slipped, 1 missed or overdue, "
        "1 change request raised, 1 lesson logged."
    )
    everything = "\n".join(getattr(report, s) for s in report.SECTIONS)
    for outside in ("Go live", "CR002", "A January lesson"):
        assert outside not in everything
    assert (report.time_rag, report.cost_rag, report.overall_rag) == ("amber", "green", "amber")
    assert report.status == "draft"
    assert report.history.first().history_user == leader


def test_a_time_tolerance_exceeded_makes_time_and_overall_red(history_project, leader):
    Tolerance.objects.filter(project=history_project, dimension="time").update(forecast=5)
    report = report_actions.draft_report(history_project, FEB_1, FEB_28, leader)
    assert (report.time_rag, report.overall_rag) == ("red", "red")
    assert "Time: forecast 5 of 4 weeks — forecast to exceed the tolerance" in report.tolerance_status


def test_drafting_again_refreshes_a_draft(history_project, leader):
    first = report_actions.draft_report(history_project, FEB_1, FEB_28, leader)
    first.summary = "My own words"
    first.scope_comment = "A comment the plan does not support"
    first.save()
    again = highlight.draft_report(history_project, FEB_1, FEB_28, leader)
    assert again.pk == first.pk
    assert again.summary.startswith("1 February 2026 to 28 February 2026")
    assert again.scope_comment == ""
    assert again.version == first.version + 1


def test_a_quiet_period_says_no_changes(history_project, leader):
    report = report_actions.draft_report(history_project, dt.date(2026, 1, 11), dt.date(2026, 1, 19), leader)
    assert report.summary == NO_CHANGES
    assert report.work_done == NO_CHANGES


def test_periods_must_be_in_order_and_in_the_past(project, leader):
    with pytest.raises(report_actions.GovernanceError, match="on or after"):
        report_actions.draft_report(project, FEB_28, FEB_1, leader)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(report_actions.GovernanceError, match="today or earlier"):
        report_actions.draft_report(project, FEB_1, tomorrow, leader)
