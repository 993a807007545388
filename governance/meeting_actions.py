"""State changes around meetings. Each is one function that checks the rule, saves, and records who acted.

Views call these and turn GovernanceError into a message on the page.
"""

import copy
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from governance import deadlines, integrity, notifications, quorum, quorum_check, workflow
from governance.actions import GovernanceError, _save, refuse_null_characters
from governance.calendar import default_calendar
from governance.models import (
    Action,
    ActionStatus,
    Agenda,
    AgendaApproval,
    AgendaDecision,
    AgendaItem,
    AgendaStatus,
    ApprovalRole,
    Attendance,
    AttendanceStatus,
    BodyKind,
    Decision,
    DecisionOutcome,
    Declaration,
    Delegation,
    ExceptionMatter,
    ExceptionResponse,
    ExceptionStatus,
    ItemNote,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesReview,
    MinutesStatus,
    Purpose,
    ResponseChoice,
    Role,
    StandingItem,
    TermsOfReference,
)

# ------------------------------------------------------------------------------------------------------- scheduling


def tor_for(meeting_or_body, day=None):
    body = meeting_or_body.body if isinstance(meeting_or_body, Meeting) else meeting_or_body
    day = day or (meeting_or_body.date if isinstance(meeting_or_body, Meeting) else timezone.localdate())
    return TermsOfReference.objects.in_force_on(body, day)


@transaction.atomic
def schedule_meetings(body, first_day, last_day, start_time, by, venue=""):
    """Create the body's ordinary meetings on its ToR cycle from `first_day` to `last_day`.

    A date that falls on a weekend or bank holiday moves to the next working day; a day that already has a meeting
    of this body is skipped. Returns the meetings created.
    """
    tor = tor_for(body, first_day)
    if tor is None or not tor.cycle_weeks:
        raise GovernanceError("The terms of reference in force set no meeting cycle for this body.")
    if last_day < first_day:
        raise GovernanceError("The last date must be on or after the first date.")
    if (last_day - first_day).days > 3 * 366:
        raise GovernanceError("Schedule at most three years at a time.")
    calendar = default_calendar()
    length = dt.timedelta(minutes=tor.meeting_length_minutes or 120)
    taken = set(body.meetings.exclude(status=MeetingStatus.CANCELLED).values_list("starts_at__date", flat=True))
    created, day = [], first_day
    while day <= last_day:
        meeting_day = day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)
        if meeting_day not in taken and meeting_day <= last_day:
            starts = timezone.make_aware(dt.datetime.combine(meeting_day, start_time))
            created.append(
                _save(
                    Meeting(body=body, starts_at=starts, ends_at=starts + length, venue=venue),
                    by,
                    f"Scheduled on the {tor.cycle_weeks}-weekly cycle",
                )
            )
        day += dt.timedelta(weeks=tor.cycle_weeks)
    return created


@transaction.atomic
def call_extraordinary_meeting(
    body, starts_at, by, notice_given_on, called_by_chair=False, callers=(), venue="", length_minutes=None
):
    """An extraordinary meeting, "called by the Chair or by a minimum of four members of the Project Board, with a
    usual advance notice of 1-5 days" (Board ToR); the Strategic Group's Chair may convene one (3.6)."""
    tor = tor_for(body, timezone.localtime(starts_at).date())
    callers = list(callers)
    minimum = (tor.extraordinary_min_members if tor else None) or 0
    if not called_by_chair:
        if not minimum:
            raise GovernanceError("Only the Chair may call an extraordinary meeting of this body.")
        seated = set(
            Membership.objects.current()
            .filter(body=body, role__in=Role.seated(), person__in=callers)
            .values_list("person_id", flat=True)
        )
        if len(seated) < minimum:
            raise GovernanceError(
                f"An extraordinary meeting needs the Chair or at least {minimum} members to call it; "
                f"{len(seated)} member{'s' if len(seated) != 1 else ''} of the body named."
            )
    notice = (timezone.localtime(starts_at).date() - notice_given_on).days
    if notice < 1:
        raise GovernanceError("Give at least one day's notice of an extraordinary meeting.")
    length = dt.timedelta(minutes=length_minutes or (tor.meeting_length_minutes if tor else None) or 120)
    meeting = _save(
        Meeting(
            body=body,
            kind=MeetingKind.EXTRAORDINARY,
            starts_at=starts_at,
            ends_at=starts_at + length,
            venue=venue,
            called_by_chair=called_by_chair,
            notice_given_on=notice_given_on,
        ),
        by,
        f"Extraordinary meeting, {notice} days' notice",
    )
    meeting.called_by.set(callers)
    return meeting


def notice_note(meeting):
    """How the notice given compares with the ToR's usual 1-5 days."""
    if meeting.kind != MeetingKind.EXTRAORDINARY or not meeting.notice_given_on:
        return ""
    days = (meeting.date - meeting.notice_given_on).days
    note = f"{days} day{'s' if days != 1 else ''}' notice"
    return note + (" (more than the usual 1-5 days)" if days > 5 else "")


@transaction.atomic
def change_meeting(meeting, by, reason="Changed"):
    """Save a changed meeting and bump its iCalendar sequence so that calendars update."""
    meeting.sequence += 1
    return _save(meeting, by, reason)


