"""With DEBUG off, 404, 403 and 500 (and a refused CSRF check) are the service's own pages: no traceback, no settings,
nothing of the error that caused them."""

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import include, path, reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# The message of the error raised below: a page that shows it would show whatever an exception carries.
MARKER = "error-page-marker-7f3a"


def explode(request):
    raise RuntimeError(f"{MARKER} {django_settings.SECRET_KEY} {django_settings.DATABASES['default']['NAME']}")


# A test-only URLconf: the service's URLs plus a view that raises.
urlpatterns = [path("explode/", explode), path("", include("homecare.urls"))]


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def assert_reveals_nothing(html):
    secret = django_settings.SECRET_KEY
    database = str(django_settings.DATABASES["default"]["NAME"])
    for leak in ("Traceback", "SECRET_KEY", "DATABASES", "INSTALLED_APPS", "urlpatterns", "settings.py", MARKER):
        assert leak not in html, leak
    assert secret not in html and database not in html


def test_a_missing_page_is_the_services_own_404():
    response = client_for("councillor").get("/governance/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Page not found" in html and "govuk-template" in html
    assert_reveals_nothing(html)


def test_an_object_the_user_may_not_see_is_the_services_own_404_without_the_reason():
    response = client_for("councillor").get(reverse("governance:body_detail", args=["project-board"]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert_reveals_nothing(response.content.decode())


def test_a_page_the_user_may_not_change_is_the_services_own_403():
    response = client_for("councillor").get(reverse("governance:body_edit", args=["strategic-group"]))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "You do not have permission to see this page" in html
    assert_reveals_nothing(html)


def test_a_refused_csrf_check_is_the_services_own_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "councillor", "password": "x"})
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "The form could not be sent" in html
    assert "CSRF verification failed" not in html and "CSRF cookie not set" not in html
    assert_reveals_nothing(html)


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_raises_gives_the_services_own_500():
    response = Client(raise_request_exception=False).get("/explode/")
    assert response.status_code == 500
    assert "500.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "RuntimeError" not in html
    assert_reveals_nothing(html)


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_is_the_same_for_a_signed_in_user():
    client = client_for("admin_staff")
    client.raise_request_exception = False
    response = client.get("/explode/")
    assert response.status_code == 500
    assert_reveals_nothing(response.content.decode())
    assert "admin.staff" not in response.content.decode()
