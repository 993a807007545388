"""Projects' papers in document packs: a highlight report, an exception report and the change requests awaiting the
Project Board's decision each render one fragment, the same one their screen page includes; the providers give each
paper its place in the pack, its renderer and, where the paper is frozen, a fingerprint."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import papers
from governance.models import Agenda, AgendaItem, Body, Meeting, StandingItem
from governance.papers import Order
from projects import paper_render, register_actions, report_actions
from projects.models import ChangeRequest, ChangeStatus, Tolerance
from projects.papers import change_request_papers, project_papers

FEB_1, FEB_28 = dt.date(2026, 2, 1), dt.date(2026, 2, 28)


@pytest.fixture
def leader(db):
    return get_user_model().objects.get(username="project.leader")


@pytest.fixture
def highlight(project, leader):
    """A published highlight report, on the Highlight report item of the board's next agenda."""
    report = report_actions.draft_report(project, FEB_1, FEB_28, leader)
    report.summary = "Fee modelling is under way."
    report.work_done = "Completed: Project plan (Project management)\nProgress: Fee modelling report, 0% → 40%"
    report.cost_rag, report.cost_comment = "amber", "Fee uplift not yet agreed."
    report_actions.save_report(report, leader)
    report = report_actions.publish_report(report, leader)
    assert report.agenda_item is not None
    return report


@pytest.fixture
def exception(project, leader):
    """A published exception report on the time tolerance, on its own item of the board's next agenda."""
    [report] = report_actions.set_forecast(Tolerance.objects.get(project=project, dimension="time"), 6, leader)
    report.cause = "The provider market engagement took six weeks longer than planned."
    report.recommendation = "Accept the delay and move the go-live milestone."
    report_actions.save_exception(report, leader)
    report = report_actions.publish_exception(report, leader)
    assert report.agenda_item is not None
    return report


def change_request(project, leader, title, status=ChangeStatus.FOR_DECISION, raised_on=dt.date(2026, 3, 2), **fields):
    change = ChangeRequest(
        project=project,
        title=title,
        description=f"Why: {title}.",
        status=status,
        raised_on=raised_on,
        **fields,
    )
    return register_actions.create_change_request(change, leader)


@pytest.fixture
def changes(project, leader):
    """Two change requests with the board (the later one raised first) and one only raised."""
    later = change_request(
        project,
        leader,
        "Extend the fee pilot",
        raised_on=dt.date(2026, 3, 9),
        impact_time="Two more weeks for the Finance work package.",
        impact_cost="£12,000 from contingency.",
        recommendation="Approve: the pilot needs a full quarter of data.",
    )
    earlier = change_request(
        project, leader, "Add a provider workshop", impact_scope="One more engagement event in phase 1."
    )
    raised = change_request(project, leader, "Not yet with the board", status=ChangeStatus.RAISED)
    return {"earlier": earlier, "later": later, "raised": raised}


def highlight_item(project):
    return report_actions._highlight_item(project, None)


def assert_is_a_fragment(html):
    """What a pack can print: no page title, no forms or scripts, nothing for one reader only."""
    assert html.strip()
    for absent in ("<h1", "<form", "hx-", "<script", "csrfmiddlewaretoken", "You marked", "style="):
        assert absent not in html, absent


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ------------------------------------------------------------------------------------------------ highlight reports


def test_the_highlight_report_paper_holds_the_report(highlight):
    html = paper_render.render_highlight_report(highlight.pk)
    assert_is_a_fragment(html)
    assert "Test redesign project" in html
    assert "1 February 2026 to 28 February 2026" in html
    assert "Completed: Project plan (Project management)<br>Progress: Fee modelling report, 0% → 40%" in html
    assert '<h2 class="govuk-heading-m">Work done this period</h2>' in html
    # A rating is a word as well as a colour.
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in html
    assert "Fee uplift not yet agreed." in html


def test_the_highlight_report_page_shows_the_same_fragment(highlight, as_persona):
    html = paper_render.render_highlight_report(highlight.pk)
    url = reverse("projects:report_detail", args=[highlight.pk])
    for persona in ("chair", "provider", "project_leader"):
        assert html in page(as_persona(persona), url)
    # What is for the reader alone stays outside the paper.
    assert "Mark as read" in page(as_persona("chair"), url)
    assert "Mark as read" not in html and "Questions and comments" not in html


