"""The governance core: people, organisations, bodies, terms of reference, memberships and quorum rules.

Sources: seed 004 (the governance chart in Appendix 2, the Strategic Home Care Commissioning Group ToR in Appendix 3,
the Home Care/Personal Assistance Commissioning Board ToR in Appendix 4, and the scrutiny co-option paragraphs 5-9).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance import quorum


class Sector(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    INDEPENDENT_PROVIDER = "independent_provider", "Independent sector provider"
    THIRD_SECTOR = "third_sector", "Voluntary, community and faith sector"
    POLITICAL_PARTY = "political_party", "Political party"
    OTHER = "other", "Other"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=30, choices=Sector, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(models.Model):
    name = models.CharField(max_length=200)
    title = models.CharField("job title", max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    service_area = models.CharField(max_length=200, blank=True, help_text="Department or service, as the ToR names it")
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    calendar_token = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Secret for the person's private calendar feed; replaced to revoke old links",
    )
    history = HistoricalRecords(excluded_fields=["calendar_token"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [models.UniqueConstraint(fields=["name", "organisation"], name="person_unique_per_organisation")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:person_detail", args=[self.pk])


class BodyKind(models.TextChoices):
    DIRECTORATE_LEADERSHIP = "directorate_leadership", "Directorate leadership"
    COMMISSIONING_BOARD = "commissioning_board", "Commissioning board"
    STRATEGIC_GROUP = "strategic_group", "Strategic group"
    PROJECT_BOARD = "project_board", "Project board"
    OPERATIONAL_BOARD = "operational_board", "Operational board"
    PROJECT_TEAM = "project_team", "Project team"
    WORK_STREAM_GROUP = "work_stream_group", "Work-stream group"
    SCRUTINY_BOARD = "scrutiny_board", "Scrutiny board"


class Level(models.TextChoices):
    """The three tiers of the seed's governance chart (Appendix 2)."""

    STRATEGIC = "strategic", "Strategic level"
    PROJECT_BOARD = "project_board", "Project board"
    DELIVERY = "delivery", "Delivery"

    @classmethod
    def descriptions(cls):
        return {
            cls.STRATEGIC: "Gives direction, removes barriers to progress",
            cls.PROJECT_BOARD: "Oversees and directs the project and takes its decisions",
            cls.DELIVERY: "Undertakes tasks and produces recommendations and other deliverables to be agreed at "
            "strategic level",
        }


class Body(models.Model):
    """A board, group, team or scrutiny board.

    A body that acts in a second capacity (the Home Care/PA Commissioning Board "acts as the project board for the
    Home Care Redesign and Commissioning Project") has one Body row per capacity: the capacity row points at the body
    it is a capacity of, keeps its own kind, level, parent and memberships, and shares that body's terms of reference.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    also_known_as = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=BodyKind)
    level = models.CharField(max_length=20, choices=Level, blank=True, help_text="Blank for bodies outside the project")
    purpose = models.TextField(blank=True)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_bodies"
    )
    refers_disagreements_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="referring_bodies"
    )
    capacity_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="capacities",
        help_text="Set when this is another capacity of an existing body (for example its Project Board capacity)",
    )
    capacity_name = models.CharField(max_length=100, blank=True, help_text="For example 'Operational Board'")
    position = models.PositiveIntegerField(default=0, help_text="Order on the governance chart")
    publishes_papers = models.BooleanField(
        default=False, help_text="Its meetings, issued agendas, approved minutes and decisions are on the public pages"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(condition=~Q(capacity_of=models.F("id")), name="body_not_capacity_of_itself"),
            models.CheckConstraint(condition=~Q(reports_to=models.F("id")), name="body_does_not_report_to_itself"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:body_detail", args=[self.slug])

    def clean(self):
        if self.capacity_of_id and self.capacity_of.capacity_of_id:
            raise ValidationError({"capacity_of": "A capacity must belong to a body, not to another capacity."})
        if self.pk and self.capacity_of_id == self.pk:
            raise ValidationError({"capacity_of": "A body cannot be a capacity of itself."})
        seen, parent = {self.pk}, self.reports_to
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"reports_to": "That would make the body report to itself."})
            seen.add(parent.pk)
            parent = parent.reports_to

    @property
    def host(self):
        """The body whose terms of reference govern this one: itself, or the body it is a capacity of."""
        return self.capacity_of or self

    def family(self):
        """This body and every capacity of the same host, host first."""
        host = self.host
        return [host, *host.capacities.all()]


class ToRStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class MinutesRule(models.TextChoices):
    AFTER_APPROVAL = "after_approval", "Circulated within N working days once approved by the Chair"
    BEFORE_NEXT_MEETING = "before_next_meeting", "Circulated N working days before the next meeting"


class TermsOfReferenceQuerySet(models.QuerySet):
    def in_force_on(self, body, day):
        """The version governing `body` on `day`: the latest final version in force by then, else the latest draft.

        The Strategic Group's ToR in the seed is still a draft (V0.6) and the Group meets under it, so a body with no
        final version is governed by its latest draft; the page says so.
        """
        return in_force(self.filter(body=body.host, effective_from__lte=day), day)

    def by_host(self, hosts):
        """{host body pk: [its versions]} for many bodies in one query, for `in_force` to choose from."""
        found = {}
        for tor in self.filter(body__in=hosts):
            found.setdefault(tor.body_id, []).append(tor)
        return found


def in_force(versions, day):
    """Of a body's ToR versions, the one governing on `day` (see TermsOfReferenceQuerySet.in_force_on)."""
    by_date = sorted((v for v in versions if v.effective_from <= day), key=lambda v: (v.effective_from, v.pk))
    finals = [v for v in by_date if v.status == ToRStatus.FINAL]
    return (finals or by_date or [None])[-1]


