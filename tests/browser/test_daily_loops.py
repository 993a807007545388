"""People's daily loops in the browser: the secretariat records a declaration of interest from the item page; the
Project Executive, signed in, is sent straight to the agenda awaiting their approval, by a work list entry and by the
email's absolute link."""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from governance import meeting_actions
from governance.models import Body, Declaration
from tests.access.logs import QUORATE_BOARD, attend, meeting_on
from tests.browser.conftest import Visitor


def _admin():
    return get_user_model().objects.get(username="admin.staff")


def test_admin_staff_record_a_declaration_of_interest_from_the_item_page(server, browser, base_url):
    by = _admin()
    meeting = meeting_on(Body.objects.get(slug="project-board"), timezone.localdate() - dt.timedelta(weeks=2), by)
    agenda = meeting_actions.ensure_agenda(meeting, by)
    item = meeting_actions.add_item(agenda, by, title="Home care tender: evaluation model", purpose="decision")
    attend(meeting, QUORATE_BOARD)
    visitor = Visitor(browser.new_context(base_url=base_url).new_page())
    visitor.sign_in("admin.staff")
    visitor.open(f"/governance/items/{item.pk}/")
    page = visitor.page
    page.get_by_text("A declaration of interest").click()
    page.get_by_label("Person").select_option(label="Mark Phillott")
    page.get_by_label("Kind of interest").select_option(label="Other registrable interest")
    page.get_by_label("Interest", exact=True).fill("A trustee of a provider bidding in the tender")
    page.get_by_label("Disqualifying: the member leaves for this item").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the declaration").click()
    assert "Declaration recorded." in visitor.text()
    assert "Mark Phillott: Other registrable interest – A trustee of a provider bidding in the tender" in visitor.text()
    declaration = Declaration.objects.get(item=item)
    assert declaration.disqualifying and declaration.person.name == "Mark Phillott"
    assert not visitor.broken


def test_the_project_executive_is_led_to_the_agenda_awaiting_them(server, browser, base_url):
    by = _admin()
    mail.outbox.clear()
    meeting = meeting_on(Body.objects.get(slug="project-board"), timezone.localdate() + dt.timedelta(weeks=9), by)
    agenda = meeting_actions.ensure_agenda(meeting, by)
    meeting_actions.add_item(agenda, by, title="Home care tender timetable", purpose="decision")
    leader = Visitor(browser.new_context(base_url=base_url).new_page())
    leader.sign_in("project.leader")
    leader.open(f"/governance/meetings/{meeting.pk}/")
    with leader.page.expect_navigation():
        leader.page.get_by_role("button", name=re.compile("Send (it )?for approval", re.I)).click()
    assert "Sent for approval." in leader.text()

    # The email to the Project Executive links to the meeting by an absolute address.
    address = get_user_model().objects.get(username="project.executive").email
    to_executive = [m for m in mail.outbox if address and address in m.to]
    assert to_executive, [(m.to, m.subject) for m in mail.outbox]
    links = re.findall(r"https?://\S+", to_executive[0].body)
    assert any(link.endswith(f"/governance/meetings/{meeting.pk}/") for link in links), to_executive[0].body

    executive = Visitor(browser.new_context(base_url=base_url).new_page())
    executive.sign_in("project.executive")
    executive.open("/")
    entry = executive.page.locator(f'ul.govuk-task-list a[href="/governance/meetings/{meeting.pk}/"]')
    assert "Approve the agenda" in entry.inner_text()
    with executive.page.expect_navigation():
        entry.click()
    assert executive.page.url.endswith(f"/governance/meetings/{meeting.pk}/")
    assert executive.page.get_by_role("button", name=re.compile("Approve", re.I)).count() >= 1
    assert not leader.broken and not executive.broken
