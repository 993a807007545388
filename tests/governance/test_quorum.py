"""Quorum evaluation (governance.quorum) against the seed terms of reference.

The module under test is pure Python (no database), so these tests need no Django set-up; they run the same with or
without pytest-django. Without it, skip tests/conftest.py too, which imports Django models:
``pytest tests/governance/test_quorum.py -p no:django --noconftest``.

Seed rules:
- Strategic Home Care Commissioning Group ToR 3.3: "The Group will be quorate when at least 5 members are in
  attendance, to include representation at a minimum of 2 Councillors, 2 Providers, and a Service User."
  3.5: deputies "must have authority to speak on behalf of the organisation or stakeholder group they represent".
- Home Care/PA Commissioning Board acting as Project Board ToR 3.2: "The Board will be quorate when the Project
  Sponsor (Chair) and 2 other decision-makers are in attendance." 3.3: deputies "must have delegated decision making
  powers".
"""

from __future__ import annotations

import dataclasses
import itertools
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import quorum
from governance.quorum import (
    CHAIR,
    DEPUTY_CHAIR,
    PROJECT_EXECUTIVE,
    PROJECT_SPONSOR,
    Authority,
    Counted,
    Rules,
    Seat,
    evaluate,
)

# Role tokens as governance.models.Role spells them (the quorum module defines only those rules may require).
MEMBER = "member"
DECISION_MAKER = "decision_maker"
IN_ATTENDANCE = "in_attendance"
REPORTING_OFFICER = "reporting_officer"
MEETING_SUPPORT = "meeting_support"
CO_OPTED = "co_opted"

LABELS = {
    "councillor": ("Councillor", "Councillors"),
    "provider": ("Provider", "Providers"),
    "service_user": ("Service User", "Service Users"),
    "officer": ("Officer", "Officers"),
    "nhs": ("NHS/CCG member", "NHS/CCG members"),
    "public_health": ("Public Health member", "Public Health members"),
    "trade_union": ("Trade union member", "Trade union members"),
    "vcf_sector": ("voluntary, community or faith sector member", "voluntary, community or faith sector members"),
}

SPONSOR_MISSING = "the Project Sponsor or a deputy with delegated powers must be present"


def seat(key, person, role=MEMBER, constituency="", *, counts=True, decision_maker=False, extra_roles=(), **kw):
    return Seat(
        key=key,
        person=person,
        roles=frozenset({role, *extra_roles}),
        constituency=constituency,
        counts=counts,
        decision_maker=decision_maker,
        label=kw.pop("label", key),
        **kw,
    )


# --------------------------------------------------------------------------------------------------------------------
# Strategic Home Care Commissioning Group (ToR 2.0 membership, 3.1 chairing, 3.3 quorum, 3.5 deputies)
# --------------------------------------------------------------------------------------------------------------------

STRATEGIC_RULES = Rules(
    min_members=5,
    min_per_constituency={"councillor": 2, "provider": 2, "service_user": 1},
    deputy_authority_required=Authority.SPEAK,
    constituency_labels=LABELS,
)

STRATEGIC_SEATS = (
    # Councillors
    seat("sg-ogilvie", "ogilvie", CHAIR, "councillor", label="Cllr Adam Ogilvie (Chair)"),
    seat("sg-varley", "varley", MEMBER, "councillor", label="Cllr Shirley Varley"),
    seat("sg-latty", "latty", DEPUTY_CHAIR, "councillor", label="Cllr Graham Latty"),
    seat("sg-blackburn", "blackburn", MEMBER, "councillor", label="Cllr Ann Blackburn"),
    seat("sg-cllr-tbc", None, MEMBER, "councillor", label="Cllr to be confirmed"),
    # Public health, officer, NHS
    seat("sg-murphy", "murphy", MEMBER, "public_health", label="Bernadette Murphy"),
    seat("sg-sanders", "sanders", MEMBER, "officer", label="Tim Sanders, Dementia Strategy Lead"),
    seat("sg-boyne", "boyne", MEMBER, "nhs", label="Diane Boyne"),
    seat("sg-lch-tbc", None, MEMBER, "nhs", label="Leeds Community Healthcare to be confirmed"),
    # Providers
    seat("sg-copley", "copley", MEMBER, "provider", label="Louise Copley, Complete Care Agency"),
    seat("sg-towers", "towers", MEMBER, "provider", label="Lucy Towers, Vive Social Care"),
    seat("sg-constive", "constive", MEMBER, "provider", label="Theresa Constive, Allied Healthcare"),
    seat("sg-springfield-tbc", None, MEMBER, "provider", label="Springfield Home Care to be confirmed"),
    seat("sg-donahue", "donahue", MEMBER, "provider", label="Dan Donahue, Human Support Group"),
    seat("sg-wilcock", "wilcock", MEMBER, "provider", label="Allison Wilcock, Moorcare"),
    # VCF sector and trade union
    seat("sg-vcf-tbc", None, MEMBER, "vcf_sector", label="VCF sector to be confirmed"),
    seat("sg-tu-tbc", None, MEMBER, "trade_union", label="Trade union rep to be confirmed"),
    # Service users
    seat("sg-hassan", "hassan", MEMBER, "service_user", label="Hatim Hassan"),
    seat("sg-dahri", "dahri", MEMBER, "service_user", label="Shindi Dahri"),
    seat("sg-su-tbc-1", None, MEMBER, "service_user", label="Service user to be confirmed"),
    seat("sg-su-tbc-2", None, MEMBER, "service_user", label="Service user to be confirmed"),
    # In attendance: never count
    seat("sg-ward", "ward", IN_ATTENDANCE, "officer", counts=False, extra_roles={PROJECT_SPONSOR}, label="Mick Ward"),
    seat("sg-young", "young", IN_ATTENDANCE, "officer", counts=False, label="Georgia Young, Project Lead"),
    seat("sg-bradley", "bradley", IN_ATTENDANCE, "officer", counts=False, label="Annemarie Bradley, Project Support"),
    seat("sg-atkinson", "atkinson", IN_ATTENDANCE, "officer", counts=False, extra_roles={PROJECT_EXECUTIVE}),
    seat("sg-bridle", "bridle", MEETING_SUPPORT, "officer", counts=False, label="Barry Bridle, Meeting Support"),
)

