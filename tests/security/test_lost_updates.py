"""No update is lost when many people save the same record at once (PostgreSQL: real concurrent transactions).

Eight clients, each a real thread with its own test client, login and database connection, save the same deliverable
through the plan's edit page (without JavaScript) 200 times each, then the same risk through the risk register's
in-place edit (htmx) 200 times each. A client always posts the version it last read: once at the start from the edit
form, then from each refusal, which shows the current version in the form. So most saves are stale.

Every post carries a value no other post carries (a due date or review date), so the history tells which post made
which version: a save accepted from a version another accepted save already used would show as two posts claiming
one version, and a value overwritten without a version bump would show as a history row whose value nobody posted.
"""

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from governance.permissions import PROJECT_LEADER
from projects.models import Deliverable, Project, Workstream
from risks.models import Risk

CLIENTS = 8
ROUNDS = 200
FIRST_DAY = dt.date(2030, 1, 1)
VERSION = re.compile(r'name="version" value="(\d+)"')
# What each view says when a stale save conflicts (every post changes the same field, so every stale post does): the
# page (no JavaScript) shows the message of governance.editing and the conflict component; the in-place row shows the
# conflict component alone. Posting the version the conflict page shows, without the page's choice, is a fresh save.
PAGE_REFUSAL = "Someone else changed this record after you opened it. Nothing has been saved yet"
ROW_REFUSAL = "This record was changed by someone else while you were editing it. Nothing has been saved yet."

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def reseed_after():
    """A transactional test empties the database when it ends: load the seed again for the tests after it."""
    yield
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process


@dataclass
class Post:
    client: int
    version: int  # the version the client last read, which it posts
    value: dt.date
    accepted: bool


@dataclass
class Outcome:
    posts: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)


def _editors(where):
    group, _ = Group.objects.get_or_create(name=PROJECT_LEADER)
    users = []
    for n in range(CLIENTS):
        user = get_user_model().objects.create(username=f"{where}.editor.{n}", first_name="Editor", last_name=str(n))
        user.groups.add(group)
        users.append(user)
    return users


def _race(users, read, save):
    """Run CLIENTS threads of ROUNDS saves each. `read(client) -> version`; `save(client, version, value) ->
    (accepted, version read from the response or None, unexpected description or None)`."""
    outcome = Outcome()
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def run(n):
        try:
            client = Client()
            client.force_login(users[n])
            version = read(client)
            barrier.wait()
            for round_ in range(ROUNDS):
                value = FIRST_DAY + dt.timedelta(days=n * ROUNDS + round_)
                accepted, seen, unexpected = save(client, version, value)
                with lock:
                    if unexpected:
                        outcome.unexpected.append((n, round_, unexpected))
                    outcome.posts.append(Post(n, version, value, accepted))
                if seen is not None:
                    version = seen
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def _clock():
    return time.monotonic(), time.process_time()


def _check(name, obj, initial_version, users, outcome, value_field, started):
    """The counts the issue asks for, printed (pytest -s), then the assertions that no update was lost."""
    obj.refresh_from_db()
    accepted = [p for p in outcome.posts if p.accepted]
    refused = [p for p in outcome.posts if not p.accepted]
    changes = list(obj.history.filter(version__gt=initial_version).select_related("history_user").order_by("version"))
    print(
        f"\n{name}: {len(outcome.posts)} saves, {len(accepted)} accepted, {len(refused)} refused, "
        f"version {initial_version} -> {obj.version}, {len(changes)} history rows, "
        f"{len(outcome.unexpected)} unexpected; {time.monotonic() - started[0]:.1f} s, "
        f"{time.process_time() - started[1]:.1f} s of CPU"
    )
    assert outcome.unexpected == []
    assert len(accepted) + len(refused) == CLIENTS * ROUNDS
    assert accepted and refused
    assert obj.version == initial_version + len(accepted)
    # Each accepted save made exactly one version: the one after the version it was read from.
    made = {p.version + 1: p for p in accepted}
    assert len(made) == len(accepted), "two saves were accepted from the same version: one update was lost"
    assert [r.version for r in changes] == list(range(initial_version + 1, obj.version + 1))
    for record in changes:
        post = made[record.version]
        assert record.history_type == "~"
        assert getattr(record, value_field) == post.value
        assert record.history_user == users[post.client]
    assert getattr(obj, value_field) == made[obj.version].value


def _race_the_deliverable(project):
    stream = Workstream.objects.create(project=project, name="Stream")
    deliverable = Deliverable.objects.create(project=project, workstream=stream, title="Contested")
    users = _editors("plan")
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    plan_url = reverse("projects:plan", args=[project.slug])

    def read(client):
        return int(VERSION.search(client.get(url).content.decode()).group(1))

    def save(client, version, value):
        response = client.post(
            url,
            {
                "in_row": "1",
                "status": "in_progress",
                "rag": "green",
                "owner": "",
                "starts_on": "",
                "due_on": value.isoformat(),
                "percent_complete": "50",
                "workstream": stream.pk,
                "version": version,
            },
        )
        if response.status_code == 302 and response["Location"] == plan_url:
            return True, None, None
        html = response.content.decode()
        if response.status_code == 200 and PAGE_REFUSAL in html and ROW_REFUSAL in html:
            return False, int(VERSION.search(html).group(1)), None
        return False, None, f"{response.status_code} {html[:300]}"

    started = _clock()
    outcome = _race(users, read, save)
    _check("Deliverable (plan edit page)", deliverable, 1, users, outcome, "due_on", started)


def _race_the_risk(project):
    risk = Risk.objects.create(
        project=project,
        reference="R001",
        title="Contested",
        event="Two people change it at once",
        category="operational",
        raised_on=dt.date(2026, 1, 1),
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=3,
        residual_impact=3,
    )
    users = _editors("register")
    url = reverse("risks:risk_edit", args=[project.slug, risk.pk])

    def read(client):
        return int(VERSION.search(client.get(url, HTTP_HX_REQUEST="true").content.decode()).group(1))

    def save(client, version, value):
        response = client.post(
            url,
            {
                "residual_likelihood": "3",
                "residual_impact": "3",
                "status": "open",
                "owner": "",
                "review_date": value.isoformat(),
                "version": version,
            },
            HTTP_HX_REQUEST="true",
        )
        html = response.content.decode()
        if response.status_code != 200:
            return False, None, f"{response.status_code} {html[:300]}"
        if ROW_REFUSAL in html:
            return False, int(VERSION.search(html).group(1)), None
        if html.lstrip().startswith(f'<tr class="govuk-table__row" id="risk-{risk.pk}"') and "<form" not in html:
            return True, None, None
        return False, None, f"{response.status_code} {html[:300]}"

    started = _clock()
    outcome = _race(users, read, save)
    _check("Risk (register in-place edit)", risk, 1, users, outcome, "review_date", started)


def test_eight_clients_saving_one_deliverable_then_one_risk_200_times_each_lose_no_update(reseed_after):
    """One test for both races, so that the database is emptied and seeded again once."""
    project = Project.objects.create(title="Race", slug="race")
    _race_the_deliverable(project)
    _race_the_risk(project)
