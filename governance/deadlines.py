"""Deadlines computed from the terms of reference and the working-day calendar, never typed in.

- Agenda: "sent out five working days in advance" (Board ToR; Strategic Group ToR 3.14), counted as clear working days:
  the day of issue and the day of the meeting do not count.
- Minutes, Project Board: "circulated within five working days once approved by the Chair", counted from the meeting.
- Minutes, Strategic Group: "circulated five working days prior to the next meeting" (3.16), as clear working days.
- Terms of reference: "reviewed after six months" (3.17).
"""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from governance.calendar import default_calendar


@dataclass(frozen=True)
class Deadline:
    what: str
    due: object  # date
    rule: str


def agenda_issue_deadline(meeting_day, tor, calendar=None):
    if tor is None or tor.agenda_notice_working_days is None:
        return None
    calendar = calendar or default_calendar()
    days = tor.agenda_notice_working_days
    return Deadline(
        "Issue the agenda",
        calendar.latest_issue_date(meeting_day, days),
        f"{days} clear working days before the meeting",
    )


def minutes_deadline(meeting_day, tor, next_meeting_day=None, calendar=None):
    from governance.models import MinutesRule

    if tor is None or not tor.minutes_rule or tor.minutes_working_days is None:
        return None
    calendar = calendar or default_calendar()
    days = tor.minutes_working_days
    if tor.minutes_rule == MinutesRule.AFTER_APPROVAL:
        return Deadline(
            "Circulate the minutes",
            calendar.add_working_days(meeting_day, days),
            f"within {days} working days of the meeting, once approved by the Chair",
        )
    if next_meeting_day is None:
        return None
    return Deadline(
        "Circulate the minutes",
        calendar.latest_issue_date(next_meeting_day, days),
        f"{days} working days before the next meeting, once approved by the Chair",
    )


def tor_review_due(tor):
    if tor is None:
        return None
    if tor.review_date:
        return tor.review_date
    if tor.review_after_months:
        return tor.date + relativedelta(months=tor.review_after_months)
    return None
