"""Every list and detail page makes the same number of SQL queries at two data sizes.

Two synthetic councils (homecare/synth.py) of the same shape are made, the second four times the size of the first:
a page of the first council's project, body, meeting or risk is read, then the same page of the second's. Pages that
show everything a user may see (the logs, the portfolio, the public lists) are read once with the small council in
place and again after the large one is added. A page whose count grows with the rows it shows (an N+1 query) fails.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Body, BodyKind, Decision, Meeting, MeetingStatus, Membership, TermsOfReference
from homecare import synth
from projects.models import Project
from risks.models import Risk
from tests.conftest import client_for

SMALL, LARGE = 0.01, 0.04

# (page, URL name, the council's objects -> URL kwargs, who reads it)
PAGES = [
    ("dashboard", "home", None, "member"),
    ("governance structure", "governance:structure", None, "admin_staff"),
    ("people", "governance:people", None, "admin_staff"),
    ("person", "governance:person_detail", lambda c: {"pk": c["person"].pk}, "admin_staff"),
    ("body", "governance:body_detail", lambda c: {"slug": c["board"].slug}, "admin_staff"),
    ("body history", "governance:body_history", lambda c: {"slug": c["board"].slug}, "admin_staff"),
    ("body quorum", "governance:body_quorum", lambda c: {"slug": c["board"].slug}, "admin_staff"),
    (
        "terms of reference",
        "governance:tor_detail",
        lambda c: {"slug": c["board"].slug, "pk": c["tor"].pk},
        "admin_staff",
    ),
    ("body meetings", "governance:body_meetings", lambda c: {"slug": c["board"].slug}, "admin_staff"),
    ("meeting", "governance:meeting_detail", lambda c: {"pk": c["meeting"].pk}, "admin_staff"),
    ("meeting quorum", "governance:meeting_quorum", lambda c: {"pk": c["meeting"].pk}, "admin_staff"),
    ("minutes", "governance:minutes", lambda c: {"pk": c["meeting"].pk}, "admin_staff"),
    ("agenda item", "governance:item_detail", lambda c: {"pk": c["item"].pk}, "admin_staff"),
    ("between meetings", "governance:exception_list", lambda c: {"slug": c["board"].slug}, "admin_staff"),
    ("decision log", "governance:decision_log", None, "admin_staff"),
    ("action log", "governance:action_log", None, "admin_staff"),
    ("deadlines", "governance:deadlines", None, "admin_staff"),
    ("my meetings", "governance:my_meetings", None, "member"),
    ("decision reports", "governance:decision_reports", None, "admin_staff"),
    ("forward plan", "governance:forward_plan", None, "admin_staff"),
    ("public meetings", "public:meetings", None, "anonymous"),
    ("public meeting", "public:meeting", lambda c: {"pk": c["public_meeting"].pk}, "anonymous"),
    ("public decisions", "public:decisions", None, "anonymous"),
    ("portfolio", "projects:portfolio", None, "admin_staff"),
    ("project", "projects:project_detail", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("plan", "projects:plan", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("timeline", "projects:timeline", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("dependencies", "projects:dependencies", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("papers for me", "projects:papers_for_me", None, "member"),
    ("highlight reports", "projects:report_list", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("change requests", "projects:change_requests", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("tolerances", "projects:tolerances", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("benefits", "projects:benefits", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("lessons", "projects:lessons", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("risk register", "risks:risk_register", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("risk", "risks:risk_detail", lambda c: {"slug": c["project"].slug, "pk": c["risk"].pk}, "admin_staff"),
    ("issue register", "risks:issue_register", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("heat map", "risks:heatmap", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("risks as at", "risks:risks_as_at", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("changes since the board", "risks:changes_since_board", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    # One kind of record: the page reads each kind on it once, so the kinds on its first page must be the same.
    ("project changes", "risks:project_changes?kind=risk", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("risks CSV", "risks:risks_csv", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    ("issues CSV", "risks:issues_csv", lambda c: {"slug": c["project"].slug}, "admin_staff"),
    (
        "record changes",
        "object_changes",
        lambda c: {"app_label": "risks", "model_name": "risk", "pk": c["risk"].pk},
        "admin_staff",
    ),
]


def _council(made):
    """The records of one synthetic council whose pages are read, and a member who may sign in."""
    project = Project.objects.get(slug=f"{made.tag}-project-1")
    board = Body.objects.get(slug__startswith=made.tag, kind=BodyKind.PROJECT_BOARD)
    held = Meeting.objects.filter(body=board, status=MeetingStatus.HELD)
    meeting = held.filter(agendas__items__decisions__isnull=False).order_by("-starts_at").first() or held.last()
    seat = Membership.objects.filter(body=board).order_by("position").first()
    member = get_user_model().objects.create_user(username=f"{made.tag}-member")
    seat.person.user = member
    seat.person.save()
    scrutiny = Body.objects.get(slug__startswith=made.tag, kind=BodyKind.SCRUTINY_BOARD)
    return {
        "project": project,
        "board": board,
        "tor": TermsOfReference.objects.get(body=board),
        "meeting": meeting,
        "item": meeting.agendas.get().items.order_by("position").first(),
        "person": seat.person,
        "member": member,
        "risk": Risk.objects.filter(project=project).order_by("reference").first(),
        "public_meeting": Meeting.objects.filter(body=scrutiny, status=MeetingStatus.HELD).last(),
        "decisions": Decision.objects.filter(item__agenda__meeting__body__slug__startswith=made.tag).count(),
    }


def _client(persona, council):
    if persona == "member":
        from django.test import Client

        client = Client()
        client.force_login(council["member"])
        return client
    return client_for(persona)


def _count(council):
    """{page: (queries, status, bytes)} for every page, each read once to warm caches and then counted."""
    found = {}
    for page, name, kwargs, persona in PAGES:
        name, _, query = name.partition("?")
        url = reverse(name, kwargs=kwargs(council) if kwargs else None) + (f"?{query}" if query else "")
        client = _client(persona, council)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        found[page] = (len(queries), response.status_code, len(response.content))
    return found


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker):
    """Query counts at both sizes; the councils live in a transaction rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        small = _council(synth.make(scale=SMALL, seed=1))
        at_small = _count(small)
        large = _council(synth.make(scale=LARGE, seed=2))
        at_large = _count(large)
        yield {"small": small, "large": large, "at_small": at_small, "at_large": at_large}
        transaction.set_rollback(True)


def test_the_large_council_is_four_times_the_small_one(counted, db):
    small, large = counted["small"], counted["large"]
    assert (
        Risk.objects.filter(project=large["project"]).count()
        == 4 * Risk.objects.filter(project=small["project"]).count()
    )
    assert large["decisions"] > 3 * small["decisions"] > 0


@pytest.mark.parametrize("page", [page for page, *_ in PAGES])
def test_a_page_makes_the_same_number_of_queries_at_both_sizes(counted, db, page):
    small_queries, small_status, small_bytes = counted["at_small"][page]
    large_queries, large_status, large_bytes = counted["at_large"][page]
    assert (small_status, large_status) == (200, 200)
    assert large_queries == small_queries, f"{page}: {small_queries} queries when small, {large_queries} when large"
