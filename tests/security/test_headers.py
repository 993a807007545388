"""Security headers on every kind of response; HSTS and cookie flags with the settings production mode computes; and
stored files served only through the views that check access, as attachments, never from MEDIA_URL."""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from governance.models import AgendaItem, Body
from governance.seed_data import DEMO_PASSWORD
from tests.access import decision_reports as report_access
from tests.access import packs as pack_access
from tests.access import public as public_access
from tests.conftest import PERSONAS, client_for
from tests.test_settings import PRODUCTION, ROOT

pytestmark = pytest.mark.django_db

PAPER_TITLE = "Published report (security headers)"


def _paper_item():
    """An item with a paper on an issued agenda of a body that publishes its papers (a public paper)."""
    found = AgendaItem.objects.filter(title=PAPER_TITLE).first()
    if found:
        return found
    meeting = public_access.make_meeting(Body.objects.get(slug="strategic-group"), days_from_now=20)
    paper = ContentFile(b"%PDF-1.4\n% a published paper\n%%EOF\n", name="published-paper.pdf")
    _agenda, (item,) = public_access.agenda_for(meeting, {"title": PAPER_TITLE, "paper": paper})
    return item


# (what, persona, URL builder, expected status)
SAMPLE = [
    ("a page", "councillor", lambda: reverse("governance:structure"), 200),
    ("a 404", "councillor", lambda: "/governance/no-such-page/", 404),
    ("a redirect to sign in", "anonymous", lambda: reverse("home"), 302),
    ("a file download", "admin_staff", lambda: reverse("governance:item_paper", args=[_paper_item().pk]), 200),
    ("the public site", "anonymous", lambda: reverse("public:meetings"), 200),
    ("a public paper", "anonymous", lambda: reverse("public:paper", args=[_paper_item().pk]), 200),
    ("the health check", "anonymous", lambda: reverse("healthz"), 200),
    ("a 403", "councillor", lambda: reverse("governance:body_edit", args=["strategic-group"]), 403),
    ("a refused method", "anonymous", lambda: reverse("logout"), 405),
]


@pytest.mark.parametrize("what,persona,url,status", SAMPLE, ids=[s[0] for s in SAMPLE])
def test_every_kind_of_response_carries_the_security_headers(what, persona, url, status):
    response = client_for(persona).get(url())
    assert response.status_code == status
    csp = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["default-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def _production_settings():
    """The security settings homecare/settings.py computes in production mode (DEBUG=0), read in a fresh process."""
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    ]
    script = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="homecare.settings")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_mode_sends_hsts_and_secure_httponly_samesite_cookies(settings):
    production = _production_settings()
    assert production["DEBUG"] is False
    for name, value in production.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [PRODUCTION["ALLOWED_HOSTS"]]
    host = {"HTTP_HOST": PRODUCTION["ALLOWED_HOSTS"]}
    client = Client()

    plain = client.get(reverse("login"), **host)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

    # The TLS-terminating proxy says the request came over https.
    https = {**host, "HTTP_X_FORWARDED_PROTO": "https"}
    page = client.get(reverse("login"), **https)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True and csrf["samesite"] == "Lax"

    signed_in = client.post(reverse("login"), {"username": "councillor", "password": DEMO_PASSWORD}, **https)
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] is True and session["httponly"] is True and session["samesite"] == "Lax"
    assert signed_in["Strict-Transport-Security"].startswith("max-age=31536000")


# --------------------------------------------------------------------------------------------------- stored files


def _stored_files():
    """(URL name, kwargs, a persona who may download it, the stored file) for every view that serves a stored file."""
    item = _paper_item()
    reports = report_access.objects()
    packs = pack_access.objects()
    draft_appendix, published_appendix = reports["report_draft_appendix"], reports["report_published_appendix"]
    return [
        ("governance:item_paper", {"pk": item.pk}, "admin_staff", item.paper),
        ("public:paper", {"pk": item.pk}, "anonymous", item.paper),
        ("governance:decision_report_appendix", {"pk": draft_appendix.pk}, "project_leader", draft_appendix.file),
        ("public:officer_decision_appendix", {"pk": published_appendix.pk}, "anonymous", published_appendix.file),
        ("governance:pack_download", {"pk": packs["pack_build"].pk}, "admin_staff", packs["pack_build"].file),
        ("public:meeting_pack", {"pk": packs["public_pack"].meeting_id}, "anonymous", packs["public_pack"].file),
    ]


def test_every_stored_file_is_served_as_an_attachment_with_a_plain_name():
    for name, kwargs, persona, stored in _stored_files():
        response = client_for(persona).get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename="), (name, disposition)
        filename = disposition.split("filename=", 1)[1].strip('"')
        assert filename.endswith(".pdf") and all(c.isalnum() or c in "-_." for c in filename), (name, filename)
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == stored.open("rb").read()


def test_no_stored_file_is_reachable_under_media_url_by_anyone(settings):
    files = _stored_files()
    for _name, _kwargs, _persona, stored in files:
        assert stored.storage.exists(stored.name)
        url = "/" + settings.MEDIA_URL.lstrip("/") + stored.name
        for persona in PERSONAS:
            assert client_for(persona).get(url).status_code == 404, (persona, url)
