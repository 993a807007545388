"""What changed to one record: its history for a period, for someone who may see the record.

Which records have such a page, and who may read each, is not known here: every app registers its models with
governance.history.register_reader in its AppConfig.ready, using its own permission rules. A model no app registered,
a record that does not exist and a record the user may not see all answer 404, so that nobody learns what exists.
"""

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance import history


def record_for_user(user, app_label, model_name, pk):
    """The record named by the URL, if its app registered its model and the user may see it (404 otherwise)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("No such kind of record.") from None
    may_read = history.reader_for(model)
    if may_read is None:
        raise Http404("No such kind of record.")
    record = get_object_or_404(model, pk=pk)
    if not may_read(user, record):
        raise Http404("No such record.")
    return record


def changes_of(record, start=None, end=None):
    """The record's history entries in the period (end exclusive), newest first, with the users who made them."""
    entries = record.history.select_related("history_user").order_by("-history_date", "-history_id")
    return history.in_period(entries, start, end)