class TermsOfReference(models.Model):
    """One version of a body's terms of reference, with the document's own header, rules and tables."""

    # The document's own fields, in the order the page, the edit form and the version diff show them.
    DOCUMENT_FIELDS = [
        "title",
        "status",
        "date",
        "effective_from",
        "approved_by",
        "approved_on",
        "authors",
        "project_title",
        "project_reference",
        "directorate",
        "parent_programme",
        "senior_responsible_officer",
        "project_sponsor",
        "project_executive",
        "project_lead",
        "theme",
        "meeting_length_minutes",
        "cycle_weeks",
        "agenda_notice_working_days",
        "minutes_rule",
        "minutes_working_days",
        "extraordinary_min_members",
        "extraordinary_notice_days",
        "review_after_months",
        "review_date",
    ]

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms_of_reference")
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=ToRStatus, default=ToRStatus.DRAFT)
    date = models.DateField(help_text="The date on the document")
    effective_from = models.DateField(help_text="Meetings on or after this date are governed by this version")
    approved_by = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    authors = models.CharField(max_length=300, blank=True)
    description_of_changes = models.TextField(blank=True)
    document_purpose = models.TextField(blank=True)
    # The document's header table (the project facts as this version states them).
    project_title = models.CharField(max_length=200, blank=True)
    project_reference = models.CharField(max_length=100, blank=True)
    directorate = models.CharField(max_length=200, blank=True)
    parent_programme = models.CharField(max_length=200, blank=True)
    senior_responsible_officer = models.CharField(max_length=200, blank=True)
    project_sponsor = models.CharField(max_length=200, blank=True)
    project_executive = models.CharField(max_length=200, blank=True)
    project_lead = models.CharField(max_length=200, blank=True)
    theme = models.CharField(max_length=200, blank=True)
    # Rules with numbers in them, held as numbers so that later rules (deadlines, cycles) can use them.
    meeting_length_minutes = models.PositiveIntegerField(null=True, blank=True)
    cycle_weeks = models.PositiveIntegerField(null=True, blank=True)
    agenda_notice_working_days = models.PositiveIntegerField(null=True, blank=True)
    minutes_rule = models.CharField(max_length=30, choices=MinutesRule, blank=True)
    minutes_working_days = models.PositiveIntegerField(null=True, blank=True)
    extraordinary_min_members = models.PositiveIntegerField(
        null=True, blank=True, help_text="Members who may together call an extraordinary meeting"
    )
    extraordinary_notice_days = models.CharField(max_length=40, blank=True)
    review_after_months = models.PositiveIntegerField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = TermsOfReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-effective_from", "-id"]
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"
        constraints = [models.UniqueConstraint(fields=["body", "version"], name="tor_version_unique_per_body")]

    def __str__(self):
        return f"{self.title} v{self.version} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("governance:tor_detail", args=[self.body.slug, self.pk])

    def clean(self):
        if self.body_id and self.body.capacity_of_id:
            raise ValidationError({"body": "Terms of reference belong to the body, not to one of its capacities."})
        if self.status == ToRStatus.FINAL and not (self.approved_by and self.approved_on):
            raise ValidationError("A final version must say who approved it and when.")

    @property
    def is_latest(self):
        latest = TermsOfReference.objects.filter(body_id=self.body_id).order_by("-effective_from", "-id").first()
        return latest is not None and latest.pk == self.pk

    @property
    def is_final(self):
        return self.status == ToRStatus.FINAL

    def clauses_in(self, section):
        return [c for c in self.clauses.all() if c.section == section]

    @property
    def clauses_objectives(self):
        return self.clauses_in(ClauseSection.OBJECTIVES)

    @property
    def clauses_governance(self):
        return self.clauses_in(ClauseSection.GOVERNANCE)

    @property
    def clauses_roles(self):
        return self.clauses_in(ClauseSection.ROLES)

    @property
    def minutes_rule_text(self):
        days = self.minutes_working_days
        if self.minutes_rule == MinutesRule.AFTER_APPROVAL:
            return f"Circulated within {days} working days once approved by the Chair"
        if self.minutes_rule == MinutesRule.BEFORE_NEXT_MEETING:
            return f"Circulated {days} working days before the next meeting, once approved by the Chair"
        return ""


