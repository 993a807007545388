"""England working days for the legal clocks on council meetings, on real dates.

Bank holiday dates below were checked against the installed `holidays` package (GB, subdiv ENG)
and the published England and Wales bank holidays.
"""

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from governance.calendar import WorkingDayCalendar, default_calendar

CAL = WorkingDayCalendar()

# Dates the property tests range over: the seed era to the end of the decade.
any_day = st.dates(min_value=date(2013, 1, 1), max_value=date(2030, 12, 31))
working_day = any_day.filter(CAL.is_working_day)
few_days = st.integers(min_value=0, max_value=10)
some_days = st.integers(min_value=-60, max_value=60)

# --- What counts as a working day ---------------------------------------------------------------


def test_an_ordinary_weekday_is_a_working_day():
    assert CAL.is_working_day(date(2026, 3, 11))  # Wednesday 11 March 2026
    assert CAL.holiday_name(date(2026, 3, 11)) is None


def test_saturday_and_sunday_are_not_working_days():
    assert not CAL.is_working_day(date(2026, 3, 7))  # Saturday
    assert not CAL.is_working_day(date(2026, 3, 8))  # Sunday
    assert CAL.is_working_day(date(2026, 3, 9))  # Monday


def test_the_project_board_approved_its_terms_of_reference_on_a_working_day():
    # Friday 6 December 2013, in the seed data.
    assert date(2013, 12, 6).weekday() == 4
    assert CAL.is_working_day(date(2013, 12, 6))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2013, 12, 25), "Christmas Day"),
        (date(2014, 1, 1), "New Year's Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 4), "May Day"),  # Early May bank holiday: first Monday in May
        (date(2026, 5, 25), "Spring Bank Holiday"),  # last Monday in May
        (date(2026, 8, 31), "Late Summer Bank Holiday"),  # last Monday in August
        (date(2026, 12, 25), "Christmas Day"),  # a Friday
        (date(2027, 1, 1), "New Year's Day"),  # a Friday
        (date(2022, 6, 2), "Spring Bank Holiday"),  # moved to Thursday for the Platinum Jubilee
        (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
    ],
)
def test_england_bank_holidays_are_not_working_days_and_are_named(day, name):
    assert CAL.holiday_name(day) == name
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        # Christmas 2021: 25 and 26 December fell on Saturday and Sunday.
        (date(2021, 12, 27), "Christmas Day (observed)"),
        (date(2021, 12, 28), "Boxing Day (observed)"),
        # New Year's Day 2022 was a Saturday.
        (date(2022, 1, 3), "New Year's Day (observed)"),
        # Christmas 2026 is a Friday, Boxing Day a Saturday.
        (date(2026, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_substitute_days_for_bank_holidays_on_a_weekend_are_not_working_days(day, name):
    assert day.weekday() in (0, 1)  # Monday or Tuesday
    assert CAL.holiday_name(day) == name
    assert not CAL.is_working_day(day)


def test_the_day_after_substitute_days_is_a_working_day():
    assert CAL.is_working_day(date(2021, 12, 29))  # Wednesday after Christmas 2021
    assert CAL.is_working_day(date(2026, 12, 29))  # Tuesday after Christmas 2026


def test_a_bank_holiday_on_a_weekend_keeps_its_name_but_the_substitute_day_is_the_day_off():
    assert CAL.holiday_name(date(2026, 12, 26)) == "Boxing Day"  # Saturday
    assert CAL.holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"


def test_no_england_bank_holiday_or_substitute_day_spills_into_another_year():
    # The calendar looks a date up in that date's own year only.
    for year in range(2013, 2031):
        found = holidays.country_holidays("GB", subdiv="ENG", years=year, language="en_GB")
        assert {day.year for day in found} == {year}
        assert len(found) >= 8  # eight bank holidays a year, plus weekend originals and specials


def test_dates_in_any_year_can_be_asked_about():
    assert CAL.holiday_name(date(1999, 12, 31)) == "Millennium Celebrations"
    assert CAL.holiday_name(date(2050, 12, 26)) == "Boxing Day"  # a Monday
    assert CAL.is_working_day(date(2050, 12, 28))


def test_a_datetime_is_refused_rather_than_quietly_counted_as_a_working_day():
    with pytest.raises(TypeError):
        CAL.is_working_day(datetime(2021, 12, 27, 10, 0))


# --- add_working_days -----------------------------------------------------------------------------


def test_adding_working_days_within_an_ordinary_week():
    assert CAL.add_working_days(date(2026, 3, 9), 3) == date(2026, 3, 12)  # Monday + 3 = Thursday
    assert CAL.add_working_days(date(2026, 3, 12), -3) == date(2026, 3, 9)


def test_adding_working_days_skips_the_weekend():
    assert CAL.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)  # Friday + 1 = Monday
    assert CAL.add_working_days(date(2026, 3, 16), -1) == date(2026, 3, 13)
    assert CAL.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # from a Saturday


def test_adding_zero_working_days_to_a_working_day_gives_the_same_day():
    assert CAL.add_working_days(date(2026, 3, 11), 0) == date(2026, 3, 11)


def test_adding_zero_working_days_to_a_non_working_day_is_an_error():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 3, 7), 0)  # Saturday
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 12, 25), 0)  # Christmas Day


