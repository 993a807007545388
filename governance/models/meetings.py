"""Meetings and what happens around them: agendas and their approval, items, attendance, declarations of interest,
minutes, decisions, actions, and decisions taken between meetings.

Sources: the Board's ToR (agenda drafted by the Project Leader, approved by the Project Executive and the Project
Sponsor, issued by the administration team five working days ahead; notes with decisions and actions circulated within
five working days once approved by the Chair; extraordinary meetings called by the Chair or four members with 1-5
days' notice; matters put to members between meetings on an exception basis) and the Strategic Group's ToR 3.12-3.16.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance import integrity
from governance.models.bodies import Body, Membership, Person


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinary meeting"
    EXTRAORDINARY = "extraordinary", "Extraordinary meeting"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind, default=MeetingKind.ORDINARY)
    status = models.CharField(max_length=20, choices=MeetingStatus, default=MeetingStatus.SCHEDULED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    # Extraordinary meetings: who called it and the notice given.
    called_by_chair = models.BooleanField(default=False)
    called_by = models.ManyToManyField(Person, blank=True, related_name="meetings_called")
    notice_given_on = models.DateField(null=True, blank=True)
    # iCalendar: a stable UID and a sequence number that goes up with every change people should see.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[called_by])

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_it_starts")
        ]

    def __str__(self):
        return f"{self.body.short_name or self.body.name}, {self.starts_at:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})
        if self.status == MeetingStatus.CANCELLED and not self.cancelled_reason:
            raise ValidationError({"cancelled_reason": "Say why the meeting is cancelled."})

    @property
    def date(self):
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved, ready to issue"
    ISSUED = "issued", "Issued"


class Agenda(integrity.Guarded, models.Model):
    """The agenda of a meeting (number 0), or a supplementary agenda for late items (1, 2, ...). Once issued it is
    final (governance.integrity): late items go in a supplementary agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agendas")
    supplement = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=AgendaStatus, default=AgendaStatus.DRAFT)
    step = models.PositiveIntegerField(default=0, help_text="How many approval steps are done")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late_reason = models.TextField(blank=True, help_text="The special circumstances of urgency, when issued late")
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "supplement"]
        constraints = [models.UniqueConstraint(fields=["meeting", "supplement"], name="one_agenda_per_supplement")]

    def __str__(self):
        label = "Agenda" if not self.supplement else f"Supplementary agenda {self.supplement}"
        return f"{label} – {self.meeting}"

    @property
    def is_issued(self):
        return self.status == AgendaStatus.ISSUED


class AgendaDecision(models.TextChoices):
    SUBMITTED = "submitted", "Sent for approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"
    ISSUED = "issued", "Issued"


class AgendaApproval(models.Model):
    """One step of an agenda's approval trail: who acted, in what role, for whom, and what they said."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="approvals")
    decision = models.CharField(max_length=20, choices=AgendaDecision)
    role = models.CharField(max_length=30, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda", "at", "id"]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.by} ({self.role})"


class Delegation(models.Model):
    """A recorded delegation: `delegate` may act for `principal` (for example in an approval) between two dates."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="delegations")
    principal = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegations_given")
    delegate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegations_held")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=~Q(delegate=models.F("principal")), name="delegate_is_not_principal"),
        ]

    def __str__(self):
        return f"{self.delegate} for {self.principal} ({self.starts_on} to {self.ends_on})"


class Purpose(models.TextChoices):
    FOR_DECISION = "decision", "For decision"
    FOR_DISCUSSION = "discussion", "For discussion"
    FOR_INFORMATION = "information", "For information"


class StandingItem(models.TextChoices):
    """Business every meeting takes, from the terms of reference."""

    APOLOGIES = "apologies", "Apologies and deputies"
    DECLARATIONS = "declarations", "Declarations of interest"
    MINUTES = "minutes", "Minutes of the last meeting"
    ACTION_LOG = "action_log", "Action log"
    EXCEPTION_DECISIONS = "exception_decisions", "Decisions taken between meetings"
    HIGHLIGHT_REPORT = "highlight_report", "Highlight report"
    ISSUES_AND_RED_RISKS = "issues_and_red_risks", "All issues and red risks"


