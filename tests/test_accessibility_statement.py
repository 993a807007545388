"""The accessibility statement: open to everyone, in the order of the UK model statement, honest about what is not
accessible, and linked from the footer of every page."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

# The model statement's sections, and ours, in the order they come.
SECTIONS = [
    "How accessible this service is",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Technical information about this service’s accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that’s not within the scope of the accessibility regulations",
    "Documents and PDFs",
    "What we’re doing to improve accessibility",
    "Preparation of this accessibility statement",
    "How we tested this service",
]


class Outline(HTMLParser):
    """The page's headings (h1 to h3) in order, the text under each, and every link's address."""

    def __init__(self):
        super().__init__()
        self.headings, self.text, self.links = [], {}, []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._in_heading = True
            self.headings.append("")
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False
            self.headings[-1] = " ".join(self.headings[-1].split())
            self.text[self.headings[-1]] = ""

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1] += data
        elif self.headings and self.headings[-1] in self.text:
            self.text[self.headings[-1]] += data


def outline(response):
    parsed = Outline()
    parsed.feed(response.content.decode())
    parsed.text = {heading: " ".join(text.split()) for heading, text in parsed.text.items()}
    return parsed


@pytest.fixture
def statement(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    return outline(response)


@pytest.mark.django_db
def test_it_is_open_to_everyone_signed_out(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert "Accessibility statement for Home care redesign governance" in response.text


@pytest.mark.django_db
def test_it_has_the_model_statements_sections_in_order(statement):
    found = [heading for heading in statement.headings if heading in SECTIONS]
    assert found == SECTIONS


@pytest.mark.django_db
def test_it_names_the_standard_and_a_compliance_status(statement):
    status = statement.text["Compliance status"]
    assert "WCAG" in status and "2.2 AA" in status
    assert "partially compliant" in status
    assert "https://www.w3.org/TR/WCAG22/" in statement.links


@pytest.mark.django_db
def test_it_invents_no_contact_details(statement):
    contact = statement.text["Feedback and contact information"]
    assert "to be confirmed" in contact
    assert "@" not in contact
    assert not re.search(r"\d{4} ?\d{3} ?\d{3,4}", contact), "a telephone number nobody has given us"


@pytest.mark.django_db
def test_it_gives_the_enforcement_bodies(statement):
    enforcement = statement.text["Enforcement procedure"]
    for body in (
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service (EASS)",
        "Equality Commission for Northern Ireland",
    ):
        assert body in enforcement


@pytest.mark.django_db
def test_it_lists_the_known_limitations(statement):
    not_accessible = " ".join(
        statement.text[heading]
        for heading in statement.headings[
            statement.headings.index("Non-accessible content") : statement.headings.index("Documents and PDFs")
        ]
    )
    assert "upload" in not_accessible and "PDF" in not_accessible
    assert "/admin/" in not_accessible
    assert "320 pixels" in not_accessible and "scroll" in not_accessible


@pytest.mark.django_db
def test_it_says_what_is_true_of_the_pdfs_and_how_to_ask_for_another_format(statement):
    pdfs = statement.text["Documents and PDFs"]
    for fact in ("PDF/UA-1", "title", "language", "bookmark", "another format", "uploaded"):
        assert fact in pdfs, fact


@pytest.mark.django_db
def test_it_says_how_the_service_was_tested(statement):
    tested = statement.text["How we tested this service"]
    for test in ("axe-core", "keyboard", "320 pixels", "four kinds of user"):
        assert test in tested, test


@pytest.mark.django_db
def test_it_was_prepared_on_a_real_date_not_in_the_future(statement):
    dates = re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4}", statement.text["Preparation of this accessibility statement"])
    assert dates
    for date in dates:
        assert dt.datetime.strptime(date, "%d %B %Y").date() <= timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accessibility/", "/public/meetings/", "/sign-in/"])
def test_the_footer_links_to_it(client, path):
    response = client.get(path)
    assert response.status_code == 200
    footer = response.text[response.text.index("<footer") :]
    assert 'href="/accessibility/"' in footer
    assert "Accessibility statement" in footer
