"""The approval state machines, as tables: agenda and minutes. Plain Python; actions.py applies them.

Agenda (Board ToR: "drafted by the Project Leader and approved by the Project Executive and Project Sponsor before it
is issued"; Strategic Group ToR 3.13-3.14: approved by the Project Sponsor and the Chair):
    draft --submit--> awaiting approval --approve (each step in order)--> ... --approve (last step)--> approved
    awaiting approval --return--> draft;  approved --issue--> issued;  approved --return--> draft

Minutes (Board ToR: produced by the support team, the Project Leader and Project Executive act as "critical friend"
before submission to the Chair for approval, then circulated):
    draft --review (both critical friends)--> reviewed --approve (Chair)--> approved --circulate--> circulated
    reviewed --return--> draft
"""

from governance.models import AgendaStatus, MinutesStatus


class TransitionRefused(Exception):
    pass


AGENDA_TRANSITIONS = {
    (AgendaStatus.DRAFT, "submit"): AgendaStatus.AWAITING_APPROVAL,
    (AgendaStatus.AWAITING_APPROVAL, "approve"): AgendaStatus.AWAITING_APPROVAL,  # or APPROVED at the last step
    (AgendaStatus.AWAITING_APPROVAL, "return"): AgendaStatus.DRAFT,
    (AgendaStatus.APPROVED, "return"): AgendaStatus.DRAFT,
    (AgendaStatus.APPROVED, "issue"): AgendaStatus.ISSUED,
}

MINUTES_TRANSITIONS = {
    (MinutesStatus.DRAFT, "review"): MinutesStatus.DRAFT,  # or REVIEWED once every critical friend has read it
    (MinutesStatus.DRAFT, "approve"): None,  # refused: the critical friends read the minutes first
    (MinutesStatus.REVIEWED, "approve"): MinutesStatus.APPROVED,
    (MinutesStatus.REVIEWED, "return"): MinutesStatus.DRAFT,
    (MinutesStatus.APPROVED, "circulate"): MinutesStatus.CIRCULATED,
}

AGENDA_ACTIONS = {"submit": "send for approval", "approve": "approve", "return": "return", "issue": "issue"}


def next_agenda_status(status, action, steps_done=0, steps_total=0):
    """The agenda's status after `action`, or TransitionRefused with the reason in words."""
    target = AGENDA_TRANSITIONS.get((status, action))
    if target is None:
        raise TransitionRefused(f"An agenda that is {AgendaStatus(status).label.lower()} cannot be {_past(action)}.")
    if action == "approve" and steps_done + 1 >= steps_total:
        return AgendaStatus.APPROVED
    if action == "submit" and steps_total == 0:
        return AgendaStatus.APPROVED
    return target


def next_minutes_status(status, action, reviews_done=0, reviews_needed=0):
    target = MINUTES_TRANSITIONS.get((status, action))
    if target is None:
        if (status, action) == (MinutesStatus.DRAFT, "approve"):
            raise TransitionRefused("The Project Leader and the Project Executive must read the minutes first.")
        raise TransitionRefused(f"Minutes that are {MinutesStatus(status).label.lower()} cannot be {_past(action)}.")
    if action == "review" and reviews_done + 1 >= reviews_needed:
        return MinutesStatus.REVIEWED
    return target


def _past(action):
    return {
        "submit": "sent for approval",
        "approve": "approved",
        "return": "returned",
        "issue": "issued",
        "review": "reviewed",
        "circulate": "circulated",
    }.get(action, action)
