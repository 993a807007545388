"""Telling people by email that something happened or waits for them.

`notify(people_or_users, kind, subject, body_lines, link_path, exempt_safe=...)` is the one way an email goes out:

1. each recipient (a Person or a User) is resolved to a name, an address and a sign-in; the same person named
   twice gets one email;
2. each one's preference for this kind is read (no preference: at once): off, held for the daily digest
   (`send_reminders` sends it), or an email now;
3. the emails go after the transaction commits, so nobody hears of a change that was rolled back, and one that
   the mail server refuses is counted, not raised into a page;
4. the returned Notice says honestly what happened: emailed, without an address (by name), turned off, in the
   digest, and, when the text holds exempt information, withheld from those not entitled.

Links are absolute, on SITE_URL. Exempt items are named by their Schedule 12A paragraph only, as the public sees
them: a caller states that its text is safe for anyone with `exempt_safe=True`, or passes a function that says
which users may read it, and nobody else (and no one without a sign-in) gets it.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse

from governance.calendar import default_calendar
from governance.models import Delivery, DigestEntry, NotificationKind, NotificationPreference, Person

log = logging.getLogger(__name__)

# Reminders go this many working days before a deadline, and on the day itself.
REMINDER_WORKING_DAYS_BEFORE = 3


def absolute(path):
    """`path` on the site's address (SITE_URL), for links in emails."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


@dataclass
class Recipient:
    name: str
    email: str
    user: object = None


@dataclass
class Notice:
    """What notify() did, for the page's message. `emailed` counts emails handed to the mail server once the
    transaction committed; until then (`delivered` False) it counts those queued."""

    kind: str
    queued: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    opted_out: int = 0
    digest: int = 0
    withheld: int = 0
    sent: int = 0
    failed: int = 0
    delivered: bool = False

    @property
    def emailed(self):
        return self.sent if self.delivered else len(self.queued)

    def merge(self, other):
        self.queued += other.queued
        self.no_address += [n for n in other.no_address if n not in self.no_address]
        self.opted_out += other.opted_out
        self.digest += other.digest
        self.withheld += other.withheld
        self.sent += other.sent
        self.failed += other.failed
        self.delivered = self.delivered or other.delivered
        return self

    def summary(self):
        """The sentence for the page: how many were emailed, and why the others were not."""
        emailed = self.emailed
        parts = []
        if emailed:
            parts.append(f"Emailed to {_people(emailed)}.")
        elif self.no_address and not (self.digest or self.opted_out or self.failed):
            parts.append("Not emailed: nobody has an email address.")
        elif not (self.digest or self.opted_out or self.failed or self.withheld):
            parts.append("Nobody to email.")
        else:
            parts.append("Nobody was emailed now.")
        if self.failed:
            parts.append(f"{_people(self.failed)} could not be emailed: the mail server refused.")
        if self.no_address and (emailed or self.digest or self.opted_out or self.failed):
            parts.append(f"No email address for {_names(self.no_address)}.")
        if self.digest:
            parts.append(f"{_people(self.digest)} will have it in the daily digest.")
        if self.opted_out:
            parts.append(f"{_people(self.opted_out)} turned this email off.")
        return " ".join(parts)


def _people(n):
    return f"{n} {'person' if n == 1 else 'people'}"


def _names(names, most=5):
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def recipients_of(people_or_users):
    """Each distinct person once, with the address they have (a person's own, else their sign-in's)."""
    User = get_user_model()
    out, seen = [], set()
    for each in people_or_users:
        if each is None:
            continue
        if isinstance(each, Person):
            person, user = each, each.user
        elif isinstance(each, User):
            person, user = getattr(each, "person", None), each
        else:
            raise TypeError(f"notify() takes people or users, not {type(each).__name__}")
        if user is not None and not user.is_active:
            user = None
        key = ("user", user.pk) if user is not None else ("person", person.pk)
        if key in seen:
            continue
        seen.add(key)
        email = (person.email if person is not None else "") or (user.email if user is not None else "")
        name = person.name if person is not None else (user.get_full_name() or user.username)
        out.append(Recipient(name=name, email=email.strip(), user=user))
    return out


def preferences_of(users, kind):
    """{user pk: delivery} for `kind`; users without a stored preference get theirs at once."""
    ids = [u.pk for u in users if u is not None]
    stored = dict(NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "delivery"))
    return {pk: stored.get(pk, Delivery.IMMEDIATE) for pk in ids}


