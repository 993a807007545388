"""The risk and issue registers: pages, filters, sorting, pagination, trend arrows, stale warnings, the in-place edit
with lost-update protection, create and edit pages, risk actions, the heat map page, the matrix page, access, and a
query count that does not grow with the number of risks."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance.models import Body, Person
from projects.models import GoverningBody, GoverningRole, Project, Workstream
from risks import register_actions as actions
from risks.models import Issue, Risk, RiskAction, RiskMatrix

User = get_user_model()


# ----------------------------------------------------------------------------------------------------------- helpers


@pytest.fixture
def hcrc(db):
    return Project.objects.get(slug="hcrc")


@pytest.fixture
def leader(db):
    return User.objects.get(username="project.leader")


@pytest.fixture
def fresh(db):
    """A project of our own with no risks, governed like HCRC (so the same personas see it)."""
    project = Project.objects.create(title="Register test project", slug="register-test", reference="RT1")
    for role, slug in (
        (GoverningRole.PROJECT_BOARD, "project-board"),
        (GoverningRole.STRATEGIC_GROUP, "strategic-group"),
        (GoverningRole.PROJECT_TEAM, "project-team"),
    ):
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug=slug), role=role)
    return project


def person(name):
    return Person.objects.get(name=name)


def make_risk(project, reference, **fields):
    values = {
        "title": f"Risk {reference}",
        "event": "Something happens.",
        "category": "operational",
        "raised_on": dt.date(2026, 1, 5),
        "inherent_likelihood": 3,
        "inherent_impact": 3,
        "residual_likelihood": 2,
        "residual_impact": 3,
        "response": "reduce",
        "owner": person("Jason Lane"),
    }
    values.update(fields)
    risk = Risk(project=project, reference=reference, **values)
    risk.full_clean()
    risk.save()
    return risk


def risk(project, reference):
    return Risk.objects.get(project=project, reference=reference)


def register(client, project, query=""):
    return client.get(reverse("risks:risk_register", args=[project.slug]) + query)


def references(html):
    """The risk references in register order."""
    return re.findall(
        r'<tr class="govuk-table__row" id="risk-\d+">\s*<td class="govuk-table__cell"><a [^>]*>(\w+)</a>', html
    )


def issue_references(html):
    return re.findall(r'<tr class="govuk-table__row" id="issue-\d+">\s*<td class="govuk-table__cell">(\w+)</td>', html)


def row_html(html, r):
    match = re.search(rf'<tr class="govuk-table__row" id="risk-{r.pk}">.*?</tr>', html, re.S)
    return match.group(0) if match else ""


def row_data(r, **changes):
    data = {
        "residual_likelihood": r.residual_likelihood,
        "residual_impact": r.residual_impact,
        "status": r.status,
        "owner": r.owner_id or "",
        "review_date": r.review_date or "",
        "version": r.version,
        "in_row": "1",
    }
    data.update(changes)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def full_data(r, **changes):
    data = {
        "title": r.title,
        "kind": r.kind,
        "category": r.category,
        "workstream": r.workstream_id or "",
        "deliverable": r.deliverable_id or "",
        "cause": r.cause,
        "event": r.event,
        "effect": r.effect,
        "owner": r.owner_id or "",
        "actionee": r.actionee_id or "",
        "raised_by": r.raised_by_id or "",
        "raised_on": r.raised_on,
        "inherent_likelihood": r.inherent_likelihood,
        "inherent_impact": r.inherent_impact,
        "residual_likelihood": r.residual_likelihood,
        "residual_impact": r.residual_impact,
        "response": r.response,
        "contingency": r.contingency,
        "proximity": r.proximity,
        "status": r.status,
        "review_date": r.review_date or "",
        "version": r.version,
    }
    data.update(changes)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def issue_data(issue, **changes):
    data = {
        "issue_type": issue.issue_type,
        "title": issue.title,
        "description": issue.description,
        "raised_by": issue.raised_by_id or "",
        "raised_on": issue.raised_on,
        "priority": issue.priority,
        "severity": issue.severity,
        "owner": issue.owner_id or "",
        "status": issue.status,
        "resolution": issue.resolution,
        "closed_on": issue.closed_on or "",
        "change_request": issue.change_request_id or "",
        "version": issue.version,
    }
    data.update(changes)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def change_residual(r, likelihood, impact, by, **other):
    r = Risk.objects.get(pk=r.pk)
    r.residual_likelihood, r.residual_impact = likelihood, impact
    for name, value in other.items():
        setattr(r, name, value)
    return actions.save_risk(r, r.version, by)


# ------------------------------------------------------------------------------------------------------ the register


@pytest.mark.django_db
def test_the_register_lists_every_risk_with_scores_rag_words_owner_response_and_status(as_persona, hcrc):
    html = register(as_persona("councillor"), hcrc).content.decode()
    assert references(html) == ["R001", "R005", "R002", "R003", "R004"]  # worst residual first
    r1 = row_html(html, risk(hcrc, "R001"))
    assert "Capacity gaps in parts of the city" in r1
    assert ">16 Red</strong>" in r1  # a word with the colour, not colour alone
    assert "Jason Lane" in r1 and "Reduce" in r1 and "Open" in r1 and "→ same" in r1
    r5 = row_html(html, risk(hcrc, "R005"))
    assert ">20 Red</strong>" in r5 and ">16 Red</strong>" in r5  # inherent and residual
    assert ">9 Amber</strong>" in row_html(html, risk(hcrc, "R004"))
    assert "Change<span" not in html  # a board member reads the register; only the project leader changes it
    assert "Raise a risk" not in html


@pytest.mark.django_db
def test_the_project_leader_sees_change_links_and_can_raise_a_risk(as_persona, hcrc):
    html = register(as_persona("project_leader"), hcrc).content.decode()
    r1 = risk(hcrc, "R001")
    edit = reverse("risks:risk_edit", args=[hcrc.slug, r1.pk])
    assert f'hx-get="{edit}"' in html and f'href="{edit}"' in html and 'hx-target="closest tr"' in html
    assert reverse("risks:risk_new", args=[hcrc.slug]) in html


# ----------------------------------------------------------------------------------------------------------- filters


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("?rag=red", ["R001", "R005"]),
        ("?rag=amber", ["R002", "R003", "R004"]),
        ("?rag=green", []),
        ("?category=legal", ["R004"]),
        ("?kind=threat", ["R001", "R005", "R002", "R003", "R004"]),
        ("?kind=opportunity", []),
        ("?status=open&rag=red", ["R001", "R005"]),
        ("?status=closed", []),
        ("?q=living+wage", ["R005"]),  # the event
        ("?q=spot+contracting", ["R001"]),  # the effect
        ("?q=demography", ["R002"]),  # the cause
        ("?q=framework+agreement", ["R004"]),  # the title
        ("?q=R003", ["R003"]),  # the reference
        ("?residual_likelihood=4&residual_impact=4", ["R001", "R005"]),
        ("?inherent_likelihood=5&inherent_impact=3", ["R004"]),
        ("?overdue=yes", []),
        ("?overdue=no", ["R001", "R005", "R002", "R003", "R004"]),
        ("?rag=&q=", ["R001", "R005", "R002", "R003", "R004"]),
    ],
)
def test_risk_filters(as_persona, hcrc, query, expected):
    response = register(as_persona("councillor"), hcrc, query)
    assert response.status_code == 200
    assert references(response.content.decode()) == expected


@pytest.mark.django_db
def test_risk_filters_by_owner_workstream_and_review_overdue(as_persona, hcrc, leader):
    stream = Workstream.objects.filter(project=hcrc).first()
    change_residual(risk(hcrc, "R002"), 4, 3, leader, workstream=stream)
    change_residual(risk(hcrc, "R003"), 3, 4, leader, review_date=timezone.localdate() - dt.timedelta(days=1))
    change_residual(risk(hcrc, "R004"), 3, 3, leader, review_date=timezone.localdate() + dt.timedelta(days=10))
    client = as_persona("councillor")
    assert references(register(client, hcrc, f"?owner={person('Cheryl Ward').pk}").content.decode()) == ["R005"]
    assert references(register(client, hcrc, f"?workstream={stream.pk}").content.decode()) == ["R002"]
    assert references(register(client, hcrc, "?overdue=yes").content.decode()) == ["R003"]
    assert "R003" not in references(register(client, hcrc, "?overdue=no").content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,message",
    [
        ("?rag=purple", "Choose a RAG from the list."),
        ("?status=pending", "Choose a status from the list."),
        ("?overdue=maybe", "Choose ‘Review overdue’ or ‘Review not overdue’ from the list."),
        ("?owner=999999", "Choose an owner from the list."),
        ("?owner=abc", "Choose an owner from the list."),
        ("?workstream=999999", "Choose a work-stream from the list."),
        ("?residual_likelihood=9", "Choose a residual likelihood from the list."),
        ("?inherent_impact=x", "Choose an inherent impact from the list."),
        ("?q=" + "x" * 201, "at most 200 characters"),
    ],
)
def test_invalid_filter_input_is_shown_and_no_rows_are_listed(as_persona, hcrc, query, message):
    response = register(as_persona("councillor"), hcrc, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "No risks are shown until the filters are corrected." in html
    assert references(html) == []
    assert "<title>Error: " in html


@pytest.mark.django_db
def test_an_owner_from_another_project_is_not_a_choice(as_persona, hcrc):
    # Only people who own a risk in this project are offered; anyone else is refused, not silently ignored.
    html = register(as_persona("councillor"), hcrc, f"?owner={person('Mick Ward').pk}").content.decode()
    assert "Choose an owner from the list." in html


# ----------------------------------------------------------------------------------------------------------- sorting


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sort,expected",
    [
        ("reference", ["R001", "R002", "R003", "R004", "R005"]),
        ("-reference", ["R005", "R004", "R003", "R002", "R001"]),
        ("score", ["R004", "R002", "R003", "R001", "R005"]),
        ("-score", ["R005", "R001", "R002", "R003", "R004"]),  # ties in reference order
        ("owner", ["R005", "R002", "R001", "R004", "R003"]),  # Cheryl, Gill, Jason, Mark, Tony
        ("-owner", ["R003", "R004", "R001", "R002", "R005"]),
    ],
)
def test_sorting(as_persona, hcrc, sort, expected):
    html = register(as_persona("councillor"), hcrc, f"?sort={sort}").content.decode()
    assert references(html) == expected
    assert "cannot be sorted" not in html


@pytest.mark.django_db
def test_sorting_by_review_date_puts_the_earliest_first(as_persona, hcrc, leader):
    today = timezone.localdate()
    change_residual(risk(hcrc, "R004"), 3, 3, leader, review_date=today + dt.timedelta(days=1))
    change_residual(risk(hcrc, "R002"), 4, 3, leader, review_date=today + dt.timedelta(days=5))
    order = references(register(as_persona("councillor"), hcrc, "?sort=review").content.decode())
    assert order[:2] == ["R004", "R002"]
    order = references(register(as_persona("councillor"), hcrc, "?sort=-review").content.decode())
    assert order.index("R002") < order.index("R004")


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["abc", "title;drop", "-", "--score", "reference,score"])
def test_an_unknown_sort_is_shown_as_an_error_and_no_rows_are_listed(as_persona, hcrc, sort):
    response = register(as_persona("councillor"), hcrc, f"?sort={sort}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "<title>Error: " in html
    assert f"The register cannot be sorted by “{sort}”. Sort it by reference, score, review date or owner." in html
    assert "No risks are shown until the filters are corrected." in html
    assert references(html) == []
    assert 'name="sort"' not in html  # applying the filters does not send the unknown sort again


@pytest.mark.django_db
def test_a_long_unknown_sort_is_shortened_in_the_message(as_persona, hcrc):
    html = register(as_persona("councillor"), hcrc, "?sort=" + "x" * 500).content.decode()
    assert f"The register cannot be sorted by “{'x' * 40}”." in html


@pytest.mark.django_db
def test_sort_links_toggle_and_keep_the_filters(as_persona, hcrc):
    html = register(as_persona("councillor"), hcrc, "?rag=amber&sort=reference").content.decode()
    assert 'href="?rag=amber&amp;sort=-reference"' in html  # the current column toggles
    assert 'href="?rag=amber&amp;sort=score"' in html
    assert 'aria-sort="ascending"' in html
    assert '<input type="hidden" name="sort" value="reference">' in html  # applying filters keeps the sort


# -------------------------------------------------------------------------------------------------------- pagination


@pytest.mark.django_db
def test_pagination_keeps_the_filters_and_sort(as_persona, fresh):
    for n in range(1, 31):
        make_risk(fresh, f"R{n:03d}", category="financial" if n % 10 else "legal")
    client = as_persona("councillor")
    html = register(client, fresh, "?category=financial&sort=-reference").content.decode()
    assert len(references(html)) == 25 and references(html)[0] == "R029"
    assert "Showing 1 to 25 of 27 risks" in html
    assert 'href="?category=financial&amp;sort=-reference&amp;page=2"' in html
    html = register(client, fresh, "?category=financial&sort=-reference&page=2").content.decode()
    assert references(html) == ["R002", "R001"]
    assert 'href="?category=financial&amp;sort=-reference&amp;page=1"' in html


@pytest.mark.django_db
def test_a_page_past_the_end_shows_the_last_page(as_persona, fresh):
    for n in range(1, 28):
        make_risk(fresh, f"R{n:03d}")
    html = register(as_persona("councillor"), fresh, "?sort=reference&page=99").content.decode()
    assert references(html) == ["R026", "R027"]


# ------------------------------------------------------------------------------------------------------------ trends


@pytest.mark.django_db
def test_trend_arrows_come_from_the_residual_score_history(as_persona, hcrc, leader):
    change_residual(risk(hcrc, "R004"), 4, 3, leader)  # 9 -> 12: worse
    change_residual(risk(hcrc, "R002"), 2, 3, leader)  # 12 -> 6: better
    r3 = risk(hcrc, "R003")
    change_residual(r3, 4, 4, leader)  # 12 -> 16
    change_residual(r3, 4, 4, leader, owner=person("Cheryl Ward"))  # no change of score: still "worse" from 12
    html = register(as_persona("councillor"), hcrc).content.decode()
    assert "↑ worse" in row_html(html, risk(hcrc, "R004")) and "was 9" in row_html(html, risk(hcrc, "R004"))
    assert "↓ better" in row_html(html, risk(hcrc, "R002")) and "was 12" in row_html(html, risk(hcrc, "R002"))
    assert "↑ worse" in row_html(html, r3) and "was 12" in row_html(html, r3)
    assert "→ same" in row_html(html, risk(hcrc, "R001"))  # never changed


@pytest.mark.django_db
def test_a_score_that_returns_to_an_earlier_value_compares_with_the_last_different_one(as_persona, hcrc, leader):
    r4 = risk(hcrc, "R004")
    change_residual(r4, 4, 3, leader)  # 9 -> 12
    change_residual(r4, 3, 3, leader)  # 12 -> 9
    html = register(as_persona("councillor"), hcrc).content.decode()
    assert "↓ better" in row_html(html, r4) and "was 12" in row_html(html, r4)


@pytest.mark.django_db
def test_a_rising_opportunity_is_better(as_persona, fresh, leader):
    chance = make_risk(fresh, "R001", kind="opportunity", response="exploit")
    change_residual(chance, 4, 4, leader)
    assert "↑ better" in row_html(register(as_persona("councillor"), fresh).content.decode(), chance)


# ---------------------------------------------------------------------------------------------------- stale warnings


@pytest.mark.django_db
def test_stale_entries_are_flagged(as_persona, fresh):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    overdue = make_risk(fresh, "R001", review_date=yesterday)
    orphan = make_risk(fresh, "R002", owner=None)
    idle = make_risk(fresh, "R003", response="")
    red = make_risk(fresh, "R004", residual_likelihood=4, residual_impact=4)
    acted = make_risk(fresh, "R005", residual_likelihood=5, residual_impact=5)
    RiskAction.objects.create(risk=acted, description="Do something")
    fine = make_risk(fresh, "R006", review_date=timezone.localdate())
    closed = make_risk(fresh, "R007", owner=None, response="", review_date=yesterday, status="closed")
    html = register(as_persona("councillor"), fresh).content.decode()
    assert "Review overdue" in row_html(html, overdue)
    assert "No owner" in row_html(html, orphan)
    assert "No response" in row_html(html, idle)
    assert "Red with no open action" in row_html(html, red)
    assert "Red with no open action" not in row_html(html, acted)
    assert "Warning" not in row_html(html, fine)
    assert "Warning" not in row_html(html, closed)  # a closed risk is not stale
    assert "Above appetite" in row_html(html, red)
    RiskAction.objects.filter(risk=acted).update(done=True)
    html = register(as_persona("councillor"), fresh).content.decode()
    assert "Red with no open action" in row_html(html, acted)


# --------------------------------------------------------------------------------------------- the in-place edit


@pytest.mark.django_db
def test_a_risk_is_edited_in_place_and_re_scored(as_persona, hcrc):
    r4 = risk(hcrc, "R004")
    client = as_persona("project_leader")
    url = reverse("risks:risk_edit", args=[hcrc.slug, r4.pk])
    form_row = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert form_row.lstrip().startswith("<tr") and 'name="residual_likelihood"' in form_row
    assert 'name="title"' not in form_row and 'name="version" value="1"' in form_row
    # The Change link the user followed is gone: the first field takes the focus, and the Change link takes it back.
    assert re.search(r'<select name="residual_likelihood"[^>]* autofocus', form_row)
    assert form_row.count("autofocus") == 1
    row = client.post(url, row_data(r4, residual_likelihood=5, residual_impact=4), HTTP_HX_REQUEST="true").content
    row = row.decode()
    assert row.lstrip().startswith("<tr") and ">20 Red</strong>" in row and "↑ worse" in row and "was 9" in row
    assert re.search(r'hx-swap="outerHTML" autofocus>Change<', row)
    assert "autofocus" not in register(client, hcrc).content.decode()  # the page itself takes no focus
    r4.refresh_from_db()
    assert (r4.residual_score, r4.residual_rag, r4.version) == (20, "red", 2)
    record = r4.history.first()
    assert record.history_user.username == "project.leader"
    assert record.history_change_reason == "Changed on the risk register"


@pytest.mark.django_db
def test_the_row_cancel_link_gives_back_the_row(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    html = as_persona("councillor").get(reverse("risks:risk_row", args=[hcrc.slug, r1.pk])).content.decode()
    assert html.lstrip().startswith('<tr class="govuk-table__row" id="risk-') and "R001" in html
    assert "Change<span" not in html


@pytest.mark.django_db
def test_the_same_row_edit_works_without_javascript(as_persona, hcrc):
    r2 = risk(hcrc, "R002")
    response = as_persona("project_leader").post(
        reverse("risks:risk_edit", args=[hcrc.slug, r2.pk]), row_data(r2, status="closed", owner="")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("risks:risk_register", args=[hcrc.slug]) + f"#risk-{r2.pk}"
    r2.refresh_from_db()
    assert (r2.status, r2.owner, r2.version) == ("closed", None, 2)


@pytest.mark.django_db
def test_a_stale_row_edit_is_refused_showing_the_other_change_and_keeping_mine(as_persona, hcrc, leader):
    r3 = risk(hcrc, "R003")
    mine = row_data(r3, residual_likelihood=1)  # built from version 1
    change_residual(r3, 2, 5, leader)  # someone else saves first: both likelihood (as I do) and impact
    client = as_persona("project_leader")
    url = reverse("risks:risk_edit", args=[hcrc.slug, r3.pk])
    response = client.post(url, mine, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "changed by someone else" in html
    assert "Residual impact 4 → 5" in html  # what they changed
    assert '<option value="1" selected>1 – Rare</option>' in html  # my value is still in the form
    assert 'name="version" value="2"' in html  # the save from this page is checked against version 2
    r3.refresh_from_db()
    assert (r3.residual_likelihood, r3.residual_impact, r3.version) == (2, 5, 2)
    # Choosing mine for the likelihood keeps their impact.
    data = {**response.context["form"].data.dict(), "merge_pick_residual_likelihood": "yours"}
    client.post(url, data, HTTP_HX_REQUEST="true")
    r3.refresh_from_db()
    assert (r3.residual_likelihood, r3.residual_impact, r3.version) == (1, 5, 3)


@pytest.mark.django_db
def test_a_stale_full_edit_is_refused_too(as_persona, hcrc, leader):
    r1 = risk(hcrc, "R001")
    mine = full_data(r1, title="My new title")
    change_residual(r1, 4, 4, leader, title="Their title")
    html = as_persona("project_leader").post(reverse("risks:risk_edit", args=[hcrc.slug, r1.pk]), mine).content
    html = html.decode()
    assert "changed by someone else" in html and "Their title" in html and 'value="My new title"' in html
    r1.refresh_from_db()
    assert r1.title == "Their title"


@pytest.mark.django_db
def test_save_risk_refuses_a_missing_or_old_version(hcrc, leader):
    r1 = risk(hcrc, "R001")
    with pytest.raises(actions.StaleEntry):
        actions.save_risk(Risk.objects.get(pk=r1.pk), None, leader)
    actions.save_risk(Risk.objects.get(pk=r1.pk), 1, leader)
    with pytest.raises(actions.StaleEntry) as refused:
        actions.save_risk(Risk.objects.get(pk=r1.pk), 1, leader)
    assert refused.value.stored.version == 2 and "R001" in str(refused.value)


@pytest.mark.django_db
def test_invalid_row_input_is_explained_and_nothing_is_saved(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    html = (
        as_persona("project_leader")
        .post(
            reverse("risks:risk_edit", args=[hcrc.slug, r1.pk]),
            row_data(r1, residual_likelihood=6, review_date="31/02/2026"),
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "Choose the likelihood from 1 to 5." in html
    assert "Enter the review date as a real date" in html
    r1.refresh_from_db()
    assert (r1.residual_likelihood, r1.version) == (4, 1)


# ------------------------------------------------------------------------------------------------ full edit and new


@pytest.mark.django_db
def test_the_edit_page_shows_the_scores_and_history(as_persona, hcrc, leader):
    r2 = risk(hcrc, "R002")
    change_residual(r2, 2, 3, leader)
    html = as_persona("project_leader").get(reverse("risks:risk_edit", args=[hcrc.slug, r2.pk])).content.decode()
    assert 'name="title"' in html and 'name="inherent_likelihood"' in html and 'name="version" value="2"' in html
    assert 'name="inherent_score"' not in html and 'name="residual_rag"' not in html
    assert 'id="history"' in html and "Residual likelihood" in html and "4 → 2" in html
    assert "Loaded by seed_demo" in html


@pytest.mark.django_db
def test_a_response_must_suit_the_kind_of_risk(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    html = (
        as_persona("project_leader")
        .post(reverse("risks:risk_edit", args=[hcrc.slug, r1.pk]), full_data(r1, response="enhance"))
        .content.decode()
    )
    assert "“Enhance” is not a response to a threat." in html
    html = (
        as_persona("project_leader")
        .post(reverse("risks:risk_edit", args=[hcrc.slug, r1.pk]), full_data(r1, kind="opportunity", response="avoid"))
        .content.decode()
    )
    assert "“Avoid” is not a response to an opportunity." in html
    r1.refresh_from_db()
    assert (r1.kind, r1.response, r1.version) == ("threat", "reduce", 1)


@pytest.mark.django_db
def test_scores_are_never_typed(as_persona, hcrc):
    r4 = risk(hcrc, "R004")
    data = full_data(
        r4,
        inherent_likelihood=2,
        inherent_impact=2,
        inherent_score=25,
        inherent_rag="red",
        residual_score=1,
        residual_rag="green",
    )
    response = as_persona("project_leader").post(reverse("risks:risk_edit", args=[hcrc.slug, r4.pk]), data)
    assert response.status_code == 302
    r4.refresh_from_db()
    assert (r4.inherent_score, r4.inherent_rag) == (4, "green")  # from the levels, not the posted score
    assert (r4.residual_score, r4.residual_rag) == (9, "amber")


@pytest.mark.django_db
def test_a_new_risk_is_numbered_after_the_last_and_scored(as_persona, hcrc):
    client = as_persona("project_leader")
    url = reverse("risks:risk_new", args=[hcrc.slug])
    form = client.get(url).content.decode()
    assert 'name="version"' not in form and "Raise a risk" in form
    response = client.post(
        url,
        {
            "title": "Providers exit the market",
            "kind": "threat",
            "category": "market",
            "event": "Several providers leave Leeds.",
            "raised_on": "2026-03-02",
            "inherent_likelihood": 3,
            "inherent_impact": 5,
            "residual_likelihood": 2,
            "residual_impact": 5,
            "response": "reduce",
            "status": "open",
            "residual_score": 1,
        },
    )
    assert response.status_code == 302
    new = Risk.objects.get(project=hcrc, title="Providers exit the market")
    assert new.reference == "R006" and new.version == 1
    assert (new.inherent_score, new.inherent_rag, new.residual_score, new.residual_rag) == (15, "red", 10, "amber")
    assert response["Location"] == reverse("risks:risk_detail", args=[hcrc.slug, new.pk])
    assert new.history.first().history_user.username == "project.leader"


@pytest.mark.django_db
def test_a_new_risk_with_missing_or_wrong_input_is_explained(as_persona, hcrc):
    html = (
        as_persona("project_leader")
        .post(
            reverse("risks:risk_new", args=[hcrc.slug]),
            {
                "title": "Half a risk",
                "kind": "threat",
                "response": "exploit",
                "raised_on": "2026-03-02",
                "status": "open",
            },
        )
        .content.decode()
    )
    for message in (
        "Describe the event: what might happen.",
        "Choose a category.",
        "Choose the inherent likelihood.",
        "Choose the residual impact.",
    ):
        assert message in html
    assert 'value="Half a risk"' in html  # nothing typed is lost
    assert Risk.objects.filter(project=hcrc).count() == 5


@pytest.mark.django_db
def test_references_are_numbered_per_project(hcrc, fresh, leader):
    assert actions.next_reference(hcrc, Risk, "R") == "R006"
    assert actions.next_reference(hcrc, Issue, "I") == "I003"
    assert actions.next_reference(fresh, Risk, "R") == "R001"
    make_risk(fresh, "R009")
    make_risk(fresh, "Legacy-1")
    assert actions.next_reference(fresh, Risk, "R") == "R010"
    assert actions.next_reference(Project.objects.get(slug="community-wellbeing-model"), Risk, "R") == "R002"


@pytest.mark.django_db
def test_the_detail_page_shows_the_risk_its_actions_and_history(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    RiskAction.objects.create(risk=r1, description="Map capacity by ward", owner=person("Jason Lane"))
    html = as_persona("councillor").get(reverse("risks:risk_detail", args=[hcrc.slug, r1.pk])).content.decode()
    assert "Capacity gaps in parts of the city" in html and "spot contracting" in html
    assert "Map capacity by ward" in html and 'id="history"' in html
    assert "Add an action" not in html and "Mark done" not in html


# ------------------------------------------------------------------------------------------------------ risk actions


@pytest.mark.django_db
def test_the_project_leader_adds_an_action_and_marks_it_done(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    client = as_persona("project_leader")
    response = client.post(
        reverse("risks:risk_action_new", args=[hcrc.slug, r1.pk]),
        {
            "description": "Commission capacity in the outer wards",
            "owner": person("Jason Lane").pk,
            "due_on": "2026-06-30",
        },
    )
    assert response.status_code == 302
    action = RiskAction.objects.get(risk=r1)
    assert (action.owner.name, action.due_on, action.done) == ("Jason Lane", dt.date(2026, 6, 30), False)
    assert action.history.first().history_user.username == "project.leader"
    assert "Red with no open action" not in row_html(register(client, hcrc).content.decode(), r1)
    response = client.post(reverse("risks:risk_action_done", args=[hcrc.slug, r1.pk, action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done
    assert "Red with no open action" in row_html(register(client, hcrc).content.decode(), r1)
    # Done twice is refused with a message, not an error page.
    response = client.post(reverse("risks:risk_action_done", args=[hcrc.slug, r1.pk, action.pk]), follow=True)
    assert "That action is already done." in response.content.decode()


@pytest.mark.django_db
def test_an_action_with_bad_input_is_explained_on_the_risk_page(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    response = as_persona("project_leader").post(
        reverse("risks:risk_action_new", args=[hcrc.slug, r1.pk]), {"description": "", "due_on": "soon"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Describe the action." in html and "Enter the due date as a real date" in html
    assert not RiskAction.objects.filter(risk=r1).exists()


@pytest.mark.django_db
def test_an_action_belongs_to_its_risk(as_persona, hcrc):
    r1, r2 = risk(hcrc, "R001"), risk(hcrc, "R002")
    action = RiskAction.objects.create(risk=r2, description="Other")
    url = reverse("risks:risk_action_done", args=[hcrc.slug, r1.pk, action.pk])
    assert as_persona("project_leader").post(url).status_code == 404


# ------------------------------------------------------------------------------------------------------------ issues


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("", ["I001", "I002"]),
        ("?priority=high", ["I001"]),
        ("?severity=executive", ["I002"]),
        ("?issue_type=problem", ["I001", "I002"]),
        ("?issue_type=rfc", []),
        ("?status=closed", []),
        ("?q=call+off", ["I001"]),
        ("?sort=-reference", ["I002", "I001"]),
        ("?sort=priority", ["I001", "I002"]),
        ("?sort=-priority", ["I002", "I001"]),
    ],
)
def test_the_issue_register_filters_and_sorts(as_persona, hcrc, query, expected):
    html = as_persona("provider").get(reverse("risks:issue_register", args=[hcrc.slug]) + query).content.decode()
    assert issue_references(html) == expected


@pytest.mark.django_db
def test_the_issue_register_filters_by_owner_and_reports_bad_input(as_persona, hcrc):
    client = as_persona("provider")
    url = reverse("risks:issue_register", args=[hcrc.slug])
    html = client.get(f"{url}?owner={person('Mark Phillott').pk}").content.decode()
    assert issue_references(html) == ["I002"]
    html = client.get(f"{url}?priority=urgent&sort=colour").content.decode()
    assert "Choose a priority from the list." in html and "No issues are shown until" in html
    assert issue_references(html) == []
    assert "cannot be sorted by “colour”" in html


@pytest.mark.django_db
def test_an_unknown_issue_sort_is_shown_as_an_error(as_persona, hcrc):
    client = as_persona("provider")
    url = reverse("risks:issue_register", args=[hcrc.slug])
    response = client.get(f"{url}?sort=abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "<title>Error: " in html
    assert "The register cannot be sorted by “abc”. Sort it by reference, priority, date raised or owner." in html
    assert "No issues are shown until the filters are corrected." in html
    assert issue_references(html) == []
    html = client.get(f"{url}?sort=-reference").content.decode()
    assert "There is a problem" not in html and issue_references(html) == ["I002", "I001"]


@pytest.mark.django_db
def test_an_issue_is_logged_and_numbered(as_persona, hcrc):
    client = as_persona("project_leader")
    response = client.post(
        reverse("risks:issue_new", args=[hcrc.slug]),
        {
            "issue_type": "rfc",
            "title": "Extend the go-live",
            "description": "Providers ask for a later go-live.",
            "raised_on": "2026-03-02",
            "priority": "medium",
            "severity": "board",
            "status": "open",
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get(project=hcrc, title="Extend the go-live")
    assert (issue.reference, issue.version) == ("I003", 1)


@pytest.mark.django_db
def test_an_issue_is_closed_only_with_its_resolution_and_stale_edits_are_merged(as_persona, hcrc, leader):
    i1 = Issue.objects.get(project=hcrc, reference="I001")
    client = as_persona("project_leader")
    url = reverse("risks:issue_edit", args=[hcrc.slug, i1.pk])
    html = client.post(url, issue_data(i1, status="closed")).content.decode()
    assert "Give the date the issue was closed." in html and "Say how the issue was resolved." in html
    mine = issue_data(i1, status="closed", closed_on="2026-03-02", resolution="New zones agreed.")
    theirs = Issue.objects.get(pk=i1.pk)
    theirs.priority = "low"
    actions.save_issue(theirs, 1, leader)
    # Their change of priority and my closing touch different fields: both are kept.
    response = client.post(url, mine)
    assert response.status_code == 302
    i1.refresh_from_db()
    assert (i1.status, i1.resolution, i1.priority, i1.version, i1.status_on) == (
        "closed",
        "New zones agreed.",
        "low",
        3,
        timezone.localdate(),
    )
    edit_page = client.get(url).content.decode()
    assert 'id="history"' in edit_page and "New zones agreed." in edit_page


# ---------------------------------------------------------------------------------------------------------- heat map


@pytest.mark.django_db
def test_the_heat_map_page_counts_open_risks_and_links_each_cell(as_persona, hcrc, leader):
    change_residual(risk(hcrc, "R003"), 3, 4, leader, status="closed")  # closed: not counted
    client = as_persona("service_user")
    html = client.get(reverse("risks:heatmap", args=[hcrc.slug])).content.decode()
    assert html.count("<svg") >= 2 and 'id="heatmap-residual"' in html and 'id="heatmap-inherent"' in html
    assert "4 open risks" in html
    base = reverse("risks:risk_register", args=[hcrc.slug])
    cell = f"{base}?status=open&amp;residual_likelihood=4&amp;residual_impact=4"
    assert f'href="{cell}"' in html
    assert f'href="{base}?status=open&amp;inherent_likelihood=4&amp;inherent_impact=4"' in html
    # The table repeats the counts for those who cannot use the picture.
    assert f'<a class="govuk-link" href="{cell}">2 open risks</a>' in html
    # The cell's link lists exactly the risks it counts.
    listed = references(register(client, hcrc, "?status=open&residual_likelihood=4&residual_impact=4").content.decode())
    assert listed == ["R001", "R005"]
    assert "style=" not in html.split("<main", 1)[1]


# ------------------------------------------------------------------------------------------------------------ matrix


def matrix_data(row, **changes):
    from governance import history

    data = {
        "likelihood_labels": row.likelihood_labels,
        "impact_labels": row.impact_labels,
        "green_up_to": row.green_up_to,
        "amber_up_to": row.amber_up_to,
        "appetite": row.appetite,
        "edit_token": history.edit_token(row),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_members_read_the_matrix_and_only_the_project_leader_changes_it(as_persona, hcrc):
    url = reverse("risks:matrix", args=[hcrc.slug])
    html = as_persona("councillor").get(url).content.decode()
    assert "Scores 1 to 4" in html and "Scores 13 to 25" in html and "Almost certain" in html
    assert '<form method="post"' not in html.split("<main", 1)[1]
    row = RiskMatrix.objects.get(project=hcrc)
    assert as_persona("councillor").post(url, matrix_data(row, amber_up_to=16)).status_code == 403
    assert as_persona("outsider").get(url).status_code == 404
    assert 'name="green_up_to"' in as_persona("project_leader").get(url).content.decode()
    row.refresh_from_db()
    assert row.amber_up_to == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes,message",
    [
        ({"green_up_to": 12, "amber_up_to": 8}, "The band 13-8 runs backwards."),
        ({"amber_up_to": 25}, "The band 26-25 runs backwards."),
        ({"likelihood_labels": "Low, Medium, High"}, "Give 5 likelihood and 5 impact labels."),
        ({"impact_labels": "a, , c, d, e"}, "Give every level a label"),
        ({"appetite": 30}, "The appetite must be a score from 1 to 25."),
        ({"green_up_to": "four"}, "Enter a whole number."),
    ],
)
def test_bad_matrix_settings_are_explained_and_nothing_changes(as_persona, hcrc, changes, message):
    row = RiskMatrix.objects.get(project=hcrc)
    response = as_persona("project_leader").post(reverse("risks:matrix", args=[hcrc.slug]), matrix_data(row, **changes))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and message in html
    row.refresh_from_db()
    assert (row.green_up_to, row.amber_up_to, row.appetite) == (4, 12, 12)
    assert risk(hcrc, "R001").version == 1


@pytest.mark.django_db
def test_saving_the_matrix_re_scores_the_risks_with_history(as_persona, hcrc):
    row = RiskMatrix.objects.get(project=hcrc)
    client = as_persona("project_leader")
    response = client.post(
        reverse("risks:matrix", args=[hcrc.slug]),
        matrix_data(row, amber_up_to=15, appetite=15, likelihood_labels="Rare, Unlikely, Possible, Likely, Certain"),
        follow=True,
    )
    assert "The risk matrix is saved. 1 risk re-scored: R004." in response.content.decode()
    row.refresh_from_db()
    assert (row.amber_up_to, row.appetite, row.likelihood_labels) == (
        15,
        15,
        "Rare, Unlikely, Possible, Likely, Certain",
    )
    r4 = risk(hcrc, "R004")
    assert (r4.inherent_score, r4.inherent_rag, r4.residual_rag, r4.version) == (15, "amber", "amber", 2)
    record = r4.history.first()
    assert record.history_change_reason == "Re-scored: the risk matrix changed"
    assert record.history_user.username == "project.leader"
    assert risk(hcrc, "R001").version == 1  # 16 stays red: not re-saved
    assert "Certain" in client.get(reverse("risks:heatmap", args=[hcrc.slug])).content.decode()
    # Widening amber past 16 turns the red risks amber.
    client.post(
        reverse("risks:matrix", args=[hcrc.slug]), matrix_data(RiskMatrix.objects.get(pk=row.pk), amber_up_to=16)
    )
    r5 = risk(hcrc, "R005")
    assert (r5.inherent_rag, r5.residual_rag, r5.version) == ("red", "amber", 2)  # 20 stays red; 16 is now amber
    html = register(client, hcrc, "?rag=red").content.decode()
    assert references(html) == []


@pytest.mark.django_db
def test_a_stale_matrix_edit_is_refused(as_persona, hcrc, leader):
    row = RiskMatrix.objects.get(project=hcrc)
    mine = matrix_data(row, appetite=9)
    row.appetite = 10
    actions.save_matrix(row, leader)
    html = as_persona("project_leader").post(reverse("risks:matrix", args=[hcrc.slug]), mine).content.decode()
    assert "changed by someone else" in html
    row.refresh_from_db()
    assert row.appetite == 10


@pytest.mark.django_db
def test_a_project_without_a_matrix_gets_its_own_when_the_leader_saves_one(as_persona, fresh):
    r = make_risk(fresh, "R001", residual_likelihood=3, residual_impact=2)
    url = reverse("risks:matrix", args=[fresh.slug])
    client = as_persona("project_leader")
    assert "uses the default council matrix" in client.get(url).content.decode()
    row = RiskMatrix(project=fresh)
    data = matrix_data(row, green_up_to=6)
    data["edit_token"] = ""
    assert client.post(url, data).status_code == 302
    assert RiskMatrix.objects.get(project=fresh).green_up_to == 6
    r.refresh_from_db()
    assert (r.residual_score, r.residual_rag) == (6, "green")


# ------------------------------------------------------------------------------------------------------------ access


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["risks:risk_register", "risks:issue_register", "risks:heatmap", "risks:matrix"],
)
def test_members_see_outsiders_do_not_and_signed_out_users_sign_in(as_persona, hcrc, name):
    url = reverse(name, args=[hcrc.slug])
    for persona in ("councillor", "provider", "service_user", "chair", "project_executive", "admin_staff"):
        assert as_persona(persona).get(url).status_code == 200
    assert as_persona("outsider").get(url).status_code == 404
    response = as_persona("anonymous").get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_members_may_not_write(as_persona, hcrc):
    r1 = risk(hcrc, "R001")
    i1 = Issue.objects.get(project=hcrc, reference="I001")
    action = RiskAction.objects.create(risk=r1, description="An action")
    writes = [
        (reverse("risks:risk_new", args=[hcrc.slug]), {"title": "x"}),
        (reverse("risks:risk_edit", args=[hcrc.slug, r1.pk]), row_data(r1, residual_likelihood=1)),
        (reverse("risks:risk_action_new", args=[hcrc.slug, r1.pk]), {"description": "x"}),
        (reverse("risks:risk_action_done", args=[hcrc.slug, r1.pk, action.pk]), {}),
        (reverse("risks:issue_new", args=[hcrc.slug]), {"title": "x"}),
        (reverse("risks:issue_edit", args=[hcrc.slug, i1.pk]), issue_data(i1, priority="low")),
        (reverse("risks:matrix", args=[hcrc.slug]), {"appetite": 1}),
    ]
    for url, data in writes:
        for persona, status in (("chair", 403), ("councillor", 403), ("admin_staff", 403), ("outsider", 404)):
            assert as_persona(persona).post(url, data).status_code == status, (url, persona)
        response = as_persona("anonymous").post(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    r1.refresh_from_db()
    i1.refresh_from_db()
    action.refresh_from_db()
    assert (r1.residual_likelihood, r1.version, i1.priority, action.done) == (4, 1, "high", False)
    assert Risk.objects.filter(project=hcrc).count() == 5 and RiskAction.objects.filter(risk=r1).count() == 1
    assert RiskMatrix.objects.get(project=hcrc).appetite == 12


@pytest.mark.django_db
def test_a_risk_is_only_reached_under_its_own_project(as_persona, hcrc):
    other = Risk.objects.get(project__slug="community-wellbeing-model", reference="R001")
    client = as_persona("project_leader")
    assert client.get(reverse("risks:risk_detail", args=[hcrc.slug, other.pk])).status_code == 404
    assert client.get(reverse("risks:risk_edit", args=[hcrc.slug, other.pk])).status_code == 404
    assert client.get(reverse("risks:risk_register", args=["no-such-project"])).status_code == 404


# ------------------------------------------------------------------------------------------------------- query count


def _fill(project, count, by):
    """`count` risks, each with a change of residual score in history, an owner, a work-stream and an action."""
    stream = Workstream.objects.create(project=project, name=f"Stream {count}")
    for n in range(1, count + 1):
        r = make_risk(project, f"R{n:03d}", workstream=stream, review_date=timezone.localdate())
        change_residual(r, 1 + n % 5, 1 + (n * 2) % 5, by)
        RiskAction.objects.create(risk=r, description="Act", owner=person("Jason Lane"))


@pytest.mark.django_db
def test_the_register_query_count_does_not_grow_with_the_number_of_risks(
    as_persona, fresh, leader, django_assert_max_num_queries
):
    client = as_persona("councillor")
    _fill(fresh, 3, leader)
    with django_assert_max_num_queries(100) as small:
        assert register(client, fresh, "?status=open").status_code == 200
    baseline = len(small.captured_queries)
    bigger = Project.objects.create(title="Bigger", slug="bigger")
    for link in fresh.governing_bodies.all():
        GoverningBody.objects.create(project=bigger, body=link.body, role=link.role)
    _fill(bigger, 25, leader)
    with django_assert_max_num_queries(baseline):
        html = register(client, bigger, "?status=open").content.decode()
    assert len(references(html)) == 25


@pytest.mark.django_db
def test_the_issue_register_and_heat_map_query_counts_are_flat(
    as_persona, fresh, leader, django_assert_max_num_queries
):
    client = as_persona("councillor")
    counts = []
    for size in (2, 20):
        Issue.objects.filter(project=fresh).delete()
        Risk.objects.filter(project=fresh).delete()
        for n in range(1, size + 1):
            Issue.objects.create(
                project=fresh,
                reference=f"I{n:03d}",
                issue_type="problem",
                title="x",
                description="y",
                raised_on=dt.date(2026, 1, 1),
                owner=person("Jason Lane"),
            )
            make_risk(fresh, f"R{n:03d}")
        with django_assert_max_num_queries(100) as issues:
            client.get(reverse("risks:issue_register", args=[fresh.slug]))
        with django_assert_max_num_queries(100) as heat:
            client.get(reverse("risks:heatmap", args=[fresh.slug]))
        counts.append((len(issues.captured_queries), len(heat.captured_queries)))
    assert counts[1][0] <= counts[0][0] and counts[1][1] <= counts[0][1]


@pytest.mark.django_db
def test_a_register_row_drawn_before_is_drawn_again_when_anything_it_shows_changes(as_persona, hcrc):
    """The rows are kept once drawn ({% memo %} on Risk.row_key): a change to the risk, to its owner's name or to its
    warnings shows at once, and a reader who may not edit never gets the project leader's row."""
    leader, councillor = as_persona("project_leader"), as_persona("councillor")
    r1 = risk(hcrc, "R001")
    edit = reverse("risks:risk_edit", args=[hcrc.slug, r1.pk])
    assert edit in row_html(register(leader, hcrc).content.decode(), r1)
    assert edit not in row_html(register(councillor, hcrc).content.decode(), r1)

    Risk.objects.filter(pk=r1.pk).update(title="Capacity gaps, retitled")
    assert "Capacity gaps, retitled" in row_html(register(councillor, hcrc).content.decode(), r1)
    owner = r1.owner
    owner.name = "Jason Lane-Renamed"
    owner.save()
    assert "Jason Lane-Renamed" in row_html(register(councillor, hcrc).content.decode(), r1)
    Risk.objects.filter(pk=r1.pk).update(review_date=timezone.localdate() + dt.timedelta(days=30))
    assert "Review overdue" not in row_html(register(councillor, hcrc).content.decode(), r1)
    Risk.objects.filter(pk=r1.pk).update(review_date=timezone.localdate() - dt.timedelta(days=30))
    assert "Review overdue" in row_html(register(councillor, hcrc).content.decode(), r1)
