"""The "Red risks and issues" paper in document packs: one fragment per project, the same one the board paper's page
includes, showing the registers as they stood when the agenda was issued (or today, for a draft agenda); the provider
gives each paper its place in the pack and its renderer."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    Agenda,
    AgendaItem,
    AgendaStatus,
    Body,
    Meeting,
    MeetingStatus,
    Person,
    StandingItem,
)
from governance.papers import Order
from projects.models import GoverningBody, GoverningRole, Project
from risks import escalation
from risks.models import Escalation, Issue, Risk
from risks.papers import KIND, render_risks_and_issues, risk_papers

STANDING = StandingItem.ISSUES_AND_RED_RISKS


def save_at(entry, when):
    entry._history_date = when
    entry.save()
    del entry._history_date
    return entry


def risk(project, reference, likelihood, impact, when=None, **fields):
    entry = Risk(
        project=project,
        reference=reference,
        title=f"Risk {reference}",
        event="Something happens",
        category="operational",
        raised_on=dt.date(2026, 1, 1),
        inherent_likelihood=likelihood,
        inherent_impact=impact,
        residual_likelihood=likelihood,
        residual_impact=impact,
        **fields,
    )
    return save_at(entry, when or timezone.now() - dt.timedelta(days=30))


def issue(project, reference, when=None, **fields):
    entry = Issue(
        project=project,
        reference=reference,
        issue_type="problem",
        title=f"Issue {reference}",
        description="A problem",
        raised_on=dt.date(2026, 1, 1),
        **fields,
    )
    return save_at(entry, when or timezone.now() - dt.timedelta(days=30))


@pytest.fixture
def board(db):
    return Body.objects.get(slug="project-board")


@pytest.fixture
def project(board):
    project = Project.objects.create(title="Paper project", slug="paper-project")
    GoverningBody.objects.create(project=project, body=board, role=GoverningRole.PROJECT_BOARD)
    return project


@pytest.fixture
def registers(project):
    """R1 red and open, R2 amber, R3 red but closed; I1 open."""
    return {
        "red": risk(project, "R1", 4, 4),
        "amber": risk(project, "R2", 3, 3),
        "closed": risk(project, "R3", 5, 5, status="closed"),
        "issue": issue(project, "I1"),
    }


@pytest.fixture
def draft_item(board):
    """The "All issues and red risks" item of the seeded next Project Board meeting (a draft agenda)."""
    _, item = escalation.next_board_item(Project.objects.get(slug="hcrc"))
    assert item.agenda.status == AgendaStatus.DRAFT
    return item


def issued_item(board, issued_at):
    starts = issued_at + dt.timedelta(days=5)
    meeting = Meeting.objects.create(
        body=board, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), status=MeetingStatus.SCHEDULED
    )
    agenda = Agenda.objects.create(meeting=meeting, status=AgendaStatus.ISSUED, issued_at=issued_at)
    return AgendaItem.objects.create(agenda=agenda, position=7, title="All issues and red risks", standing=STANDING)


def assert_is_a_fragment(html):
    assert html.strip()
    for absent in ("<h1", "<form", "hx-", "<script", "csrfmiddlewaretoken", "style="):
        assert absent not in html, absent


# ---------------------------------------------------------------------------------------------------------- the paper


def test_the_paper_holds_the_red_risks_and_open_issues(registers, project, draft_item):
    html = render_risks_and_issues(draft_item.pk, project.pk)
    assert_is_a_fragment(html)
    assert '<h2 class="govuk-heading-l">Paper project</h2>' in html
    assert "Draft: as it stands today." in html
    assert '<th scope="row" class="govuk-table__header">R1</th>' in html and "Risk R1" in html
    assert '<strong class="govuk-tag govuk-tag--red">Red 16</strong>' in html  # the word as well as the colour
    assert '<th scope="row" class="govuk-table__header">I1</th>' in html
    assert "Risk R2" not in html and "Risk R3" not in html


def test_an_issued_agenda_keeps_the_registers_as_they_stood_at_issue(registers, project, board):
    item = issued_item(board, timezone.now() - dt.timedelta(days=1))
    amber = registers["amber"]
    amber.residual_likelihood, amber.residual_impact = 5, 5
    amber.save()  # red now, after the agenda was issued
    html = render_risks_and_issues(item.pk, project.pk)
    assert "As the registers stood when the agenda was issued" in html
    assert "Risk R1" in html and "Risk R2" not in html


def test_the_board_paper_page_shows_the_same_fragment_for_each_project(registers, project, draft_item, as_persona):
    url = reverse("risks:board_paper", args=[draft_item.pk])
    hcrc = Project.objects.get(slug="hcrc")
    ours, theirs = render_risks_and_issues(draft_item.pk, project.pk), render_risks_and_issues(draft_item.pk, hcrc.pk)
    for persona in ("chair", "project_executive", "admin_staff"):
        response = as_persona(persona).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert ours in body and theirs in body
        assert '<h1 class="govuk-heading-xl">Red risks and issues</h1>' in body


def test_the_page_of_an_issued_agenda_shows_the_same_fragment(registers, project, board, as_persona):
    item = issued_item(board, timezone.now() - dt.timedelta(days=1))
    leader = get_user_model().objects.get(username="project.leader")
    Escalation.objects.create(
        risk=registers["amber"], agenda_item=item, reason="Providers are leaving", escalated_by=leader
    )
    html = render_risks_and_issues(item.pk, project.pk)
    assert "Escalated after the agenda was issued" in html and "Providers are leaving" in html
    assert html in as_persona("chair").get(reverse("risks:board_paper", args=[item.pk])).content.decode()


@pytest.mark.parametrize("issued", [False, True], ids=["draft agenda", "issued agenda"])
def test_render_takes_the_same_queries_for_3_or_25_risks(project, board, draft_item, issued):
    item = issued_item(board, timezone.now() - dt.timedelta(days=1)) if issued else draft_item
    owners = list(Person.objects.order_by("id")[:5])

    def add(numbers):
        for n in numbers:
            risk(project, f"R{n:02d}", 5, 4, owner=owners[n % 5])
            issue(project, f"I{n:02d}", owner=owners[(n + 1) % 5])

    add(range(3))
    with CaptureQueriesContext(connection) as few:
        render_risks_and_issues(item.pk, project.pk)
    add(range(3, 25))
    with CaptureQueriesContext(connection) as many:
        html = render_risks_and_issues(item.pk, project.pk)
    assert html.count('id="paper-project-red-risks-r') == 25 and html.count('id="paper-project-open-issues-i') == 25
    assert owners[1].name in html
    assert len(many.captured_queries) == len(few.captured_queries)


# ------------------------------------------------------------------------------------------------------ the provider


def test_the_provider_gives_a_printable_paper_per_project_in_its_place(registers, project, draft_item):
    contributed = list(risk_papers([draft_item]))
    boarded = list(escalation.projects_boarded_by(draft_item.agenda.meeting.body))
    assert [p.title for p in contributed] == [f"Red risks and issues: {p.title}" for p in boarded]
    assert {(p.kind, p.order, p.fingerprint) for p in contributed} == {(KIND, Order.RISKS_AND_ISSUES, "")}
    assert all(p.printable for p in contributed)
    [ours] = [p for p in contributed if p.title == "Red risks and issues: Paper project"]
    assert ours.render() == render_risks_and_issues(draft_item.pk, project.pk)


def test_the_render_fetches_afresh(registers, project, draft_item):
    """A pack renders later, in a worker: the paper shows the registers then, not when the provider ran."""
    [ours] = [p for p in risk_papers([draft_item]) if p.title.endswith("Paper project")]
    risk(project, "R9", 5, 5)
    assert "Risk R9" in ours.render()


def test_the_provider_ignores_other_items(registers, draft_item):
    other = draft_item.agenda.items.exclude(standing=STANDING).first()
    assert list(risk_papers([other])) == []
