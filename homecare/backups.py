"""Backups of the database and the uploaded files, and restoring them.

A backup is one folder, named by the time it was taken, under BACKUP_DIR:

    manifest.json    what the backup holds: the kind of database, each file's size and SHA-256, the media file count
    database.dump    PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --clean --if-exists`
    database.sqlite3 SQLite: a copy made with SQLite's online backup API (consistent while the service runs)
    media.tar        every file under MEDIA_ROOT (uploaded papers and appendices, built packs), but the packs' cache
                     of laid-out parts, which the next build makes again

The folder is written under a temporary name and renamed when complete, so a folder with a manifest is a whole backup.

Restoring checks everything first (the manifest, the kind of database, every checksum) and changes nothing if a check
fails. The media files are unpacked beside MEDIA_ROOT before the database is touched; the database is then restored in
one transaction (PostgreSQL: `pg_restore --single-transaction --exit-on-error`; SQLite: the backup API, which replaces
the whole file in one step), so it is either the backup's or unchanged; only then are the unpacked files moved into
place, and the files they replace are kept beside them. Restore into a fresh database first (`--database-url`) to
look at a backup without touching the live one.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# How long a PostgreSQL restore waits for a table another session is using before it gives up (and changes nothing).
LOCK_TIMEOUT = "30s"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with what to do about it."""


@dataclass(frozen=True)
class Target:
    """A database to back up or restore into: its kind and the Django settings that reach it."""

    kind: str
    settings: dict

    @property
    def name(self):
        return str(self.settings["NAME"])


@dataclass(frozen=True)
class Result:
    folder: Path
    kind: str
    database_bytes: int
    media_files: int
    media_bytes: int
    kept_media: Path | None = None


def kind_of(settings_dict):
    engine = settings_dict.get("ENGINE", "")
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups are made of PostgreSQL and SQLite databases only, not {engine or 'this database'}.")


