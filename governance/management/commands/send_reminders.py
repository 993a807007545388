"""Run once a day (cron or a systemd timer; see README): reminders before each deadline, then the daily digests.

1. Reminders, by the deadlines page's rules (governance.deadlines): an agenda's issue deadline to admin staff and the
   project leader while it is not issued; the minutes' circulation deadline to admin staff while they are not
   circulated; a ToR's review date to admin staff; an open action's due date to its owner. Each goes
   REMINDER_WORKING_DAYS_BEFORE working days before the deadline ("soon") and on the day, once per stage: each is
   recorded (SentReminder, keyed on the deadline and the stage) and never sent again, so a second run sends nothing
   and a day the command did not run is made up the next time it does.
2. Digests: each person's waiting notifications (those who chose a daily digest) in one email, at most once a day.
"""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance import deadlines, meeting_actions, notifications, permissions
from governance.calendar import default_calendar
from governance.models import (
    Action,
    ActionStatus,
    AgendaStatus,
    Body,
    DigestEntry,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    NotificationKind,
    SentReminder,
    TermsOfReference,
)

log = logging.getLogger(__name__)

# How far ahead and back the command looks for meetings whose agenda or minutes are due.
WINDOW = dt.timedelta(weeks=12)


def _staff(*groups):
    return list(get_user_model().objects.filter(groups__name__in=groups, is_active=True).distinct())


def due_reminders(today, calendar=None):
    """(key, people, subject, lines, link) for every deadline whose reminder stage is today."""
    calendar = calendar or default_calendar()
    admins = _staff(permissions.ADMIN_STAFF)
    drafters = _staff(permissions.ADMIN_STAFF, permissions.PROJECT_LEADER)
    out = []

    def add(what, due, people, lines, link):
        stage = notifications.reminder_stage(due, today, calendar)
        if stage is None:
            return
        when = "today" if stage == "today" else f"on {due:%A %d %B %Y}"
        out.append((f"{what}:{due:%Y-%m-%d}:{stage}", people, lines[0].format(when=when), lines[1:], link))

    meetings = list(
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__date__gte=today - WINDOW, starts_at__date__lte=today + WINDOW)
        .select_related("body")
        .prefetch_related("agendas", "minutes")
        .order_by("starts_at")
    )
    for meeting in meetings:
        tor = meeting_actions.tor_for(meeting)
        link = reverse("governance:meeting_detail", args=[meeting.pk])
        if meeting.date >= today:
            agenda = next((a for a in meeting.agendas.all() if a.supplement == 0), None)
            if agenda is None or agenda.status != AgendaStatus.ISSUED:
                deadline = deadlines.agenda_issue_deadline(meeting.date, tor, calendar)
                if deadline is not None:
                    add(
                        f"agenda-issue:{meeting.pk}",
                        deadline.due,
                        drafters,
                        [
                            f"Reminder: issue the agenda for {meeting} {{when}}",
                            f"The agenda for the {meeting.body.name} meeting on {meeting.date:%A %d %B %Y} is due to "
                            f"be issued by {deadline.due:%A %d %B %Y} ({deadline.rule}).",
                            f"It is {agenda.get_status_display().lower() if agenda else 'not started'}.",
                        ],
                        link,
                    )
        elif not any(m.status == MinutesStatus.CIRCULATED for m in meeting.minutes.all()):
            later = next(
                (m for m in meetings if m.body_id == meeting.body_id and m.starts_at > meeting.starts_at), None
            )
            deadline = deadlines.minutes_deadline(meeting.date, tor, later.date if later else None, calendar)
            if deadline is not None:
                add(
                    f"minutes:{meeting.pk}",
                    deadline.due,
                    admins,
                    [
                        f"Reminder: circulate the minutes of {meeting} {{when}}",
                        f"The minutes of the {meeting.body.name} meeting on {meeting.date:%A %d %B %Y} are due to be "
                        f"circulated by {deadline.due:%A %d %B %Y} ({deadline.rule}).",
                    ],
                    reverse("governance:minutes", args=[meeting.pk]),
                )
    for body in Body.objects.filter(capacity_of__isnull=True):
        tor = TermsOfReference.objects.in_force_on(body, today)
        due = deadlines.tor_review_due(tor)
        if due is not None:
            add(
                f"tor-review:{tor.pk}",
                due,
                admins,
                [
                    f"Reminder: review the {body.name}'s terms of reference {{when}}",
                    f"Version {tor.version} of the {body.name}'s terms of reference is due for review on "
                    f"{due:%A %d %B %Y}.",
                ],
                body.get_absolute_url(),
            )
    actions = (
        Action.objects.filter(status=ActionStatus.OPEN, due_on__gte=today, due_on__lte=today + dt.timedelta(days=14))
        .select_related("owner__user", "item__agenda__meeting__body")
        .order_by("due_on", "id")
    )
    for action in actions:
        meeting = action.item.agenda.meeting
        add(
            f"action:{action.pk}",
            action.due_on,
            [action.owner],
            [
                "Reminder: an action of yours is due {when}",
                f"From the {meeting.body.name} meeting on {meeting.date:%d %B %Y}, due {action.due_on:%A %d %B %Y}:",
                "",
                meeting_actions.action_text(action),
            ],
            reverse("governance:my_meetings"),
        )
    return out


