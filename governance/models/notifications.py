"""Email notifications: what each person wants to be told and how, the daily digest waiting to go, and a record of
every scheduled email sent (so that the daily reminders command never sends the same thing twice in a day)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

__all__ = ["Delivery", "DigestEntry", "NotificationKind", "NotificationPreference", "SentReminder"]


class NotificationKind(models.TextChoices):
    AGENDA_APPROVAL = "agenda_approval", "An agenda waits for your approval"
    AGENDA_RETURNED = "agenda_returned", "An agenda you sent for approval is returned"
    AGENDA_ISSUED = "agenda_issued", "An agenda is issued to a body you sit on"
    MINUTES_REVIEW = "minutes_review", "Minutes for you to read as critical friend"
    MINUTES_APPROVAL = "minutes_approval", "Minutes wait for the Chair's approval"
    MINUTES_CIRCULATED = "minutes_circulated", "Minutes are circulated to a body you sit on"
    QUESTION_ASKED = "question_asked", "A question is asked on a highlight report you lead"
    QUESTION_ANSWERED = "question_answered", "Your question on a highlight report is answered"
    REPORT_WORKFLOW = "report_workflow", "A decision report waits for your sign-off or decision, or is returned to you"
    REPORT_PUBLISHED = "report_published", "A decision report you are named on is published"
    ACTION_ASSIGNED = "action_assigned", "An action is assigned to you"
    DEADLINE_REMINDER = (
        "deadline_reminder",
        "Reminders before a deadline (agenda issue, minutes, ToR review, your actions)",
    )


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email me at once"
    DIGEST = "digest", "In one daily digest"
    OFF = "off", "Do not email me"


class NotificationPreference(models.Model):
    """How one user wants one kind of notification. No row means at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind)
    delivery = models.CharField(max_length=20, choices=Delivery, default=Delivery.IMMEDIATE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} ({self.get_delivery_display().lower()})"


class DigestEntry(models.Model):
    """A notification held for the user's daily digest; `sent_at` is set when the digest carrying it is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_entries")
    kind = models.CharField(max_length=40, choices=NotificationKind)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created_at", "id"]
        indexes = [models.Index(fields=["sent_at", "user"], name="digest_entry_waiting")]

    def __str__(self):
        return f"{self.user}: {self.subject}"


class SentReminder(models.Model):
    """One scheduled email (a reminder, or a person's daily digest) sent on one day, named by a key such as
    "agenda-issue:12:3-days"; the unique key and day make a second run on the same day send nothing."""

    key = models.CharField(max_length=200)
    day = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="sent_reminder_once_a_day")]

    def __str__(self):
        return f"{self.key} on {self.day}"
