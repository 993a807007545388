"""My meetings: a signed-in person's next meetings with their papers, and the actions they own."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance import integrity, meeting_actions
from governance.models import Action, ActionStatus, AgendaItem, AgendaStatus, Body, MeetingStatus, Membership, Person
from tests.access.public import agenda_for, make_meeting, secretariat

URL = "/governance/my/meetings/"


def my_meetings(persona_or_user, as_persona=None):
    if isinstance(persona_or_user, str):
        client = as_persona(persona_or_user)
    else:
        client = Client()
        client.force_login(persona_or_user)
    response = client.get(reverse("governance:my_meetings"))
    assert response.status_code == 200
    return response


def shown(response):
    return [m.pk for m in response.context["meetings"]]


def assert_upcoming_of(response, body_ids):
    """Every meeting listed is a scheduled meeting still to come, of one of those bodies, in date order (the seed
    has its own next meeting for each body, so tests look for theirs among them)."""
    meetings = response.context["meetings"]
    assert {m.body_id for m in meetings} <= body_ids
    assert all(m.status == MeetingStatus.SCHEDULED and m.starts_at >= timezone.now() for m in meetings)
    assert [m.starts_at for m in meetings] == sorted(m.starts_at for m in meetings)


def test_the_url_is_where_the_brief_says():
    assert reverse("governance:my_meetings") == URL
    assert reverse("governance:my_calendar") == "/governance/my/calendar/"
    assert reverse("governance:my_calendar_reset") == "/governance/my/calendar/reset/"


@pytest.mark.django_db
def test_my_meetings_lists_papers_and_open_actions(as_persona, strategic_group, people):
    councillor = people["Cllr Ann Blackburn"]
    meeting = make_meeting(strategic_group, 10)
    _agenda, (paper, exempt) = agenda_for(
        meeting,
        {"title": "Market position statement refresh", "presenter": "Georgia Young"},
        {"title": "Tender evaluation scores", "exempt_paragraph": 3, "public_interest_reason": "Prices"},
    )
    with integrity.allow_purge():  # set-up: the agenda is issued, so its items are final
        AgendaItem.objects.filter(pk=paper.pk).update(paper="papers/2026/01/market-position.pdf")
    due = timezone.localdate() + dt.timedelta(days=7)
    Action.objects.create(item=paper, description="Circulate the draft statement", owner=councillor, due_on=due)
    Action.objects.create(
        item=paper, description="Already done", owner=councillor, due_on=due, status=ActionStatus.DONE, done_on=due
    )
    Action.objects.create(item=paper, description="Someone else's action", owner=people["Louise Copley"], due_on=due)

    response = my_meetings("councillor", as_persona)
    html = response.content.decode()
    assert response.context["person"] == councillor
    assert meeting.pk in shown(response)
    assert "Strategic Home Care Commissioning Group" in html
    # Papers of the issued agenda, the exempt item included (she is a member) and marked as exempt.
    assert "Market position statement refresh" in html and "Georgia Young" in html
    assert reverse("governance:item_paper", args=[paper.pk]) in html
    assert reverse("governance:item_paper", args=[exempt.pk]) not in html  # it has no paper
    assert "Tender evaluation scores" in html
    assert '<strong class="govuk-tag govuk-tag--orange">Exempt: paragraph 3</strong>' in html
    assert reverse("governance:item_detail", args=[exempt.pk]) in html
    # Her open actions only, with the due date, not overdue.
    assert "Circulate the draft statement" in html and f"{due:%-d %B %Y}" in html
    assert "Already done" not in html and "Someone else" not in html
    assert "Overdue" not in html


@pytest.mark.django_db
def test_an_action_past_its_due_date_is_marked_overdue(as_persona, strategic_group, people):
    meeting = make_meeting(strategic_group, -30)
    _agenda, (item,) = agenda_for(meeting, {"title": "Workforce survey"})
    Action.objects.create(
        item=item,
        description="Send the survey results",
        owner=people["Louise Copley"],
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    Action.objects.create(
        item=item, description="Due today", owner=people["Louise Copley"], due_on=timezone.localdate()
    )
    html = my_meetings("provider", as_persona).content.decode()
    row = html[html.index("Send the survey results") :]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row[: row.index("</tr>")]
    row = html[html.index("Due today") :]
    assert "Overdue" not in row[: row.index("</tr>")]


@pytest.mark.django_db
def test_my_meetings_shows_only_upcoming_scheduled_meetings_of_my_bodies(as_persona, strategic_group, project_board):
    mine = make_meeting(strategic_group, 10)
    past = make_meeting(strategic_group, -10)
    cancelled = make_meeting(strategic_group, 20)
    meeting_actions.cancel_meeting(cancelled, "No business", secretariat())
    not_mine = make_meeting(project_board, 12)
    response = my_meetings("councillor", as_persona)
    assert mine.pk in shown(response)
    assert past.pk not in shown(response) and cancelled.pk not in shown(response) and not_mine.pk not in shown(response)
    assert_upcoming_of(response, {strategic_group.pk})
    # The chair sits on the Project Board and is in attendance at the Strategic Group: both, in date order.
    response = my_meetings("chair", as_persona)
    assert {mine.pk, not_mine.pk} <= set(shown(response))
    assert shown(response).index(mine.pk) < shown(response).index(not_mine.pk)
    assert_upcoming_of(response, {strategic_group.pk, project_board.pk})


@pytest.mark.django_db
def test_an_agenda_not_yet_issued_shows_no_papers(as_persona, strategic_group):
    meeting = make_meeting(strategic_group, 10)
    agenda_for(meeting, {"title": "Item still being drafted"}, status=AgendaStatus.APPROVED)
    html = my_meetings("councillor", as_persona).content.decode()
    assert "Item still being drafted" not in html
    assert "The agenda has not been issued yet." in html


@pytest.mark.django_db
def test_staff_see_only_the_bodies_where_they_hold_a_seat(as_persona, strategic_group, project_board):
    scrutiny = Body.objects.get(slug="scrutiny-board-health-wellbeing-asc")
    seated = make_meeting(project_board, 10)  # Barry Bridle supports the Project Board's meetings
    unseated = make_meeting(scrutiny, 11)
    response = my_meetings("admin_staff", as_persona)
    assert seated.pk in shown(response) and unseated.pk not in shown(response)
    assert_upcoming_of(response, {strategic_group.pk, project_board.pk})
    assert response.context["sees_all"]
    assert reverse("governance:structure") in response.content.decode()
    assert unseated.pk not in shown(my_meetings("project_leader", as_persona))


@pytest.mark.django_db
def test_a_named_deputy_sees_the_meetings_of_the_body_they_deputise_on(strategic_group, project_board):
    user = get_user_model().objects.create(username="deputy")
    deputy = Person.objects.create(name="A Deputy", user=user)
    seat = Membership.objects.get(body=strategic_group, person__name="Hatim Hassan")
    seat.deputy, seat.deputy_authority = deputy, "speak"
    seat.save()
    strategic = make_meeting(strategic_group, 10)
    board = make_meeting(project_board, 10)
    response = my_meetings(user)
    assert strategic.pk in shown(response) and board.pk not in shown(response)
    assert_upcoming_of(response, {strategic_group.pk})


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["governance:my_meetings", "governance:my_calendar"])
def test_a_user_with_no_person_is_told_their_account_is_not_linked(name, outsider, client):
    client.force_login(outsider)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Your account is not linked to a person" in response.content.decode()


@pytest.mark.django_db
def test_my_pages_need_sign_in(client):
    for name in ("governance:my_meetings", "governance:my_calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
