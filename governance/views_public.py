"""Pages anyone may read without signing in (meetings, issued agendas, approved minutes and decisions of the bodies
that publish their papers, and calendar feeds), and a signed-in person's own pages (my meetings, my calendar).

What is public is decided here, record by record: a meeting of a body whose `publishes_papers` is set; its ISSUED
agendas only; its APPROVED or CIRCULATED minutes only. An exempt item (Schedule 12A to the Local Government Act 1972)
is turned into a `PublicItem` that carries nothing but its number and its exempt notice, so that no template can show
its title, description, presenter, paper, note, decisions or actions by mistake.
"""

import datetime as dt
import itertools
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from governance import feeds, pack_builds, permissions
from governance.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaStatus,
    Body,
    Decision,
    DecisionOutcome,
    ItemNote,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Person,
)

PUBLISHED_MINUTES = (MinutesStatus.APPROVED, MinutesStatus.CIRCULATED)
PUBLIC_OUTCOMES = (DecisionOutcome.DECIDED, DecisionOutcome.DEFERRED, DecisionOutcome.REFERRED)
# The public calendar shows every upcoming meeting and those of the past year.
RECENT_DAYS = 365
DECISIONS_PER_PAGE = 50
MY_MEETINGS_LIMIT = 20


# ------------------------------------------------------------------------------------------- what may be published


@dataclass(frozen=True)
class PublicItem:
    """An agenda item as the public may see it. For an exempt item only `number` and `exempt_notice` are set."""

    number: str
    exempt_notice: str = ""
    title: str = ""
    purpose: str = ""
    presenter: str = ""
    description: str = ""
    has_paper: bool = False
    paper_url: str = ""
    note: str = ""
    decisions: tuple = ()  # (outcome label, text) pairs

    @property
    def is_exempt(self):
        return bool(self.exempt_notice)


def public_item(item, note=None, decisions=()):
    if item.is_exempt:
        return PublicItem(number=item.number, exempt_notice=item.exempt_notice)
    return PublicItem(
        number=item.number,
        title=item.title,
        purpose=item.get_purpose_display(),
        presenter=item.presenter,
        description=item.description,
        has_paper=bool(item.paper),
        paper_url=reverse("public:paper", args=[item.pk]) if item.paper else "",
        note=note.discussion if note is not None else "",
        decisions=tuple((d.get_outcome_display(), d.text) for d in decisions if d.outcome in PUBLIC_OUTCOMES),
    )


@dataclass(frozen=True)
class PublicDecision:
    meeting: Meeting
    item_number: str
    exempt_paragraph: int | None = None
    item_title: str = ""
    outcome: str = ""
    text: str = ""


def public_decision(decision):
    item = decision.item
    meeting = item.agenda.meeting
    if item.is_exempt:
        return PublicDecision(meeting=meeting, item_number=item.number, exempt_paragraph=item.exempt_paragraph)
    return PublicDecision(
        meeting=meeting,
        item_number=item.number,
        item_title=item.title,
        outcome=decision.get_outcome_display(),
        text=decision.text,
    )


def public_bodies():
    return Body.objects.filter(publishes_papers=True).order_by("position", "name")


def published_minutes(meeting):
    """The latest approved or circulated version of the meeting's minutes, or None."""
    return meeting.minutes.filter(status__in=PUBLISHED_MINUTES).order_by("-version").first()


def _by_month(meetings):
    """[(first day of the month, [meetings])] in the order given."""

    def month(meeting):
        return timezone.localtime(meeting.starts_at).date().replace(day=1)

    return [(first, list(group)) for first, group in itertools.groupby(meetings, key=month)]


def _public_meeting_url(request, meeting):
    return request.build_absolute_uri(reverse("public:meeting", kwargs={"pk": meeting.pk}))


# ------------------------------------------------------------------------------------------------------ public pages


@require_safe
def meetings(request):
    bodies = list(public_bodies())
    slug = request.GET.get("body", "").strip()
    chosen = next((b for b in bodies if b.slug == slug), None) if slug else None
    body_error = "Choose a body from the list" if slug and chosen is None else ""
    found = permissions.public_meetings().select_related("body")
    if chosen is not None:
        found = found.filter(body=chosen)
    now = timezone.now()
    upcoming = found.filter(ends_at__gte=now).order_by("starts_at", "id")
    recent = found.filter(ends_at__lt=now, starts_at__gte=now - dt.timedelta(days=RECENT_DAYS)).order_by(
        "-starts_at", "-id"
    )
    return render(
        request,
        "governance/public/meetings.html",
        {
            "bodies": bodies,
            "chosen": chosen,
            "body_error": body_error,
            "upcoming": _by_month(upcoming),
            "recent": _by_month(recent),
        },
    )


