"""Programmes and projects: phases, work-streams and work packages, deliverables and milestones with their
dependencies, tolerances, change requests, benefits, lessons, highlight and exception reports, end project report.

Sources: seed 004 (the HCRC project, its three phases, work-streams, Finance Work Package 1 and their deliverables;
the Project Leader's responsibilities) and seed 000 (the 2021 wellbeing-model programme).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance import integrity, links
from governance.models import Body, Decision, Person


class ProjectKind(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class Project(models.Model):
    kind = models.CharField(max_length=20, choices=ProjectKind, default=ProjectKind.PROJECT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    reference = models.CharField(max_length=100, blank=True)
    directorate = models.CharField(max_length=200, blank=True)
    sponsor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    senior_responsible_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    executive = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="project executive"
    )
    management_lead = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="project management lead",
    )
    theme = models.CharField(max_length=200, blank=True)
    aim = models.TextField(blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField(max_length=300, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.slug])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end must be on or after the start."})

    def board(self):
        """The body that acts as this project's board (takes its decisions), if one is recorded."""
        link = self.governing_bodies.filter(role=GoverningRole.PROJECT_BOARD).select_related("body").first()
        return link.body if link else None


class GoverningRole(models.TextChoices):
    PROJECT_BOARD = "project_board", "Project board"
    STRATEGIC_GROUP = "strategic_group", "Strategic group"
    PROJECT_TEAM = "project_team", "Project team"
    SCRUTINY = "scrutiny", "Scrutiny"


class GoverningBody(models.Model):
    """A body that governs a project, in one role: its board, its strategic group, its team."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="governing_bodies")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="governed_projects")
    role = models.CharField(max_length=20, choices=GoverningRole)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "role"], name="one_body_per_governing_role")]

    def __str__(self):
        return f"{self.body} ({self.get_role_display()}) for {self.project}"


class Phase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveIntegerField()
    description = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="phase_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"),
        ]

    def __str__(self):
        return f"Phase {self.number}"


class StreamKind(models.TextChoices):
    WORK_STREAM = "work_stream", "Work-stream"
    WORK_PACKAGE = "work_package", "Work package"


class Workstream(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workstreams")
    kind = models.CharField(max_length=20, choices=StreamKind, default=StreamKind.WORK_STREAM)
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="workstreams_led")
    purpose = models.TextField(blank=True)
    phases = models.ManyToManyField(Phase, blank=True, related_name="workstreams")
    runs = models.CharField(max_length=100, blank=True, help_text="As the plan puts it, e.g. 'throughout the project'")
    members = models.ManyToManyField(Person, blank=True, related_name="workstreams")
    stakeholders = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[phases, members])

    class Meta:
        ordering = ["project", "position", "id"]

    def __str__(self):
        return self.name


class DeliverableKind(models.TextChoices):
    DELIVERABLE = "deliverable", "Deliverable"
    MILESTONE = "milestone", "Milestone"


class DeliverableStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    ON_HOLD = "on_hold", "On hold"
    CANCELLED = "cancelled", "Cancelled"


class Deliverable(models.Model):
    """A deliverable or milestone of a work-stream. `version` goes up with every save: an edit made from an older
    version is refused (lost-update protection)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="deliverables")
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliverables")
    kind = models.CharField(max_length=20, choices=DeliverableKind, default=DeliverableKind.DELIVERABLE)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="deliverables")
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    due_date_from_phase = models.BooleanField(
        default=False, help_text="The plan gives no date: due at the end of its phase"
    )
    status = models.CharField(max_length=20, choices=DeliverableStatus, default=DeliverableStatus.NOT_STARTED)
    rag = models.CharField("RAG", max_length=10, choices=Rag, default=Rag.GREEN)
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="needed_by")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[depends_on])

    class Meta:
        ordering = ["workstream__position", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="percent_complete_at_most_100"),
        ]

    def __str__(self):
        return self.title

    @property
    def row_key(self):
        """Everything the plan's row shows of this deliverable ({% memo %} renders the row again when one changes)."""
        return (
            *(self.pk, self.workstream_id, self.kind, self.title, self.status, self.rag, self.percent_complete),
            *(self.due_on, self.due_date_from_phase, self.phase.number if self.phase_id else None),
            self.owner.name if self.owner_id else None,
            tuple(other.title for other in self.depends_on.all()),
        )

    @property
    def edit_url(self):
        return links.pk_url("projects:deliverable_edit")(self.pk)

    @property
    def move_url(self):
        return links.pk_url("projects:deliverable_move")(self.pk)

    def clean(self):
        errors = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = "The due date must be on or after the start."
        if self.status == DeliverableStatus.COMPLETE and self.percent_complete != 100:
            errors["percent_complete"] = "A complete deliverable is 100% complete."
        if self.workstream_id and self.project_id and self.workstream.project_id != self.project_id:
            errors["workstream"] = "The work-stream must belong to the same project."
        if errors:
            raise ValidationError(errors)


