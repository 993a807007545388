"""Changes to a project's risk and issue registers and its scoring matrix. Views parse input and call these; each
validates the record (full_clean), saves it with the acting user in history, and raises GovernanceError when a rule
refuses the change (the message is for the user).

Risks and issues carry a `version`. An edit made from an older version than the one stored is refused with what the
other person changed (`StaleEntry.changes`), so that no update is lost: the same pattern as
projects.plan_actions.save_deliverable (lock the row, compare versions, bump, save).
"""

import re

from django.db import transaction
from django.utils import timezone

from governance import versioning
from governance.actions import GovernanceError, _save
from projects.models import Project
from risks.models import Issue, Risk, RiskAction, RiskMatrix, Status

RISK_PREFIX = "R"
ISSUE_PREFIX = "I"


# Kept under its own name for the views; the mechanism is governance.versioning.
StaleEntry = versioning.StaleVersion


def _save_versioned(entry, expected_version, by, reason):
    return versioning.save_versioned(entry, expected_version, by, reason, name=entry.reference)


def next_reference(project, model, prefix):
    """R001, R002, … (or I001, …) per project: one more than the highest number used so far."""
    pattern = re.compile(rf"^{prefix}(\d+)$")
    numbers = [
        int(match.group(1))
        for match in map(pattern.match, model.objects.filter(project=project).values_list("reference", flat=True))
        if match
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _create_numbered(entry, prefix, by, reason):
    # Lock the project so that two entries raised at the same moment get two numbers.
    Project.objects.select_for_update().filter(pk=entry.project_id).first()
    entry.reference = next_reference(entry.project, type(entry), prefix)
    entry.version = 1
    return _save(entry, by, reason)


# ------------------------------------------------------------------------------------------------------------- risks


@transaction.atomic
def create_risk(risk, by):
    """Number the risk (R006 after R005) and save it; its scores follow from the levels and the matrix."""
    if risk.status == Status.CLOSED:
        raise GovernanceError("A new risk is open: raise it first, then close it when it has passed.")
    return _create_numbered(risk, RISK_PREFIX, by, "Raised")


@transaction.atomic
def save_risk(risk, expected_version, by, reason="Changed on the risk register"):
    """Save `risk` (already carrying the user's changes) if nobody has saved it since `expected_version`."""
    return _save_versioned(risk, expected_version, by, reason)


@transaction.atomic
def add_risk_action(risk, by, *, description, owner=None, due_on=None):
    if risk.status == Status.CLOSED:
        raise GovernanceError(f"{risk.reference} is closed: reopen it before adding actions.")
    if not (description or "").strip():
        raise GovernanceError("Describe the action.")
    return _save(RiskAction(risk=risk, description=description.strip(), owner=owner, due_on=due_on), by, "Action added")


@transaction.atomic
def complete_risk_action(action, by):
    action = RiskAction.objects.select_for_update().get(pk=action.pk)
    if action.done:
        raise GovernanceError("That action is already done.")
    action.done = True
    return _save(action, by, "Action done")


# ------------------------------------------------------------------------------------------------------------ issues


@transaction.atomic
def create_issue(issue, by):
    if issue.status == Status.CLOSED:
        raise GovernanceError("A new issue is open: log it first, then close it with its resolution.")
    return _create_numbered(issue, ISSUE_PREFIX, by, "Logged")


@transaction.atomic
def save_issue(issue, expected_version, by, reason="Changed on the issue register"):
    """Save `issue` if nobody has saved it since `expected_version`; the status date follows a change of status."""
    stored_status = Issue.objects.filter(pk=issue.pk).values_list("status", flat=True).first()
    if stored_status is not None and stored_status != issue.status:
        issue.status_on = timezone.localdate()
    return _save_versioned(issue, expected_version, by, reason)


# ------------------------------------------------------------------------------------------------------- the matrix


def projects_scored_by(project):
    """The project and, when it is a programme, those of its projects that have no matrix of their own."""
    children = project.children.exclude(pk__in=RiskMatrix.objects.values("project"))
    return [project, *children]


@transaction.atomic
def save_matrix(matrix, by):
    """Save the matrix (validated by scoring.check_bands through RiskMatrix.clean), then re-score every risk it scores,
    saving each risk whose score or RAG changes so that its history records why."""
    matrix = _save(matrix, by, "Matrix changed" if matrix.pk else "Matrix set for this project")
    changed = []
    for project in projects_scored_by(matrix.project):
        for risk in Risk.objects.select_for_update().filter(project=project).select_related("project"):
            before = (risk.inherent_score, risk.inherent_rag, risk.residual_score, risk.residual_rag)
            risk.rescore()
            if (risk.inherent_score, risk.inherent_rag, risk.residual_score, risk.residual_rag) != before:
                risk.version += 1
                changed.append(_save(risk, by, "Re-scored: the risk matrix changed"))
    return matrix, changed
