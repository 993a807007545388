"""seed_demo loads the HCRC project and the 2021 programme as the seeds describe them."""

import datetime as dt

import pytest

from projects.models import Deliverable, Project


@pytest.mark.django_db
def test_the_hcrc_project_has_its_three_phases_six_workstreams_and_finance_work_package():
    hcrc = Project.objects.get(slug="hcrc")
    assert (hcrc.reference, hcrc.sponsor.name, hcrc.senior_responsible_officer.name) == (
        "130617 a",
        "Mick Ward",
        "Dennis Holmes",
    )
    assert [(p.number, p.starts_on, p.ends_on) for p in hcrc.phases.all()] == [
        (1, dt.date(2013, 7, 1), dt.date(2014, 4, 30)),
        (2, dt.date(2014, 4, 1), dt.date(2015, 9, 30)),
        (3, dt.date(2015, 9, 1), dt.date(2016, 3, 31)),
    ]
    kinds = list(hcrc.workstreams.values_list("kind", flat=True))
    assert kinds.count("work_stream") == 6 and kinds.count("work_package") == 1
    assert hcrc.board().slug == "project-board"


@pytest.mark.django_db
def test_every_deliverable_the_seed_lists_is_there_due_at_the_end_of_its_phase():
    deliverables = Deliverable.objects.filter(project__slug="hcrc").select_related("phase", "workstream", "owner")
    assert deliverables.count() == 37
    assert all(d.due_on == d.phase.ends_on and d.due_date_from_phase for d in deliverables)
    assert all(d.owner == d.workstream.lead for d in deliverables)
    evaluation = deliverables.get(title="Evaluation Report")
    assert (evaluation.phase.number, evaluation.owner.name) == (3, "Jason Lane")
    fee = deliverables.get(title="Fee modelling report")
    assert (fee.workstream.name, fee.phase.number, fee.owner.name) == (
        "Home Care Finance Work Package 1",
        1,
        "Cheryl Ward",
    )


@pytest.mark.django_db
def test_the_project_plan_was_complete_by_the_scrutiny_pack_and_history_says_so():
    plan = Deliverable.objects.get(project__slug="hcrc", title="Project plan")
    assert plan.status == "complete" and plan.completed_on == dt.date(2014, 2, 20)
    created, completed = plan.history.order_by("history_date")
    assert created.history_date.date() == dt.date(2013, 7, 1)  # in the plan from the project's start
    assert (completed.history_date.date(), completed.status) == (dt.date(2014, 2, 20), "complete")


@pytest.mark.django_db
def test_the_2021_programme_has_its_work_programme_post_and_budget():
    programme = Project.objects.get(slug="community-wellbeing-model")
    assert programme.kind == "programme" and programme.budget == 121798
    assert programme.deliverables.filter(workstream__name="Redesign work programme").count() == 10
    assert programme.deliverables.filter(workstream__name="Commissioning Programme Leader post").count() == 1