STRATEGIC_IN_ATTENDANCE = ("ward", "young", "bradley", "atkinson", "bridle")
STRATEGIC_MEMBERS = (
    "ogilvie", "varley", "latty", "blackburn", "murphy", "sanders", "boyne",
    "copley", "towers", "constive", "donahue", "wilcock", "hassan", "dahri",
)  # fmt: skip

# Two Councillors, two Providers and a Service User: exactly the ToR 3.3 minimum.
STRATEGIC_MINIMUM = ("varley", "blackburn", "copley", "towers", "hassan")


def strategic_seats(**changes):
    """The Strategic Group's seats with some seats changed: strategic_seats(**{"sg-hassan": {"deputy": ...}})."""
    seats = []
    for s in STRATEGIC_SEATS:
        seats.append(dataclasses.replace(s, **changes.pop(s.key)) if s.key in changes else s)
    assert not changes, f"unknown seats {sorted(changes)}"
    return seats


def strategic(present, seats=STRATEGIC_SEATS, rules=STRATEGIC_RULES):
    return evaluate(rules, seats, present)


# --------------------------------------------------------------------------------------------------------------------
# Home Care/PA Commissioning Board acting as Project Board (ToR 3.1 chairing, 3.2 quorum, 3.3 deputies)
# --------------------------------------------------------------------------------------------------------------------

BOARD_RULES = Rules(
    required_roles=(PROJECT_SPONSOR,),
    min_other_decision_makers=2,
    deputy_authority_required=Authority.DECIDE,
    constituency_labels=LABELS,
)

BOARD_SEATS = (
    seat("pb-ward", "ward", CHAIR, decision_maker=True, extra_roles={PROJECT_SPONSOR}, label="Mick Ward"),
    # Senior suppliers
    seat("pb-phillott", "phillott", DECISION_MAKER, decision_maker=True, label="Mark Phillott"),
    seat("pb-crowther", "crowther", DECISION_MAKER, decision_maker=True, label="John Crowther"),
    seat("pb-bailey", "bailey", DECISION_MAKER, decision_maker=True, label="Tony Bailey"),
    seat("pb-cooper", "cooper", DECISION_MAKER, decision_maker=True, label="Tracey Cooper"),
    # Senior users
    seat("pb-liz-ward", "liz_ward", DECISION_MAKER, decision_maker=True, label="Liz Ward"),
    seat("pb-maslyn", "maslyn", DECISION_MAKER, decision_maker=True, label="Kim Maslyn"),
    seat("pb-dobson", "dobson", DECISION_MAKER, decision_maker=True, label="Andrea Dobson"),
    seat("pb-rowlands-tbc", None, DECISION_MAKER, decision_maker=True, label="Megan Rowlands (tbc)"),
    # Business Lead/Project Executive: a member, but not a decision-maker
    seat("pb-atkinson", "atkinson", PROJECT_EXECUTIVE, decision_maker=False, label="Michelle Atkinson"),
    # In attendance: never count
    seat("pb-young", "young", IN_ATTENDANCE, counts=False, label="Georgia Young"),
    seat("pb-bajwa", "bajwa", IN_ATTENDANCE, counts=False, label="Kuldeep Bajwa"),
    seat("pb-whewell", "whewell", IN_ATTENDANCE, counts=False, label="Lizzie Whewell"),
    seat("pb-paxton", "paxton", IN_ATTENDANCE, counts=False, label="Hilary Paxton"),
    seat("pb-bridle", "bridle", MEETING_SUPPORT, counts=False, label="Barry Bridle"),
    seat("pb-king", "king", IN_ATTENDANCE, counts=False, label="Maggie King"),
)

BOARD_IN_ATTENDANCE = ("young", "bajwa", "whewell", "paxton", "bridle", "king")
BOARD_DECISION_MAKERS = ("phillott", "crowther", "bailey", "cooper", "liz_ward", "maslyn", "dobson")


def board_seats(**changes):
    seats = []
    for s in BOARD_SEATS:
        seats.append(dataclasses.replace(s, **changes.pop(s.key)) if s.key in changes else s)
    assert not changes, f"unknown seats {sorted(changes)}"
    return seats


def board(present, seats=BOARD_SEATS, rules=BOARD_RULES):
    return evaluate(rules, seats, present)


def counted_people(result):
    return {c.person for c in result.counted}


def counted_for(result, person):
    (entry,) = [c for c in result.counted if c.person == person]
    return entry


# ====================================================================================================================
# Strategic Group
# ====================================================================================================================


def test_strategic_group_is_quorate_with_two_councillors_two_providers_and_a_service_user():
    result = strategic(STRATEGIC_MINIMUM)
    assert result.quorate
    assert bool(result) is True
    assert result.shortfalls == ()
    assert result.members_present == 5
    assert counted_people(result) == set(STRATEGIC_MINIMUM)
    assert all(not c.as_deputy for c in result.counted)


def test_strategic_group_is_quorate_with_everyone_present():
    result = strategic(STRATEGIC_MEMBERS + STRATEGIC_IN_ATTENDANCE)
    assert result.quorate
    assert result.members_present == len(STRATEGIC_MEMBERS) == 14


