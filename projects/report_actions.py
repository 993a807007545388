"""State changes for highlight and exception reports. Views parse input and call these; each checks the rule, saves
with the acting user in history, and raises GovernanceError with a message for the page.

A published report is frozen: every function here that writes to a report refuses one that is published.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance import notifications
from governance.actions import GovernanceError, _save
from governance.meeting_actions import add_item, ensure_agenda, holder_of
from governance.models import (
    AgendaStatus,
    ApprovalRole,
    Meeting,
    MeetingStatus,
    Membership,
    Purpose,
    Role,
    StandingItem,
)
from governance.permissions import sees_all_bodies
from projects import highlight
from projects.models import (
    ExceptionReport,
    HighlightReport,
    ReportComment,
    ReportRead,
    ReportStatus,
)
from projects.permissions import can_edit_project, can_view_project

PUBLISHED = "A published report cannot be changed."
NOT_A_DRAFT = "Only a draft can be changed. Return the report to draft first."

# Prompts for the parts of an exception report only the Project Leader can write (PRINCE2 exception report).
EXCEPTION_PROMPTS = {
    "cause": "What has caused, or will cause, the deviation from the plan.",
    "consequences": "What happens if nothing is done: the effect on the project, the programme, the council and the "
    "people who use home care.",
    "options": "Each option, doing nothing included, with its effect on the business case, the risks and the "
    "tolerances.",
    "recommendation": "The option you recommend to the Project Board, and why.",
    "lessons": "What can be learned: what warning there was, and what would have caught this earlier.",
}

# -------------------------------------------------------------------------------------------------- who may do what


def may_see_report(user, report):
    """A published report is seen by everyone who may see its project; a draft or submitted one only by those who
    keep the project and by staff."""
    if not can_view_project(user, report.project):
        return False
    return report.status == ReportStatus.PUBLISHED or can_edit_project(user, report.project) or sees_all_bodies(user)


def board_members(project):
    """The people with a current, confirmed seat on the project's board, in seat order."""
    board = project.board()
    if board is None:
        return []
    seats = (
        Membership.objects.current()
        .filter(body=board, role__in=Role.seated(), person__isnull=False, confirmed=True)
        .select_related("person")
        .order_by("position", "id")
    )
    people = {}
    for seat in seats:
        people.setdefault(seat.person_id, seat.person)
    return list(people.values())


def sees_who_read(user, project):
    """Who has read a report is shown to staff, the board's Chair and Project Sponsor and the project's sponsor."""
    if sees_all_bodies(user):
        return True
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return False
    board = project.board()
    holders = {project.sponsor_id}
    if board is not None:
        holders |= {
            getattr(holder_of(role, board), "pk", None) for role in (ApprovalRole.CHAIR, ApprovalRole.PROJECT_SPONSOR)
        }
    return person.pk in holders - {None}


def _require_reader(report, person):
    user = getattr(person, "user", None)
    if user is None or not may_see_report(user, report):
        raise GovernanceError("Only people who may see this report may read it and comment on it.")
    return user


# ------------------------------------------------------------------------------------------------- the board's agenda


def next_board_meeting(project):
    """The next scheduled meeting of the project's board, if there is one."""
    board = project.board()
    if board is None:
        return None
    return (
        Meeting.objects.filter(body=board, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now())
        .order_by("starts_at", "id")
        .first()
    )


def _highlight_item(project, by):
    """The "Highlight report" standing item of the board's next agenda (the agenda is started if need be). It is a
    standing paper: a report is linked to it even once the agenda has left draft."""
    meeting = next_board_meeting(project)
    if meeting is None:
        return None
    agenda = ensure_agenda(meeting, by)
    item = agenda.items.filter(standing=StandingItem.HIGHLIGHT_REPORT).first()
    if item is None and agenda.status == AgendaStatus.DRAFT:
        item = add_item(
            agenda,
            by,
            title=StandingItem.HIGHLIGHT_REPORT.label,
            standing=StandingItem.HIGHLIGHT_REPORT,
            purpose=Purpose.FOR_DISCUSSION,
        )
    return item