class Dimension(models.TextChoices):
    TIME = "time", "Time"
    COST = "cost", "Cost"
    SCOPE = "scope", "Scope"
    QUALITY = "quality", "Quality"
    RISK = "risk", "Risk"
    BENEFITS = "benefits", "Benefits"


class Tolerance(models.Model):
    """How far a project may deviate on one dimension before the Project Board must decide (PRINCE2 tolerance),
    and the current forecast deviation. A forecast beyond the limit drafts an exception report."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tolerances")
    dimension = models.CharField(max_length=20, choices=Dimension)
    limit = models.DecimalField(max_digits=14, decimal_places=2, help_text="The deviation allowed")
    unit = models.CharField(max_length=30, help_text="e.g. weeks, £, % of scope, score")
    forecast = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    description = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "dimension"]
        constraints = [models.UniqueConstraint(fields=["project", "dimension"], name="one_tolerance_per_dimension")]

    def __str__(self):
        return f"{self.get_dimension_display()} tolerance ({self.limit} {self.unit})"

    @property
    def exceeded(self):
        return self.forecast > self.limit

    @property
    def status(self):
        if self.exceeded:
            return "Forecast to exceed"
        if self.limit and self.forecast >= self.limit * Decimal("0.8"):
            return "Close to the limit"
        return "Within tolerance"


class ChangeStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    FOR_DECISION = "for_decision", "With the Project Board"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    DEFERRED = "deferred", "Deferred"
    MORE_INFORMATION = "more_information", "More information requested"


class ChangeRequest(models.Model):
    """A PRINCE2 request for change, decided by the Project Board."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_requests")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField()
    impact_time = models.TextField(blank=True)
    impact_cost = models.TextField(blank=True)
    impact_quality = models.TextField(blank=True)
    impact_scope = models.TextField(blank=True)
    impact_benefits = models.TextField(blank=True)
    impact_risk = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=ChangeStatus, default=ChangeStatus.RAISED)
    raised_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "reference"], name="change_reference_unique")]

    def __str__(self):
        return f"{self.reference}: {self.title}"


class Benefit(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=300)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=30, blank=True)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    success_criteria = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError({"target": "The target must differ from the baseline."})

    def percent_achieved(self, latest=None):
        """How far the latest measurement has moved from the baseline towards the target (0-100+)."""
        latest = latest if latest is not None else self.measurements.order_by("-measured_on").first()
        if latest is None or self.target == self.baseline:
            return None
        return round((latest.value - self.baseline) / (self.target - self.baseline) * 100)


class BenefitMeasurement(models.Model):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["benefit", "measured_on"]
        constraints = [models.UniqueConstraint(fields=["benefit", "measured_on"], name="one_measurement_per_day")]

    def __str__(self):
        return f"{self.benefit}: {self.value} on {self.measured_on}"


