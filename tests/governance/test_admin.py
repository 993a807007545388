"""The Django admin covers every governance model, with history, for admin staff only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from governance import models


def governance_models():
    return [m for m in apps.get_app_config("governance").get_models() if not m.__name__.startswith("Historical")]


def test_every_editable_governance_model_is_in_the_admin():
    registered = set(admin.site._registry)
    inline_only = {
        "Clause",
        "RevisionEntry",
        "DistributionEntry",
        "QuorumRequiredRole",
        "QuorumConstituencyMinimum",
        "AgendaApprovalStep",
        "AgendaApproval",
        "ItemNote",
        "MinutesReview",
        "ExceptionResponse",
        "AgendaItem",
    }
    missing = {m.__name__ for m in governance_models() if m not in registered} - inline_only
    assert not missing


# Append-only trails: rows are created once by an action and never edited, so they need no history of their own.
# A PackBuild is written by the pack worker, and digest entries and sent reminders by the sending of notifications,
# never edited by a person.
APPEND_ONLY = {"AgendaApproval", "MinutesReview", "PackBuild", "DigestEntry", "SentReminder"}


def test_every_editable_governance_model_keeps_history():
    for model in governance_models():
        if model.__name__ not in APPEND_ONLY:
            assert hasattr(model, "history"), model.__name__


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [m for m in governance_models() if m in admin.site._registry], ids=lambda m: m.__name__
)
def test_admin_staff_open_the_changelist_change_page_and_history(as_persona, model):
    client = as_persona("admin_staff")
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    obj = model.objects.first()
    if obj is None and model.__name__ == "PackBuild":  # written only by the worker: none in the seed, no add form
        obj = model.objects.create(kind="agenda", variant="public", meeting=models.Meeting.objects.first())
    if obj is None and model.__name__ in {"DigestEntry", "SentReminder"}:  # written only by sending, no add form
        return
    if obj is None:  # nothing of this kind in the seed: the add form must open instead
        assert client.get(reverse(f"{prefix}_add")).status_code == 200
        return
    assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200


@pytest.mark.django_db
def test_board_members_cannot_use_the_admin(as_persona):
    url = reverse("admin:governance_body_changelist")
    for persona in ("councillor", "chair", "project_leader"):
        assert as_persona(persona).get(url).status_code == 302
