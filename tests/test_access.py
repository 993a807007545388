"""Every named URL against every persona: the expected status for each, and a walk of the URL resolver that fails
when a named URL has no row here, so that a new page cannot go untested."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import get_resolver, reverse

from governance.models import Body, Membership, Person, TermsOfReference
from tests.access import bodies, logs, meetings, public
from tests.access.expect import ADMIN, ALL
from tests.conftest import client_for

MODULES = [bodies, meetings, public, logs]


def _objects():
    objects = {}
    for module in MODULES:
        objects.update(module.objects())
    return objects


def matrix():
    """(url name, kwargs builder, expected status per persona) for every named URL, from each area's module."""
    rows = {}
    for module in MODULES:
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"URL names listed twice: {overlap}"
        rows.update(module.ROWS)
    return rows


def named_urls():
    """Every URL name the resolver knows, with its namespace; of Django's admin only the index is ours to test
    (the admin guards its other pages with its own staff and model permission checks)."""
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace or namespace
                if ns == "admin":
                    names.add("admin:index")
                    continue
                walk(pattern, f"{ns}" if pattern.namespace else namespace)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), "")
    return names


def test_every_named_url_is_in_the_access_matrix():
    missing = named_urls() - set(matrix())
    assert not missing, f"URLs with no access expectation: {sorted(missing)}"


def test_the_matrix_names_only_real_urls():
    assert set(matrix()) <= named_urls()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(matrix()))
def test_access_matrix(name):
    objects = _objects()
    kwargs_for, expected = matrix()[name]
    url = reverse(name, kwargs=kwargs_for(objects))
    got = {persona: client_for(persona).get(url).status_code for persona in sorted(ALL)}
    assert got == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(n for n, (_, e) in matrix().items() if e["anonymous"] == 302 and n != "admin:index")
)
def test_signed_out_users_are_sent_to_sign_in(client, name):
    url = reverse(name, kwargs=matrix()[name][0](_objects()))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


WRITES = [
    ("governance:body_edit", lambda o: {"slug": "strategic-group"}),
    ("governance:membership_new", lambda o: {"slug": "strategic-group"}),
    ("governance:membership_edit", lambda o: {"pk": o["seat"].pk}),
    ("governance:tor_new", lambda o: {"slug": "strategic-group"}),
    ("governance:tor_edit", lambda o: {"slug": "strategic-group", "pk": o["tor"].pk}),
    ("governance:tor_approve", lambda o: {"slug": "strategic-group", "pk": o["tor"].pk}),
    ("governance:person_edit", lambda o: {"pk": o["mick"].pk}),
    ("governance:person_new", lambda o: {}),
    ("governance:body_new", lambda o: {}),
]


def _row_counts():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_app_config("governance").get_models()}


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs_for", WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("persona", sorted(ALL - ADMIN))
def test_no_one_but_admin_staff_can_write(name, kwargs_for, persona):
    url = reverse(name, kwargs=kwargs_for(_objects()))
    before = _row_counts()
    response = client_for(persona).post(
        url, {"name": "Changed", "version": "9.9", "approved_by": "x", "approved_on": "2026-01-01"}
    )
    assert response.status_code in (302, 403, 404)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert _row_counts() == before
    assert Body.objects.filter(name="Changed").count() == 0


@pytest.mark.django_db
def test_outsider_gets_404_not_403_for_a_body_they_do_not_sit_on(outsider, client):
    client.force_login(outsider)
    assert client.get(reverse("governance:body_detail", args=["project-board"])).status_code == 404
    assert client.post(reverse("governance:body_edit", args=["project-board"]), {"name": "x"}).status_code == 404


@pytest.mark.django_db
def test_a_councillor_cannot_open_the_project_board(client):
    client.force_login(get_user_model().objects.get(username="councillor"))
    assert client.get(reverse("governance:body_detail", args=["project-board"])).status_code == 404
    assert client.get(reverse("governance:body_detail", args=["strategic-group"])).status_code == 200


@pytest.mark.django_db
def test_a_named_deputy_sees_the_body_they_deputise_on(client, strategic_group):
    deputy = Person.objects.create(name="A Deputy")
    user = get_user_model().objects.create(username="deputy")
    deputy.user = user
    deputy.save()
    seat = Membership.objects.get(body=strategic_group, person__name="Hatim Hassan")
    seat.deputy = deputy
    seat.deputy_authority = "speak"
    seat.save()
    client.force_login(user)
    assert client.get(reverse("governance:body_detail", args=["strategic-group"])).status_code == 200
    assert client.get(reverse("governance:body_detail", args=["project-board"])).status_code == 404


@pytest.mark.django_db
def test_unknown_ids_are_404(as_persona):
    client = as_persona("admin_staff")
    assert client.get(reverse("governance:body_detail", args=["no-such-body"])).status_code == 404
    assert client.get(reverse("governance:tor_detail", args=["strategic-group", 999999])).status_code == 404
    assert client.get(reverse("governance:membership_edit", args=[999999])).status_code == 404
    assert client.get(reverse("governance:person_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_a_tor_is_only_reachable_under_its_own_body(as_persona):
    tor = TermsOfReference.objects.get(body__slug="strategic-group")
    client = as_persona("admin_staff")
    assert client.get(reverse("governance:tor_detail", args=["project-board", tor.pk])).status_code == 404
