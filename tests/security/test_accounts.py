"""Accounts and sessions: sign-in throttling (django-axes), the password rules on the change-password page, and
what signing in, signing out and changing a password do to sessions."""

import datetime as dt
import json
import logging
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.seed_data import DEMO_PASSWORD
from tests.test_settings import PRODUCTION, ROOT

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"
# Documentation addresses (RFC 5737): one per "person" in a test.
HOME, OFFICE, CAFE = "192.0.2.10", "198.51.100.20", "203.0.113.30"
USERNAMES = ["councillor", "provider", "chair", "service.user", "project.executive", "project.leader"]


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """The demo accounts' passwords, hashed with a quick hasher for these tests: dozens of sign-ins each pay for a
    full-strength hash otherwise. What is tested (counts, locks, sessions, validators) does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    for user in get_user_model().objects.filter(username__in=USERNAMES):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def sign_in(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(client, username, address, times):
    """`times` wrong passwords; returns the status of each answer."""
    return [sign_in(client, username, WRONG, address).status_code for _ in range(times)]


# ------------------------------------------------------------------------------------------------------ throttling


def test_five_wrong_passwords_lock_the_account_even_against_the_right_password():
    client = Client()
    assert fail(client, "councillor", HOME, 4) == [200] * 4
    fifth = sign_in(client, "councillor", WRONG, HOME)
    assert fifth.status_code == 429
    sixth = sign_in(client, "councillor", DEMO_PASSWORD, HOME)
    assert sixth.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in sixth.templates]
    assert "You cannot sign in at the moment" in sixth.content.decode()
    assert not signed_in(client)
    # The account is locked wherever the attempt comes from ...
    elsewhere = Client()
    assert sign_in(elsewhere, "councillor", DEMO_PASSWORD, CAFE).status_code == 429
    assert not signed_in(elsewhere)
    # ... while another account, from another address, still signs in.
    other = Client()
    response = sign_in(other, "chair", DEMO_PASSWORD, OFFICE)
    assert response.status_code == 302 and signed_in(other)


def test_five_failures_from_one_address_across_accounts_lock_the_address():
    client = Client()
    usernames = ["councillor", "provider", "chair", "service.user", "project.executive"]
    statuses = [sign_in(client, username, WRONG, OFFICE).status_code for username in usernames]
    assert statuses == [200, 200, 200, 200, 429]
    # No account has failed five times, but the address has: even a right password from it is refused ...
    assert sign_in(client, "project.leader", DEMO_PASSWORD, OFFICE).status_code == 429
    assert not signed_in(client)
    # ... and the same accounts still sign in from elsewhere.
    other = Client()
    assert sign_in(other, "provider", DEMO_PASSWORD, HOME).status_code == 302 and signed_in(other)


def test_the_lock_ends_thirty_minutes_after_the_last_counted_failure():
    client = Client()
    fail(client, "councillor", HOME, 5)

    def failures_happened(minutes_ago):
        AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=minutes_ago))

    failures_happened(29)
    assert sign_in(client, "councillor", DEMO_PASSWORD, HOME).status_code == 429
    # Refused attempts while locked do not move the end of the lock.
    failures_happened(31)
    response = sign_in(client, "councillor", DEMO_PASSWORD, HOME)
    assert response.status_code == 302 and signed_in(client)


def test_a_successful_sign_in_clears_the_accounts_failures():
    client = Client()
    assert fail(client, "councillor", HOME, 4) == [200] * 4
    assert sign_in(client, "councillor", DEMO_PASSWORD, HOME).status_code == 302
    # Four more would make eight without the reset: still not locked.
    assert fail(Client(), "councillor", HOME, 4) == [200] * 4


def test_signing_in_to_ones_own_account_does_not_clear_failures_against_another():
    attacker = Client()
    assert fail(attacker, "councillor", CAFE, 4) == [200] * 4
    assert sign_in(Client(), "chair", DEMO_PASSWORD, CAFE).status_code == 302
    assert sign_in(attacker, "councillor", WRONG, CAFE).status_code == 429


def test_the_lock_out_is_logged_with_the_account_and_the_address(caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(Client(), "councillor", HOME, 5)
    lockouts = [r for r in caplog.records if r.name.startswith("axes") and "Locking out" in r.getMessage()]
    assert len(lockouts) == 1
    message = lockouts[0].getMessage()
    assert lockouts[0].levelno == logging.WARNING
    assert 'username: "councillor"' in message and f'ip_address: "{HOME}"' in message
    assert DEMO_PASSWORD not in message and WRONG not in message


def test_the_lock_out_page_says_when_to_try_again_and_where_to_get_help(settings):
    fail(Client(), "councillor", HOME, 5)
    last_failure = AccessAttempt.objects.get(username="councillor").attempt_time
    page = sign_in(Client(), "councillor", DEMO_PASSWORD, HOME).content.decode()
    ends = timezone.localtime(last_failure + dt.timedelta(minutes=30))
    assert f"You can try again after {ends:%H:%M} on {ends:%A} {ends.day} {ends:%B %Y}." in page
    assert "paused for 30 minutes" in page
    assert "contact the secretariat" in page
    settings.SIGN_IN_HELP_EMAIL = "governance-help@example.org"
    page = sign_in(Client(), "councillor", DEMO_PASSWORD, HOME).content.decode()
    assert 'href="mailto:governance-help@example.org"' in page


def test_the_address_is_the_one_the_proxy_saw_in_production_and_remote_addr_otherwise():
    """Production sits behind a TLS-terminating proxy: the client's address is the right-most the proxies added to
    X-Forwarded-For (anything to its left came from the client and may be forged); with no proxy, REMOTE_ADDR."""
    script = (
        "import json, django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from axes.helpers import get_client_ip_address\n"
        "headers = [None, '203.0.113.7', '6.6.6.6, 203.0.113.7', '6.6.6.6, 203.0.113.7, 10.0.0.1']\n"
        "def address(xff):\n"
        "    meta = {'REMOTE_ADDR': '10.0.0.2', **({'HTTP_X_FORWARDED_FOR': xff} if xff else {})}\n"
        "    return get_client_ip_address(RequestFactory().post('/sign-in/', **meta))\n"
        "print(json.dumps([address(h) for h in headers]))\n"
    )

    def addresses(**env):
        environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "TRUSTED_PROXY_COUNT")}
        environment.update(env, DJANGO_SETTINGS_MODULE="homecare.settings")
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def in_production(count):
        settings = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXY_COUNT"}
        return addresses(**settings) if count is None else addresses(**settings, TRUSTED_PROXY_COUNT=count)

    # One proxy in front.
    assert in_production("1") == ["10.0.0.2", "203.0.113.7", "203.0.113.7", "10.0.0.1"]
    # Two proxies: the outer one's entry is the client, the inner one's is the outer proxy. A request that did not
    # come through both has no address the proxies vouch for (such requests share one count).
    assert in_production("2") == [None, None, "6.6.6.6", "203.0.113.7"]
    # Nothing in front (and development): the header is ignored, as anyone can send it.
    assert in_production("0") == ["10.0.0.2"] * 4
    assert addresses(DEBUG="1") == ["10.0.0.2"] * 4
    # Production with the count not set (which `check --deploy` reports): the header is trusted no more than with 0.
    assert in_production(None) == ["10.0.0.2"] * 4


# --------------------------------------------------------------------------------------------------- password rules


def change_password(client, new, confirm=None):
    return client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": confirm or new},
    )


@pytest.fixture
def councillor_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="councillor"))
    return client


@pytest.mark.parametrize(
    "password,message",
    [
        ("Heron-quay7", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
    ],
)
def test_the_password_change_refuses_short_and_common_passwords_with_a_message(councillor_client, password, message):
    response = change_password(councillor_client, password)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the error summary and at the field
    assert get_user_model().objects.get(username="councillor").check_password(DEMO_PASSWORD)


def test_the_password_change_accepts_a_long_uncommon_password(councillor_client):
    response = change_password(councillor_client, "heron-ledger-quay")
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert get_user_model().objects.get(username="councillor").check_password("heron-ledger-quay")
    assert "Your password has been changed" in councillor_client.get(response["Location"]).content.decode()


def test_the_password_change_page_needs_the_current_password(councillor_client):
    response = councillor_client.post(
        reverse("password_change"),
        {"old_password": WRONG, "new_password1": "heron-ledger-quay", "new_password2": "heron-ledger-quay"},
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert get_user_model().objects.get(username="councillor").check_password(DEMO_PASSWORD)


# --------------------------------------------------------------------------------------------------------- sessions


def test_the_session_key_changes_at_sign_in_and_the_old_key_does_not_sign_anyone_in():
    client = Client()
    client.get(reverse("login"))
    session = client.session
    session["seen"] = True  # an anonymous session with a key someone may have planted
    session.save()
    before = session.session_key
    assert sign_in(client, "councillor", DEMO_PASSWORD, HOME).status_code == 302
    assert client.session.session_key != before
    replay = Client()
    replay.cookies["sessionid"] = before
    assert replay.get(reverse("home")).status_code == 302


def test_sign_out_ends_the_session_so_its_key_no_longer_authenticates():
    client = Client()
    sign_in(client, "councillor", DEMO_PASSWORD, HOME)
    key = client.session.session_key
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    response = replay.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_password_change_signs_out_the_accounts_other_sessions_but_not_this_one():
    here, elsewhere, other_person = Client(), Client(), Client()
    sign_in(here, "councillor", DEMO_PASSWORD, HOME)
    sign_in(elsewhere, "councillor", DEMO_PASSWORD, CAFE)
    sign_in(other_person, "provider", DEMO_PASSWORD, OFFICE)
    for client in (here, elsewhere, other_person):
        assert client.get(reverse("home")).status_code == 200
    assert change_password(here, "heron-ledger-quay").status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302
    assert other_person.get(reverse("home")).status_code == 200
