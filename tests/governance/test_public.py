"""The public pages: the calendar of public meetings, a public meeting's issued agenda and approved minutes, the
published decisions, and that an exempt item's content never reaches any public page or feed."""

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from governance import feeds, integrity, meeting_actions
from governance.models import (
    Agenda,
    AgendaItem,
    AgendaStatus,
    Body,
    Decision,
    DecisionOutcome,
    ItemNote,
    MeetingKind,
    MinutesStatus,
)
from governance.views_public import public_item
from tests.access.public import agenda_for, decision_on, make_meeting, minutes_for, secretariat, set_minutes_status

EXEMPT = {"exempt_paragraph": 3, "public_interest_reason": "Commercially sensitive prices from tenderers."}


def page(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode()


def meeting_url(meeting):
    return reverse("public:meeting", args=[meeting.pk])


@pytest.fixture
def scrutiny(db):
    return Body.objects.get(slug="scrutiny-board-health-wellbeing-asc")


# ------------------------------------------------------------------------------------------------------ the calendar


@pytest.mark.django_db
def test_the_public_calendar_lists_only_public_bodies(strategic_group, scrutiny, project_board):
    ours = make_meeting(strategic_group, 10)
    theirs = make_meeting(scrutiny, 12)
    private = make_meeting(project_board, 11)
    html = page(reverse("public:meetings"))
    assert f'href="{meeting_url(ours)}"' in html
    assert f'href="{meeting_url(theirs)}"' in html
    assert meeting_url(private) not in html
    assert project_board.name not in html


@pytest.mark.django_db
def test_the_public_calendar_works_signed_out_and_links_to_sign_in(strategic_group):
    make_meeting(strategic_group, 10)
    html = page(reverse("public:meetings"))
    assert "Sign in" in html and "Sign out" not in html
    assert "Strategic Home Care Commissioning Group" in html


@pytest.mark.django_db
def test_the_public_calendar_shows_upcoming_meetings_first_by_month_then_recent_ones(strategic_group):
    soon = make_meeting(strategic_group, 3)
    later = make_meeting(strategic_group, 70)
    past = make_meeting(strategic_group, -20)
    old = make_meeting(strategic_group, -800)
    html = page(reverse("public:meetings"))
    assert html.index("Upcoming meetings") < html.index(meeting_url(soon)) < html.index(meeting_url(later))
    assert html.index(meeting_url(later)) < html.index("Recent meetings") < html.index(meeting_url(past))
    assert meeting_url(old) not in html  # only the last year of past meetings
    # Grouped by month: each meeting's month is a table caption.
    for meeting in (soon, later, past):
        assert f"{meeting.date:%B %Y}</caption>" in html
    assert html.count(f"{later.date:%B %Y}</caption>") == 1


@pytest.mark.django_db
def test_a_cancelled_meeting_is_shown_as_cancelled_on_the_public_calendar(strategic_group):
    meeting = make_meeting(strategic_group, 5)
    meeting_actions.cancel_meeting(meeting, "Not enough business", secretariat())
    html = page(reverse("public:meetings"))
    row = html[html.index(meeting_url(meeting)) :]
    row = row[: row.index("</tr>")]
    assert "Cancelled" in row
    assert "This meeting has been cancelled: Not enough business" in page(meeting_url(meeting))


@pytest.mark.django_db
def test_the_public_calendar_filters_by_body(strategic_group, scrutiny):
    ours = make_meeting(strategic_group, 10)
    theirs = make_meeting(scrutiny, 12)
    html = page(reverse("public:meetings") + "?body=strategic-group")
    assert meeting_url(ours) in html and meeting_url(theirs) not in html
    assert '<option value="strategic-group" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["no-such-body", "project-board", "<script>"])
def test_an_unknown_or_private_body_in_the_filter_gives_a_clear_message(slug, strategic_group):
    ours = make_meeting(strategic_group, 10)
    response = Client().get(reverse("public:meetings"), {"body": slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Choose a body from the list" in html
    assert meeting_url(ours) in html  # every public body's meetings, instead
    assert "<script>" not in html  # what was asked for is not echoed back


# ------------------------------------------------------------------------------------------------ a public meeting


@pytest.mark.django_db
def test_a_private_bodys_meeting_has_no_public_page(project_board):
    meeting = make_meeting(project_board, 10)
    assert Client().get(meeting_url(meeting)).status_code == 404
    assert Client().get(reverse("public:meeting", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_the_public_meeting_page_shows_when_and_where(strategic_group):
    meeting = make_meeting(strategic_group, 10, online_link="https://meet.example.org/strategic")
    html = page(meeting_url(meeting))
    assert f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}" in html
    assert "10:00 a.m. to 12:00 p.m." in html or "10 a.m. to noon" in html
    assert "Civic Hall, Leeds" in html
    assert 'href="https://meet.example.org/strategic"' in html
    assert 'href="/public/meetings/"' in html  # the way back to the public meetings


@pytest.mark.django_db
@pytest.mark.parametrize("status", [AgendaStatus.DRAFT, AgendaStatus.AWAITING_APPROVAL, AgendaStatus.APPROVED])
def test_a_draft_agenda_is_not_published(status, strategic_group):
    meeting = make_meeting(strategic_group, 10)
    agenda_for(meeting, {"title": "Market position statement refresh"}, status=status)
    html = page(meeting_url(meeting))
    assert "The agenda has not been published yet" in html
    assert "Market position statement refresh" not in html
    assert "Apologies and deputies" not in html


@pytest.mark.django_db
def test_an_issued_agenda_is_published_with_its_issued_supplementary_agendas_only(strategic_group):
    meeting = make_meeting(strategic_group, 10)
    agenda_for(meeting, {"title": "Market position statement refresh", "presenter": "Georgia Young"})
    agenda_for(meeting, {"title": "Late report on winter pressures"}, supplement=1)
    agenda_for(meeting, {"title": "Draft late item"}, supplement=2, status=AgendaStatus.DRAFT)
    html = page(meeting_url(meeting))
    assert "The agenda has not been published yet" not in html
    assert "Apologies and deputies" in html
    assert "Market position statement refresh" in html and "Georgia Young" in html
    assert "Supplementary agenda 1" in html and "Late report on winter pressures" in html
    assert "S1.1" in html
    assert "Supplementary agenda 2" not in html and "Draft late item" not in html


@pytest.mark.django_db
def test_an_exempt_item_shows_only_its_exemption_on_the_public_meeting_page(strategic_group):
    meeting = make_meeting(strategic_group, 10)
    _agenda, (exempt,) = agenda_for(
        meeting,
        {
            "title": "Tender evaluation scores",
            "description": "Scores of the three bidders",
            "presenter": "Commercial lead",
            **EXEMPT,
        },
    )
    html = page(meeting_url(meeting))
    assert exempt.number == "5"
    assert (
        "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
        in html
    )
    for secret in ("Tender evaluation scores", "Scores of the three bidders", "Commercial lead", "Commercially"):
        assert secret not in html
    assert '<th scope="row" class="govuk-table__header">5</th>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [MinutesStatus.DRAFT, MinutesStatus.REVIEWED])
def test_unapproved_minutes_are_not_published(status, strategic_group):
    meeting = make_meeting(strategic_group, -7)
    _agenda, (item,) = agenda_for(meeting, {"title": "Outcomes framework"})
    minutes_for(meeting, {item: "Members discussed the draft outcomes framework."}, status=status)
    decision_on(item, "The outcomes framework was agreed.")
    html = page(meeting_url(meeting))
    assert "The minutes have not been published yet" in html
    assert "Members discussed the draft outcomes framework." not in html
    assert "The outcomes framework was agreed." not in html
    assert "The outcomes framework was agreed." not in page(reverse("public:decisions"))


@pytest.mark.django_db
@pytest.mark.parametrize("status", [MinutesStatus.APPROVED, MinutesStatus.CIRCULATED])
def test_approved_minutes_are_published_with_notes_and_decisions(status, strategic_group):
    meeting = make_meeting(strategic_group, -7)
    _agenda, (item,) = agenda_for(meeting, {"title": "Outcomes framework"})
    minutes_for(meeting, {item: "Members discussed the draft outcomes framework."}, status=status)
    decision_on(item, "The outcomes framework was agreed.")
    html = page(meeting_url(meeting))
    assert "The minutes have not been published yet" not in html
    assert "Members discussed the draft outcomes framework." in html
    assert "<strong>Decided:</strong> The outcomes framework was agreed." in html
    assert "Quorate: counted for the test." not in html  # only the outcome and the text of a decision
    assert "corrected version" not in html


@pytest.mark.django_db
def test_a_correction_is_published_only_once_approved_and_says_why(strategic_group):
    meeting = make_meeting(strategic_group, -7)
    _agenda, (item,) = agenda_for(meeting, {"title": "Outcomes framework"})
    first = minutes_for(meeting, {item: "Seven members attended."})
    second = meeting_actions.correct_minutes(first, "The attendance count was wrong.", secretariat())
    ItemNote.objects.filter(minutes=second, item=item).update(discussion="Eight members attended.")
    html = page(meeting_url(meeting))
    assert "Seven members attended." in html and "Eight members attended." not in html
    assert "corrected version" not in html
    set_minutes_status(second, MinutesStatus.APPROVED)
    html = page(meeting_url(meeting))
    assert "Eight members attended." in html and "Seven members attended." not in html
    assert "This is a corrected version of the minutes (version 2)" in html
    assert "Reason for the correction: The attendance count was wrong." in html


# ------------------------------------------------------------------------------------------------------- decisions


@pytest.mark.django_db
def test_the_decisions_page_lists_published_decisions_newest_first(strategic_group, scrutiny):
    older = make_meeting(strategic_group, -60)
    newer = make_meeting(scrutiny, -10)
    _a, (old_item,) = agenda_for(older, {"title": "Older business"})
    _a, (new_item, deferred_item) = agenda_for(newer, {"title": "Newer business"}, {"title": "Deferred business"})
    decision_on(old_item, "Older decision text.")
    decision_on(new_item, "Newer decision text.")
    decision_on(deferred_item, "Deferred to the next meeting.", outcome=DecisionOutcome.DEFERRED)
    minutes_for(older)
    minutes_for(newer, status=MinutesStatus.CIRCULATED)
    html = page(reverse("public:decisions"))
    assert html.index("Newer decision text.") < html.index("Older decision text.")
    assert "Deferred (not quorate):</strong> Deferred to the next meeting." in html
    assert f"{new_item.number}. Newer business" in html
    assert f'href="{meeting_url(newer)}"' in html


@pytest.mark.django_db
def test_decisions_of_private_bodies_or_unpublished_minutes_are_not_on_the_decisions_page(
    strategic_group, project_board
):
    private = make_meeting(project_board, -10)
    _a, (private_item,) = agenda_for(private, {"title": "Board business"})
    decision_on(private_item, "A board decision.")
    minutes_for(private)
    unpublished = make_meeting(strategic_group, -10)
    _a, (draft_item,) = agenda_for(unpublished, {"title": "Draft business"})
    decision_on(draft_item, "A decision in draft minutes.")
    minutes_for(unpublished, status=MinutesStatus.DRAFT)
    html = page(reverse("public:decisions"))
    assert "A board decision." not in html and "A decision in draft minutes." not in html
    assert "Board business" not in html and "Draft business" not in html


@pytest.mark.django_db
def test_a_decision_on_an_exempt_item_is_listed_only_by_its_paragraph(strategic_group):
    meeting = make_meeting(strategic_group, -10)
    _a, (item,) = agenda_for(meeting, {"title": "Provider contract variation", **EXEMPT})
    decision_on(item, "The variation for Provider X was agreed at 19.40 an hour.")
    minutes_for(meeting)
    html = page(reverse("public:decisions"))
    assert "Decision on an exempt item (paragraph 3)" in html
    assert "Provider X" not in html and "Provider contract variation" not in html


# -------------------------------------------------------------------------------------------------- the leak test

MARKER = "EXEMPT-MARKER-7f3a"


@pytest.mark.django_db
def test_an_exempt_items_content_never_reaches_a_public_page_or_a_feed(strategic_group, people):
    """The marker goes into every field of an exempt item and everything hanging off it; no public page and neither
    feed (not even the private feed of a member, who may see the item in the system) may carry it."""
    councillor = people["Cllr Ann Blackburn"]
    past = make_meeting(strategic_group, -14)
    upcoming = make_meeting(strategic_group, 14, kind=MeetingKind.EXTRAORDINARY)
    fields = {
        "title": f"{MARKER} title",
        "description": f"{MARKER} description",
        "presenter": f"{MARKER} presenter",
        "exempt_paragraph": 1,
        "public_interest_reason": f"{MARKER} public interest",
    }
    _agenda, (_open, held_item) = agenda_for(past, {"title": "Open business"}, fields)
    agenda_for(upcoming, fields)
    supplementary, _ = agenda_for(upcoming, fields, supplement=1)
    minutes = minutes_for(past, {held_item: f"{MARKER} note of the discussion"})
    decision_on(held_item, f"{MARKER} decision text")
    decision_on(held_item, f"{MARKER} deferred", outcome=DecisionOutcome.DEFERRED)
    with integrity.allow_purge():  # set-up: the agendas are issued, so their items are final
        AgendaItem.objects.filter(agenda__meeting__in=[past, upcoming], exempt_paragraph=1).update(
            paper=f"papers/2026/01/{MARKER}.pdf"
        )
    held_item.actions.create(description=f"{MARKER} action", owner=councillor, due_on=dt.date.today())
    assert minutes.status == MinutesStatus.APPROVED and supplementary.status == AgendaStatus.ISSUED
    assert Decision.objects.filter(item=held_item).count() == 2

    councillor_user = councillor.user
    token = feeds.ensure_token(councillor)
    urls = [
        reverse("public:meetings"),
        reverse("public:meetings") + "?body=strategic-group",
        meeting_url(past),
        meeting_url(upcoming),
        reverse("public:decisions"),
        reverse("public:body_feed", args=["strategic-group"]),
        reverse("public:person_feed", args=[token]),
    ]
    for client in (Client(), _signed_in(councillor_user)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert body.count(MARKER) == 0, url

    # The pages did have something to leak: the notices, the open business and the feeds' events are there.
    assert "paragraph 1 of Part 1 of Schedule 12A" in page(meeting_url(past))
    assert "Open business" in page(meeting_url(past))
    assert "Decision on an exempt item (paragraph 1)" in page(reverse("public:decisions"))
    private = icalendar.Calendar.from_ical(Client().get(reverse("public:person_feed", args=[token])).content)
    events = {str(e["UID"]): e for e in private.walk("VEVENT")}
    description = str(events[feeds.event_uid(upcoming)]["DESCRIPTION"])
    assert "Exempt item: Not for publication by virtue of paragraph 1" in description
    assert "S1.1. Exempt item" in description
    assert MARKER not in private.to_ical().decode()


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------------------- the redaction itself


@given(
    title=st.text(min_size=1, max_size=50),
    description=st.text(max_size=50),
    presenter=st.text(max_size=50),
    paragraph=st.integers(min_value=1, max_value=7),
    supplement=st.integers(min_value=0, max_value=3),
)
def test_the_public_form_of_an_exempt_item_carries_only_its_number_and_notice(
    title, description, presenter, paragraph, supplement
):
    item = AgendaItem(
        agenda=Agenda(supplement=supplement),
        position=4,
        title=title,
        description=description,
        presenter=presenter,
        exempt_paragraph=paragraph,
        paper="papers/2026/01/secret.pdf",
    )
    shown = public_item(item, note=ItemNote(discussion=title), decisions=[Decision(text=title)])
    assert shown.number == item.number
    assert shown.exempt_notice == item.exempt_notice
    assert shown.title == shown.description == shown.presenter == shown.purpose == shown.note == ""
    assert not shown.has_paper and shown.decisions == ()
    assert f"paragraph {paragraph} of Part 1 of Schedule 12A" in shown.exempt_notice


@pytest.mark.django_db
def test_the_public_meeting_page_query_count_does_not_grow_with_items(strategic_group, django_assert_num_queries):
    meeting = make_meeting(strategic_group, -3)
    _agenda, items = agenda_for(meeting, {"title": "First"})
    minutes_for(meeting)
    decision_on(items[0], "Agreed.")
    client = Client()
    client.get(meeting_url(meeting))
    with CaptureQueriesContext(connection) as few:
        client.get(meeting_url(meeting))
    more = make_meeting(strategic_group, -4)
    _agenda, items = agenda_for(more, *({"title": f"Item {n}"} for n in range(10)))
    minutes_for(more)
    for item in items:
        decision_on(item, "Agreed.")
    with django_assert_num_queries(len(few)):
        response = client.get(meeting_url(more))
    assert response.content.decode().count("Agreed.") == 10


@pytest.mark.django_db
def test_a_paper_is_public_only_on_an_issued_agenda_of_a_publishing_body_and_never_when_exempt(
    client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from governance.models import AgendaStatus, Body
    from tests.access.public import agenda_for, make_meeting

    settings.MEDIA_ROOT = tmp_path
    strategic = Body.objects.get(slug="strategic-group")
    meeting = make_meeting(strategic, days_from_now=60)
    agenda, (item,) = agenda_for(meeting, {"title": "Options appraisal"}, status=AgendaStatus.DRAFT)
    item.paper.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    url = reverse("public:paper", args=[item.pk])
    assert client.get(url).status_code == 404  # not issued yet
    agenda.status = AgendaStatus.ISSUED
    agenda.save()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'href="{url}"' in client.get(reverse("public:meeting", args=[meeting.pk])).content.decode()
    item.exempt_paragraph, item.public_interest_reason = 3, "Commercially sensitive"
    with integrity.allow_purge():  # the item of an issued agenda is final: rewritten here only to probe the rule
        item.save()
    assert client.get(url).status_code == 404
    board = Body.objects.get(slug="project-board")
    item.agenda.meeting.body = board
    item.agenda.meeting.save()
    item.exempt_paragraph = None
    with integrity.allow_purge():
        item.save()
    assert client.get(url).status_code == 404  # the Project Board does not publish its papers