class ClauseSection(models.TextChoices):
    OBJECTIVES = "objectives", "Objectives and functions"
    GOVERNANCE = "governance", "Governance and administration"
    ROLES = "roles", "Roles and responsibilities"


class Clause(models.Model):
    """A paragraph of a ToR: an objective, a numbered governance rule (3.3 ...) or a role's responsibilities."""

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="clauses")
    section = models.CharField(max_length=20, choices=ClauseSection)
    heading = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=10, blank=True)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tor", "position", "id"]

    def __str__(self):
        return f"{self.number or self.heading} {self.text[:60]}".strip()


class RevisionEntry(models.Model):
    """A row of the document's "Revision History and Approval" table."""

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="revisions")
    version = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=ToRStatus)
    date = models.DateField(null=True, blank=True)
    authors = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tor", "position", "id"]
        verbose_name_plural = "revision entries"

    def __str__(self):
        return f"{self.version} {self.description}"


class DistributionEntry(models.Model):
    """A row of the document's "Distribution" table."""

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="distribution")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    date_of_issue = models.DateField(null=True, blank=True)
    version = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tor", "position", "id"]
        verbose_name_plural = "distribution entries"

    def __str__(self):
        return f"{self.name or self.title} {self.version}"


class DeputyAuthority(models.TextChoices):
    SPEAK = "speak", "Authority to speak"
    DECIDE = "decide", "Delegated decision-making powers"

    def as_quorum_authority(self):
        return {self.SPEAK: quorum.Authority.SPEAK, self.DECIDE: quorum.Authority.DECIDE}[self]


class Constituency(models.TextChoices):
    COUNCILLOR = "councillor", "Councillor"
    PROVIDER = "provider", "Provider"
    SERVICE_USER = "service_user", "Service user"
    OFFICER = "officer", "Officer"
    NHS = "nhs", "NHS/CCG"
    PUBLIC_HEALTH = "public_health", "Public health"
    TRADE_UNION = "trade_union", "Trade union"
    VCF_SECTOR = "vcf_sector", "Voluntary/community/faith sector"

    @classmethod
    def message_labels(cls):
        """(singular, plural) as used in quorum messages: "needs 1 more Service User"."""
        return {
            cls.COUNCILLOR: ("Councillor", "Councillors"),
            cls.PROVIDER: ("Provider", "Providers"),
            cls.SERVICE_USER: ("Service User", "Service Users"),
            cls.OFFICER: ("Officer", "Officers"),
            cls.NHS: ("NHS/CCG member", "NHS/CCG members"),
            cls.PUBLIC_HEALTH: ("Public Health member", "Public Health members"),
            cls.TRADE_UNION: ("Trade union member", "Trade union members"),
            cls.VCF_SECTOR: (
                "voluntary, community or faith sector member",
                "voluntary, community or faith sector members",
            ),
        }


class Role(models.TextChoices):
    CHAIR = quorum.CHAIR, "Chair"
    DEPUTY_CHAIR = quorum.DEPUTY_CHAIR, "Deputy Chair"
    MEMBER = "member", "Member"
    DECISION_MAKER = "decision_maker", "Decision-maker"
    PROJECT_EXECUTIVE = quorum.PROJECT_EXECUTIVE, "Business Lead/Project Executive"
    IN_ATTENDANCE = "in_attendance", "In attendance"
    REPORTING_OFFICER = "reporting_officer", "Reporting officer"
    MEETING_SUPPORT = "meeting_support", "Meeting support"
    CO_OPTED = "co_opted", "Co-opted non-voting member"

    @classmethod
    def seated(cls):
        """Roles that make someone a member of the body (the others attend or support)."""
        return {cls.CHAIR, cls.DEPUTY_CHAIR, cls.MEMBER, cls.DECISION_MAKER, cls.PROJECT_EXECUTIVE}


