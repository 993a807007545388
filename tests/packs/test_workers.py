"""Several pack workers share one queue, and no job runs twice (PostgreSQL: real `manage.py db_worker` processes).

Two worker processes start on the test database and wait for work; six pack builds for the demo's meetings are then
queued at once. A worker claims a job by locking its row with SKIP LOCKED and marking it running in the same
transaction, so the other worker never sees it. Two witnesses say how often each job ran: the task result's list of
the workers that claimed it (django-tasks-db appends to it at every claim) and each worker's own log line as it
starts a task.
"""

import io
import os
import re
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from governance import pack_builds
from governance.models import Body, Meeting, PackBuild, PackStatus, PackVariant
from tests.access.logs import admin_user

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = ("pack-worker-a", "pack-worker-b")
MEETINGS = 3  # x public and private = six builds
# Long enough for Django to start, and for six builds, on a busy machine; a worker slower than that is stuck.
WORKERS_START_WITHIN = 120
BUILDS_FINISH_WITHIN = 300
READY_TO_WORK = "Starting worker worker_id="
STARTED = re.compile(r"Task id=(\S+) path=\S+ state=RUNNING")

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two processes claiming jobs with SELECT ... FOR UPDATE SKIP LOCKED need PostgreSQL; "
        "SQLite locks the whole database instead",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def seed_again_afterwards(django_db_blocker):
    """pytest-django empties every table when a transactional test ends; load the seed again for the tests after
    this module (module scope, so that this runs after that emptying)."""
    yield
    with django_db_blocker.unblock():
        if not Body.objects.exists():
            call_command("seed_demo", stdout=io.StringIO())


def url_of_the_test_database():
    """The URL of the test database (pytest-django's `test_<name>`), for processes started by the test."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"


def start_worker(worker_id, media_root, log):
    # Production mode, as workers run: it also logs each line once (in development Django's own console handler
    # repeats what the root handler prints).
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "homecare.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url_of_the_test_database(),
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
            "--worker-id",
            worker_id,
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds, what):
    """Check `condition` every tenth of a second until it holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.1)


def stop(process):
    """Terminate a worker that is still running, then kill it if it does not stop."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def queue_builds():
    by = admin_user()
    meetings = list(Meeting.objects.filter(agendas__isnull=False).distinct().order_by("starts_at")[:MEETINGS])
    assert len(meetings) == MEETINGS, "the seed dates three meetings with agendas"
    return [
        pack_builds.request_agenda_pack(meeting, variant, by)
        for meeting in meetings
        for variant in (PackVariant.PUBLIC, PackVariant.PRIVATE)
    ]


def test_two_workers_build_six_packs_and_no_pack_is_built_twice(seed_again_afterwards, media_root, tmp_path):
    logs = {worker_id: tmp_path / f"{worker_id}.log" for worker_id in WORKERS}
    processes = {}
    try:
        for worker_id in WORKERS:
            with logs[worker_id].open("wb") as log:
                processes[worker_id] = start_worker(worker_id, media_root, log)
        for worker_id, process in processes.items():
            wait_for(
                lambda: READY_TO_WORK in logs[worker_id].read_text() or process.poll() is not None,
                WORKERS_START_WITHIN,
                f"{worker_id} did not start",
            )
            assert process.poll() is None, logs[worker_id].read_text()

        builds = queue_builds()
        # Outside a transaction each build's task is queued as soon as the build is recorded.
        task_ids = [PackBuild.objects.get(pk=build.pk).task_id for build in builds]
        assert all(task_ids) and len(set(task_ids)) == len(builds)
        finished = DBTaskResult.objects.filter(id__in=task_ids, status__in=["SUCCESSFUL", "FAILED"])
        wait_for(lambda: finished.count() == len(builds), BUILDS_FINISH_WITHIN, "the builds did not finish")
    finally:
        for process in processes.values():
            stop(process)

    outputs = {worker_id: log.read_text() for worker_id, log in logs.items()}
    results = {str(r.id): r for r in DBTaskResult.objects.filter(id__in=task_ids)}
    assert len(results) == len(builds)
    for build in PackBuild.objects.filter(pk__in=[b.pk for b in builds]):
        result = results[build.task_id]
        assert (build.status, build.progress, build.error) == (PackStatus.READY, 100, ""), build.error
        assert build.file and build.pages > 0
        assert result.status == "SUCCESSFUL", result.traceback
        # Claimed once, by one of the two workers: a second claim would have added a second id.
        assert len(result.worker_ids) == 1 and result.worker_ids[0] in WORKERS, result.worker_ids

    # Each worker's own account: every task started exactly once, in the log of the worker that claimed it.
    started = {worker_id: Counter(STARTED.findall(output)) for worker_id, output in outputs.items()}
    for task_id, result in results.items():
        runs = {worker_id: counts[task_id] for worker_id, counts in started.items() if counts[task_id]}
        assert runs == {result.worker_ids[0]: 1}, (task_id, runs, outputs)

    # Both took a share: both were waiting for work when the builds were queued, and each build takes a while.
    share = Counter(result.worker_ids[0] for result in results.values())
    assert set(share) == set(WORKERS), share
