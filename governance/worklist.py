"""The work list: what waits for a person, built by rule from the records (the home page, and its count in the header).

Each app registers providers here in its AppConfig.ready (governance cannot import projects or risks):
`register(provider)`, where `provider(user, today)` returns a list of `Entry`. A provider fetches in a fixed number of
queries whatever the data (querysets as subqueries, never one query per row) and decides who must act with the plain
rules of governance.worklist_rules. `for_request(request)` builds the list once per request.

An entry never names an exempt item to someone who may not see it: it names the exemption instead.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from governance import deadlines, permissions
from governance import worklist_rules as rules
from governance.calendar import default_calendar

_providers = []
# Meetings whose minutes may still be due (as the deadlines page looks back), and meetings far enough ahead that their
# agenda's issue date falls within the list's horizon.
LOOK_BACK = timedelta(weeks=12)
LOOK_AHEAD = timedelta(weeks=4)


@dataclass(frozen=True)
class Entry:
    """One piece of work: what to do, for which body, meeting or project, by when, and the page where it is done."""

    kind: str
    title: str
    where: str
    due: date | None
    url: str
    overdue: bool = False
    note: str = ""
    when: str = ""
    colour: str = ""


def register(provider):
    """Add a provider of entries (once, however often an app is made ready)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def providers():
    return list(_providers)


def entries_for(user, today=None):
    """Every entry for the user, overdue first, each with its date in words and its colour."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    calendar = default_calendar()
    found = []
    for provider in _providers:
        for entry in provider(user, today):
            found.append(
                replace(
                    entry,
                    overdue=rules.is_overdue(entry.due, today),
                    when=rules.when_words(entry.due, today, calendar),
                    colour=rules.colour(entry.due, today, calendar),
                )
            )
    return sorted(found, key=rules.sort_key)


class WorkList:
    """The entries for one request's user, built on first use and kept for the rest of the request."""

    def __init__(self, user):
        self.user = user
        self._entries = None

    @property
    def entries(self):
        if self._entries is None:
            self._entries = entries_for(self.user)
        return self._entries

    @property
    def count(self):
        return len(self.entries)


def for_request(request):
    if not hasattr(request, "_work_list"):
        request._work_list = WorkList(request.user)
    return request._work_list


# ------------------------------------------------------------------------------------------------- shared look-ups


def person_of(user):
    """The user's Person, or None (looked up once per request user), with `may_approve`: whether they hold a seat
    that approves agendas or minutes (Chair, Project Executive, Project Sponsor) or have been delegated to act for
    someone who does, so that everyone else is spared the approval look-ups."""
    if not hasattr(user, "_work_person"):
        from governance.models import Delegation, Membership, Person, Role

        approving = Membership.objects.filter(person=OuterRef("pk"), confirmed=True).filter(
            Q(role__in=[Role.CHAIR, Role.PROJECT_EXECUTIVE]) | Q(is_project_sponsor=True)
        )
        user._work_person = (
            Person.objects.filter(user=user)
            .annotate(may_approve=Exists(approving) | Exists(Delegation.objects.filter(delegate=OuterRef("pk"))))
            .first()
            if user.is_authenticated
            else None
        )
    return user._work_person


def meeting_label(meeting):
    return f"{meeting.body.name}, {meeting.date:%-d %B %Y}"


# ------------------------------------------------------------------------------------------- governance's providers


