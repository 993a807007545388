"""State changes around meetings. Each is one function that checks the rule, saves, and records who acted.

Views call these and turn GovernanceError into a message on the page.
"""

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from governance import deadlines, integrity, quorum_check, workflow
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
    return _save(agenda, by, "Sent for approval")


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
    return _save(agenda, by, f"Approved by the {step.get_role_display()}")


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
    return _save(agenda, by, "Returned with comments")


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
    transaction.on_commit(lambda: send_agenda(agenda))
    return agenda


def recipients(body):
    """Email addresses of everyone with a current seat on the body (members, officers in attendance, deputies)."""
    seats = Membership.objects.current().filter(body=body).select_related("person", "deputy")
    emails = {s.person.email for s in seats if s.person_id and s.person.email}
    emails |= {s.deputy.email for s in seats if s.deputy_id and s.deputy.email}
    return sorted(emails)


def send_agenda(agenda):
    """Email the issued agenda. Exempt items are named only by their exemption, never by their content."""
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
    lines += ["", f"Papers: {reverse('governance:meeting_detail', args=[meeting.pk])}"]
    to = recipients(meeting.body)
    if to:
        send_mail(f"Agenda: {meeting}", "\n".join(lines), None, to)


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


@transaction.atomic
def record_attendance(meeting, person, status, by, deputy_for=None, arrived_at_item=None, left_at_item=None, note=""):
    row = Attendance.objects.filter(meeting=meeting, person=person).first() or Attendance(
        meeting=meeting, person=person
    )
    row.status, row.deputy_for, row.note = status, deputy_for, note
    row.arrived_at_item, row.left_at_item = arrived_at_item, left_at_item
    if status == AttendanceStatus.DEPUTY and deputy_for is not None and deputy_for.body_id != meeting.body_id:
        raise GovernanceError("The deputy must stand in for a seat on this body.")
    _save(row, by, "Attendance recorded")
    if meeting.status == MeetingStatus.SCHEDULED and row.is_there and meeting.starts_at <= timezone.now():
        meeting.status = MeetingStatus.HELD
        _save(meeting, by, "Held")
    return row


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
    return _save(Action(item=item, description=description.strip(), owner=owner, due_on=due_on), by, "Action added")


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
    return minutes


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
    return _save(minutes, by, f"Read by the {mine[0]}")


@transaction.atomic
def submit_minutes_to_chair(minutes, by):
    """Minutes with no critical friends in the ToR go straight to the Chair."""
    if critical_friend_roles(minutes.meeting):
        raise GovernanceError("The Project Leader and the Project Executive must read these minutes first.")
    if minutes.status != MinutesStatus.DRAFT:
        raise GovernanceError("Only draft minutes can be sent to the Chair.")
    minutes.status = MinutesStatus.REVIEWED
    return _save(minutes, by, "Sent to the Chair")


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
    to = recipients(meeting.body)
    if to:
        transaction.on_commit(
            lambda: send_mail(
                f"Minutes: {meeting}",
                f"The approved minutes of the {meeting.body.name} meeting on "
                f"{meeting.date:%d %B %Y} are available: {reverse('governance:meeting_detail', args=[meeting.pk])}",
                None,
                to,
            )
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
