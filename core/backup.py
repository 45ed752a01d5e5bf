"""Online backup and restore of the database and the media files.

A backup is a folder ``<BACKUP_ROOT>/<UTC timestamp>/`` with

* ``db.sqlite3`` (SQLite online backup API) or ``db.dump`` (``pg_dump -Fc``),
* ``media.tar.gz`` (everything below MEDIA_ROOT),
* ``manifest.json``: engine, time, the row count of every table *in the
  backed-up snapshot*, and the SHA-256 of each file.

Both database paths are consistent while the site keeps writing: SQLite's
backup API copies one snapshot, and on PostgreSQL the row counts and
``pg_dump`` share one exported snapshot (``pg_export_snapshot``). Media are
archived after the database snapshot; uploads and PDFs are only ever added
(written atomically under new names), so every file the snapshot refers to is
in the archive.

``restore_backup`` checks the checksums, replaces the database contents with
the snapshot, unpacks the media over MEDIA_ROOT, and verifies the row counts.
"""

import datetime
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from core import content


class BackupError(Exception):
    """A backup or restore could not be completed (message in German)."""


def backup_root():
    return Path(settings.BACKUP_ROOT)


def _engine(alias="default"):
    engine = settings.DATABASES[alias]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Datenbank-Engine {engine} wird nicht unterstützt.")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_counts(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
    finally:
        con.close()


def _pg_env(alias="default"):
    db = settings.DATABASES[alias]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def pg_tool(name):
    """``pg_dump``/``pg_restore``: from settings.PG_BIN, the newest /usr/lib/postgresql/*/bin, or PATH."""
    candidates = [Path(settings.PG_BIN) / name] if settings.PG_BIN else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} wurde nicht gefunden (Paket postgresql-client installieren).")
    return found


def _pg_tables(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    )
    return [row[0] for row in cursor.fetchall()]


def _backup_postgresql(folder, alias="default"):
    """pg_dump of one snapshot; the row counts are taken in the same snapshot."""
    import psycopg

    env = _pg_env(alias)
    target = folder / "db.dump"
    with psycopg.connect(autocommit=False, **_psycopg_params(alias)) as con, con.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = {}
        for table in _pg_tables(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
            counts[table] = cursor.fetchone()[0]
        subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}"],
            env=env,
            check=True,
            capture_output=True,
        )
        con.rollback()
    return target, counts


def _psycopg_params(alias="default"):
    db = settings.DATABASES[alias]
    params = {"dbname": db["NAME"]}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if db.get(key):
            params[name] = str(db[key])
    return params


def _backup_sqlite(folder, alias="default"):
    target = folder / "db.sqlite3"
    for attempt in range(5):
        source = sqlite3.connect(str(settings.DATABASES[alias]["NAME"]), timeout=30)
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)  # one consistent snapshot, writers may go on
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm
            break
        except sqlite3.OperationalError:  # busy: a writer checkpointed meanwhile; try again
            if attempt == 4:
                raise
        finally:
            destination.close()
            source.close()
    return target, _sqlite_counts(target)


def media_on_object_storage():
    return "S3" in settings.STORAGES["default"]["BACKEND"]


def _archive_media(folder):
    """Archive MEDIA_ROOT; with media on S3 the archive stays empty (see docs/reliability.md)."""
    target = folder / "media.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as archive:
        if media_root.exists() and not media_on_object_storage():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.name.startswith(".tmp"):
                    archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
    return target


def create_backup(root=None, alias="default"):
    """Back up the database and media into a new timestamped folder; return the folder.

    Touches: only the new folder below ``root`` (default: BACKUP_ROOT), and
    ``.partial`` folders left there by a backup that was killed: one backup
    runs at a time (lock file ``.backup.lock``), so while it holds the lock
    every other ``.partial`` folder is a dead one and is removed.
    """
    root = Path(root or backup_root())
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".backup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the process ends, however it ends
        for dead in root.glob(".*.partial"):
            shutil.rmtree(dead, ignore_errors=True)
        return _create_backup(root, alias)


def _create_backup(root, alias):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%S.%fZ")
    partial = root / f".{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        engine = _engine(alias)
        if engine == "sqlite":
            db_file, counts = _backup_sqlite(partial, alias)
        else:
            db_file, counts = _backup_postgresql(partial, alias)
        media_file = _archive_media(partial)
        manifest = {
            "created_at": stamp,
            "engine": engine,
            "row_counts": counts,
            "media": "bucket (not archived: use bucket versioning)" if media_on_object_storage() else "media.tar.gz",
            "files": {path.name: _sha256(path) for path in (db_file, media_file)},
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        folder = root / stamp
        partial.rename(folder)  # a backup folder without ".partial" is always complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def read_manifest(folder):
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{folder} ist keine vollständige Sicherung (manifest.json fehlt).")
    manifest = json.loads(manifest_path.read_text())
    for name, digest in manifest["files"].items():
        if not (folder / name).exists() or _sha256(folder / name) != digest:
            raise BackupError(f"Die Datei {name} der Sicherung fehlt oder ist beschädigt (Prüfsumme).")
    return manifest


def latest_backup(root=None):
    root = Path(root or backup_root())
    folders = sorted(p for p in root.glob("*") if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise BackupError(f"Keine Sicherung in {root} gefunden.")
    return folders[-1]


def database_counts(alias="default"):
    """The row count of every table of the live database."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def restore_backup(folder, alias="default"):
    """Replace the database contents and restore the media files from ``folder``.

    Touches: every table of the database (replaced by the snapshot) and the
    files below MEDIA_ROOT (backed-up files are written back; files added
    after the backup stay), and the content version (page caches). Returns the
    manifest. Raises BackupError when the
    backup is damaged or the restored row counts differ from the manifest.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(f"Die Sicherung stammt aus {manifest['engine']}, die Datenbank ist {engine}.")
    connections[alias].close()
    if engine == "sqlite":
        source = sqlite3.connect(f"file:{folder / 'db.sqlite3'}?mode=ro", uri=True)
        destination = sqlite3.connect(str(settings.DATABASES[alias]["NAME"]), timeout=30)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        subprocess.run(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={settings.DATABASES[alias]['NAME']}",
                str(folder / "db.dump"),
            ],
            env=_pg_env(alias),
            check=True,
            capture_output=True,
        )
    _restore_media(folder / "media.tar.gz")
    restored = database_counts(alias)
    differing = {
        table: (count, restored.get(table))
        for table, count in manifest["row_counts"].items()
        if restored.get(table) != count
    }
    if differing:
        raise BackupError(f"Nach der Wiederherstellung weichen Zeilenzahlen ab: {differing}")
    content.changed()  # page caches and everything else that follows the data
    return manifest


def _restore_media(archive_path):
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            # filter="data" refuses absolute paths, "..", links and device files.
            member = tarfile.data_filter(member, str(media_root))
            target = media_root / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with (
                archive.extractfile(member) as source,
                tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as temp,
            ):
                shutil.copyfileobj(source, temp)
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp.name, target)
