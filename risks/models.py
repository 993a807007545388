"""Risk and issue registers, with the scoring matrix each programme sets. `risks` may import `projects` and
`governance`; neither imports `risks`."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.models import AgendaItem, Person
from projects.models import ChangeRequest, Deliverable, Project, Workstream
from risks import scoring


class RiskMatrix(models.Model):
    """The scoring matrix of a programme or project: 5x5 by default (see risks.scoring)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="risk_matrix")
    size = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(3), MaxValueValidator(10)])
    likelihood_labels = models.CharField(
        max_length=400, default=", ".join(scoring.DEFAULT_LIKELIHOOD), help_text="Comma-separated, lowest first"
    )
    impact_labels = models.CharField(
        max_length=400, default=", ".join(scoring.DEFAULT_IMPACT), help_text="Comma-separated, lowest first"
    )
    green_up_to = models.PositiveSmallIntegerField(default=4, help_text="Scores up to this are green")
    amber_up_to = models.PositiveSmallIntegerField(default=12, help_text="Scores above green and up to this are amber")
    appetite = models.PositiveSmallIntegerField(default=12, help_text="The highest residual score accepted")
    history = HistoricalRecords()

    def __str__(self):
        return f"Risk matrix for {self.project}"

    def as_matrix(self):
        top = self.size * self.size
        bands = (
            (1, self.green_up_to, "green"),
            (self.green_up_to + 1, self.amber_up_to, "amber"),
            (self.amber_up_to + 1, top, "red"),
        )
        return scoring.Matrix(
            size=self.size,
            likelihood_labels=tuple(s.strip() for s in self.likelihood_labels.split(",")),
            impact_labels=tuple(s.strip() for s in self.impact_labels.split(",")),
            bands=bands,
            appetite=self.appetite,
        )

    def clean(self):
        try:
            self.as_matrix()
        except scoring.MatrixError as error:
            raise ValidationError(str(error)) from error


def matrix_for(project):
    """The project's matrix, or its programme's, or the default 5x5."""
    for candidate in (project, project.parent):
        if candidate is not None:
            found = RiskMatrix.objects.filter(project=candidate).first()
            if found:
                return found.as_matrix()
    return scoring.Matrix()


class RiskKind(models.TextChoices):
    THREAT = "threat", "Threat"
    OPPORTUNITY = "opportunity", "Opportunity"


class RiskCategory(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    FINANCIAL = "financial", "Financial"
    OPERATIONAL = "operational", "Operational and service delivery"
    MARKET = "market", "Market and providers"
    WORKFORCE = "workforce", "Workforce"
    LEGAL = "legal", "Legal and compliance"
    REPUTATIONAL = "reputational", "Reputational"
    PARTNERSHIP = "partnership", "Partnership (NHS and others)"


class Response(models.TextChoices):
    # Threats
    AVOID = "avoid", "Avoid"
    REDUCE = "reduce", "Reduce"
    FALLBACK = "fallback", "Fallback"
    TRANSFER = "transfer", "Transfer"
    ACCEPT = "accept", "Accept"
    SHARE = "share", "Share"
    # Opportunities
    ENHANCE = "enhance", "Enhance"
    EXPLOIT = "exploit", "Exploit"
    REJECT = "reject", "Reject"

    @classmethod
    def for_kind(cls, kind):
        if kind == RiskKind.OPPORTUNITY:
            return {cls.ENHANCE, cls.EXPLOIT, cls.REJECT, cls.SHARE}
        return {cls.AVOID, cls.REDUCE, cls.FALLBACK, cls.TRANSFER, cls.ACCEPT, cls.SHARE}


class Proximity(models.TextChoices):
    IMMINENT = "imminent", "Imminent"
    WITHIN_3_MONTHS = "3_months", "Within 3 months"
    WITHIN_6_MONTHS = "6_months", "Within 6 months"
    LATER = "later", "More than 6 months"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def _level_field(label):
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(10)])