@transaction.atomic
def cancel_meeting(meeting, reason, by):
    if meeting.status == MeetingStatus.HELD:
        raise GovernanceError("A meeting that has been held cannot be cancelled.")
    if not reason.strip():
        raise GovernanceError("Say why the meeting is cancelled.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = reason.strip()
    return change_meeting(meeting, by, f"Cancelled: {reason.strip()}")


# ----------------------------------------------------------------------------------------------------------- agendas


def standing_items(body):
    """Standing business from the ToR: every meeting, and for the Project Board "all issues and all high level
    'red' risks ... at each meeting" and the Project Leader's highlight reports."""
    items = [
        (StandingItem.APOLOGIES, Purpose.FOR_INFORMATION),
        (StandingItem.DECLARATIONS, Purpose.FOR_INFORMATION),
        (StandingItem.MINUTES, Purpose.FOR_DECISION),
        (StandingItem.ACTION_LOG, Purpose.FOR_DISCUSSION),
    ]
    if ExceptionMatter.objects.filter(body=body, status=ExceptionStatus.DECIDED, reported_at__isnull=True).exists():
        items.append((StandingItem.EXCEPTION_DECISIONS, Purpose.FOR_INFORMATION))
    if body.kind == BodyKind.PROJECT_BOARD:
        items += [
            (StandingItem.HIGHLIGHT_REPORT, Purpose.FOR_DISCUSSION),
            (StandingItem.ISSUES_AND_RED_RISKS, Purpose.FOR_DECISION),
        ]
    return items


@transaction.atomic
def ensure_agenda(meeting, by):
    """The meeting's agenda, created with its standing items and any matters referred up from other bodies."""
    agenda = meeting.agendas.filter(supplement=0).first()
    if agenda is not None:
        return agenda
    agenda = _save(Agenda(meeting=meeting), by, "Agenda started")
    position = 0
    for standing, purpose in standing_items(meeting.body):
        position += 1
        item = _save(
            AgendaItem(agenda=agenda, position=position, title=standing.label, standing=standing, purpose=purpose),
            by,
            "Standing item",
        )
        if standing == StandingItem.EXCEPTION_DECISIONS:
            ExceptionMatter.objects.filter(
                body=meeting.body, status=ExceptionStatus.DECIDED, reported_at__isnull=True
            ).update(reported_at=item)
    for decision in _waiting_referrals(meeting.body):
        position += 1
        _save(AgendaItem(agenda=agenda, position=position, **referred_item_fields(decision)), by, "Referred item")
    return agenda


def referred_item_fields(decision):
    """The item a referral puts on the parent body's agenda. An exempt matter stays exempt on the way up."""
    item, meeting = decision.item, decision.item.agenda.meeting
    return {
        "title": f"Referred: {item.title}",
        "purpose": Purpose.FOR_DECISION,
        "referred_from": decision,
        "description": f"Referred by the {meeting.body.name} on {meeting.date:%d %B %Y}: {decision.text}",
        "exempt_paragraph": item.exempt_paragraph,
        "public_interest_reason": item.public_interest_reason,
    }


def _waiting_referrals(body):
    return Decision.objects.filter(
        outcome=DecisionOutcome.REFERRED, referred_to=body, referred_items__isnull=True
    ).select_related("item__agenda__meeting__body")


def _editable(agenda):
    if agenda.status not in (AgendaStatus.DRAFT,):
        raise GovernanceError(
            "The agenda can only be changed while it is a draft. Ask an approver to return it, or add a "
            "supplementary agenda for late items."
        )


@transaction.atomic
def add_item(agenda, by, **fields):
    _editable(agenda)
    position = (agenda.items.aggregate(Max("position"))["position__max"] or 0) + 1
    return _save(AgendaItem(agenda=agenda, position=position, **fields), by, "Item added")


@transaction.atomic
def save_item(item, by):
    _editable(item.agenda)
    return _save(item, by, "Item changed")


@transaction.atomic
def move_item(item, direction, by):
    """Swap the item with its neighbour above (direction -1) or below (+1), then number the items 1, 2, 3 ..."""
    _editable(item.agenda)
    items = list(item.agenda.items.order_by("position", "id"))
    index = items.index(item)
    other = index + direction
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        if each.position != position:
            each.position = position
            _save(each, by, "Reordered")


@transaction.atomic
def remove_item(item, by):
    _editable(item.agenda)
    if item.decisions.exists() or item.actions.exists():
        raise GovernanceError("This item has decisions or actions and cannot be removed.")
    if integrity.locked(item.notes.all()).exists():
        raise GovernanceError("This item is in approved minutes and cannot be removed.")
    agenda = item.agenda
    item._history_user = by
    item.delete()
    for position, each in enumerate(agenda.items.order_by("position", "id"), start=1):
        if each.position != position:
            each.position = position
            _save(each, by, "Renumbered")


@transaction.atomic
def add_supplementary_agenda(meeting, by):
    """A supplementary agenda for late items; it goes through the same approval chain."""
    main = meeting.agendas.filter(supplement=0).first()
    if main is None or not main.is_issued:
        raise GovernanceError("Add late items to the agenda itself until it is issued.")
    number = meeting.agendas.aggregate(Max("supplement"))["supplement__max"] + 1
    return _save(Agenda(meeting=meeting, supplement=number), by, "Supplementary agenda started")


def approval_steps(meeting):
    tor = tor_for(meeting)
    if tor is None:
        return []
    return list(tor.agenda_steps.filter(body=meeting.body).order_by("position"))


def holder_of(role, body, day=None):
    """The person holding `role` (Chair, Project Sponsor, Project Executive) on the body or its other capacities."""
    seats = Membership.objects.current(day).filter(body__in=body.family(), person__isnull=False, confirmed=True)
    if role == ApprovalRole.PROJECT_SPONSOR:
        seat = seats.filter(is_project_sponsor=True).order_by(_this_body_first(body)).first()
    else:
        seat = seats.filter(role=role, body=body).first() or seats.filter(role=role).first()
    return seat.person if seat else None


def _this_body_first(body):
    from django.db.models import Case, IntegerField, Value, When

    return Case(When(body=body, then=Value(0)), default=Value(1), output_field=IntegerField())


def acting_for(user, role, body, day=None):
    """The person `user` may act for in `role`: the holder themselves, or a holder who has delegated to them."""
    holder = holder_of(role, body, day)
    person = getattr(user, "person", None)
    if holder is None or person is None:
        return None
    if person.pk == holder.pk:
        return holder
    day = day or timezone.localdate()
    delegated = Delegation.objects.filter(
        body__in=body.family(), principal=holder, delegate=person, starts_on__lte=day, ends_on__gte=day
    ).exists()
    return holder if delegated else None


def next_step(agenda):
    steps = approval_steps(agenda.meeting)
    if agenda.status != AgendaStatus.AWAITING_APPROVAL or agenda.step >= len(steps):
        return None
    return steps[agenda.step]


def _record(agenda, decision, by, role="", on_behalf_of=None, comment=""):
    approval = AgendaApproval(
        agenda=agenda, decision=decision, by=by, role=role, on_behalf_of=on_behalf_of, comment=comment
    )
    refuse_null_characters(approval)
    approval.save()


@transaction.atomic
def submit_agenda(agenda, by):
    from governance import permissions

    if not permissions.can_draft_agenda(by):
        raise GovernanceError("Only the Project Leader or admin staff may send an agenda for approval.")
    if not agenda.items.exists():
        raise GovernanceError("Add at least one item before sending the agenda for approval.")
    steps = approval_steps(agenda.meeting)
    agenda.status = _transition(workflow.next_agenda_status, agenda.status, "submit", 0, len(steps))
    agenda.step = 0
    _record(agenda, AgendaDecision.SUBMITTED, by, role="Drafter")
    _save(agenda, by, "Sent for approval")
    agenda.notice = _tell_next_approver(agenda)
    return agenda


def _tell_next_approver(agenda):
    """Email the holder of the step the agenda now waits for."""
    step = next_step(agenda)
    if step is None:
        return None
    meeting = agenda.meeting
    return notifications.notify(
        [holder_of(step.role, meeting.body)],
        notifications.NotificationKind.AGENDA_APPROVAL,
        f"Agenda for your approval: {meeting}",
        [
            f"The {_agenda_name(agenda)} for the {meeting.body.name} meeting on {meeting.date:%A %d %B %Y} waits "
            f"for your approval as {step.get_role_display()}.",
            "Approve it, or return it with what needs changing.",
        ],
        reverse("governance:meeting_detail", args=[meeting.pk]),
        exempt_safe=True,
    )


def _agenda_name(agenda):
    return f"supplementary agenda {agenda.supplement}" if agenda.supplement else "agenda"


def _transition(function, *args):
    try:
        return function(*args)
    except workflow.TransitionRefused as error:
        raise GovernanceError(str(error)) from error


def _approver(agenda, by):
    step = next_step(agenda)
    if step is None:
        raise GovernanceError("This agenda is not waiting for an approval.")
    principal = acting_for(by, step.role, agenda.meeting.body, timezone.localdate())
    if principal is None:
        holder = holder_of(step.role, agenda.meeting.body)
        who = f"{holder.name} ({step.get_role_display()})" if holder else f"the {step.get_role_display()}"
        raise GovernanceError(f"This step is for {who} or a recorded delegate.")
    return step, principal


@transaction.atomic
def approve_agenda(agenda, by, comment=""):
    step, principal = _approver(agenda, by)
    steps = approval_steps(agenda.meeting)
    agenda.status = _transition(workflow.next_agenda_status, agenda.status, "approve", agenda.step, len(steps))
    agenda.step += 1
    person = getattr(by, "person", None)
    _record(
        agenda,
        AgendaDecision.APPROVED,
        by,
        role=step.get_role_display(),
        on_behalf_of=principal if person is None or principal.pk != person.pk else None,
        comment=comment,
    )
    _save(agenda, by, f"Approved by the {step.get_role_display()}")
    agenda.notice = _tell_next_approver(agenda)
    return agenda


@transaction.atomic
def return_agenda(agenda, by, comment):
    if not comment.strip():
        raise GovernanceError("Say what needs changing when you return an agenda.")
    if agenda.status == AgendaStatus.APPROVED:
        from governance import permissions

        if not permissions.can_manage_meetings(by):
            raise GovernanceError("Only admin staff may return an approved agenda before issue.")
        role, principal = "Admin staff", None
    else:
        step, principal = _approver(agenda, by)
        role = step.get_role_display()
    agenda.status = _transition(workflow.next_agenda_status, agenda.status, "return")
    agenda.step = 0
    _record(agenda, AgendaDecision.RETURNED, by, role=role, on_behalf_of=principal, comment=comment.strip())
    _save(agenda, by, "Returned with comments")
    submitted = agenda.approvals.filter(decision=AgendaDecision.SUBMITTED).order_by("-pk").first()
    meeting = agenda.meeting
    agenda.notice = notifications.notify(
        [submitted.by if submitted else None],
        notifications.NotificationKind.AGENDA_RETURNED,
        f"Agenda returned: {meeting}",
        [
            f"The {role} returned the {_agenda_name(agenda)} for the {meeting.body.name} meeting on "
            f"{meeting.date:%A %d %B %Y} with this comment:",
            "",
            comment.strip(),
        ],
        reverse("governance:meeting_detail", args=[meeting.pk]),
        exempt_safe=_sees_every_body,
    )
    return agenda


def _sees_every_body(user):
    """An approver's comment may quote an exempt item: it goes only to those who see every body (the drafters)."""
    from governance import permissions

    return permissions.sees_all_bodies(user)


def issue_deadline(agenda):
    return deadlines.agenda_issue_deadline(agenda.meeting.date, tor_for(agenda.meeting))


@transaction.atomic
def issue_agenda(agenda, by, late_reason="", today=None):
    """Issue an approved agenda: after the deadline only with the special circumstances of urgency recorded."""
    from governance import permissions

    if not permissions.can_manage_meetings(by):
        raise GovernanceError("The administration team issues agendas.")
    today = today or timezone.localdate()
    deadline = issue_deadline(agenda)
    late = deadline is not None and today > deadline.due
    if late and not late_reason.strip():
        raise GovernanceError(
            f"The deadline was {deadline.due:%d %B %Y} ({deadline.rule}). Record the special circumstances of "
            "urgency to issue it late; the reason is carried into the minutes."
        )
    agenda.status = _transition(workflow.next_agenda_status, agenda.status, "issue")
    agenda.issued_at = timezone.now()
    agenda.issued_by = by
    agenda.late_reason = late_reason.strip() if late else ""
    _record(agenda, AgendaDecision.ISSUED, by, role="Admin staff", comment=agenda.late_reason)
    _save(agenda, by, "Issued late" if late else "Issued")
    agenda.notice = send_agenda(agenda)
    return agenda


def members_of(body):
    """Everyone with a current seat on the body (members, officers in attendance) and their named deputies."""
    seats = Membership.objects.current().filter(body=body).select_related("person__user", "deputy__user")
    people = [s.person for s in seats if s.person_id] + [s.deputy for s in seats if s.deputy_id]
    return list({p.pk: p for p in people}.values())


def send_agenda(agenda):
    """Email the issued agenda to the body's members (after the transaction commits). Exempt items are named only
    by their exemption, never by their content. Returns the notifications.Notice."""
    meeting = agenda.meeting
    lines = [
        f"{'Supplementary agenda' if agenda.supplement else 'Agenda'} for the {meeting.body.name}",
        f"{timezone.localtime(meeting.starts_at):%A %d %B %Y, %H:%M}{', ' + meeting.venue if meeting.venue else ''}",
        "",
    ]
    for item in agenda.items.order_by("position"):
        if item.is_exempt:
            lines.append(f"{item.number}. Exempt item: {item.exempt_notice}")
        else:
            lines.append(f"{item.number}. {item.title} ({item.get_purpose_display().lower()})")
    return notifications.notify(
        members_of(meeting.body),
        notifications.NotificationKind.AGENDA_ISSUED,
        f"{'Supplementary agenda' if agenda.supplement else 'Agenda'}: {meeting}",
        lines,
        reverse("governance:meeting_detail", args=[meeting.pk]),
        exempt_safe=True,
    )


# ------------------------------------------------------------------------------------------------------- the meeting


def meeting_items(meeting):
    """All items of the meeting in order: the agenda's, then each supplementary agenda's."""
    return list(
        AgendaItem.objects.filter(agenda__meeting=meeting)
        .select_related("agenda")
        .order_by("agenda__supplement", "position", "id")
    )


def item_ordinal(item, items=None):
    """The item's place in the meeting (1, 2, ...), which arrivals and departures refer to."""
    items = items if items is not None else meeting_items(item.agenda.meeting)
    return [i.pk for i in items].index(item.pk) + 1


# A seat's holder is "present"; officers who attend or support the meeting are "in attendance"; anyone else recorded
# is a guest unless they stand in for a member.
_OFFICER_ROLES = frozenset({Role.IN_ATTENDANCE, Role.REPORTING_OFFICER, Role.MEETING_SUPPORT})


@dataclass(frozen=True)
class AttendanceEntry:
    """One person's attendance as a form gives it. `note` None leaves a recorded note as it is."""

    person_id: int
    status: str
    deputy_for_id: int | None = None
    arrived_at_item: int | None = None
    left_at_item: int | None = None
    note: str | None = None


class AttendanceRefused(GovernanceError):
    """Rows of the register that break a rule: `problems` maps a person's id to [(field, message), ...]."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(" ".join(message for found in problems.values() for _field, message in found))


@dataclass
class RegisterRow:
    """One line of the attendance register: a person with their seats on the body and the seats they are the named
    deputy for, and what is recorded for them. A vacant seat is a line with no person."""

    person: object
    seats: list
    deputy_seats: list
    saved: Attendance | None = None

    @property
    def statuses(self):
        """What this person can be recorded as, in the order the register offers them."""
        if self.person is None:
            return []
        roles = {seat.role for seat in self.seats}
        if roles - _OFFICER_ROLES:
            first = [AttendanceStatus.PRESENT]
        elif roles:
            first = [AttendanceStatus.IN_ATTENDANCE]
        else:
            first = [] if self.deputy_seats else [AttendanceStatus.GUEST]
        out = first + ([AttendanceStatus.DEPUTY] if self.deputy_seats else [])
        out += [AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT]
        if self.saved is not None and self.saved.status not in out:
            out.insert(0, AttendanceStatus(self.saved.status))
        return out


@dataclass
class AttendanceSheet:
    """Everything the attendance register shows, read in a fixed number of queries whatever the size of the body."""

    meeting: Meeting
    seats: list
    rows: list
    saved: dict
    items: list
    declarations: list


def attendance_sheet(meeting):
    """Every seat on the meeting's body on its date (a vacant seat as a line of its own), each holder followed by
    their named deputy, then anyone else already recorded (guests, officers invited for an item)."""
    seats = list(Membership.objects.current(meeting.date).filter(body=meeting.body).select_related("person", "deputy"))
    saved = {row.person_id: row for row in meeting.attendance.select_related("person", "deputy_for__person")}
    rows, by_person = [], {}

    def row_for(person):
        if person.pk not in by_person:
            by_person[person.pk] = RegisterRow(person, [], [], saved.get(person.pk))
            rows.append(by_person[person.pk])
        return by_person[person.pk]

    for seat in seats:
        if seat.vacant:
            rows.append(RegisterRow(None, [seat], []))
            continue
        row_for(seat.person).seats.append(seat)
        if seat.deputy_id:
            row_for(seat.deputy).deputy_seats.append(seat)
    for row in saved.values():
        row_for(row.person)
    declarations = list(Declaration.objects.filter(item__agenda__meeting=meeting))
    return AttendanceSheet(meeting, seats, rows, saved, meeting_items(meeting), declarations)


def _with_entries(meeting, saved, entries):
    """Every attendance row as it would stand with `entries` applied: {person id: Attendance}. The rows in `saved`
    are not changed; changed ones are copies."""
    state = dict(saved)
    for entry in entries:
        row = copy.copy(saved[entry.person_id]) if entry.person_id in saved else Attendance(meeting=meeting)
        row.person_id = entry.person_id
        row.status = entry.status
        # Only a deputy stands in for a seat.
        row.deputy_for_id = entry.deputy_for_id if entry.status == AttendanceStatus.DEPUTY else None
        row.arrived_at_item, row.left_at_item = entry.arrived_at_item, entry.left_at_item
        if entry.note is not None:
            row.note = entry.note
        state[entry.person_id] = row
    return state


def _there_together(one, other):
    """Were the two people in the room at the same time (items are numbered from 1; None is the whole meeting)?"""
    if not (one.is_there and other.is_there):
        return False
    start = max(one.arrived_at_item or 1, other.arrived_at_item or 1)
    end = min(one.left_at_item or float("inf"), other.left_at_item or float("inf"))
    return start < end


def register_problems(state, changed, seats, names):
    """What is wrong with the changed rows of an attendance register: {person id: [(field, message), ...]}.

    `state` is every row as it would be saved ({person id: Attendance}), `changed` the ids of the rows being changed,
    `seats` the body's seats on the meeting's date and `names` {person id: name}. Rows nobody changed are not judged
    again, except where a changed row conflicts with them.
    """
    problems = {}
    seats = {seat.pk: seat for seat in seats}

    def refuse(person_id, field, message):
        problems.setdefault(person_id, []).append((field, message))

    for person_id in changed:
        row, name = state[person_id], names.get(person_id, "This person")
        if row.status == AttendanceStatus.DEPUTY:
            seat = seats.get(row.deputy_for_id)
            if row.deputy_for_id is None:
                refuse(person_id, "deputy_for", f"Say whose place {name} is taking as deputy.")
            elif seat is None or seat.vacant:
                refuse(person_id, "deputy_for", "The deputy must stand in for a seat on this body.")
            elif seat.deputy_id != person_id:
                named = f"the named deputy is {seat.deputy.name}" if seat.deputy_id else "the seat has no named deputy"
                refuse(person_id, "deputy_for", f"{name} is not the named deputy for {seat.holder_name} ({named}).")
        if not row.is_there and (row.arrived_at_item or row.left_at_item):
            refuse(
                person_id,
                "arrived_at_item" if row.arrived_at_item else "left_at_item",
                f"{name} is not recorded as there: clear the items they arrived at and left before, "
                "or record them as present.",
            )
        elif row.arrived_at_item and row.left_at_item and row.left_at_item <= row.arrived_at_item:
            refuse(
                person_id,
                "left_at_item",
                f"{name} cannot leave before the item at which they arrived (arrived at item {row.arrived_at_item}, "
                f"left before item {row.left_at_item}).",
            )
    # A deputy stands in only while the member is away: both may be recorded when one leaves before the other arrives.
    for person_id, row in state.items():
        seat = seats.get(row.deputy_for_id) if row.status == AttendanceStatus.DEPUTY else None
        if seat is None or seat.vacant or seat.deputy_id != person_id:
            continue
        member = state.get(seat.person_id)
        if member is None or not _there_together(row, member):
            continue
        deputy, principal = names.get(person_id, "The deputy"), seat.holder_name
        if person_id in changed:
            refuse(
                person_id,
                "deputy_for",
                f"{principal} is recorded as there, so {deputy} cannot stand in for them at the same time. Record "
                f"the item {principal} left before or {deputy} arrived at, or change {principal}'s attendance.",
            )
        elif seat.person_id in changed:
            refuse(
                seat.person_id,
                "status",
                f"{deputy} is recorded as standing in for {principal}, so {principal} cannot be there at the same "
                f"time. Record the item one left before or the other arrived at, or change {deputy}'s attendance.",
            )
    return problems


def _differs(row, saved):
    return saved is None or any(
        getattr(row, name) != getattr(saved, name)
        for name in ("status", "deputy_for_id", "arrived_at_item", "left_at_item", "note")
    )


@transaction.atomic
def record_register(meeting, entries, by):
    """Record the attendance register: the rows a person changed, all or none.

    1. Every changed row is judged against the whole register as it would stand (a deputy and their member, arrivals
       and departures); any problem refuses the lot with AttendanceRefused, naming the rows.
    2. Each row that differs from what is recorded is saved with its history and the acting user.
    3. A scheduled meeting that has begun and has someone there is marked as held.
    Returns {person id: Attendance} for the entries.
    """
    from governance.models import Person

    entries = list(entries)
    saved = {row.person_id: row for row in meeting.attendance.order_by()}
    seats = list(Membership.objects.current(meeting.date).filter(body=meeting.body).select_related("person", "deputy"))
    ids = {entry.person_id for entry in entries} | {seat.person_id for seat in seats if seat.person_id}
    names = dict(Person.objects.filter(pk__in=ids | set(saved)).values_list("pk", "name"))
    unknown = {entry.person_id for entry in entries} - set(names)
    if unknown:
        raise GovernanceError("Choose people who are on record.")
    state = _with_entries(meeting, saved, entries)
    changed = [entry.person_id for entry in entries]
    problems = register_problems(state, changed, seats, names)
    if problems:
        raise AttendanceRefused(problems)
    rows = {}
    for person_id in changed:
        row = state[person_id]
        if _differs(row, saved.get(person_id)):
            _save(row, by, "Attendance recorded")
        rows[person_id] = row
    if (
        meeting.status == MeetingStatus.SCHEDULED
        and meeting.starts_at <= timezone.now()
        and any(row.is_there for row in rows.values())
    ):
        meeting.status = MeetingStatus.HELD
        _save(meeting, by, "Held")
    return rows


def record_attendance(meeting, person, status, by, deputy_for=None, arrived_at_item=None, left_at_item=None, note=""):
    """One person's attendance (a guest, or someone added to the register by hand), under the register's rules."""
    entry = AttendanceEntry(
        person.pk, status, deputy_for.pk if deputy_for else None, arrived_at_item, left_at_item, note
    )
    return record_register(meeting, [entry], by)[person.pk]


def register_quorum(sheet, attendance):
    """Quorum at the start and at each item for `attendance` (saved rows, or the register's unsaved values): one rule
    and one set of seats for the whole meeting. Returns (result at the start, [(item, result), ...]); the results
    are None when the terms of reference set no quorum rule."""
    meeting = sheet.meeting
    _tor, rule = quorum_check.rule_for(meeting.body, meeting.date)
    if rule is None:
        return None, [(item, None) for item in sheet.items]
    rules, seats = rule.as_rules(), [seat.as_seat() for seat in sheet.seats]
    start = quorum.evaluate(rules, seats, {row.person_id for row in attendance if row.present_for(1)})
    per_item = [
        (item, quorum.evaluate(rules, seats, present_at(meeting, item, sheet.items, attendance, sheet.declarations)))
        for item in sheet.items
    ]
    return start, per_item


def register_preview(sheet, entries):
    """The attendance rows as they would stand with `entries` applied, without saving anything."""
    return list(_with_entries(sheet.meeting, sheet.saved, entries).values())


@transaction.atomic
def declare_interest(item, person, kind, interest, disqualifying, by):
    if not interest.strip():
        raise GovernanceError("Describe the interest.")
    row = Declaration.objects.filter(item=item, person=person).first() or Declaration(item=item, person=person)
    row.kind, row.interest, row.disqualifying = kind, interest.strip(), disqualifying
    return _save(row, by, "Declaration recorded")


def present_at(meeting, item, items=None, attendance=None, declarations=None):
    """People in the room for `item`: there by arrival and departure, less anyone who left for a disqualifying
    interest in it."""
    ordinal = item_ordinal(item, items)
    attendance = attendance if attendance is not None else list(meeting.attendance.all())
    declared = declarations if declarations is not None else list(item.declarations.all())
    out = {row.person_id for row in attendance if row.present_for(ordinal)}
    return out - {d.person_id for d in declared if d.item_id == item.pk and d.disqualifying}


def quorum_at(meeting, item=None, items=None, attendance=None, declarations=None):
    """(rule, result) for the meeting as a whole (people there at the start) or at one item."""
    if item is None:
        attendance = attendance if attendance is not None else list(meeting.attendance.all())
        present = {row.person_id for row in attendance if row.present_for(1)}
    else:
        present = present_at(meeting, item, items, attendance, declarations)
    _tor, rule, result = quorum_check.evaluate(meeting.body, meeting.date, present)
    return rule, result


def describe_quorum(result):
    counted = ", ".join(sorted(c.seat.label + (" (deputy)" if c.as_deputy else "") for c in result.counted))
    if result.quorate:
        return f"Quorate: {result.members_present} counted ({counted})."
    return f"Not quorate: {'; '.join(result.shortfalls)}. Counted: {counted or 'nobody'}."


MINUTES_APPROVED = "The minutes are approved; record a correction as a new version of the minutes."


def _locked_by_minutes(meeting):
    return integrity.locked(meeting.minutes.all()).exists()


@transaction.atomic
def record_decision(item, text, by):
    """Record a decision. When the item is not quorate it cannot be: defer it or refer it to the parent body."""
    meeting = item.agenda.meeting
    if _locked_by_minutes(meeting):
        raise GovernanceError(MINUTES_APPROVED)
    if not text.strip():
        raise GovernanceError("Write the decision.")
    rule, result = quorum_at(meeting, item)
    if rule is None:
        raise GovernanceError("The terms of reference in force set no quorum rule, so no decision can be recorded.")
    if not result.quorate:
        parent = parent_for_referral(meeting.body)
        where = f" or refer it to the {parent.name}" if parent else ""
        raise GovernanceError(
            f"Item {item.number} is not quorate ({'; '.join(result.shortfalls)}). A decision cannot be recorded: "
            f"defer it{where}."
        )
    return _save(
        Decision(
            item=item,
            text=text.strip(),
            outcome=DecisionOutcome.DECIDED,
            quorate=True,
            quorum_note=describe_quorum(result),
            recorded_by=by,
        ),
        by,
        "Decision recorded",
    )


def parent_for_referral(body):
    """Where an undecided matter goes: Strategic Group -> Project Board -> Adult Commissioning Board."""
    return body.refers_disagreements_to or body.reports_to


@transaction.atomic
def defer_item(item, text, by):
    meeting = item.agenda.meeting
    if _locked_by_minutes(meeting):
        raise GovernanceError(MINUTES_APPROVED)
    _rule, result = quorum_at(meeting, item)
    return _save(
        Decision(
            item=item,
            text=text.strip() or "Deferred to a later meeting.",
            outcome=DecisionOutcome.DEFERRED,
            quorate=bool(result and result.quorate),
            quorum_note=describe_quorum(result) if result else "No quorum rule.",
            recorded_by=by,
        ),
        by,
        "Deferred",
    )


@transaction.atomic
def refer_item(item, text, by):
    """Refer the matter to the parent body; it lands on the parent's next agenda (now if one is in draft)."""
    meeting = item.agenda.meeting
    if _locked_by_minutes(meeting):
        raise GovernanceError(MINUTES_APPROVED)
    parent = parent_for_referral(meeting.body)
    if parent is None:
        raise GovernanceError("This body has no parent body to refer the matter to.")
    _rule, result = quorum_at(meeting, item)
    decision = _save(
        Decision(
            item=item,
            text=text.strip() or f"Referred to the {parent.name}.",
            outcome=DecisionOutcome.REFERRED,
            referred_to=parent,
            quorate=bool(result and result.quorate),
            quorum_note=describe_quorum(result) if result else "No quorum rule.",
            recorded_by=by,
        ),
        by,
        f"Referred to {parent}",
    )
    upcoming = (
        Meeting.objects.filter(body=parent, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if upcoming is not None:
        agenda = upcoming.agendas.filter(supplement=0, status=AgendaStatus.DRAFT).first()
        if agenda is not None:
            add_item(agenda, by, **referred_item_fields(decision))
    return decision


@transaction.atomic
def add_action(item, description, owner, due_on, by):
    if _locked_by_minutes(item.agenda.meeting):
        raise GovernanceError(MINUTES_APPROVED)
    action = _save(Action(item=item, description=description.strip(), owner=owner, due_on=due_on), by, "Action added")
    meeting = item.agenda.meeting
    action.notice = notifications.notify(
        [owner],
        notifications.NotificationKind.ACTION_ASSIGNED,
        f"Action for you, due {due_on:%d %B %Y}",
        [
            f"The {meeting.body.name} meeting on {meeting.date:%d %B %Y} gave you an action, due {due_on:%A %d %B %Y}:",
            "",
            action_text(action),
        ],
        reverse("governance:my_meetings"),
        exempt_safe=True,
    )
    return action


def action_text(action):
    """What an email says of an action: its words, or for an exempt item only the item and its exemption."""
    item = action.item
    if item.is_exempt:
        return f"An action on exempt item {item.number}: {item.exempt_notice}"
    return f"{action.description} (item {item.number}, {item.title})"


@transaction.atomic
def update_action(action, status, update, by, done_on=None):
    action.status, action.update = status, update.strip()
    # Only a done action has a done date.
    action.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    return _save(action, by, f"Action {action.get_status_display().lower()}")


def open_actions(body, before=None):
    """Open actions of the body's earlier meetings: carried onto the next agenda's action log."""
    actions = Action.objects.filter(item__agenda__meeting__body=body, status=ActionStatus.OPEN)
    if before is not None:
        actions = actions.filter(item__agenda__meeting__starts_at__lt=before)
    return actions.select_related("owner", "item__agenda__meeting").order_by("due_on")


# ----------------------------------------------------------------------------------------------------------- minutes


def critical_friend_roles(meeting):
    """The Board's ToR has the Project Leader and Project Executive read the minutes before the Chair approves."""
    return ["Project Leader", "Project Executive"] if meeting.body.kind == BodyKind.PROJECT_BOARD else []


def current_minutes(meeting):
    return meeting.minutes.order_by("-version").first()


@transaction.atomic
def start_minutes(meeting, by):
    if current_minutes(meeting) is not None:
        raise GovernanceError("These minutes are already started.")
    late = "; ".join(a.late_reason for a in meeting.agendas.exclude(late_reason=""))
    minutes = _save(Minutes(meeting=meeting, late_issue_reason=late), by, "Minutes started")
    for item in meeting_items(meeting):
        _save(ItemNote(minutes=minutes, item=item), by, "Minutes started")
    if critical_friend_roles(meeting):
        minutes.notice = notifications.notify(
            critical_friends(meeting),
            notifications.NotificationKind.MINUTES_REVIEW,
            f"Minutes to read as critical friend: {meeting}",
            [
                f"The draft minutes of the {meeting.body.name} meeting on {meeting.date:%A %d %B %Y} are started. "
                "As critical friend you read them before they go to the Chair for approval.",
            ],
            reverse("governance:minutes", args=[meeting.pk]),
            exempt_safe=True,
        )
    return minutes


def critical_friends(meeting):
    """The people who read the Board's minutes as critical friend: the Project Leader and the Project Executive."""
    from django.contrib.auth import get_user_model

    from governance import permissions

    leaders = list(get_user_model().objects.filter(groups__name=permissions.PROJECT_LEADER, is_active=True))
    return leaders + [holder_of(ApprovalRole.PROJECT_EXECUTIVE, meeting.body, meeting.date)]


def _tell_the_chair(minutes):
    meeting = minutes.meeting
    return notifications.notify(
        [holder_of(ApprovalRole.CHAIR, meeting.body, meeting.date)],
        notifications.NotificationKind.MINUTES_APPROVAL,
        f"Minutes for your approval: {meeting}",
        [
            f"The minutes of the {meeting.body.name} meeting on {meeting.date:%A %d %B %Y} wait for your approval "
            "as Chair.",
        ],
        reverse("governance:minutes", args=[meeting.pk]),
        exempt_safe=True,
    )


@transaction.atomic
def save_note(minutes, item, discussion, by):
    if minutes.is_locked:
        raise GovernanceError("Approved minutes cannot be changed. Start a correction, with a reason.")
    note = ItemNote.objects.filter(minutes=minutes, item=item).first() or ItemNote(minutes=minutes, item=item)
    note.discussion = discussion
    return _save(note, by, "Note edited")


def _role_of(user, meeting):
    """The critical-friend role the user holds for this meeting, if any."""
    from governance import permissions

    roles = []
    if permissions.PROJECT_LEADER in permissions._groups(user):
        roles.append("Project Leader")
    if acting_for(user, ApprovalRole.PROJECT_EXECUTIVE, meeting.body, meeting.date) is not None:
        roles.append("Project Executive")
    return roles


@transaction.atomic
def review_minutes(minutes, by, comment=""):
    needed = critical_friend_roles(minutes.meeting)
    done = set(minutes.reviews.values_list("role", flat=True))
    mine = [r for r in _role_of(by, minutes.meeting) if r in needed and r not in done]
    if not mine:
        raise GovernanceError("Only the Project Leader and the Project Executive review these minutes, once each.")
    review = MinutesReview(minutes=minutes, by=by, role=mine[0], comment=comment.strip())
    refuse_null_characters(review)
    review.save()
    minutes.status = _transition(workflow.next_minutes_status, minutes.status, "review", len(done), len(needed))
    _save(minutes, by, f"Read by the {mine[0]}")
    if minutes.status == MinutesStatus.REVIEWED:
        minutes.notice = _tell_the_chair(minutes)
    return minutes


@transaction.atomic
def submit_minutes_to_chair(minutes, by):
    """Minutes with no critical friends in the ToR go straight to the Chair."""
    if critical_friend_roles(minutes.meeting):
        raise GovernanceError("The Project Leader and the Project Executive must read these minutes first.")
    if minutes.status != MinutesStatus.DRAFT:
        raise GovernanceError("Only draft minutes can be sent to the Chair.")
    minutes.status = MinutesStatus.REVIEWED
    _save(minutes, by, "Sent to the Chair")
    minutes.notice = _tell_the_chair(minutes)
    return minutes


@transaction.atomic
def approve_minutes(minutes, by):
    meeting = minutes.meeting
    if acting_for(by, ApprovalRole.CHAIR, meeting.body) is None:
        raise GovernanceError("The Chair (or a recorded delegate) approves the minutes.")
    minutes.status = _transition(workflow.next_minutes_status, minutes.status, "approve")
    minutes.approved_by, minutes.approved_at = by, timezone.now()
    return _save(minutes, by, "Approved by the Chair")


@transaction.atomic
def circulate_minutes(minutes, by):
    from governance import permissions

    if not permissions.can_manage_meetings(by):
        raise GovernanceError("The administration team circulates the minutes.")
    minutes.status = _transition(workflow.next_minutes_status, minutes.status, "circulate")
    minutes.circulated_at = timezone.now()
    _save(minutes, by, "Circulated")
    meeting = minutes.meeting
    minutes.notice = notifications.notify(
        members_of(meeting.body),
        notifications.NotificationKind.MINUTES_CIRCULATED,
        f"Minutes: {meeting}",
        [f"The approved minutes of the {meeting.body.name} meeting on {meeting.date:%d %B %Y} are available."],
        reverse("governance:minutes", args=[meeting.pk]),
        exempt_safe=True,
    )
    return minutes


@transaction.atomic
def correct_minutes(minutes, reason, by):
    """A correction to approved minutes: a new draft version carrying the notes, with the reason recorded."""
    if not minutes.is_locked:
        raise GovernanceError("Draft minutes can be edited directly; corrections are for approved minutes.")
    if not reason.strip():
        raise GovernanceError("Give the reason for the correction.")
    if minutes.meeting.minutes.filter(version__gt=minutes.version).exists():
        raise GovernanceError("A later version already exists; correct that one.")
    new = _save(
        Minutes(
            meeting=minutes.meeting,
            version=minutes.version + 1,
            corrects=minutes,
            correction_reason=reason.strip(),
            late_issue_reason=minutes.late_issue_reason,
        ),
        by,
        f"Correction: {reason.strip()}",
    )
    for note in minutes.notes.all():
        _save(ItemNote(minutes=new, item=note.item, discussion=note.discussion), by, "Carried into the correction")
    return new


# --------------------------------------------------------------------------------------------- between meetings


@transaction.atomic
def raise_exception_matter(body, category, question, respond_by, by):
    if not question.strip():
        raise GovernanceError("Write the question for the decision-makers.")
    if respond_by < timezone.localdate():
        raise GovernanceError("The response date cannot be in the past.")
    return _save(
        ExceptionMatter(body=body, category=category, question=question.strip(), respond_by=respond_by, raised_by=by),
        by,
        "Put to members between meetings",
    )


def may_respond(person, matter):
    """Members whose seats count towards quorum respond, or their named deputies when they have the authority the
    ToR requires of a deputy (delegated decision-making powers on the Project Board, authority to speak on the
    Strategic Group)."""
    from governance.models import DeputyAuthority

    seats = Membership.objects.current().filter(body=matter.body, role__in=Role.seated(), voting=True)
    if seats.filter(person=person, confirmed=True).exists():
        return True
    _tor, rule = quorum_check.rule_for(matter.body, timezone.localdate())
    enough = [DeputyAuthority.DECIDE]
    if rule is None or rule.deputy_authority_required == DeputyAuthority.SPEAK:
        enough.append(DeputyAuthority.SPEAK)
    return seats.filter(deputy=person, deputy_authority__in=enough).exists()


@transaction.atomic
def lapse_if_overdue(matter, by, today=None):
    """An open matter whose response date has passed lapses: it is not decided between meetings."""
    today = today or timezone.localdate()
    if matter.status == ExceptionStatus.OPEN and matter.respond_by < today:
        matter.status = ExceptionStatus.LAPSED
        matter.outcome = "Not enough responses agreed by the response date; for the next meeting."
        _save(matter, by, "Lapsed")
    return matter


def respond_to_matter(matter, person, response, comment, by):
    # The lapse is committed on its own: it stands even though this response is then refused.
    lapse_if_overdue(matter, by)
    if matter.status == ExceptionStatus.LAPSED:
        raise GovernanceError(f"Responses closed on {matter.respond_by:%d %B %Y}; the matter has lapsed.")
    return _record_response(matter, person, response, comment, by)


@transaction.atomic
def _record_response(matter, person, response, comment, by):
    if matter.status != ExceptionStatus.OPEN:
        raise GovernanceError("This matter is no longer open for responses.")
    if not may_respond(person, matter):
        raise GovernanceError("Only members of the body (or their deputies with delegated powers) respond.")
    row = ExceptionResponse.objects.filter(matter=matter, person=person).first() or ExceptionResponse(
        matter=matter, person=person
    )
    row.response, row.comment = response, comment.strip()
    _save(row, by, "Response recorded")
    agreeing = set(matter.responses.filter(response=ResponseChoice.AGREE).values_list("person_id", flat=True))
    _tor, rule, result = quorum_check.evaluate(matter.body, timezone.localdate(), agreeing)
    if result is not None and result.quorate:
        matter.status = ExceptionStatus.DECIDED
        matter.decided_at = timezone.now()
        matter.outcome = "Agreed by enough decision-makers to satisfy the quorum rule."
        matter.quorum_note = describe_quorum(result)
        _save(matter, by, "Decided between meetings")
    return row
