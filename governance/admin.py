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
