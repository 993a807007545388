"""Terms of reference: the version in force, new versions from the current one, drafts edited, finals frozen,
approval, and the readable diff between versions."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from governance import actions, queries, tor_diff
from governance.models import Clause, QuorumRule, TermsOfReference


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.get(username="admin.staff")


@pytest.mark.django_db
def test_a_body_without_a_final_version_works_to_its_latest_draft(strategic_group):
    tor = TermsOfReference.objects.in_force_on(strategic_group, dt.date(2026, 1, 1))
    assert (tor.version, tor.status) == ("0.6", "draft")


@pytest.mark.django_db
def test_a_capacity_is_governed_by_its_hosts_terms_of_reference(project_board):
    tor = TermsOfReference.objects.in_force_on(project_board, dt.date(2014, 3, 1))
    assert tor.version == "1.0" and tor.body == project_board.capacity_of


@pytest.mark.django_db
def test_a_final_version_is_in_force_only_from_its_approval(project_board):
    assert TermsOfReference.objects.in_force_on(project_board, dt.date(2013, 12, 5)) is None
    assert TermsOfReference.objects.in_force_on(project_board, dt.date(2013, 12, 6)).version == "1.0"


@pytest.mark.django_db
def test_a_final_version_beats_a_later_draft(project_board, admin_user):
    draft = actions.new_tor_version(project_board, admin_user)
    assert draft.status == "draft"
    assert TermsOfReference.objects.in_force_on(project_board, dt.date.today()).version == "1.0"


@pytest.mark.django_db
def test_a_new_version_copies_everything_from_the_one_in_force(strategic_group, admin_user):
    source = TermsOfReference.objects.get(body=strategic_group)
    new = actions.new_tor_version(strategic_group, admin_user)
    assert new.version == "0.7" and new.status == "draft"
    assert list(new.clauses.values_list("number", "text")) == list(source.clauses.values_list("number", "text"))
    assert new.revisions.count() == source.revisions.count() + 1
    assert new.revisions.last().version == "0.7"
    assert new.revisions.last().authors == "Barry Bridle"
    assert new.distribution.count() == 2
    rule = QuorumRule.objects.get(tor=new)
    assert rule.as_rules() == QuorumRule.objects.get(tor=source).as_rules()
    assert new.history.first().history_user == admin_user


@pytest.mark.django_db
def test_drafts_follow_drafts_as_in_the_seed_history(strategic_group, admin_user):
    first = actions.new_tor_version(strategic_group, admin_user)
    first.description_of_changes = "Membership update"
    first.save()
    second = actions.new_tor_version(strategic_group, admin_user)
    assert (first.version, second.version) == ("0.7", "0.8")
    assert [r.version for r in second.revisions.all()][-2:] == ["0.7", "0.8"]


@pytest.mark.django_db
def test_only_the_latest_draft_can_be_edited(strategic_group, admin_user, as_persona):
    first = actions.new_tor_version(strategic_group, admin_user)
    actions.new_tor_version(strategic_group, admin_user)
    response = as_persona("admin_staff").post(
        reverse("governance:tor_edit", args=["strategic-group", first.pk]),
        _tor_post_data(first, title="Late edit"),
        follow=True,
    )
    assert "can be changed" in response.content.decode()
    first.refresh_from_db()
    assert first.title != "Late edit"


@pytest.mark.django_db
def test_a_final_version_cannot_be_edited(as_persona):
    tor = TermsOfReference.objects.get(body__slug="home-care-pa-commissioning-board")
    client = as_persona("admin_staff")
    response = client.get(reverse("governance:tor_edit", args=["home-care-pa-commissioning-board", tor.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("governance:tor_edit", args=["home-care-pa-commissioning-board", tor.pk]),
        {"title": "Changed"},
        follow=True,
    )
    assert "can be changed" in response.content.decode()
    tor.refresh_from_db()
    assert tor.title != "Changed"


def _tor_post_data(tor, **changes):
    """The edit form's data as the page would post it back, with `changes` applied."""
    from governance import forms, history

    form = forms.TermsOfReferenceForm(instance=tor, initial={"edit_token": history.edit_token(tor)})
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
    clauses = list(tor.clauses.all())
    data.update(
        {
            "clauses-TOTAL_FORMS": len(clauses),
            "clauses-INITIAL_FORMS": len(clauses),
            "clauses-MIN_NUM_FORMS": 0,
            "clauses-MAX_NUM_FORMS": 1000,
        }
    )
    for i, clause in enumerate(clauses):
        data.update(
            {
                f"clauses-{i}-id": clause.pk,
                f"clauses-{i}-tor": tor.pk,
                f"clauses-{i}-section": clause.section,
                f"clauses-{i}-heading": clause.heading,
                f"clauses-{i}-number": clause.number,
                f"clauses-{i}-text": clause.text,
                f"clauses-{i}-position": clause.position,
            }
        )
    for capacity in tor.body.family():
        rule = tor.quorum_rules.filter(body=capacity).first()
        initial = forms.QuorumRuleForm.initial_for(rule)
        prefix = f"quorum-{capacity.pk}"
        for key, value in initial.items():
            data[f"{prefix}-{key}"] = value
        data.setdefault(f"{prefix}-min_members_present", 0)
        data.setdefault(f"{prefix}-min_other_decision_makers", 0)
    data.update(changes)
    return data


