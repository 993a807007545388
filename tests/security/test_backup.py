"""`make backup` and `make restore`: a backup restored into a fresh database holds every row of every table and every
media file, byte for byte; a backup that is missing, altered, broken or of the other kind of database is refused and
nothing is changed.

The round trip runs on the database the suite runs on: SQLite (the online backup API) or PostgreSQL (pg_dump and
pg_restore) when DATABASE_URL names one.
"""

import hashlib
import io
import json
import sqlite3
import tarfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import ConnectionHandler

from governance import pack_builds
from governance.models import Body, PackBuild
from homecare import backups
from tests.access.logs import admin_user
from tests.packs.helpers import board_meeting_with_papers

VENDOR = connection.vendor
OTHER_KIND = {"sqlite": "postgresql", "postgresql": "sqlite"}


# ------------------------------------------------------------------------------------------------------- helpers


def _pg_params(name):
    s = connection.settings_dict
    params = {"dbname": name, "host": s["HOST"] or None, "port": s["PORT"] or None}
    params.update({"user": s["USER"] or None, "password": s["PASSWORD"] or None})
    return {k: v for k, v in params.items() if v is not None}


def _end_other_sessions(name):
    """Putting the suite's database back is refused while another session is open on it (as a restore should be).
    Sessions left by earlier tests (a live server's thread, a worker thread) serve nothing by now: end them."""
    import psycopg

    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        for _ in range(50):  # a session ends shortly after it is told to
            count = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
            if not admin.execute(count, [name]).fetchone()[0]:
                break
            time.sleep(0.1)


def _pg_url(name):
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


@pytest.fixture
def fresh_database(tmp_path):
    """(url, kind) of a new, empty database of the kind the suite runs on; a PostgreSQL one is dropped afterwards."""
    if VENDOR == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"hc_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name)
    finally:
        with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_database(url):
    """A Django connection to another database, outside the settings (closed by the caller)."""
    import dj_database_url

    return ConnectionHandler({"default": dj_database_url.parse(url)})["default"]


def every_row(conn):
    """{table: [row tuple, ...] ordered by primary key} for every table of the database, and its sequences."""
    out = {}
    with conn.cursor() as cursor:
        for table in conn.introspection.table_names(cursor):
            pk = conn.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")
            rows = [tuple(row) for row in cursor.fetchall()]
            if pk:
                index = [c.name for c in conn.introspection.get_table_description(cursor, table)].index(pk)
                rows.sort(key=lambda row: row[index])
            else:
                rows.sort(key=repr)
            out[table] = rows
        if conn.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename")
        else:
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        out["(sequences)"] = [tuple(row) for row in cursor.fetchall()]
    return out


