"""The rules of officer decisions (governance.officer_decisions): call-in, the forward plan, what a report must hold
at each stage, and the report's workflow table. Plain Python: no database."""

import datetime as dt

import pytest

from governance import officer_decisions as rules
from governance.models import (
    DecisionReport,
    DecisionReportAppendix,
    DecisionReportStatus,
    DecisionType,
    UrgencyRoute,
)
from governance.seed_reports import SUBJECT, report_values

KEY = DecisionType.KEY
SOD = DecisionType.SIGNIFICANT_OPERATIONAL
ADMIN = DecisionType.ADMINISTRATIVE
S = DecisionReportStatus

# ------------------------------------------------------------------------------------------------------- call-in


@pytest.mark.parametrize("decision_type, open_", [(KEY, True), (SOD, False), (ADMIN, False)])
def test_only_a_key_decision_is_open_for_call_in(decision_type, open_):
    assert rules.is_open_for_call_in(decision_type) is open_


def test_a_significant_operational_decision_is_not_subject_to_call_in_and_applies_on_publication():
    # Seed 000, 4.5.2.
    published = dt.date(2025, 3, 3)
    assert rules.call_in_ends(SOD, published) is None
    assert rules.earliest_implementation(SOD, published) == published
    assert rules.earliest_implementation(ADMIN, published) == published


def test_a_key_decision_can_be_called_in_for_five_working_days_after_publication():
    published = dt.date(2025, 3, 3)  # a Monday
    assert rules.call_in_ends(KEY, published) == dt.date(2025, 3, 10)
    assert rules.earliest_implementation(KEY, published) == dt.date(2025, 3, 11)


def test_the_call_in_period_skips_good_friday_and_easter_monday():
    published = dt.date(2025, 4, 17)  # Thursday before Good Friday (18th) and Easter Monday (21st)
    assert rules.call_in_ends(KEY, published) == dt.date(2025, 4, 28)
    assert rules.earliest_implementation(KEY, published) == dt.date(2025, 4, 29)


def test_the_call_in_period_skips_christmas_boxing_day_and_new_year():
    published = dt.date(2025, 12, 23)  # 24, 29, 30, 31 December and 2 January are the working days
    assert rules.call_in_ends(KEY, published) == dt.date(2026, 1, 2)
    assert rules.earliest_implementation(KEY, published) == dt.date(2026, 1, 5)


def test_implementation_waits_past_a_bank_holiday_after_the_call_in_period():
    published = dt.date(2025, 5, 16)  # a Friday: the period ends Friday 23 May; Monday 26 May is a bank holiday
    assert rules.call_in_ends(KEY, published) == dt.date(2025, 5, 23)
    assert rules.earliest_implementation(KEY, published) == dt.date(2025, 5, 27)


def test_a_decision_published_at_the_weekend_counts_from_the_next_working_day():
    published = dt.date(2025, 3, 1)  # a Saturday
    assert rules.call_in_ends(KEY, published) == dt.date(2025, 3, 7)


def test_the_call_in_period_follows_the_setting(settings):
    settings.GOVERNANCE_CALL_IN_WORKING_DAYS = 3
    assert rules.call_in_ends(KEY, dt.date(2025, 3, 3)) == dt.date(2025, 3, 6)
    assert rules.earliest_implementation(KEY, dt.date(2025, 3, 3)) == dt.date(2025, 3, 7)


def test_nothing_runs_before_publication():
    assert rules.call_in_ends(KEY, None) is None
    assert rules.earliest_implementation(KEY, None) is None


# -------------------------------------------------------------------------------------------------- forward plan


@pytest.mark.parametrize(
    "published, decided, expected",
    [
        (dt.date(2025, 3, 1), dt.date(2025, 3, 1), 0),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 2), 0),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 3), 1),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 30), 28),
    ],
)
def test_clear_days_leave_out_the_day_of_publication_and_the_day_of_decision(published, decided, expected):
    assert rules.clear_days(published, decided) == expected


def test_a_key_decision_28_clear_days_after_the_forward_plan_may_be_taken():
    check = rules.forward_plan_check(KEY, dt.date(2025, 3, 1), dt.date(2025, 3, 30))
    assert check.applies and check.met
    assert check.clear_days == 28


def test_a_key_decision_27_clear_days_after_the_forward_plan_may_not_be_taken():
    check = rules.forward_plan_check(KEY, dt.date(2025, 3, 1), dt.date(2025, 3, 29))
    assert not check.met
    assert check.clear_days == 27
    assert "leaves 27 clear days" in check.summary
    assert "on or after 30 March 2025" in check.summary


def test_the_general_exception_with_its_reason_lets_a_key_decision_be_taken_early():
    check = rules.forward_plan_check(
        KEY, dt.date(2025, 3, 20), dt.date(2025, 3, 29), UrgencyRoute.GENERAL_EXCEPTION, "Contract ends on 31 March"
    )
    assert check.met
    assert check.summary == "General exception: Contract ends on 31 March"


def test_special_urgency_needs_no_forward_plan_date_but_needs_its_reason():
    assert rules.forward_plan_check(KEY, None, dt.date(2025, 3, 29), UrgencyRoute.SPECIAL_URGENCY, "Safety").met
    check = rules.forward_plan_check(KEY, None, dt.date(2025, 3, 29), UrgencyRoute.SPECIAL_URGENCY, "  ")
    assert not check.met
    assert "Give the reason" in check.summary


def test_a_key_decision_never_on_the_forward_plan_may_not_be_taken():
    check = rules.forward_plan_check(KEY, None, dt.date(2025, 3, 29))
    assert not check.met
    assert "forward plan at least 28 clear days" in check.summary


