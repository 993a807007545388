"""Reflow (WCAG 2.2 success criterion 1.4.10): at 320 CSS pixels wide, the width of a phone or of a 1280-pixel screen
zoomed to 400%, no page of the service scrolls sideways. A data table may scroll inside a container of its own, which
then has to be reachable and named: focusable (tabindex="0"), a region, with a label.

Checked: every page each kind of visitor reaches from the navigation (signed out, a councillor, admin staff, the
project leader), and the main pages beneath them (a meeting and its quorum panel, an agenda item and its papers, the
plan, the risk register and heat map, a highlight report, a decision report, a public meeting). Django's own admin
pages (/admin/) are left out: they are Django's layout and styles, not the service's."""

import pytest
from django.utils import timezone

from governance.models import AgendaItem, Body, DecisionReport, Meeting, StandingItem
from projects.models import Project
from risks.models import Risk
from tests.access.public import agenda_for, make_meeting, minutes_for
from tests.browser.conftest import Visitor, publish_last_months_highlight_report
from tests.browser.navigation import DJANGO_ADMIN, ROLES, visitor_and_navigation

NARROW = {"width": 320, "height": 640}

# What makes the page wider than the window: the outermost elements that reach past its right edge, and every
# element that scrolls sideways inside the page with what a keyboard and a screen reader user need to reach it.
MEASURE = """() => {
    const width = window.innerWidth;
    const name = element => element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + [...element.classList].map(c => "." + c).join("");
    const past = element => element.getBoundingClientRect().right > width + 0.5;
    const culprits = [...document.body.querySelectorAll("*")]
        .filter(element => past(element) && !(element.parentElement && past(element.parentElement)))
        .slice(0, 5)
        .map(element => `${name(element)} (to ${Math.round(element.getBoundingClientRect().right)}px)`);
    const scrollers = [...document.body.querySelectorAll("*")]
        .filter(element => ["auto", "scroll"].includes(getComputedStyle(element).overflowX)
            && element.scrollWidth > element.clientWidth)
        .map(element => ({
            name: name(element),
            focusable: element.tabIndex >= 0,
            region: element.getAttribute("role") === "region",
            labelled: Boolean(element.getAttribute("aria-label") || element.getAttribute("aria-labelledby")),
        }));
    return {width, scrollWidth: document.documentElement.scrollWidth, culprits, scrollers};
}"""


def reflow_problems(page):
    """What is wrong with the page at the window's width, in words; empty when it reflows."""
    measured = page.evaluate(MEASURE)
    problems = []
    if measured["scrollWidth"] > measured["width"]:
        problems.append(
            f"the page is {measured['scrollWidth']}px wide in a {measured['width']}px window: "
            + ", ".join(measured["culprits"])
        )
    for scroller in measured["scrollers"]:
        missing = [need for need in ("focusable", "region", "labelled") if not scroller[need]]
        if missing:
            problems.append(f"{scroller['name']} scrolls sideways but is not {', '.join(missing)}")
    return problems


def check_pages(visitor, paths, who):
    """Open each path and note what does not reflow."""
    found = []
    for path in paths:
        visitor.open(path)
        visitor.check_assets()
        found += [f"{who}, {path}: {problem}" for problem in reflow_problems(visitor.page)]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_page_in_the_navigation_scrolls_sideways_at_320_pixels(server, new_context, role):
    visitor, paths = visitor_and_navigation(new_context, role, viewport=NARROW)
    checked = [path for path in paths if not path.startswith(DJANGO_ADMIN)]
    assert len(checked) >= 3, f"{role} reaches only {checked}"
    found = check_pages(visitor, checked, role)
    assert not found, "\n".join(found)


def detail_pages():
    """The main pages beneath the navigation, by who opens them: {username or None: [paths]}."""
    project = Project.objects.get(slug="hcrc")
    report = publish_last_months_highlight_report()

    board = Body.objects.get(slug="project-board")
    held = Meeting.objects.filter(body=board, starts_at__lt=timezone.now()).order_by("-starts_at").first()
    upcoming = Meeting.objects.filter(body=board, starts_at__gte=timezone.now()).order_by("starts_at").first()
    items = AgendaItem.objects.filter(agenda__meeting=upcoming)
    minutes_item = items.get(standing=StandingItem.MINUTES)
    actions_item = items.get(standing=StandingItem.ACTION_LOG)
    risks_item = items.get(standing=StandingItem.ISSUES_AND_RED_RISKS)
    decision_report = DecisionReport.objects.order_by("pk").first()
    risk = Risk.objects.filter(project=project).order_by("pk").first()

    strategic = Body.objects.get(slug="strategic-group")
    public_meeting = make_meeting(strategic, -7)
    _agenda, (public_item,) = agenda_for(public_meeting, {"title": "Market position statement"})
    minutes_for(public_meeting, {public_item: "Members welcomed the statement."})

    return {
        "admin.staff": [
            board.get_absolute_url(),
            f"/governance/bodies/{board.slug}/meetings/",
            held.get_absolute_url(),
            f"/governance/meetings/{held.pk}/attendance/",
            f"/governance/meetings/{held.pk}/minutes/",
            upcoming.get_absolute_url(),
            f"/governance/items/{minutes_item.pk}/",
            f"/governance/items/{minutes_item.pk}/papers/minutes/",
            f"/governance/items/{actions_item.pk}/papers/action-log/",
            f"/risks/board-paper/{risks_item.pk}/",
            f"/governance/decision-reports/{decision_report.pk}/",
        ],
        "project.leader": [
            project.get_absolute_url(),
            f"/projects/{project.slug}/plan/",
            f"/projects/{project.slug}/timeline/",
            f"/projects/{project.slug}/dependencies/",
            f"/risks/{project.slug}/risks/",
            f"/risks/{project.slug}/heat-map/",
            f"/risks/{project.slug}/issues/",
            f"/risks/{project.slug}/risks/{risk.pk}/",
            report.get_absolute_url(),
        ],
        "councillor": ["/projects/papers/", report.get_absolute_url()],
        None: [f"/public/meetings/{public_meeting.pk}/", "/public/decisions/"],
    }


def test_the_main_pages_beneath_the_navigation_do_not_scroll_sideways_at_320_pixels(server, new_context):
    pages = detail_pages()
    found = []
    for username, paths in pages.items():
        visitor = Visitor(new_context(viewport=NARROW).new_page())
        if username:
            visitor.sign_in(username)
        found += check_pages(visitor, paths, username or "signed out")
    assert sum(map(len, pages.values())) >= 20
    assert not found, "\n".join(found)


def test_a_table_region_is_a_keyboard_stop_only_while_its_table_is_too_wide(server, new_context):
    """On a desktop the tables of the decision log and the risk register fit, and their regions are no tab stops; in a
    window 320 pixels wide they scroll, and each region can be reached with the Tab key again."""
    visitor = Visitor(new_context(viewport={"width": 1280, "height": 800}).new_page())
    visitor.sign_in("project.leader")
    for path, name in [("/governance/decisions/", "Decisions, newest first"), ("/risks/hcrc/risks/", "Risks")]:
        visitor.page.set_viewport_size({"width": 1280, "height": 800})
        visitor.open(path)
        visitor.check_assets()
        region = visitor.page.get_by_role("region", name=name, exact=True).element_handle()
        # The server makes every region a tab stop; the page's script takes out those that need not be.
        visitor.page.wait_for_function("region => !region.hasAttribute('tabindex')", arg=region)
        visitor.page.set_viewport_size(NARROW)
        visitor.page.wait_for_function("region => region.getAttribute('tabindex') === '0'", arg=region)
