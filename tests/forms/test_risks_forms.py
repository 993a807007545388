"""Risk and issue forms submitted from the pages that render them, as the Project Leader keeps the registers: raise and
change a risk (on its page and in its register row), its actions, escalation to the Project Board and back, issues,
and the project's risk matrix."""

import pytest
from django.urls import reverse

from projects.models import Project
from risks.forms import LEVEL_FIELDS
from risks.models import Issue, Risk
from tests.forms.pressing import form_with, press

pytestmark = pytest.mark.django_db

LEADER = "project.leader"


@pytest.fixture
def hcrc(db):
    return Project.objects.get(slug="hcrc")


@pytest.fixture
def risk(hcrc):
    return Risk.objects.filter(project=hcrc, status="open").order_by("id").first()


def first_choice(field):
    """The first real option of a select or radio group (not an empty "Choose ..." one)."""
    return next(value for value, _selected, _text in field.options if value)


def url(name, *args):
    return reverse(f"risks:{name}", args=args)


def test_the_project_leader_raises_a_risk(django_app, hcrc):
    form = form_with(django_app.get(url("risk_new", "hcrc"), user=LEADER), "Save")
    form["title"] = "Providers leave the market"
    form["event"] = "Two large providers stop trading"
    for name in ("category", *LEVEL_FIELDS):
        form[name] = first_choice(form[name])
    page = press(form, "Save").follow()
    assert "Risk " in page.text and "raised: scored" in page.text
    assert Risk.objects.filter(project=hcrc, title="Providers leave the market").exists()


def test_the_project_leader_changes_a_risk_on_its_page_and_in_its_register_row(django_app, risk):
    form = form_with(django_app.get(url("risk_edit", "hcrc", risk.pk), user=LEADER), "Save")
    form["contingency"] = "Spot-purchase from the framework"
    page = press(form, "Save").follow()
    assert f"{risk.reference} saved." in page.text
    risk.refresh_from_db()
    assert risk.contingency == "Spot-purchase from the framework"

    row = django_app.get(url("risk_edit", "hcrc", risk.pk), user=LEADER, headers={"HX-Request": "true"})
    form = row.forms[0]
    form["residual_likelihood"] = "1"
    form["residual_impact"] = "1"
    page = form.submit().follow()
    assert f"{risk.reference} saved." in page.text
    risk.refresh_from_db()
    assert (risk.residual_likelihood, risk.residual_impact) == (1, 1)


def test_the_project_leader_adds_an_action_to_a_risk_and_marks_it_done(django_app, risk):
    form = form_with(django_app.get(url("risk_detail", "hcrc", risk.pk), user=LEADER), "Add the action")
    form["description"] = "Meet the providers' forum"
    page = press(form, "Add the action").follow()
    assert f"Action added to {risk.reference}." in page.text
    action = risk.actions.get(description="Meet the providers' forum")

    page = press(form_with(page, "Mark done"), "Mark done").follow()
    assert f"Action on {risk.reference} marked done." in page.text
    action.refresh_from_db()
    assert action.done


def test_the_project_leader_escalates_a_risk_to_the_board_and_takes_it_off_again(django_app, risk):
    considered = reverse("risks:risk_considered", args=[risk.pk])
    form = form_with(django_app.get(considered, user=LEADER), "Escalate")
    form["reason"] = "The board should know before the tender closes"
    page = press(form, "Escalate").follow()
    assert f"{risk.reference} is escalated to the Project Board" in page.text

    form = form_with(page, "De-escalate")
    form["reason"] = "Mitigated"
    page = press(form, "De-escalate").follow()
    assert f"{risk.reference} is no longer escalated to the Project Board." in page.text


def test_the_project_leader_logs_an_issue_and_changes_it(django_app, hcrc):
    form = form_with(django_app.get(url("issue_new", "hcrc"), user=LEADER), "Save")
    form["title"] = "Tender portal outage"
    form["description"] = "The portal was down for a day"
    form["issue_type"] = first_choice(form["issue_type"])
    page = press(form, "Save").follow()
    assert "logged." in page.text
    issue = Issue.objects.get(project=hcrc, title="Tender portal outage")

    form = form_with(django_app.get(url("issue_edit", "hcrc", issue.pk), user=LEADER), "Save")
    form["resolution"] = "Deadline extended by a day"
    page = press(form, "Save").follow()
    assert f"{issue.reference} saved." in page.text
    issue.refresh_from_db()
    assert issue.resolution == "Deadline extended by a day"


def test_the_project_leader_changes_the_risk_matrix(django_app, hcrc):
    form = form_with(django_app.get(url("matrix", "hcrc"), user=LEADER), "Save and re-score the risks")
    form["appetite"] = "10"
    page = press(form, "Save and re-score the risks").follow()
    assert "The risk matrix is saved." in page.text
    hcrc.risk_matrix.refresh_from_db()
    assert hcrc.risk_matrix.appetite == 10
