"""The rules of officer decisions, as plain Python: no queries, dates in and answers (with reasons in words) out.

- Call-in: only a key decision is open for call-in (seed 000, 4.5.2: "This decision is a Significant Operational
  Decision and is therefore not subject to call-in"). Its call-in period runs for
  settings.GOVERNANCE_CALL_IN_WORKING_DAYS working days after publication, and it may be implemented on the working
  day after that. Any other decision may be implemented once it is published.
- The forward plan: a key decision is first published on the forward plan at least 28 clear days before it is taken
  (neither the day of publication nor the day of the decision counts), unless it is taken under the general exception
  or special urgency, with the reason recorded.
- What a report must hold before it is signed off, decided and published (`missing_for`).
- The report's workflow, as a table (like governance.workflow for agendas and minutes):

    draft --send--> awaiting sign-off --sign_off (the signing Director)--> signed off
    awaiting sign-off or signed off --return (with a comment)--> draft
    signed off --decide (the decision maker)--> decided --publish--> published
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from governance.calendar import default_calendar
from governance.models.reports import DecisionReportStatus, DecisionType, UrgencyRoute

FORWARD_PLAN_CLEAR_DAYS = 28
NONE_DECLARED = "None"

# ------------------------------------------------------------------------------------------------------- call-in


def is_open_for_call_in(decision_type):
    return decision_type == DecisionType.KEY


def call_in_ends(decision_type, published_on, calendar=None, working_days=None):
    """The last day of the call-in period of a decision published on `published_on`, or None when the decision
    cannot be called in."""
    if not is_open_for_call_in(decision_type) or published_on is None:
        return None
    calendar = calendar or default_calendar()
    days = working_days if working_days is not None else settings.GOVERNANCE_CALL_IN_WORKING_DAYS
    return calendar.add_working_days(published_on, days)


def earliest_implementation(decision_type, published_on, calendar=None, working_days=None):
    """The first day the decision may be acted on: the working day after the call-in period for a key decision; the
    day of publication for a decision that cannot be called in."""
    if published_on is None:
        return None
    if not is_open_for_call_in(decision_type):
        return published_on
    calendar = calendar or default_calendar()
    return calendar.add_working_days(call_in_ends(decision_type, published_on, calendar, working_days), 1)


# -------------------------------------------------------------------------------------------------- forward plan


def _day(day):
    return f"{day.day} {day:%B %Y}"


def clear_days(first_published_on, decision_on):
    """Calendar days strictly between publication and decision (both left out); 0 when there are none."""
    return max((decision_on - first_published_on).days - 1, 0)


@dataclass(frozen=True)
class ForwardPlanCheck:
    applies: bool
    met: bool
    clear_days: int | None = None
    route: str = UrgencyRoute.NONE
    reasons: list = field(default_factory=list)

    @property
    def summary(self):
        return " ".join(self.reasons)


def forward_plan_check(decision_type, first_published_on, decision_on, urgency_route=UrgencyRoute.NONE, reason=""):
    """Whether a key decision taken on `decision_on` has had its notice on the forward plan, with the reason in words.

    28 clear days: published on 1 March, the decision may be taken on 30 March (2-29 March are 28 clear days).
    """
    if decision_type != DecisionType.KEY:
        return ForwardPlanCheck(applies=False, met=True, reasons=["Not a key decision: no forward plan notice needed."])
    route = urgency_route or UrgencyRoute.NONE
    days = clear_days(first_published_on, decision_on) if first_published_on and decision_on else None
    if route != UrgencyRoute.NONE:
        label = UrgencyRoute(route).label
        if not (reason or "").strip():
            return ForwardPlanCheck(
                applies=True,
                met=False,
                clear_days=days,
                route=route,
                reasons=[f"Give the reason for taking this key decision under {label.lower()}."],
            )
        return ForwardPlanCheck(
            applies=True, met=True, clear_days=days, route=route, reasons=[f"{label}: {reason.strip()}"]
        )
    if first_published_on is None:
        return ForwardPlanCheck(
            applies=True,
            met=False,
            reasons=[
                "A key decision must be published on the forward plan at least 28 clear days before it is taken. "
                "Give the date it was first published, or record the general exception or special urgency with "
                "its reason."
            ],
        )
    if decision_on is None:
        return ForwardPlanCheck(
            applies=True,
            met=False,
            reasons=["Give the intended decision date, to check the 28 clear days on the forward plan."],
        )
    if days >= FORWARD_PLAN_CLEAR_DAYS:
        return ForwardPlanCheck(
            applies=True,
            met=True,
            clear_days=days,
            reasons=[f"On the forward plan from {_day(first_published_on)}: {days} clear days."],
        )
    earliest = first_published_on + dt.timedelta(days=FORWARD_PLAN_CLEAR_DAYS + 1)
    return ForwardPlanCheck(
        applies=True,
        met=False,
        clear_days=days,
        reasons=[
            f"First published on the forward plan on {_day(first_published_on)}, which leaves {days} clear "
            f"day{'s' if days != 1 else ''} before {_day(decision_on)}; a key decision needs at least 28. "
            f"Take it on or after {_day(earliest)}, or record the general exception or special urgency with "
            "its reason."
        ],
    )


# -------------------------------------------------------------------------------------------------- completeness

SIGN_OFF, DECIDE, PUBLISH = "sign_off", "decide", "publish"
STAGES = (SIGN_OFF, DECIDE, PUBLISH)

# The report's own parts, in the order of the council's template, with the words used when one is missing.
REPORT_PARTS = [
    ("report_of", "who the report is of (“Report of”)"),
    ("report_to", "who the report is to (“Report to”)"),
    ("subject", "the subject"),
    ("summary_main_issues", "summary 1: main issues"),
    ("summary_best_council_plan", "summary 2: Best Council Plan implications"),
    ("summary_resources", "summary 3: resource implications"),
    ("summary_recommendations", "the recommendations in the summary"),
    ("purpose", "section 1: purpose of this report"),
    ("background", "section 2: background information"),
    ("main_issues", "section 3: main issues"),
    ("consultation_engagement", "section 4.1: consultation and engagement"),
    ("equality_diversity", "section 4.2: equality and diversity / cohesion and integration"),
    ("council_policies", "section 4.3: council policies and the Best Council Plan"),
    ("resources_value_for_money", "section 4.4: resources, procurement and value for money"),
    ("legal_implications", "section 4.5: legal implications, access to information, and call-in"),
    ("risk_management", "section 4.6: risk management"),
    ("conclusions", "section 5: conclusions"),
    ("recommendations", "section 6: recommendations"),
    ("background_documents", "section 7: background documents (write “7.1 None” if there are none)"),
]

FIVE_QUESTIONS = [
    ("wards_affected", "whether specific electoral wards are affected"),
    ("consultation_carried_out", "whether consultation has been carried out"),
    ("equality_implications", "whether there are implications for equality and diversity and cohesion and integration"),
    ("exempt", "whether the report contains confidential or exempt information"),
]

DECISION_RECORD = [
    ("decided_on", "the date of the decision"),
    ("decision_text", "the decision"),
    ("decision_reasons", "the reasons for the decision"),
    ("alternatives_rejected", "the alternatives considered and rejected"),
    (
        "conflicts_declared",
        f"the conflicts of interest declared (type “{NONE_DECLARED}” if none was declared: it cannot be left blank)",
    ),
]


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def missing_for(stage, report, appendices=()):
    """The mandatory parts `report` still lacks before `stage` (sign_off, decide or publish), in words; empty when
    nothing is missing. Each stage needs everything the stages before it need.

    `report` is a DecisionReport (only its attributes are read) and `appendices` its appendices.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    missing = [words for name, words in REPORT_PARTS if _blank(getattr(report, name))]
    missing += [f"the answer to {words}" for name, words in FIVE_QUESTIONS if getattr(report, name) is None]
    if report.wards_affected and _blank(report.wards):
        missing.append("the names of the wards affected")
    missing += _exempt_gaps(report, appendices)
    if not report.decision_type:
        missing.append("the decision type")
    if report.decision_type == DecisionType.KEY and report.intended_decision_date is None:
        missing.append("the intended decision date (for the forward plan)")
    if report.signing_director_id is None:
        missing.append("the Director who signs the report off")
    if report.decision_maker_id is None:
        missing.append("the decision maker")
    if report.urgency_route not in (None, "", UrgencyRoute.NONE) and _blank(report.urgency_reason):
        missing.append("the reason for the urgency route")
    for appendix in appendices:
        if _blank(appendix.title):
            missing.append(f"the title of appendix {appendix.number}")
    if stage in (DECIDE, PUBLISH):
        missing += [words for name, words in DECISION_RECORD if _blank(getattr(report, name))]
    if stage == PUBLISH:
        if report.report_date is None:
            missing.append("the report’s date")
        missing += [f"the file of appendix {a.number} ({a.title})" for a in appendices if not a.file]
    return missing