def approvals(user, today):
    """Agendas awaiting this person's approval at their current step; minutes awaiting their critical-friend read or
    their approval as Chair. Six queries, for those who may approve or read as critical friend; none for others."""
    from governance.meeting_actions import critical_friend_roles
    from governance.models import (
        Agenda,
        AgendaApprovalStep,
        AgendaStatus,
        ApprovalRole,
        Body,
        Delegation,
        MeetingStatus,
        Membership,
        Minutes,
        MinutesReview,
        MinutesStatus,
        Role,
        TermsOfReference,
    )
    from governance.models.bodies import in_force

    person = person_of(user)
    if person is None or not (person.may_approve or permissions.PROJECT_LEADER in permissions._groups(user)):
        return []
    agendas = list(
        Agenda.objects.filter(status=AgendaStatus.AWAITING_APPROVAL)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__body")
    )
    reviews = MinutesReview.objects.filter(minutes=OuterRef("pk"))
    minutes = list(
        Minutes.objects.filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.REVIEWED])
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__body")
        .annotate(
            read_by_leader=Exists(reviews.filter(role="Project Leader")),
            read_by_executive=Exists(reviews.filter(role="Project Executive")),
        )
    )
    # The host bodies of the meetings waiting, as a subquery, so the queries below run whatever was found.
    waiting = Agenda.objects.filter(status=AgendaStatus.AWAITING_APPROVAL).values("meeting__body")
    drafts = Minutes.objects.filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.REVIEWED]).values("meeting__body")
    hosts = (
        Body.objects.filter(Q(pk__in=waiting) | Q(pk__in=drafts))
        .annotate(host=Coalesce("capacity_of_id", "pk"))
        .values("host")
    )
    versions = {}
    for tor in TermsOfReference.objects.filter(body__in=hosts).only("pk", "body_id", "status", "effective_from"):
        versions.setdefault(tor.body_id, []).append(tor)
    steps = {}
    for tor_id, body_id, role in (
        AgendaApprovalStep.objects.filter(tor__body__in=hosts)
        .order_by("position")
        .values_list("tor_id", "body_id", "role")
    ):
        steps.setdefault((tor_id, body_id), []).append(role)
    seats = [
        rules.Seat(pk, body_id, capacity_of or body_id, holder, role, sponsor, start, end, position)
        for pk, body_id, capacity_of, holder, role, sponsor, start, end, position in Membership.objects.filter(
            Q(body__in=hosts) | Q(body__capacity_of__in=hosts), person__isnull=False, confirmed=True
        )
        .filter(Q(role__in=[Role.CHAIR, Role.PROJECT_EXECUTIVE]) | Q(is_project_sponsor=True))
        .values_list(
            "pk",
            "body_id",
            "body__capacity_of_id",
            "person_id",
            "role",
            "is_project_sponsor",
            "start_date",
            "end_date",
            "position",
        )
    ]
    delegations = [
        rules.Delegation(capacity_of or body_id, principal, person.pk, starts, ends)
        for body_id, capacity_of, principal, starts, ends in Delegation.objects.filter(delegate=person).values_list(
            "body_id", "body__capacity_of_id", "principal_id", "starts_on", "ends_on"
        )
    ]

    def i_act_as(role, body, day):
        host_id = body.capacity_of_id or body.pk
        held_by = rules.holder(seats, role, body.pk, host_id, day, ApprovalRole.PROJECT_SPONSOR)
        return rules.acts_for(person.pk, held_by, delegations, host_id, day)

    entries = []
    for agenda in agendas:
        meeting = agenda.meeting
        tor = in_force(versions.get(meeting.body.capacity_of_id or meeting.body_id, []), meeting.date)
        role = rules.current_step_role(steps.get((tor.pk, meeting.body_id), []) if tor else [], agenda.step)
        if role is None or not i_act_as(role, meeting.body, today):
            continue
        deadline = deadlines.agenda_issue_deadline(meeting.date, tor)
        what = "the agenda" if not agenda.supplement else f"supplementary agenda {agenda.supplement}"
        entries.append(
            Entry(
                "agenda_approval",
                f"Approve {what}",
                meeting_label(meeting),
                deadline.due if deadline else None,
                reverse("governance:meeting_detail", args=[meeting.pk]),
                note=f"As {ApprovalRole(role).label}; it must be issued by this date",
            )
        )
    for version in minutes:
        meeting = version.meeting
        tor = in_force(versions.get(meeting.body.capacity_of_id or meeting.body_id, []), meeting.date)
        deadline = deadlines.minutes_deadline(meeting.date, tor)
        url = reverse("governance:minutes", args=[meeting.pk])
        due = deadline.due if deadline else None
        if version.status == MinutesStatus.DRAFT:
            mine = set()
            if permissions.PROJECT_LEADER in permissions._groups(user):
                mine.add("Project Leader")
            if i_act_as(ApprovalRole.PROJECT_EXECUTIVE, meeting.body, meeting.date):
                mine.add("Project Executive")
            done = {"Project Leader"} if version.read_by_leader else set()
            done |= {"Project Executive"} if version.read_by_executive else set()
            for role in rules.reads_still_mine(critical_friend_roles(meeting), done, mine):
                entries.append(
                    Entry("minutes_read", "Read the draft minutes", meeting_label(meeting), due, url, note=f"As {role}")
                )
        elif i_act_as(ApprovalRole.CHAIR, meeting.body, today):
            entries.append(
                Entry("minutes_approval", "Approve the minutes", meeting_label(meeting), due, url, note="As Chair")
            )
    return entries


def actions(user, today):
    """Open actions the user owns, due within ten working days or overdue. One or two queries."""
    from governance.models import Action, ActionStatus

    person = person_of(user)
    if person is None:
        return []
    last_day = rules.horizon(today, default_calendar())
    found = Action.objects.filter(owner=person, status=ActionStatus.OPEN, due_on__lte=last_day).select_related(
        "item__agenda__meeting__body"
    )
    sees_all = permissions.sees_all_bodies(user)
    if not sees_all:
        visible = permissions.bodies_visible_to(user).filter(pk=OuterRef("item__agenda__meeting__body"))
        found = found.annotate(may_see=Exists(visible))
    entries = []
    for action in found:
        item = action.item
        meeting = item.agenda.meeting
        may_see = sees_all or action.may_see
        if item.is_exempt and not may_see:
            title = f"Action on {rules.exempt_label(item.exempt_paragraph)}"
        else:
            title = f"Action: {_short(action.description)}"
        entries.append(
            Entry(
                "action",
                title,
                f"{meeting_label(meeting)}, item {item.number}",
                action.due_on,
                reverse("governance:action_edit", args=[action.pk]) if may_see else "",
                note="" if may_see else "Ask the secretariat to record your update: you do not sit on this body",
            )
        )
    return entries