def test_strategic_group_is_inquorate_with_one_provider():
    # Six members, two Councillors and a Service User, but only one Provider.
    result = strategic(["varley", "blackburn", "copley", "hassan", "murphy", "boyne"])
    assert not result.quorate
    assert bool(result) is False
    assert result.shortfalls == ("needs 1 more Provider",)
    assert result.members_present == 6


def test_strategic_group_is_inquorate_with_one_councillor():
    result = strategic(["ogilvie", "copley", "towers", "hassan", "murphy", "sanders"])
    assert result.shortfalls == ("needs 1 more Councillor",)


def test_strategic_group_is_inquorate_without_a_service_user():
    result = strategic(["ogilvie", "varley", "latty", "blackburn", "copley", "towers", "constive", "murphy"])
    assert result.shortfalls == ("needs 1 more Service User",)
    assert result.members_present == 8


def test_strategic_group_is_inquorate_with_no_providers():
    result = strategic(["ogilvie", "varley", "hassan", "dahri", "murphy", "sanders", "boyne"])
    assert result.shortfalls == ("needs 2 more Providers",)


def test_strategic_group_needs_five_members_even_when_constituencies_are_met():
    # On the seed board the constituency minimums (2 + 2 + 1) already add up to five people, so the member count is
    # shown on its own with the rule's other requirements dropped: four members is one short of five.
    rules = dataclasses.replace(STRATEGIC_RULES, min_per_constituency={"councillor": 2, "provider": 2})
    result = strategic(["varley", "blackburn", "copley", "towers"], rules=rules)
    assert result.shortfalls == ("needs 1 more member present (at least 5)",)
    assert result.members_present == 4
    # ... and on the seed rules both shortfalls are listed.
    result = strategic(["varley", "blackburn", "copley", "towers"])
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")
    # ... and the fifth member may come from any constituency once the minimums are met.
    rules = dataclasses.replace(STRATEGIC_RULES, min_per_constituency={"councillor": 2, "provider": 2})
    assert strategic(["varley", "blackburn", "copley", "towers", "sanders"], rules=rules).quorate


def test_strategic_group_member_count_is_pluralised():
    rules = dataclasses.replace(STRATEGIC_RULES, min_per_constituency={})
    assert strategic(["varley", "copley"], rules=rules).shortfalls == ("needs 3 more members present (at least 5)",)
    assert strategic(["varley"] * 3, rules=rules).shortfalls == ("needs 4 more members present (at least 5)",)


def test_in_attendance_officers_never_count():
    # Everyone in attendance and nobody else: nobody counts.
    result = strategic(STRATEGIC_IN_ATTENDANCE)
    assert result.members_present == 0
    assert result.counted == ()
    assert not result.quorate
    # Four members plus every officer in attendance is still one short of five.
    result = strategic(["varley", "blackburn", "copley", "towers", *STRATEGIC_IN_ATTENDANCE])
    assert result.members_present == 4
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")
    # Same on the Project Board: the officers in attendance are not decision-makers, however many attend.
    result = board(["ward", *BOARD_IN_ATTENDANCE])
    assert result.members_present == 1
    assert result.shortfalls == ("needs 2 more other decision-makers",)


def test_reporting_officers_and_meeting_support_never_count():
    seats = strategic_seats(**{"sg-sanders": {"roles": frozenset({REPORTING_OFFICER}), "counts": False}})
    result = strategic(["varley", "blackburn", "copley", "towers", "sanders", "bridle"], seats=seats)
    assert result.members_present == 4
    assert "sanders" not in counted_people(result) and "bridle" not in counted_people(result)


def test_vacant_seats_count_as_absent():
    # With Hatim Hassan and Shindi Dahri away, the two vacant Service User seats do not supply a Service User.
    others = [p for p in STRATEGIC_MEMBERS if p not in ("hassan", "dahri")]
    result = strategic(others)
    assert result.shortfalls == ("needs 1 more Service User",)
    # A vacant seat is never counted, even if somebody passes None as a person present.
    result = strategic([None, *STRATEGIC_MEMBERS])
    assert result.members_present == 14
    assert all(not c.seat.vacant for c in result.counted)
    # Megan Rowlands (tbc) on the Project Board is a vacant decision-maker seat.
    result = board(["ward", "phillott", None])
    assert result.shortfalls == ("needs 1 more other decision-maker",)


def test_vacant_seat_with_a_named_deputy_does_not_count():
    # A "to be confirmed" seat has no member to stand in for.
    seats = strategic_seats(**{"sg-su-tbc-1": {"deputy": "su_rep", "deputy_authority": Authority.DECIDE}})
    result = strategic(["varley", "blackburn", "copley", "towers", "su_rep"], seats=seats)
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")


def test_deputy_with_authority_to_speak_counts_on_the_strategic_group():
    seats = strategic_seats(**{"sg-hassan": {"deputy": "hassan_deputy", "deputy_authority": Authority.SPEAK}})
    result = strategic(["varley", "blackburn", "copley", "towers", "hassan_deputy"], seats=seats)
    assert result.quorate
    assert result.members_present == 5
    entry = counted_for(result, "hassan_deputy")
    assert entry.as_deputy and entry.seat.key == "sg-hassan"


def test_deputy_with_delegated_powers_counts_on_the_strategic_group():
    seats = strategic_seats(**{"sg-hassan": {"deputy": "hassan_deputy", "deputy_authority": Authority.DECIDE}})
    assert strategic(["varley", "blackburn", "copley", "towers", "hassan_deputy"], seats=seats).quorate


