"""What projects puts on a person's work list (registered with governance.worklist in ProjectsConfig.ready):
highlight reports to read before the next meeting, questions awaiting the project's answer, the next highlight
report when it falls due, and overdue deliverables. Each provider runs a fixed number of queries."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from governance import deadlines, permissions
from governance import worklist_rules as rules
from governance.calendar import default_calendar
from governance.models import Meeting, MeetingStatus, Membership, Role, TermsOfReference
from governance.models.bodies import in_force
from governance.worklist import LOOK_AHEAD, Entry, meeting_label, person_of
from projects import highlight
from projects.models import (
    Deliverable,
    DeliverableStatus,
    GoverningBody,
    GoverningRole,
    HighlightReport,
    Project,
    ReportComment,
    ReportStatus,
)


def _report_title(report):
    return f"highlight report, {highlight.day(report.period_start)} to {highlight.day(report.period_end)}"


def _keeps_every_project(user):
    return user.is_superuser or permissions.PROJECT_LEADER in permissions._groups(user)


def _keeps_a_project(user, person):
    """Whether the user keeps any project (looked up once per request user)."""
    if not hasattr(user, "_work_keeps_a_project"):
        user._work_keeps_a_project = (
            _keeps_every_project(user) or Project.objects.filter(management_lead=person).exists()
        )
    return user._work_keeps_a_project


def kept_projects(user, person):
    """The projects whose reports and plan this user keeps: every one for the project leader, else those they lead."""
    if _keeps_every_project(user):
        return Project.objects.all()
    return Project.objects.filter(management_lead=person)


def papers_to_read(user, today):
    """Published highlight reports on the agendas of coming meetings of bodies where the person is a member (or a
    member's named deputy), not yet marked as read. One query."""
    person = person_of(user)
    if person is None:
        return []
    # Board members: the seated roles (those "in attendance" or supporting the meeting are not prompted), and the
    # named deputies of those seats.
    my_bodies = (
        Membership.objects.current(today)
        .filter(Q(person=person) | Q(deputy=person), role__in=Role.seated())
        .values("body")
    )
    reports = (
        HighlightReport.objects.filter(
            status=ReportStatus.PUBLISHED,
            agenda_item__agenda__meeting__status=MeetingStatus.SCHEDULED,
            agenda_item__agenda__meeting__starts_at__date__gte=today,
            agenda_item__agenda__meeting__body__in=my_bodies,
        )
        .exclude(reads__person=person)
        .select_related("project", "agenda_item__agenda__meeting__body")
        .order_by("agenda_item__agenda__meeting__starts_at", "pk")
    )
    return [
        Entry(
            "paper",
            f"Read the {_report_title(report)}",
            f"{report.project.title}, for {meeting_label(report.agenda_item.agenda.meeting)}",
            report.agenda_item.agenda.meeting.date,
            report.get_absolute_url(),
            note="Mark it as read on its page",
        )
        for report in reports
    ]


def questions_to_answer(user, today):
    """Questions on the reports of projects this user keeps that no one who keeps the project has answered. One
    query."""
    person = person_of(user)
    if person is None or not _keeps_a_project(user, person):
        return []
    answers = ReportComment.objects.filter(parent=OuterRef("pk")).filter(
        Q(author__user__is_superuser=True)
        | Q(author__user__groups__name=permissions.PROJECT_LEADER)
        | Q(author_id=OuterRef("report__project__management_lead_id"))
    )
    questions = (
        ReportComment.objects.filter(
            is_question=True, parent__isnull=True, report__project__in=kept_projects(user, person)
        )
        .annotate(answered=Exists(answers))
        .filter(answered=False)
        .select_related("report__project", "author")
        .order_by("created_at", "pk")
    )
    return [
        Entry(
            "question",
            f"Answer {question.author.name}'s question",
            f"{question.report.project.title}, {_report_title(question.report)}",
            None,
            f"{question.report.get_absolute_url()}#comments",
            note=f"Asked on {timezone.localtime(question.created_at):%-d %B %Y}",
        )
        for question in questions
    ]


def highlight_reports_due(user, today):
    """For those who keep a project with a Project Board: the highlight report for the board's next meeting, due by
    the day its agenda must be issued, until one is published for that meeting. Four queries."""
    person = person_of(user)
    if person is None or not _keeps_a_project(user, person):
        return []
    calendar = default_calendar()
    last_day = rules.horizon(today, calendar)
    links = list(
        GoverningBody.objects.filter(role=GoverningRole.PROJECT_BOARD, project__in=kept_projects(user, person))
        .filter(project__closed_on__isnull=True)
        .select_related("project", "body")
        .order_by("project__title")
    )
    boards = GoverningBody.objects.filter(
        role=GoverningRole.PROJECT_BOARD, project__in=kept_projects(user, person)
    ).values("body")
    # A meeting further ahead has its agenda deadline beyond the horizon: it is not read.
    coming = Meeting.objects.filter(
        body__in=boards,
        status=MeetingStatus.SCHEDULED,
        starts_at__gt=timezone.now(),
        starts_at__date__lte=last_day + LOOK_AHEAD,
    )
    next_meeting = {}
    for meeting in coming.select_related("body").order_by("starts_at", "pk"):
        next_meeting.setdefault(meeting.body_id, meeting)
    reported = set(
        HighlightReport.objects.filter(
            status=ReportStatus.PUBLISHED,
            agenda_item__agenda__meeting__in=coming,
        ).values_list("project_id", "agenda_item__agenda__meeting_id")
    )
    versions = TermsOfReference.objects.by_host(_hosts_of(boards))
    entries = []
    for link in links:
        meeting = next_meeting.get(link.body_id)
        if meeting is None or (link.project_id, meeting.pk) in reported:
            continue
        tor = in_force(versions.get(meeting.body.capacity_of_id or meeting.body_id, []), meeting.date)
        deadline = deadlines.agenda_issue_deadline(meeting.date, tor, calendar)
        due = deadline.due if deadline else meeting.date
        if due > last_day:
            continue
        entries.append(
            Entry(
                "highlight_due",
                "Publish the highlight report",
                f"{link.project.title}, for {meeting_label(meeting)}",
                due,
                reverse("projects:report_list", args=[link.project.slug]),
                note="A paper for the board's agenda, due when the agenda must be issued",
            )
        )
    return entries


def _hosts_of(boards):
    from django.db.models.functions import Coalesce

    from governance.models import Body

    return Body.objects.filter(pk__in=boards).annotate(host=Coalesce("capacity_of_id", "pk")).values("host")


def overdue_deliverables(user, today):
    """Deliverables and milestones the person owns whose due date has passed and that are not complete. One query."""
    person = person_of(user)
    if person is None:
        return []
    found = (
        Deliverable.objects.filter(owner=person, due_on__lt=today)
        .exclude(status__in=[DeliverableStatus.COMPLETE, DeliverableStatus.CANCELLED])
        .select_related("project")
        .order_by("due_on", "pk")
    )
    keeps_all = _keeps_every_project(user)
    entries = []
    for deliverable in found:
        project = deliverable.project
        if keeps_all or project.management_lead_id == person.pk:
            url = reverse("projects:deliverable_edit", args=[deliverable.pk])
        else:
            url = reverse("projects:plan", args=[project.slug]) + f"#deliverable-{deliverable.pk}"
        entries.append(
            Entry(
                "deliverable",
                f"Complete {deliverable.get_kind_display().lower()}: {deliverable.title}",
                project.title,
                deliverable.due_on,
                url,
                note=deliverable.get_status_display(),
            )
        )
    return entries


PROVIDERS = (papers_to_read, questions_to_answer, highlight_reports_due, overdue_deliverables)