def _exception_item(project, title, description, by):
    """A new item for an exception report on the board's next agenda, while that agenda is still a draft."""
    meeting = next_board_meeting(project)
    if meeting is None:
        return None
    agenda = ensure_agenda(meeting, by)
    if agenda.status != AgendaStatus.DRAFT:
        return None
    lead = project.management_lead
    return add_item(
        agenda,
        by,
        title=f"Exception report: {title.removeprefix('Exception: ')} ({project.title})"[:300],
        purpose=Purpose.FOR_DECISION,
        presenter=lead.name if lead else "",
        description=description,
    )


def agenda_note(report):
    """Where the report goes to the board, in words for the page."""
    item = report.agenda_item
    if item is not None:
        meeting = item.agenda.meeting
        return (
            f"A paper for the {meeting.body.name} meeting on {highlight.day(meeting.date)}, "
            f"item {item.number}: {item.title}."
        )
    if report.status != ReportStatus.PUBLISHED and isinstance(report, HighlightReport):
        return "When it is published it becomes a paper for the Project Board's next meeting."
    if next_board_meeting(report.project) is None:
        return "Not on an agenda: the Project Board has no meeting scheduled. Add it when the next meeting is set."
    return "Not on an agenda: the Project Board's next agenda is no longer a draft. Add it as a late item."


# ------------------------------------------------------------------------------------------------ highlight reports


def _locked(report):
    """The stored report, locked for this transaction: its status is checked on this copy, not on the caller's."""
    return type(report).objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def draft_report(project, period_start, period_end, by):
    """Create the project's highlight report for the period from what changed in the plan, or draft it again while
    it is still a draft (its text is replaced). A submitted or published report is not touched."""
    if period_end < period_start:
        raise GovernanceError("The period must end on or after the day it starts.")
    if period_end > timezone.localdate():
        raise GovernanceError("A report covers days that have passed: end the period today or earlier.")
    report = HighlightReport.objects.select_for_update().filter(project=project, period_end=period_end).first()
    if report is not None and report.is_published:
        raise GovernanceError(PUBLISHED)
    if report is not None and report.status != ReportStatus.DRAFT:
        raise GovernanceError("The report for this period has been submitted. Return it to draft to draft it again.")
    reason = "Drafted again from the plan" if report is not None else "Drafted from the plan"
    if report is None:
        report = HighlightReport(project=project, period_end=period_end, version=0)
    report.period_start = period_start
    for name, value in highlight.draft_texts(project, period_start, period_end).items():
        setattr(report, name, value)
    report.version += 1
    return _save(report, by, reason)


@transaction.atomic
def save_report(report, by):
    """Save the Project Leader's edits to a draft."""
    stored = _locked(report)
    if stored.is_published:
        raise GovernanceError(PUBLISHED)
    if stored.status != ReportStatus.DRAFT:
        raise GovernanceError(NOT_A_DRAFT)
    # Only the text and ratings are the form's to change.
    for name in ("status", "submitted_at", "published_at", "published_by", "agenda_item", "project", "period_end"):
        setattr(report, name, getattr(stored, name))
    report.version = stored.version + 1
    return _save(report, by, "Edited")


@transaction.atomic
def submit_report(report, by):
    """Send a draft to the Project Executive for review before it is published."""
    stored = _locked(report)
    if stored.is_published:
        raise GovernanceError(PUBLISHED)
    if stored.status != ReportStatus.DRAFT:
        raise GovernanceError("This report has already been submitted.")
    stored.status = ReportStatus.SUBMITTED
    stored.submitted_at = timezone.now()
    return _save(stored, by, "Submitted")


@transaction.atomic
def redraft_report(report, by):
    """Return a submitted report to draft so that it can be changed."""
    stored = _locked(report)
    if stored.is_published:
        raise GovernanceError(PUBLISHED)
    if stored.status == ReportStatus.DRAFT:
        raise GovernanceError("This report is already a draft.")
    stored.status = ReportStatus.DRAFT
    return _save(stored, by, "Returned to draft")