def test_ten_working_days_after_the_terms_of_reference_were_approved():
    # Friday 6 December 2013 + 10 working days = Friday 20 December 2013 (two full weeks).
    assert CAL.add_working_days(date(2013, 12, 6), 10) == date(2013, 12, 20)
    # + 15: Mon 23 (11), Tue 24 (12), Christmas Day and Boxing Day skipped, Fri 27 (13), Mon 30 (14), Tue 31 (15).
    assert CAL.add_working_days(date(2013, 12, 6), 15) == date(2013, 12, 31)
    # + 16: New Year's Day 2014 (Wednesday) skipped.
    assert CAL.add_working_days(date(2013, 12, 6), 16) == date(2014, 1, 2)


def test_adding_working_days_skips_christmas_2021_substitute_days():
    # Christmas Eve 2021 (Friday) + 1: Sat 25, Sun 26, Mon 27 and Tue 28 (substitutes) skipped.
    assert CAL.add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)
    # New Year's Eve 2021 (Friday) + 1: Sat 1, Sun 2, Mon 3 January 2022 (substitute) skipped.
    assert CAL.add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)
    assert CAL.add_working_days(date(2022, 1, 4), -1) == date(2021, 12, 31)


def test_adding_working_days_skips_easter_2026():
    # Thursday 2 April 2026 + 1: Good Friday, the weekend and Easter Monday skipped.
    assert CAL.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert CAL.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)


# --- working_days_between -------------------------------------------------------------------------


def test_working_days_between_counts_the_end_day_but_not_the_start_day():
    assert CAL.working_days_between(date(2026, 3, 9), date(2026, 3, 13)) == 4  # Mon to Fri
    assert CAL.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0


def test_working_days_between_leaves_out_the_weekend():
    assert CAL.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1  # Fri to Mon
    assert CAL.working_days_between(date(2026, 3, 13), date(2026, 3, 20)) == 5  # Fri to Fri


def test_working_days_between_taken_backwards_is_negative():
    assert CAL.working_days_between(date(2026, 3, 20), date(2026, 3, 13)) == -5


def test_working_days_between_leaves_out_may_and_august_bank_holidays():
    # Spring Bank Holiday Monday 25 May 2026: Fri 22 to Fri 29 May is Tue, Wed, Thu, Fri.
    assert CAL.working_days_between(date(2026, 5, 22), date(2026, 5, 29)) == 4
    # Early May bank holiday Monday 4 May 2026.
    assert CAL.working_days_between(date(2026, 5, 1), date(2026, 5, 8)) == 4
    # Late Summer Bank Holiday Monday 31 August 2026.
    assert CAL.working_days_between(date(2026, 8, 28), date(2026, 9, 4)) == 4


def test_working_days_between_across_christmas_2021_and_new_year_2022():
    # Fri 24 Dec 2021 to Tue 4 Jan 2022: only Wed 29, Thu 30, Fri 31 Dec and Tue 4 Jan are working days.
    assert CAL.working_days_between(date(2021, 12, 24), date(2022, 1, 4)) == 4


def test_working_days_between_across_easter_2026():
    # Wed 1 April to Wed 8 April 2026: Thu 2, Tue 7, Wed 8.
    assert CAL.working_days_between(date(2026, 4, 1), date(2026, 4, 8)) == 3


# --- clear days ---------------------------------------------------------------------------------


def test_clear_days_leave_out_both_the_day_of_issue_and_the_day_of_the_meeting():
    # Issued Monday 9 March 2026, meeting Friday 13 March: Tue, Wed, Thu are clear.
    assert CAL.clear_working_days_between(date(2026, 3, 9), date(2026, 3, 13)) == 3


def test_there_are_no_clear_days_when_the_meeting_is_the_same_day_the_next_day_or_earlier():
    assert CAL.clear_working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert CAL.clear_working_days_between(date(2026, 3, 9), date(2026, 3, 10)) == 0
    assert CAL.clear_working_days_between(date(2026, 3, 13), date(2026, 3, 9)) == 0


def test_clear_days_leave_out_the_weekend():
    # Issued Thursday 5 March 2026, meeting Tuesday 10 March: Fri 6 and Mon 9 are clear.
    assert CAL.clear_working_days_between(date(2026, 3, 5), date(2026, 3, 10)) == 2