def compose(subject, body_lines, link_path):
    """The email's text: the lines, the absolute link, and where to change what one is sent."""
    lines = list(body_lines)
    if link_path:
        lines += ["", f"Open it: {absolute(link_path)}"]
    lines += [
        "",
        "You get this email because of your role in the home care redesign governance.",
        f"Choose which emails you get, at once or in a daily digest: {absolute(reverse('governance:my_notifications'))}",
    ]
    return "\n".join(lines)


def notify(people_or_users, kind, subject, body_lines, link_path="", *, exempt_safe):
    """Email `subject` and `body_lines` (with an absolute link to `link_path`) to each person, as they prefer.
    Returns a Notice with the counts; the emails go once the current transaction commits."""
    kind = NotificationKind(kind)
    if exempt_safe is not True and not callable(exempt_safe):
        raise ValueError("exempt_safe must be True (the text names exempt items by paragraph only) or a function")
    notice = Notice(kind=kind)
    recipients = recipients_of(people_or_users)
    if callable(exempt_safe):
        allowed = [r for r in recipients if r.user is not None and exempt_safe(r.user)]
        notice.withheld = len(recipients) - len(allowed)
        recipients = allowed
    choices = preferences_of([r.user for r in recipients], kind)
    body = "\n".join(body_lines)
    messages = []
    for recipient in recipients:
        delivery = choices.get(recipient.user.pk) if recipient.user is not None else Delivery.IMMEDIATE
        if delivery == Delivery.OFF:
            notice.opted_out += 1
        elif delivery == Delivery.DIGEST:
            DigestEntry.objects.create(user=recipient.user, kind=kind, subject=subject, body=body, link=link_path)
            notice.digest += 1
        elif not recipient.email:
            notice.no_address.append(recipient.name)
        else:
            notice.queued.append(recipient.email)
            messages.append(
                EmailMultiAlternatives(subject, compose(subject, body_lines, link_path), None, [recipient.email])
            )
    if messages:
        transaction.on_commit(lambda: _send(messages, notice))
    return notice


def _send(messages, notice):
    """Send each email on its own (nobody sees another's address); count what the server took and refused."""
    for message in messages:
        try:
            notice.sent += message.send()
        except Exception:  # a refused email must not turn a committed change into an error page
            log.exception("Could not send %r to %s", message.subject, message.to)
            notice.failed += 1
    notice.delivered = True


# ---------------------------------------------------------------------------------------------------- reminders


def reminder_stage(due, today, calendar=None):
    """ "today" on the day of a deadline; "soon" once it is REMINDER_WORKING_DAYS_BEFORE working days away or nearer;
    None otherwise (or when it has passed). Each stage of a deadline is sent once (send_reminders records it), so a
    day the command did not run is made up the next day."""
    if due is None or due < today:
        return None
    if due == today:
        return "today"
    calendar = calendar or default_calendar()
    if calendar.add_working_days(today, REMINDER_WORKING_DAYS_BEFORE) >= due:
        return "soon"
    return None


def digest_text(entries):
    """One email's text for a person's waiting digest entries, oldest first."""
    lines = [f"{len(entries)} notification{'s' if len(entries) != 1 else ''} since your last digest:", ""]
    for entry in entries:
        lines.append(f"- {entry.subject}")
        lines += [f"  {line}" if line else "" for line in entry.body.splitlines()]
        if entry.link:
            lines.append(f"  Open it: {absolute(entry.link)}")
        lines.append("")
    lines += [
        f"Choose which emails you get, at once or in a daily digest: {absolute(reverse('governance:my_notifications'))}"
    ]
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------------- preferences


def preferences_for(user):
    """{kind: delivery} for every kind, at once where the user has chosen nothing."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: stored.get(kind, Delivery.IMMEDIATE) for kind in NotificationKind.values}


@transaction.atomic
def set_preferences(user, choices):
    """Store the user's choice per kind (only those that changed, each in history with the user). Returns how many
    changed."""
    from governance.actions import _save

    stored = {p.kind: p for p in NotificationPreference.objects.select_for_update().filter(user=user)}
    changed = 0
    for kind, delivery in choices.items():
        kind, delivery = NotificationKind(kind), Delivery(delivery)
        row = stored.get(kind) or NotificationPreference(user=user, kind=kind)
        if row.pk is None and delivery == Delivery.IMMEDIATE:
            continue  # no row already means at once
        if row.delivery != delivery or row.pk is None:
            row.delivery = delivery
            _save(row, user, f"{kind.label}: {delivery.label.lower()}")
            changed += 1
    return changed
