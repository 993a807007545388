"""Changes to a project's header facts and registers: tolerances, change requests, benefits, lessons and the end
project report. Views parse input and call these; each validates the record (full_clean), saves it with the acting
user in history, and raises GovernanceError when a rule of the domain refuses the change (the message is for the
user). Stale-edit protection is the caller's (governance.editing.save_if_fresh), as for every edit form."""

import re

from django.db import transaction
from django.utils import timezone

from governance.actions import GovernanceError, _save
from governance.models import Decision, DecisionOutcome
from projects.models import ChangeRequest, ChangeStatus, EndProjectReport, Project, ReportStatus

# A change request in one of these states has been decided for good: it is kept as the record and never edited.
FINAL_CHANGE_STATUSES = {ChangeStatus.APPROVED, ChangeStatus.REJECTED}
# What the Project Board may answer to a change request put to it.
DECISION_STATUSES = [
    ChangeStatus.APPROVED,
    ChangeStatus.REJECTED,
    ChangeStatus.DEFERRED,
    ChangeStatus.MORE_INFORMATION,
]
# Open: not yet approved or rejected (deferred and "more information" come back to the board).
OPEN_CHANGE_STATUSES = [s for s in ChangeStatus.values if s not in FINAL_CHANGE_STATUSES]

_CR_NUMBER = re.compile(r"^CR(\d+)$")


# ------------------------------------------------------------------------------------------------------- the project


def save_project(project, by):
    return _save(project, by, "Edited")


# -------------------------------------------------------------------------------------------------------- tolerances


@transaction.atomic
def save_tolerance(tolerance, by):
    """Save a tolerance; when its forecast is now beyond its limit, let the reports area draft the exception report."""
    if tolerance.limit is not None and tolerance.limit < 0:
        raise GovernanceError("A tolerance limit cannot be negative.")
    reason = "Edited" if tolerance.pk else "Created"
    tolerance = _save(tolerance, by, reason)
    if tolerance.exceeded:
        _check_tolerances(tolerance.project, by)
    return tolerance


def _check_tolerances(project, by):
    """Hand over to projects.report_actions.check_tolerances (drafts an exception report), when that area exists."""
    try:
        from projects.report_actions import check_tolerances
    except ImportError:  # the reports area is built separately; without it there is nothing to draft
        return None
    return check_tolerances(project, by)


# --------------------------------------------------------------------------------------------------- change requests


def next_change_reference(project):
    """CR001, CR002, … per project: one more than the highest number used so far."""
    numbers = [
        int(match.group(1))
        for match in map(_CR_NUMBER.match, project.change_requests.values_list("reference", flat=True))
        if match
    ]
    return f"CR{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def create_change_request(change, by):
    """Number the request (under a lock on the project, so that two requests raised together get two numbers)."""
    if change.status not in (ChangeStatus.RAISED, ChangeStatus.FOR_DECISION):
        raise GovernanceError("A new change request is either raised or put to the Project Board.")
    Project.objects.select_for_update().filter(pk=change.project_id).first()
    change.reference = next_change_reference(change.project)
    return _save(change, by, "Raised")


@transaction.atomic
def save_change_request(change, by):
    stored = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if stored.status in FINAL_CHANGE_STATUSES:
        raise GovernanceError(
            f"{stored.reference} has been {stored.get_status_display().lower()} by the Project Board and can no "
            "longer be changed. Raise a new change request instead."
        )
    if change.status not in (ChangeStatus.RAISED, ChangeStatus.FOR_DECISION, stored.status):
        raise GovernanceError("Only the Project Board's decision can approve, reject or defer a change request.")
    return _save(change, by, "Edited")


def board_decisions(project):
    """Decisions recorded at meetings of the project's board, newest first (none when no board is recorded)."""
    board = project.board()
    if board is None:
        return Decision.objects.none()
    return (
        Decision.objects.filter(item__agenda__meeting__body=board)
        .select_related("item__agenda__meeting")
        .order_by("-item__agenda__meeting__starts_at", "-recorded_at", "-id")
    )


def _check_board_decision(project, decision, status):
    if not board_decisions(project).filter(pk=decision.pk).exists():
        raise GovernanceError("Choose a decision recorded at a meeting of this project's board.")
    if status in FINAL_CHANGE_STATUSES and decision.outcome != DecisionOutcome.DECIDED:
        raise GovernanceError(
            "That item was deferred or referred, not decided: it cannot approve or reject anything. Record the "
            "request as deferred, or choose the decision that settled it."
        )


@transaction.atomic
def decide_change_request(change, status, decision, by, decided_on=None):
    """Record the Project Board's answer to a change request that is with it, linked to the board's Decision."""
    stored = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if stored.status != ChangeStatus.FOR_DECISION:
        raise GovernanceError(
            f"{stored.reference} is not with the Project Board (it is {stored.get_status_display().lower()}). Only a "
            "change request with the board can be decided."
        )
    if status not in DECISION_STATUSES:
        raise GovernanceError("Choose approved, rejected, deferred or more information requested.")
    _check_board_decision(stored.project, decision, status)
    stored.status = status
    stored.decision = decision
    stored.decided_on = decided_on or decision.meeting.date
    return _save(stored, by, f"Project Board: {stored.get_status_display().lower()}")


# ---------------------------------------------------------------------------------------------------------- benefits


def save_benefit(benefit, by):
    return _save(benefit, by, "Edited" if benefit.pk else "Created")


def add_measurement(measurement, by):
    if measurement.benefit.measurements.filter(measured_on=measurement.measured_on).exists():
        raise GovernanceError(
            f"There is already a measurement on {measurement.measured_on.day} {measurement.measured_on:%B %Y}. Change the "
            "date or the value."
        )
    return _save(measurement, by, "Measured")


# ----------------------------------------------------------------------------------------------------------- lessons


def save_lesson(lesson, by):
    return _save(lesson, by, "Edited" if lesson.pk else "Logged")


# ------------------------------------------------------------------------------------------------ end project report


def is_approved(report):
    return report.pk is not None and (
        report.approval_decision_id is not None or report.status == ReportStatus.PUBLISHED
    )


@transaction.atomic
def save_end_report(report, by):
    if report.pk:
        stored = EndProjectReport.objects.select_for_update().get(pk=report.pk)
        if is_approved(stored):
            raise GovernanceError("The end project report has been approved and can no longer be changed.")
    report.status = ReportStatus.DRAFT
    return _save(report, by, "Edited" if report.pk else "Drafted")


@transaction.atomic
def approve_end_report(report, decision, closed_on, by):
    """The Project Board approved the report: link its Decision, make the report read-only and close the project."""
    if report.pk is None:
        raise GovernanceError("Save the end project report before it is approved.")
    stored = EndProjectReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if is_approved(stored):
        raise GovernanceError("The end project report has already been approved.")
    project = stored.project
    _check_board_decision(project, decision, ChangeStatus.APPROVED)
    if project.starts_on and closed_on < project.starts_on:
        raise GovernanceError("The project cannot close before it started.")
    if closed_on > timezone.localdate():
        raise GovernanceError("The closing date cannot be in the future.")
    stored.approval_decision = decision
    stored.status = ReportStatus.PUBLISHED
    _save(stored, by, "Approved by the Project Board")
    project.closed_on = closed_on
    _save(project, by, "Closed: end project report approved")
    return stored
