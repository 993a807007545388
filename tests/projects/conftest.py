"""A small project for the projects tests, governed by the seeded Project Board, Strategic Group and Project Team.

The seeded HCRC project (slug "hcrc") may also exist; tests that need exact numbers use this one.
"""

import datetime as dt

import pytest

from governance.models import Body, Person
from projects.models import Deliverable, GoverningBody, GoverningRole, Phase, Project, Tolerance, Workstream


@pytest.fixture
def project(db):
    people = {p.name: p for p in Person.objects.all()}
    project = Project.objects.create(
        title="Test redesign project",
        slug="test-project",
        reference="T1",
        directorate="Adult Social Care",
        sponsor=people["Mick Ward"],
        executive=people["Michelle Atkinson"],
        management_lead=people["Georgia Young"],
        aim="A project for tests.",
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 12, 18),
    )
    for role, slug in (
        (GoverningRole.PROJECT_BOARD, "project-board"),
        (GoverningRole.STRATEGIC_GROUP, "strategic-group"),
        (GoverningRole.PROJECT_TEAM, "project-team"),
    ):
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug=slug), role=role)
    one = Phase.objects.create(
        project=project, number=1, description="Design", starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 6, 30)
    )
    two = Phase.objects.create(
        project=project, number=2, description="Deliver", starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 18)
    )
    pm = Workstream.objects.create(project=project, name="Project management", lead=people["Georgia Young"], position=1)
    pm.phases.set([one, two])
    finance = Workstream.objects.create(project=project, name="Finance", lead=people["Cheryl Ward"], position=2)
    finance.phases.set([one])
    plan = Deliverable.objects.create(
        project=project,
        workstream=pm,
        phase=one,
        title="Project plan",
        owner=people["Georgia Young"],
        starts_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 2, 27),
        position=1,
    )
    model = Deliverable.objects.create(
        project=project,
        workstream=finance,
        phase=one,
        title="Fee modelling report",
        owner=people["Cheryl Ward"],
        starts_on=dt.date(2026, 2, 2),
        due_on=dt.date(2026, 5, 29),
        position=1,
    )
    model.depends_on.add(plan)
    Deliverable.objects.create(
        project=project,
        workstream=pm,
        phase=two,
        kind="milestone",
        title="Go live",
        owner=people["Michelle Atkinson"],
        due_on=dt.date(2026, 10, 1),
        position=2,
    )
    Tolerance.objects.create(project=project, dimension="time", limit=4, unit="weeks", forecast=1)
    Tolerance.objects.create(project=project, dimension="cost", limit=10000, unit="£", forecast=0)
    return project


@pytest.fixture
def reseed_after():
    """A transactional test empties the database when it ends: load the seed again for the tests after it."""
    yield
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