@transaction.atomic
def publish_report(report, by):
    """Publish a draft or submitted report. It is frozen from now on, and becomes a paper for the "Highlight report"
    item of the Project Board's next meeting (left unlinked when no meeting is scheduled: see agenda_note)."""
    stored = _locked(report)
    if stored.is_published:
        raise GovernanceError(PUBLISHED)
    stored.status = ReportStatus.PUBLISHED
    stored.published_at = timezone.now()
    stored.published_by = by
    stored.agenda_item = _highlight_item(stored.project, by)
    return _save(stored, by, "Published")


def previous_report(report):
    """The project's published report before this one."""
    return (
        HighlightReport.objects.filter(
            project=report.project, status=ReportStatus.PUBLISHED, period_end__lt=report.period_end
        )
        .order_by("-period_end")
        .first()
    )


def report_lines(report):
    """(label, text) lines of a report for a diff: each RAG with its comment, then each line of each section."""
    lines = []
    for dimension, label in [("overall", "Overall"), *highlight.DIMENSION_LABELS.items()]:
        rag = getattr(report, f"get_{dimension}_rag_display")()
        comment = getattr(report, f"{dimension}_comment", "")
        lines.append((label, f"{rag}. {comment}".strip() if comment else rag))
    for section, label in highlight.SECTION_LABELS.items():
        for line in getattr(report, section).splitlines():
            if line.strip():
                lines.append((label, line.strip()))
    return lines


# ------------------------------------------------------------------------------------------ reading and commenting


def mark_read(report, person):
    """Record that `person` has read the published report (once; marking again changes nothing)."""
    if not report.is_published:
        raise GovernanceError("A report can be marked as read once it is published.")
    _require_reader(report, person)
    read, _ = ReportRead.objects.get_or_create(report=report, person=person)
    return read


@transaction.atomic
def add_comment(report, person, text, parent=None, is_question=False):
    """A comment or question on a report by someone who may see it; with `parent`, a reply in that thread (the
    Project Leader answers a question by replying to it)."""
    user = _require_reader(report, person)
    text = (text or "").strip()
    if not text:
        raise GovernanceError("Write your comment or question.")
    if parent is not None:
        if parent.report_id != report.pk:
            raise GovernanceError("You can only reply to a comment on this report.")
        while parent.parent_id:  # one level of replies: a reply to a reply joins the same thread
            parent = parent.parent
        is_question = False
    reason = "Reply" if parent is not None else ("Question" if is_question else "Comment")
    comment = _save(
        ReportComment(report=report, author=person, text=text, parent=parent, is_question=is_question), user, reason
    )
    comment.notice = _tell_about_comment(report, comment, person)
    return comment


def project_leaders(project):
    """Who answers questions on a project's reports: its project management lead, else the Project Leader role."""
    if project.management_lead_id:
        return [project.management_lead]
    from governance.permissions import PROJECT_LEADER

    return list(get_user_model().objects.filter(groups__name=PROJECT_LEADER, is_active=True))


def _tell_about_comment(report, comment, person):
    """A question goes to the project leader; a reply to a question goes to whoever asked it."""
    link = f"{reverse('projects:report_detail', args=[report.pk])}#comments"
    title = f"{report.project.title}, highlight report {report.period_start:%d %B} to {report.period_end:%d %B %Y}"
    if comment.is_question:
        return notifications.notify(
            [p for p in project_leaders(report.project) if getattr(p, "person", p) != person],
            notifications.NotificationKind.QUESTION_ASKED,
            f"Question on the highlight report: {report.project.title}",
            [f"{person.name} asked a question on the {title}:", "", comment.text],
            link,
            exempt_safe=True,
        )
    parent = comment.parent
    if parent is not None and parent.is_question and parent.author_id != person.pk:
        return notifications.notify(
            [parent.author],
            notifications.NotificationKind.QUESTION_ANSWERED,
            f"Your question is answered: {report.project.title}",
            [f"{person.name} answered your question on the {title}:", "", parent.text, "", "Answer:", comment.text],
            link,
            exempt_safe=True,
        )
    return None