def test_clear_days_leave_out_a_substitute_day():
    # Issued Thursday 24 December 2026, meeting Wednesday 30 December: Boxing Day (observed) Monday 28
    # is not clear, Tuesday 29 is.
    assert CAL.clear_working_days_between(date(2026, 12, 24), date(2026, 12, 30)) == 1


# --- latest_issue_date and is_issued_in_time --------------------------------------------------------


def test_papers_for_a_meeting_in_an_ordinary_week_with_3_clear_days_are_issued_by_the_monday():
    # Meeting Friday 13 March 2026: Tue 10, Wed 11 and Thu 12 are the clear days.
    assert CAL.latest_issue_date(date(2026, 3, 13), 3) == date(2026, 3, 9)


def test_papers_for_a_thursday_meeting_with_5_clear_days_are_issued_by_the_wednesday_of_the_week_before():
    # Meeting Thursday 12 March 2026: clear days Thu 5, Fri 6, Mon 9, Tue 10, Wed 11 (weekend left out).
    assert CAL.latest_issue_date(date(2026, 3, 12), 5) == date(2026, 3, 4)
    assert CAL.is_issued_in_time(date(2026, 3, 4), date(2026, 3, 12), 5)
    assert not CAL.is_issued_in_time(date(2026, 3, 5), date(2026, 3, 12), 5)


def test_a_meeting_on_tuesday_5_january_2027_with_5_clear_days_needs_papers_by_wednesday_23_december_2026():
    # Counting back from the meeting, the clear days are Mon 4 January, Thu 31, Wed 30, Tue 29 and
    # Thu 24 December. Left out: Fri 1 January 2027 (New Year's Day), the weekends of 2-3 January and
    # 26-27 December, Mon 28 December (Boxing Day (observed), as Boxing Day is a Saturday) and
    # Fri 25 December (Christmas Day). So the latest issue date is Wednesday 23 December 2026.
    meeting = date(2027, 1, 5)
    assert CAL.latest_issue_date(meeting, 5) == date(2026, 12, 23)
    assert CAL.clear_working_days_between(date(2026, 12, 23), meeting) == 5
    assert CAL.is_issued_in_time(date(2026, 12, 23), meeting, 5)
    assert not CAL.is_issued_in_time(date(2026, 12, 24), meeting, 5)


def test_a_meeting_after_easter_2026_with_5_clear_days_needs_papers_by_monday_30_march():
    # Meeting Thursday 9 April 2026. Clear days: Wed 8, Tue 7, Thu 2, Wed 1 April, Tue 31 March.
    # Left out: Easter Monday 6 April, the weekend, Good Friday 3 April.
    assert CAL.latest_issue_date(date(2026, 4, 9), 5) == date(2026, 3, 30)
    assert not CAL.is_issued_in_time(date(2026, 3, 31), date(2026, 4, 9), 5)


def test_a_meeting_after_the_christmas_2021_substitute_days_counts_them_out():
    # Meeting Thursday 30 December 2021, 2 clear days: Wed 29 and Fri 24 (Mon 27, Tue 28 substitutes).
    assert CAL.latest_issue_date(date(2021, 12, 30), 2) == date(2021, 12, 23)


def test_with_no_clear_days_papers_can_go_out_up_to_the_working_day_before_the_meeting():
    assert CAL.latest_issue_date(date(2026, 3, 16), 0) == date(2026, 3, 13)  # Monday meeting: Friday
    assert CAL.is_issued_in_time(date(2026, 3, 13), date(2026, 3, 16), 0)


def test_papers_issued_on_the_day_of_the_meeting_or_after_are_never_in_time():
    assert not CAL.is_issued_in_time(date(2026, 3, 16), date(2026, 3, 16), 0)
    assert not CAL.is_issued_in_time(date(2026, 3, 17), date(2026, 3, 16), 0)


def test_papers_issued_at_a_weekend_count_like_papers_issued_the_friday():
    # The day of issue is never a clear day, so issuing on Saturday gains nothing over Friday.
    meeting = date(2026, 3, 20)  # Friday
    assert CAL.is_issued_in_time(date(2026, 3, 14), meeting, 4)  # Saturday: Mon-Thu are clear
    assert CAL.is_issued_in_time(date(2026, 3, 13), meeting, 4)
    assert not CAL.is_issued_in_time(date(2026, 3, 16), meeting, 4)


def test_a_negative_number_of_clear_days_is_an_error():
    with pytest.raises(ValueError):
        CAL.latest_issue_date(date(2026, 3, 16), -1)
    with pytest.raises(ValueError):
        CAL.is_issued_in_time(date(2026, 3, 13), date(2026, 3, 16), -1)


