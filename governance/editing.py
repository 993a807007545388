"""One recipe for saving an edit form safely: when the record changed since the form was loaded, merge, never overwrite.

A form knows the state of the record it was built from in one of two ways: an edit token (the id of the record's
latest history entry, the form field `edit_token`) or a version number (records with a `version`, the form field
`version`). A save made from an older state is merged three ways (governance.merge): base = the history entry the form
was built from, theirs = the record now, yours = the form as submitted. What only the other person changed stays,
what only this user changed is applied, and when nothing was changed by both to different values the merged record
is saved at once: nobody's change is decided by anyone else, so there is nothing to ask.

When both changed a field to different values, nothing is saved: the form comes back holding the merged values (the
user's own for the fields in conflict), the record's new token or version, and for each field in conflict a choice
(GOV.UK radios) between their value and the user's, shown side by side. Saving that page is a save like any other:
"theirs" means the value the page showed, so if a third person saved in between, the merge runs again from there.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import Truncator, capfirst
from simple_history.utils import get_m2m_reverse_field_name

from governance import actions, history, merge, versioning

PICK = "merge_pick_"  # + field name: the user's choice for a field in conflict
CONFLICTS = "merge_conflicts"  # the fields in conflict on the page the form came from, comma separated
SINCE = "merge_since"  # the token or version the user first opened, for the list of what others changed
THEIRS, YOURS = "theirs", "yours"


def focus_first_field(form):
    """A form swapped in place of the "Change" link that opened it (htmx) takes the focus on its first field, so that
    a keyboard user carries on where the link was: htmx focuses the element marked autofocus in what it swaps in."""
    first = next(iter(form.visible_fields()), None)
    if first is not None:
        first.field.widget.attrs["autofocus"] = True
    return form


# ------------------------------------------------------------------------------------------------------------ guards


class _TokenGuard:
    """The edit token: the record's latest history id."""

    field = "edit_token"

    def submitted(self, form):
        return str(form.cleaned_data.get(self.field) or "")

    def now(self, stored):
        return history.edit_token(stored)

    def base(self, stored, marker):
        return stored.history.filter(history_id=int(marker)).first() if str(marker).isdigit() else None

    def changes(self, stored, marker, reader):
        return history.changes_since(stored, str(marker or ""), reader)


class _VersionGuard:
    """The record's `version` number."""

    field = "version"

    def submitted(self, form):
        return form.cleaned_data.get(self.field)

    def now(self, stored):
        return stored.version

    def base(self, stored, marker):
        return versioning.record_at_version(stored, int(marker)) if str(marker or "").isdigit() else None

    def changes(self, stored, marker, reader):
        return versioning.changes_since_version(stored, int(marker) if str(marker or "").isdigit() else 0, reader)


TOKEN, VERSION = _TokenGuard(), _VersionGuard()


# ------------------------------------------------------------------------------------------------------ the outcome


@dataclass
class FieldConflict:
    """A field both people changed to different values, as the page shows it."""

    name: str
    label: str
    theirs: str
    yours: str


class Conflict(list):
    """What someone else changed (history rows, newest first), with the fields in conflict side by side (`fields`).

    A conflict page always has one, even when the list of rows is empty (true for templates' `{% if conflict %}`)."""

    def __init__(self, rows, fields=()):
        super().__init__(rows)
        self.fields = list(fields)

    def __bool__(self):
        return True


def save_if_fresh(request, form, obj, save):
    """Call `save()` in one transaction, merging first when `obj` changed since `form` was loaded (its edit token).

    Returns (result, conflict): (what save returned, None) when saved, (None, Conflict) when the user must choose
    between their value and someone else's, (None, None) when a rule of the domain (GovernanceError) or of the model
    (ValidationError) refused the save, which then becomes a form error.
    """
    return _save_merged(request, form, obj, save, TOKEN)


def save_if_current(request, form, obj, save):
    """The same, for records with a `version` (the form field `version`). After a merge `form.cleaned_data["version"]`
    is the stored version, so that `save()` passes it to governance.versioning.save_versioned."""
    return _save_merged(request, form, obj, save, VERSION)


def _save_merged(request, form, obj, save, guard):
    try:
        with transaction.atomic():
            conflict, kept = _reconcile(request, form, obj, guard) if obj.pk else (None, [])
            if conflict is not None:
                return None, conflict
            result = save()
    except (actions.GovernanceError, ValidationError) as error:
        form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        return None, None
    if kept and not request.htmx:
        messages.info(
            request,
            f"Someone else changed this record while you were editing it; their changes to {', '.join(kept)} were "
            "kept with yours.",
        )
    return result, None


