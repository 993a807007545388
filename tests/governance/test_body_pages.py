"""The body, membership and person pages: what they show, editing through them, bad input, stale edits, history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from governance import history
from governance.models import Body, Membership, Person


@pytest.mark.django_db
def test_the_structure_page_is_drawn_in_the_three_tiers_and_links_only_what_the_user_may_open(as_persona):
    html = as_persona("councillor").get(reverse("governance:structure")).content.decode()
    assert html.index("Strategic level") < html.index("Project board") < html.index("Delivery")
    assert 'href="/governance/bodies/strategic-group/"' in html
    assert "Home Care Redesign and Commissioning Project Board" in html
    assert 'href="/governance/bodies/project-board/"' not in html


@pytest.mark.django_db
def test_the_body_page_groups_members_by_role_with_constituency_and_deputy(as_persona, strategic_group, people):
    seat = Membership.objects.get(body=strategic_group, person__name="Hatim Hassan")
    seat.deputy, seat.deputy_authority = people["Shindi Dahri"], "speak"
    seat.save()
    html = as_persona("service_user").get(strategic_group.get_absolute_url()).content.decode()
    assert "Cllr Adam Ogilvie" in html and "Deputy Chair" in html
    assert "Trade union rep to be confirmed" in html and "Vacant" in html
    assert "Authority to speak" in html
    assert "3.17" in html  # the ToR in force, rendered on the page
    assert "Upcoming meetings" in html and "/governance/meetings/" in html  # the next meeting on the cycle


@pytest.mark.django_db
def test_the_host_body_page_shows_both_capacities(as_persona, host_board):
    html = as_persona("chair").get(host_board.get_absolute_url()).content.decode()
    assert "Members: Operational Board" in html and "Members: Project Board" in html


@pytest.mark.django_db
def test_body_page_query_count_does_not_grow_with_members(as_persona, strategic_group, django_assert_max_num_queries):
    client = as_persona("admin_staff")
    with django_assert_max_num_queries(40) as captured:
        client.get(strategic_group.get_absolute_url())
    first = len(captured.captured_queries)
    for i in range(15):
        Membership.objects.create(
            body=strategic_group,
            person=Person.objects.create(name=f"Extra {i}"),
            role="member",
            constituency="provider",
        )
    with django_assert_max_num_queries(first):
        client.get(strategic_group.get_absolute_url())


@pytest.mark.django_db
def test_admin_staff_change_a_body_and_history_records_who(as_persona, strategic_group):
    client = as_persona("admin_staff")
    url = reverse("governance:body_edit", args=["strategic-group"])
    form = client.get(url).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(
        {
            "name": strategic_group.name,
            "purpose": "A new purpose.",
            "reports_to": strategic_group.reports_to_id,
            "refers_disagreements_to": strategic_group.refers_disagreements_to_id,
            "capacity_of": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    strategic_group.refresh_from_db()
    assert strategic_group.purpose == "A new purpose."
    record = strategic_group.history.first()
    assert record.history_user.username == "admin.staff"
    page = client.get(strategic_group.get_absolute_url()).content.decode()
    assert "A new purpose." in page and "admin.staff" in page


@pytest.mark.django_db
def test_a_body_cannot_report_to_itself_through_a_loop(as_persona, project_board, strategic_group):
    client = as_persona("admin_staff")
    url = reverse("governance:body_edit", args=["project-board"])
    data = {name: ("" if v is None else v) for name, v in client.get(url).context["form"].initial.items()}
    data.update(
        {
            "reports_to": strategic_group.pk,
            "capacity_of": project_board.capacity_of_id,
            "refers_disagreements_to": "",
            "name": project_board.name,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "would make the body report to itself" in response.content.decode()
    project_board.refresh_from_db()
    assert project_board.reports_to.slug == "asc-commissioning-board"


def _membership_data(seat, **changes):
    data = {
        "person": seat.person_id or "",
        "confirmed": "on" if seat.confirmed else "",
        "seat_label": seat.seat_label,
        "title": seat.title,
        "service_area": seat.service_area,
        "role": seat.role,
        "is_project_sponsor": "on" if seat.is_project_sponsor else "",
        "is_decision_maker": "on" if seat.is_decision_maker else "",
        "decision_maker_kind": seat.decision_maker_kind,
        "constituency": seat.constituency,
        "voting": "on" if seat.voting else "",
        "responsibility": seat.responsibility,
        "start_date": "",
        "end_date": "",
        "deputy": seat.deputy_id or "",
        "deputy_authority": seat.deputy_authority,
        "co_option_inquiry": seat.co_option_inquiry,
        "co_option_ends": "",
        "position": seat.position,
        "edit_token": history.edit_token(seat),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.django_db
def test_admin_staff_name_a_deputy_with_delegated_powers(as_persona, project_board, people):
    seat = Membership.objects.get(body=project_board, person__name="Mick Ward")
    response = as_persona("admin_staff").post(
        reverse("governance:membership_edit", args=[seat.pk]),
        _membership_data(seat, deputy=people["Mark Phillott"].pk, deputy_authority="decide"),
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (
        seat.deputy.name == "Mark Phillott"
        and seat.get_deputy_authority_display() == "Delegated decision-making powers"
    )


@pytest.mark.django_db
def test_a_deputy_without_an_authority_is_refused_with_a_message(as_persona, project_board, people):
    seat = Membership.objects.get(body=project_board, person__name="Liz Ward")
    response = as_persona("admin_staff").post(
        reverse("governance:membership_edit", args=[seat.pk]), _membership_data(seat, deputy=people["Julie Bootle"].pk)
    )
    assert response.status_code == 200
    assert "Say what the deputy may do" in response.content.decode()
    seat.refresh_from_db()
    assert seat.deputy is None


@pytest.mark.django_db
def test_a_co_opted_member_must_be_non_voting_and_name_the_inquiry(as_persona):
    body = Body.objects.get(slug="scrutiny-board-health-wellbeing-asc")
    response = as_persona("admin_staff").post(
        reverse("governance:membership_new", args=[body.slug]),
        {"role": "co_opted", "voting": "on", "confirmed": "on", "position": 3},
    )
    html = response.content.decode()
    assert "Co-opted members are non-voting." in html and "Name the inquiry" in html
    assert Membership.objects.filter(body=body).count() == 2


@pytest.mark.django_db
def test_a_stale_membership_edit_shows_what_changed_and_keeps_my_input(as_persona, project_board):
    seat = Membership.objects.get(body=project_board, person__name="Kim Maslyn")
    mine = _membership_data(seat, responsibility="My note")
    other = Membership.objects.get(pk=seat.pk)
    other.title, other.responsibility = "Director", "Their note"
    other._history_user = get_user_model().objects.get(username="chair")
    other.save()
    response = as_persona("admin_staff").post(reverse("governance:membership_edit", args=[seat.pk]), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in html and "Director" in html
    assert "My note" in html and "Their note" in html
    seat.refresh_from_db()
    assert (seat.title, seat.responsibility) == ("Director", "Their note")
    # Saving the page as it came back (their title kept), choosing my note, goes through.
    fresh = {**response.context["form"].data.dict(), "merge_pick_responsibility": "yours"}
    assert (
        as_persona("admin_staff").post(reverse("governance:membership_edit", args=[seat.pk]), fresh).status_code == 302
    )
    seat.refresh_from_db()
    assert (seat.title, seat.responsibility) == ("Director", "My note")


@pytest.mark.django_db
def test_admin_staff_add_a_person_and_bad_email_is_explained(as_persona):
    client = as_persona("admin_staff")
    response = client.post(reverse("governance:person_new"), {"name": "New Member", "email": "not-an-email"})
    assert response.status_code == 200 and "Enter a valid email address" in response.content.decode()
    assert not Person.objects.filter(name="New Member").exists()
    response = client.post(reverse("governance:person_new"), {"name": "New Member", "email": "new@example.org"})
    assert response.status_code == 302
    assert Person.objects.get(name="New Member").history.first().history_user.username == "admin.staff"


@pytest.mark.django_db
def test_people_search_finds_by_organisation(as_persona):
    html = as_persona("project_leader").get(reverse("governance:people"), {"q": "Vive"}).content.decode()
    assert "Lucy Towers" in html and "Louise Copley" not in html


@pytest.mark.django_db
def test_a_people_search_too_long_to_be_a_name_is_shown_as_an_error(as_persona):
    client = as_persona("admin_staff")
    response = client.get(reverse("governance:people"), {"q": "Mick Ward" + "x" * 100})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "Enter a search of 100 characters or fewer." in html
    assert "No one is shown until the search is corrected." in html and "Mick Ward</a>" not in html
    html = client.get(reverse("governance:people"), {"q": "Mick Ward"}).content.decode()
    assert "There is a problem" not in html and "Mick Ward</a>" in html


@pytest.mark.django_db
def test_home_lists_my_bodies(as_persona):
    html = as_persona("chair").get(reverse("home")).content.decode()
    assert "Home Care Redesign and Commissioning Project Board" in html
    assert "Chair and Project Sponsor" in html


@pytest.mark.django_db
def test_a_tampered_edit_token_is_a_conflict_not_an_error(as_persona, people):
    mick = people["Mick Ward"]
    response = as_persona("admin_staff").post(
        reverse("governance:person_edit", args=[mick.pk]), {"name": "Mick Ward", "edit_token": "abc"}
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
