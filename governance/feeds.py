"""iCalendar feeds of meetings: a public feed per body that publishes its papers, and a private feed per person.

Both feeds are built by `meetings_calendar`, so that the two cannot drift apart. Each meeting is one VEVENT whose UID
never changes and whose SEQUENCE is the meeting's own (bumped by meeting_actions.change_meeting), so that calendar
apps update the event in place; a cancelled meeting stays in the feed with STATUS:CANCELLED so that they remove it.

What a feed may say about an agenda: the public feed says nothing at all. The private feed lists the item titles of
issued agendas, but an exempt item only by its exempt notice, never by its title: a calendar on a phone or a shared
screen is seen by people who are not members.
"""

import datetime as dt
import secrets

import icalendar
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from governance import permissions
from governance.models import Agenda, AgendaItem, AgendaStatus, Body, Meeting, MeetingKind, Membership

UID_DOMAIN = "homecare-governance"
PRODID = "-//Leeds City Council//Home care governance//EN"
# How far back a feed goes: calendars keep what they already have, so the feed need only carry recent history.
FEED_PAST_DAYS = 365


def event_uid(meeting):
    return f"{meeting.uid}@{UID_DOMAIN}"


def event_summary(meeting):
    suffix = " (extraordinary)" if meeting.kind == MeetingKind.EXTRAORDINARY else ""
    return f"{meeting.body.name}{suffix}"


def agenda_lines(meeting):
    """The items of the meeting's issued agendas, one line each; an exempt item only by its exempt notice.

    Reads `meeting.issued_agendas` when the caller prefetched it (see `with_issued_agendas`)."""
    agendas = getattr(meeting, "issued_agendas", None)
    if agendas is None:
        agendas = with_issued_agendas(Meeting.objects.filter(pk=meeting.pk))[0].issued_agendas
    lines = []
    for agenda in agendas:
        for item in agenda.items.all():
            text = f"Exempt item: {item.exempt_notice}" if item.is_exempt else item.title
            lines.append(f"{item.number}. {text}")
    return lines


def with_issued_agendas(meetings):
    """`meetings` with `issued_agendas` (issued agendas in order, each with its items) prefetched."""
    items = AgendaItem.objects.order_by("position", "id")
    agendas = (
        Agenda.objects.filter(status=AgendaStatus.ISSUED)
        .order_by("supplement")
        .prefetch_related(Prefetch("items", queryset=items))
    )
    return meetings.prefetch_related(Prefetch("agendas", queryset=agendas, to_attr="issued_agendas"))


def _utc(value):
    return value.astimezone(dt.UTC)


def meetings_calendar(meetings, *, name, url_for, describe=None):
    """The iCalendar text (bytes) of `meetings`.

    url_for(meeting) gives the absolute URL of the meeting's page; describe(meeting), when given, gives the lines of
    the event's DESCRIPTION. Nothing else about the meeting's business goes into the feed.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    stamp = _utc(timezone.now())
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", event_uid(meeting))
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(meeting.starts_at))
        event.add("dtend", _utc(meeting.ends_at))
        event.add("summary", event_summary(meeting))
        if meeting.venue:
            event.add("location", meeting.venue)
        elif meeting.online_link:
            event.add("location", meeting.online_link)
        event.add("url", url_for(meeting))
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        if describe is not None:
            lines = describe(meeting)
            if lines:
                event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()


def feed_meetings(bodies):
    """Meetings of `bodies` from a year ago on, cancelled ones included."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return (
        Meeting.objects.filter(body__in=bodies, ends_at__gte=since).select_related("body").order_by("starts_at", "id")
    )


def calendar_response(content, filename, private=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The URL is the secret: keep the feed out of shared caches and search engines.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# ------------------------------------------------------------------------------------------------- private feeds


def seated_bodies(person):
    """Bodies (with their other capacities) where the person holds a current seat or is a named deputy."""
    seats = Membership.objects.current().filter(Q(person=person) | Q(deputy=person))
    hosts = {host_id or body_id for body_id, host_id in seats.values_list("body_id", "body__capacity_of_id")}
    return Body.objects.filter(Q(pk__in=hosts) | Q(capacity_of__in=hosts))


def bodies_for_person(person):
    """The bodies whose meetings go into the person's private feed: those their account may see, or, for a person
    with no account, those where they hold a seat."""
    if person.user_id:
        return permissions.bodies_visible_to(person.user)
    return seated_bodies(person)


def ensure_token(person):
    """The person's calendar token, created the first time it is asked for."""
    if not person.calendar_token:
        reset_token(person)
    return person.calendar_token


def reset_token(person):
    """Replace the person's calendar token: every copy of the old feed link stops working."""
    person.calendar_token = secrets.token_urlsafe(32)
    # A secret, not a change anyone needs in the person's history: update the row without a history entry.
    type(person).objects.filter(pk=person.pk).update(calendar_token=person.calendar_token)
    return person.calendar_token


def person_feed_url(request, person):
    return request.build_absolute_uri(reverse("public:person_feed", kwargs={"token": ensure_token(person)}))
