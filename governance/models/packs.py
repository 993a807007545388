"""Document packs: one row per requested build of a meeting's agenda pack (public or private) or of a decision
report's approval pack. The build runs as a background task; the row carries its progress for the page to poll, and
the fingerprint of its inputs, so that a pack whose inputs have not changed is served from the stored file."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from governance.models.meetings import Meeting

__all__ = ["PackBuild", "PackKind", "PackStatus", "PackVariant"]


class PackKind(models.TextChoices):
    AGENDA = "agenda", "Agenda pack"
    APPROVAL = "approval", "Approval pack"


class PackVariant(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private (members only)"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class PackBuild(models.Model):
    kind = models.CharField(max_length=20, choices=PackKind, default=PackKind.AGENDA)
    variant = models.CharField(max_length=20, choices=PackVariant)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="packs")
    report = models.ForeignKey(
        "governance.DecisionReport", null=True, blank=True, on_delete=models.CASCADE, related_name="packs"
    )
    status = models.CharField(max_length=20, choices=PackStatus, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    stage = models.CharField(max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, help_text="SHA-256 of the inputs")
    file = models.FileField(upload_to="packs/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes")
    reused = models.BooleanField(default=False, help_text="The inputs had not changed: the stored pack was reused")
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="agenda") | Q(meeting__isnull=False), name="an_agenda_pack_has_a_meeting"
            ),
            models.CheckConstraint(
                condition=~Q(kind="approval") | Q(report__isnull=False), name="an_approval_pack_has_a_report"
            ),
        ]

    def __str__(self):
        subject = self.meeting if self.meeting_id else self.report
        return f"{self.get_kind_display()} ({self.get_variant_display().lower()}) – {subject}"

    @property
    def is_done(self):
        return self.status in {PackStatus.READY, PackStatus.FAILED}