class DecisionMakerKind(models.TextChoices):
    SENIOR_USER = "senior_user", "Senior user"
    SENIOR_SUPPLIER = "senior_supplier", "Senior supplier"


class MembershipQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Membership(models.Model):
    """A seat on a body (in one capacity): who holds it, in what role, for whom, with which named deputy.

    A seat with no person, or whose holder is not yet confirmed ("Megan Rowlands (tbc)"), counts as vacant.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    confirmed = models.BooleanField(default=True, help_text="Untick for a seat that is 'to be confirmed'")
    seat_label = models.CharField(
        max_length=200, blank=True, help_text="How the ToR describes the seat, e.g. 'Trade union rep to be confirmed'"
    )
    title = models.CharField(max_length=200, blank=True, help_text="Title or organisation as the ToR table gives it")
    service_area = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=30, choices=Role, default=Role.MEMBER)
    is_project_sponsor = models.BooleanField("Project Sponsor", default=False)
    is_decision_maker = models.BooleanField("decision-maker", default=False)
    decision_maker_kind = models.CharField(max_length=20, choices=DecisionMakerKind, blank=True)
    constituency = models.CharField(max_length=20, choices=Constituency, blank=True)
    voting = models.BooleanField(default=True)
    responsibility = models.CharField(max_length=300, blank=True, help_text="e.g. 'Reporting on budget issues'")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    deputy = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="deputy_for", verbose_name="named deputy"
    )
    deputy_authority = models.CharField(max_length=10, choices=DeputyAuthority, blank=True)
    co_option_inquiry = models.CharField(max_length=200, blank=True)
    co_option_ends = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(role="co_opted") | Q(voting=False), name="co_opted_members_do_not_vote"
            ),
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | Q(person__isnull=True) | ~Q(deputy=models.F("person")),
                name="member_is_not_own_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.holder_name} – {self.role_label} ({self.body})"

    def clean(self):
        errors = {}
        if self.role == Role.CO_OPTED:
            if self.voting:
                errors["voting"] = "Co-opted members are non-voting."
            if not self.co_option_inquiry:
                errors["co_option_inquiry"] = "Name the inquiry this co-option is for."
        if self.deputy_id and self.person_id and self.deputy_id == self.person_id:
            errors["deputy"] = "A member cannot be their own deputy."
        if self.deputy_id and not self.deputy_authority:
            errors["deputy_authority"] = "Say what the deputy may do: speak, or take decisions."
        if self.decision_maker_kind and not self.is_decision_maker:
            errors["decision_maker_kind"] = "Only a decision-maker is a senior user or senior supplier."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if errors:
            raise ValidationError(errors)

    @property
    def vacant(self):
        return self.person_id is None or not self.confirmed

    @property
    def holder_name(self):
        if self.person_id and self.confirmed:
            return self.person.name
        if self.person_id:
            return f"{self.person.name} (to be confirmed)"
        return self.seat_label or "To be confirmed"

    @property
    def role_label(self):
        label = self.get_role_display()
        if self.is_project_sponsor:
            label += " and Project Sponsor"
        if self.decision_maker_kind:
            label += f" ({self.get_decision_maker_kind_display().lower()})"
        elif self.is_decision_maker and self.role != Role.DECISION_MAKER:
            label += ", decision-maker"
        return label

    @property
    def counts_for_quorum(self):
        return self.voting and self.role in Role.seated()

    def as_seat(self):
        roles = {self.role}
        if self.is_project_sponsor:
            roles.add(quorum.PROJECT_SPONSOR)
        return quorum.Seat(
            key=self.pk,
            person=None if self.vacant else self.person_id,
            roles=frozenset(roles),
            constituency=self.constituency,
            counts=self.counts_for_quorum,
            decision_maker=self.is_decision_maker,
            deputy=self.deputy_id,
            deputy_authority=(
                DeputyAuthority(self.deputy_authority).as_quorum_authority()
                if self.deputy_authority
                else quorum.Authority.NONE
            ),
            label=self.holder_name,
        )


class QuorumRule(models.Model):
    """The quorum rule a ToR version sets for one capacity of its body (data, not code per body)."""

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="quorum_rules")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="quorum_rules", help_text="The capacity")
    clause = models.CharField(max_length=10, blank=True, help_text="The ToR paragraph, e.g. 3.3")
    text = models.TextField(blank=True, help_text="The rule in the ToR's words")
    min_members_present = models.PositiveIntegerField(default=0)
    min_other_decision_makers = models.PositiveIntegerField(
        default=0, help_text="Decision-makers needed besides those filling the required roles"
    )
    deputy_authority_required = models.CharField(
        max_length=10,
        choices=DeputyAuthority,
        default=DeputyAuthority.DECIDE,
        help_text="What a named deputy must be able to do to count in a member's place",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tor", "body"], name="one_quorum_rule_per_capacity")]

    def __str__(self):
        return f"Quorum for {self.body} ({self.tor.version})"

    def clean(self):
        if self.tor_id and self.body_id and self.body.host.pk != self.tor.body_id:
            raise ValidationError({"body": "The rule must be for the ToR's body or one of its capacities."})

    def describe(self):
        """The rule in plain words, from its data (not the ToR's text)."""
        parts = []
        if self.min_members_present:
            parts.append(f"at least {self.min_members_present} members present")
        labels = Constituency.message_labels()
        for m in self.constituency_minimums.all():
            singular, plural = labels[m.constituency]
            parts.append(f"at least {m.minimum} {singular if m.minimum == 1 else plural}")
        parts += [f"the {r.get_role_display()} present" for r in self.required_roles.all()]
        if self.min_other_decision_makers:
            parts.append(f"{self.min_other_decision_makers} other decision-makers")
        parts.append(f"named deputies count when they have {self.get_deputy_authority_required_display().lower()}")
        return "; ".join(parts)

    def as_rules(self):
        return quorum.Rules(
            min_members=self.min_members_present,
            min_per_constituency={m.constituency: m.minimum for m in self.constituency_minimums.all()},
            required_roles=tuple(r.role for r in self.required_roles.all()),
            min_other_decision_makers=self.min_other_decision_makers,
            deputy_authority_required=DeputyAuthority(self.deputy_authority_required).as_quorum_authority(),
            constituency_labels=Constituency.message_labels(),
        )


class RequiredRoleChoice(models.TextChoices):
    CHAIR = quorum.CHAIR, "Chair"
    PROJECT_SPONSOR = quorum.PROJECT_SPONSOR, "Project Sponsor"
    PROJECT_EXECUTIVE = quorum.PROJECT_EXECUTIVE, "Project Executive"


class QuorumRequiredRole(models.Model):
    rule = models.ForeignKey(QuorumRule, on_delete=models.CASCADE, related_name="required_roles")
    role = models.CharField(max_length=30, choices=RequiredRoleChoice)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "role"], name="required_role_once_per_rule")]

    def __str__(self):
        return self.get_role_display()


