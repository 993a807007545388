"""Project forms submitted from the pages that render them, as the Project Leader (or the board member reading a
report) uses them: the project's details, the plan, tolerances, change requests, benefits, lessons, the end project
report, highlight and exception reports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import (
    Benefit,
    ChangeRequest,
    Deliverable,
    EndProjectReport,
    ExceptionReport,
    HighlightReport,
    Lesson,
    Project,
    Tolerance,
)
from tests.access.logs import board_records
from tests.forms.pressing import form_with, press

pytestmark = pytest.mark.django_db

LEADER = "project.leader"


@pytest.fixture
def hcrc(db):
    return Project.objects.get(slug="hcrc")


def url(name, *args):
    return reverse(f"projects:{name}", args=args)


def first_choice(field):
    """The first real option of a select (not its empty "Choose ..." one)."""
    return next(value for value, _selected, _text in field.options if value)


def test_the_project_leader_changes_the_projects_details(django_app, hcrc):
    form = form_with(django_app.get(url("project_edit", "hcrc"), user=LEADER), "Save")
    form["aim"] = "Redesign home care around community wellbeing."
    page = press(form, "Save").follow()
    assert "details are saved." in page.text
    hcrc.refresh_from_db()
    assert hcrc.aim == "Redesign home care around community wellbeing."


# ---------------------------------------------------------------------------------------------------------- the plan


def test_the_project_leader_adds_a_deliverable_and_changes_it_on_its_page_and_in_its_row(django_app, hcrc):
    form = form_with(django_app.get(url("deliverable_new", "hcrc"), user=LEADER), "Save")
    form["title"] = "Market position statement"
    form["workstream"] = first_choice(form["workstream"])
    form["phase"] = first_choice(form["phase"])
    form["due_on"] = "2026-11-30"
    page = press(form, "Save").follow()
    assert "“Market position statement” added to the plan." in page.text
    deliverable = Deliverable.objects.get(project=hcrc, title="Market position statement")

    form = form_with(django_app.get(url("deliverable_edit", deliverable.pk), user=LEADER), "Save")
    form["percent_complete"] = "40"
    page = press(form, "Save").follow()
    assert "“Market position statement” saved." in page.text

    row = django_app.get(url("deliverable_edit", deliverable.pk), user=LEADER, headers={"HX-Request": "true"})
    form = row.forms[0]
    form["percent_complete"] = "60"
    page = form.submit().follow()
    assert "“Market position statement” saved." in page.text
    deliverable.refresh_from_db()
    assert deliverable.percent_complete == 60


def test_the_project_leader_moves_a_deliverable_up_and_down_the_plan(django_app, hcrc):
    deliverable = Deliverable.objects.filter(project=hcrc).order_by("workstream", "position")[1]
    position = deliverable.position
    page = django_app.get(url("plan", "hcrc"), user=LEADER)
    press(form_with(page, f"Up {deliverable.title}"), "Up").follow()
    deliverable.refresh_from_db()
    assert deliverable.position < position
    page = django_app.get(url("plan", "hcrc"), user=LEADER)
    press(form_with(page, f"Down {deliverable.title}"), "Down").follow()
    deliverable.refresh_from_db()
    assert deliverable.position == position


# ------------------------------------------------------------------------------------------------------ tolerances


def test_the_project_leader_sets_a_tolerance_changes_it_and_updates_its_forecast(django_app, hcrc):
    form = form_with(django_app.get(url("tolerance_new", "hcrc"), user=LEADER), "Save")
    form["dimension"] = "time"
    form["limit"] = "20"
    form["unit"] = "working days"
    form["forecast"] = "5"
    page = press(form, "Save").follow()
    assert "tolerance saved." in page.text
    tolerance = Tolerance.objects.get(project=hcrc, dimension="time")

    form = form_with(django_app.get(url("tolerance_edit", "hcrc", tolerance.pk), user=LEADER), "Save")
    form["description"] = "The tender timetable"
    page = press(form, "Save").follow()
    assert "tolerance saved." in page.text

    form = form_with(page, "Update")
    form["forecast"] = "8"
    page = press(form, "Update").follow()
    assert "Forecast saved." in page.text
    tolerance.refresh_from_db()
    assert tolerance.forecast == 8


# ------------------------------------------------------------------------------------------------ change requests


def test_the_project_leader_raises_changes_and_records_the_boards_decision_on_a_change_request(django_app, hcrc):
    records = board_records()
    form = form_with(django_app.get(url("change_request_new", "hcrc"), user=LEADER), "Save")
    form["title"] = "Extend the tender by four weeks"
    form["description"] = "Providers asked for more time."
    page = press(form, "Save").follow()
    assert "raised." in page.text
    change = ChangeRequest.objects.get(project=hcrc, title="Extend the tender by four weeks")

    page = django_app.get(url("change_request_edit", "hcrc", change.pk), user=LEADER)
    form = form_with(page, "Save")
    form["recommendation"] = "Approve"
    form["status"] = "for_decision"
    page = press(form, "Save").follow()
    assert f"{change.reference} saved." in page.text

    form = form_with(django_app.get(url("change_request_edit", "hcrc", change.pk), user=LEADER), "Record the decision")
    form["decide-status"] = form["decide-status"].options[0][0]
    form["decide-decision"] = str(records["board_decision"].pk)
    page = press(form, "Record the decision").follow()
    assert f"{change.reference}:" in page.text
    change.refresh_from_db()
    assert change.decision == records["board_decision"]


# -------------------------------------------------------------------------------------------------------- benefits


def test_the_project_leader_adds_a_benefit_changes_it_and_records_a_measurement(django_app, hcrc):
    form = form_with(django_app.get(url("benefit_new", "hcrc"), user=LEADER), "Save")
    form["title"] = "More people supported at home"
    form["measure"] = "People receiving home care"
    form["baseline"] = "100"
    form["target"] = "150"
    page = press(form, "Save").follow()
    assert "Benefit “More people supported at home” added." in page.text
    benefit = Benefit.objects.get(project=hcrc, title="More people supported at home")

    form = form_with(page, "Record the measurement")
    form["measured_on"] = timezone.localdate().isoformat()
    form["value"] = "125"
    page = press(form, "Record the measurement").follow()
    assert "Measurement of 125" in page.text and "50% achieved" in page.text

    form = form_with(page, "Save")
    form["unit"] = "people"
    page = press(form, "Save").follow()
    assert "Benefit “More people supported at home” saved." in page.text
    benefit.refresh_from_db()
    assert benefit.unit == "people"


# --------------------------------------------------------------------------------------------------------- lessons


def test_the_project_leader_logs_a_lesson_and_changes_it(django_app, hcrc):
    form = form_with(django_app.get(url("lesson_new", "hcrc"), user=LEADER), "Save")
    form["event"] = "Providers needed the evaluation model earlier"
    form["recommendation"] = "Publish the model with the tender"
    page = press(form, "Save").follow()
    assert "Lesson saved." in page.text
    lesson = Lesson.objects.get(project=hcrc, event="Providers needed the evaluation model earlier")

    form = form_with(django_app.get(url("lesson_edit", "hcrc", lesson.pk), user=LEADER), "Save")
    form["effect"] = "Two providers did not bid"
    page = press(form, "Save").follow()
    assert "Lesson saved." in page.text
    lesson.refresh_from_db()
    assert lesson.effect == "Two providers did not bid"


# ---------------------------------------------------------------------------------------------- end project report


def test_the_project_leader_drafts_the_end_project_report_and_records_its_approval(django_app, hcrc):
    records = board_records()
    form = form_with(django_app.get(url("end_report", "hcrc"), user=LEADER), "Save the draft")
    form["performance_against_business_case"] = "Delivered within budget."
    page = press(form, "Save the draft").follow()
    assert "The end project report is saved." in page.text

    form = form_with(page, "Record the approval and close the project")
    form["decision"] = str(records["board_decision"].pk)
    form["closed_on"] = timezone.localdate().isoformat()
    page = press(form, "Record the approval and close the project").follow()
    assert "The end project report is approved" in page.text
    assert EndProjectReport.objects.get(project=hcrc).approval_decision == records["board_decision"]


# --------------------------------------------------------------------------------------------- highlight reports


def test_the_project_leader_drafts_edits_submits_returns_and_publishes_a_highlight_report(django_app, hcrc):
    HighlightReport.objects.filter(project=hcrc, status="draft").delete()
    form = form_with(django_app.get(url("report_list", "hcrc"), user=LEADER), "Draft from the plan")
    end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    form["period_start"] = end.replace(day=1).isoformat()
    form["period_end"] = end.isoformat()
    page = press(form, "Draft from the plan").follow()
    assert "Report drafted from the plan." in page.text
    report = HighlightReport.objects.filter(project=hcrc).order_by("-id").first()

    form = form_with(django_app.get(url("report_edit", report.pk), user=LEADER), "Save the draft")
    form["summary"] = "The tender is on track."
    page = press(form, "Save the draft").follow()
    assert "Report saved." in page.text

    page = press(page, "Submit for review").follow()
    assert "Report submitted." in page.text
    page = press(page, "Return to draft").follow()
    assert "Report returned to draft." in page.text
    page = press(press(page, "Submit for review").follow(), "Publish to the Project Board").follow()
    report.refresh_from_db()
    assert report.status == "published"
    assert "published" in page.text.lower()


def test_a_board_member_marks_a_report_read_comments_and_the_leader_replies(django_app, hcrc):
    report = HighlightReport.objects.filter(project=hcrc, status="published").first()
    page = press(django_app.get(url("report_detail", report.pk), user="chair"), "Mark as read").follow()
    assert "Marked as read." in page.text

    form = form_with(page, "Post")
    form["text"] = "Is the tender still closing on 30 April?"
    form["is_question"] = True
    page = press(form, "Post").follow()
    assert "Question asked." in page.text

    form = form_with(django_app.get(url("report_detail", report.pk), user=LEADER), "Reply")
    form["text"] = "Yes, on 30 April."
    page = press(form, "Reply").follow()
    assert "Reply added." in page.text
    assert report.comments.filter(text="Yes, on 30 April.", parent__isnull=False).exists()


# --------------------------------------------------------------------------------------------- exception reports


def test_the_project_leader_edits_submits_returns_and_publishes_an_exception_report(django_app, hcrc):
    tolerance = Tolerance.objects.create(project=hcrc, dimension="cost", limit=1000, unit="£", forecast=0)
    page = django_app.get(url("tolerances", "hcrc"), user=LEADER)
    form = form_with(page, "Update")
    form["forecast"] = "5000"
    page = press(form, "Update").follow()
    assert "an exception report has been drafted" in page.text
    report = ExceptionReport.objects.filter(project=hcrc).order_by("-id").first()
    assert report is not None

    form = form_with(django_app.get(url("exception_edit", report.pk), user=LEADER), "Save the draft")
    form["options"] = "Reduce the scope, or ask for more money."
    page = press(form, "Save the draft").follow()
    assert "Exception report saved." in page.text

    page = press(page, "Submit for review").follow()
    assert "Exception report submitted." in page.text
    page = press(page, "Return to draft").follow()
    assert "Exception report returned to draft." in page.text
    page = press(press(page, "Submit for review").follow(), "Publish to the Project Board").follow()
    assert "Exception report published." in page.text
    report.refresh_from_db()
    assert report.status == "published"
    assert tolerance.pk
