"""The SQLite default lets the demo's web server and its pack worker write at the same time: writes wait their turn.

Each test runs a separate Python process with the project's own settings against a SQLite file (the test run's own
database is in memory, where none of this applies). Four threads, each with its own connection, read and then write
inside a transaction, as a view that checks a row before saving it does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WRITERS = """
import sys, threading, time
import django
django.setup()
from django.conf import settings
from django.db import connection, connections, transaction

mode = sys.argv[1]
if mode != "settings":
    settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = mode
with connection.cursor() as cursor:
    print("journal", cursor.execute("PRAGMA journal_mode").fetchone()[0])
    cursor.execute("CREATE TABLE IF NOT EXISTS saves (id INTEGER PRIMARY KEY, writer INTEGER, n INTEGER)")
connection.close()
errors, saved = [], []

def writer(number):
    try:
        for n in range(8):
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM saves WHERE writer = %s", [number])
                    time.sleep(0.02)  # the page's own work between its read and its write
                    cursor.execute("INSERT INTO saves (writer, n) VALUES (%s, %s)", [number, n])
                saved.append(1)
            except Exception as error:
                errors.append(str(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("saved", len(saved), "errors", len(errors), sorted(set(errors)))
"""


def run_writers(tmp_path, mode):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DJANGO_SETTINGS_MODULE="homecare.settings"
    )
    result = subprocess.run(
        [sys.executable, "-c", WRITERS, mode], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite default only")
def test_writes_from_four_connections_wait_their_turn_and_none_fails(tmp_path):
    out = run_writers(tmp_path, "settings")
    assert "journal wal" in out
    assert "saved 32 errors 0 []" in out, out


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite default only")
def test_without_immediate_transactions_the_same_writes_fail_with_database_is_locked(tmp_path):
    # What the settings prevent: a transaction that began by reading cannot take the write lock while another holds
    # it, and SQLite refuses at once rather than wait.
    out = run_writers(tmp_path, "DEFERRED")
    assert "database is locked" in out, out
