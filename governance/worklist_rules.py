"""Who must do what next, and how urgent it is: the plain rules behind the home page's work list. No database.

- An agenda awaiting approval waits for the holder of its current step's role (the ToR's chain: Project Executive,
  then Project Sponsor, ...) or a delegate the holder has recorded for the day (Board ToR; Strategic Group ToR 3.13).
- Draft Project Board minutes wait for each critical friend who has not read them yet (Project Leader, Project
  Executive); reviewed minutes wait for the Chair.
- A deadline is on the list once it is within ten working days, and stays on it, overdue, until the work is done.
"""

from dataclasses import dataclass
from datetime import date

HORIZON_WORKING_DAYS = 10
# A deadline this close (in working days) is shown as due soon.
SOON_WORKING_DAYS = 2
# Beyond this many working days late, the date says more than the count.
LONG_OVERDUE_WORKING_DAYS = 20


@dataclass(frozen=True)
class Seat:
    """A seat that can hold an approving role: its body, that body's host (itself or the body it is a capacity of),
    its holder and its dates."""

    id: int
    body_id: int
    host_id: int
    person_id: int
    role: str
    is_project_sponsor: bool
    start_date: date | None
    end_date: date | None
    position: int = 0

    def current_on(self, day):
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)


@dataclass(frozen=True)
class Delegation:
    host_id: int
    principal_id: int
    delegate_id: int
    starts_on: date
    ends_on: date


def horizon(today, calendar):
    """The last day whose deadlines are on the list today."""
    return calendar.add_working_days(today, HORIZON_WORKING_DAYS)


def holder(seats, role, body_id, host_id, day, sponsor_role):
    """The person holding `role` on the body or another capacity of its host on `day`: a seat on the body itself
    first, then in seat order (as governance.meeting_actions.holder_of)."""
    family = [s for s in seats if s.host_id == host_id and s.current_on(day)]
    if role == sponsor_role:
        candidates = [s for s in family if s.is_project_sponsor]
    else:
        candidates = [s for s in family if s.role == role]
    if not candidates:
        return None
    best = min(candidates, key=lambda s: (s.body_id != body_id, s.body_id, s.position, s.id))
    return best.person_id


def acts_for(person_id, holder_id, delegations, host_id, day):
    """Whether `person_id` may act for the holder: they are the holder, or hold the holder's delegation that day."""
    if holder_id is None or person_id is None:
        return False
    if person_id == holder_id:
        return True
    return any(
        d.host_id == host_id
        and d.principal_id == holder_id
        and d.delegate_id == person_id
        and d.starts_on <= day <= d.ends_on
        for d in delegations
    )


def current_step_role(step_roles, steps_done):
    """The role whose approval the agenda waits for, or None once every step is done."""
    return step_roles[steps_done] if 0 <= steps_done < len(step_roles) else None


def reads_still_mine(needed, done, mine):
    """The critical-friend roles this person holds whose read of the minutes is still to be given."""
    return [role for role in needed if role in mine and role not in done]


def is_overdue(due, today):
    return due is not None and due < today


def is_on_the_list(due, today, calendar):
    """A dated piece of work is listed from ten working days before its date."""
    return due is not None and due <= horizon(today, calendar)


def _working_days(n):
    return f"{n} working day{'' if n == 1 else 's'}"


def when_words(due, today, calendar):
    """When the work is due, in words that say honestly how late it is."""
    if due is None:
        return "No date set"
    if due < today:
        late = max(calendar.working_days_between(due, today), 1)
        if late > LONG_OVERDUE_WORKING_DAYS:
            return f"Overdue since {due:%-d %B %Y}"
        return f"Overdue by {_working_days(late)} (due {due:%-d %B %Y})"
    if due == today:
        return "Due today"
    left = calendar.working_days_between(today, due)
    if left <= 0:
        return f"Due {due:%-d %B %Y}"
    return f"Due in {_working_days(left)} ({due:%-d %B %Y})"


def colour(due, today, calendar):
    """The tag colour: red when overdue, yellow when due within two working days, blue when later, grey undated."""
    if due is None:
        return "grey"
    if due < today:
        return "red"
    if calendar.working_days_between(today, due) <= SOON_WORKING_DAYS:
        return "yellow"
    return "blue"


def exempt_label(paragraph):
    """How an exempt item is named to someone who may not see it."""
    return f"an item exempt under paragraph {paragraph} of Schedule 12A"


def sort_key(entry):
    """Overdue work first, then by date; undated work last."""
    return (not entry.overdue, entry.due is None, entry.due or date.max, entry.title)