def test_deputy_without_authority_never_counts():
    seats = strategic_seats(**{"sg-hassan": {"deputy": "hassan_deputy", "deputy_authority": Authority.NONE}})
    result = strategic(["varley", "blackburn", "copley", "towers", "hassan_deputy"], seats=seats)
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")
    seats = board_seats(**{"pb-ward": {"deputy": "phillott", "deputy_authority": Authority.NONE}})
    assert board(["phillott", "crowther", "bailey"], seats=seats).shortfalls == (SPONSOR_MISSING,)


def test_deputy_counts_only_when_principal_is_absent():
    seats = strategic_seats(**{"sg-hassan": {"deputy": "hassan_deputy", "deputy_authority": Authority.SPEAK}})
    # Principal and deputy both present: only the principal counts.
    result = strategic(["varley", "blackburn", "copley", "hassan", "hassan_deputy"], seats=seats)
    assert result.members_present == 4
    assert counted_people(result) == {"varley", "blackburn", "copley", "hassan"}
    assert not counted_for(result, "hassan").as_deputy
    assert result.shortfalls == ("needs 1 more Provider", "needs 1 more member present (at least 5)")
    # Principal absent: the deputy counts in the principal's seat.
    result = strategic(["varley", "blackburn", "copley", "hassan_deputy"], seats=seats)
    assert counted_for(result, "hassan_deputy").as_deputy
    assert result.members_present == 4


def test_deputy_counts_as_the_principals_constituency():
    # Louise Copley's deputy counts as a Provider, whatever the deputy is otherwise.
    seats = strategic_seats(**{"sg-copley": {"deputy": "copley_deputy", "deputy_authority": Authority.SPEAK}})
    result = strategic(["varley", "blackburn", "towers", "hassan", "copley_deputy"], seats=seats)
    assert result.quorate
    assert counted_for(result, "copley_deputy").seat.constituency == "provider"
    # A Councillor (Cllr Varley) named as a provider's deputy counts as a Provider when she fills that seat.
    seats = strategic_seats(**{"sg-copley": {"deputy": "varley", "deputy_authority": Authority.SPEAK}})
    result = strategic(["varley", "ogilvie", "blackburn", "towers", "hassan"], seats=seats)
    assert result.quorate
    assert counted_for(result, "varley").seat.key == "sg-copley"


def test_chair_absent_with_deputy_chair_present_on_the_strategic_group_counts_the_deputy_chair_as_a_councillor():
    # Cllr Ogilvie away; Cllr Latty chairs (ToR 3.1) and is still one of the two Councillors. The Chair is not needed.
    result = strategic(["latty", "varley", "copley", "towers", "hassan"])
    assert result.quorate
    assert counted_for(result, "latty").seat.constituency == "councillor"
    # Latty chairing is only one Councillor.
    result = strategic(["latty", "copley", "towers", "hassan", "murphy"])
    assert result.shortfalls == ("needs 1 more Councillor",)


def test_chair_absent_with_deputy_chair_as_named_deputy_on_the_strategic_group_still_counts_once():
    # Cllr Latty named as Cllr Ogilvie's deputy: standing in for the Chair does not make him two Councillors.
    seats = strategic_seats(**{"sg-ogilvie": {"deputy": "latty", "deputy_authority": Authority.SPEAK}})
    result = strategic(["latty", "copley", "towers", "hassan", "murphy"], seats=seats)
    assert result.shortfalls == ("needs 1 more Councillor",)
    assert result.members_present == 5
    result = strategic(["latty", "varley", "copley", "towers", "hassan"], seats=seats)
    assert result.quorate


def test_the_chair_is_not_required_for_the_strategic_group():
    assert "ogilvie" not in STRATEGIC_MINIMUM
    assert strategic(STRATEGIC_MINIMUM).quorate


# ====================================================================================================================
# Project Board
# ====================================================================================================================


def test_project_board_is_quorate_with_sponsor_and_two_decision_makers():
    result = board(["ward", "phillott", "liz_ward"])
    assert result.quorate
    assert result.members_present == 3
    assert counted_for(result, "ward").seat.key == "pb-ward"


def test_project_board_is_quorate_with_everyone_present():
    result = board(["ward", *BOARD_DECISION_MAKERS, "atkinson", *BOARD_IN_ATTENDANCE])
    assert result.quorate
    assert result.members_present == 9


def test_project_board_is_inquorate_with_sponsor_and_one_decision_maker():
    assert board(["ward", "crowther"]).shortfalls == ("needs 1 more other decision-maker",)
    assert board(["ward"]).shortfalls == ("needs 2 more other decision-makers",)


def test_project_board_is_inquorate_without_the_sponsor():
    result = board(BOARD_DECISION_MAKERS)
    assert not result.quorate
    assert result.shortfalls == (SPONSOR_MISSING,)
    assert result.members_present == len(BOARD_DECISION_MAKERS)


def test_chair_absent_with_deputy_chair_present_on_the_project_board_is_inquorate_without_the_sponsor():
    # ToR 3.1: Mark Phillott chairs in Mick Ward's absence, but chairing is not quorum (ToR 3.2).
    result = board(["phillott", "crowther", "bailey"])
    assert result.shortfalls == (SPONSOR_MISSING,)
    # The same if his seat records him as Deputy Chair.
    seats = board_seats(**{"pb-phillott": {"roles": frozenset({DEPUTY_CHAIR})}})
    assert board(["phillott", "crowther", "bailey"], seats=seats).shortfalls == (SPONSOR_MISSING,)


