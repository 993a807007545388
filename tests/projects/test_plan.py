"""The project leader's plan page: in-place edits, lost-update protection, reordering, history, access."""

import datetime as dt
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from projects import plan_actions
from projects.models import Deliverable, Project, Workstream

User = get_user_model()


def _row_data(d, **changes):
    data = {
        "status": d.status,
        "rag": d.rag,
        "owner": d.owner_id or "",
        "starts_on": d.starts_on or "",
        "due_on": d.due_on or "",
        "percent_complete": d.percent_complete,
        "workstream": d.workstream_id,
        "version": d.version,
        "in_row": "1",
    }
    data.update(changes)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


@pytest.mark.django_db
def test_the_plan_page_shows_phases_workstreams_and_deliverables(as_persona, project):
    html = as_persona("councillor").get(reverse("projects:plan", args=[project.slug])).content.decode()
    for text in (
        "Design",
        "Project management",
        "Finance",
        "Project plan",
        "Fee modelling report",
        "Go live",
        "Needs: Project plan",
    ):
        assert text in html
    assert "Change<span" not in html  # a board member reads the plan; only the project leader changes it


@pytest.mark.django_db
def test_a_deliverable_is_edited_in_place_without_a_page_reload(as_persona, project):
    d = Deliverable.objects.get(project=project, title="Project plan")
    client = as_persona("project_leader")
    url = reverse("projects:deliverable_edit", args=[d.pk])
    form_row = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert form_row.lstrip().startswith("<tr") and 'name="status"' in form_row and 'name="title"' not in form_row
    row = client.post(
        url, _row_data(d, status="in_progress", rag="amber", percent_complete=40), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert row.lstrip().startswith("<tr") and "In progress" in row and "Amber" in row and "40%" in row
    d.refresh_from_db()
    assert (d.status, d.rag, d.percent_complete, d.version) == ("in_progress", "amber", 40, 2)
    record = d.history.first()
    assert record.history_user.username == "project.leader"
    assert record.history_change_reason == "Changed on the plan"


@pytest.mark.django_db
def test_the_same_edit_works_without_javascript(as_persona, project):
    d = Deliverable.objects.get(project=project, title="Project plan")
    response = as_persona("project_leader").post(
        reverse("projects:deliverable_edit", args=[d.pk]), _row_data(d, status="complete")
    )
    assert response.status_code == 302 and response["Location"] == reverse("projects:plan", args=[project.slug])
    d.refresh_from_db()
    assert (d.status, d.percent_complete) == ("complete", 100) and d.completed_on is not None


@pytest.mark.django_db
def test_a_second_save_from_the_same_version_is_refused_showing_what_the_other_changed(as_persona, project):
    # Both change the RAG (a conflict, to choose); only they change the due date (kept, in the form).
    d = Deliverable.objects.get(project=project, title="Fee modelling report")
    mine = _row_data(d, rag="red")
    other = User.objects.get(username="project.leader")
    theirs = Deliverable.objects.get(pk=d.pk)
    theirs.due_on, theirs.rag = dt.date(2026, 6, 26), "amber"
    plan_actions.save_deliverable(theirs, d.version, other)
    response = as_persona("project_leader").post(
        reverse("projects:deliverable_edit", args=[d.pk]), mine, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "changed by someone else" in html and "2026-06-26" in html
    assert 'value="red" selected' in html  # my choice is still in the form
    d.refresh_from_db()
    assert (d.rag, d.due_on, d.version) == ("amber", dt.date(2026, 6, 26), 2)


@pytest.mark.django_db
def test_invalid_input_is_explained_and_nothing_is_saved(as_persona, project):
    d = Deliverable.objects.get(project=project, title="Fee modelling report")
    response = as_persona("project_leader").post(
        reverse("projects:deliverable_edit", args=[d.pk]),
        _row_data(d, percent_complete=140, due_on="2026-01-01"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "less than or equal to 100" in html and "on or after the start" in html
    d.refresh_from_db()
    assert d.percent_complete == 0 and d.version == 1


@pytest.mark.django_db
def test_deliverables_are_added_reordered_and_moved_between_workstreams(as_persona, project):
    client = as_persona("project_leader")
    pm = Workstream.objects.get(project=project, name="Project management")
    finance = Workstream.objects.get(project=project, name="Finance")
    response = client.post(
        reverse("projects:deliverable_new", args=[project.slug]),
        {
            "title": "Risk register",
            "kind": "deliverable",
            "workstream": pm.pk,
            "status": "not_started",
            "rag": "green",
            "percent_complete": 0,
        },
    )
    assert response.status_code == 302
    new = Deliverable.objects.get(title="Risk register")
    assert new.position == 3
    client.post(reverse("projects:deliverable_move", args=[new.pk]), {"direction": "up"})
    new.refresh_from_db()
    assert new.position == 2
    client.post(reverse("projects:deliverable_edit", args=[new.pk]), _row_data(new, workstream=finance.pk))
    new.refresh_from_db()
    assert new.workstream == finance


def _selected_workstreams(html):
    select = re.search(r'<select name="workstream".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)" selected', select)


@pytest.mark.django_db
def test_the_add_link_of_a_workstream_preselects_it(as_persona, project):
    finance = Workstream.objects.get(project=project, name="Finance")
    url = reverse("projects:deliverable_new", args=[project.slug])
    response = as_persona("project_leader").get(url, {"workstream": finance.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in html
    assert _selected_workstreams(html) == [str(finance.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("workstream", ["abc", "999999", "other project"])
def test_a_workstream_not_in_the_project_is_shown_as_an_error(as_persona, project, workstream):
    if workstream == "other project":
        workstream = Workstream.objects.exclude(project=project).first().pk
    url = reverse("projects:deliverable_new", args=[project.slug])
    response = as_persona("project_leader").get(url, {"workstream": workstream})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "Choose a work-stream from the list: the link named one that is not in this project." in html
    assert 'href="#id_workstream"' in html  # the summary leads to the list to choose from
    assert _selected_workstreams(html) == []


@pytest.mark.django_db
def test_saving_after_a_bad_link_does_not_repeat_its_error(as_persona, project):
    pm = Workstream.objects.get(project=project, name="Project management")
    url = reverse("projects:deliverable_new", args=[project.slug]) + "?workstream=abc"
    response = as_persona("project_leader").post(url, {"title": "", "workstream": pm.pk})
    html = response.content.decode()
    assert response.status_code == 200  # the title is missing
    assert "the link named one" not in html


@pytest.mark.django_db
def test_a_dependency_loop_is_refused(as_persona, project):
    plan = Deliverable.objects.get(project=project, title="Project plan")
    fees = Deliverable.objects.get(project=project, title="Fee modelling report")  # already needs the plan
    data = {
        "title": plan.title,
        "kind": plan.kind,
        "workstream": plan.workstream_id,
        "status": plan.status,
        "rag": plan.rag,
        "percent_complete": 0,
        "depends_on": [fees.pk],
        "version": plan.version,
    }
    response = as_persona("project_leader").post(reverse("projects:deliverable_edit", args=[plan.pk]), data)
    assert "That would make a loop" in response.content.decode()
    assert not plan.depends_on.exists()


@pytest.mark.django_db
def test_the_plan_page_query_count_does_not_grow_with_deliverables(as_persona, project, django_assert_max_num_queries):
    client = as_persona("project_leader")
    url = reverse("projects:plan", args=[project.slug])
    with django_assert_max_num_queries(100) as first:
        client.get(url)
    baseline = len(first.captured_queries)
    pm = Workstream.objects.get(project=project, name="Project management")
    others = list(Deliverable.objects.filter(project=project))
    for i in range(25):
        d = Deliverable.objects.create(project=project, workstream=pm, title=f"Extra {i}", position=10 + i)
        d.depends_on.add(others[i % len(others)])
    with django_assert_max_num_queries(baseline):
        client.get(url)


@pytest.mark.django_db
def test_only_the_project_leader_changes_the_plan(as_persona, project):
    d = Deliverable.objects.get(project=project, title="Project plan")
    url = reverse("projects:deliverable_edit", args=[d.pk])
    assert as_persona("chair").post(url, _row_data(d, rag="red")).status_code == 403
    assert as_persona("outsider").post(url, _row_data(d, rag="red")).status_code == 404
    d.refresh_from_db()
    assert d.rag == "green" and d.version == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_deliverable_lose_no_update(reseed_after):
    """Eight clients save the same deliverable from the same version at once: exactly one wins, every other save is
    refused with the conflict, and the stored version went up exactly once."""
    from django.db import close_old_connections

    from governance import seed
    from projects.models import Phase

    seed.load()
    project = Project.objects.create(title="Race", slug="race")
    ws = Workstream.objects.create(project=project, name="Stream")
    Phase.objects.create(
        project=project, number=1, description="P", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)
    )
    d = Deliverable.objects.create(project=project, workstream=ws, title="Contested")
    user = User.objects.get(username="project.leader")
    barrier = threading.Barrier(8)
    outcomes = []

    def client_save(n):
        try:
            barrier.wait()
            mine = Deliverable.objects.get(pk=d.pk)
            mine.notes = f"client {n}"
            plan_actions.save_deliverable(mine, 1, user)
            outcomes.append("saved")
        except plan_actions.StaleDeliverable:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=client_save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    d.refresh_from_db()
    assert sorted(outcomes) == ["refused"] * 7 + ["saved"]
    assert d.version == 2
    assert d.history.count() == 2  # created, then exactly one change


@pytest.mark.django_db
def test_a_plan_row_drawn_before_is_drawn_again_when_anything_it_shows_changes(as_persona, project):
    """The rows are kept once drawn ({% memo %} on Deliverable.row_key): a change to the deliverable, to its owner's
    name or to what it needs shows at once, and a reader who may not edit never gets the leader's row."""
    from governance.models import Person

    url = reverse("projects:plan", args=[project.slug])
    leader, councillor = as_persona("project_leader"), as_persona("councillor")
    d = Deliverable.objects.get(project=project, title="Project plan")
    edit = reverse("projects:deliverable_edit", args=[d.pk])
    assert edit in leader.get(url).content.decode()
    html = councillor.get(url).content.decode()
    assert "Project plan" in html and edit not in html

    d.percent_complete = 65
    plan_actions.save_deliverable(d, d.version, None)
    assert "65%" in leader.get(url).content.decode()
    owner = d.owner
    owner.name = "Georgia Young-Renamed"
    owner.save()
    assert "Georgia Young-Renamed" in councillor.get(url).content.decode()
    d.depends_on.add(Deliverable.objects.get(project=project, title="Go live"))
    assert "Needs: Go live" in councillor.get(url).content.decode()
    assert Person.objects.filter(name="Georgia Young-Renamed").exists()