def send_due_reminders(today):
    """Send each reminder not sent before; returns (reminders sent, the combined Notice)."""
    total, count = notifications.Notice(kind=NotificationKind.DEADLINE_REMINDER), 0
    for key, people, subject, lines, link in due_reminders(today):
        with transaction.atomic():
            if SentReminder.objects.filter(key=key).exists():
                continue
            notice = notifications.notify(
                people, NotificationKind.DEADLINE_REMINDER, subject, lines, link, exempt_safe=True
            )
            SentReminder.objects.create(key=key, day=today, recipients=len(notice.queued) + notice.digest)
        total.merge(notice)
        count += 1
    return count, total


def send_digests(today):
    """One email per person with waiting digest entries, at most once a day. Returns (sent, without an address,
    failed)."""
    sent, no_address, failed = 0, [], 0
    waiting = DigestEntry.objects.filter(sent_at__isnull=True).values_list("user_id", flat=True).distinct()
    for user in get_user_model().objects.filter(pk__in=list(waiting)).order_by("pk"):
        key = f"digest:{user.pk}"
        if SentReminder.objects.filter(key=key, day=today).exists():
            continue
        recipient = notifications.recipients_of([user])
        if not recipient or not recipient[0].email:
            no_address.append(user.get_username())
            continue
        with transaction.atomic():
            entries = list(DigestEntry.objects.select_for_update().filter(user=user, sent_at__isnull=True))
            if not entries:
                continue
            subject = f"Your daily digest: {len(entries)} notification{'s' if len(entries) != 1 else ''}"
            try:
                EmailMultiAlternatives(subject, notifications.digest_text(entries), None, [recipient[0].email]).send()
            except Exception:  # one refused address must not stop everyone else's digest; it is tried again tomorrow
                log.exception("Could not send the digest to %s", recipient[0].email)
                failed += 1
                continue
            DigestEntry.objects.filter(pk__in=[e.pk for e in entries]).update(sent_at=timezone.now())
            SentReminder.objects.create(key=key, day=today, recipients=1)
        sent += 1
    return sent, no_address, failed


class Command(BaseCommand):
    help = "Send the reminders due before deadlines and the daily digests. Run once a day; a second run sends nothing."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be a date like 2026-03-27, not {options['date']!r}.") from error
        count, notice = send_due_reminders(today)
        digests, no_address, failed = send_digests(today)
        self.stdout.write(f"Reminders: {count} due. {notice.summary() if count else ''}".strip())
        self.stdout.write(f"Digests: {digests} sent." + (f" {failed} could not be sent." if failed else ""))
        if no_address:
            self.stdout.write(f"Digests waiting for people with no email address: {', '.join(no_address)}.")
