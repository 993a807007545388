"""The portfolio: every programme and project the user may see, grouped by programme, with its stage, overall RAG,
deliverables complete, overdue deliverables, tolerances exceeded and open change requests, in a fixed number of
queries however many projects and deliverables there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Body
from projects.models import (
    ChangeRequest,
    Deliverable,
    GoverningBody,
    GoverningRole,
    HighlightReport,
    Phase,
    Project,
    Tolerance,
    Workstream,
)

pytestmark = pytest.mark.django_db

URL = reverse("projects:portfolio")


def rows_of(response):
    return {row.slug: row for group in response.context["groups"] for row in group["rows"]}


def _phases_around_today(project, today):
    Phase.objects.filter(project=project, number=1).update(
        starts_on=today - dt.timedelta(days=100), ends_on=today - dt.timedelta(days=1)
    )
    Phase.objects.filter(project=project, number=2).update(starts_on=today, ends_on=today + dt.timedelta(days=100))


def _change(project, reference, status):
    ChangeRequest.objects.create(
        project=project,
        reference=reference,
        title=reference,
        description="x",
        raised_on=dt.date(2026, 1, 5),
        status=status,
    )


def test_the_fixture_project_s_figures_roll_up(as_persona, project):
    today = timezone.localdate()
    _phases_around_today(project, today)
    plan = project.deliverables.get(title="Project plan")
    plan.due_on = today - dt.timedelta(days=10)  # overdue
    plan.save()
    project.deliverables.filter(title="Fee modelling report").update(
        status="complete",
        percent_complete=100,
        due_on=today - dt.timedelta(days=20),  # past due but complete
    )
    project.deliverables.filter(title="Go live").update(due_on=today + dt.timedelta(days=30), rag="amber")
    Deliverable.objects.create(
        project=project,
        workstream=plan.workstream,
        title="Dropped",
        status="cancelled",
        due_on=today - dt.timedelta(days=5),
        rag="red",
    )  # neither counted nor overdue
    Tolerance.objects.filter(project=project, dimension="time").update(forecast=5)  # 5 of 4 weeks: exceeded
    for n, status in enumerate(["raised", "for_decision", "deferred", "approved", "rejected", "more_information"]):
        _change(project, f"CR00{n + 1}", status)

    response = as_persona("project_leader").get(URL)
    assert response.status_code == 200
    row = rows_of(response)["test-project"]
    assert row.reference == "T1"
    assert row.stage == "Phase 2: Deliver"
    assert (row.deliverables_complete, row.deliverables_total) == (1, 3)
    assert row.deliverables_overdue == 1
    assert row.tolerances_exceeded == 1
    assert row.open_change_requests == 4  # raised, with the board, deferred, more information
    # No published highlight report: the worst RAG among the open deliverables (the cancelled red one is not open).
    assert row.overall_rag == "amber" and not row.rag_from_report
    html = response.content.decode()
    assert "1 of 3" in html and "Phase 2: Deliver" in html and "Amber" in html

    # A published highlight report sets the overall RAG; a later draft does not.
    HighlightReport.objects.create(
        project=project,
        period_start=today - dt.timedelta(days=28),
        period_end=today - dt.timedelta(days=14),
        status="published",
        overall_rag="red",
    )
    HighlightReport.objects.create(
        project=project,
        period_start=today - dt.timedelta(days=13),
        period_end=today,
        status="draft",
        overall_rag="green",
    )
    row = rows_of(as_persona("project_leader").get(URL))["test-project"]
    assert row.overall_rag == "red" and row.rag_from_report


def test_the_stage_outside_the_phases_and_once_closed(as_persona, project):
    today = timezone.localdate()
    Phase.objects.filter(project=project).update(
        starts_on=today + dt.timedelta(days=10), ends_on=today + dt.timedelta(days=40)
    )
    assert rows_of(as_persona("project_leader").get(URL))["test-project"].stage == "Not started"
    Phase.objects.filter(project=project, number=1).update(
        starts_on=today - dt.timedelta(days=40), ends_on=today - dt.timedelta(days=20)
    )
    assert rows_of(as_persona("project_leader").get(URL))["test-project"].stage == "Between phases"
    Phase.objects.filter(project=project, number=2).update(
        starts_on=today - dt.timedelta(days=19), ends_on=today - dt.timedelta(days=1)
    )
    stage = rows_of(as_persona("project_leader").get(URL))["test-project"].stage
    assert stage == "Past its last phase (phase 2), not closed"
    project.closed_on = today - dt.timedelta(days=1)
    project.save()
    assert rows_of(as_persona("project_leader").get(URL))["test-project"].stage == "Closed"


def test_projects_are_grouped_by_programme_and_only_visible_ones_are_listed(as_persona, project):
    strategic = Body.objects.get(slug="strategic-group")
    board = Body.objects.get(slug="project-board")
    programme = Project.objects.create(title="Wellbeing programme", slug="wellbeing", kind="programme")
    GoverningBody.objects.create(project=programme, body=board, role=GoverningRole.PROJECT_BOARD)
    project.parent = programme
    project.save()
    loose = Project.objects.create(title="A loose project", slug="loose")
    GoverningBody.objects.create(project=loose, body=strategic, role=GoverningRole.STRATEGIC_GROUP)
    Project.objects.create(title="Nobody's project", slug="nobody")

    groups = as_persona("project_leader").get(URL).context["groups"]
    by_title = {(g["programme"].title if g["programme"] else None): [r.slug for r in g["rows"]] for g in groups}
    assert by_title["Wellbeing programme"] == ["wellbeing", "test-project"]
    assert {"loose", "nobody"} <= set(by_title[None]) and "test-project" not in by_title[None]

    # The councillor sits on the Strategic Group, not the Project Board: the programme is not theirs to see, so its
    # project is listed on its own and the programme is not named.
    response = as_persona("councillor").get(URL)
    groups = {
        (g["programme"].slug if g["programme"] else None): {r.slug for r in g["rows"]}
        for g in response.context["groups"]
    }
    assert "wellbeing" not in groups
    assert {"test-project", "loose"} <= groups[None] and "nobody" not in groups[None]
    assert "Wellbeing programme" not in response.content.decode()

    response = as_persona("outsider").get(URL)
    assert response.context["groups"] == []
    assert "There are no programmes or projects you can see." in response.content.decode()


def _make_projects(n, prefix):
    strategic = Body.objects.get(slug="strategic-group")
    today = timezone.localdate()
    programme = Project.objects.create(title=f"{prefix} programme", slug=f"{prefix}-programme", kind="programme")
    GoverningBody.objects.create(project=programme, body=strategic, role=GoverningRole.STRATEGIC_GROUP)
    for i in range(n):
        p = Project.objects.create(title=f"{prefix} {i}", slug=f"{prefix}-{i}", parent=programme)
        GoverningBody.objects.create(project=p, body=strategic, role=GoverningRole.STRATEGIC_GROUP)
        Phase.objects.create(
            project=p,
            number=1,
            description="Only",
            starts_on=today - dt.timedelta(days=5),
            ends_on=today + dt.timedelta(days=5),
        )
        ws = Workstream.objects.create(project=p, name="Stream")
        for j in range(3):
            Deliverable.objects.create(
                project=p,
                workstream=ws,
                title=f"D{j}",
                due_on=today - dt.timedelta(days=j),
                rag=["green", "amber", "red"][j],
            )
        Tolerance.objects.create(project=p, dimension="time", limit=1, unit="weeks", forecast=2)
        _change(p, "CR001", "raised")
        HighlightReport.objects.create(
            project=p,
            period_start=today - dt.timedelta(days=14),
            period_end=today,
            status="published",
            overall_rag="green",
        )


@pytest.mark.parametrize("persona", ["project_leader", "councillor"])
def test_the_portfolio_takes_a_fixed_number_of_queries(as_persona, project, persona, django_assert_max_num_queries):
    client = as_persona(persona)
    client.get(URL)  # warm up (session, content types)
    _make_projects(2, "small")
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    assert len(rows_of(response)) >= 3
    _make_projects(15, "large")
    with django_assert_max_num_queries(len(small)):
        response = client.get(URL)
    rows = rows_of(response)
    assert len(rows) >= 19
    assert rows["large-3"].deliverables_overdue == 2 and rows["large-3"].tolerances_exceeded == 1
    assert rows["large-3"].overall_rag == "green" and rows["large-3"].stage == "Phase 1: Only"
    assert len(small) <= 8