def threads(report):
    """The report's comments as (comment, replies) pairs, oldest first."""
    comments = list(report.comments.select_related("author__user"))
    replies = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in comments if not c.parent_id]


# ------------------------------------------------------------------------------------------------ exception reports


@transaction.atomic
def set_forecast(tolerance, forecast, by):
    """Record a new forecast deviation for a tolerance; a forecast beyond the limit drafts an exception report.
    Returns the exception reports drafted."""
    tolerance.forecast = forecast
    _save(tolerance, by, f"Forecast {highlight.amount(forecast, tolerance.unit)}")
    return check_tolerances(tolerance.project, by)


@transaction.atomic
def check_tolerances(project, by):
    """Draft an exception report for each tolerance forecast to be exceeded that has none open (not yet published),
    and put it on the board's next agenda while that is a draft. Returns the reports drafted."""
    drafted = []
    for tolerance in project.tolerances.select_for_update():
        if not tolerance.exceeded:
            continue
        if tolerance.exception_reports.exclude(status=ReportStatus.PUBLISHED).exists():
            continue
        label = tolerance.get_dimension_display()
        title = f"Exception: {label} tolerance forecast to be exceeded"
        unit = tolerance.unit or ""
        over = highlight.quantity(tolerance.forecast - tolerance.limit, unit)
        cause = (
            f"The {label.lower()} forecast is {highlight.quantity(tolerance.forecast, unit)} against a tolerance of "
            f"{highlight.quantity(tolerance.limit, unit)}: {over} beyond the limit the Project Board set "
            f"(forecast recorded on {highlight.day(timezone.localdate())})."
        )
        item = _exception_item(project, title, cause, by)
        drafted.append(
            _save(
                ExceptionReport(project=project, tolerance=tolerance, title=title, cause=cause, agenda_item=item),
                by,
                "Drafted: tolerance forecast to be exceeded",
            )
        )
    return drafted


@transaction.atomic
def save_exception(report, by):
    stored = _locked(report)
    if stored.status == ReportStatus.PUBLISHED:
        raise GovernanceError(PUBLISHED)
    if stored.status != ReportStatus.DRAFT:
        raise GovernanceError(NOT_A_DRAFT)
    for name in ("status", "agenda_item", "project", "tolerance"):
        setattr(report, name, getattr(stored, name))
    return _save(report, by, "Edited")


def _move_exception(report, by, to, allowed_from, refusal, reason):
    stored = _locked(report)
    if stored.status == ReportStatus.PUBLISHED:
        raise GovernanceError(PUBLISHED)
    if stored.status not in allowed_from:
        raise GovernanceError(refusal)
    stored.status = to
    return _save(stored, by, reason)


@transaction.atomic
def submit_exception(report, by):
    return _move_exception(
        report,
        by,
        ReportStatus.SUBMITTED,
        {ReportStatus.DRAFT},
        "This exception report has already been submitted.",
        "Submitted",
    )


@transaction.atomic
def redraft_exception(report, by):
    return _move_exception(
        report,
        by,
        ReportStatus.DRAFT,
        {ReportStatus.SUBMITTED},
        "This exception report is already a draft.",
        "Returned to draft",
    )


@transaction.atomic
def publish_exception(report, by):
    """Publish an exception report for the board: it is frozen from now on. One that is on no agenda yet is added
    to the board's next agenda if that is still a draft."""
    stored = _locked(report)
    if stored.status == ReportStatus.PUBLISHED:
        raise GovernanceError(PUBLISHED)
    stored.status = ReportStatus.PUBLISHED
    if stored.agenda_item_id is None:
        stored.agenda_item = _exception_item(stored.project, stored.title, stored.cause, by)
    return _save(stored, by, "Published")
