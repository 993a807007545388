"""The iCalendar feeds: a public feed per public body, and a private feed per person reached by a secret token."""

import datetime as dt

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance import feeds, meeting_actions
from governance.models import AgendaStatus, Body, MeetingKind, Membership, Person
from tests.access.public import agenda_for, make_meeting, secretariat


def body_feed(slug="strategic-group"):
    response = Client().get(reverse("public:body_feed", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def person_feed(token):
    response = Client().get(reverse("public:person_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def event_for(calendar, meeting):
    return events(calendar)[f"{meeting.uid}@homecare-governance"]


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


# ---------------------------------------------------------------------------------------------------- the body feed


@pytest.mark.django_db
def test_the_body_feed_has_an_event_per_meeting_with_time_place_and_link(strategic_group):
    meeting = make_meeting(strategic_group, 10, venue="Civic Hall, Leeds")
    event = event_for(body_feed(), meeting)
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(dt.UTC)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event.decoded("DTEND") == meeting.ends_at.astimezone(dt.UTC)
    assert str(event["SUMMARY"]) == "Strategic Home Care Commissioning Group"
    assert str(event["LOCATION"]) == "Civic Hall, Leeds"
    assert str(event["URL"]) == f"http://testserver/public/meetings/{meeting.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert abs(event.decoded("DTSTAMP") - timezone.now()) < dt.timedelta(minutes=5)


@pytest.mark.django_db
def test_the_feed_gives_times_in_utc_across_british_summer_time(strategic_group):
    """A 10:00 meeting in Leeds in July is 09:00 UTC; in January it is 10:00 UTC."""
    year = timezone.localdate().year + 1
    by = secretariat()
    summer, winter = (
        meeting_actions.schedule_meetings(strategic_group, day, day, dt.time(10, 0), by=by)[0]
        for day in (dt.date(year, 7, 7), dt.date(year, 1, 13))
    )
    assert summer.date.month == 7 and winter.date.month == 1  # moved to the next working day if need be
    calendar = body_feed()
    assert event_for(calendar, summer).decoded("DTSTART") == dt.datetime.combine(summer.date, dt.time(9, 0), dt.UTC)
    assert event_for(calendar, winter).decoded("DTSTART") == dt.datetime.combine(winter.date, dt.time(10, 0), dt.UTC)
    assert f"DTSTART:{summer.date:%Y%m%d}T090000Z" in calendar.to_ical().decode()


@pytest.mark.django_db
def test_an_extraordinary_meeting_is_named_so_in_the_feed(strategic_group):
    meeting = make_meeting(strategic_group, 5, kind=MeetingKind.EXTRAORDINARY)
    assert str(event_for(body_feed(), meeting)["SUMMARY"]) == "Strategic Home Care Commissioning Group (extraordinary)"


@pytest.mark.django_db
def test_the_feed_keeps_uid_stable_and_bumps_sequence_when_a_meeting_changes(strategic_group):
    meeting = make_meeting(strategic_group, 10)
    uid = f"{meeting.uid}@homecare-governance"
    before = events(body_feed())[uid]
    meeting.starts_at += dt.timedelta(hours=2)
    meeting.ends_at += dt.timedelta(hours=2)
    meeting.venue = "Merrion House, Leeds"
    meeting_actions.change_meeting(meeting, secretariat(), "Moved to the afternoon")
    after = events(body_feed())[uid]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1 == 1
    assert after.decoded("DTSTART") - before.decoded("DTSTART") == dt.timedelta(hours=2)
    assert str(after["LOCATION"]) == "Merrion House, Leeds"
    meeting_actions.change_meeting(meeting, secretariat(), "Changed again")
    assert events(body_feed())[uid]["SEQUENCE"] == 2


@pytest.mark.django_db
def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(strategic_group):
    meeting = make_meeting(strategic_group, 10)
    meeting_actions.cancel_meeting(meeting, "Not enough business", secretariat())
    event = event_for(body_feed(), meeting)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1


@pytest.mark.django_db
def test_the_body_feed_carries_meetings_of_that_body_only(strategic_group):
    ours = make_meeting(strategic_group, 10)
    other = make_meeting(Body.objects.get(slug="scrutiny-board-health-wellbeing-asc"), 10)
    uids = set(events(body_feed()))
    assert f"{ours.uid}@homecare-governance" in uids
    assert f"{other.uid}@homecare-governance" not in uids


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["project-board", "home-care-pa-commissioning-board", "no-such-body"])
def test_a_body_that_does_not_publish_has_no_public_feed(slug, project_board):
    make_meeting(project_board, 10)
    assert Client().get(reverse("public:body_feed", args=[slug])).status_code == 404


@pytest.mark.django_db
def test_the_public_feed_carries_no_agenda_text(strategic_group):
    meeting = make_meeting(strategic_group, 10)
    agenda_for(meeting, {"title": "Market position statement refresh", "description": "About the market"})
    text = Client().get(reverse("public:body_feed", args=["strategic-group"])).content.decode()
    assert "Market position statement" not in text and "About the market" not in text
    assert "Apologies" not in text and "DESCRIPTION" not in text


# -------------------------------------------------------------------------------------------------- the private feed


@pytest.mark.django_db
def test_the_private_feed_needs_the_right_token(people):
    token = feeds.ensure_token(people["Cllr Ann Blackburn"])
    assert Client().get(reverse("public:person_feed", args=[token])).status_code == 200
    for wrong in (token[:-1], token + "x", token.upper(), "None", "x"):
        assert Client().get(reverse("public:person_feed", args=[wrong])).status_code == 404


@pytest.mark.django_db
def test_a_person_without_a_token_has_no_feed(people):
    person = people["Louise Copley"]
    assert person.calendar_token is None
    assert Client().get("/public/calendar/None.ics").status_code == 404
    assert Client().get("/public/calendar/.ics").status_code == 404


@pytest.mark.django_db
def test_resetting_the_token_revokes_the_old_feed(people):
    client = signed_in("councillor")
    page = client.get(reverse("governance:my_calendar"))
    person = Person.objects.get(pk=people["Cllr Ann Blackburn"].pk)
    old_url = reverse("public:person_feed", args=[person.calendar_token])
    assert page.context["feed_url"] == f"http://testserver{old_url}"
    assert Client().get(old_url).status_code == 200

    response = client.post(reverse("governance:my_calendar_reset"))
    assert response.status_code == 302 and response["Location"] == reverse("governance:my_calendar")
    person.refresh_from_db()
    new_url = reverse("public:person_feed", args=[person.calendar_token])
    assert new_url != old_url
    assert Client().get(old_url).status_code == 404
    assert Client().get(new_url).status_code == 200
    page = client.get(reverse("governance:my_calendar"))
    assert page.context["feed_url"] == f"http://testserver{new_url}"
    assert "Your calendar link has been replaced" in page.content.decode()


@pytest.mark.django_db
def test_the_calendar_page_creates_the_token_on_first_view_and_keeps_it(people):
    person = people["Louise Copley"]
    assert person.calendar_token is None
    client = signed_in("provider")
    first = client.get(reverse("governance:my_calendar"))
    assert first.status_code == 200
    person.refresh_from_db()
    assert person.calendar_token and len(person.calendar_token) >= 40
    assert person.calendar_token in first.content.decode()
    client.get(reverse("governance:my_calendar"))
    token = person.calendar_token
    person.refresh_from_db()
    assert person.calendar_token == token


@pytest.mark.django_db
def test_the_token_can_be_reset_only_by_post_and_only_when_signed_in(people):
    url = reverse("governance:my_calendar_reset")
    assert signed_in("councillor").get(url).status_code == 405
    response = Client().post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Person.objects.get(pk=people["Cllr Ann Blackburn"].pk).calendar_token is None


@pytest.mark.django_db
def test_the_private_feed_has_the_meetings_of_the_bodies_the_person_may_see(strategic_group, project_board, people):
    strategic = make_meeting(strategic_group, 10)
    board = make_meeting(project_board, 12)
    cancelled = make_meeting(strategic_group, 20)
    meeting_actions.cancel_meeting(cancelled, "Clash with budget meeting", secretariat())
    councillor = events(person_feed(feeds.ensure_token(people["Cllr Ann Blackburn"])))
    chair = events(person_feed(feeds.ensure_token(people["Mick Ward"])))
    assert feeds.event_uid(strategic) in councillor and feeds.event_uid(board) not in councillor
    assert feeds.event_uid(strategic) in chair and feeds.event_uid(board) in chair
    assert str(councillor[feeds.event_uid(cancelled)]["STATUS"]) == "CANCELLED"
    # A public body's meeting links to its public page; a private body's to the members' page.
    assert str(chair[feeds.event_uid(strategic)]["URL"]) == f"http://testserver/public/meetings/{strategic.pk}/"
    assert str(chair[feeds.event_uid(board)]["URL"]) == f"http://testserver/governance/meetings/{board.pk}/"


@pytest.mark.django_db
def test_the_private_feed_lists_issued_item_titles_but_exempt_items_only_by_their_notice(strategic_group, people):
    issued = make_meeting(strategic_group, 10)
    draft = make_meeting(strategic_group, 20)
    agenda_for(
        issued,
        {"title": "Market position statement refresh"},
        {"title": "Tender evaluation scores", "exempt_paragraph": 3, "public_interest_reason": "Prices"},
    )
    agenda_for(draft, {"title": "Item still in draft"}, status=AgendaStatus.DRAFT)
    feed = events(person_feed(feeds.ensure_token(people["Cllr Ann Blackburn"])))
    description = str(feed[feeds.event_uid(issued)]["DESCRIPTION"])
    assert description.splitlines() == [
        "1. Apologies and deputies",
        "2. Declarations of interest",
        "3. Minutes of the last meeting",
        "4. Action log",
        "5. Market position statement refresh",
        "6. Exempt item: Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local "
        "Government Act 1972",
    ]
    assert "DESCRIPTION" not in feed[feeds.event_uid(draft)]


@pytest.mark.django_db
def test_a_person_without_an_account_gets_the_meetings_of_the_bodies_where_they_sit(strategic_group, project_board):
    person = Person.objects.create(name="A Co-opted Member")
    Membership.objects.create(body=strategic_group, person=person, role="member", constituency="vcf_sector")
    strategic = make_meeting(strategic_group, 10)
    board = make_meeting(project_board, 12)
    feed = events(person_feed(feeds.ensure_token(person)))
    assert feeds.event_uid(strategic) in feed and feeds.event_uid(board) not in feed


@pytest.mark.django_db
def test_a_deactivated_account_loses_its_feed(people):
    person = people["Cllr Ann Blackburn"]
    token = feeds.ensure_token(person)
    person.user.is_active = False
    person.user.save()
    assert Client().get(reverse("public:person_feed", args=[token])).status_code == 404