class ExemptParagraph(models.IntegerChoices):
    """Schedule 12A to the Local Government Act 1972, Part 1: descriptions of exempt information."""

    P1 = 1, "1: information relating to any individual"
    P2 = 2, "2: information likely to reveal the identity of an individual"
    P3 = 3, "3: financial or business affairs of any particular person (including the authority)"
    P4 = 4, "4: consultations or negotiations in connection with labour relations"
    P5 = 5, "5: information in respect of which legal professional privilege could be maintained"
    P6 = 6, "6: notices, orders or directions under any enactment"
    P7 = 7, "7: the prevention, investigation or prosecution of crime"


def exempt_notice(paragraph):
    return (
        f"Not for publication by virtue of paragraph {paragraph} of Part 1 of Schedule 12A to the Local Government "
        "Act 1972"
    )


class AgendaItem(integrity.Guarded, models.Model):
    """An item of an agenda; final once the agenda is issued (governance.integrity)."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose, default=Purpose.FOR_DISCUSSION)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_allowed = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(600)])
    standing = models.CharField(max_length=30, choices=StandingItem, blank=True)
    description = models.TextField(blank=True)
    paper = models.FileField(
        upload_to="papers/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=ExemptParagraph,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    public_interest_reason = models.TextField(blank=True)
    referred_from = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_items",
        help_text="A matter referred up from another body's inquorate or disagreed item",
    )
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["agenda__supplement", "position", "id"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.exempt_paragraph and not self.public_interest_reason:
            raise ValidationError(
                {
                    "public_interest_reason": "Give the reason the public interest in keeping it exempt outweighs "
                    "the public interest in disclosing it."
                }
            )

    @property
    def number(self):
        prefix = f"S{self.agenda.supplement}." if self.agenda.supplement else ""
        return f"{prefix}{self.position}"

    @property
    def is_exempt(self):
        return self.exempt_paragraph is not None

    @property
    def exempt_notice(self):
        return exempt_notice(self.exempt_paragraph) if self.exempt_paragraph else ""


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    DEPUTY = "deputy", "Present as deputy"
    ABSENT = "absent", "Absent"
    IN_ATTENDANCE = "in_attendance", "In attendance"
    GUEST = "guest", "Guest"


class Attendance(models.Model):
    """Who was at a meeting, in what capacity, and from which item to which."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus)
    deputy_for = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The seat whose holder this person stands in for",
    )
    arrived_at_item = models.PositiveIntegerField(null=True, blank=True, help_text="Present from this item on")
    left_at_item = models.PositiveIntegerField(null=True, blank=True, help_text="Gone before this item")
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_row_per_person")]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"

    def clean(self):
        if self.status == AttendanceStatus.DEPUTY and not self.deputy_for_id:
            raise ValidationError({"deputy_for": "Say whose place the deputy is taking."})
        if self.arrived_at_item and self.left_at_item and self.left_at_item <= self.arrived_at_item:
            raise ValidationError({"left_at_item": "A person cannot leave before the item at which they arrived."})

    @property
    def is_there(self):
        return self.status in {
            AttendanceStatus.PRESENT,
            AttendanceStatus.DEPUTY,
            AttendanceStatus.IN_ATTENDANCE,
            AttendanceStatus.GUEST,
        }

    def present_for(self, position):
        """Was this person in the room for the item at `position`?"""
        if not self.is_there:
            return False
        if self.arrived_at_item and position < self.arrived_at_item:
            return False
        return not (self.left_at_item and position >= self.left_at_item)


class InterestKind(models.TextChoices):
    DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"


