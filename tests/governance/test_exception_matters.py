"""Decisions between meetings: matters put to the members on an exception basis (media enquiries, elected member
enquiries, FOI requests), their responses, and the quorum rule that decides them."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions
from governance.models import Body, ExceptionMatter, ExceptionResponse, Person
from tests.access.logs import admin_user

QUESTION = "May we confirm to the Yorkshire Evening Post that the tender closes on 30 April?"


def today():
    return timezone.localdate()


def list_url(slug="project-board"):
    return reverse("governance:exception_list", args=[slug])


def new_url(slug="project-board"):
    return reverse("governance:exception_new", args=[slug])


def detail_url(matter):
    return reverse("governance:exception_detail", args=[matter.pk])


def respond_url(matter):
    return reverse("governance:exception_respond", args=[matter.pk])


@pytest.fixture
def matter(db):
    return meeting_actions.raise_exception_matter(
        Body.objects.get(slug="project-board"), "media", QUESTION, today() + dt.timedelta(days=3), by=admin_user()
    )


def client_as_person(name):
    """A signed-in client for a seeded person who has no demo login (Mark Phillott, John Crowther, Liz Ward...)."""
    person = Person.objects.get(name=name)
    if person.user is None:
        person.user = get_user_model().objects.create(username=name.lower().replace(" ", "."))
        person.save()
    client = Client()
    client.force_login(person.user)
    return client


def respond(client, matter, response="agree", comment=""):
    return client.post(respond_url(matter), {"response": response, "comment": comment})


# ------------------------------------------------------------------------------------------------ the list and form


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["chair", "project_executive", "project_leader", "admin_staff"])
def test_those_who_see_the_body_see_its_matters(as_persona, matter, persona):
    response = as_persona(persona).get(list_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Media enquiry" in html and "Yorkshire Evening Post" in html
    assert detail_url(matter) in html
    assert "Awaiting responses" in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["councillor", "provider", "outsider"])
def test_those_who_may_not_see_the_body_get_404(as_persona, matter, persona):
    client = as_persona(persona)
    assert client.get(list_url()).status_code == 404
    assert client.get(detail_url(matter)).status_code == 404


@pytest.mark.django_db
def test_signed_out_users_are_sent_to_sign_in(client, matter):
    for url in (list_url(), detail_url(matter)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for url in (new_url(), respond_url(matter)):
        response = client.post(url, {"response": "agree", "question": "x"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert ExceptionMatter.objects.count() == 1 and not ExceptionResponse.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_the_responses_count(as_persona, matter):
    meeting_actions.respond_to_matter(matter, Person.objects.get(name="Mick Ward"), "agree", "", by=admin_user())
    html = as_persona("chair").get(list_url()).content.decode()
    assert 'govuk-table__cell--numeric">1</td>' in html


@pytest.mark.django_db
def test_only_admin_staff_see_the_form_to_raise_a_matter(as_persona):
    assert new_url() in as_persona("admin_staff").get(list_url()).content.decode()
    for persona in ("chair", "project_leader", "project_executive"):
        assert new_url() not in as_persona(persona).get(list_url()).content.decode()


@pytest.mark.django_db
def test_admin_staff_raise_a_matter(as_persona):
    client = as_persona("admin_staff")
    respond_by = today() + dt.timedelta(days=2)
    response = client.post(
        new_url(),
        {"category": "foi", "question": "  Release the tender scores?  ", "respond_by": respond_by.isoformat()},
    )
    matter = ExceptionMatter.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(matter)
    assert (matter.body.slug, matter.category, matter.question, matter.respond_by) == (
        "project-board",
        "foi",
        "Release the tender scores?",
        respond_by,
    )
    assert matter.raised_by.username == "admin.staff"
    html = client.get(response["Location"]).content.decode()
    assert "The matter has been put to the members." in html
    assert "Freedom of Information request" in html and "Release the tender scores?" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,status", [("chair", 403), ("project_leader", 403), ("councillor", 404), ("outsider", 404)]
)
def test_no_one_else_can_raise_a_matter(as_persona, persona, status):
    response = as_persona(persona).post(
        new_url(), {"category": "media", "question": "x", "respond_by": today().isoformat()}
    )
    assert response.status_code == status
    assert not ExceptionMatter.objects.exists()


@pytest.mark.django_db
def test_an_unknown_body_is_404(as_persona):
    client = as_persona("admin_staff")
    assert client.get(list_url("no-such-body")).status_code == 404
    assert client.post(new_url("no-such-body"), {}).status_code == 404
    assert client.get(reverse("governance:exception_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,message",
    [
        ({"category": "media", "question": "", "respond_by": "2999-01-01"}, "This field is required."),
        ({"category": "gossip", "question": "Kept words", "respond_by": "2999-01-01"}, "Select a valid choice."),
        (
            {"category": "media", "question": "Kept words", "respond_by": "next week"},
            "Enter the response date as a real",
        ),
        ({"category": "media", "question": "Kept words", "respond_by": "2001-01-01"}, "cannot be in the past"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(as_persona, data, message):
    response = as_persona("admin_staff").post(new_url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    if data["question"]:
        assert "Kept words" in html
    assert data["respond_by"] in html
    assert not ExceptionMatter.objects.exists()


# -------------------------------------------------------------------------------------------------------- responses


@pytest.mark.django_db
def test_three_agreeing_decision_makers_decide_a_board_matter_exactly_on_the_third(as_persona, matter):
    """Board ToR 3.2: quorate when the Project Sponsor (Chair) and 2 other decision-makers are in attendance."""
    chair = as_persona("chair")
    response = respond(chair, matter, "agree", "Yes, confirm it.")
    assert response.status_code == 302 and response["Location"] == detail_url(matter)
    matter.refresh_from_db()
    assert matter.status == "open"
    respond(client_as_person("Mark Phillott"), matter)
    matter.refresh_from_db()
    assert matter.status == "open"
    john = client_as_person("John Crowther")
    response = respond(john, matter)
    matter.refresh_from_db()
    assert matter.status == "decided" and matter.decided_at is not None
    assert "Quorate" in matter.quorum_note and "Mick Ward" in matter.quorum_note
    html = john.get(response["Location"]).content.decode()
    assert "The matter is now decided." in html
    page = chair.get(detail_url(matter)).content.decode()
    assert 'id="quorum-note"' in page and matter.quorum_note in page
    assert "Yes, confirm it." in page and "Mark Phillott" in page and "John Crowther" in page
    assert "no longer open for responses" in page and 'action="' + respond_url(matter) not in page


@pytest.mark.django_db
def test_a_disagree_does_not_count_towards_the_quorum(as_persona, matter):
    respond(as_persona("chair"), matter, "agree")
    respond(client_as_person("Mark Phillott"), matter, "disagree", "Too early to confirm.")
    respond(client_as_person("John Crowther"), matter, "agree")
    matter.refresh_from_db()
    assert matter.status == "open"
    html = as_persona("chair").get(detail_url(matter)).content.decode()
    assert "govuk-tag--red" in html and "Disagree" in html and "Too early to confirm." in html
    respond(client_as_person("Liz Ward"), matter, "agree")
    matter.refresh_from_db()
    assert matter.status == "decided"


@pytest.mark.django_db
def test_a_member_can_change_their_response_while_the_matter_is_open(as_persona, matter):
    chair = as_persona("chair")
    respond(chair, matter, "disagree")
    assert "Change your response" in chair.get(detail_url(matter)).content.decode()
    respond(chair, matter, "agree", "On reflection, yes.")
    row = ExceptionResponse.objects.get(matter=matter)
    assert (row.response, row.comment) == ("agree", "On reflection, yes.")


@pytest.mark.django_db
def test_a_councillor_who_is_not_on_the_board_cannot_respond(as_persona, matter):
    assert as_persona("councillor").post(respond_url(matter), {"response": "agree"}).status_code == 404
    assert not ExceptionResponse.objects.exists()


@pytest.mark.django_db
def test_someone_who_sees_the_board_but_holds_no_seat_gets_a_clear_message(as_persona, matter):
    client = as_persona("project_leader")  # Georgia Young is in attendance, not a member
    page = client.get(detail_url(matter)).content.decode()
    assert 'id="cannot-respond"' in page and respond_url(matter) not in page
    response = respond(client, matter, "agree", "My comment")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only members of the body (or their deputies with delegated powers) respond." in html
    assert not ExceptionResponse.objects.exists()


@pytest.mark.django_db
def test_admin_staff_without_a_seat_cannot_respond_either(as_persona, matter):
    response = respond(as_persona("admin_staff"), matter)
    assert response.status_code == 200 and "Only members of the body" in response.content.decode()
    assert not ExceptionResponse.objects.exists()


@pytest.mark.django_db
def test_a_sign_in_with_no_person_gets_a_message(matter):
    user = get_user_model().objects.create(username="superuser", is_superuser=True)
    client = Client()
    client.force_login(user)
    response = respond(client, matter)
    assert response.status_code == 200 and "not linked to a person" in response.content.decode()
    assert not ExceptionResponse.objects.exists()


@pytest.mark.django_db
def test_responding_after_the_matter_is_decided_is_refused(as_persona, matter):
    for name in ("Mick Ward", "Mark Phillott", "John Crowther"):
        meeting_actions.respond_to_matter(matter, Person.objects.get(name=name), "agree", "", by=admin_user())
    matter.refresh_from_db()
    assert matter.status == "decided"
    response = respond(client_as_person("Liz Ward"), matter, "disagree", "Too late?")
    html = response.content.decode()
    assert response.status_code == 200 and "This matter is no longer open for responses." in html
    assert not ExceptionResponse.objects.filter(person__name="Liz Ward").exists()


@pytest.mark.django_db
def test_a_bad_response_is_refused_and_the_comment_kept(as_persona, matter):
    response = respond(as_persona("chair"), matter, "maybe", "My careful comment")
    html = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice." in html and "My careful comment" in html
    assert not ExceptionResponse.objects.exists()


@pytest.mark.django_db
def test_the_project_executive_holds_a_seat_and_may_respond(as_persona, matter):
    client = as_persona("project_executive")
    assert respond_url(matter) in client.get(detail_url(matter)).content.decode()
    assert respond(client, matter, "abstain").status_code == 302
    assert ExceptionResponse.objects.get().response == "abstain"


@pytest.mark.django_db
def test_a_matter_past_its_response_date_lapses_and_takes_no_more_responses(project_board):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from governance import meeting_actions
    from governance.actions import GovernanceError
    from governance.models import ExceptionMatter, Person

    admin = get_user_model().objects.get(username="admin.staff")
    matter = meeting_actions.raise_exception_matter(
        project_board, "foi", "Release the fee model?", timezone.localdate(), admin
    )
    ExceptionMatter.objects.filter(pk=matter.pk).update(respond_by=timezone.localdate() - dt.timedelta(days=1))
    matter.refresh_from_db()
    with pytest.raises(GovernanceError, match="has lapsed"):
        meeting_actions.respond_to_matter(matter, Person.objects.get(name="Mick Ward"), "agree", "", admin)
    matter.refresh_from_db()
    assert matter.status == "lapsed"


@pytest.mark.django_db
def test_only_members_whose_seats_count_and_deputies_with_enough_authority_may_respond(project_board, people):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from governance import meeting_actions
    from governance.models import Membership

    admin = get_user_model().objects.get(username="admin.staff")
    matter = meeting_actions.raise_exception_matter(
        project_board, "media", "Reply to the press?", timezone.localdate(), admin
    )
    assert meeting_actions.may_respond(people["Liz Ward"], matter)
    assert not meeting_actions.may_respond(people["Georgia Young"], matter)  # in attendance
    seat = Membership.objects.get(body=project_board, person=people["Liz Ward"])
    seat.deputy, seat.deputy_authority = people["Julie Bootle"], "speak"
    seat.save()
    assert not meeting_actions.may_respond(people["Julie Bootle"], matter)  # the Board's deputies must decide
    seat.deputy_authority = "decide"
    seat.save()
    assert meeting_actions.may_respond(people["Julie Bootle"], matter)


@pytest.mark.django_db
def test_a_matter_decided_between_meetings_is_reported_at_the_next_meeting(project_board, people):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from governance import meeting_actions

    admin = get_user_model().objects.get(username="admin.staff")
    matter = meeting_actions.raise_exception_matter(
        project_board, "member", "Answer the ward member's enquiry?", timezone.localdate() + dt.timedelta(days=3), admin
    )
    for name in ("Mick Ward", "Mark Phillott", "John Crowther"):
        meeting_actions.respond_to_matter(matter, people[name], "agree", "", admin)
    matter.refresh_from_db()
    assert matter.status == "decided"
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(project_board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    item = agenda.items.get(standing="exception_decisions")
    matter.refresh_from_db()
    assert matter.reported_at == item
    # Reported once: the meeting after that has no such item.
    later = meeting_actions.schedule_meetings(
        project_board, day + dt.timedelta(weeks=6), day + dt.timedelta(weeks=7), dt.time(10), admin
    )[0]
    assert not meeting_actions.ensure_agenda(later, admin).items.filter(standing="exception_decisions").exists()
