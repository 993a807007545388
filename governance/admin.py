from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance import models


class ClauseInline(admin.TabularInline):
    model = models.Clause
    extra = 0


class RevisionInline(admin.TabularInline):
    model = models.RevisionEntry
    extra = 0


class DistributionInline(admin.TabularInline):
    model = models.DistributionEntry
    extra = 0


class RequiredRoleInline(admin.TabularInline):
    model = models.QuorumRequiredRole
    extra = 0


class ConstituencyMinimumInline(admin.TabularInline):
    model = models.QuorumConstituencyMinimum
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "organisation", "user"]
    list_select_related = ["organisation", "user"]
    search_fields = ["name", "title", "email"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(models.Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "reports_to", "capacity_of"]
    list_select_related = ["reports_to", "capacity_of"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.TermsOfReference)
class TermsOfReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "version", "status", "date", "effective_from"]
    list_select_related = ["body"]
    list_filter = ["status"]
    inlines = [ClauseInline, RevisionInline, DistributionInline]


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["holder_name", "body", "role", "constituency", "confirmed", "deputy"]
    list_select_related = ["person", "body", "deputy"]
    list_filter = ["body", "role", "constituency", "confirmed"]
    search_fields = ["person__name", "seat_label"]
    autocomplete_fields = ["person", "deputy"]


@admin.register(models.QuorumRule)
class QuorumRuleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "clause", "min_members_present", "min_other_decision_makers"]
    list_select_related = ["tor", "body"]
    inlines = [RequiredRoleInline, ConstituencyMinimumInline]


# ---------------------------------------------------------------------------------------------------------- meetings


class AgendaApprovalStepInline(admin.TabularInline):
    model = models.AgendaApprovalStep
    extra = 0


TermsOfReferenceAdmin.inlines = [*TermsOfReferenceAdmin.inlines, AgendaApprovalStepInline]


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0
    fields = ["position", "title", "purpose", "presenter", "standing", "exempt_paragraph"]


class AgendaApprovalInline(admin.TabularInline):
    """The approval trail is a record of what happened: never edited, even here."""

    model = models.AgendaApproval
    extra = 0
    can_delete = False
    readonly_fields = ["decision", "role", "by", "on_behalf_of", "comment", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "kind", "status", "starts_at"]
    list_select_related = ["body"]
    list_filter = ["body", "kind", "status"]
    date_hierarchy = "starts_at"


@admin.register(models.Agenda)
class AgendaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "issued_at"]
    list_select_related = ["meeting__body"]
    list_filter = ["status"]
    inlines = [AgendaItemInline, AgendaApprovalInline]

    def has_change_permission(self, request, obj=None):
        # An issued agenda is a published record: corrections go through a supplementary agenda.
        return super().has_change_permission(request, obj) and not (obj and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_issued)


@admin.register(models.Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "status", "arrived_at_item", "left_at_item"]
    list_select_related = ["person", "meeting__body"]


@admin.register(models.Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "item", "kind", "disqualifying"]
    list_select_related = ["person", "item__agenda__meeting__body"]


class ItemNoteInline(admin.StackedInline):
    model = models.ItemNote
    extra = 0


class MinutesReviewInline(admin.TabularInline):
    model = models.MinutesReview
    extra = 0
    can_delete = False
    readonly_fields = ["by", "role", "comment", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "approved_at", "circulated_at"]
    list_select_related = ["meeting__body"]
    inlines = [ItemNoteInline, MinutesReviewInline]

    def has_change_permission(self, request, obj=None):
        # Approved minutes are never edited, not even here: a correction is a new version with a reason.
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked)


@admin.register(models.Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "outcome", "quorate", "recorded_at"]
    list_filter = ["outcome", "quorate"]
    readonly_fields = ["quorate", "quorum_note", "recorded_by", "recorded_at"]


@admin.register(models.Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner", "due_on", "status"]
    list_select_related = ["owner"]
    list_filter = ["status"]


@admin.register(models.Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["delegate", "principal", "body", "starts_on", "ends_on"]
    list_select_related = ["delegate", "principal", "body"]


class ExceptionResponseInline(admin.TabularInline):
    model = models.ExceptionResponse
    extra = 0


@admin.register(models.ExceptionMatter)
class ExceptionMatterAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "status", "respond_by"]
    list_select_related = ["body"]
    inlines = [ExceptionResponseInline]


# ------------------------------------------------------------------------------------------- officer decision reports


class DecisionReportAppendixInline(admin.TabularInline):
    model = models.DecisionReportAppendix
    extra = 0
    fields = ["number", "title", "file", "exempt_paragraph", "public_interest_reason"]


@admin.register(models.DecisionReport)
class DecisionReportAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "version", "decision_type", "status", "report_date", "decided_on", "published_at"]
    list_select_related = ["author", "signing_director", "decision_maker"]
    list_filter = ["status", "decision_type"]
    search_fields = ["subject", "report_of", "report_to"]
    readonly_fields = ["status", "version", "corrects", "published_at", "signed_off_at", "decision_recorded_at"]
    autocomplete_fields = ["author", "signing_director", "decision_maker", "correction_by"]
    raw_id_fields = ["agenda_item"]
    inlines = [DecisionReportAppendixInline]

    def has_change_permission(self, request, obj=None):
        # A published report is never edited, not even here: a correction is a new version with a reason.
        return super().has_change_permission(request, obj) and not (obj and obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_published)


@admin.register(models.DecisionReportAppendix)
class DecisionReportAppendixAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "report", "exempt_paragraph"]
    list_select_related = ["report"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.report.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.report.is_published)


@admin.register(models.PackBuild)
class PackBuildAdmin(admin.ModelAdmin):
    """Builds are written by the pack worker: the admin shows them (failures with their reason) and changes nothing."""

    list_display = ["__str__", "status", "pages", "reused", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status", "kind", "variant", "reused"]
    list_select_related = ["meeting__body", "report", "requested_by"]
    readonly_fields = [field.name for field in models.PackBuild._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
