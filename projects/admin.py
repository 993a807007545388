from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import FinalRecordAdmin
from projects import models


class PhaseInline(admin.TabularInline):
    model = models.Phase
    extra = 0


class GoverningBodyInline(admin.TabularInline):
    model = models.GoverningBody
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "reference", "parent"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [GoverningBodyInline, PhaseInline]


@admin.register(models.Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "kind", "lead"]
    list_select_related = ["project", "lead"]
    list_filter = ["project"]


@admin.register(models.Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workstream", "status", "rag", "due_on", "version"]
    list_select_related = ["workstream"]
    list_filter = ["project", "status", "rag"]
    search_fields = ["title"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        # Edits here count as a new version too, so an open plan page cannot overwrite them silently.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


for model in (models.Tolerance, models.ChangeRequest, models.Benefit, models.Lesson):
    admin.site.register(model, SimpleHistoryAdmin)


class PublishedReadOnly(SimpleHistoryAdmin):
    """Published reports are frozen: not changed or deleted through the admin either."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.status == models.ReportStatus.PUBLISHED)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.status == models.ReportStatus.PUBLISHED)


# Published highlight and exception reports are final records (governance.integrity).
admin.site.register(models.HighlightReport, FinalRecordAdmin)
admin.site.register(models.ExceptionReport, FinalRecordAdmin)
admin.site.register(models.EndProjectReport, PublishedReadOnly)