@pytest.mark.django_db
def test_admin_staff_edit_a_draft_and_the_diff_shows_the_change(strategic_group, admin_user, as_persona):
    new = actions.new_tor_version(strategic_group, admin_user)
    quorum_clause = new.clauses.get(number="3.3")
    index = list(new.clauses.all()).index(quorum_clause)
    data = _tor_post_data(
        new,
        **{
            f"clauses-{index}-text": quorum_clause.text.replace("at least 5 members", "at least 6 members"),
            f"quorum-{strategic_group.pk}-min_members_present": 6,
            "description_of_changes": "Quorum raised to 6",
        },
    )
    client = as_persona("admin_staff")
    response = client.post(reverse("governance:tor_edit", args=["strategic-group", new.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert QuorumRule.objects.get(tor=new).min_members_present == 6
    assert Clause.objects.get(pk=quorum_clause.pk).history.first().history_user == admin_user

    old = TermsOfReference.objects.get(body=strategic_group, version="0.6")
    response = client.get(reverse("governance:tor_compare", args=["strategic-group"]), {"a": old.pk, "b": new.pk})
    html = response.content.decode()
    assert "<del>5</del> <ins>6</ins>" in html
    assert "Quorum rule" in html


@pytest.mark.django_db
def test_a_stale_tor_edit_is_refused_and_nothing_is_lost(strategic_group, admin_user, as_persona):
    new = actions.new_tor_version(strategic_group, admin_user)
    mine = _tor_post_data(new, title="My title")
    # Someone else saves first.
    new.title = "Their title"
    new._history_user = admin_user
    new.save()
    response = as_persona("admin_staff").post(reverse("governance:tor_edit", args=["strategic-group", new.pk]), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in html
    assert "Their title" in html  # what they changed is shown
    assert 'value="My title"' in html  # and my input is still in the form
    new.refresh_from_db()
    assert new.title == "Their title"


@pytest.mark.django_db
def test_approving_a_draft_makes_it_final_and_in_force(strategic_group, as_persona):
    tor = TermsOfReference.objects.get(body=strategic_group)
    client = as_persona("admin_staff")
    url = reverse("governance:tor_approve", args=["strategic-group", tor.pk])
    response = client.post(url, {"approved_by": "", "approved_on": "not a date"}, follow=True)
    assert "Enter who approved" in response.content.decode()
    client.post(url, {"approved_by": "Project Board", "approved_on": "2014-03-01"})
    tor.refresh_from_db()
    assert tor.status == "final" and tor.approved_on == dt.date(2014, 3, 1)
    assert tor.revisions.get(version="0.6").status == "final"


def test_the_diff_marks_added_removed_and_changed_lines():
    rows = tor_diff.diff([("3.1", "Chaired by A."), ("3.2", "Gone.")], [("3.1", "Chaired by B."), ("3.3", "New.")])
    kinds = {(r.kind, r.label) for r in rows}
    assert kinds == {("changed", "3.1"), ("removed", "3.2"), ("added", "3.3")}
    changed = next(r for r in rows if r.kind == "changed")
    assert "<del>A.</del> <ins>B.</ins>" in changed.html


def test_the_diff_escapes_text():
    rows = tor_diff.diff([("x", "<script>")], [("x", "<b>")])
    assert "<script>" not in rows[0].html and "&lt;script&gt;" in rows[0].html


@pytest.mark.django_db
def test_the_tor_page_is_laid_out_like_the_council_document(as_persona, django_assert_max_num_queries):
    tor = TermsOfReference.objects.get(body__slug="home-care-pa-commissioning-board")
    client = as_persona("chair")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("governance:tor_detail", args=["project-board", tor.pk]))
    html = response.content.decode()
    for heading in (
        "1.0 Objectives and functions",
        "2.0 Membership and attendance",
        "3.0 Governance, delegated powers and administration",
        "4.0 Roles and responsibilities",
        "5.0 Revision history and approval",
        "6.0 Distribution",
    ):
        assert heading in html
    assert "Senior Responsible Officer" in html and "Dennis Holmes" in html
    assert "Project Board membership" in html and "Operational Board membership" in html
    assert "Megan Rowlands (to be confirmed)" in html


@pytest.mark.django_db
def test_tor_for_page_fetches_in_a_fixed_number_of_queries(django_assert_num_queries):
    tor = TermsOfReference.objects.get(body__slug="strategic-group")
    with django_assert_num_queries(7):
        tor = queries.tor_for_page(tor.pk)
        tor_diff.tor_lines(tor)