def test_chair_absent_with_deputy_chair_present_as_the_sponsors_deputy_with_delegated_powers_fills_the_sponsor_role():
    seats = board_seats(**{"pb-ward": {"deputy": "phillott", "deputy_authority": Authority.DECIDE}})
    # He fills the Sponsor's place, and two OTHER decision-makers are still needed.
    result = board(["phillott", "crowther", "bailey"], seats=seats)
    assert result.quorate
    entry = counted_for(result, "phillott")
    assert entry.as_deputy and entry.seat.key == "pb-ward"
    assert board(["phillott", "crowther"], seats=seats).shortfalls == ("needs 1 more other decision-maker",)
    assert board(["phillott"], seats=seats).shortfalls == ("needs 2 more other decision-makers",)


def test_deputy_with_authority_to_speak_does_not_count_on_the_project_board():
    # As the Sponsor's deputy ...
    seats = board_seats(**{"pb-ward": {"deputy": "phillott", "deputy_authority": Authority.SPEAK}})
    result = board(["phillott", "crowther", "bailey"], seats=seats)
    assert result.shortfalls == (SPONSOR_MISSING,)
    assert all(not c.as_deputy for c in result.counted)
    # ... or as a decision-maker's deputy.
    seats = board_seats(**{"pb-bailey": {"deputy": "bailey_deputy", "deputy_authority": Authority.SPEAK}})
    assert board(["ward", "phillott", "bailey_deputy"], seats=seats).shortfalls == (
        "needs 1 more other decision-maker",
    )
    seats = board_seats(**{"pb-bailey": {"deputy": "bailey_deputy", "deputy_authority": Authority.DECIDE}})
    assert board(["ward", "phillott", "bailey_deputy"], seats=seats).quorate


def test_deputy_with_delegated_powers_for_the_sponsor_who_is_not_a_member():
    seats = board_seats(**{"pb-ward": {"deputy": "ward_deputy", "deputy_authority": Authority.DECIDE}})
    assert board(["ward_deputy", "phillott", "cooper"], seats=seats).quorate
    # The deputy does not count when Mick Ward is there himself.
    result = board(["ward", "ward_deputy", "phillott"], seats=seats)
    assert result.shortfalls == ("needs 1 more other decision-maker",)
    assert "ward_deputy" not in counted_people(result)


def test_project_executive_is_not_a_decision_maker():
    result = board(["ward", "atkinson", "phillott"])
    assert result.shortfalls == ("needs 1 more other decision-maker",)
    assert result.members_present == 3  # she is a member: she counts as present, just not as a decision-maker
    # ... nor can she stand in for the Sponsor by being Project Executive.
    assert board(["atkinson", "phillott", "crowther"]).shortfalls == (SPONSOR_MISSING,)


def test_project_executive_can_be_required_as_a_role():
    rules = dataclasses.replace(BOARD_RULES, required_roles=(PROJECT_SPONSOR, PROJECT_EXECUTIVE))
    assert board(["ward", "phillott", "crowther"], rules=rules).shortfalls == (
        "the Project Executive or a deputy with delegated powers must be present",
    )
    assert board(["ward", "phillott", "crowther", "atkinson"], rules=rules).quorate


def test_required_chair_message_for_a_body_whose_deputies_need_authority_to_speak():
    rules = dataclasses.replace(STRATEGIC_RULES, required_roles=(CHAIR,))
    assert strategic(STRATEGIC_MINIMUM, rules=rules).shortfalls == (
        "the Chair or a deputy with authority to speak must be present",
    )
    assert strategic(["ogilvie", "varley", "copley", "towers", "hassan"], rules=rules).quorate


# ====================================================================================================================
# Counting people once; guests; co-opted members; nobody; messages
# ====================================================================================================================


def test_a_person_in_two_roles_counts_once_when_holding_two_seats():
    # Hypothetically, Cllr Varley also holds a Service User seat: she counts once, in one seat.
    extra = seat("sg-varley-su", "varley", MEMBER, "service_user")
    seats = [*STRATEGIC_SEATS, extra]
    result = strategic(["varley", "blackburn", "copley", "towers"], seats=seats)
    assert result.members_present == 4
    assert len([c for c in result.counted if c.person == "varley"]) == 1
    assert not result.quorate
    assert result.shortfalls in (
        ("needs 1 more Councillor", "needs 1 more member present (at least 5)"),
        ("needs 1 more Service User", "needs 1 more member present (at least 5)"),
    )
    # With a third Councillor present, the evaluator counts her where she is needed: as the Service User.
    result = strategic(["varley", "latty", "blackburn", "copley", "towers"], seats=seats)
    assert result.quorate
    assert counted_for(result, "varley").seat.key == "sg-varley-su"


def test_a_person_in_two_roles_counts_once_when_a_deputy_is_also_a_member():
    # Mark Phillott is present as himself and as Mick Ward's named deputy: he fills only one of the two needs.
    seats = board_seats(**{"pb-ward": {"deputy": "phillott", "deputy_authority": Authority.DECIDE}})
    result = board(["phillott", "crowther"], seats=seats)
    assert result.members_present == 2
    assert len(result.counted) == 2
    assert result.shortfalls == ("needs 1 more other decision-maker",)
    # Same on the Strategic Group: Cllr Varley as Hatim Hassan's deputy is either a Councillor or a Service User.
    seats = strategic_seats(**{"sg-hassan": {"deputy": "varley", "deputy_authority": Authority.SPEAK}})
    result = strategic(["varley", "blackburn", "copley", "towers"], seats=seats)
    assert result.members_present == 4
    assert "needs 1 more member present (at least 5)" in result.shortfalls
    assert len(result.shortfalls) == 2


