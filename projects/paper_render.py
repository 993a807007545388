"""The bodies of the papers projects put before the Project Board: highlight reports, exception reports and the
change requests awaiting the board's decision.

Each paper has one fragment template (projects/papers/…) and one function that builds its context. The screen page
includes the fragment with that context (`{% include … with paper=… only %}`) and a document pack renders it with
`render_…`, so a paper reads the same on screen and in the pack. A fragment takes a single variable, `paper`, and never
the request or the user: it must render the same for everyone, in a background worker too.

The `render_…` functions take ids, not objects, and fetch what they show in a fixed number of queries, because a pack
calls them later, in another process.
"""

from django.template.loader import render_to_string

from projects import highlight
from projects.models import (
    ChangeRequest,
    ChangeStatus,
    ExceptionReport,
    GoverningRole,
    HighlightReport,
    Project,
    ReportStatus,
)
from projects.report_actions import EXCEPTION_PROMPTS

HIGHLIGHT_TEMPLATE = "projects/papers/highlight_report.html"
EXCEPTION_TEMPLATE = "projects/papers/exception_report.html"
CHANGE_REQUESTS_TEMPLATE = "projects/papers/change_requests.html"

# Part of every fingerprint: raise it when a fragment template changes what a frozen paper looks like, so that packs
# keyed on the old fingerprints are rendered again.
FRAGMENT_VERSION = 1

EXCEPTION_PARTS = {
    "cause": "Cause",
    "consequences": "Consequences",
    "options": "Options",
    "recommendation": "Recommendation",
    "lessons": "Lessons",
}
CHANGE_IMPACTS = {
    "time": "Impact on time",
    "cost": "Impact on cost",
    "quality": "Impact on quality",
    "scope": "Impact on scope",
    "benefits": "Impact on benefits",
    "risk": "Impact on risk",
}


def render_paper(template, context):
    """A paper's fragment: the template with its context as `paper`, and nothing else (no request, no user)."""
    return render_to_string(template, {"paper": context})


# ------------------------------------------------------------------------------------------------ highlight reports


def highlight_paper_context(report):
    """The body of a highlight report: its period, the ratings by dimension with their comments, and its sections."""
    return {
        "report": report,
        "project": report.project,
        "rags": [
            (
                label,
                getattr(report, f"{dimension}_rag"),
                getattr(report, f"get_{dimension}_rag_display")(),
                getattr(report, f"{dimension}_comment"),
            )
            for dimension, label in highlight.DIMENSION_LABELS.items()
        ],
        "sections": [(label, getattr(report, name)) for name, label in highlight.SECTION_LABELS.items()],
    }


def render_highlight_report(report_id):
    report = HighlightReport.objects.select_related("project").get(pk=report_id)
    return render_paper(HIGHLIGHT_TEMPLATE, highlight_paper_context(report))


def highlight_fingerprint(report):
    """A published report is frozen (projects.report_actions refuses every change), so its publication time stands
    for its text; the project's title is shown on it too."""
    published = report.published_at.isoformat() if report.published_at else "undated"
    return f"highlight:{FRAGMENT_VERSION}:{report.pk}:{published}:{report.project.title}"


# ------------------------------------------------------------------------------------------------ exception reports


def exception_paper_context(report):
    """The body of an exception report: the tolerance it is about and its parts. While it is being written an empty
    part shows what to write in it; once published it just says nothing was written."""
    prompts = report.status != ReportStatus.PUBLISHED
    return {
        "report": report,
        "project": report.project,
        "tolerance_line": highlight.tolerance_line(report.tolerance),
        "parts": [
            (label, getattr(report, name), EXCEPTION_PROMPTS[name] if prompts else "")
            for name, label in EXCEPTION_PARTS.items()
        ],
    }


def render_exception_report(report_id):
    report = ExceptionReport.objects.select_related("project", "tolerance").get(pk=report_id)
    return render_paper(EXCEPTION_TEMPLATE, exception_paper_context(report))


def exception_fingerprint(report):
    """A published exception report is frozen, but the tolerance line on it is the tolerance as it stands: the
    fingerprint carries the tolerance's figures as well as the report."""
    tolerance = report.tolerance
    figures = f"{tolerance.dimension}:{tolerance.limit}:{tolerance.forecast}:{tolerance.unit}"
    return f"exception:{FRAGMENT_VERSION}:{report.pk}:{report.status}:{figures}:{report.project.title}"


# ---------------------------------------------------------------------------------------------------- change requests


# Awaiting the board's decision: put to the board and not yet decided. A raised request is not yet before the board;
# a deferred one, or one sent back for more information, comes back when the Project Leader puts it to the board again.
AWAITING_DECISION = ChangeStatus.FOR_DECISION


def pending_change_requests(projects):
    """The change requests of these projects awaiting their Project Board's decision."""
    return ChangeRequest.objects.filter(project__in=projects, status=AWAITING_DECISION)


def change_requests_paper_context(project):
    """The change requests of one project awaiting its Project Board's decision, oldest first, each with its impacts
    on time, cost, quality, scope, benefits and risk and its recommendation."""
    changes = pending_change_requests([project]).select_related("raised_by").order_by("raised_on", "id")
    return {
        "project": project,
        "change_requests": [
            (change, [(label, getattr(change, f"impact_{name}")) for name, label in CHANGE_IMPACTS.items()])
            for change in changes
        ],
    }


def render_change_requests(project_id):
    project = Project.objects.get(pk=project_id)
    return render_paper(CHANGE_REQUESTS_TEMPLATE, change_requests_paper_context(project))


def boarded_projects(body):
    """The projects whose Project Board is this body, by title."""
    return Project.objects.filter(
        governing_bodies__body=body, governing_bodies__role=GoverningRole.PROJECT_BOARD
    ).order_by("title", "id")
