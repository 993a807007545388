"""Papers print as plain documents: with the print style sheet, a paper's page leaves off the header and its
navigation, the phase banner, breadcrumbs, buttons, forms, the skip link and the footer, and gives the paper the full
width of the sheet. Chromium's own PDF of the page holds the paper's text and none of the page furniture's."""

import io

import pytest
from pypdf import PdfReader

from governance.models import AgendaItem, DecisionReport, StandingItem
from tests.browser.conftest import Visitor, publish_last_months_highlight_report

DESKTOP = {"width": 1280, "height": 900}

# The page furniture that must not reach paper, and words of it that would show in a PDF if it did.
FURNITURE = [
    ".govuk-skip-link",
    "header",
    ".govuk-service-navigation",
    ".govuk-phase-banner",
    ".govuk-breadcrumbs",
    ".govuk-button",
    "form",
    "footer",
]
FURNITURE_WORDS = [
    "Skip to main content",
    "Sign out",
    "My meetings",
    "This is a new service",
    "Accessibility statement",
]

SHOWN = """selectors => selectors.flatMap(selector =>
    [...document.querySelectorAll(selector)]
        .filter(element => element.checkVisibility())
        .map(element => selector))"""


def words(text):
    return " ".join(text.split())


def paper_pages():
    """{username: [paths of paper pages]}: an agenda item's paper, a highlight report and a decision report."""
    report = publish_last_months_highlight_report()
    minutes_item = (
        AgendaItem.objects.filter(agenda__meeting__body__slug="project-board", standing=StandingItem.MINUTES)
        .order_by("-agenda__meeting__starts_at")
        .first()
    )
    decision_report = DecisionReport.objects.order_by("pk").first()
    return {
        "admin.staff": [
            f"/governance/items/{minutes_item.pk}/papers/minutes/",
            f"/governance/decision-reports/{decision_report.pk}/",
        ],
        "project.leader": [report.get_absolute_url()],
    }


@pytest.mark.parametrize("username", ["admin.staff", "project.leader"])
def test_a_paper_prints_without_the_page_furniture_and_in_full_width(server, new_context, username):
    paths = paper_pages()[username]
    visitor = Visitor(new_context(viewport=DESKTOP).new_page())
    visitor.sign_in(username)
    page = visitor.page
    for path in paths:
        visitor.open(path)
        visitor.check_assets()
        # On screen the furniture is there, and the page keeps to GOV.UK's 960-pixel column.
        on_screen = set(page.evaluate(SHOWN, FURNITURE))
        assert {"header", "footer", ".govuk-phase-banner", ".govuk-breadcrumbs"} <= on_screen, path
        assert page.locator("main").bounding_box()["width"] <= 960

        page.emulate_media(media="print")
        assert page.evaluate(SHOWN, FURNITURE) == [], f"{path} prints page furniture"
        main = page.locator("main")
        assert main.bounding_box()["width"] >= 0.95 * DESKTOP["width"], f"{path} does not print in full width"
        heading = page.locator("main h1")
        paper = page.locator("main .app-paper, main .decision-report").first
        assert heading.is_visible() and paper.is_visible(), f"{path} prints no paper"
        assert page.evaluate("() => getComputedStyle(document.querySelector('main h1')).color") == "rgb(0, 0, 0)"
        first_line = next(line for line in paper.inner_text().splitlines() if line.strip())

        # Chromium lays out the same print styles in its PDF.
        text = words(" ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(page.pdf())).pages))
        assert words(heading.inner_text()) in text, f"{path}: the paper's title is not in its PDF"
        assert words(first_line) in text, f"{path}: the paper's text is not in its PDF"
        for furniture in FURNITURE_WORDS:
            assert furniture not in text, f"{path}: its PDF has {furniture!r}"
        page.emulate_media(media="screen")


def test_a_link_prints_its_address(server, page):
    """Paper cannot follow a link: the accessibility statement's links to other sites print where they go."""
    visitor = Visitor(page)
    visitor.open("/accessibility/")
    page.emulate_media(media="print")
    link = page.locator("main a.govuk-link[href^='https://']").first
    href = link.get_attribute("href")
    assert link.evaluate("link => getComputedStyle(link, '::after').content") == f'" ({href})"'
    text = words(" ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(page.pdf())).pages))
    assert href in text.replace(" ", ""), f"{href} is not printed"