@pytest.mark.parametrize("decision_type", [SOD, ADMIN])
def test_the_forward_plan_rule_is_only_for_key_decisions(decision_type):
    check = rules.forward_plan_check(decision_type, None, dt.date(2025, 3, 29))
    assert check.met and not check.applies


# -------------------------------------------------------------------------------------------------- completeness


def _report(**changes):
    """An unsaved report holding everything the 2021 report holds (the seed's text), with `changes`."""
    values = report_values(None, None)
    values.update(subject=SUBJECT, signing_director_id=1, decision_maker_id=2, author_id=1)
    values.update(changes)
    return DecisionReport(
        **{k: v for k, v in values.items() if k not in ("author", "signing_director", "decision_maker")}
    )


DECISION_RECORD = {
    "decided_on": dt.date(2021, 4, 28),
    "decision_text": "Approved.",
    "decision_reasons": "As set out in the report.",
    "alternatives_rejected": "Not creating the post.",
    "conflicts_declared": "None",
}


def test_the_2021_report_holds_everything_needed_to_sign_it_off():
    assert rules.missing_for(rules.SIGN_OFF, _report()) == []


def test_missing_parts_are_named_in_words_in_the_template_order():
    report = _report(purpose="", risk_management="  ", consultation_carried_out=None, signing_director_id=None)
    assert rules.missing_for(rules.SIGN_OFF, report) == [
        "section 1: purpose of this report",
        "section 4.6: risk management",
        "the answer to whether consultation has been carried out",
        "the Director who signs the report off",
    ]


def test_wards_affected_need_their_names():
    assert "the names of the wards affected" in rules.missing_for(rules.SIGN_OFF, _report(wards_affected=True))
    assert rules.missing_for(rules.SIGN_OFF, _report(wards_affected=True, wards="Armley")) == []


def test_a_key_decision_needs_its_intended_date():
    missing = rules.missing_for(rules.SIGN_OFF, _report(decision_type=KEY))
    assert missing == ["the intended decision date (for the forward plan)"]


def test_exempt_information_needs_its_paragraph_rule_and_public_interest_reason():
    missing = rules.missing_for(rules.SIGN_OFF, _report(exempt=True))
    assert missing == [
        "the paragraph of Schedule 12A the exempt information falls under",
        "the access to information procedure rule number",
        "the public interest reason for the exemption",
    ]


def test_an_exempt_appendix_needs_the_report_to_say_yes_and_a_reason():
    appendix = DecisionReportAppendix(number=2, title="Costs", exempt_paragraph=3)
    missing = rules.missing_for(rules.SIGN_OFF, _report(), [appendix])
    assert "a “Yes” to exempt information: appendix 2 is exempt" in missing
    assert "the public interest reason for exempting appendix 2" in missing


def test_the_appendix_the_report_names_as_exempt_must_be_exempt():
    report = _report(exempt=True, exempt_paragraph=3, access_to_information_rule="10.4 (3)", exempt_appendix="2")
    report.public_interest_reason = "Commercial"
    open_appendix = DecisionReportAppendix(number=2, title="Costs")
    assert rules.missing_for(rules.SIGN_OFF, report, [open_appendix]) == [
        "the exemption of appendix 2, which the report names as exempt"
    ]
    exempt_appendix = DecisionReportAppendix(
        number=2, title="Costs", exempt_paragraph=3, public_interest_reason="Commercial"
    )
    assert rules.missing_for(rules.SIGN_OFF, report, [exempt_appendix]) == []


def test_the_decision_record_cannot_leave_conflicts_blank_but_none_is_enough():
    report = _report(**{**DECISION_RECORD, "conflicts_declared": ""})
    assert rules.missing_for(rules.SIGN_OFF, report) == []
    missing = rules.missing_for(rules.DECIDE, report)
    assert len(missing) == 1 and missing[0].startswith("the conflicts of interest declared (type “None”")
    assert rules.missing_for(rules.DECIDE, _report(**DECISION_RECORD)) == []


def test_publishing_needs_the_date_and_every_appendix_file():
    appendix = DecisionReportAppendix(number=1, title="Job description")
    report = _report(**DECISION_RECORD, report_date=None)
    assert rules.missing_for(rules.DECIDE, report, [appendix]) == []
    assert rules.missing_for(rules.PUBLISH, report, [appendix]) == [
        "the report’s date",
        "the file of appendix 1 (Job description)",
    ]
    appendix.file.name = "decision-reports/1/appendix-1.pdf"
    assert rules.missing_for(rules.PUBLISH, _report(**DECISION_RECORD), [appendix]) == []


def test_each_stage_needs_what_the_stages_before_it_need():
    report = _report(purpose="")
    for stage in rules.STAGES:
        assert "section 1: purpose of this report" in rules.missing_for(stage, report)


def test_an_unknown_stage_is_a_programming_error():
    with pytest.raises(ValueError):
        rules.missing_for("approve", _report())


# ------------------------------------------------------------------------------------------------------ workflow

ACTIONS = ["send", "sign_off", "return", "decide", "publish"]
ALLOWED = {
    (S.DRAFT, "send"): S.AWAITING_SIGN_OFF,
    (S.AWAITING_SIGN_OFF, "sign_off"): S.SIGNED_OFF,
    (S.AWAITING_SIGN_OFF, "return"): S.DRAFT,
    (S.SIGNED_OFF, "return"): S.DRAFT,
    (S.SIGNED_OFF, "decide"): S.DECIDED,
    (S.DECIDED, "publish"): S.PUBLISHED,
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_the_report_workflow(status, action):
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(rules.TransitionRefused):
            rules.next_status(status, action)
    else:
        assert rules.next_status(status, action) == expected


def test_a_published_report_refuses_every_step_with_the_correction_route():
    with pytest.raises(rules.TransitionRefused, match="Start a correction"):
        rules.next_status(S.PUBLISHED, "send")
