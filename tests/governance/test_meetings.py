"""Meetings through their pages: scheduling on the cycle, the agenda and its approval chain, issue on time or late,
attendance and per-item quorum, decisions blocked when inquorate, referral up, and the minutes workflow."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions
from governance.actions import GovernanceError
from governance.calendar import default_calendar
from governance.models import (
    AgendaStatus,
    Attendance,
    Decision,
    Meeting,
    MeetingKind,
    Membership,
    MinutesStatus,
    Person,
)
from tests.access.logs import attend

User = get_user_model()


def user(name):
    return User.objects.get(username=name)


@pytest.fixture
def admin(db):
    return user("admin.staff")


@pytest.fixture
def board_meeting(project_board, admin):
    """A Project Board meeting eight weeks ahead (clear of the seeded next meeting), with its agenda started."""
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(project_board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    meeting_actions.ensure_agenda(meeting, admin)
    return meeting


def _agenda(meeting):
    return meeting.agendas.get(supplement=0)


# --------------------------------------------------------------------------------------------------- scheduling


@pytest.mark.django_db
def test_meetings_are_scheduled_on_the_tor_cycle_and_skip_bank_holidays(as_persona, strategic_group):
    client = as_persona("admin_staff")
    before = set(Meeting.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("governance:body_meetings", args=["strategic-group"]),
        {"first_day": "2026-11-02", "last_day": "2027-03-31", "start_time": "10:00", "venue": "Civic Hall"},
    )
    assert response.status_code == 302
    created = Meeting.objects.filter(body=strategic_group).exclude(pk__in=before).order_by("starts_at")
    days = [m.date for m in created]
    # Every 6 weeks from Monday 2 November 2026.
    assert days == [dt.date(2026, 11, 2), dt.date(2026, 12, 14), dt.date(2027, 1, 25), dt.date(2027, 3, 8)]
    first = Meeting.objects.filter(body=strategic_group).order_by("starts_at").first()
    assert (first.ends_at - first.starts_at) == dt.timedelta(hours=2)  # ToR 3.12: 2 hours
    # Running it again creates nothing new.
    client.post(
        reverse("governance:body_meetings", args=["strategic-group"]),
        {"first_day": "2026-11-02", "last_day": "2027-03-31", "start_time": "10:00"},
    )
    assert Meeting.objects.exclude(pk__in=before).count() == len(days)


@pytest.mark.django_db
def test_a_cycle_date_on_a_bank_holiday_moves_to_the_next_working_day(project_board, admin):
    # 16 November 2026 + 6 weeks = Monday 28 December 2026, the substitute day for Boxing Day.
    meetings = meeting_actions.schedule_meetings(
        project_board, dt.date(2026, 11, 16), dt.date(2026, 12, 31), dt.time(10), admin
    )
    assert [m.date for m in meetings] == [dt.date(2026, 11, 16), dt.date(2026, 12, 29)]
    assert meetings[0].ends_at - meetings[0].starts_at == dt.timedelta(minutes=150)  # 2.5 hours


@pytest.mark.django_db
def test_scheduling_with_the_dates_the_wrong_way_round_is_explained(as_persona):
    response = as_persona("admin_staff").post(
        reverse("governance:body_meetings", args=["strategic-group"]),
        {"first_day": "2027-01-01", "last_day": "2026-01-01", "start_time": "10:00"},
    )
    assert response.status_code == 200
    assert "The last date must be on or after the first date." in response.content.decode()


@pytest.mark.django_db
def test_an_extraordinary_meeting_needs_the_chair_or_four_members(project_board, admin, people):
    starts = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(GovernanceError, match="at least 4 members"):
        meeting_actions.call_extraordinary_meeting(
            project_board, starts, admin, timezone.localdate(), callers=[people["Mark Phillott"], people["Liz Ward"]]
        )
    callers = [people[n] for n in ("Mark Phillott", "Liz Ward", "Kim Maslyn", "Tony Bailey")]
    meeting = meeting_actions.call_extraordinary_meeting(
        project_board, starts, admin, timezone.localdate(), callers=callers
    )
    assert meeting.kind == MeetingKind.EXTRAORDINARY and meeting.called_by.count() == 4
    assert meeting_actions.notice_note(meeting) == "3 days' notice"
    # In-attendance officers are not members who can call one.
    officers = [people[n] for n in ("Georgia Young", "Kuldeep Bajwa", "Lizzie Whewell", "Hilary Paxton")]
    with pytest.raises(GovernanceError):
        meeting_actions.call_extraordinary_meeting(project_board, starts, admin, timezone.localdate(), callers=officers)


@pytest.mark.django_db
def test_an_extraordinary_meeting_needs_at_least_a_days_notice(project_board, admin):
    # Later the same day, whatever the time the test runs (notice is counted in days).
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(23, 59)))
    with pytest.raises(GovernanceError, match="one day's notice"):
        meeting_actions.call_extraordinary_meeting(
            project_board, starts, admin, timezone.localdate(), called_by_chair=True
        )


@pytest.mark.django_db
def test_changing_a_meeting_bumps_its_calendar_sequence_and_a_stale_change_is_refused(as_persona, board_meeting):
    client = as_persona("admin_staff")
    url = reverse("governance:meeting_edit", args=[board_meeting.pk])
    form = client.get(url).context["form"]
    data = {
        "starts_at": board_meeting.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": board_meeting.ends_at.strftime("%Y-%m-%dT%H:%M"),
        "venue": "Merrion House",
        "online_link": "",
        "edit_token": form.initial["edit_token"],
    }
    assert client.post(url, data).status_code == 302
    board_meeting.refresh_from_db()
    assert (board_meeting.venue, board_meeting.sequence) == ("Merrion House", 1)
    data["venue"] = "Somewhere else"  # the same, now stale, token
    response = client.post(url, data)
    assert "changed by someone else" in response.content.decode()
    board_meeting.refresh_from_db()
    assert board_meeting.venue == "Merrion House"


# ----------------------------------------------------------------------------------------------------------- agenda


@pytest.mark.django_db
def test_the_project_board_agenda_starts_with_the_standing_items(board_meeting):
    titles = list(_agenda(board_meeting).items.values_list("title", flat=True))
    assert titles == [
        "Apologies and deputies",
        "Declarations of interest",
        "Minutes of the last meeting",
        "Action log",
        "Highlight report",
        "All issues and red risks",
    ]


@pytest.mark.django_db
def test_the_approval_chain_runs_in_the_tors_order(as_persona, board_meeting):
    agenda = _agenda(board_meeting)
    submit = reverse("governance:agenda_action", args=[agenda.pk, "submit"])
    approve = reverse("governance:agenda_action", args=[agenda.pk, "approve"])
    # A board member cannot send it for approval.
    assert as_persona("chair").post(submit).status_code == 302
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.DRAFT
    as_persona("project_leader").post(submit)
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.AWAITING_APPROVAL
    # The Sponsor cannot approve before the Project Executive.
    response = as_persona("chair").post(approve, follow=True)
    assert "This step is for Michelle Atkinson (Project Executive)" in response.content.decode()
    as_persona("project_executive").post(approve)
    agenda.refresh_from_db()
    assert (agenda.status, agenda.step) == (AgendaStatus.AWAITING_APPROVAL, 1)
    # The Project Executive cannot approve twice (the next step is the Sponsor's).
    as_persona("project_executive").post(approve)
    agenda.refresh_from_db()
    assert agenda.step == 1
    as_persona("chair").post(approve)
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.APPROVED
    trail = [(a.decision, a.role) for a in agenda.approvals.all()]
    assert trail == [("submitted", "Drafter"), ("approved", "Project Executive"), ("approved", "Project Sponsor")]


@pytest.mark.django_db
def test_an_approver_returns_the_agenda_with_a_comment(as_persona, board_meeting, admin):
    agenda = _agenda(board_meeting)
    meeting_actions.submit_agenda(agenda, admin)
    url = reverse("governance:agenda_action", args=[agenda.pk, "return"])
    response = as_persona("project_executive").post(url, {"comment": ""}, follow=True)
    assert "Say what needs changing" in response.content.decode()
    as_persona("project_executive").post(url, {"comment": "Add the finance update"})
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.DRAFT
    assert agenda.approvals.last().comment == "Add the finance update"


@pytest.mark.django_db
def test_a_recorded_delegate_approves_for_the_sponsor(board_meeting, admin, people, project_board):
    from governance.models import Delegation

    agenda = _agenda(board_meeting)
    meeting_actions.submit_agenda(agenda, admin)
    meeting_actions.approve_agenda(agenda, user("project.executive"))
    mark = people["Mark Phillott"]
    mark.user = User.objects.create(username="mark")
    mark.save()
    with pytest.raises(GovernanceError):
        meeting_actions.approve_agenda(agenda, mark.user)
    Delegation.objects.create(
        body=project_board,
        principal=people["Mick Ward"],
        delegate=mark,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=7),
    )
    meeting_actions.approve_agenda(agenda, mark.user)
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.APPROVED
    assert agenda.approvals.last().on_behalf_of == people["Mick Ward"]


@pytest.mark.django_db
def test_issuing_after_the_deadline_needs_the_reason_and_it_reaches_the_minutes(project_board, admin, people):
    day = timezone.localdate() + dt.timedelta(days=2)
    meeting = meeting_actions.call_extraordinary_meeting(
        project_board,
        timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
        admin,
        timezone.localdate(),
        called_by_chair=True,
    )
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    meeting_actions.submit_agenda(agenda, admin)
    meeting_actions.approve_agenda(agenda, user("project.executive"))
    meeting_actions.approve_agenda(agenda, user("chair"))
    with pytest.raises(GovernanceError, match="special circumstances of urgency"):
        meeting_actions.issue_agenda(agenda, admin)
    with pytest.raises(GovernanceError):  # only admin staff issue
        meeting_actions.issue_agenda(agenda, user("chair"), late_reason="Urgent")
    meeting_actions.issue_agenda(agenda, admin, late_reason="Media enquiry needs a decision this week")
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.ISSUED and agenda.late_reason
    minutes = meeting_actions.start_minutes(meeting, admin)
    assert minutes.late_issue_reason == "Media enquiry needs a decision this week"


@pytest.mark.django_db
def test_issuing_emails_the_members_without_exempt_content(project_board, admin, django_capture_on_commit_callbacks):
    mick = Person.objects.get(name="Mick Ward")
    mick.email = "mick.ward@example.org"
    mick.save()
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(project_board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    meeting_actions.add_item(
        agenda,
        admin,
        title="SECRET-TITLE contract price",
        exempt_paragraph=3,
        public_interest_reason="Commercially sensitive",
    )
    meeting_actions.submit_agenda(agenda, admin)
    meeting_actions.approve_agenda(agenda, user("project.executive"))
    meeting_actions.approve_agenda(agenda, user("chair"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.issue_agenda(agenda, admin)
    # One email per member, so that nobody sees another's address.
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = next(m for m in mail.outbox if m.to == ["mick.ward@example.org"])
    assert "Highlight report" in message.body
    assert "SECRET-TITLE" not in message.body and "paragraph 3" in message.body


@pytest.mark.django_db
def test_items_are_added_reordered_and_removed_only_while_draft(as_persona, board_meeting, admin):
    agenda = _agenda(board_meeting)
    client = as_persona("project_leader")
    response = client.post(
        reverse("governance:item_new", args=[agenda.pk]),
        {"title": "Options appraisal", "purpose": "decision", "presenter": "Georgia Young"},
    )
    assert response.status_code == 302
    item = agenda.items.get(title="Options appraisal")
    assert item.position == 7
    client.post(reverse("governance:item_move", args=[item.pk]), {"direction": "up"})
    item.refresh_from_db()
    assert item.position == 6
    response = client.post(reverse("governance:item_move", args=[item.pk]), {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Options appraisal" in response.content.decode()
    meeting_actions.submit_agenda(agenda, admin)
    response = client.post(reverse("governance:item_remove", args=[item.pk]), follow=True)
    assert "can only be changed while it is a draft" in response.content.decode()
    assert agenda.items.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_an_exempt_item_needs_the_public_interest_reason(as_persona, board_meeting):
    agenda = _agenda(board_meeting)
    response = as_persona("admin_staff").post(
        reverse("governance:item_new", args=[agenda.pk]),
        {"title": "Fee model", "purpose": "decision", "exempt_paragraph": 3},
    )
    assert response.status_code == 200
    assert "public interest" in response.content.decode()


@pytest.mark.django_db
def test_a_paper_must_be_a_real_pdf_and_is_served_only_to_members(as_persona, board_meeting, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    agenda = _agenda(board_meeting)
    client = as_persona("admin_staff")
    fake = SimpleUploadedFile("paper.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        reverse("governance:item_new", args=[agenda.pk]), {"title": "Report", "purpose": "information", "paper": fake}
    )
    assert "must be a PDF" in response.content.decode()
    damaged = SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("governance:item_new", args=[agenda.pk]),
        {"title": "Report", "purpose": "information", "paper": damaged},
    )
    assert "damaged PDF" in response.content.decode()
    real = SimpleUploadedFile("paper.pdf", _one_page_pdf(), content_type="application/pdf")
    client.post(
        reverse("governance:item_new", args=[agenda.pk]), {"title": "Report", "purpose": "information", "paper": real}
    )
    item = agenda.items.get(title="Report")
    url = reverse("governance:item_paper", args=[item.pk])
    assert as_persona("chair").get(url).status_code == 200
    assert as_persona("councillor").get(url).status_code == 404


def _one_page_pdf():
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------------ in the meeting


def _attend(meeting, admin, *names, **kwargs):
    for name in names:
        meeting_actions.record_attendance(meeting, Person.objects.get(name=name), "present", admin, **kwargs)


@pytest.mark.django_db
def test_quorum_is_evaluated_per_item_with_arrivals_departures_and_declarations(board_meeting, admin, people):
    items = meeting_actions.meeting_items(board_meeting)
    _attend(board_meeting, admin, "Mick Ward", "John Crowther")
    _attend(board_meeting, admin, "Liz Ward", left_at_item=5)
    _attend(board_meeting, admin, "Kim Maslyn", arrived_at_item=3)
    meeting_actions.declare_interest(
        items[3], people["John Crowther"], "other_registrable", "Related provider", True, admin
    )
    results = [meeting_actions.quorum_at(board_meeting, item)[1].quorate for item in items]
    # 1-2: Mick, John, Liz. 3: Kim arrives. 4: John leaves for his interest. 5-6: Liz has gone.
    assert results == [True, True, True, True, True, True]
    assert meeting_actions.present_at(board_meeting, items[3]) == {
        people[n].pk for n in ("Mick Ward", "Liz Ward", "Kim Maslyn")
    }
    meeting_actions.record_attendance(board_meeting, people["Kim Maslyn"], "present", admin, arrived_at_item=6)
    results = [meeting_actions.quorum_at(board_meeting, item)[1] for item in items]
    assert [r.quorate for r in results] == [True, True, True, False, False, True]
    assert results[4].shortfalls == ("needs 1 more other decision-maker",)


@pytest.mark.django_db
def test_a_named_deputy_in_a_members_place_counts(board_meeting, admin, people, project_board):
    seat = Membership.objects.get(body=project_board, person=people["Liz Ward"])
    seat.deputy, seat.deputy_authority = people["Julie Bootle"], "decide"
    seat.save()
    _attend(board_meeting, admin, "Mick Ward", "John Crowther")
    meeting_actions.record_attendance(board_meeting, people["Liz Ward"], "apologies", admin)
    meeting_actions.record_attendance(board_meeting, people["Julie Bootle"], "deputy", admin, deputy_for=seat)
    item = meeting_actions.meeting_items(board_meeting)[0]
    assert meeting_actions.quorum_at(board_meeting, item)[1].quorate


@pytest.mark.django_db
def test_an_inquorate_item_cannot_take_a_decision_only_defer_or_refer(as_persona, board_meeting, admin):
    _attend(board_meeting, admin, "Mick Ward", "John Crowther")
    item = meeting_actions.meeting_items(board_meeting)[5]
    client = as_persona("admin_staff")
    response = client.post(
        reverse("governance:item_record", args=[item.pk]), {"kind": "decision", "text": "Approve the plan"}, follow=True
    )
    html = response.content.decode()
    assert "is not quorate (needs 1 more other decision-maker)" in html
    assert "refer it to the ASC Commissioning Board" in html
    assert not Decision.objects.filter(item=item).exists()
    client.post(reverse("governance:item_record", args=[item.pk]), {"kind": "refer", "text": "Approve the plan"})
    decision = Decision.objects.get(item=item)
    assert decision.outcome == "referred" and decision.referred_to.slug == "asc-commissioning-board"
    assert not decision.quorate


@pytest.mark.django_db
def test_a_quorate_decision_records_the_quorum_at_that_moment(board_meeting, admin):
    _attend(board_meeting, admin, "Mick Ward", "John Crowther", "Liz Ward")
    item = meeting_actions.meeting_items(board_meeting)[5]
    decision = meeting_actions.record_decision(item, "Red risks reviewed; mitigation agreed", admin)
    assert decision.quorate
    assert decision.quorum_note == "Quorate: 3 counted (John Crowther, Liz Ward, Mick Ward)."


@pytest.mark.django_db
def test_a_referral_from_the_strategic_group_lands_on_the_project_boards_next_agenda(
    strategic_group, board_meeting, admin
):
    day = timezone.localdate() + dt.timedelta(weeks=7)
    group_meeting = meeting_actions.schedule_meetings(
        strategic_group, day, day + dt.timedelta(days=6), dt.time(14), admin
    )[0]
    agenda = meeting_actions.ensure_agenda(group_meeting, admin)
    item = meeting_actions.add_item(agenda, admin, title="Provider engagement plan", purpose="decision")
    meeting_actions.refer_item(item, "No agreement reached", admin)
    next_board = (
        Meeting.objects.filter(body__slug="project-board", starts_at__gt=timezone.now()).order_by("starts_at").first()
    )
    referred = _agenda(next_board).items.get(referred_from__item=item)
    assert referred.title == "Referred: Provider engagement plan"
    assert "Referred by the Strategic Home Care Commissioning Group" in referred.description


# ----------------------------------------------------------------------------------------------------------- minutes


@pytest.mark.django_db
def test_the_minutes_workflow_and_approved_minutes_are_never_edited(as_persona, board_meeting, admin):
    _attend(board_meeting, admin, "Mick Ward", "John Crowther", "Liz Ward")
    item = meeting_actions.meeting_items(board_meeting)[5]
    url = reverse("governance:minutes", args=[board_meeting.pk])
    as_persona("admin_staff").post(url, {"action": "start"})
    minutes = meeting_actions.current_minutes(board_meeting)
    as_persona("admin_staff").post(url, {"action": "note", "item": item.pk, "discussion": "Risks discussed."})
    # The Chair cannot approve before both critical friends have read them.
    response = as_persona("chair").post(url, {"action": "approve"}, follow=True)
    assert "must read the minutes first" in response.content.decode()
    as_persona("project_leader").post(url, {"action": "review"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    as_persona("project_executive").post(url, {"action": "review", "comment": "Fine"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.REVIEWED
    # Only the Chair approves.
    as_persona("admin_staff").post(url, {"action": "approve"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.REVIEWED
    as_persona("chair").post(url, {"action": "approve"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    # Approved: notes, decisions and actions are frozen.
    response = as_persona("admin_staff").post(
        url, {"action": "note", "item": item.pk, "discussion": "Changed"}, follow=True
    )
    assert "cannot be changed" in response.content.decode()
    assert minutes.notes.get(item=item).discussion == "Risks discussed."
    with pytest.raises(GovernanceError):
        meeting_actions.record_decision(item, "Late decision", admin)
    # A correction is a new version with its reason.
    response = as_persona("admin_staff").post(url, {"action": "correct", "reason": ""}, follow=True)
    assert "Give the reason" in response.content.decode()
    as_persona("admin_staff").post(url, {"action": "correct", "reason": "Wrong attendee listed"})
    new = meeting_actions.current_minutes(board_meeting)
    assert (new.version, new.corrects, new.correction_reason) == (2, minutes, "Wrong attendee listed")
    assert new.notes.get(item=item).discussion == "Risks discussed."
    page = as_persona("chair").get(url).content.decode()
    assert "A correction of version 1" in page and "Wrong attendee listed" in page


@pytest.mark.django_db
def test_the_strategic_group_minutes_go_straight_to_the_chair(strategic_group, admin, people):
    day = timezone.localdate() - dt.timedelta(days=3)
    while not default_calendar().is_working_day(day):  # a meeting on a weekend would move past `day`
        day -= dt.timedelta(days=1)
    made = meeting_actions.schedule_meetings(strategic_group, day, day, dt.time(14), admin)
    meeting = made[0] if made else Meeting.objects.get(body=strategic_group, starts_at__date=day)
    meeting_actions.ensure_agenda(meeting, admin)
    minutes = meeting_actions.start_minutes(meeting, admin)
    meeting_actions.submit_minutes_to_chair(minutes, admin)
    ogilvie = people["Cllr Adam Ogilvie"]
    ogilvie.user = User.objects.create(username="ogilvie")
    ogilvie.save()
    with pytest.raises(GovernanceError):
        meeting_actions.approve_minutes(minutes, user("chair"))  # Mick Ward does not chair the Strategic Group
    meeting_actions.approve_minutes(minutes, ogilvie.user)
    assert minutes.status == MinutesStatus.APPROVED


@pytest.mark.django_db
def test_the_meeting_page_shows_agenda_deadline_and_quorum(as_persona, board_meeting, admin):
    _attend(board_meeting, admin, "Mick Ward")
    html = as_persona("chair").get(board_meeting.get_absolute_url()).content.decode()
    assert "Issue by" in html and "5 clear working days before the meeting" in html
    assert "Approved by the Project Executive" in html and "Approved by the Project Sponsor" in html
    assert "the Project Sponsor" in html or "needs 2 more other decision-makers" in html
    assert Attendance.objects.filter(meeting=board_meeting).count() == 1


@pytest.mark.django_db
def test_an_item_is_edited_in_place_and_a_stale_edit_is_refused_in_place(as_persona, board_meeting, admin):
    from governance.history import edit_token

    item = _agenda(board_meeting).items.get(standing="highlight_report")
    client = as_persona("project_leader")
    url = reverse("governance:item_edit", args=[item.pk])
    row_form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert row_form.lstrip().startswith("<tr") and 'name="title"' in row_form and 'name="paper"' not in row_form
    assert re.search(r'<input type="text" name="title"[^>]* autofocus', row_form) and row_form.count("autofocus") == 1
    data = {
        "title": "Highlight report, period 3",
        "purpose": "discussion",
        "presenter": "Georgia Young",
        "minutes_allowed": "15",
        "edit_token": edit_token(item),
        "inline": "1",
    }
    row = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "Highlight report, period 3" in row and "15 min" in row
    assert re.search(r'hx-swap="outerHTML" autofocus>Change<', row)
    # The same token again is stale now: the row comes back as a form with the conflict, nothing saved.
    data["title"] = "Another title"
    row = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "changed by someone else" in row and 'value="Another title"' in row
    item.refresh_from_db()
    assert item.title == "Highlight report, period 3"


@pytest.mark.django_db
def test_an_exempt_matter_stays_exempt_when_referred_up(board_meeting, admin, strategic_group):
    day = timezone.localdate() + dt.timedelta(weeks=7)
    group_meeting = meeting_actions.schedule_meetings(
        strategic_group, day, day + dt.timedelta(days=6), dt.time(14), admin
    )[0]
    agenda = meeting_actions.ensure_agenda(group_meeting, admin)
    item = meeting_actions.add_item(
        agenda,
        admin,
        title="Provider fee rates",
        purpose="decision",
        exempt_paragraph=3,
        public_interest_reason="Commercially sensitive",
    )
    decision = meeting_actions.refer_item(item, "No agreement reached", admin)
    referred = decision.referred_items.get()
    assert (referred.exempt_paragraph, referred.public_interest_reason) == (3, "Commercially sensitive")


def test_a_declaration_of_interest_is_recorded_from_the_form_the_item_page_renders(board_meeting, admin, django_app):
    agenda = _agenda(board_meeting)
    item = meeting_actions.add_item(agenda, admin, title="Home care tender: evaluation model", purpose="decision")
    attend(board_meeting, ["Mick Ward", "Mark Phillott"])
    page = django_app.get(reverse("governance:item_detail", args=[item.pk]), user="admin.staff")
    form = next(f for f in page.forms.values() if "interest" in f.fields)
    form["person"].select(text="Mark Phillott")
    form["interest_kind"] = "other_registrable"
    form["interest"] = "A trustee of a home care provider bidding in the tender"
    form["disqualifying"] = True
    page = form.submit().follow()
    assert "Declaration recorded." in page.text
    declaration = item.declarations.get()
    assert (declaration.person.name, declaration.kind, declaration.disqualifying) == (
        "Mark Phillott",
        "other_registrable",
        True,
    )
    assert "Mark Phillott: Other registrable interest – A trustee of a home care provider" in page.text