def decision_reports(user, today):
    """Officer decision reports awaiting this Director's sign-off or this decision maker's decision. One query."""
    from governance.models import DecisionReport, DecisionReportStatus

    found = DecisionReport.objects.filter(
        Q(status=DecisionReportStatus.AWAITING_SIGN_OFF, signing_director=user)
        | Q(status=DecisionReportStatus.SIGNED_OFF, decision_maker=user)
    ).order_by("pk")
    entries = []
    for report in found:
        if report.status == DecisionReportStatus.AWAITING_SIGN_OFF:
            kind, title, url = "report_sign_off", "Sign off the decision report", "governance:decision_report"
        else:
            kind, title, url = "report_decision", "Record the decision", "governance:decision_report_decide"
        entries.append(
            Entry(
                kind,
                title,
                report.subject,
                report.intended_decision_date,
                reverse(url, args=[report.pk]),
                note="Intended decision date" if report.intended_decision_date else "",
            )
        )
    return entries


def secretariat_deadlines(user, today):
    """For admin staff: agendas to issue, minutes to circulate and terms of reference to review, within ten working
    days or overdue (the deadlines page's rules). Three queries."""
    from governance.models import (
        Agenda,
        AgendaStatus,
        Body,
        Meeting,
        MeetingStatus,
        Minutes,
        MinutesStatus,
        TermsOfReference,
    )
    from governance.models.bodies import in_force

    if not permissions.is_admin_staff(user):
        return []
    calendar = default_calendar()
    last_day = rules.horizon(today, calendar)
    meetings = list(
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__date__gte=today - LOOK_BACK, starts_at__date__lte=last_day + LOOK_AHEAD)
        .select_related("body")
        .annotate(
            agenda_issued=Exists(
                Agenda.objects.filter(meeting=OuterRef("pk"), supplement=0, status=AgendaStatus.ISSUED)
            ),
            minutes_circulated=Exists(Minutes.objects.filter(meeting=OuterRef("pk"), status=MinutesStatus.CIRCULATED)),
        )
        .order_by("starts_at")
    )
    hosts = Body.objects.filter(capacity_of__isnull=True).order_by("position", "name")
    versions = TermsOfReference.objects.by_host(hosts)
    next_day = _next_meeting_days(meetings)
    entries = []
    for meeting in meetings:
        tor = in_force(versions.get(meeting.body.capacity_of_id or meeting.body_id, []), meeting.date)
        url = reverse("governance:meeting_detail", args=[meeting.pk])
        agenda = deadlines.agenda_issue_deadline(meeting.date, tor, calendar)
        if agenda and not meeting.agenda_issued and meeting.date >= today and agenda.due <= last_day:
            entries.append(Entry("deadline", agenda.what, meeting_label(meeting), agenda.due, url, note=agenda.rule))
        held = meeting.status == MeetingStatus.HELD or meeting.date < today
        minutes = deadlines.minutes_deadline(meeting.date, tor, next_day.get(meeting.pk), calendar)
        if held and minutes and not meeting.minutes_circulated and minutes.due <= last_day:
            entries.append(
                Entry(
                    "deadline",
                    minutes.what,
                    meeting_label(meeting),
                    minutes.due,
                    reverse("governance:minutes", args=[meeting.pk]),
                    note=minutes.rule,
                )
            )
    for body in hosts:
        tor = in_force(versions.get(body.pk, []), today)
        due = deadlines.tor_review_due(tor)
        if due is not None and due <= last_day:
            entries.append(
                Entry(
                    "deadline",
                    f"Review the terms of reference (version {tor.version})",
                    body.name,
                    due,
                    reverse("governance:body_detail", args=[body.slug]),
                )
            )
    return entries


def _next_meeting_days(meetings):
    """{meeting pk: the date of its body's next meeting among `meetings`}. A next meeting later than those fetched
    puts the minutes deadline (counted back from it) beyond the list's horizon, so it is not needed."""
    found, last_seen = {}, {}
    for meeting in reversed(meetings):  # latest first
        found[meeting.pk] = last_seen.get(meeting.body_id)
        last_seen[meeting.body_id] = meeting.date
    return found


def _short(text, length=90):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


GOVERNANCE_PROVIDERS = (approvals, actions, decision_reports, secretariat_deadlines)


def register_governance():
    for provider in GOVERNANCE_PROVIDERS:
        register(provider)