def test_an_absent_member_with_two_seats_and_two_deputies_counts_once():
    # Hatim Hassan hypothetically also sits as a Provider; he is away and each seat's deputy comes.
    seats = strategic_seats(**{"sg-hassan": {"deputy": "su_deputy", "deputy_authority": Authority.SPEAK}})
    seats.append(seat("sg-hassan-provider", "hassan", MEMBER, "provider", deputy="pr_deputy",
                      deputy_authority=Authority.SPEAK))  # fmt: skip
    result = strategic(["varley", "blackburn", "copley", "su_deputy", "pr_deputy"], seats=seats)
    # He is one member, so he can be either the Service User or the second Provider, not both.
    assert result.members_present == 4
    assert len({c.seat.person for c in result.counted}) == len(result.counted) == 4
    assert not result.quorate
    assert len(result.shortfalls) == 2
    assert result.shortfalls[-1] == "needs 1 more member present (at least 5)"
    # Had he come himself, he too would have counted once: the deputies never count for more than he would.
    himself = strategic(["varley", "blackburn", "copley", "hassan"], seats=seats)
    assert himself.members_present == 4 and len(himself.shortfalls) == 2


def test_guest_never_counts():
    result = strategic(["varley", "blackburn", "copley", "towers", "a_guest"])
    assert result.members_present == 4
    assert "a_guest" not in counted_people(result)
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")
    result = board(["ward", "phillott", "a_guest"])
    assert result.shortfalls == ("needs 1 more other decision-maker",)
    assert result.members_present == 2


def test_non_voting_co_opted_members_never_count():
    co_opted = seat("sg-co-opted", "co_opted_su", CO_OPTED, "service_user", counts=False)
    seats = [*STRATEGIC_SEATS, co_opted]
    result = strategic(["varley", "blackburn", "copley", "towers", "co_opted_su"], seats=seats)
    assert result.members_present == 4
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")
    # A co-opted decision-maker seat on the Board does not count either, nor does a deputy named on it.
    co_opted_dm = seat("pb-co-opted", "co_opted_dm", CO_OPTED, decision_maker=True, counts=False,
                       deputy="co_opted_deputy", deputy_authority=Authority.DECIDE)  # fmt: skip
    seats = [*BOARD_SEATS, co_opted_dm]
    assert board(["ward", "phillott", "co_opted_dm"], seats=seats).shortfalls == ("needs 1 more other decision-maker",)
    assert board(["ward", "phillott", "co_opted_deputy"], seats=seats).shortfalls == (
        "needs 1 more other decision-maker",
    )


def test_nobody_present():
    result = strategic([])
    assert not result.quorate
    assert result.counted == ()
    assert result.members_present == 0
    assert result.shortfalls == (
        "needs 2 more Councillors",
        "needs 2 more Providers",
        "needs 1 more Service User",
        "needs 5 more members present (at least 5)",
    )
    result = board([])
    assert result.shortfalls == (SPONSOR_MISSING, "needs 2 more other decision-makers")
    assert result.members_present == 0
    # A body with no seats at all.
    assert evaluate(STRATEGIC_RULES, [], ["ogilvie"]).shortfalls == strategic([]).shortfalls
    assert evaluate(Rules(), [], []).quorate


def test_every_shortfall_is_listed():
    result = strategic(["varley", "copley", "murphy"])
    assert result.shortfalls == (
        "needs 1 more Councillor",
        "needs 1 more Provider",
        "needs 1 more Service User",
        "needs 2 more members present (at least 5)",
    )
    assert result.members_present == 3
    # All kinds at once, in order: required roles, decision-makers, constituencies, members.
    rules = Rules(
        min_members=4,
        min_per_constituency={"councillor": 1, "service_user": 2},
        required_roles=(PROJECT_SPONSOR, PROJECT_EXECUTIVE),
        min_other_decision_makers=2,
        deputy_authority_required=Authority.DECIDE,
        constituency_labels=LABELS,
    )
    result = board(["phillott"], rules=rules)
    assert result.shortfalls == (
        SPONSOR_MISSING,
        "the Project Executive or a deputy with delegated powers must be present",
        "needs 1 more other decision-maker",
        "needs 1 more Councillor",
        "needs 2 more Service Users",
        "needs 3 more members present (at least 4)",
    )


def test_decision_makers_without_required_roles_are_not_called_other():
    rules = Rules(min_other_decision_makers=3)
    assert board(["ward", "phillott"], rules=rules).shortfalls == ("needs 1 more decision-maker",)
    assert board(["ward", "phillott", "crowther"], rules=rules).quorate  # the Sponsor is one of the three


def test_constituency_without_a_label_uses_its_key():
    rules = Rules(min_per_constituency={"trade_union": 1})
    assert strategic([], rules=rules).shortfalls == ("needs 1 more trade_union",)
    rules = Rules(min_per_constituency={"trade_union": 1}, constituency_labels=LABELS)
    assert strategic([], rules=rules).shortfalls == ("needs 1 more Trade union member",)


def test_seats_and_present_may_be_one_shot_iterables():
    result = evaluate(BOARD_RULES, iter(BOARD_SEATS), (p for p in ["ward", "phillott", "cooper"]))
    assert result.quorate and result.members_present == 3


def test_two_sponsors_present_the_other_decision_makers_are_counted_besides_one_of_them():
    # Two seats carry the Project Sponsor role; one sponsor is not otherwise a decision-maker. Whichever the seats'
    # order, the non-decision-maker sponsor fills the role so the decision-making one counts as an "other".
    co_sponsor = seat("pb-co-sponsor", "co_sponsor", MEMBER, extra_roles={PROJECT_SPONSOR}, decision_maker=False)
    for seats in ([*BOARD_SEATS, co_sponsor], [co_sponsor, *BOARD_SEATS]):
        assert board(["ward", "co_sponsor", "phillott"], seats=seats).quorate
        assert board(["co_sponsor", "phillott"], seats=seats).shortfalls == ("needs 1 more other decision-maker",)


