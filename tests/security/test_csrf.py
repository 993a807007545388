"""A POST without a CSRF token is refused (403) and changes no row, on a form of every app; the same POST with the
token goes through, so the refusal is the missing token's doing."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from governance.models import DecisionReport, Meeting, Person
from governance.seed_data import DEMO_PASSWORD
from projects import forms_plan
from projects.models import Deliverable
from risks import forms as risk_forms
from risks.models import Risk, matrix_for

pytestmark = pytest.mark.django_db


def form_values(form):
    """What a browser would post back for an unchanged form: each field's current value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return data


def deliverable():
    return Deliverable.objects.filter(project__slug="hcrc").order_by("pk").first()


def risk():
    return Risk.objects.get(project__slug="hcrc", reference="R001")


def deliverable_post():
    item = deliverable()
    data = form_values(forms_plan.DeliverableRowForm(instance=item, project=item.project))
    return {**data, "in_row": "1", "percent_complete": "37" if item.percent_complete != 37 else "38"}


def risk_post():
    item = risk()
    form = risk_forms.RiskRowForm(instance=item, project=item.project, matrix=matrix_for(item.project))
    return {**form_values(form), "in_row": "1", "review_date": "2031-03-14"}


def seeded_report():
    """The 2021 officer decision report, signed off and awaiting the decision maker."""
    return DecisionReport.objects.order_by("pk").first()


# (what, username or None, URL builder, data builder, the row it would change)
CASES = [
    (
        "sign-in",
        None,
        lambda: reverse("login"),
        lambda: {"username": "councillor", "password": DEMO_PASSWORD},
        lambda: get_user_model().objects.get(username="councillor"),
    ),
    (
        "governance: add a person",
        "admin.staff",
        lambda: reverse("governance:person_new"),
        lambda: {"name": "Sent without a token"},
        lambda: Person.objects.filter(name="Sent without a token").first(),
    ),
    (
        "projects: a plan edit",
        "project.leader",
        lambda: reverse("projects:deliverable_edit", args=[deliverable().pk]),
        deliverable_post,
        deliverable,
    ),
    (
        "risks: a risk edit",
        "project.leader",
        lambda: reverse("risks:risk_edit", args=["hcrc", risk().pk]),
        risk_post,
        risk,
    ),
    (
        "governance: a pack build",
        "admin.staff",
        lambda: reverse("governance:pack_build", args=[Meeting.objects.filter(body__slug="project-board").first().pk]),
        lambda: {"variant": "private"},
        lambda: None,
    ),
    (
        "governance: a decision report action",
        "director.adults",
        lambda: reverse("governance:decision_report_action", args=[seeded_report().pk, "return"]),
        lambda: {"comment": "Please add the costs."},
        seeded_report,
    ),
]


def snapshot(target):
    """Rows per model, across every installed app (history rows included), and the target row's values."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    row = target()
    return counts, model_to_dict(row) if row is not None else None


def csrf_client(username):
    client = Client(enforce_csrf_checks=True)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("what,username,url,data,target", CASES, ids=[c[0] for c in CASES])
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(what, username, url, data, target):
    client = csrf_client(username)
    before = snapshot(target)
    response = client.post(url(), data())
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert snapshot(target) == before


@pytest.mark.parametrize("what,username,url,data,target", CASES, ids=[c[0] for c in CASES])
def test_the_same_post_with_a_forged_token_is_refused_too(what, username, url, data, target):
    client = csrf_client(username)
    client.get(reverse("login"))  # a real CSRF cookie, but the posted token is not its pair
    before = snapshot(target)
    response = client.post(url(), {**data(), "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert snapshot(target) == before


@pytest.mark.parametrize("what,username,url,data,target", CASES, ids=[c[0] for c in CASES])
def test_the_same_post_with_the_token_goes_through(what, username, url, data, target):
    client = csrf_client(username)
    client.get(reverse("login"))  # sets the CSRF cookie, as any page with a form does
    before = snapshot(target)
    response = client.post(url(), {**data(), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot(target) != before


def test_the_deliverable_and_risk_posts_change_what_they_say():
    """The control posts above are real edits, not posts a form refused for another reason."""
    leader = csrf_client("project.leader")
    leader.get(reverse("login"))
    token = {"csrfmiddlewaretoken": leader.cookies["csrftoken"].value}
    expected = deliverable_post()["percent_complete"]
    leader.post(reverse("projects:deliverable_edit", args=[deliverable().pk]), {**deliverable_post(), **token})
    assert str(deliverable().percent_complete) == expected
    leader.post(reverse("risks:risk_edit", args=["hcrc", risk().pk]), {**risk_post(), **token})
    assert risk().review_date == dt.date(2031, 3, 14)
