from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from risks import models


class RiskActionInline(admin.TabularInline):
    model = models.RiskAction
    extra = 0


@admin.register(models.Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "project", "residual_score", "residual_rag", "status", "owner"]
    list_select_related = ["project", "owner"]
    list_filter = ["project", "status", "residual_rag", "category"]
    search_fields = ["reference", "title", "event"]
    readonly_fields = ["inherent_score", "inherent_rag", "residual_score", "residual_rag", "version"]
    inlines = [RiskActionInline]

    def save_model(self, request, obj, form, change):
        # Edits here count as a new version too, so an open register page cannot overwrite them silently.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(models.Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "project", "issue_type", "priority", "status", "owner"]
    list_select_related = ["project", "owner"]
    list_filter = ["project", "status", "issue_type", "priority"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


admin.site.register(models.RiskMatrix, SimpleHistoryAdmin)
admin.site.register(models.Escalation, SimpleHistoryAdmin)