class QuorumConstituencyMinimum(models.Model):
    rule = models.ForeignKey(QuorumRule, on_delete=models.CASCADE, related_name="constituency_minimums")
    constituency = models.CharField(max_length=20, choices=Constituency)
    minimum = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "constituency"], name="constituency_minimum_once_per_rule"),
            models.CheckConstraint(condition=Q(minimum__gte=1), name="constituency_minimum_at_least_one"),
        ]

    def __str__(self):
        return f"{self.minimum} {self.get_constituency_display()}"


class ApprovalRole(models.TextChoices):
    """Who approves an agenda, as the ToR names them; each resolves to the person holding that seat on the body."""

    PROJECT_EXECUTIVE = quorum.PROJECT_EXECUTIVE, "Project Executive"
    PROJECT_SPONSOR = quorum.PROJECT_SPONSOR, "Project Sponsor"
    CHAIR = quorum.CHAIR, "Chair"


class AgendaApprovalStep(models.Model):
    """One step of the agenda approval chain a ToR sets for a capacity, in order (data, not code per body)."""

    tor = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="agenda_steps")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="agenda_steps", help_text="The capacity")
    position = models.PositiveIntegerField()
    role = models.CharField(max_length=30, choices=ApprovalRole)
    clause = models.CharField(max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tor", "body", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tor", "body", "position"], name="agenda_step_position_unique"),
            models.UniqueConstraint(fields=["tor", "body", "role"], name="agenda_step_role_once"),
        ]

    def __str__(self):
        return f"{self.position}. {self.get_role_display()}"
