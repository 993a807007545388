"""The approval state machines as tables: every (status, action) pair is either allowed, with its result, or refused."""

import pytest

from governance.models import AgendaStatus, MinutesStatus
from governance.workflow import TransitionRefused, next_agenda_status, next_minutes_status

A = AgendaStatus
AGENDA_TABLE = [
    # status, action, steps done, steps in the chain, result (None = refused)
    (A.DRAFT, "submit", 0, 2, A.AWAITING_APPROVAL),
    (A.DRAFT, "submit", 0, 0, A.APPROVED),  # a body whose ToR names no approver
    (A.DRAFT, "approve", 0, 2, None),
    (A.DRAFT, "return", 0, 2, None),
    (A.DRAFT, "issue", 0, 2, None),
    (A.AWAITING_APPROVAL, "submit", 0, 2, None),
    (A.AWAITING_APPROVAL, "approve", 0, 2, A.AWAITING_APPROVAL),
    (A.AWAITING_APPROVAL, "approve", 1, 2, A.APPROVED),
    (A.AWAITING_APPROVAL, "return", 1, 2, A.DRAFT),
    (A.AWAITING_APPROVAL, "issue", 1, 2, None),
    (A.APPROVED, "submit", 2, 2, None),
    (A.APPROVED, "approve", 2, 2, None),
    (A.APPROVED, "return", 2, 2, A.DRAFT),
    (A.APPROVED, "issue", 2, 2, A.ISSUED),
    (A.ISSUED, "submit", 2, 2, None),
    (A.ISSUED, "approve", 2, 2, None),
    (A.ISSUED, "return", 2, 2, None),
    (A.ISSUED, "issue", 2, 2, None),
]


@pytest.mark.parametrize("status,action,done,total,result", AGENDA_TABLE)
def test_agenda_transitions(status, action, done, total, result):
    if result is None:
        with pytest.raises(TransitionRefused):
            next_agenda_status(status, action, done, total)
    else:
        assert next_agenda_status(status, action, done, total) == result


M = MinutesStatus
MINUTES_TABLE = [
    # status, action, reviews done, reviews needed, result (None = refused)
    (M.DRAFT, "review", 0, 2, M.DRAFT),
    (M.DRAFT, "review", 1, 2, M.REVIEWED),
    (M.DRAFT, "approve", 0, 2, None),
    (M.DRAFT, "circulate", 0, 2, None),
    (M.REVIEWED, "review", 2, 2, None),
    (M.REVIEWED, "approve", 2, 2, M.APPROVED),
    (M.REVIEWED, "return", 2, 2, M.DRAFT),
    (M.REVIEWED, "circulate", 2, 2, None),
    (M.APPROVED, "approve", 2, 2, None),
    (M.APPROVED, "return", 2, 2, None),
    (M.APPROVED, "review", 2, 2, None),
    (M.APPROVED, "circulate", 2, 2, M.CIRCULATED),
    (M.CIRCULATED, "circulate", 2, 2, None),
    (M.CIRCULATED, "approve", 2, 2, None),
    (M.CIRCULATED, "return", 2, 2, None),
]


@pytest.mark.parametrize("status,action,done,needed,result", MINUTES_TABLE)
def test_minutes_transitions(status, action, done, needed, result):
    if result is None:
        with pytest.raises(TransitionRefused):
            next_minutes_status(status, action, done, needed)
    else:
        assert next_minutes_status(status, action, done, needed) == result


def test_a_refusal_says_why_in_words():
    with pytest.raises(TransitionRefused, match="must read the minutes first"):
        next_minutes_status(M.DRAFT, "approve")
    with pytest.raises(TransitionRefused, match="An agenda that is issued cannot be approved"):
        next_agenda_status(A.ISSUED, "approve")
