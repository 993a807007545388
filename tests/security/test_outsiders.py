"""Objects of a body or project a person does not belong to answer 404, not 403, to a POST as to a GET, and no
POST to them changes a row. Every named URL that the access matrix says is hidden from a persona is posted to, as
that persona, with values that would change rows if they were accepted."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.conftest import client_for
from tests.test_access import WRITE_DATA, _objects, matrix

# A signed-in person with no seat anywhere, and members of other bodies than the Project Board.
PERSONAS = ["outsider", "councillor", "provider", "service_user"]
HIDDEN = sorted(
    (name, persona) for name, (_, expected) in matrix().items() for persona in PERSONAS if expected[persona] == 404
)


# URLs that take only a POST (a GET answers 405 for everyone): their objects must be as hidden as the pages'.
POST_ONLY = sorted(name for name, (_, expected) in matrix().items() if set(expected.values()) == {405})
# Those that concern no body or project: the person's own things.
OWN = {"governance:my_calendar_reset", "logout"}


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for label in ("governance", "projects", "risks")
        for model in apps.get_app_config(label).get_models()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name,persona", HIDDEN, ids=[f"{n}-{p}" for n, p in HIDDEN])
def test_a_post_to_what_one_may_not_see_is_404_and_changes_nothing(name, persona):
    objects = _objects()
    kwargs_for, _ = matrix()[name]
    url = reverse(name, kwargs=kwargs_for(objects))
    before = row_counts()
    data = {**WRITE_DATA, "person": objects["mick"].pk, "owner": objects["mick"].pk, "title": "Changed"}
    response = client_for(persona).post(url, data)
    # 405 only where the URL takes no POST at all (it says nothing about the object).
    assert response.status_code in (404, 405), response.status_code
    assert row_counts() == before


def test_the_walk_covers_every_area():
    names = {name for name, _ in HIDDEN}
    for prefix in ("governance:", "projects:", "risks:"):
        assert any(name.startswith(prefix) for name in names), prefix
    assert len(HIDDEN) >= 150
    assert len(POST_ONLY) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in POST_ONLY if n not in OWN])
def test_a_post_only_action_on_what_one_may_not_see_is_404_and_changes_nothing(name):
    objects = _objects()
    kwargs_for, _ = matrix()[name]
    url = reverse(name, kwargs=kwargs_for(objects))
    before = row_counts()
    data = {**WRITE_DATA, "person": objects["mick"].pk, "owner": objects["mick"].pk, "title": "Changed"}
    response = client_for("outsider").post(url, data)
    assert response.status_code == 404, response.status_code
    assert row_counts() == before