@require_safe
def meeting(request, pk):
    meeting = get_object_or_404(permissions.public_meetings().select_related("body"), pk=pk)
    agendas = [
        (agenda, [public_item(item) for item in agenda.items.all()])
        for agenda in feeds.with_issued_agendas(Meeting.objects.filter(pk=meeting.pk))[0].issued_agendas
    ]
    minutes = published_minutes(meeting)
    minutes_items = []
    if minutes is not None:
        notes = (
            ItemNote.objects.filter(minutes=minutes)
            .select_related("item__agenda")
            .prefetch_related("item__decisions")
            .order_by("item__agenda__supplement", "item__position", "item__id")
        )
        minutes_items = [public_item(note.item, note, note.item.decisions.all()) for note in notes]
    return render(
        request,
        "governance/public/meeting.html",
        {
            "meeting": meeting,
            "agendas": agendas,
            "minutes": minutes,
            "minutes_items": minutes_items,
            "is_past": meeting.ends_at < timezone.now(),
            "public_pack": pack_builds.public_pack_for(meeting),
        },
    )


@require_safe
def paper(request, pk):
    """The paper of a published item: a body that publishes its papers, an issued agenda, and never an exempt item."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("agenda__meeting__body"),
        pk=pk,
        agenda__meeting__body__publishes_papers=True,
        agenda__status=AgendaStatus.ISSUED,
        exempt_paragraph__isnull=True,
    )
    if not item.paper:
        raise Http404("This item has no paper.")
    return FileResponse(
        item.paper.open("rb"), as_attachment=True, filename=f"item-{item.number}.pdf", content_type="application/pdf"
    )


@require_safe
def decisions(request):
    meetings_with_minutes = Meeting.objects.filter(
        body__publishes_papers=True, minutes__status__in=PUBLISHED_MINUTES
    ).values("pk")
    found = (
        Decision.objects.filter(item__agenda__meeting__in=meetings_with_minutes, outcome__in=PUBLIC_OUTCOMES)
        .select_related("item__agenda__meeting__body")
        .order_by("-item__agenda__meeting__starts_at", "-recorded_at", "-id")
    )
    page = Paginator(found, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/public/decisions.html",
        {"page": page, "decisions": [public_decision(d) for d in page.object_list]},
    )


@require_safe
def body_feed(request, slug):
    body = get_object_or_404(public_bodies(), slug=slug)
    content = feeds.meetings_calendar(
        feeds.feed_meetings([body]),
        name=f"{body.name} meetings",
        url_for=lambda m: _public_meeting_url(request, m),
    )
    return feeds.calendar_response(content, f"{body.slug}-meetings.ics")


@require_safe
def person_feed(request, token):
    person = Person.objects.select_related("user").filter(calendar_token=token).first()
    if person is None or (person.user_id and not person.user.is_active):
        raise Http404("No such calendar.")

    def url_for(meeting):
        if meeting.body.publishes_papers:
            return _public_meeting_url(request, meeting)
        return request.build_absolute_uri(meeting.get_absolute_url())

    content = feeds.meetings_calendar(
        feeds.with_issued_agendas(feeds.feed_meetings(feeds.bodies_for_person(person))),
        name=f"Meetings for {person.name}",
        url_for=url_for,
        describe=feeds.agenda_lines,
    )
    return feeds.calendar_response(content, "my-meetings.ics", private=True)


# ---------------------------------------------------------------------------------------------------- my own pages


def _person(user):
    return getattr(user, "person", None)


def _not_linked(request):
    return render(request, "governance/mine/not_linked.html")


@require_safe
@login_required
def my_meetings(request):
    person = _person(request.user)
    if person is None:
        return _not_linked(request)
    sees_all = permissions.sees_all_bodies(request.user)
    # Staff may see every body; their own list is of the bodies where they personally hold a seat.
    bodies = feeds.seated_bodies(person) if sees_all else permissions.bodies_visible_to(request.user)
    upcoming = feeds.with_issued_agendas(
        Meeting.objects.filter(body__in=bodies, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
        .select_related("body")
        .order_by("starts_at", "id")
    )[:MY_MEETINGS_LIMIT]
    actions = (
        Action.objects.filter(owner=person, status=ActionStatus.OPEN)
        .select_related("item__agenda__meeting__body")
        .order_by("due_on", "id")
    )
    return render(
        request,
        "governance/mine/meetings.html",
        {
            "person": person,
            "meetings": list(upcoming),
            "limit": MY_MEETINGS_LIMIT,
            "actions": actions,
            "sees_all": sees_all,
            "today": timezone.localdate(),
        },
    )


@require_safe
@login_required
def my_calendar(request):
    person = _person(request.user)
    if person is None:
        return _not_linked(request)
    return render(
        request,
        "governance/mine/calendar.html",
        {"person": person, "feed_url": feeds.person_feed_url(request, person)},
    )


@require_POST
@login_required
def my_calendar_reset(request):
    person = _person(request.user)
    if person is None:
        messages.error(request, "Your account is not linked to a person, so it has no calendar feed.")
        return redirect("governance:my_calendar")
    feeds.reset_token(person)
    messages.success(
        request, "Your calendar link has been replaced. The old link no longer works: subscribe again with this one."
    )
    return redirect("governance:my_calendar")
