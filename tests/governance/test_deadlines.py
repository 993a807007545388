"""Every deadline the terms of reference set, computed on real dates."""

import datetime as dt

import pytest

from governance import deadlines
from governance.models import TermsOfReference


@pytest.fixture
def board_tor(db):
    return TermsOfReference.objects.get(body__slug="home-care-pa-commissioning-board")


@pytest.fixture
def group_tor(db):
    return TermsOfReference.objects.get(body__slug="strategic-group")


def test_the_board_agenda_goes_out_five_clear_working_days_before(board_tor):
    # Friday 14 February 2014: clear days 7, 10, 11, 12, 13 February, so issue by Thursday 6 February.
    deadline = deadlines.agenda_issue_deadline(dt.date(2014, 2, 14), board_tor)
    assert deadline.due == dt.date(2014, 2, 6)
    assert deadline.rule == "5 clear working days before the meeting"


def test_the_agenda_deadline_steps_over_christmas_and_new_year(group_tor):
    # Tuesday 5 January 2027: clear days 4 January, 31, 30, 29 and 24 December 2026 (25 and 28 December and
    # 1 January are bank holidays), so issue by Wednesday 23 December 2026.
    assert deadlines.agenda_issue_deadline(dt.date(2027, 1, 5), group_tor).due == dt.date(2026, 12, 23)


def test_board_minutes_are_due_within_five_working_days_of_the_meeting(board_tor):
    # Friday 6 December 2013 + 5 working days = Friday 13 December 2013.
    deadline = deadlines.minutes_deadline(dt.date(2013, 12, 6), board_tor)
    assert deadline.due == dt.date(2013, 12, 13)
    assert "once approved by the Chair" in deadline.rule


def test_strategic_group_minutes_are_due_five_working_days_before_the_next_meeting(group_tor):
    # Next meeting Monday 24 February 2014: 5 clear working days are 17-21 February, so by Friday 14 February.
    deadline = deadlines.minutes_deadline(dt.date(2014, 1, 13), group_tor, dt.date(2014, 2, 24))
    assert deadline.due == dt.date(2014, 2, 14)
    assert deadlines.minutes_deadline(dt.date(2014, 1, 13), group_tor, None) is None


def test_the_strategic_group_tor_is_reviewed_after_six_months(group_tor):
    assert deadlines.tor_review_due(group_tor) == dt.date(2014, 8, 20)
    group_tor.review_date = None
    assert deadlines.tor_review_due(group_tor) == dt.date(2014, 8, 20)  # 20.02.2014 + 6 months


def test_a_tor_without_the_rules_gives_no_deadline(board_tor):
    board_tor.agenda_notice_working_days = None
    board_tor.minutes_rule = ""
    assert deadlines.agenda_issue_deadline(dt.date(2014, 2, 14), board_tor) is None
    assert deadlines.minutes_deadline(dt.date(2014, 2, 14), board_tor) is None
    assert deadlines.tor_review_due(board_tor) is None  # the Board's ToR sets no review date
    assert deadlines.agenda_issue_deadline(dt.date(2014, 2, 14), None) is None
