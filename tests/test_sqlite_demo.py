"""The demo as it runs: a real pack worker polling a SQLite file while four people save forms through the views.

The demo serves from SQLite with a `db_worker` beside it. Here a migrated SQLite file gets a worker process polling
every 50 ms with pack jobs queued for it, while four threads, each its own signed-in user and connection, correct people's records
through the page's edit view. Every save must succeed (a redirect, never a 500 "database is locked").
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite default only"
)

SAVES = """
import re
import threading
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.test.utils import setup_test_environment
from django.db import connections
from django_tasks_db.models import DBTaskResult
from governance import tasks
from governance.models import Person
from governance.permissions import ADMIN_STAFF

setup_test_environment()
group, _ = Group.objects.get_or_create(name=ADMIN_STAFF)
users = []
for n in range(4):
    user = get_user_model().objects.create_user(f"clerk{n}", password="a-long-password-1234")
    user.groups.add(group)
    users.append(user)
people = [Person.objects.create(name=f"Visitor {n}") for n in range(4)]
for build in range(1000, 1012):
    tasks.build_pack.enqueue(build)  # no such builds: each job fails, after the worker has claimed and recorded it
connections.close_all()
statuses, errors = [], []

def clerk(n):
    # Each clerk corrects their own person's record eight times, as the edit page does it: the form carries the
    # record's edit token, and the save reads the record again (locked) before it writes.
    client = Client()
    person = people[n]
    try:
        client.force_login(users[n])
        for i in range(8):
            try:
                page = client.get(f"/governance/people/{person.pk}/edit/").content.decode()
                token = re.search(r'name="edit_token" value="([^"]*)"', page).group(1)
                response = client.post(
                    f"/governance/people/{person.pk}/edit/",
                    {"name": f"Visitor {n}, version {i}", "email": "", "edit_token": token},
                )
                statuses.append(response.status_code)
            except Exception as error:
                errors.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=clerk, args=(n,)) for n in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("statuses", sorted(set(statuses)), "saves", len(statuses), "errors", len(errors), sorted(set(errors))[:3])
print("people", Person.objects.filter(name__contains=", version 7").count())
import time
for _ in range(200):
    if not DBTaskResult.objects.filter(status="READY").exists():
        break
    time.sleep(0.05)
print("jobs", DBTaskResult.objects.count(), "unclaimed", DBTaskResult.objects.filter(status="READY").count())
"""


def test_saves_through_the_views_succeed_while_the_pack_worker_polls_the_same_sqlite_file(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DEBUG="1")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0", "--no-input"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (the worker writes to it until it is stopped)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.05", "--no-reload"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(1)
        saves = subprocess.run(
            [sys.executable, "-c", SAVES], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    assert saves.returncode == 0, saves.stderr
    assert "statuses [302] saves 32 errors 0 []" in saves.stdout, saves.stdout + saves.stderr
    assert "people 4" in saves.stdout
    worker_log = (tmp_path / "worker.log").read_text()
    assert "database is locked" not in worker_log, worker_log[-2000:]
    # The worker was at work all along: it claimed and ran every queued job.
    assert "jobs 12 unclaimed 0" in saves.stdout, saves.stdout + worker_log[-2000:]
