from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from governance import integrity, models


class FinalRecordAdmin(SimpleHistoryAdmin):
    """A final record (governance.integrity: approved minutes, decisions, issued agendas, published reports) is shown
    read-only: no change, no delete (on its own or in the bulk "delete selected" action) and no revert to an older
    version. A correction is a new version made through the service's pages."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and integrity.is_locked(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and integrity.is_locked(obj))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The object on this page is an old version, so the stored row decides.
        stored = self.get_object(request, unquote(object_id))
        if request.method == "POST" and stored is not None and integrity.is_locked(stored):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        stored = self.get_object(request, str(obj.pk)) if obj is not None else None
        return super().revert_disabled(request, obj) or (stored is not None and integrity.is_locked(stored))


class FinalRecordInline:
    """The rows of a final record (an issued agenda's items, approved minutes' notes, a published report's
    appendices) are read-only in its admin page: none added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj is not None and integrity.is_locked(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and integrity.is_locked(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and integrity.is_locked(obj))


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


class AgendaItemInline(FinalRecordInline, admin.TabularInline):
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
class AgendaAdmin(FinalRecordAdmin):
    # An issued agenda is a published record: corrections go through a supplementary agenda.
    list_display = ["__str__", "status", "issued_at"]
    list_select_related = ["meeting__body"]
    list_filter = ["status"]
    inlines = [AgendaItemInline, AgendaApprovalInline]


@admin.register(models.Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "status", "arrived_at_item", "left_at_item"]
    list_select_related = ["person", "meeting__body"]


@admin.register(models.Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "item", "kind", "disqualifying"]
    list_select_related = ["person", "item__agenda__meeting__body"]


class ItemNoteInline(FinalRecordInline, admin.StackedInline):
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
class MinutesAdmin(FinalRecordAdmin):
    # Approved minutes are never edited, not even here: a correction is a new version with a reason.
    list_display = ["__str__", "status", "approved_at", "circulated_at"]
    list_select_related = ["meeting__body"]
    inlines = [ItemNoteInline, MinutesReviewInline]


@admin.register(models.Decision)
class DecisionAdmin(FinalRecordAdmin):
    # A recorded decision is final: shown here, never changed or deleted.
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


class DecisionReportAppendixInline(FinalRecordInline, admin.TabularInline):
    model = models.DecisionReportAppendix
    extra = 0
    fields = ["number", "title", "file", "exempt_paragraph", "public_interest_reason"]


@admin.register(models.DecisionReport)
class DecisionReportAdmin(FinalRecordAdmin):
    # A published report is never edited, not even here: a correction is a new version with a reason.
    list_display = ["subject", "version", "decision_type", "status", "report_date", "decided_on", "published_at"]
    list_select_related = ["author", "signing_director", "decision_maker"]
    list_filter = ["status", "decision_type"]
    search_fields = ["subject", "report_of", "report_to"]
    readonly_fields = ["status", "version", "corrects", "published_at", "signed_off_at", "decision_recorded_at"]
    autocomplete_fields = ["author", "signing_director", "decision_maker", "correction_by"]
    raw_id_fields = ["agenda_item"]
    inlines = [DecisionReportAppendixInline]


@admin.register(models.DecisionReportAppendix)
class DecisionReportAppendixAdmin(FinalRecordAdmin):
    list_display = ["__str__", "report", "exempt_paragraph"]
    list_select_related = ["report"]


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


@admin.register(models.NotificationPreference)
class NotificationPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]


class _WrittenBySendingAdmin(admin.ModelAdmin):
    """Written when notifications and reminders are sent: the admin shows them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.DigestEntry)
class DigestEntryAdmin(_WrittenBySendingAdmin):
    list_display = ["subject", "user", "kind", "created_at", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]


@admin.register(models.SentReminder)
class SentReminderAdmin(_WrittenBySendingAdmin):
    list_display = ["key", "day", "recipients", "created_at"]
