"""England working days, for the legal clocks on council meetings.

A working day is a day that is neither a weekend day nor an England and Wales bank holiday
(including substitute days, e.g. when Christmas Day or Boxing Day falls on a weekend).
Bank holidays come from the ``holidays`` package, worked out offline one year at a time as
dates in that year are asked about, so any year works. Nothing here touches the database.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import holidays
from django.conf import settings

ONE_DAY = timedelta(days=1)


def _check_date(day: object) -> date:
    # A datetime is a date to Python, but it would never match a holiday date and so would
    # quietly count as a working day: make callers say which calendar day they mean.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, not {type(day).__name__} (use timezone.localdate() for a datetime)")
    return day


class WorkingDayCalendar:
    """England working days: not a weekend day, not a bank holiday and not an extra closure day."""

    def __init__(self, weekend: Iterable[int] = (5, 6), extra_holidays: Iterable[date] = ()):
        """Set up a calendar.

        ``weekend``: the days of the week that are never working days, as ``date.weekday()``
        numbers (Monday is 0, Saturday 5, Sunday 6).
        ``extra_holidays``: further dates that are not working days although they are not bank
        holidays, e.g. a council closure day.
        """
        self.weekend = frozenset(int(d) for d in weekend)
        if not self.weekend <= set(range(7)):
            raise ValueError(f"weekend days must be date.weekday() numbers 0-6, not {sorted(self.weekend)}")
        if len(self.weekend) == 7:
            raise ValueError("every day of the week is a weekend day, so there would be no working days")
        self.extra_holidays = frozenset(_check_date(d) for d in extra_holidays)
        self._bank_holidays: dict[int, dict[date, str]] = {}  # year -> {date: name}, filled lazily

    def _bank_holidays_in(self, year: int) -> dict[date, str]:
        names = self._bank_holidays.get(year)
        if names is None:
            # England (ENG) bank holidays for one year, substitute days included ("observed": in England
            # they never cross into the next year); language pinned so names don't follow the server locale.
            found = holidays.country_holidays("GB", subdiv="ENG", years=year, language="en_GB")
            names = self._bank_holidays[year] = dict(found)
        return names

    def holiday_name(self, day: date) -> str | None:
        """The name of the bank holiday on ``day`` (e.g. "Christmas Day", "Boxing Day (observed)"
        for a substitute day), or None if it is not a bank holiday. Extra closure days are not bank
        holidays, so they have no name here.
        """
        day = _check_date(day)
        return self._bank_holidays_in(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day: not a weekend day, not a bank holiday, not a closure day."""
        day = _check_date(day)
        return (
            day.weekday() not in self.weekend
            and day not in self.extra_holidays
            and day not in self._bank_holidays_in(day.year)
        )

    def add_working_days(self, day: date, n: int) -> date:
        """The nth working day after ``day`` (n > 0) or the nth working day before it (n < 0).

        ``day`` itself is never counted. With n = 0 the answer is ``day`` itself, which must then be
        a working day (ValueError otherwise).
        """
        day = _check_date(day)
        if n == 0:
            if not self.is_working_day(day):
                raise ValueError(f"{day:%A %d %B %Y} is not a working day")
            return day
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days after ``start`` up to and including ``end``: the count used
        for "within N working days" (the day of the event itself is not counted, the deadline day is).

        If ``end`` is before ``start`` the answer is the same count taken the other way, negative,
        so ``working_days_between(a, add_working_days(a, n)) == n`` for a working day ``a``.
        """
        start, end = _check_date(start), _check_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count

    def clear_working_days_between(self, start: date, end: date) -> int:
        """The number of "clear days" between issuing a paper on ``start`` and a meeting on ``end``:
        working days strictly between the two, leaving out both the day of issue and the day of the
        meeting. 0 if the meeting is on the day of issue, the day after, or earlier.
        """
        start, end = _check_date(start), _check_date(end)
        if end <= start + ONE_DAY:
            return 0
        return self.working_days_between(start, end - ONE_DAY)

    def latest_issue_date(self, meeting_day: date, clear_days: int) -> date:
        """The last working day on which papers for a meeting on ``meeting_day`` can be issued and still
        leave at least ``clear_days`` clear working days before the meeting (neither the day of issue
        nor the day of the meeting counts). With 0 clear days it is the last working day before the meeting.
        """
        if clear_days < 0:
            raise ValueError("clear_days cannot be negative")
        return self.add_working_days(_check_date(meeting_day), -(clear_days + 1))

    def is_issued_in_time(self, issued_on: date, meeting_day: date, clear_days: int) -> bool:
        """Whether papers issued on ``issued_on`` were issued before a meeting on ``meeting_day`` with at
        least ``clear_days`` clear working days in between (neither the day of issue nor the day of the
        meeting counts). Papers issued on the day of the meeting or later are never in time.
        """
        if clear_days < 0:
            raise ValueError("clear_days cannot be negative")
        issued_on, meeting_day = _check_date(issued_on), _check_date(meeting_day)
        return issued_on < meeting_day and self.clear_working_days_between(issued_on, meeting_day) >= clear_days


def default_calendar() -> WorkingDayCalendar:
    """The council's calendar: England bank holidays, with the weekend from the
    ``GOVERNANCE_WEEKEND_DAYS`` setting (Saturday and Sunday unless set otherwise).

    A new calendar each call, so a changed setting is always seen; bank holidays are looked up
    lazily, a year at a time, and kept on the calendar for as long as it is used.
    """
    return WorkingDayCalendar(weekend=getattr(settings, "GOVERNANCE_WEEKEND_DAYS", (5, 6)))
