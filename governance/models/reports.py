"""Officer decision reports (seed 000, the 2021 report of the Director of Integrated Commissioning to the Director of
Adults and Health): the council's report template as fields, the decision record, and its appendices.

A published report is never edited (governance.integrity): `save()` and `delete()` refuse a row whose stored status
is published, and so do the queryset's `update()` and `delete()`, for the report and its appendices. A correction is a
new row (version N + 1) that `corrects` the published one, with a reason and the person who made it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance import integrity
from governance.models.meetings import AgendaItem, ExemptParagraph, exempt_notice

__all__ = [
    "DecisionReport",
    "DecisionReportAppendix",
    "DecisionReportStatus",
    "DecisionType",
    "PublishedReportIsFinal",
    "UrgencyRoute",
]


class DecisionType(models.TextChoices):
    """Officer decisions under the delegation scheme (Part 3 of the Constitution). Only a key decision may be called
    in (seed 000, 4.5.2: "This decision is a Significant Operational Decision and is therefore not subject to
    call-in")."""

    KEY = "key", "Key decision"
    SIGNIFICANT_OPERATIONAL = "significant_operational", "Significant operational decision"
    ADMINISTRATIVE = "administrative", "Administrative decision"


class UrgencyRoute(models.TextChoices):
    """How a key decision may be taken without 28 clear days' notice on the forward plan."""

    NONE = "none", "None: published on the forward plan 28 clear days ahead"
    GENERAL_EXCEPTION = "general_exception", "General exception"
    SPECIAL_URGENCY = "special_urgency", "Special urgency"


class DecisionReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off by the Director"
    SIGNED_OFF = "signed_off", "Signed off, awaiting the decision"
    DECIDED = "decided", "Decided, awaiting publication"
    PUBLISHED = "published", "Published"


# A write to a published report or its appendices: the one exception every final record raises.
PublishedReportIsFinal = integrity.RecordIsFinal


class DecisionReportQuerySet(integrity.GuardedQuerySet):
    def published(self):
        return self.filter(status=DecisionReportStatus.PUBLISHED)


class DecisionReport(integrity.Guarded, models.Model):
    # ------------------------------------------------------------------------------------------------- the header
    report_of = models.CharField(
        "report of", max_length=200, help_text="For example: Director of Integrated Commissioning"
    )
    report_to = models.CharField("report to", max_length=200, help_text="For example: Director of Adults and Health")
    report_date = models.DateField("date", null=True, blank=True)
    subject = models.CharField(max_length=300)

    # ---------------------------------------------------------------------------------------- the five questions
    wards_affected = models.BooleanField("are specific electoral wards affected?", null=True, blank=True)
    wards = models.CharField("name(s) of ward(s)", max_length=500, blank=True)
    consultation_carried_out = models.BooleanField("has consultation been carried out?", null=True, blank=True)
    equality_implications = models.BooleanField(
        "are there implications for equality and diversity and cohesion and integration?", null=True, blank=True
    )
    exempt = models.BooleanField("does the report contain confidential or exempt information?", null=True, blank=True)
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph",
        choices=ExemptParagraph,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    access_to_information_rule = models.CharField(
        "access to information procedure rule number", max_length=50, blank=True, help_text="For example: 10.4 (3)"
    )
    exempt_appendix = models.CharField(
        "appendix number",
        max_length=50,
        blank=True,
        help_text="The exempt appendix. Leave empty when the whole report is exempt.",
    )
    public_interest_reason = models.TextField(
        "public interest reason",
        blank=True,
        help_text="Why the public interest in keeping the information exempt outweighs the public interest in "
        "disclosing it",
    )

    # ------------------------------------------------------------------------------------------ summary and body
    summary_main_issues = models.TextField("summary: 1. main issues", blank=True)
    summary_best_council_plan = models.TextField("summary: 2. Best Council Plan implications", blank=True)
    summary_resources = models.TextField("summary: 3. resource implications", blank=True)
    summary_recommendations = models.TextField("recommendations (summary)", blank=True)
    purpose = models.TextField("1. purpose of this report", blank=True)
    background = models.TextField("2. background information", blank=True)
    main_issues = models.TextField("3. main issues", blank=True)
    consultation_engagement = models.TextField("4.1 consultation and engagement", blank=True)
    equality_diversity = models.TextField("4.2 equality and diversity / cohesion and integration", blank=True)
    council_policies = models.TextField("4.3 council policies and the Best Council Plan", blank=True)
    climate_emergency = models.TextField("4.3 climate emergency", blank=True)
    resources_value_for_money = models.TextField("4.4 resources, procurement and value for money", blank=True)
    legal_implications = models.TextField("4.5 legal implications, access to information, and call-in", blank=True)
    risk_management = models.TextField("4.6 risk management", blank=True)
    conclusions = models.TextField("5. conclusions", blank=True)
    recommendations = models.TextField("6. recommendations", blank=True)
    background_documents = models.TextField(
        "7. background documents", blank=True, help_text="Write “7.1 None” when there are none"
    )

    # ------------------------------------------------------------------------------------------ the decision
    decision_type = models.CharField(max_length=30, choices=DecisionType, default=DecisionType.SIGNIFICANT_OPERATIONAL)
    intended_decision_date = models.DateField("intended decision date", null=True, blank=True)
    forward_plan_published_on = models.DateField("date first published on the forward plan", null=True, blank=True)
    urgency_route = models.CharField(max_length=30, choices=UrgencyRoute, default=UrgencyRoute.NONE)
    urgency_reason = models.TextField("reason for the urgency route", blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_reports",
        help_text="The board agenda item this report is a paper for, if any",
    )

    # ------------------------------------------------------------------------------------------ people
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signing_director = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # ------------------------------------------------------------------------------------------ workflow
    status = models.CharField(max_length=20, choices=DecisionReportStatus, default=DecisionReportStatus.DRAFT)
    sent_for_sign_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    returned_comment = models.TextField("the Director's comment on returning it", blank=True)

    # ------------------------------------------------------------------------------------------ decision record
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    decision_text = models.TextField("the decision", blank=True)
    decision_reasons = models.TextField("reasons for the decision", blank=True)
    alternatives_rejected = models.TextField("alternatives considered and rejected", blank=True)
    conflicts_declared = models.TextField(
        "conflicts of interest declared", blank=True, help_text="Type “None” if no conflict was declared"
    )
    dispensation = models.TextField("dispensation granted", blank=True, help_text="Any dispensation granted")
    decision_recorded_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # ------------------------------------------------------------------------------------------ versions
    version = models.PositiveIntegerField(default=1)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction")
    correction_reason = models.TextField(blank=True)
    correction_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DecisionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-report_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signing_director__isnull=True)
                | Q(decision_maker__isnull=True)
                | ~Q(signing_director=models.F("decision_maker")),
                name="report_signer_is_not_the_decision_maker",
                violation_error_message="The decision maker must be someone other than the Director who signs it off.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="a_published_report_has_a_publication_time",
                violation_error_message="A published report has the time it was published.",
            ),
            models.CheckConstraint(
                condition=Q(version=1, corrects__isnull=True) | Q(version__gt=1, corrects__isnull=False),
                name="a_later_version_corrects_one",
                violation_error_message="A later version corrects the version before it; the first version corrects none.",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="a_correction_gives_its_reason",
                violation_error_message="Give the reason for the correction.",
            ),
            models.CheckConstraint(
                condition=~Q(exempt=True) | ~Q(public_interest_reason=""),
                name="an_exempt_report_gives_the_public_interest_reason",
                violation_error_message="Give the public interest reason for the exemption.",
            ),
            models.CheckConstraint(
                condition=Q(urgency_route="none") | ~Q(urgency_reason=""),
                name="an_urgency_route_gives_its_reason",
                violation_error_message="Give the reason for the urgency route.",
            ),
        ]

    def __str__(self):
        return f"{self.subject} (version {self.version})" if self.version > 1 else self.subject

    def get_absolute_url(self):
        return reverse("governance:decision_report", args=[self.pk])

    def clean(self):
        errors = {}
        if self.wards_affected and not self.wards.strip():
            errors["wards"] = "Name the ward or wards affected."
        if self.exempt:
            if not self.exempt_paragraph:
                errors["exempt_paragraph"] = "Choose the paragraph of Schedule 12A the exempt information falls under."
            if not self.public_interest_reason.strip():
                errors["public_interest_reason"] = (
                    "Give the reason the public interest in keeping it exempt outweighs the public interest in "
                    "disclosing it."
                )
        if self.urgency_route != UrgencyRoute.NONE and not self.urgency_reason.strip():
            errors["urgency_reason"] = "Give the reason for taking the decision under the urgency route."
        if self.signing_director_id and self.decision_maker_id and self.signing_director_id == self.decision_maker_id:
            errors["decision_maker"] = "The decision maker must be someone other than the Director who signs it off."
        if errors:
            raise ValidationError(errors)

    # --------------------------------------------------------------------------------------------------- derived

    @property
    def open_for_call_in(self):
        return self.decision_type == DecisionType.KEY

    @property
    def is_published(self):
        return self.status == DecisionReportStatus.PUBLISHED

    @property
    def is_draft(self):
        return self.status == DecisionReportStatus.DRAFT

    # What a wholly exempt report withholds from those who may not see its exempt parts: its body, the reasons of its
    # decision and everything else but the header and the decision itself, which are published.
    WHOLLY_EXEMPT_FIELDS = (
        "public_interest_reason",
        "summary_main_issues",
        "summary_best_council_plan",
        "summary_resources",
        "summary_recommendations",
        "purpose",
        "background",
        "main_issues",
        "consultation_engagement",
        "equality_diversity",
        "council_policies",
        "climate_emergency",
        "resources_value_for_money",
        "legal_implications",
        "risk_management",
        "conclusions",
        "recommendations",
        "background_documents",
        "urgency_reason",
        "returned_comment",
        "decision_reasons",
        "alternatives_rejected",
        "conflicts_declared",
        "dispensation",
    )

    @property
    def exempt_fields(self):
        """The fields that are exempt information: a wholly exempt report's body, or an exempt appendix's public
        interest reason (the appendix itself keeps its own)."""
        if not self.exempt:
            return ()
        return self.WHOLLY_EXEMPT_FIELDS if self.is_wholly_exempt else ("public_interest_reason",)

    @property
    def is_wholly_exempt(self):
        """Exempt with no appendix named: the report itself is not for publication."""
        return bool(self.exempt) and not self.exempt_appendix.strip()

    @property
    def exempt_notice(self):
        return exempt_notice(self.exempt_paragraph) if self.exempt and self.exempt_paragraph else ""