def every_file(root):
    """{path inside root: SHA-256} of every file under root."""
    root = Path(root)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def write_backup(folder, kind, database_bytes, files=None):
    """A backup folder made by hand: the given database file, a tar of `files` ({name: bytes}), and its manifest."""
    folder.mkdir(parents=True)
    database = folder / backups.DATABASE_FILES[kind]
    database.write_bytes(database_bytes)
    files = files or {}
    with tarfile.open(folder / backups.MEDIA_TAR, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    manifest = {
        "format": backups.FORMAT,
        "created_at": "2026-01-15T18:30:00+00:00",
        "database": {
            "kind": kind,
            "name": "x",
            "file": database.name,
            "bytes": len(database_bytes),
            "sha256": backups.sha256(database),
        },
        "media": {
            "file": backups.MEDIA_TAR,
            "files": len(files),
            "bytes": sum(len(d) for d in files.values()),
            "sha256": backups.sha256(folder / backups.MEDIA_TAR),
        },
    }
    (folder / backups.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def restore(folder, url, media_root):
    call_command(
        "restore",
        str(folder),
        "--no-input",
        "--database-url",
        url,
        "--media-root",
        str(media_root),
        stdout=io.StringIO(),
    )


# ---------------------------------------------------------------------------------------------- the round trip


@pytest.fixture(scope="module")
def seeded_before_and_after(django_db_setup, django_db_blocker, tmp_path_factory):
    """The round trip backs up committed rows, so it is a transactional test, and pytest-django empties every table
    when such a test ends. Load the seed if an earlier transactional test left the tables empty, keep a copy of the
    database, and put the copy back once this module's test (and that emptying) is over, for the tests after it:
    much quicker than loading the seed again, and the same rows with the same keys."""
    folder = tmp_path_factory.mktemp("suite-database")
    with django_db_blocker.unblock():
        if not Body.objects.exists():
            call_command("seed_demo", stdout=io.StringIO())
        if VENDOR == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(folder / "copy.sqlite3")
            connection.connection.backup(copy)
        else:
            call_command("backup", "--dir", str(folder), stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        if VENDOR == "sqlite":
            connection.ensure_connection()
            copy.backup(connection.connection)
            copy.close()
        else:
            [backup] = [p for p in folder.iterdir()]
            connection.close()
            _end_other_sessions(connection.settings_dict["NAME"])
            url = _pg_url(connection.settings_dict["NAME"])
            restore(backup, url, folder / "media")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_every_row_and_every_file(
    seeded_before_and_after, settings, tmp_path, fresh_database
):
    # Data: the seeded programme, a meeting with uploaded papers (one exempt) and a private pack built from them.
    records = board_meeting_with_papers()
    build = pack_builds.request_agenda_pack(records["meeting"], "private", admin_user())
    assert pack_builds.run(build.pk) == "ready"
    assert PackBuild.objects.get(pk=build.pk).file
    everything = every_file(settings.MEDIA_ROOT)
    # The packs' cache of laid-out parts is not backed up: the next build makes it again.
    files_before = {path: digest for path, digest in everything.items() if not path.startswith("pack-parts/")}
    assert len(everything) > len(files_before)
    assert len(files_before) == 3  # two uploaded papers and the built pack

    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=io.StringIO())
    [folder] = [p for p in (tmp_path / "backups").iterdir()]
    restored_media = tmp_path / "restored-media"
    restore(folder, fresh_database, restored_media)

    restored = open_database(fresh_database)
    try:
        rows_before, rows_after = every_row(connection), every_row(restored)
    finally:
        restored.close()
    assert sorted(rows_after) == sorted(rows_before)
    differing = [table for table in rows_before if rows_before[table] != rows_after[table]]
    assert differing == []
    assert every_file(restored_media) == files_before

    tables = len(rows_before) - 1
    rows = sum(len(r) for t, r in rows_before.items() if t != "(sequences)")
    history_rows = sum(len(r) for t, r in rows_before.items() if "_historical" in t)
    assert tables > 100 and rows > 1000 and history_rows > 300
    assert rows_before["auth_user"] and rows_before["auth_group"] and rows_before["governance_historicalperson"]
    print(
        f"\n{VENDOR}: {tables} tables, {rows} rows ({history_rows} in history tables) and {len(files_before)} media "
        f"files identical after the restore"
    )


# --------------------------------------------------------------------------------------------------- refusals


def test_a_missing_backup_is_refused(tmp_path, fresh_database):
    with pytest.raises(CommandError, match="There is no backup at"):
        restore(tmp_path / "no-such-backup", fresh_database, tmp_path / "media")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="has no manifest.json"):
        restore(tmp_path / "empty", fresh_database, tmp_path / "media")
    assert not (tmp_path / "media").exists()


def test_make_restore_without_a_backup_says_which_to_give():
    import subprocess

    root = Path(__file__).resolve().parents[2]
    finished = subprocess.run(["make", "-s", "restore", "BACKUP="], cwd=root, capture_output=True, text=True)
    assert finished.returncode != 0
    assert "Say which backup to restore: make restore BACKUP=backups/<folder>" in finished.stderr


def test_a_backup_of_the_other_kind_of_database_is_refused_and_nothing_changes(tmp_path, fresh_database):
    media = tmp_path / "media"
    media.mkdir()
    (media / "kept.pdf").write_bytes(b"%PDF-1.7 kept")
    folder = write_backup(tmp_path / "other", OTHER_KIND[VENDOR], b"not for this database", {"papers/x.pdf": b"x"})
    with pytest.raises(CommandError, match=f"backup of a {OTHER_KIND[VENDOR]} database and the target is a {VENDOR}"):
        restore(folder, fresh_database, media)
    assert every_file(media) == {"kept.pdf": hashlib.sha256(b"%PDF-1.7 kept").hexdigest()}
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_an_altered_backup_is_refused_before_anything_changes(tmp_path, fresh_database):
    media = tmp_path / "media"
    folder = write_backup(tmp_path / "altered", backups.kind_of(connection.settings_dict), b"database", {"a.pdf": b"a"})
    with open(folder / backups.MEDIA_TAR, "ab") as tar:
        tar.write(b"\0" * 512)
    with pytest.raises(CommandError, match="has changed since the backup was made"):
        restore(folder, fresh_database, media)
    (folder / backups.MEDIA_TAR).unlink()
    with pytest.raises(CommandError, match="is incomplete: media.tar is missing"):
        restore(folder, fresh_database, media)
    assert not media.exists()


def test_a_database_that_cannot_be_restored_leaves_the_target_and_the_files_as_they_were(
    tmp_path, fresh_database, django_db_blocker
):
    # The target already holds a table with a row; the backup's database file is not a database at all.
    with django_db_blocker.unblock():
        target = open_database(fresh_database)
        try:
            with target.cursor() as cursor:
                cursor.execute("CREATE TABLE kept (id integer PRIMARY KEY, note varchar(20))")
                cursor.execute("INSERT INTO kept VALUES (1, 'still here')")
        finally:
            target.close()
    media = tmp_path / "media"
    media.mkdir()
    (media / "kept.pdf").write_bytes(b"%PDF-1.7 kept")
    kind = backups.kind_of(connection.settings_dict)
    folder = write_backup(tmp_path / "broken", kind, b"PGDMP broken" * 100, {"papers/new.pdf": b"new"})

    with pytest.raises(CommandError, match="left as they were"):
        restore(folder, fresh_database, media)

    with django_db_blocker.unblock():
        target = open_database(fresh_database)
        try:
            with target.cursor() as cursor:
                cursor.execute("SELECT id, note FROM kept")
                assert cursor.fetchall() == [(1, "still here")]
        finally:
            target.close()
    assert every_file(media) == {"kept.pdf": hashlib.sha256(b"%PDF-1.7 kept").hexdigest()}
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_a_media_archive_cannot_write_outside_media_root(tmp_path, fresh_database):
    kind = backups.kind_of(connection.settings_dict)
    folder = write_backup(tmp_path / "escape", kind, b"database", {"../outside.pdf": b"escaped"})
    with pytest.raises(CommandError, match="cannot be unpacked safely"):
        restore(folder, fresh_database, tmp_path / "media")
    assert not (tmp_path / "outside.pdf").exists()
    assert not (tmp_path / "media").exists()
