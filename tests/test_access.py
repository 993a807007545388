"""Every named URL against every persona: the expected status for each, and a walk of the URL resolver that fails
when a named URL has no row here, so that a new page cannot go untested."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import get_resolver, reverse

from governance.models import Body, Membership, Person, TermsOfReference
from tests.access import (
    accounts,
    bodies,
    changes,
    decision_reports,
    logs,
    meetings,
    packs,
    personal_data,
    projects_charts,
    projects_papers,
    projects_plan,
    projects_registers,
    projects_reports,
    public,
    risks_board,
    risks_registers,
)
from tests.access.expect import ADMIN, ALL
from tests.conftest import client_for

MODULES = [
    bodies,
    meetings,
    public,
    logs,
    projects_plan,
    projects_charts,
    projects_reports,
    projects_registers,
    projects_papers,
    risks_registers,
    risks_board,
    packs,
    decision_reports,
    changes,
    accounts,
    personal_data,
]


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
    ("governance:body_meetings", lambda o: {"slug": "project-board"}),
    ("governance:extraordinary_new", lambda o: {"slug": "project-board"}),
    ("governance:meeting_edit", lambda o: {"pk": o["meeting"].pk}),
    ("governance:meeting_cancel", lambda o: {"pk": o["meeting"].pk}),
    ("governance:attendance", lambda o: {"pk": o["meeting"].pk}),
    ("governance:minutes", lambda o: {"pk": o["meeting"].pk}),
    ("governance:item_record", lambda o: {"pk": o["item"].pk}),
    ("governance:exception_new", lambda o: {"slug": "project-board"}),
    ("governance:pack_build", lambda o: {"pk": o["meeting"].pk}),
]
# Meeting writes carry fields that would change rows if they were accepted.
WRITE_DATA = {
    "name": "Changed",
    "version": "9.9",
    "approved_by": "x",
    "approved_on": "2026-01-01",
    "reason": "Because",
    "first_day": "2030-01-01",
    "last_day": "2030-06-01",
    "start_time": "10:00",
    "action": "start",
    "kind": "action",
    "description": "Do it",
    "due_on": "2030-01-01",
    "status": "present",
    "venue": "Changed",
    "starts_at": "2030-01-01T10:00",
    "ends_at": "2030-01-01T12:00",
    "notice_given_on": "2029-12-30",
    "called_by_chair": "on",
    "category": "media",
    "question": "May we reply?",
    "respond_by": "2030-01-01",
    "variant": "private",
}


def _row_counts():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_app_config("governance").get_models()}


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs_for", WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("persona", sorted(ALL - ADMIN))
def test_no_one_but_admin_staff_can_write(name, kwargs_for, persona):
    objects = _objects()
    url = reverse(name, kwargs=kwargs_for(objects))
    before = _row_counts()
    data = {**WRITE_DATA, "person": objects["mick"].pk, "owner": objects["mick"].pk}
    response = client_for(persona).post(url, data)
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "governance:attendance",
        "governance:minutes",
        "governance:item_record",
        "governance:meeting_cancel",
        "governance:body_edit",
    ],
)
def test_the_same_write_changes_rows_when_admin_staff_send_it(name):
    """The control for the test above: the data it posts is enough to change something when allowed."""
    objects = _objects()
    kwargs_for = dict(WRITES)[name]
    before = _row_counts()
    data = {**WRITE_DATA, "person": objects["mick"].pk, "owner": objects["mick"].pk}
    if name == "governance:body_edit":
        strategic = objects["strategic"]
        from governance.history import edit_token

        data.update(
            {
                "name": strategic.name,
                "slug": strategic.slug,
                "kind": strategic.kind,
                "position": 1,
                "edit_token": edit_token(strategic),
            }
        )
    client_for("admin_staff").post(reverse(name, kwargs=kwargs_for(objects)), data)
    assert _row_counts() != before
