"""Shared fixtures: the seeded Leeds programme (loaded once per session) and named personas."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from governance import seed
from governance.models import Body, Person
from projects import seed as projects_seed
from risks import seed as risks_seed

# Every form a page renders is recorded, checked for duplicate control names, and must be submitted by some test.
pytest_plugins = ["tests.forms_coverage"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Every test starts from the seeded programme; each test's own writes are rolled back.
    with django_db_blocker.unblock():
        seed.load()
        projects_seed.load()
        risks_seed.load()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded papers and built packs go to a fresh folder per test, never the working copy's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


PERSONAS = {
    # persona: demo username (None = no login; "outsider" is created by the fixture)
    "anonymous": None,
    "outsider": "outsider",
    "councillor": "councillor",
    "provider": "provider",
    "service_user": "service.user",
    "project_executive": "project.executive",
    "chair": "chair",
    "project_leader": "project.leader",
    "admin_staff": "admin.staff",
}


@pytest.fixture
def outsider(db):
    """A signed-in user with no seat on any body and no staff role."""
    user, _ = get_user_model().objects.get_or_create(username="outsider")
    return user


def user_for(persona):
    username = PERSONAS[persona]
    if username is None:
        return None
    if username == "outsider":
        return get_user_model().objects.get_or_create(username="outsider")[0]
    return get_user_model().objects.get(username=username)


def client_for(persona):
    client = Client()
    user = user_for(persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_persona(db):
    return client_for


@pytest.fixture
def strategic_group(db):
    return Body.objects.get(slug="strategic-group")


@pytest.fixture
def project_board(db):
    return Body.objects.get(slug="project-board")


@pytest.fixture
def host_board(db):
    return Body.objects.get(slug="home-care-pa-commissioning-board")


@pytest.fixture
def people(db):
    """Seeded people by name."""
    return {p.name: p for p in Person.objects.all()}
