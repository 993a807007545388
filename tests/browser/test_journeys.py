"""Journeys through the service in a real browser with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing;
no mouse), the focus visible on every control used, each page checked with axe-core (WCAG 2.2 A and AA). The staff's
journeys are in test_staff_journeys.py."""

import secrets

from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone

from governance.models import AgendaItem, Body, Membership, StandingItem
from governance.seed_data import DEMO_PASSWORD
from tests.access.public import agenda_for, decision_on, make_meeting, minutes_for
from tests.browser.conftest import Visitor, follow, publish_last_months_highlight_report, tab_to

NOT_FOR_PUBLICATION = (
    "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
)


# ------------------------------------------------------------------------------------- journey 4: a member of the public


def test_the_public_reads_an_agenda_and_a_decision_and_never_sees_an_exempt_item(visitor):
    """A member of the public, signed out, opens the public meetings, a published meeting's agenda and the decisions
    with the keyboard alone; an exempt item shows only its Schedule 12A paragraph, whatever it holds."""
    marker = f"EXEMPT-{secrets.token_hex(6)}"
    strategic = Body.objects.get(slug="strategic-group")
    assert strategic.publishes_papers
    meeting = make_meeting(strategic, -7)
    _agenda, (open_item, exempt_item) = agenda_for(
        meeting,
        {"title": "Market position statement"},
        {
            "title": f"{marker} tender evaluation",
            "description": f"{marker} scores of the bidders",
            "presenter": f"{marker} commercial lead",
            "exempt_paragraph": 3,
            "public_interest_reason": f"{marker} commercially sensitive prices",
        },
    )
    minutes_for(meeting, {open_item: "Members welcomed the statement.", exempt_item: f"{marker} the discussion"})
    decision_on(open_item, "The market position statement was agreed.")
    decision_on(exempt_item, f"{marker} the contract was awarded to Provider X.")
    page = visitor.page

    visitor.open("/public/meetings/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    visitor.check_page()
    when = dateformat.format(timezone.localtime(meeting.starts_at), "l j F Y")
    follow(page, page.get_by_role("link", name=when))  # its hidden words name the body
    page.wait_for_url(f"/public/meetings/{meeting.pk}/")

    text = visitor.text()
    assert "Market position statement" in text
    assert "Members welcomed the statement." in text
    assert NOT_FOR_PUBLICATION in text
    assert marker not in text and marker not in page.content()
    visitor.check_page()

    follow(page, page.get_by_role("link", name="Published decisions"), backwards=True)
    page.wait_for_url("/public/decisions/")
    text = visitor.text()
    assert "The market position statement was agreed." in text
    assert "Decision on an exempt item (paragraph 3)" in text
    assert marker not in text and marker not in page.content()
    visitor.check_page()


# ---------------------------------------------------------------------------------------- journey 2: a board member


def sign_in_with_the_keyboard(visitor, username):
    page = visitor.page
    visitor.open("/sign-in/")
    visitor.check_page()
    tab_to(page, page.get_by_label("Username"), most=10)
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Password"), most=1)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("/")
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_a_board_member_signs_in_with_the_keyboard_reads_the_highlight_report_and_asks_a_question(visitor, new_context):
    """The councillor, with the keyboard alone, signs in, opens papers for me, reads the latest highlight report and
    asks a question on it; the Project Leader answers, and the councillor sees the answer; a paper of a body they do
    not sit on is not found."""
    users = get_user_model().objects
    councillor = users.get(username="councillor")
    report = publish_last_months_highlight_report()
    board_paper = AgendaItem.objects.filter(
        agenda__meeting__body__slug="project-board", standing=StandingItem.MINUTES
    ).first()
    assert not Membership.objects.filter(body__slug="project-board", person__user=councillor).exists()
    question = f"Why did the fee model slip? ({secrets.token_hex(4)})"
    page = visitor.page

    sign_in_with_the_keyboard(visitor, "councillor")
    visitor.check_page()

    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Papers"))
    page.wait_for_url("/projects/papers/")
    visitor.check_page()
    title = f"Highlight report, {dateformat.format(report.period_start, 'j F Y')}"
    follow(page, page.get_by_role("link", name=title))
    page.wait_for_url(report.get_absolute_url())
    assert "Questions and comments" in visitor.text()
    visitor.check_page()

    tab_to(page, page.get_by_label("Your comment or question"), most=80)
    page.keyboard.type(question)
    checkbox = page.get_by_label("This is a question for the Project Leader")
    tab_to(page, checkbox, most=5)
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    follow(page, page.get_by_role("button", name="Post"), most=5)
    page.wait_for_url(f"{report.get_absolute_url()}#comments")
    assert "Question asked." in visitor.text()
    asked = page.locator(".govuk-inset-text", has_text=question)
    assert asked.count() == 1
    assert "Cllr Ann Blackburn" in asked.inner_text()
    assert asked.locator(".govuk-tag", has_text="Question").is_visible()
    visitor.check_page()

    # The Project Leader, in a browser of their own, answers the question.
    answer = f"The fee model waited on the market position statement. ({secrets.token_hex(4)})"
    leader_visitor = Visitor(new_context().new_page())
    leader_page = leader_visitor.page
    sign_in_with_the_keyboard(leader_visitor, "project.leader")
    leader_visitor.open(report.get_absolute_url())
    thread = leader_page.locator(".govuk-inset-text", has_text=question).first
    follow(leader_page, thread.locator("summary"), most=120)  # opens "Reply to Cllr Ann Blackburn"
    tab_to(leader_page, thread.get_by_label("Your reply"), most=3)
    leader_page.keyboard.type(answer)
    follow(leader_page, thread.get_by_role("button", name="Reply"), most=3)
    leader_page.wait_for_url(f"{report.get_absolute_url()}#comments")
    leader_visitor.check_page()

    # The councillor comes back to the report and finds the answer under the question.
    visitor.open(report.get_absolute_url())
    answered = page.locator(".govuk-inset-text", has_text=question).first
    reply = answered.locator(".govuk-inset-text", has_text=answer)
    assert reply.count() == 1
    assert reply.locator(".govuk-tag", has_text="Answer").is_visible()
    visitor.check_page()

    visitor.open(f"/governance/items/{board_paper.pk}/papers/minutes/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    visitor.check_page()