class Declaration(models.Model):
    """A declaration of interest on an item. A disqualifying interest means the member leaves for that item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=30, choices=InterestKind)
    interest = models.TextField()
    disqualifying = models.BooleanField(default=False, help_text="The member leaves the meeting for this item")
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "person__name"]
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="one_declaration_per_person_per_item")]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()} ({self.item})"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEWED = "reviewed", "Reviewed by critical friends"
    APPROVED = "approved", "Approved by the Chair"
    CIRCULATED = "circulated", "Circulated"


class Minutes(integrity.Guarded, models.Model):
    """One version of a meeting's minutes. Approved minutes are never edited: a correction is a new version
    (governance.integrity)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=MinutesStatus, default=MinutesStatus.DRAFT)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    correction_reason = models.TextField(blank=True)
    late_issue_reason = models.TextField(blank=True, help_text="Carried from a late agenda, for the record")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name_plural = "minutes"
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique")]

    def __str__(self):
        return f"Minutes v{self.version} – {self.meeting}"

    @property
    def is_locked(self):
        return integrity.is_locked(self)


class MinutesReview(models.Model):
    """A critical friend's read of draft minutes (the Project Leader and the Project Executive)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reviews")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["minutes", "role"], name="one_review_per_role")]

    def __str__(self):
        return f"Read by the {self.role}"


class ItemNote(integrity.Guarded, models.Model):
    """The minutes' note of the discussion of one item, in one version of the minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="notes")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    discussion = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["minutes", "item"], name="one_note_per_item_per_version")]

    def __str__(self):
        return f"Note on {self.item}"


class DecisionOutcome(models.TextChoices):
    DECIDED = "decided", "Decided"
    DEFERRED = "deferred", "Deferred (not quorate)"
    REFERRED = "referred", "Referred to the parent body"


class Decision(integrity.Guarded, models.Model):
    """A decision at an item, or a matter deferred or referred because the item was not quorate. Final once
    recorded (governance.integrity)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField()
    outcome = models.CharField(max_length=20, choices=DecisionOutcome, default=DecisionOutcome.DECIDED)
    quorate = models.BooleanField()
    quorum_note = models.TextField(help_text="Who counted and what was short, at the moment of the decision")
    referred_to = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_received"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = integrity.GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="decided") | Q(quorate=True), name="a_decision_needs_a_quorate_item"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="referred") | Q(referred_to__isnull=False), name="a_referral_names_the_body"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def meeting(self):
        return self.item.agenda.meeting


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    update = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        # The action log's order: its first page is read from the index, not by sorting every action.
        indexes = [models.Index(fields=["due_on", "id"], name="action_log_order")]

    def __str__(self):
        return f"{self.description[:60]} ({self.owner}, {self.due_on})"

    def clean(self):
        if self.status == ActionStatus.DONE and not self.done_on:
            raise ValidationError({"done_on": "Give the date the action was done."})
        if self.status != ActionStatus.DONE and self.done_on:
            raise ValidationError({"done_on": "Only a done action has a done date."})

    @property
    def meeting(self):
        return self.item.agenda.meeting


class ExceptionCategory(models.TextChoices):
    MEDIA = "media", "Media enquiry"
    MEMBER = "member", "Elected member enquiry"
    FOI = "foi", "Freedom of Information request"
    OTHER = "other", "Other matter that cannot wait"


class ExceptionStatus(models.TextChoices):
    OPEN = "open", "Awaiting responses"
    DECIDED = "decided", "Decided"
    LAPSED = "lapsed", "Lapsed without enough responses"


class ExceptionMatter(models.Model):
    """A matter put to the decision-makers between meetings because it cannot wait (the Board's ToR): decided when
    the members who respond in favour satisfy the quorum rule, and reported at the next meeting."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="exception_matters")
    category = models.CharField(max_length=20, choices=ExceptionCategory)
    question = models.TextField()
    respond_by = models.DateField()
    status = models.CharField(max_length=20, choices=ExceptionStatus, default=ExceptionStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    outcome = models.TextField(blank=True)
    quorum_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="exception_matters"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return f"{self.get_category_display()}: {self.question[:60]}"


class ResponseChoice(models.TextChoices):
    AGREE = "agree", "Agree"
    DISAGREE = "disagree", "Disagree"
    ABSTAIN = "abstain", "Abstain"


class ExceptionResponse(models.Model):
    matter = models.ForeignKey(ExceptionMatter, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="exception_responses")
    response = models.CharField(max_length=10, choices=ResponseChoice)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["matter", "person"], name="one_response_per_person")]

    def __str__(self):
        return f"{self.person}: {self.get_response_display()}"