class LessonType(models.TextChoices):
    PROJECT = "project", "Project lesson"
    CORPORATE = "corporate", "Corporate or programme lesson"
    BOTH = "both", "Both"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Lesson(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lessons")
    lesson_type = models.CharField(max_length=20, choices=LessonType, default=LessonType.PROJECT)
    event = models.TextField()
    effect = models.TextField(blank=True)
    cause = models.TextField(blank=True)
    early_warning = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    priority = models.CharField(max_length=10, choices=Priority, default=Priority.MEDIUM)
    logged_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    logged_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-logged_on", "-id"]

    def __str__(self):
        return self.event[:60]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    PUBLISHED = "published", "Published"


class HighlightReport(integrity.Guarded, models.Model):
    """A PRINCE2 highlight report for one period. Its sections are drafted from what changed in the period; once
    published it is frozen (its text never changes with the plan; governance.integrity)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="highlight_reports")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT)
    overall_rag = models.CharField("overall RAG", max_length=10, choices=Rag, default=Rag.GREEN)
    time_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    time_comment = models.TextField(blank=True)
    cost_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    cost_comment = models.TextField(blank=True)
    scope_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    scope_comment = models.TextField(blank=True)
    quality_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    quality_comment = models.TextField(blank=True)
    risks_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    risks_comment = models.TextField(blank=True)
    issues_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    issues_comment = models.TextField(blank=True)
    benefits_rag = models.CharField(max_length=10, choices=Rag, default=Rag.GREEN)
    benefits_comment = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    work_done = models.TextField(blank=True, help_text="Work done this period")
    work_planned = models.TextField(blank=True, help_text="Work planned for the next period")
    products_completed = models.TextField(blank=True)
    tolerance_status = models.TextField(blank=True)
    change_requests = models.TextField(blank=True)
    key_risks_and_issues = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="highlight_reports",
        help_text="The Project Board agenda item this report is a paper for",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="period_ends_after_start"
            ),
            models.UniqueConstraint(fields=["project", "period_end"], name="one_report_per_period_end"),
        ]

    def __str__(self):
        return f"Highlight report {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("projects:report_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == ReportStatus.PUBLISHED

    DIMENSIONS = ["time", "cost", "scope", "quality", "risks", "issues", "benefits"]
    SECTIONS = [
        "summary",
        "work_done",
        "work_planned",
        "products_completed",
        "tolerance_status",
        "change_requests",
        "key_risks_and_issues",
        "lessons",
    ]


class ReportRead(models.Model):
    """A read receipt: this person marked this report as read."""

    report = models.ForeignKey(HighlightReport, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="one_read_receipt_per_person")]

    def __str__(self):
        return f"{self.person} read {self.report}"


class ReportComment(models.Model):
    """A question or comment on a report, threaded: answers point at what they answer."""

    report = models.ForeignKey(HighlightReport, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    is_question = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at", "id"]

    def __str__(self):
        return self.text[:60]


class ExceptionReport(integrity.Guarded, models.Model):
    """Drafted when a tolerance is forecast to be exceeded, for the Project Board's next meeting. Frozen once
    published (governance.integrity)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exception_reports")
    tolerance = models.ForeignKey(Tolerance, on_delete=models.PROTECT, related_name="exception_reports")
    status = models.CharField(max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT)
    title = models.CharField(max_length=200)
    cause = models.TextField(blank=True)
    consequences = models.TextField(blank=True)
    options = models.TextField(
        blank=True, help_text="Each option with its effect on the business case, risks and tolerances"
    )
    recommendation = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    drafted_at = models.DateTimeField(auto_now_add=True)
    agenda_item = models.ForeignKey(
        "governance.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="exception_reports"
    )
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-drafted_at"]

    def __str__(self):
        return self.title


# Published reports are final (governance.integrity). Read receipts and comments are rows of their own; the agenda
# item a report is a paper for is cleared when that item goes from a draft agenda.
integrity.register(
    integrity.Rule(
        "projects.HighlightReport",
        "A published highlight report is never changed. Report what changed in the next period's report.",
        locked_statuses=(ReportStatus.PUBLISHED,),
        free_fields=("agenda_item",),
    )
)
integrity.register(
    integrity.Rule(
        "projects.ExceptionReport",
        "A published exception report is never changed. Draft a new exception report for the board.",
        locked_statuses=(ReportStatus.PUBLISHED,),
        free_fields=("agenda_item",),
    )
)


class EndProjectReport(models.Model):
    """The PRINCE2 end project report, approved by the Project Board to close the project."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="end_report")
    status = models.CharField(max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT)
    performance_against_business_case = models.TextField(blank=True)
    objectives_review = models.TextField(blank=True, help_text="Time, cost, quality, scope, benefits and risk")
    team_performance = models.TextField(blank=True)
    products_review = models.TextField(blank=True, help_text="Quality records, approval records, off-specifications")
    benefits_review = models.TextField(blank=True)
    follow_on_actions = models.TextField(blank=True)
    lessons_report = models.TextField(blank=True)
    approval_decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    def __str__(self):
        return f"End project report: {self.project}"
