"""One recipe for saving an edit form safely: refuse it when the record changed since the form was loaded."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction

from governance import actions, history


def focus_first_field(form):
    """A form swapped in place of the "Change" link that opened it (htmx) takes the focus on its first field, so that
    a keyboard user carries on where the link was: htmx focuses the element marked autofocus in what it swaps in."""
    first = next(iter(form.visible_fields()), None)
    if first is not None:
        first.field.widget.attrs["autofocus"] = True
    return form


def save_if_fresh(request, form, obj, save):
    """Call `save()` in one transaction unless `obj` has changed since `form` was loaded (its edit token).

    Returns (result, conflict). On a stale edit the result is None, `conflict` lists what the other person changed,
    and the form keeps the user's values with a fresh token, so that a deliberate second save goes through. A rule
    of the domain (GovernanceError) or of the model (ValidationError) that refuses the save becomes a form error.
    """
    try:
        with transaction.atomic():
            if obj.pk:
                actions.check_fresh(obj, form.cleaned_data.get("edit_token"), request.user)
            return save(), None
    except actions.StaleEdit as error:
        messages.error(request, str(error))
        form.data = form.data.copy()
        form.data["edit_token"] = history.edit_token(obj)
        return None, error.changes
    except (actions.GovernanceError, ValidationError) as error:
        form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        return None, None