def _exempt_gaps(report, appendices):
    gaps = []
    exempt_appendices = [a for a in appendices if a.exempt_paragraph]
    if report.exempt:
        if not report.exempt_paragraph:
            gaps.append("the paragraph of Schedule 12A the exempt information falls under")
        if _blank(report.access_to_information_rule):
            gaps.append("the access to information procedure rule number")
        if _blank(report.public_interest_reason):
            gaps.append("the public interest reason for the exemption")
        named = (report.exempt_appendix or "").strip()
        if named and named not in {str(a.number) for a in exempt_appendices}:
            gaps.append(f"the exemption of appendix {named}, which the report names as exempt")
    elif exempt_appendices:
        numbers = ", ".join(str(a.number) for a in exempt_appendices)
        gaps.append(f"a “Yes” to exempt information: appendix {numbers} is exempt")
    for appendix in exempt_appendices:
        if _blank(appendix.public_interest_reason):
            gaps.append(f"the public interest reason for exempting appendix {appendix.number}")
    return gaps


# ------------------------------------------------------------------------------------------------------ workflow


class TransitionRefused(Exception):
    pass


S = DecisionReportStatus
TRANSITIONS = {
    (S.DRAFT, "send"): S.AWAITING_SIGN_OFF,
    (S.AWAITING_SIGN_OFF, "sign_off"): S.SIGNED_OFF,
    (S.AWAITING_SIGN_OFF, "return"): S.DRAFT,
    (S.SIGNED_OFF, "return"): S.DRAFT,
    (S.SIGNED_OFF, "decide"): S.DECIDED,
    (S.DECIDED, "publish"): S.PUBLISHED,
}

ACTION_WORDS = {
    "send": "sent for sign-off",
    "sign_off": "signed off",
    "return": "returned",
    "decide": "decided",
    "publish": "published",
}


def next_status(status, action):
    """The report's status after `action`, or TransitionRefused with the reason in words."""
    target = TRANSITIONS.get((status, action))
    if target is None:
        if status == S.PUBLISHED:
            raise TransitionRefused("The report is published and is never changed. Start a correction instead.")
        raise TransitionRefused(
            f"A report that is {S(status).label.lower()} cannot be {ACTION_WORDS.get(action, action)}."
        )
    return target