def _reconcile(request, form, obj, guard):
    """Bring the form up to date with the stored record: (Conflict or None, labels of the fields whose value is the
    other person's change). A Conflict means the user must choose first.

    1. Lock the stored row, so that saves of one record run one after the other (the transaction holds the lock).
    2. A fresh form with no choices to apply is saved as it is.
    3. Apply the user's choices from a conflict page ("theirs": the value that page showed, the base now).
    4. Merge base, theirs and yours; on a conflict hand back the page, otherwise put the merged values in the form.
    """
    model = type(obj)
    stored = model._base_manager.select_for_update().get(pk=obj.pk)
    marker, now = guard.submitted(form), guard.now(stored)
    fresh = str(marker) == str(now)
    fields = _mergeable(form, model, guard)
    picked = [name for name in str(form.data.get(form.add_prefix(CONFLICTS), "")).split(",") if name in fields]
    if fresh and not picked:
        return None, []
    base_record = guard.base(stored, marker)
    base = {name: _record_value(base_record, model._meta.get_field(name)) for name in fields}
    theirs = {name: _stored_value(stored, model._meta.get_field(name)) for name in fields}
    submitted = {name: _form_value(form, name, model._meta.get_field(name)) for name in fields}
    yours = dict(submitted)
    unanswered = []
    for name in picked:
        choice = form.data.get(form.add_prefix(PICK + name))
        if choice == THEIRS:
            yours[name] = theirs[name] if base[name] is merge.MISSING else base[name]
        elif choice != YOURS or (_is_file(model, name) and not isinstance(yours[name], _Upload)):
            # No choice yet, or "yours" for a file without the file: a file input cannot be filled in again.
            unanswered.append(name)
    result = merge.three_way(base, theirs, yours, fields)
    in_conflict = [c.field for c in result.conflicts]
    in_conflict += [name for name in unanswered if name not in in_conflict]
    if in_conflict:
        return _conflict_page(request, form, stored, guard, in_conflict, result, submitted, unanswered), []
    _take_theirs(form, obj, stored, [name for name in fields if result.values[name] != submitted[name]])
    form.cleaned_data[guard.field] = now
    return None, [_label(form, name) for name in result.from_theirs()]


def _mergeable(form, model, guard):
    """The form's fields that are fields of the record (not the token, version or the conflict page's own)."""
    names = []
    for name in form.fields:
        if name in (guard.field, CONFLICTS, SINCE) or name.startswith(PICK) or name not in form.cleaned_data:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.primary_key or field.auto_created or not (field.concrete or field.many_to_many):
            continue
        names.append(name)
    return names


# ----------------------------------------------------------------------------------------------- values, compared


class _Upload:
    """A file chosen in this form: never equal to a stored one."""

    def __init__(self, name):
        self.name = name


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")  # browsers send a textarea's lines with CR LF
    return value


def _stored_value(obj, field):
    if field.many_to_many:
        return frozenset(getattr(obj, field.name).values_list("pk", flat=True))
    return _plain(getattr(obj, field.attname))


def _record_value(record, field):
    """The field's value in a history record, or MISSING when the history does not keep it."""
    if record is None:
        return merge.MISSING
    if field.many_to_many:
        if field.name not in {f.name for f in getattr(record, "_history_m2m_fields", ())}:
            return merge.MISSING
        through = getattr(type(record), field.name).model  # the history of the through table
        target = through._meta.get_field(get_m2m_reverse_field_name(field))
        return frozenset(through.objects.filter(history_id=record.history_id).values_list(target.attname, flat=True))
    if not hasattr(record, field.attname):
        return merge.MISSING
    return _plain(getattr(record, field.attname))


def _form_value(form, name, field):
    value = form.cleaned_data.get(name)
    if field.many_to_many:
        return frozenset(getattr(v, "pk", v) for v in (value or ()))
    if isinstance(field, models.FileField):
        if isinstance(value, UploadedFile):
            return _Upload(value.name)
        return _plain(value) if value else ""
    if field.is_relation:
        return getattr(value, "pk", value)
    return _plain(value)


def _take_theirs(form, obj, stored, names):
    """Put the stored values of `names` into the form's cleaned data (and into the record the form edits)."""
    instance = getattr(form, "instance", None)
    for name in names:
        field = type(obj)._meta.get_field(name)
        if field.many_to_many:
            form.cleaned_data[name] = list(getattr(stored, name).all())
            continue
        form.cleaned_data[name] = getattr(stored, name)
        if instance is obj:
            setattr(obj, field.attname, getattr(stored, field.attname))


