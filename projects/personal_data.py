"""What projects holds about a person, for the subject-access export (governance/personal_data.py), and what it
contributes to the retention rules (governance/retention.py)."""

from django.db.models import Q

from governance import personal_data, retention
from projects.models import (
    Benefit,
    ChangeRequest,
    Deliverable,
    DeliverableStatus,
    HighlightReport,
    Lesson,
    Project,
    ReportComment,
    ReportRead,
    Workstream,
)

PROJECT_ROLES = (
    ("sponsor", "Project Sponsor"),
    ("senior_responsible_officer", "Senior responsible officer"),
    ("executive", "Project Executive"),
    ("management_lead", "Project management lead"),
)


def project_records(person, user):
    roles = []
    for project in Project.objects.filter(
        Q(sponsor=person) | Q(senior_responsible_officer=person) | Q(executive=person) | Q(management_lead=person)
    ).order_by("title", "pk"):
        for field, label in PROJECT_ROLES:
            if getattr(project, f"{field}_id") == person.pk:
                roles.append({"project": project.title, "role": label, "closed_on": project.closed_on})
    for stream in (
        Workstream.objects.filter(Q(lead=person) | Q(members=person))
        .select_related("project")
        .distinct()
        .order_by("project__title", "position", "pk")
    ):
        label = stream.get_kind_display()
        roles.append(
            {
                "project": stream.project.title,
                "role": f"{label} lead: {stream.name}"
                if stream.lead_id == person.pk
                else f"{label} member: {stream.name}",
                "closed_on": stream.project.closed_on,
            }
        )
    registers = [
        {"what": "Benefit owned", "project": b.project.title, "entry": b.title, "on": None}
        for b in Benefit.objects.filter(owner=person).select_related("project").order_by("project__title", "pk")
    ]
    registers += [
        {
            "what": "Change request raised",
            "project": c.project.title,
            "entry": f"{c.reference}: {c.title}",
            "on": c.raised_on,
        }
        for c in ChangeRequest.objects.filter(raised_by=person).select_related("project").order_by("raised_on", "pk")
    ]
    registers += [
        {"what": "Lesson logged", "project": lesson.project.title, "entry": lesson.event, "on": lesson.logged_on}
        for lesson in Lesson.objects.filter(logged_by=person).select_related("project").order_by("logged_on", "pk")
    ]
    sections = {
        "Project roles": roles,
        "Deliverables and milestones owned": [
            {
                "project": d.project.title,
                "work_stream": d.workstream.name,
                "deliverable": d.title,
                "kind": d.get_kind_display(),
                "due_on": d.due_on,
                "status": d.get_status_display(),
                "rag": d.get_rag_display(),
                "percent_complete": d.percent_complete,
            }
            for d in Deliverable.objects.filter(owner=person)
            .select_related("project", "workstream")
            .order_by("project__title", "due_on", "pk")
        ],
        "Benefits, change requests and lessons": registers,
        "Highlight reports read": [
            {"project": r.report.project.title, "report": str(r.report), "read_at": r.read_at}
            for r in ReportRead.objects.filter(person=person)
            .select_related("report__project")
            .order_by("read_at", "pk")
        ],
        "Questions and comments on highlight reports": [
            {
                "project": c.report.project.title,
                "report": str(c.report),
                "kind": "Question" if c.is_question else ("Reply" if c.parent_id else "Comment"),
                "text": c.text,
                "at": c.created_at,
            }
            for c in ReportComment.objects.filter(author=person)
            .select_related("report__project")
            .order_by("created_at", "pk")
        ],
        "Highlight reports published with their sign-in": [
            {"project": r.project.title, "report": str(r), "published_at": r.published_at}
            for r in (HighlightReport.objects.filter(published_by=user) if user else HighlightReport.objects.none())
            .select_related("project")
            .order_by("published_at", "pk")
        ],
    }
    sections.update(personal_data.changes_by(user, "projects"))
    return sections


# ---------------------------------------------------------------------------------------------------- retention


def _open_projects(cutoffs):
    return Project.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=cutoffs.personal_date))


def active_people(cutoffs):
    """People who hold a role in a project still open (or closed within the retention period), or did something in
    a project within it."""
    projects = _open_projects(cutoffs)
    people = set()
    for field, _ in PROJECT_ROLES:
        people.update(projects.values_list(f"{field}_id", flat=True))
    people.update(Workstream.objects.filter(project__in=projects).values_list("lead_id", flat=True))
    people.update(
        Workstream.members.through.objects.filter(workstream__project__in=projects).values_list("person_id", flat=True)
    )
    people.update(
        Deliverable.objects.filter(project__in=projects)
        .exclude(status__in=[DeliverableStatus.COMPLETE, DeliverableStatus.CANCELLED])
        .values_list("owner_id", flat=True)
    )
    people.update(Deliverable.objects.filter(due_on__gte=cutoffs.personal_date).values_list("owner_id", flat=True))
    people.update(Benefit.objects.filter(project__in=projects).values_list("owner_id", flat=True))
    people.update(
        ChangeRequest.objects.filter(raised_on__gte=cutoffs.personal_date).values_list("raised_by_id", flat=True)
    )
    people.update(Lesson.objects.filter(logged_on__gte=cutoffs.personal_date).values_list("logged_by_id", flat=True))
    people.update(ReportRead.objects.filter(read_at__gte=cutoffs.personal).values_list("person_id", flat=True))
    people.update(ReportComment.objects.filter(created_at__gte=cutoffs.personal).values_list("author_id", flat=True))
    people.discard(None)
    return people


def _old_read_receipts(purge):
    return [ReportRead.objects.filter(read_at__lt=purge.cutoffs.personal)]


RETENTION = retention.Contribution(
    active_people=active_people,
    rules=(
        retention.Rule(
            "read receipts on highlight reports, older than the retention period, deleted", _old_read_receipts
        ),
    ),
    kept_records=("projects.HighlightReport",),
)