def test_a_draft_highlight_report_page_shows_the_fragment_too(project, leader, as_persona):
    draft = report_actions.draft_report(project, FEB_1, FEB_28, leader)
    html = paper_render.render_highlight_report(draft.pk)
    assert "Not published: draft" in html
    assert html in page(as_persona("project_leader"), reverse("projects:report_detail", args=[draft.pk]))


# ------------------------------------------------------------------------------------------------ exception reports


def test_the_exception_report_paper_holds_the_report(exception):
    html = paper_render.render_exception_report(exception.pk)
    assert_is_a_fragment(html)
    assert "Time: forecast 6 of 4 weeks — forecast to exceed the tolerance" in html
    assert "The provider market engagement took six weeks longer than planned." in html
    assert "Accept the delay and move the go-live milestone." in html
    # Once published, an empty part says so instead of telling the author what to write.
    assert "Nothing was written." in html and "Not written yet" not in html


def test_the_exception_report_page_shows_the_same_fragment(exception, as_persona):
    html = paper_render.render_exception_report(exception.pk)
    url = reverse("projects:exception_detail", args=[exception.pk])
    for persona in ("councillor", "project_leader"):
        assert html in page(as_persona(persona), url)


def test_a_draft_exception_report_prompts_its_author_on_the_page_and_in_the_fragment(project, leader, as_persona):
    [draft] = report_actions.set_forecast(Tolerance.objects.get(project=project, dimension="time"), 6, leader)
    html = paper_render.render_exception_report(draft.pk)
    assert "Not written yet. " + report_actions.EXCEPTION_PROMPTS["options"] in html
    assert html in page(as_persona("project_leader"), reverse("projects:exception_detail", args=[draft.pk]))


# -------------------------------------------------------------------------------------------------- change requests


def test_the_change_requests_paper_holds_those_awaiting_the_board(project, changes):
    html = paper_render.render_change_requests(project.pk)
    assert_is_a_fragment(html)
    earlier, later = changes["earlier"], changes["later"]
    assert f"{earlier.reference}: Add a provider workshop" in html
    assert f"{later.reference}: Extend the fee pilot" in html
    assert html.index("Add a provider workshop") < html.index("Extend the fee pilot")  # oldest first
    assert "Two more weeks for the Finance work package." in html
    assert "£12,000 from contingency." in html
    assert "One more engagement event in phase 1." in html
    assert "Approve: the pilot needs a full quarter of data." in html
    for label in ("Impact on time", "Impact on cost", "Impact on quality", "Impact on scope", "Impact on benefits"):
        assert f'<dt class="govuk-summary-list__key">{label}</dt>' in html
    assert "2 change requests awaiting the Project Board’s decision." in html
    assert "Not yet with the board" not in html


def test_a_decided_change_request_leaves_the_paper(project, changes):
    ChangeRequest.objects.filter(pk=changes["later"].pk).update(status=ChangeStatus.APPROVED)
    html = paper_render.render_change_requests(project.pk)
    assert "Extend the fee pilot" not in html and "Add a provider workshop" in html


def test_the_change_requests_page_shows_the_same_fragment_for_each_project(project, changes, as_persona):
    item = highlight_item(project)
    html = paper_render.render_change_requests(project.pk)
    url = reverse("projects:change_requests_paper", args=[item.pk])
    for persona in ("chair", "project_executive", "admin_staff"):
        body = page(as_persona(persona), url)
        assert html in body
        assert 'id="change-requests-hcrc"' in body  # every project the body is the board of
        assert "<h1" in body  # the page has its title; the fragment has none


def test_the_change_requests_page_is_for_those_who_may_see_the_meeting(project, changes, as_persona):
    item = highlight_item(project)
    url = reverse("projects:change_requests_paper", args=[item.pk])
    for persona in ("provider", "councillor", "outsider"):
        assert as_persona(persona).get(url).status_code == 404
    assert as_persona("anonymous").get(url).status_code == 302
    assert as_persona("chair").post(url).status_code == 405


def test_the_change_requests_page_is_only_for_a_highlight_report_item(project, as_persona):
    item = highlight_item(project)
    other = item.agenda.items.exclude(standing=StandingItem.HIGHLIGHT_REPORT).first()
    client = as_persona("admin_staff")
    assert client.get(reverse("projects:change_requests_paper", args=[other.pk])).status_code == 404
    assert client.get(reverse("projects:change_requests_paper", args=[999999])).status_code == 404


