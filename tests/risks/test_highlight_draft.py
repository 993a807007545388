"""The risk register's part of a highlight report's draft: the risks raised in the report's period, under "Key risks
and issues", after what the plan itself says."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from projects import highlight, report_actions
from projects.models import Project
from risks.models import Risk

pytestmark = pytest.mark.django_db

FEB_1, FEB_28 = dt.date(2026, 2, 1), dt.date(2026, 2, 28)


@pytest.fixture
def project():
    """A project of its own: no plan, no risks, so the draft holds only what each test adds."""
    return Project.objects.create(title="Draft test project", slug="draft-test", reference="DT1")


def raise_risk(project, reference, raised_on, likelihood, impact, title=None):
    return Risk.objects.create(
        project=project,
        reference=reference,
        title=title or f"Risk {reference}",
        event="Something happens.",
        category="operational",
        raised_on=raised_on,
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=likelihood,
        residual_impact=impact,
    )


def test_the_risks_raised_in_the_period_are_listed_highest_score_first(project):
    raise_risk(project, "R001", dt.date(2026, 1, 31), 5, 5)  # the day before the period
    raise_risk(project, "R002", FEB_1, 2, 2, title="Minor supplier delay")
    raise_risk(project, "R003", FEB_28, 4, 5, title="Providers leave the framework")
    raise_risk(project, "R004", dt.date(2026, 3, 1), 5, 5)  # the day after
    texts = highlight.draft_texts(project, FEB_1, FEB_28)
    assert texts["key_risks_and_issues"].splitlines() == [
        "New risk: R003 Providers leave the framework, residual score 20 (Red)",
        "New risk: R002 Minor supplier delay, residual score 4 (Green)",
    ]


def test_with_no_risk_raised_the_draft_says_what_the_plan_says(project):
    raise_risk(project, "R001", dt.date(2026, 1, 15), 5, 5)
    texts = highlight.draft_texts(project, FEB_1, FEB_28)
    assert texts["key_risks_and_issues"] == highlight.NO_RISKS_OR_ISSUES


def test_the_drafted_report_holds_the_new_risk(project):
    leader = get_user_model().objects.get(username="project.leader")
    raise_risk(project, "R007", dt.date(2026, 2, 10), 3, 4, title="Recruitment falls short")
    report = report_actions.draft_report(project, FEB_1, FEB_28, leader)
    assert "New risk: R007 Recruitment falls short, residual score 12" in report.key_risks_and_issues