def _appendix_path(appendix, filename):
    return f"decision-reports/{appendix.report_id}/appendix-{appendix.number}.pdf"


class DecisionReportAppendix(integrity.Guarded, models.Model):
    """An appendix of a decision report: a PDF, or only its title while the file is held elsewhere (the seeded 2021
    report names Appendices 1 and 2, whose contents are not in the documents)."""

    report = models.ForeignKey(DecisionReport, on_delete=models.CASCADE, related_name="appendices")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=_appendix_path, blank=True)
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph",
        choices=ExemptParagraph,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text="Only when this appendix is exempt information",
    )
    public_interest_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        verbose_name_plural = "decision report appendices"
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_appendix_per_number"),
            models.CheckConstraint(
                condition=Q(exempt_paragraph__isnull=True) | ~Q(public_interest_reason=""),
                name="an_exempt_appendix_gives_the_public_interest_reason",
                violation_error_message="Give the public interest reason for exempting the appendix.",
            ),
        ]

    def __str__(self):
        return f"Appendix {self.number}: {self.title}"

    def clean(self):
        if self.exempt_paragraph and not self.public_interest_reason.strip():
            raise ValidationError(
                {
                    "public_interest_reason": "Give the reason the public interest in keeping it exempt outweighs "
                    "the public interest in disclosing it."
                }
            )

    @property
    def is_exempt(self):
        return self.exempt_paragraph is not None

    @property
    def exempt_notice(self):
        return exempt_notice(self.exempt_paragraph) if self.exempt_paragraph else ""