# ------------------------------------------------------------------------------------------------ the conflict page


def _conflict_page(request, form, stored, guard, names, result, submitted, unanswered):
    """The form as the conflict page shows it: the merged values, the new token or version, a choice per conflict
    (`names`), each still to be made (a choice made on an earlier conflict page is asked again only when unanswered,
    which keeps it, or when the field is in conflict again, with new values)."""
    model = type(stored)
    since = form.data.get(form.add_prefix(SINCE)) or guard.submitted(form)
    data = form.data.copy()
    for name in result.values:
        if name not in names and result.values[name] != submitted[name]:
            _put(data, form.fields[name], form.add_prefix(name), getattr(stored, name), model._meta.get_field(name))
    withheld = history.withheld_fields(request.user, stored)
    conflicts = []
    for name in names:
        field = model._meta.get_field(name)
        theirs = _stored_value(stored, field)
        their_text = f"withheld (paragraph {withheld[name]})" if name in withheld else _display(field, theirs)
        conflicts.append(FieldConflict(name, _label(form, name), their_text, _display(field, submitted[name])))
        if name not in unanswered:
            data.pop(form.add_prefix(PICK + name), None)
    _add_choices(form, conflicts)
    data[form.add_prefix(guard.field)] = str(guard.now(stored))
    data[form.add_prefix(CONFLICTS)] = ",".join(names)
    data[form.add_prefix(SINCE)] = str(since)
    form.data = data
    for name in unanswered:
        form.add_error(PICK + name, f"Choose whose value to keep for {_label(form, name)}"
                       + (": to keep yours, choose your file again" if _is_file(model, name) else ""))  # fmt: skip
    if not request.htmx:
        messages.error(
            request,
            "Someone else changed this record after you opened it. Nothing has been saved yet: their changes are "
            "in the form with yours; where you both changed a field, choose whose value to keep, then save.",
        )
    return Conflict(guard.changes(stored, since, request.user), conflicts)


def _is_file(model, name):
    return isinstance(model._meta.get_field(name), models.FileField)


def _add_choices(form, conflicts):
    """A GOV.UK radio group per field in conflict, right after the field, and the hidden fields of the page."""
    choices = {c.name: c for c in conflicts}
    fields = {}
    for name, field in form.fields.items():
        if name.startswith(PICK) or name in (CONFLICTS, SINCE):
            continue
        fields[name] = field
        if name in choices:
            c = choices[name]
            fields[PICK + name] = forms.ChoiceField(
                label=f"{c.label}: you both changed this. Which do you want to keep?",
                help_text=f"Yours is what the “{c.label}” field above holds; you can still change it there.",
                choices=[
                    (THEIRS, f"Theirs: {Truncator(c.theirs).chars(120)}"),
                    (YOURS, f"Yours: {Truncator(c.yours).chars(120)}"),
                ],
                widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                required=False,
            )
    fields[CONFLICTS] = forms.CharField(widget=forms.HiddenInput, required=False)
    fields[SINCE] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.fields = fields


def _label(form, name):
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else capfirst(name.replace("_", " "))


def _put(data, form_field, html_name, value, model_field):
    """Write `value` into a form's submitted data as its widget would have sent it."""
    widget = form_field.widget
    if isinstance(widget, forms.FileInput):
        return  # a file input cannot be filled in; the stored file stays unless the user chooses another
    if model_field.many_to_many:
        value = list(value.all())
    value = form_field.prepare_value(value)
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            data[html_name + suffix] = _formatted(sub, part)
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[html_name] = "on"
        else:
            data.pop(html_name, None)
    elif getattr(widget, "allow_multiple_selected", False):
        values = [str(v) for v in (value or ())]
        if hasattr(data, "setlist"):
            data.setlist(html_name, values)
        else:
            data[html_name] = values
    else:
        data[html_name] = _formatted(widget, value)


def _formatted(widget, value):
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def _display(field, value):
    """A value as the conflict page shows it."""
    if isinstance(value, _Upload):
        return f"{value.name} (your new file)"
    if field.many_to_many:
        names = sorted(str(o) for o in field.related_model._base_manager.filter(pk__in=value))
        return ", ".join(names) if names else "(none)"
    if value is None or value == "":
        return "(blank)"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"{value} (since deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, FieldFile | str) and isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y H:i")
    if hasattr(value, "year"):
        return date_format(value, "j M Y")
    return str(value)
