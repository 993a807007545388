"""People are told in time: each event emails those concerned (as they prefer), with absolute links; the page says
honestly how many were emailed; the daily command sends digests and reminders once; nothing exempt leaks by email."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions, notifications
from governance.calendar import default_calendar
from governance.models import (
    AgendaStatus,
    ApprovalRole,
    Body,
    Delivery,
    DigestEntry,
    Meeting,
    MeetingStatus,
    NotificationKind,
    NotificationPreference,
    Person,
    SentReminder,
)

SITE = "https://governance.example.org"
MARKER = "EXEMPT-MARKER-7Q4"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def board(db):
    return Body.objects.get(slug="project-board")


def user(username):
    return get_user_model().objects.get(username=username)


def next_meeting(body):
    return (
        Meeting.objects.filter(body=body, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def draft_agenda(body):
    meeting = next_meeting(body)
    agenda = meeting_actions.ensure_agenda(meeting, user("admin.staff"))
    assert agenda.status == AgendaStatus.DRAFT
    return agenda


def no_addresses():
    Person.objects.update(email="")
    get_user_model().objects.update(email="")


def give_address(person_or_user, address):
    person_or_user.email = address
    person_or_user.save()
    return address


def form_posting_to(page, suffix):
    forms = [f for f in page.forms.values() if (f.action or "").endswith(suffix)]
    assert len(forms) == 1, f"one form posting to …{suffix} expected, found {len(forms)}"
    return forms[0]


def run_daily(capture, **options):
    """The daily command as cron runs it: outside any transaction, so each email goes as its reminder commits."""
    with capture(execute=True):
        call_command("send_reminders", **options)


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


# ------------------------------------------------------------------------------------------------- agenda events


def test_sending_an_agenda_for_approval_emails_the_approver_with_an_absolute_link(
    board, django_app, django_capture_on_commit_callbacks
):
    no_addresses()
    agenda = draft_agenda(board)
    executive = meeting_actions.holder_of(ApprovalRole.PROJECT_EXECUTIVE, board)
    address = give_address(executive, "executive@example.org")
    page = django_app.get(agenda.meeting.get_absolute_url(), user="project.leader")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = form_posting_to(page, "/submit/").submit().follow()
    assert "Sent for approval. Emailed to 1 person." in page.text
    (message,) = mail.outbox
    assert message.to == [address]
    assert f"{SITE}{reverse('governance:meeting_detail', args=[agenda.meeting.pk])}" in message.body
    assert "waits for your approval as Project Executive" in message.body
    assert f"{SITE}/governance/my/notifications/" in message.body


def _approved(agenda):
    meeting_actions.submit_agenda(agenda, user("project.leader"))
    meeting_actions.approve_agenda(agenda, user("project.executive"))
    meeting_actions.approve_agenda(agenda, user("chair"))
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.APPROVED
    return agenda


def _issue_through_the_form(django_app, agenda, capture):
    form = form_posting_to(django_app.get(agenda.meeting.get_absolute_url(), user="admin.staff"), "/issue/")
    form["late_reason"] = "Called at short notice"
    mail.outbox.clear()
    with capture(execute=True):
        return form.submit().follow()


def test_issuing_when_nobody_has_an_address_says_so_and_never_says_sent(
    board, django_app, django_capture_on_commit_callbacks
):
    no_addresses()
    agenda = _approved(draft_agenda(board))
    page = _issue_through_the_form(django_app, agenda, django_capture_on_commit_callbacks)
    assert "Issued. Not emailed: nobody has an email address." in page.text
    assert "sent by email" not in page.text.lower() and "Emailed to" not in page.text
    assert mail.outbox == []
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.ISSUED


def test_issuing_says_how_many_were_emailed_and_names_those_without_an_address(
    board, django_app, django_capture_on_commit_callbacks
):
    no_addresses()
    agenda = _approved(draft_agenda(board))
    members = meeting_actions.members_of(board)
    for i, person in enumerate(members[:2]):
        give_address(person, f"member{i}@example.org")
    page = _issue_through_the_form(django_app, agenda, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert "Issued. Emailed to 2 people." in page.text
    assert f"No email address for {members[2].name}" in page.text
    assert sorted(m.to[0] for m in mail.outbox) == ["member0@example.org", "member1@example.org"]


def test_returning_an_agenda_emails_who_sent_it_with_the_comment(board, django_app, django_capture_on_commit_callbacks):
    no_addresses()
    agenda = draft_agenda(board)
    meeting_actions.submit_agenda(agenda, user("project.leader"))
    address = give_address(user("project.leader"), "leader@example.org")
    Person.objects.filter(user__username="project.leader").update(email="")
    form = form_posting_to(django_app.get(agenda.meeting.get_absolute_url(), user="project.executive"), "/approve/")
    form["comment"] = "Add the finance paper."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # The "Return with comments" button posts the same form to the return action (its formaction).
        form.action = reverse("governance:agenda_action", args=[agenda.pk, "return"])
        page = form.submit().follow()
    assert "Returned with your comments. Emailed to 1 person." in page.text
    (message,) = to(address)
    assert "Add the finance paper." in message.body


# -------------------------------------------------------------------------------------------------- preferences


def test_the_preferences_page_turns_a_kind_off_and_then_no_email_of_that_kind_is_sent(
    board, django_app, django_capture_on_commit_callbacks
):
    no_addresses()
    executive = meeting_actions.holder_of(ApprovalRole.PROJECT_EXECUTIVE, board)
    address = give_address(executive, "executive@example.org")
    page = django_app.get(reverse("governance:my_meetings"), user="project.executive")
    page = page.click("Choose which emails you get")
    assert "Emails go to" in page.text and address in page.text
    form = page.forms[1] if "agenda_approval" not in page.forms[0].fields else page.forms[0]
    assert form["agenda_approval"].value == Delivery.IMMEDIATE
    form["agenda_approval"] = Delivery.OFF
    page = form.submit().follow()
    assert "Saved: 1 choice changed." in page.text
    preference = NotificationPreference.objects.get(user=user("project.executive"), kind="agenda_approval")
    assert preference.delivery == Delivery.OFF
    assert preference.history.first().history_user == user("project.executive")

    agenda = draft_agenda(board)
    page = django_app.get(agenda.meeting.get_absolute_url(), user="project.leader")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = form_posting_to(page, "/submit/").submit().follow()
    assert mail.outbox == []
    assert "Sent for approval. Nobody was emailed now. 1 person turned this email off." in page.text


def test_a_bad_choice_is_refused_on_the_page_and_nothing_changes(db, django_app):
    page = django_app.get(reverse("governance:my_notifications"), user="councillor")
    form = next(f for f in page.forms.values() if "agenda_issued" in f.fields)
    form["agenda_issued"].force_value("sometimes")
    page = form.submit(status=200)
    assert "govuk-error-summary" in page.text
    assert not NotificationPreference.objects.filter(user=user("councillor")).exists()


# -------------------------------------------------------------------------------------------- digest and reminders


def test_two_events_make_one_digest_and_a_second_run_sends_nothing(board, django_capture_on_commit_callbacks):
    no_addresses()
    executive = meeting_actions.holder_of(ApprovalRole.PROJECT_EXECUTIVE, board)
    address = give_address(executive, "executive@example.org")
    who = executive.user
    notifications.set_preferences(who, {"agenda_approval": Delivery.DIGEST, "action_assigned": Delivery.DIGEST})
    agenda = draft_agenda(board)
    item = agenda.items.order_by("position").first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = meeting_actions.submit_agenda(agenda, user("project.leader"))
        action = meeting_actions.add_action(
            item,
            "Draft the market position statement",
            executive,
            timezone.localdate() + dt.timedelta(days=40),
            by=user("admin.staff"),
        )
    assert submitted.notice.digest == 1 and action.notice.digest == 1
    assert to(address) == []
    assert DigestEntry.objects.filter(user=who, sent_at__isnull=True).count() == 2

    run_daily(django_capture_on_commit_callbacks)
    (digest,) = to(address)
    assert digest.subject == "Your daily digest: 2 notifications"
    assert "Agenda for your approval" in digest.body and "Draft the market position statement" in digest.body
    assert f"{SITE}{reverse('governance:meeting_detail', args=[agenda.meeting.pk])}" in digest.body
    assert not DigestEntry.objects.filter(user=who, sent_at__isnull=True).exists()

    before = len(mail.outbox)
    run_daily(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == before


def test_an_action_owner_is_reminded_three_working_days_before_and_on_the_day_once_each(
    board, django_capture_on_commit_callbacks
):
    no_addresses()
    calendar = default_calendar()
    today = calendar.add_working_days(timezone.localdate(), 1)
    due = calendar.add_working_days(today, 3)
    owner = Person.objects.get(name="Kim Maslyn")
    address = give_address(owner, "kim@example.org")
    agenda = draft_agenda(board)
    meeting_actions.add_action(agenda.items.first(), "Send the tender timetable", owner, due, by=user("admin.staff"))
    mail.outbox.clear()

    run_daily(
        django_capture_on_commit_callbacks, date=str(calendar.add_working_days(today, -1))
    )  # four working days before
    assert to(address) == []
    run_daily(django_capture_on_commit_callbacks, date=str(today))
    (soon,) = to(address)
    assert soon.subject == f"Reminder: an action of yours is due on {due:%A %d %B %Y}"
    assert "Send the tender timetable" in soon.body
    run_daily(django_capture_on_commit_callbacks, date=str(today))
    run_daily(django_capture_on_commit_callbacks, date=str(calendar.add_working_days(today, 1)))
    assert len(to(address)) == 1
    run_daily(django_capture_on_commit_callbacks, date=str(due))
    assert [m.subject for m in to(address)][-1] == "Reminder: an action of yours is due today"
    run_daily(django_capture_on_commit_callbacks, date=str(due))
    assert len(to(address)) == 2
    assert SentReminder.objects.filter(key__startswith="action:").count() == 2


def test_admin_staff_are_reminded_to_issue_an_agenda_before_its_deadline(board, django_capture_on_commit_callbacks):
    no_addresses()
    address = give_address(user("admin.staff"), "secretariat@example.org")
    Person.objects.filter(user__username="admin.staff").update(email="")
    agenda = draft_agenda(board)
    deadline = meeting_actions.issue_deadline(agenda)
    three_before = default_calendar().add_working_days(deadline.due, -3)
    mail.outbox.clear()
    run_daily(django_capture_on_commit_callbacks, date=str(three_before))
    subjects = [m.subject for m in to(address)]
    assert f"Reminder: issue the agenda for {agenda.meeting} on {deadline.due:%A %d %B %Y}" in subjects
    run_daily(django_capture_on_commit_callbacks, date=str(deadline.due))
    assert f"Reminder: issue the agenda for {agenda.meeting} today" in [m.subject for m in to(address)]


def test_an_issued_agenda_is_not_reminded(board, django_capture_on_commit_callbacks):
    no_addresses()
    address = give_address(user("admin.staff"), "secretariat@example.org")
    agenda = _approved(draft_agenda(board))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.issue_agenda(agenda, user("admin.staff"), late_reason="Short notice")
    deadline = meeting_actions.issue_deadline(agenda)
    mail.outbox.clear()
    run_daily(django_capture_on_commit_callbacks, date=str(deadline.due))
    assert not [m for m in to(address) if str(agenda.meeting) in m.subject]


# ------------------------------------------------------------------------------------------------- exempt matter


def test_no_exempt_marker_is_in_any_email(board, django_app, django_capture_on_commit_callbacks):
    """An exempt item, its action and a reminder of that action: every email names the item by its paragraph."""
    for person in Person.objects.all():
        Person.objects.filter(pk=person.pk).update(email=f"person{person.pk}@example.org")
    agenda = draft_agenda(board)
    item = meeting_actions.add_item(
        agenda,
        user("admin.staff"),
        title=f"{MARKER} contract price",
        description=f"{MARKER} details",
        exempt_paragraph=3,
        public_interest_reason="Commercially sensitive",
    )
    owner = Person.objects.get(name="Kim Maslyn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _approved(agenda)
        page = _issue_through_the_form(django_app, agenda, django_capture_on_commit_callbacks)
        meeting_actions.add_action(item, f"{MARKER} negotiate", owner, timezone.localdate(), by=user("admin.staff"))
    assert "Emailed to" in page.text
    run_daily(django_capture_on_commit_callbacks)
    assert len(mail.outbox) >= 3
    assert any("paragraph 3" in m.body for m in mail.outbox)
    leaks = [(m.to, m.subject) for m in mail.outbox if MARKER in m.subject + m.body]
    assert leaks == []


def test_a_text_with_exempt_matter_goes_only_to_those_entitled(board, django_capture_on_commit_callbacks):
    no_addresses()
    leader = give_address(user("project.leader"), "leader@example.org")
    councillor = give_address(user("councillor"), "councillor@example.org")
    Person.objects.filter(user__username__in=["project.leader", "councillor"]).update(email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = notifications.notify(
            [user("project.leader"), user("councillor")],
            NotificationKind.AGENDA_RETURNED,
            "Returned",
            [MARKER],
            "/",
            exempt_safe=lambda u: u.username == "project.leader",
        )
    assert notice.withheld == 1
    assert [m.to for m in mail.outbox] == [[leader]]
    assert to(councillor) == []


def test_notify_refuses_a_text_not_declared_safe():
    with pytest.raises(ValueError):
        notifications.notify([], NotificationKind.AGENDA_ISSUED, "x", ["y"], exempt_safe=False)


# ------------------------------------------------------------------------------------------------- plain rules


def test_the_summary_never_says_emailed_when_nothing_went():
    notice = notifications.Notice(kind="agenda_issued", no_address=["A", "B"])
    assert notice.summary() == "Not emailed: nobody has an email address."
    notice = notifications.Notice(kind="agenda_issued", queued=["a@example.org"], no_address=["B"], opted_out=1)
    assert notice.summary() == "Emailed to 1 person. No email address for B. 1 person turned this email off."
    notice.delivered, notice.sent, notice.failed = True, 0, 1
    assert notice.summary().startswith("Nobody was emailed now. 1 person could not be emailed")


def test_reminders_fall_three_working_days_before_and_on_the_day():
    calendar = default_calendar()
    friday = dt.date(2026, 3, 27)
    wednesday = dt.date(2026, 4, 1)
    assert notifications.reminder_stage(wednesday, friday, calendar) == "soon"
    assert notifications.reminder_stage(wednesday, dt.date(2026, 3, 26), calendar) is None
    assert notifications.reminder_stage(wednesday, wednesday, calendar) == "today"
    assert notifications.reminder_stage(wednesday, dt.date(2026, 4, 2), calendar) is None


def test_links_are_absolute_on_site_url():
    assert notifications.absolute("/governance/") == f"{SITE}/governance/"


def test_the_notify_backend_maps_each_recipient_to_one_request_without_the_network():
    """Only the mapping from a Django message to GOV.UK Notify requests: nothing is sent and the client library is
    not needed."""
    from django.core.mail import EmailMessage

    from governance.notify_backend import payloads

    message = EmailMessage(
        "Agenda: Project Board", "Line one\nLine two", None, ["a@example.org"], bcc=["b@example.org"]
    )
    assert payloads(message, "tmpl-1") == [
        {
            "email_address": address,
            "template_id": "tmpl-1",
            "personalisation": {"subject": "Agenda: Project Board", "body": "Line one\nLine two"},
        }
        for address in ("a@example.org", "b@example.org")
    ]
