"""Signing in, changing one's password and signing out, through the forms the pages render."""

import pytest
from django.urls import reverse

from governance.seed_data import DEMO_PASSWORD
from tests.forms.pressing import form_with, press

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chair(django_user_model):
    chair = django_user_model.objects.get(username="chair")
    chair.set_password(DEMO_PASSWORD)
    chair.save()
    return chair


def test_a_member_signs_in_changes_their_password_and_signs_out(django_app, chair):
    form = form_with(django_app.get(reverse("login")), "Sign in")
    form["username"] = "chair"
    form["password"] = DEMO_PASSWORD
    page = press(form, "Sign in").follow()
    assert "Sign out" in page.text

    form = form_with(django_app.get(reverse("password_change")), "Change password")
    form["old_password"] = DEMO_PASSWORD
    form["new_password1"] = "a-longer-new-passphrase-2026"
    form["new_password2"] = "a-longer-new-passphrase-2026"
    page = press(form, "Change password").follow()
    assert "Your password has been changed" in page.text
    chair.refresh_from_db()
    assert chair.check_password("a-longer-new-passphrase-2026")

    page = press(page, "Sign out").follow()
    assert "Sign in" in page.text and "Sign out" not in page.text