def test_large_boards_are_evaluated_quickly():
    # Forty people each holding a Councillor and a Provider seat: beyond exhaustive search, still right and quick.
    seats = [seat(f"c{i:02}", f"p{i:02}", MEMBER, "councillor") for i in range(40)]
    seats += [seat(f"v{i:02}", f"p{i:02}", MEMBER, "provider") for i in range(40)]
    seats.append(seat("su", "su", MEMBER, "service_user"))
    started = time.perf_counter()
    result = evaluate(STRATEGIC_RULES, seats, [f"p{i:02}" for i in range(40)] + ["su"])
    assert time.perf_counter() - started < 2
    assert result.quorate
    assert result.members_present == 41


# ====================================================================================================================
# Properties
# ====================================================================================================================

PEOPLE = [f"p{i}" for i in range(4)]  # who may be present
ABSENTEES = ["q0", "q1"]  # members who are away unless a test adds them: their seats are often deputised
CONSTITUENCIES = ["", "councillor", "provider", "service_user"]
ROLES = [CHAIR, DEPUTY_CHAIR, PROJECT_SPONSOR, PROJECT_EXECUTIVE, MEMBER, DECISION_MAKER]
REQUIRABLE_ROLES = [CHAIR, DEPUTY_CHAIR, PROJECT_SPONSOR, PROJECT_EXECUTIVE]
AUTHORITIES = [Authority.NONE, Authority.SPEAK, Authority.DECIDE, Authority.DECIDE]
ROLE_SETS = [frozenset(c) for n in range(3) for c in itertools.combinations(ROLES, n)]  # up to two roles a seat
OUTSIDER = "outsider"  # never holds a counting seat and is nobody's deputy


# Strategies built once (building them inside each draw is most of the cost of an example).
_holders = st.sampled_from([None, *PEOPLE, *ABSENTEES])
_role_sets = st.sampled_from(ROLE_SETS)
_constituencies = st.sampled_from(CONSTITUENCIES)
_counts = st.sampled_from([True, True, False])  # mostly counting seats
_deputies = st.sampled_from([None, *PEOPLE])  # mostly with a named deputy
_authorities = st.sampled_from(AUTHORITIES)
_seat_fields = st.tuples(_holders, _role_sets, _constituencies, _counts, st.booleans(), _deputies, _authorities)
_cluster = st.tuples(
    st.sampled_from(ABSENTEES),
    st.lists(st.sampled_from(CONSTITUENCIES[1:]), min_size=2, max_size=3, unique=True),
    st.lists(st.tuples(_role_sets, st.booleans(), st.sampled_from(PEOPLE), _authorities), min_size=3, max_size=3),
)


@st.composite
def boards(draw, max_seats=7):
    seats = [
        Seat(f"s{i}", person, roles, constituency, counts, dm, deputy, authority)
        for i, (person, roles, constituency, counts, dm, deputy, authority) in enumerate(
            draw(st.lists(_seat_fields, max_size=max_seats))
        )
    ]
    # Often, an absent member with several seats (e.g. a Councillor who is also a Service User), each with a deputy.
    cluster = draw(st.none() | _cluster)
    if cluster:
        absentee, constituencies, seat_fields = cluster
        seats += [
            Seat(f"{absentee}-{i}", absentee, roles, constituency, True, dm, deputy, authority)
            for i, (constituency, (roles, dm, deputy, authority)) in enumerate(zip(constituencies, seat_fields))
        ]
    return seats


_requirable = st.lists(st.sampled_from(REQUIRABLE_ROLES), unique=True, max_size=2)
_minimums = st.dictionaries(st.sampled_from(CONSTITUENCIES[1:]), st.integers(0, 2))


@st.composite
def rule_sets(draw):
    return Rules(
        min_members=draw(st.integers(0, 4)),  # small enough that a handful of people can be quorate
        min_per_constituency=dict(sorted(draw(_minimums).items())),
        required_roles=tuple(draw(_requirable)),
        min_other_decision_makers=draw(st.integers(0, 2)),
        deputy_authority_required=draw(st.sampled_from(Authority)),
        constituency_labels=LABELS,
    )


presents = st.sets(st.sampled_from(PEOPLE))
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _eligible(rules, seats, present, person):
    """Reference: the seats `person` may be counted in, straight from the rules in words."""
    out = []
    for s in seats:
        if s.vacant or not s.counts:
            continue
        own = s.person == person
        standing_in = (
            s.deputy == person and s.person not in present and s.deputy_authority >= rules.deputy_authority_required
        )
        if own or standing_in:
            out.append(s)
    return out


def _units_short(rules, chosen):
    """Reference: how far short this seating (person -> seat) leaves the meeting, in the units the messages count."""
    principals = {s.person: s for s in chosen.values()}
    short = max(0, rules.min_members - len(principals))
    for constituency, minimum in rules.min_per_constituency.items():
        short += max(0, minimum - sum(1 for s in principals.values() if s.constituency == constituency))
    holders = [[p for p, s in principals.items() if role in s.roles] for role in rules.required_roles]
    short += sum(1 for h in holders if not h)
    decision_makers = {p for p, s in principals.items() if s.decision_maker}
    others = max(len(decision_makers - set(fillers)) for fillers in itertools.product(*(h for h in holders if h)))
    return short + max(0, rules.min_other_decision_makers - others)


def _reference_least_shortfall(rules, seats, present):
    """Reference: the least shortfall any seating of the people present leaves, each person in at most one seat they
    may fill and each member counted at most once (by brute force)."""
    people = sorted(present, key=repr)
    choices = [[None, *_eligible(rules, seats, present, p)] for p in people]
    least = None
    for combo in itertools.product(*choices):
        chosen = {p: s for p, s in zip(people, combo) if s is not None}
        if len({s.person for s in chosen.values()}) < len(chosen):
            continue  # a member counts once, however many of their seats are filled
        short = _units_short(rules, chosen)
        least = short if least is None else min(least, short)
    return least


