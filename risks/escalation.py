"""Risks and issues before the Project Board.

- By rule (the Board's ToR: "all issues and all high level 'red' risks ... at each meeting"): every open red risk and
  every open issue of each project whose board is the meeting's body is the paper of the agenda item with standing
  "issues_and_red_risks". The paper of an issued agenda shows the registers as they stood when it was issued; a draft
  agenda's paper shows them as they stand today.
- By exception: the Project Leader escalates any other risk, with a reason. The risk is flagged (and so is on every
  paper while the flag stands) and an Escalation records the reason and the item of the board's next meeting.
- Where a risk was considered: the issued agenda items whose paper it was on, with the decisions taken there.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from governance import permissions as governance_permissions
from governance.actions import GovernanceError, _save
from governance.models import AgendaItem, AgendaStatus, MeetingStatus, StandingItem
from projects.models import GoverningRole, Project
from risks.asat import history_starts, register_as_at
from risks.models import Escalation, Issue, Risk, Status

RED = "red"
STANDING = StandingItem.ISSUES_AND_RED_RISKS

# ---------------------------------------------------------------------------------------------- escalation by exception


def next_board_item(project, now=None):
    """(meeting, item): the board's next scheduled meeting and its "All issues and red risks" item (either may be
    None: no board, no meeting scheduled, or no agenda drafted yet)."""
    board = project.board()
    if board is None:
        return None, None
    now = now or timezone.now()
    meeting = (
        board.meetings.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now).order_by("starts_at", "id").first()
    )
    if meeting is None:
        return None, None
    item = (
        AgendaItem.objects.filter(agenda__meeting=meeting, standing=STANDING)
        .order_by("agenda__supplement", "position", "id")
        .first()
    )
    return meeting, item


@transaction.atomic
def escalate_risk(risk, reason, by, now=None):
    """Escalate a risk to the Project Board by exception, with the reason; returns the Escalation."""
    reason = (reason or "").strip()
    if not reason:
        raise GovernanceError("Say why the risk is escalated to the board.")
    if risk.status != Status.OPEN:
        raise GovernanceError("A closed risk cannot be escalated to the board.")
    if risk.project.board() is None:
        raise GovernanceError("The project has no Project Board recorded to escalate to.")
    _, item = next_board_item(risk.project, now)
    risk.escalated = True
    risk.escalation_reason = reason
    risk.version += 1
    _save(risk, by, "Escalated to the Project Board")
    return _save(Escalation(risk=risk, agenda_item=item, reason=reason, escalated_by=by), by, "Escalated")


@transaction.atomic
def deescalate_risk(risk, by, reason=""):
    """Take a risk off the board's papers (the escalations stay on record); red risks stay on by rule."""
    if not risk.escalated:
        raise GovernanceError("The risk is not escalated to the board.")
    risk.escalated = False
    risk.escalation_reason = ""
    risk.version += 1
    note = (reason or "").strip()
    return _save(risk, by, f"De-escalated: {note}" if note else "De-escalated")


# --------------------------------------------------------------------------------------------------------- the paper


def projects_boarded_by(body):
    """The projects whose Project Board is this body."""
    return Project.objects.filter(
        governing_bodies__body=body, governing_bodies__role=GoverningRole.PROJECT_BOARD
    ).order_by("title")


def on_paper(risk):
    """Is this risk (as it stood) on the board's paper: open, and red or escalated by exception?"""
    return risk.status == Status.OPEN and (risk.residual_rag == RED or risk.escalated)


@dataclass
class ProjectSection:
    project: Project
    red_risks: list
    escalated_risks: list  # escalated by exception and not red (red ones are on the paper anyway)
    issues: list
    late_escalations: list = field(default_factory=list)  # escalated to this item after the agenda was issued
    history_starts: dt.datetime | None = None  # set when the paper's moment is before the registers' history began


@dataclass
class BoardPaper:
    item: AgendaItem
    as_at: dt.datetime | None  # None: a draft, as the registers stand today
    issue_time_recorded: bool
    sections: list

    @property
    def is_draft(self):
        return self.as_at is None


