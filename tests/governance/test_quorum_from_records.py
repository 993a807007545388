"""Quorum evaluated from the stored terms of reference and memberships, and the quorum check page."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import quorum_check
from governance.models import Membership, Person

DAY = dt.date(2026, 11, 23)


def ids(people, *names):
    return [people[n].pk for n in names]


@pytest.mark.django_db
def test_strategic_group_is_quorate_with_two_councillors_two_providers_and_a_service_user(strategic_group, people):
    present = ids(people, "Cllr Adam Ogilvie", "Cllr Ann Blackburn", "Louise Copley", "Lucy Towers", "Hatim Hassan")
    _, _, result = quorum_check.evaluate(strategic_group, DAY, present)
    assert result.quorate and result.members_present == 5


@pytest.mark.django_db
def test_strategic_group_is_inquorate_with_one_provider(strategic_group, people):
    present = ids(people, "Cllr Adam Ogilvie", "Cllr Ann Blackburn", "Louise Copley", "Tim Sanders", "Hatim Hassan")
    _, _, result = quorum_check.evaluate(strategic_group, DAY, present)
    assert not result.quorate
    assert result.shortfalls == ("needs 1 more Provider",)


@pytest.mark.django_db
def test_officers_in_attendance_do_not_make_the_strategic_group_quorate(strategic_group, people):
    present = ids(
        people,
        "Cllr Adam Ogilvie",
        "Cllr Ann Blackburn",
        "Louise Copley",
        "Lucy Towers",
        "Mick Ward",
        "Georgia Young",
        "Michelle Atkinson",
    )
    _, _, result = quorum_check.evaluate(strategic_group, DAY, present)
    # Three officers are present, but only the four members count.
    assert result.members_present == 4
    assert result.shortfalls == ("needs 1 more Service User", "needs 1 more member present (at least 5)")


@pytest.mark.django_db
def test_project_board_needs_the_sponsor_or_a_deputy_with_delegated_powers(project_board, people):
    present = ids(people, "Mark Phillott", "John Crowther")
    _, _, result = quorum_check.evaluate(project_board, DAY, present)
    assert result.shortfalls == ("the Project Sponsor or a deputy with delegated powers must be present",)
    sponsor = Membership.objects.get(body=project_board, is_project_sponsor=True)
    sponsor.deputy, sponsor.deputy_authority = people["Mark Phillott"], "decide"
    sponsor.save()
    _, _, result = quorum_check.evaluate(project_board, DAY, present)
    # Mark Phillott now stands in for the Sponsor, so he no longer counts as one of the two others.
    assert result.shortfalls == ("needs 1 more other decision-maker",)
    _, _, result = quorum_check.evaluate(project_board, DAY, [*present, people["Liz Ward"].pk])
    assert result.quorate


@pytest.mark.django_db
def test_a_member_whose_seat_has_ended_does_not_count(project_board, people):
    seat = Membership.objects.get(body=project_board, person__name="John Crowther")
    seat.end_date = DAY - dt.timedelta(days=1)
    seat.save()
    present = ids(people, "Mick Ward", "John Crowther", "Liz Ward")
    _, _, result = quorum_check.evaluate(project_board, DAY, present)
    assert result.shortfalls == ("needs 1 more other decision-maker",)


@pytest.mark.django_db
def test_the_tor_in_force_on_the_meeting_date_decides(strategic_group):
    # Before the draft's date there is no ToR, so there is no rule to apply.
    tor, rule, result = quorum_check.evaluate(strategic_group, dt.date(2014, 1, 1), [])
    assert tor is None and rule is None and result is None


@pytest.mark.django_db
def test_the_quorum_page_shows_each_shortfall(as_persona, people):
    client = as_persona("councillor")
    present = ids(people, "Cllr Adam Ogilvie", "Louise Copley")
    response = client.get(reverse("governance:body_quorum", args=["strategic-group"]), {"present": present})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not quorate" in html
    for words in (
        "Needs 1 more Councillor",
        "Needs 1 more Provider",
        "Needs 1 more Service User",
        "Needs 3 more members present (at least 5)",
    ):
        assert words in html


@pytest.mark.django_db
def test_the_quorum_page_rejects_someone_who_holds_no_seat(as_persona):
    stranger = Person.objects.create(name="Not A Member")
    response = as_persona("councillor").get(
        reverse("governance:body_quorum", args=["strategic-group"]), {"present": [stranger.pk]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "quorum-result" not in response.content.decode()


@pytest.mark.django_db
def test_the_quorum_page_rejects_a_malformed_date(as_persona):
    response = as_persona("councillor").get(
        reverse("governance:body_quorum", args=["strategic-group"]), {"on": "31/31/2026"}
    )
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