class Risk(models.Model):
    """A risk (threat or opportunity). Scores and RAG are computed from the matrix on save, never typed; `version`
    protects against lost updates."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    workstream = models.ForeignKey(Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    deliverable = models.ForeignKey(Deliverable, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=RiskKind, default=RiskKind.THREAT)
    cause = models.TextField(blank=True)
    event = models.TextField()
    effect = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=RiskCategory)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="risks_owned")
    actionee = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="risks_actioned")
    raised_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    inherent_likelihood = _level_field("inherent likelihood")
    inherent_impact = _level_field("inherent impact")
    residual_likelihood = _level_field("residual likelihood")
    residual_impact = _level_field("residual impact")
    inherent_score = models.PositiveSmallIntegerField(editable=False, default=0)
    inherent_rag = models.CharField(max_length=10, editable=False, default="")
    residual_score = models.PositiveSmallIntegerField(editable=False, default=0)
    residual_rag = models.CharField("RAG", max_length=10, editable=False, default="")
    response = models.CharField(max_length=20, choices=Response, blank=True)
    contingency = models.TextField(blank=True)
    proximity = models.CharField(max_length=20, choices=Proximity, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    review_date = models.DateField(null=True, blank=True)
    escalated = models.BooleanField(default=False, help_text="Escalated to the Project Board by exception")
    escalation_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-residual_score", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["project", "reference"], name="risk_reference_unique"),
            models.CheckConstraint(
                condition=~Q(escalated=True) | ~Q(escalation_reason=""), name="an_escalation_has_a_reason"
            ),
        ]
        indexes = [models.Index(fields=["project", "status", "residual_rag"])]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def save(self, *args, **kwargs):
        # Scores are never typed: they follow from the levels and the matrix every time.
        self.rescore()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "inherent_score", "inherent_rag", "residual_score", "residual_rag"}
        super().save(*args, **kwargs)

    @property
    def row_key(self):
        """Everything the register's row shows of this risk ({% memo %} draws the row again when one changes). Only
        for a risk the register has decorated with its trend, warnings and appetite (views_registers._decorate)."""
        return (
            *(self.pk, self.reference, self.title, self.kind, self.category, self.status, self.response),
            *(self.inherent_score, self.inherent_rag, self.residual_score, self.residual_rag, self.review_date),
            self.workstream.name if self.workstream_id else None,
            self.owner.name if self.owner_id else None,
            *(self.trend, self.trend_from, tuple(str(warning) for warning in self.warnings), self.above_appetite),
        )

    def clean(self):
        errors = {}
        if self.response and self.kind and self.response not in Response.for_kind(self.kind):
            errors["response"] = (
                f"“{Response(self.response).label}” is not a response to "
                f"{'an opportunity' if self.kind == RiskKind.OPPORTUNITY else 'a threat'}."
            )
        if self.project_id:
            matrix = matrix_for(self.project)
            for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
                value = getattr(self, name)
                if value is not None and not 1 <= value <= matrix.size:
                    errors[name] = f"Choose a level from 1 to {matrix.size}."
        if self.escalated and not self.escalation_reason.strip():
            errors["escalation_reason"] = "Say why the risk is escalated to the board."
        if errors:
            raise ValidationError(errors)

    def rescore(self, matrix=None):
        """Compute scores and RAG from the matrix (called on every save)."""
        matrix = matrix or matrix_for(self.project)
        self.inherent_score, self.inherent_rag = matrix.assess(self.inherent_likelihood, self.inherent_impact)
        self.residual_score, self.residual_rag = matrix.assess(self.residual_likelihood, self.residual_impact)


class RiskAction(models.Model):
    """A response action with its owner and due date."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "due_on", "id"]

    def __str__(self):
        return self.description[:60]


class IssueType(models.TextChoices):
    REQUEST_FOR_CHANGE = "rfc", "Request for change"
    OFF_SPECIFICATION = "off_spec", "Off-specification"
    PROBLEM = "problem", "Problem or concern"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Severity(models.TextChoices):
    BOARD = "board", "For the Project Board"
    EXECUTIVE = "executive", "For the Project Executive"
    PROJECT_LEADER = "project_leader", "For the Project Leader"


class Issue(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="issues")
    reference = models.CharField(max_length=20)
    issue_type = models.CharField(max_length=20, choices=IssueType)
    title = models.CharField(max_length=200)
    description = models.TextField()
    raised_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    priority = models.CharField(max_length=10, choices=Priority, default=Priority.MEDIUM)
    severity = models.CharField(max_length=20, choices=Severity, default=Severity.PROJECT_LEADER)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="issues_owned")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    status_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "status", "reference"]
        constraints = [models.UniqueConstraint(fields=["project", "reference"], name="issue_reference_unique")]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def clean(self):
        errors = {}
        if self.status == Status.CLOSED and not self.closed_on:
            errors["closed_on"] = "Give the date the issue was closed."
        if self.status == Status.CLOSED and not self.resolution.strip():
            errors["resolution"] = "Say how the issue was resolved."
        if self.change_request_id and self.issue_type != IssueType.REQUEST_FOR_CHANGE:
            errors["change_request"] = "Only a request for change links to a change request."
        if errors:
            raise ValidationError(errors)


class Escalation(models.Model):
    """A risk put to the Project Board by exception (the Project Leader's judgement), with the reason."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField()
    escalated_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "-escalated_at"]

    def __str__(self):
        return f"{self.risk} escalated: {self.reason[:40]}"
