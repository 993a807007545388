"""The risk and issue registers as they stood at a moment, from their history (django-simple-history), and what
changed between two moments ("changes since the last Project Board").

A moment is a datetime, or a date meaning the end of that day (Europe/London). An entry raised after the moment is
absent; one closed (or rescored) after it shows as it was then; one deleted before it is absent.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from governance.models import MeetingStatus
from risks.models import Issue, Risk, Status


def moment(when):
    """A date means the end of that day, local time; a datetime is taken as it is."""
    if isinstance(when, dt.datetime):
        return when if timezone.is_aware(when) else timezone.make_aware(when)
    return timezone.make_aware(dt.datetime.combine(when, dt.time.max))


def _as_at(model, project, when):
    """Each entry of the project as its latest history record at or before `when` left it (deleted ones dropped).

    The same as `model.history.as_of(when)`, but ties on history_date go to the later record, so the answer never
    depends on the database's row order."""
    records = (
        model.history.filter(project_id=project.pk, history_date__lte=moment(when))
        .order_by("id", "-history_date", "-history_id")
        .select_related("owner")
    )
    latest = {}
    for record in records:
        latest.setdefault(record.id, record)
    out = []
    for record in latest.values():
        if record.history_type == "-":
            continue
        instance = record.instance
        if record.owner_id:
            instance.owner = record.owner  # fetched with the records, not once per entry
        instance.as_at_record = record
        out.append(instance)
    return out


def _risk_order(risk):
    return (-risk.residual_score, risk.reference)


def _issue_order(issue):
    return (issue.status != Status.OPEN, issue.reference)


def register_as_at(project, when):
    """(risks, issues) of the project as they stood at `when`: risks worst residual score first, open issues first."""
    risks = sorted(_as_at(Risk, project, when), key=_risk_order)
    issues = sorted(_as_at(Issue, project, when), key=_issue_order)
    return risks, issues


def history_starts(project):
    """When the first record of the project's registers was kept (None when there is none)."""
    firsts = [
        model.history.filter(project_id=project.pk).order_by("history_date").values_list("history_date", flat=True)[:1]
        for model in (Risk, Issue)
    ]
    found = [row for rows in firsts for row in rows]
    return min(found) if found else None


def parse_day(text, today=None):
    """(date, error) from "YYYY-MM-DD": a real date, not in the future."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        return None, ""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, "Enter the date as a real date, for example 2026-03-27."
    if day > today:
        return None, "The date must be today or in the past: the register cannot show what has not happened yet."
    return day, ""


# ---------------------------------------------------------------------------------------------- changes since a date


@dataclass
class Rescored:
    risk: Risk
    before: Risk


@dataclass
class Changes:
    since: dt.datetime
    new_risks: list = field(default_factory=list)
    closed_risks: list = field(default_factory=list)
    reopened_risks: list = field(default_factory=list)
    rescored_risks: list = field(default_factory=list)  # of Rescored
    removed_risks: list = field(default_factory=list)
    new_issues: list = field(default_factory=list)
    closed_issues: list = field(default_factory=list)
    reopened_issues: list = field(default_factory=list)
    removed_issues: list = field(default_factory=list)

    @property
    def any(self):
        return any(
            getattr(self, name)
            for name in (
                "new_risks",
                "closed_risks",
                "reopened_risks",
                "rescored_risks",
                "removed_risks",
                "new_issues",
                "closed_issues",
                "reopened_issues",
                "removed_issues",
            )
        )


def _compare(before, after):
    then = {entry.pk: entry for entry in before}
    now = {entry.pk: entry for entry in after}
    new = [e for pk, e in now.items() if pk not in then]
    closed = [
        e for pk, e in now.items() if e.status == Status.CLOSED and (pk not in then or then[pk].status != e.status)
    ]
    reopened = [
        e for pk, e in now.items() if pk in then and then[pk].status == Status.CLOSED and e.status == Status.OPEN
    ]
    removed = [e for pk, e in then.items() if pk not in now]
    return then, now, new, closed, reopened, removed


def changes_between(project, since, until=None):
    """What changed in the registers between two moments (`until` defaults to now)."""
    until = until or timezone.now()
    changes = Changes(since=since)
    risks_then, issues_then = register_as_at(project, since)
    risks_now, issues_now = register_as_at(project, until)
    then, now, changes.new_risks, changes.closed_risks, changes.reopened_risks, changes.removed_risks = _compare(
        risks_then, risks_now
    )
    changes.rescored_risks = [
        Rescored(risk, then[pk])
        for pk, risk in now.items()
        if pk in then and then[pk].residual_score != risk.residual_score
    ]
    _, _, changes.new_issues, changes.closed_issues, changes.reopened_issues, changes.removed_issues = _compare(
        issues_then, issues_now
    )
    return changes


def last_board_meeting(project, now=None):
    """The last meeting of the project's board before now that was held (or is past and not cancelled)."""
    board = project.board()
    if board is None:
        return None
    now = now or timezone.now()
    return (
        board.meetings.filter(starts_at__lt=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-id")
        .first()
    )