# --- Custom weekends and extra closure days --------------------------------------------------------


def test_a_friday_and_saturday_weekend_makes_sunday_a_working_day_and_friday_not():
    cal = WorkingDayCalendar(weekend=(4, 5))
    assert cal.is_working_day(date(2026, 3, 8))  # Sunday
    assert not cal.is_working_day(date(2026, 3, 6))  # Friday
    assert cal.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 8)  # Thursday + 1 = Sunday
    assert CAL.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 6)  # (Friday with Sat/Sun)


def test_a_friday_and_saturday_weekend_changes_the_latest_issue_date():
    # Meeting Tuesday 10 March 2026 with 1 clear day (Monday 9): the day before that is Sunday 8
    # with a Friday/Saturday weekend, Friday 6 with the usual one.
    assert WorkingDayCalendar(weekend=(4, 5)).latest_issue_date(date(2026, 3, 10), 1) == date(2026, 3, 8)
    assert CAL.latest_issue_date(date(2026, 3, 10), 1) == date(2026, 3, 6)


def test_bank_holidays_still_apply_with_a_custom_weekend():
    assert not WorkingDayCalendar(weekend=(4, 5)).is_working_day(date(2026, 12, 28))  # Boxing Day (observed)


def test_a_weekend_of_every_day_or_of_non_weekday_numbers_is_refused():
    with pytest.raises(ValueError):
        WorkingDayCalendar(weekend=range(7))
    with pytest.raises(ValueError):
        WorkingDayCalendar(weekend=(6, 7))


def test_an_extra_council_closure_day_is_not_a_working_day_but_not_a_bank_holiday_either():
    cal = WorkingDayCalendar(extra_holidays=[date(2026, 12, 24)])
    assert not cal.is_working_day(date(2026, 12, 24))
    assert cal.holiday_name(date(2026, 12, 24)) is None
    assert CAL.is_working_day(date(2026, 12, 24))


def test_an_extra_closure_day_moves_the_latest_issue_date_earlier():
    # As for the 5 January 2027 meeting above, but with Thursday 24 December closed too: the fifth
    # clear day becomes Wednesday 23 December, so papers must go out on Tuesday 22 December 2026.
    cal = WorkingDayCalendar(extra_holidays=[date(2026, 12, 24)])
    assert cal.latest_issue_date(date(2027, 1, 5), 5) == date(2026, 12, 22)
    assert cal.working_days_between(date(2026, 12, 23), date(2026, 12, 29)) == 1


# --- default_calendar reads the setting -----------------------------------------------------------


def test_the_default_calendar_has_a_saturday_and_sunday_weekend():
    cal = default_calendar()
    assert cal.weekend == {5, 6}
    assert not cal.is_working_day(date(2026, 3, 7))


def test_the_default_calendar_takes_its_weekend_from_the_governance_weekend_days_setting(settings):
    settings.GOVERNANCE_WEEKEND_DAYS = (4, 5)
    cal = default_calendar()
    assert cal.weekend == {4, 5}
    assert cal.is_working_day(date(2026, 3, 8))  # Sunday
    assert not cal.is_working_day(date(2026, 3, 6))  # Friday


def test_the_default_calendar_falls_back_to_saturday_and_sunday_without_the_setting(settings):
    del settings.GOVERNANCE_WEEKEND_DAYS
    assert default_calendar().weekend == {5, 6}


# --- Properties over 2013-2030 --------------------------------------------------------------------


@hyp_settings(max_examples=200, deadline=None)
@given(meeting=any_day, clear_days=few_days)
def test_the_latest_issue_date_is_a_working_day_in_time_and_the_next_working_day_is_too_late(meeting, clear_days):
    latest = CAL.latest_issue_date(meeting, clear_days)
    assert CAL.is_working_day(latest)
    assert latest < meeting
    assert CAL.is_issued_in_time(latest, meeting, clear_days)
    assert CAL.is_issued_in_time(latest - timedelta(days=1), meeting, clear_days)
    assert not CAL.is_issued_in_time(CAL.add_working_days(latest, 1), meeting, clear_days)


@hyp_settings(max_examples=200, deadline=None)
@given(start=working_day, n=some_days)
def test_adding_then_subtracting_n_working_days_returns_to_the_same_working_day(start, n):
    assert CAL.add_working_days(CAL.add_working_days(start, n), -n) == start


@hyp_settings(max_examples=200, deadline=None)
@given(start=any_day, n=some_days.filter(bool))
def test_adding_working_days_never_lands_on_a_non_working_day(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.is_working_day(end)
    assert (end > start) == (n > 0)


@hyp_settings(max_examples=200, deadline=None)
@given(start=working_day, n=some_days)
def test_the_working_days_between_a_working_day_and_n_working_days_later_are_n(start, n):
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n