def paper_time(agenda):
    """(moment, recorded): the registers of an issued agenda's paper stand as at its issue; an agenda marked issued
    with no time recorded (the seeded past meetings) is taken as at the start of its meeting. None for a draft."""
    if agenda.status != AgendaStatus.ISSUED:
        return None, False
    if agenda.issued_at:
        return agenda.issued_at, True
    return agenda.meeting.starts_at, False


def _current(project):
    risks = list(Risk.objects.filter(project=project, status=Status.OPEN).select_related("owner"))
    issues = list(Issue.objects.filter(project=project, status=Status.OPEN).select_related("owner"))
    return risks, issues


def section_for(project, when, item=None):
    risks, issues = register_as_at(project, when) if when else _current(project)
    open_risks = [r for r in risks if r.status == Status.OPEN]
    section = ProjectSection(
        project=project,
        red_risks=[r for r in open_risks if r.residual_rag == RED],
        escalated_risks=[r for r in open_risks if r.escalated and r.residual_rag != RED],
        issues=[i for i in issues if i.status == Status.OPEN],
    )
    if when:
        starts = history_starts(project)
        if starts is not None and starts > when:
            section.history_starts = starts
    if when and item is not None:
        section.late_escalations = list(
            Escalation.objects.filter(agenda_item=item, risk__project=project, escalated_at__gt=when)
            .select_related("risk", "escalated_by")
            .order_by("escalated_at")
        )
    return section


def board_paper(item):
    """The "Risks and issues" paper of an agenda item with standing "issues_and_red_risks"."""
    when, recorded = paper_time(item.agenda)
    sections = [section_for(project, when, item) for project in projects_boarded_by(item.agenda.meeting.body)]
    return BoardPaper(item=item, as_at=when, issue_time_recorded=recorded, sections=sections)


# ---------------------------------------------------------------------------------------- where a risk was considered


@dataclass
class Consideration:
    item: AgendaItem
    as_at: dt.datetime
    why: str  # why the risk was on the paper
    state: Risk | None  # the risk as it stood at the agenda's issue
    escalations: list
    decisions: list


def _state_at(records, when):
    """The risk as its latest history record at or before `when` left it (None if not yet raised, or deleted)."""
    latest = None
    for record in records:
        if record.history_date <= when:
            latest = record
    if latest is None or latest.history_type == "-":
        return None
    return latest.instance


def considered_at(risk, user):
    """The issued agenda items of meetings the user may see where the risk was on the paper: red and open as at the
    agenda's issue, escalated by exception then, or escalated to that item. Oldest first."""
    escalations = list(risk.escalations.select_related("escalated_by").order_by("escalated_at", "id"))
    escalated_items = {e.agenda_item_id for e in escalations if e.agenda_item_id}
    board = risk.project.board()
    where = Q(pk__in=escalated_items)
    if board is not None:
        where |= Q(agenda__meeting__body=board, standing=STANDING)
    items = (
        AgendaItem.objects.filter(where)
        .filter(
            agenda__status=AgendaStatus.ISSUED, agenda__meeting__body__in=governance_permissions.bodies_visible_to(user)
        )
        .exclude(agenda__meeting__status=MeetingStatus.CANCELLED)
        .select_related("agenda__meeting__body")
        .prefetch_related("decisions")
        .order_by("agenda__meeting__starts_at", "agenda__supplement", "position")
    )
    records = list(risk.history.order_by("history_date", "history_id"))
    out = []
    for item in items:
        when, _ = paper_time(item.agenda)
        state = _state_at(records, when)
        to_item = [e for e in escalations if e.agenda_item_id == item.pk]
        if state is not None and state.status == Status.OPEN and state.residual_rag == RED:
            why = f"Red risk (residual score {state.residual_score})"
        elif state is not None and state.status == Status.OPEN and state.escalated:
            why = f"Escalated by exception: {state.escalation_reason}"
        elif to_item:
            why = f"Escalated to this item: {to_item[-1].reason}"
        else:
            continue
        out.append(Consideration(item, when, why, state, to_item, list(item.decisions.all())))
    return out
