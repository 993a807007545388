"""Governance forms submitted from the pages that render them, as the person who uses each one: bodies, people,
seats, terms of reference, meetings, agendas and their approval, items, decisions, minutes, packs, logs."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions
from governance.models import (
    AgendaStatus,
    Body,
    Decision,
    DecisionReport,
    Meeting,
    Membership,
    MinutesStatus,
    Person,
    ToRStatus,
)
from tests.access.logs import attend, board_records
from tests.forms.pressing import form_with, press

pytestmark = pytest.mark.django_db

ADMIN = "admin.staff"


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def meeting(project_board):
    """A Project Board meeting eight weeks ahead (clear of the seeded ones), its agenda started."""
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(
        project_board, day, day + dt.timedelta(days=6), dt.time(10), user(ADMIN)
    )[0]
    meeting_actions.ensure_agenda(meeting, user(ADMIN))
    return meeting


def agenda_of(meeting):
    return meeting.agendas.get(supplement=0)


@pytest.fixture
def item(meeting):
    return meeting_actions.add_item(
        agenda_of(meeting), user(ADMIN), title="Home care tender: evaluation model", purpose="decision"
    )


# ------------------------------------------------------------------------------------------ bodies, people, seats


def test_admin_staff_add_a_body(django_app):
    page = django_app.get(reverse("governance:body_new"), user=ADMIN)
    form = form_with(page, "Save")
    form["name"] = "Market Shaping Group"
    form["kind"] = form["kind"].options[-1][0]
    form["slug"] = "market-shaping-group"
    form["purpose"] = "Shapes the home care market."
    page = press(form, "Save").follow()
    assert "Market Shaping Group added." in page.text
    assert Body.objects.filter(slug="market-shaping-group").exists()


def test_admin_staff_change_a_body(django_app):
    page = django_app.get(reverse("governance:body_edit", args=["strategic-group"]), user=ADMIN)
    form = form_with(page, "Save")
    form["short_name"] = "Strategic"
    page = press(form, "Save").follow()
    assert "saved." in page.text
    assert Body.objects.get(slug="strategic-group").short_name == "Strategic"


def test_admin_staff_add_a_person(django_app):
    page = django_app.get(reverse("governance:person_new"), user=ADMIN)
    form = form_with(page, "Save")
    form["name"] = "Priya Shah"
    form["title"] = "Commissioning Officer"
    page = press(form, "Save").follow()
    assert "Priya Shah added." in page.text
    assert Person.objects.filter(name="Priya Shah").exists()


def test_admin_staff_change_a_person(django_app, people):
    person = people["Mark Phillott"]
    page = django_app.get(reverse("governance:person_edit", args=[person.pk]), user=ADMIN)
    form = form_with(page, "Save")
    form["title"] = "Commissioning Manager (Home Care)"
    page = press(form, "Save").follow()
    assert "Mark Phillott saved." in page.text
    person.refresh_from_db()
    assert person.title == "Commissioning Manager (Home Care)"


def test_admin_staff_add_a_seat(django_app, strategic_group):
    before = Membership.objects.filter(body=strategic_group).count()
    page = django_app.get(reverse("governance:membership_new", args=["strategic-group"]), user=ADMIN)
    form = form_with(page, "Save")
    form["seat_label"] = "Service user representative (to be confirmed)"
    form["start_date"] = "2026-01-05"
    page = press(form, "Save").follow()
    assert "Seat added." in page.text
    assert Membership.objects.filter(body=strategic_group).count() == before + 1


def test_admin_staff_change_a_seat(django_app, strategic_group):
    membership = Membership.objects.filter(body=strategic_group, person__isnull=False).first()
    page = django_app.get(reverse("governance:membership_edit", args=[membership.pk]), user=ADMIN)
    form = form_with(page, "Save")
    form["responsibility"] = "Speaks for providers of home care"
    page = press(form, "Save").follow()
    assert "Seat saved." in page.text
    membership.refresh_from_db()
    assert membership.responsibility == "Speaks for providers of home care"


# ------------------------------------------------------------------------------------------- terms of reference


def test_admin_staff_start_edit_and_approve_a_new_version_of_the_terms_of_reference(django_app, strategic_group):
    page = django_app.get(reverse("governance:body_detail", args=["strategic-group"]), user=ADMIN)
    page = press(page, "Start a new version from the latest").follow()
    assert "started from the version in force" in page.text
    draft = strategic_group.host.terms_of_reference.order_by("-id").first()

    form = form_with(page, "Save draft")
    form["description_of_changes"] = "Quorum reviewed after six months"
    page = press(form, "Save draft").follow()
    assert f"Version {draft.version} saved." in page.text

    form = form_with(page, "Make final")
    form["approved_by"] = "Strategic Group"
    form["approved_on"] = timezone.localdate().isoformat()
    page = press(form, "Make final").follow()
    assert f"Version {draft.version} is now final." in page.text
    draft.refresh_from_db()
    assert draft.status == ToRStatus.FINAL


# ------------------------------------------------------------------------------------------------------ meetings


def test_admin_staff_schedule_meetings_on_the_cycle(django_app, strategic_group):
    before = Meeting.objects.filter(body=strategic_group).count()
    page = django_app.get(reverse("governance:body_meetings", args=["strategic-group"]), user=ADMIN)
    form = form_with(page, "Schedule meetings")
    form["first_day"] = "2027-06-07"
    form["last_day"] = "2027-08-31"
    form["venue"] = "Civic Hall"
    page = press(form, "Schedule meetings").follow()
    assert "meetings scheduled." in page.text
    assert Meeting.objects.filter(body=strategic_group).count() > before


def test_admin_staff_call_an_extraordinary_meeting(django_app, project_board):
    before = Meeting.objects.filter(body=project_board).count()
    page = django_app.get(reverse("governance:extraordinary_new", args=["project-board"]), user=ADMIN)
    form = form_with(page, "Save")
    day = timezone.localdate() + dt.timedelta(days=12)
    form["starts_at"] = f"{day.isoformat()}T14:00"
    form["notice_given_on"] = timezone.localdate().isoformat()
    form["called_by_chair"] = True
    page = press(form, "Save").follow()
    assert Meeting.objects.filter(body=project_board).count() == before + 1
    assert "Extraordinary" in page.text or "extraordinary" in page.text


def test_admin_staff_change_a_meeting(django_app, meeting):
    page = django_app.get(reverse("governance:meeting_edit", args=[meeting.pk]), user=ADMIN)
    form = form_with(page, "Save")
    form["venue"] = "Committee Room 6, Civic Hall"
    page = press(form, "Save").follow()
    assert "Meeting changed." in page.text
    meeting.refresh_from_db()
    assert meeting.venue == "Committee Room 6, Civic Hall"


def test_admin_staff_cancel_a_meeting(django_app, meeting):
    page = django_app.get(reverse("governance:meeting_detail", args=[meeting.pk]), user=ADMIN)
    form = form_with(page, "Cancel the meeting")
    form["reason"] = "Not enough business"
    page = press(form, "Cancel the meeting").follow()
    assert "Meeting cancelled." in page.text
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_admin_staff_start_the_agenda_and_a_supplementary_agenda(django_app, project_board):
    day = timezone.localdate() + dt.timedelta(weeks=9)
    meeting = meeting_actions.schedule_meetings(
        project_board, day, day + dt.timedelta(days=6), dt.time(10), user(ADMIN)
    )[0]
    page = django_app.get(reverse("governance:meeting_detail", args=[meeting.pk]), user=ADMIN)
    page = press(page, "Start the agenda with the standing items").follow()
    assert "Agenda started with the standing items." in page.text
    assert agenda_of(meeting).items.exists()
    agenda = agenda_of(meeting)
    meeting_actions.submit_agenda(agenda, user(ADMIN))
    meeting_actions.approve_agenda(agenda, user("project.executive"), "")
    meeting_actions.approve_agenda(agenda, user("chair"), "")
    meeting_actions.issue_agenda(agenda, user(ADMIN), "Urgent")
    page = django_app.get(reverse("governance:meeting_detail", args=[meeting.pk]), user=ADMIN)
    page = press(page, "Add a supplementary agenda for late items").follow()
    assert "Supplementary agenda started." in page.text
    assert meeting.agendas.filter(supplement=1).exists()


def test_an_agenda_goes_from_draft_through_approval_to_issue_by_its_forms(django_app, meeting, item):
    agenda = agenda_of(meeting)
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    page = press(django_app.get(url, user=ADMIN), "Send for approval").follow()
    assert "Sent for approval." in page.text

    # The Project Executive returns it with a comment; it goes back to draft and round again.
    form = form_with(django_app.get(url, user="project.executive"), "Return with comments")
    form["comment"] = "Add the tender evaluation paper"
    page = press(form, "Return with comments").follow()
    assert "Returned with your comments." in page.text
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.DRAFT
    press(django_app.get(url, user=ADMIN), "Send for approval")

    for approver in ("project.executive", "chair"):
        page = press(django_app.get(url, user=approver), "Approve as").follow()
        assert "Approved." in page.text
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.APPROVED

    # Admin staff may send it back to draft before issue, or issue it.
    page = press(django_app.get(url, user=ADMIN), "Return to draft").follow()
    assert "Returned with your comments." in page.text
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.DRAFT
    meeting_actions.submit_agenda(agenda, user(ADMIN))
    meeting_actions.approve_agenda(agenda, user("project.executive"), "")
    meeting_actions.approve_agenda(agenda, user("chair"), "")
    form = form_with(django_app.get(url, user=ADMIN), "Issue and email the agenda")
    form["late_reason"] = "Tender timetable"
    page = press(form, "Issue and email the agenda").follow()
    assert "Issued." in page.text
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.ISSUED


def test_the_project_leader_adds_moves_and_changes_items(django_app, meeting, item):
    agenda = agenda_of(meeting)
    page = django_app.get(reverse("governance:item_new", args=[agenda.pk]), user="project.leader")
    form = form_with(page, "Save")
    form["title"] = "Market position statement"
    form["purpose"] = "discussion"
    page = press(form, "Save").follow()
    assert "Item added." in page.text
    added = agenda.items.get(title="Market position statement")

    position = added.position
    page = press(form_with(page, f"Up item {position}"), "Up").follow()
    added.refresh_from_db()
    assert added.position == position - 1
    press(form_with(page, f"Down item {added.position}"), "Down").follow()
    added.refresh_from_db()
    assert added.position == position

    page = django_app.get(reverse("governance:item_edit", args=[item.pk]), user="project.leader")
    form = form_with(page, "Save")
    form["presenter"] = "Georgia Young"
    page = press(form, "Save").follow()
    assert "Item saved." in page.text
    item.refresh_from_db()
    assert item.presenter == "Georgia Young"

    # The row's own form, as htmx puts it in the table, also works as a plain form.
    row = django_app.get(
        reverse("governance:item_edit", args=[item.pk]), user="project.leader", headers={"HX-Request": "true"}
    )
    form = form_with(row, f"Save item {item.number}")
    form["minutes_allowed"] = "25"
    page = press(form, f"Save item {item.number}").follow()
    assert "Item saved." in page.text
    item.refresh_from_db()
    assert item.minutes_allowed == 25


# ------------------------------------------------------------------------------------- recording at an item


def test_admin_staff_record_a_decision_an_action_and_a_declaration_at_an_item(django_app, meeting, item, people):
    attend(meeting, ["Mick Ward", "John Crowther", "Liz Ward", "Mark Phillott"])
    url = reverse("governance:item_detail", args=[item.pk])

    form = form_with(django_app.get(url, user=ADMIN), "Record the declaration")
    form["person"].select(text="Mark Phillott")
    form["interest_kind"] = "other_registrable"
    form["interest"] = "A trustee of a home care provider"
    page = press(form, "Record the declaration").follow()
    assert "Declaration recorded." in page.text

    form = form_with(page, "Record the action")
    form["description"] = "Circulate the evaluation model"
    form["owner"].select(text=form["owner"].options[1][2])
    form["due_on"] = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    page = press(form, "Record the action").follow()
    assert "Action recorded." in page.text
    assert item.actions.filter(description="Circulate the evaluation model").exists()

    form = form_with(page, "Record the decision")
    form["text"] = "The evaluation model is agreed."
    page = press(form, "Record the decision").follow()
    assert "Decision recorded." in page.text
    assert Decision.objects.filter(item=item, text="The evaluation model is agreed.").exists()


@pytest.mark.parametrize(("button", "said"), [("Defer", "Deferred."), ("Refer to the", "Referred.")])
def test_admin_staff_defer_or_refer_an_item(django_app, meeting, item, button, said):
    form = form_with(django_app.get(reverse("governance:item_detail", args=[item.pk]), user=ADMIN), button)
    form["text"] = "Needs the Adult Commissioning Board's view."
    page = press(form, button).follow()
    assert said in page.text
    assert item.decisions.exists()


# ------------------------------------------------------------------------------------------------------- minutes


def held_board_meeting():
    board = Body.objects.get(slug="project-board")
    day = timezone.localdate() - dt.timedelta(weeks=20)
    meeting = meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), user(ADMIN))[0]
    meeting_actions.ensure_agenda(meeting, user(ADMIN))
    for name in ("Mick Ward", "John Crowther", "Liz Ward"):
        meeting_actions.record_attendance(meeting, Person.objects.get(name=name), "present", user(ADMIN))
    return meeting


def test_the_minutes_are_started_noted_read_approved_circulated_and_corrected_by_their_forms(django_app):
    meeting = held_board_meeting()
    url = reverse("governance:minutes", args=[meeting.pk])
    page = press(django_app.get(url, user=ADMIN), "Start the minutes").follow()
    assert "Minutes started." in page.text

    form = form_with(page, "Save note")
    form["discussion"] = "Risks discussed."
    page = press(form, "Save note").follow()
    assert "saved." in page.text
    minutes = meeting_actions.current_minutes(meeting)
    assert minutes.notes.filter(discussion="Risks discussed.").exists()

    for friend in ("project.leader", "project.executive"):
        page = press(django_app.get(url, user=friend), "I have read these minutes").follow()
        assert "Marked as read." in page.text
    page = press(django_app.get(url, user="chair"), "Approve as an accurate record").follow()
    assert "Approved. The minutes can no longer be edited." in page.text
    page = press(django_app.get(url, user=ADMIN), "Circulate the minutes").follow()
    assert "Circulated." in page.text
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED

    form = form_with(django_app.get(url, user=ADMIN), "Start a correction")
    form["reason"] = "Wrong attendee listed"
    page = press(form, "Start a correction").follow()
    assert "Correction started as a new version." in page.text
    assert meeting_actions.current_minutes(meeting).correction_reason == "Wrong attendee listed"


def test_admin_staff_send_the_strategic_groups_minutes_to_the_chair(django_app, strategic_group):
    day = timezone.localdate() - dt.timedelta(weeks=20)
    meeting = meeting_actions.schedule_meetings(
        strategic_group, day, day + dt.timedelta(days=6), dt.time(14), user(ADMIN)
    )[0]
    meeting_actions.ensure_agenda(meeting, user(ADMIN))
    minutes = meeting_actions.start_minutes(meeting, user(ADMIN))
    page = press(django_app.get(reverse("governance:minutes", args=[meeting.pk]), user=ADMIN), "Send to the Chair")
    assert "Sent to the Chair." in page.follow().text
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.REVIEWED


# ------------------------------------------------------------------------------- action log and matters by exception


def test_admin_staff_update_an_action_from_the_action_log(django_app):
    action = board_records()["board_action"]
    form = form_with(django_app.get(reverse("governance:action_edit", args=[action.pk]), user=ADMIN), "Save the update")
    form["status"] = "done"
    form["update"] = "Circulated on the providers' portal"
    form["done_on"] = timezone.localdate().isoformat()
    page = press(form, "Save the update").follow()
    assert "Action updated: done." in page.text
    action.refresh_from_db()
    assert action.status == "done"


def test_a_matter_is_put_to_the_members_and_a_member_responds(django_app):
    page = django_app.get(reverse("governance:exception_list", args=["project-board"]), user=ADMIN)
    form = form_with(page, "Put the matter to the members")
    form["category"] = form["category"].options[0][0]
    form["question"] = "May we confirm to the press that the tender closes on 30 April?"
    form["respond_by"] = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    page = press(form, "Put the matter to the members").follow()
    assert "The matter has been put to the members." in page.text

    form = form_with(django_app.get(page.request.path, user="chair"), "Send your response")
    form["response"] = form["response"].options[0][0]
    form["comment"] = "Yes"
    page = press(form, "Send your response").follow()
    assert "Your response is recorded." in page.text


# ---------------------------------------------------------------------------------------------- calendar and packs


def test_a_member_replaces_their_calendar_address(django_app):
    person = Person.objects.get(user__username="chair")
    before = person.calendar_token if hasattr(person, "calendar_token") else None
    page = press(django_app.get(reverse("governance:my_calendar"), user="chair"), "Replace my calendar address")
    assert "Your calendar link has been replaced." in page.follow().text
    person.refresh_from_db()
    assert before is None or person.calendar_token != before


@pytest.mark.parametrize("variant", ["public", "private"])
def test_admin_staff_build_a_meetings_pack(django_app, meeting, variant):
    page = django_app.get(reverse("governance:meeting_packs", args=[meeting.pk]), user=ADMIN)
    page = press(page, f"Build the {variant} pack")
    assert page.status_int == 302 and "/packs/" in page.location
    assert meeting.packs.order_by("-id").first().variant == variant
    assert variant in page.follow().text.lower()


# --------------------------------------------------------------------------------------- officer decision reports


def test_the_project_leader_starts_a_decision_report(django_app):
    from governance import seed_reports

    form = form_with(django_app.get(reverse("governance:decision_report_new"), user="project.leader"), "Start")
    form["subject"] = "Extend the reablement pilot"
    form["report_of"] = "Director of Integrated Commissioning"
    form["report_to"] = "Director of Adults and Health"
    form["decision_type"] = "significant_operational"
    form["signing_director"] = str(user(seed_reports.SIGNING_DIRECTOR).pk)
    form["decision_maker"] = str(user(seed_reports.DECISION_MAKER).pk)
    page = press(form, "Start the report").follow()
    assert "Report started." in page.text
    assert DecisionReport.objects.filter(subject="Extend the reablement pilot").exists()


def test_a_decision_report_is_written_sent_returned_signed_off_decided_published_and_corrected(django_app):
    from governance import seed_reports
    from tests.governance.test_decision_reports import RECORD, draft

    director, decider = user(seed_reports.SIGNING_DIRECTOR), user(seed_reports.DECISION_MAKER)
    report = draft(user("project.leader"), director, decider)
    detail = reverse("governance:decision_report", args=[report.pk])

    form = form_with(
        django_app.get(reverse("governance:decision_report_edit", args=[report.pk]), user="project.leader"),
        "Save the draft",
    )
    form["purpose"] = "1.1 This report seeks to extend the pilot."
    page = press(form, "Save the draft").follow()
    assert "Report saved." in page.text

    page = press(django_app.get(detail, user="project.leader"), "Send to the Director for sign-off").follow()
    assert "Sent to the Director for sign-off." in page.text
    form = form_with(django_app.get(detail, user=director.username), "Return to the author")
    form["comment"] = "Add the equality screening"
    page = press(form, "Return to the author").follow()
    assert "Returned to the author with your comment." in page.text

    press(django_app.get(detail, user="project.leader"), "Send to the Director for sign-off")
    page = press(django_app.get(detail, user=director.username), "Sign off the report").follow()
    assert "Signed off." in page.text

    form = form_with(
        django_app.get(reverse("governance:decision_report_decide", args=[report.pk]), user=decider.username),
        "Record the decision",
    )
    for name, value in RECORD.items():
        if name in form.fields:
            form[name] = value.isoformat() if hasattr(value, "isoformat") else value
    page = press(form, "Record the decision").follow()
    assert "Decision recorded." in page.text

    page = press(django_app.get(detail, user=ADMIN), "Publish the decision").follow()
    assert "Published. The decision is on the public site." in page.text

    form = form_with(django_app.get(detail, user=ADMIN), "Start a correction")
    form["reason"] = "The wrong ward was listed"
    page = press(form, "Start a correction").follow()
    assert "Correction started as version 2." in page.text


def test_the_author_uploads_and_removes_an_appendix_and_builds_the_approval_pack(django_app):
    from webtest import Upload

    from governance import seed_reports
    from tests.governance.test_decision_reports import draft, pdf_bytes

    report = draft(user("project.leader"), user(seed_reports.SIGNING_DIRECTOR), user(seed_reports.DECISION_MAKER))
    detail = reverse("governance:decision_report", args=[report.pk])
    form = form_with(django_app.get(detail, user="project.leader"), "Upload the appendix")
    form["title"] = "Equality impact assessment"
    form["file"] = Upload("eia.pdf", pdf_bytes(), "application/pdf")
    page = press(form, "Upload the appendix").follow()
    assert "Appendix 1 added." in page.text
    assert report.appendices.count() == 1

    page = press(form_with(page, "Remove"), "Remove").follow()
    assert "Appendix 1 removed." in page.text
    assert report.appendices.count() == 0

    page = press(django_app.get(detail, user="project.leader"), "Build the approval pack")
    assert "/packs/" in page.location
    assert report.packs.exists()
