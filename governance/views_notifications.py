"""A person's own choice of which emails they get, and how: at once, in a daily digest, or not at all."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from governance import notifications
from governance.forms import GovUKFormMixin
from governance.models import Delivery, DigestEntry, NotificationKind


class PreferencesForm(GovUKFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                label=kind.label,
                error_messages={"required": f"Choose how to be told: {kind.label.lower()}."},
            )


@require_http_methods(["GET", "POST"])
@login_required
def my_notifications(request):
    form = PreferencesForm(request.POST or None, initial=notifications.preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        changed = notifications.set_preferences(request.user, form.cleaned_data)
        messages.success(
            request,
            f"Saved: {changed} choice{'s' if changed != 1 else ''} changed." if changed else "Saved: nothing changed.",
        )
        return redirect("governance:my_notifications")
    person = getattr(request.user, "person", None)
    address = (getattr(person, "email", "") or request.user.email).strip()
    waiting = DigestEntry.objects.filter(user=request.user, sent_at__isnull=True).count()
    return render(
        request,
        "governance/mine/notifications.html",
        {"form": form, "address": address, "waiting": waiting},
    )