def target_for(alias="default", url=None):
    """The database behind a Django alias (what the service uses), or the one a DATABASE_URL-style URL names."""
    if url:
        import dj_database_url

        settings_dict = dj_database_url.parse(url)
    else:
        settings_dict = dict(connections[alias].settings_dict)
    return Target(kind_of(settings_dict), settings_dict)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment(settings_dict):
    """libpq settings for pg_dump and pg_restore, so that the password never appears on a command line."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command, env):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools (postgresql-client).")
    # The arguments are ours (file paths and the database name from settings); no shell is involved.
    finished = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip() or finished.stdout.strip()}")


# ---------------------------------------------------------------------------------------------------------- backup


def _dump_database(alias, target, path):
    if target.kind == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-password", f"--file={path}", f"--dbname={target.name}"],
            _pg_environment(target.settings),
        )
        return
    # SQLite: the online backup API, through Django's own connection (which also reaches an in-memory database).
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _tar_media(media_root, path):
    """Every file under MEDIA_ROOT, by its path inside it, but the packs' cache of laid-out parts (governance.pdf),
    which the next build makes again; returns (files, bytes)."""
    from governance.pdf import cache_dir

    media_root = Path(media_root)
    cache = cache_dir().resolve()
    files = total = 0
    with tarfile.open(path, "w") as tar:
        if media_root.is_dir():
            found = (p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
            for file in sorted(p for p in found if not p.resolve().is_relative_to(cache)):
                tar.add(file, arcname=file.relative_to(media_root).as_posix(), recursive=False)
                files += 1
                total += file.stat().st_size
    return files, total


def backup(backup_dir, media_root, alias="default", now=None):
    """Back up the database behind `alias` and every file under `media_root` into a new folder of `backup_dir`."""
    target = target_for(alias)
    now = now or timezone.now()
    backup_dir = Path(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    folder, n = backup_dir / stamp, 1
    while folder.exists():
        n += 1
        folder = backup_dir / f"{stamp}-{n}"
    partial = backup_dir / f".{folder.name}.partial"
    # A backup is personal data: readable by the service's own account only.
    partial.mkdir(mode=0o700)
    try:
        database_file = partial / DATABASE_FILES[target.kind]
        _dump_database(alias, target, database_file)
        media_files, media_bytes = _tar_media(media_root, partial / MEDIA_TAR)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {
                "kind": target.kind,
                "name": Path(target.name).name if target.kind == "sqlite" else target.name,
                "file": database_file.name,
                "bytes": database_file.stat().st_size,
                "sha256": sha256(database_file),
            },
            "media": {
                "file": MEDIA_TAR,
                "files": media_files,
                "bytes": media_bytes,
                "sha256": sha256(partial / MEDIA_TAR),
            },
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Result(folder, target.kind, manifest["database"]["bytes"], media_files, media_bytes)


# --------------------------------------------------------------------------------------------------------- restore


def read_manifest(folder):
    """The checked manifest of a backup folder; refuses a folder that is not a whole, unaltered backup."""
    folder = Path(folder)
    if folder.name == MANIFEST:
        folder = folder.parent
    if not folder.is_dir():
        raise BackupError(f"There is no backup at {folder}.")
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup made by `make backup`: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        database, media = manifest["database"], manifest["media"]
        files = [(database["file"], database["sha256"]), (media["file"], media["sha256"])]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {folder} cannot be read ({error}).")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{folder} is a backup in format {manifest.get('format')}; this version reads format {FORMAT}."
        )
    if database.get("kind") not in DATABASE_FILES:
        raise BackupError(f"{folder} holds a {database.get('kind')} database, which cannot be restored here.")
    for name, expected in files:
        if Path(name).name != name or not (folder / name).is_file():
            raise BackupError(f"{folder} is incomplete: {name} is missing.")
        if sha256(folder / name) != expected:
            raise BackupError(f"{folder / name} has changed since the backup was made (its SHA-256 differs).")
    return folder, manifest


def check_matches(manifest, target):
    kind = manifest["database"]["kind"]
    if kind != target.kind:
        raise BackupError(
            f"This is a backup of a {kind} database and the target is a {target.kind} database: "
            "restore it into a database of the same kind."
        )


def _unpack_media(folder, manifest, media_root):
    """Unpack the backup's files into a new folder beside MEDIA_ROOT (same file system, so the move is a rename)."""
    media_root = Path(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = media_root.parent / f".{media_root.name}.restoring-{timezone.now():%Y%m%d%H%M%S%f}"
    staging.mkdir()
    try:
        try:
            with tarfile.open(folder / manifest["media"]["file"]) as tar:
                # The "data" filter refuses absolute paths, links out of the folder and device files.
                tar.extractall(staging, filter="data")
        except tarfile.TarError as error:
            raise BackupError(f"The media archive cannot be unpacked safely ({error}). Nothing was changed.")
        count = sum(1 for p in staging.rglob("*") if p.is_file())
        if count != manifest["media"]["files"]:
            raise BackupError(f"The media archive holds {count} files; the manifest says {manifest['media']['files']}.")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, count


def _other_sessions(target):
    """Connections to the target PostgreSQL database from elsewhere (a running web server or worker)."""
    import psycopg

    settings_dict = target.settings
    params = {
        "dbname": target.name,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "sslmode": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()
    except psycopg.OperationalError as error:
        raise BackupError(f"Cannot connect to the database {target.name}: {error}".strip())
    return row[0]


def _restore_database(folder, manifest, target):
    source = folder / manifest["database"]["file"]
    if target.kind == "postgresql":
        env = _pg_environment(target.settings)
        # A table still in use elsewhere makes the restore give up (and roll back) rather than wait for ever.
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={LOCK_TIMEOUT}".strip()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                "--no-password",
                f"--dbname={target.name}",
                str(source),
            ],
            env,
        )
        return
    check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    finally:
        check.close()
    if verdict != "ok":
        raise BackupError(f"The backup's database fails SQLite's integrity check: {verdict}")
    destination_path = Path(target.name)
    destination_path.parent.mkdir(parents=True, exist_ok=True)
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(destination_path)
    try:
        # One step: the destination is replaced whole, in one write transaction, or not at all.
        backup_file.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not write {destination_path}: {error}")
    finally:
        destination.close()
        backup_file.close()


def _swap_media(staging, media_root):
    """Move the unpacked files into place; the files they replace are kept beside them. Returns where."""
    media_root = Path(media_root)
    kept = None
    if media_root.exists():
        kept = media_root.parent / f"{media_root.name}.before-restore-{timezone.localtime():%Y%m%d-%H%M%S}"
        media_root.rename(kept)
    staging.rename(media_root)
    return kept


def restore(folder, media_root, target):
    """Restore a backup folder into `target` and `media_root`. Every check runs before anything changes."""
    folder, manifest = read_manifest(folder)
    check_matches(manifest, target)
    if target.kind == "sqlite" and target.name.startswith(("file:", ":memory:")):
        raise BackupError("Restore into a database file, not an in-memory database.")
    if target.kind == "postgresql":
        others = _other_sessions(target)
        if others:
            raise BackupError(
                f"{others} other connection(s) are open on the database {target.name}: stop the web server and the "
                "workers, then restore. Nothing was changed."
            )
    for alias in connections:
        if str(connections[alias].settings_dict.get("NAME")) == target.name:
            connections[alias].close()
    staging, count = _unpack_media(folder, manifest, media_root)
    try:
        _restore_database(folder, manifest, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, BackupError):
            raise BackupError(f"{error}\nThe database and the media files were left as they were.")
        raise
    try:
        kept = _swap_media(staging, media_root)
    except OSError as error:
        raise BackupError(
            f"The database was restored from {folder}, but the media files were not moved into place ({error}). "
            f"The backup's files are unpacked at {staging}: move that folder to {media_root}."
        )
    return Result(folder, target.kind, manifest["database"]["bytes"], count, manifest["media"]["bytes"], kept)