def _units_in_messages(shortfalls):
    """The shortfall units a result's messages add up to: "needs N more ..." is N, a missing role is 1."""
    total = 0
    for message in shortfalls:
        if message.startswith("needs "):
            total += int(message.split()[1])
        else:
            assert message.endswith(" must be present"), message
            total += 1
    return total


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents, newcomer=st.sampled_from([*PEOPLE, *ABSENTEES, OUTSIDER]))
def test_property_adding_a_person_never_makes_a_quorate_meeting_inquorate(rules, seats, present, newcomer):
    before = evaluate(rules, seats, present)
    after = evaluate(rules, seats, present | {newcomer})
    if before.quorate:
        assert after.quorate, (before, after)


@SETTINGS
@given(
    rules=rule_sets(),
    seats=boards(),
    present=presents,
    outsider_seats=st.lists(
        st.tuples(st.sampled_from(ROLES), st.sampled_from(CONSTITUENCIES), st.booleans(), st.sampled_from(PEOPLE)),
        max_size=2,
    ),
)
def test_property_people_without_a_counting_seat_never_change_the_result(rules, seats, present, outsider_seats):
    # The outsider holds only non-counting seats (in attendance, co-opted...), possibly with a deputy named on them,
    # and is nobody's deputy; a guest holds no seat at all.
    board_ = list(seats) + [
        Seat(key=f"o{i}", person=OUTSIDER, roles=frozenset({role}), constituency=constituency, counts=False,
             decision_maker=dm, deputy=deputy, deputy_authority=Authority.DECIDE)
        for i, (role, constituency, dm, deputy) in enumerate(outsider_seats)
    ]  # fmt: skip
    board_ = [s if s.deputy != OUTSIDER else dataclasses.replace(s, deputy=None) for s in board_]
    base = evaluate(rules, board_, present)
    assert evaluate(rules, board_, present | {OUTSIDER}) == base
    assert evaluate(rules, board_, present | {"guest"}) == base


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents)
def test_property_members_present_never_exceeds_people_present_or_seated_members(rules, seats, present):
    result = evaluate(rules, seats, present)
    counting_principals = {s.person for s in seats if not s.vacant and s.counts}
    assert result.members_present <= len(set(present))
    assert result.members_present <= len(counting_principals)
    assert result.members_present == len({c.seat.person for c in result.counted})


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents)
def test_property_quorate_exactly_when_there_are_no_shortfalls(rules, seats, present):
    result = evaluate(rules, seats, present)
    assert result.quorate == (result.shortfalls == ()) == bool(result)
    assert all(isinstance(m, str) and m for m in result.shortfalls)
    assert len(set(result.shortfalls)) == len(result.shortfalls)


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents)
def test_property_each_person_counts_once_in_a_seat_they_may_fill(rules, seats, present):
    result = evaluate(rules, seats, present)
    people = [c.person for c in result.counted]
    assert len(people) == len(set(people))
    principals = [c.seat.person for c in result.counted]
    assert len(principals) == len(set(principals))
    board_keys = {s.key: s for s in seats}
    for c in result.counted:
        assert isinstance(c, Counted)
        assert c.person in present
        assert board_keys[c.seat.key] == c.seat
        assert c.seat.counts and not c.seat.vacant
        if c.as_deputy:
            assert c.seat.deputy == c.person
            assert c.seat.person not in present
            assert c.seat.deputy_authority >= rules.deputy_authority_required
        else:
            assert c.seat.person == c.person


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents, data=st.data())
def test_property_result_does_not_depend_on_the_order_of_seats_or_people(rules, seats, present, data):
    result = evaluate(rules, seats, sorted(present))
    shuffled_seats = data.draw(st.permutations(seats))
    shuffled_present = data.draw(st.permutations(sorted(present)))
    assert evaluate(rules, shuffled_seats, shuffled_present) == result


@SETTINGS
@given(seats=boards(), present=presents, authority=st.sampled_from(Authority))
def test_property_with_no_requirements_every_meeting_is_quorate(seats, present, authority):
    for rules in (Rules(), Rules(deputy_authority_required=authority, min_per_constituency={"councillor": 0})):
        result = evaluate(rules, seats, present)
        assert result.quorate
        assert result.shortfalls == ()


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents)
def test_property_shortfall_is_the_least_any_seating_of_the_people_present_leaves(rules, seats, present):
    # Sound (nobody counted twice, no member counted twice, only seats people may fill) and optimal (the evaluator
    # finds the best seating): so quorate exactly when some seating of the people present meets every rule.
    result = evaluate(rules, seats, present)
    least = _reference_least_shortfall(rules, seats, present)
    assert _units_in_messages(result.shortfalls) == least
    assert result.quorate == (least == 0)


@SETTINGS
@given(rules=rule_sets(), seats=boards(), present=presents)
def test_property_members_shortfall_matches_members_present(rules, seats, present):
    result = evaluate(rules, seats, present)
    missing = rules.min_members - result.members_present
    member_messages = [m for m in result.shortfalls if "member" in m and "present (at least" in m]
    if missing > 0:
        noun = "member" if missing == 1 else "members"
        assert member_messages == [f"needs {missing} more {noun} present (at least {rules.min_members})"]
    else:
        assert member_messages == []


def test_module_exports():
    assert quorum.ROLE_LABELS[PROJECT_SPONSOR] == "the Project Sponsor"
    assert Authority.NONE < Authority.SPEAK < Authority.DECIDE