def test_render_takes_the_same_queries_for_3_or_25_change_requests(project, leader):
    for n in range(3):
        change_request(project, leader, f"Change {n}", impact_risk="Lower")
    with CaptureQueriesContext(connection) as few:
        paper_render.render_change_requests(project.pk)
    for n in range(3, 25):
        change_request(project, leader, f"Change {n}", impact_risk="Lower")
    with CaptureQueriesContext(connection) as many:
        html = paper_render.render_change_requests(project.pk)
    assert html.count("<h3") == 25
    assert len(many.captured_queries) == len(few.captured_queries) <= 3


def test_the_reports_render_in_one_query_each(highlight, exception, django_assert_num_queries):
    with django_assert_num_queries(1):
        paper_render.render_highlight_report(highlight.pk)
    with django_assert_num_queries(1):
        paper_render.render_exception_report(exception.pk)


# ------------------------------------------------------------------------------------------------------ the providers


def test_the_providers_are_registered():
    assert project_papers in papers._providers and change_request_papers in papers._providers


def test_the_highlight_item_gets_its_report_then_the_change_requests(project, highlight, changes):
    item = highlight.agenda_item
    # As governance.papers.papers_for puts them (called here without the other apps' providers).
    ours = sorted([*project_papers([item]), *change_request_papers([item])], key=lambda p: p.order)
    assert [(p.kind, p.order) for p in ours] == [
        ("Highlight report", Order.HIGHLIGHT_REPORT),
        ("Change requests", Order.CHANGE_REQUESTS),
    ]
    report_paper, change_paper = ours
    assert all(p.printable for p in ours)
    assert report_paper.render() == paper_render.render_highlight_report(highlight.pk)
    assert report_paper.fingerprint == (
        f"highlight:{paper_render.FRAGMENT_VERSION}:{highlight.pk}:{highlight.published_at.isoformat()}:"
        "Test redesign project"
    )
    assert change_paper.title == "Change requests: Test redesign project"
    assert change_paper.url == reverse("projects:change_requests_paper", args=[item.pk])
    assert change_paper.render() == paper_render.render_change_requests(project.pk)
    assert change_paper.fingerprint == ""  # the requests change until the board decides them


def test_the_exception_report_paper_and_its_fingerprint(exception):
    item = exception.agenda_item
    [paper] = project_papers([item])
    assert (paper.kind, paper.order) == ("Exception report", Order.EXCEPTION_REPORT) and paper.printable
    before = paper.render()
    assert before == paper_render.render_exception_report(exception.pk)
    assert [p.fingerprint for p in project_papers([item])] == [paper.fingerprint]  # stable while nothing changes
    # The tolerance line is the tolerance as it stands: a new forecast changes the paper and its fingerprint.
    tolerance = exception.tolerance
    tolerance.forecast = 8
    tolerance.save()
    [again] = project_papers([item])
    assert again.fingerprint != paper.fingerprint
    assert "forecast 8 of 4 weeks" in again.render() and again.render() != before


def test_unpublished_reports_give_no_paper(project, leader):
    draft = report_actions.draft_report(project, FEB_1, FEB_28, leader)
    item = highlight_item(project)
    draft.agenda_item = item
    draft.save()
    assert [p for p in project_papers([item]) if p.kind == "Highlight report"] == []


def test_no_change_requests_paper_without_a_request_with_the_board(project, leader):
    item = highlight_item(project)
    assert list(change_request_papers([item])) == []
    change_request(project, leader, "Only raised", status=ChangeStatus.RAISED)
    assert list(change_request_papers([item])) == []
    change_request(project, leader, "With the board")
    [paper] = change_request_papers([item])
    assert paper.item_id == item.pk and paper.title == "Change requests: Test redesign project"


def test_the_change_requests_paper_is_only_on_a_project_boards_highlight_report_item(project, changes):
    item = highlight_item(project)
    issues_item = item.agenda.items.get(standing=StandingItem.ISSUES_AND_RED_RISKS)
    assert list(change_request_papers([issues_item])) == []
    # The Strategic Group governs the project too, but it is not its Project Board.
    meeting = Meeting.objects.filter(body=Body.objects.get(slug="strategic-group")).first()
    agenda = Agenda.objects.create(meeting=meeting, supplement=9)
    strategic_item = AgendaItem.objects.create(
        agenda=agenda, position=1, title="Highlight report", standing=StandingItem.HIGHLIGHT_REPORT
    )
    assert list(change_request_papers([strategic_item])) == []
    assert [p.item_id for p in change_request_papers([item, issues_item, strategic_item])] == [item.pk]
