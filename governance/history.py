"""History helpers: readable change lists from django-simple-history, and stale-edit detection.

A form for an existing record carries the id of the record's latest history entry ("edit token"). When it comes
back and the record has a newer entry, someone else saved in between: the save is refused and the user is shown what
the other person changed, with their own input kept on the page.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: object
    who: str
    kind: str
    reason: str
    changes: list


KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name


def _display(record, name):
    value = getattr(record, name, "")
    if value is None or value == "":
        return "(blank)"
    try:
        field = record.instance_type._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        field = None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def rows_for(records):
    """Turn history records (newest first) into rows with the fields each change touched."""
    records = list(records)
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                changes.append(
                    Change(
                        _label(record.instance_type, change.field),
                        _display(previous, change.field),
                        _display(record, change.field),
                    )
                )
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                kind=KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return rows


def history_of(obj, limit=None):
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    if limit:
        records = records[: limit + 1]
    rows = rows_for(records)
    return rows[:limit] if limit else rows


def edit_token(obj):
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or "")


def changes_since(obj, token):
    """History rows newer than `token` (what someone else changed since the form was loaded)."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    token = token if token.isdigit() else ""
    newer = [r for r in records if str(r.history_id) != token and (not token or r.history_id > int(token))]
    if not newer:
        return []
    base = obj.history.filter(history_id=int(token)).first() if token else None
    return rows_for([*newer, *([base] if base else [])])[: len(newer)]
