"""The papers governance contributes: minutes of the last meeting and the action log, each split into an open part
and an exempt part that carries its Schedule 12A paragraph; an item's uploaded paper; and their screen pages, which
show exactly the fragment the pack prints."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import meeting_actions, meeting_papers
from governance.models import StandingItem
from governance.papers import Order, papers_for
from tests.access.logs import admin_user, meeting_on
from tests.conftest import client_for
from tests.packs.helpers import MARKER, board_meeting_with_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return board_meeting_with_papers()


def standing(records, kind):
    return records["agenda"].items.get(standing=kind)


def test_minutes_and_action_log_come_in_an_open_and_an_exempt_part(records):
    minutes_item = standing(records, StandingItem.MINUTES)
    log_item = standing(records, StandingItem.ACTION_LOG)
    papers = papers_for([minutes_item, log_item])
    minutes = papers[minutes_item.pk]
    assert [(p.title, p.exempt_paragraph, p.order) for p in minutes] == [
        ("Minutes of the last meeting", None, Order.MINUTES),
        ("Minutes of the last meeting: exempt items", 3, Order.MINUTES),
    ]
    log = papers[log_item.pk]
    assert [(p.title, p.exempt_paragraph) for p in log] == [("Action log", None), ("Action log: exempt items", 3)]
    open_minutes, exempt_minutes = (paper.render() for paper in minutes)
    assert MARKER not in open_minutes and "Apologies and deputies" in open_minutes
    assert f"Discussed the bid prices {MARKER}" in exempt_minutes
    assert MARKER not in log[0].render() and f"Negotiate {MARKER}" in log[1].render()


def test_no_exempt_part_when_the_last_meeting_had_no_exempt_items(records):
    records["last"].agendas.get().items.filter(exempt_paragraph__isnull=False).update(
        exempt_paragraph=None, public_interest_reason=""
    )
    minutes_item = standing(records, StandingItem.MINUTES)
    log_item = standing(records, StandingItem.ACTION_LOG)
    papers = papers_for([minutes_item, log_item])
    assert [p.title for p in papers[minutes_item.pk]] == ["Minutes of the last meeting"]
    assert [p.title for p in papers[log_item.pk]] == ["Action log"]
    assert MARKER in papers[minutes_item.pk][0].render()  # now open business


def test_the_minutes_are_of_the_meeting_just_before_and_a_cancelled_one_is_passed_over(records):
    # A meeting between the two, not yet minuted: the next meeting has no minutes to approve, and the earlier
    # meeting's minutes (approved at the one between) are not offered again.
    between = meeting_on(records["meeting"].body, records["last"].date + dt.timedelta(weeks=2))
    assert records["last"].starts_at < between.starts_at < records["meeting"].starts_at
    minutes_item = standing(records, StandingItem.MINUTES)
    assert meeting_papers.previous_meeting(records["meeting"]) == between
    assert papers_for([minutes_item])[minutes_item.pk] == []
    meeting_actions.cancel_meeting(between, "Not quorate", admin_user())
    assert meeting_papers.previous_meeting(records["meeting"]) == records["last"]
    assert [p.title for p in papers_for([minutes_item])[minutes_item.pk]] == [
        "Minutes of the last meeting",
        "Minutes of the last meeting: exempt items",
    ]


def test_an_uploaded_paper_is_printed_from_its_file(records):
    item = records["with_paper"]
    (paper,) = papers_for([item])[item.pk]
    assert paper.order == Order.ITEM_PAPER and paper.render is None
    assert paper.pdf().startswith(b"%PDF")


@pytest.mark.parametrize("kind", sorted(meeting_papers.RENDERERS))
def test_the_screen_page_shows_exactly_the_fragment_the_pack_prints(records, kind):
    item = standing(records, StandingItem.ACTION_LOG if kind.startswith("action") else StandingItem.MINUTES)
    fragment = meeting_papers.RENDERERS[kind](item.pk)
    page = client_for("admin_staff").get(reverse("governance:meeting_paper", args=[item.pk, kind]))
    assert page.status_code == 200
    assert fragment.strip() and fragment in page.content.decode()
    for tag in ("<h1", "<form", "hx-"):
        assert tag not in fragment


def test_an_unknown_paper_kind_is_404(records):
    item = standing(records, StandingItem.MINUTES)
    page = client_for("admin_staff").get(reverse("governance:meeting_paper", args=[item.pk, "secret-papers"]))
    assert page.status_code == 404


def test_rendering_a_paper_takes_a_fixed_number_of_queries(records, django_assert_max_num_queries):
    from governance import meeting_actions
    from governance.models import Person
    from tests.access.logs import admin_user

    item = standing(records, StandingItem.ACTION_LOG)
    last_item = records["last"].agendas.get().items.filter(exempt_paragraph__isnull=True).first()
    owner = Person.objects.get(name="Kim Maslyn")

    with django_assert_max_num_queries(4):
        meeting_papers.render_action_log(item.pk)
    for n in range(10):
        meeting_actions.add_action(last_item, f"Action {n}", owner, records["meeting"].date, admin_user())
    with django_assert_max_num_queries(4):
        html = meeting_papers.render_action_log(item.pk)
    assert "Action 9" in html
