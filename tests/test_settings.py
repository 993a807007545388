"""Settings from the environment, production mode, security headers, sign-in and sign-out, and /healthz."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from governance.seed_data import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # A production process: none of the test run's own settings (the browser tests allow Django's ORM next to
    # Playwright's event loop with DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly warns about).
    unset = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TRUSTED_PROXY_COUNT", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-characters-0123456789abcdef",
    "ALLOWED_HOSTS": "governance.example.org",
    "TRUSTED_PROXY_COUNT": "1",
    "SITE_URL": "https://governance.example.org",
}


def test_check_deploy_reports_nothing_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_says_to_set_trusted_proxy_count_in_production_mode():
    production = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXY_COUNT"}
    result = run_manage("check", "--deploy", **production)
    assert result.returncode != 0
    assert "(homecare.E001) TRUSTED_PROXY_COUNT is not set." in result.stderr
    assert "0 when nothing is in front of it, 1 for one (nginx or a load balancer)" in result.stderr
    assert "System check identified 1 issue" in result.stderr


@pytest.mark.parametrize("count", ["0", "1"])
def test_check_deploy_is_silent_once_trusted_proxy_count_is_set(count):
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION | {"TRUSTED_PROXY_COUNT": count})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "homecare.E001" not in result.stdout + result.stderr


@pytest.mark.parametrize("site_url", ["", "governance.example.org", "https://governance.example.org/app"])
def test_check_deploy_says_to_set_site_url_in_production_mode(site_url):
    result = run_manage("check", "--deploy", **PRODUCTION | {"SITE_URL": site_url})
    assert result.returncode != 0
    assert "(homecare.E002) SITE_URL is" in result.stderr
    assert "Emails link to the pages they are about by SITE_URL" in result.stderr


def test_development_links_emails_to_the_local_server_without_site_url():
    result = run_manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SITE_URL)", DEBUG="1"
    )
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8000"


def test_development_needs_no_trusted_proxy_count():
    result = run_manage("check", "--deploy", DEBUG="1")
    assert "System check identified" in result.stdout + result.stderr
    assert "homecare.E001" not in result.stdout + result.stderr


@pytest.mark.parametrize("count", ["abc", "-1", "1.5"])
def test_a_trusted_proxy_count_that_is_not_a_whole_number_stops_the_start(count):
    result = run_manage("check", **PRODUCTION | {"TRUSTED_PROXY_COUNT": count})
    assert result.returncode != 0
    assert f"TRUSTED_PROXY_COUNT must be a whole number, 0 or more; it is {count!r}." in result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="governance.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DEBUG="0", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_healthz_says_not_ok_when_the_database_cannot_be_reached(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "homecare.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/db.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr


@pytest.mark.django_db
def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_script_without_the_nonce(as_persona):
    response = as_persona("admin_staff").get(reverse("governance:structure"))
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag


@pytest.mark.django_db
def test_the_layout_has_no_gov_uk_brand(as_persona):
    html = as_persona("councillor").get(reverse("home")).content.decode()
    assert "govuk-header__logotype" not in html and "crown" not in html.lower()
    assert "Leeds City Council" in html
    assert 'href="#main-content"' in html
    assert reverse("accessibility") in html and reverse("privacy") in html


@pytest.mark.django_db
def test_sign_in_changes_the_session_key_and_sign_out_ends_the_session(client):
    client.get(reverse("login"))
    before = client.session.session_key
    response = client.post(reverse("login"), {"username": "councillor", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_explained_on_the_page(client):
    response = client.post(reverse("login"), {"username": "councillor", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_rules_need_twelve_characters_and_refuse_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = get_user_model()(username="someone")
    for weak in ("short1!", "password1234"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("a-long-unusual-passphrase", user)


@pytest.mark.django_db
def test_the_navigation_shows_only_what_the_user_may_open_and_marks_the_current_page(as_persona):
    member = as_persona("councillor").get(reverse("governance:structure")).content.decode()
    assert "My meetings" in member and ">People<" not in member and "Deadlines" not in member
    assert 'aria-current="page"' in member
    staff = as_persona("admin_staff").get(reverse("governance:people")).content.decode()
    assert "Deadlines" in staff and "Admin" in staff
    assert '<strong class="govuk-service-navigation__active-fallback">People</strong>' in staff


def test_a_gunicorn_worker_freezes_what_django_made_at_start():
    import gc
    import runpy

    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "homecare" / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread" and config["wsgi_app"] == "homecare.wsgi:application"
    before = gc.get_freeze_count()
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
