"""``manage.py backup`` / ``restore``: a consistent online backup while the site writes.

Each test migrates a fresh database in a subprocess, keeps inserting rows from
a writer thread while ``manage.py backup`` runs, restores the backup into a
second, empty database and checks integrity, row counts and the media files.
The SQLite test runs in every pass; the PostgreSQL test creates its databases
on the server of the PostgreSQL pass (``make test-postgres``).
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# The one row of the content version: the restore bumps it after its row-count check.
CONTENT_STATE = "interviews_sitestate"
pytestmark = pytest.mark.slow

INSERT = (
    "INSERT INTO municipalities_kommune (name, slug, kind, state, population, website, description, logo, "
    "logo_alt, akk_member, is_fictional, created_at, updated_at) "
    "VALUES ({p}, {p}, 'stadt', 'TH', 1000, '', '', '', '', {true}, {true}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


def manage(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert not check or result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"
    return result


def project_env(tmp_path, database_url, media):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media), BACKUP_ROOT=str(tmp_path / "backups"))
    env["TASKS_BACKEND"] = "immediate"
    return env


class Writer(threading.Thread):
    """Inserts Kommune rows one transaction at a time until stopped."""

    def __init__(self, connect, placeholder, true):
        super().__init__(daemon=True)
        self.connect, self.sql = connect, INSERT.format(p=placeholder, true=true)
        self.stop = threading.Event()
        self.inserted = 0
        self.error = None

    def insert(self, con):
        slug = f"w-{uuid.uuid4().hex[:12]}"
        con.execute(self.sql, (slug, slug))
        con.commit()
        self.inserted += 1

    def run(self):
        try:
            con = self.connect()
            try:
                while not self.stop.is_set():
                    self.insert(con)
            finally:
                con.close()
        except Exception as error:  # reported by the test
            self.error = error


def backup_while_writing(env, writer):
    """Start the writer, wait until it has written, run the backup, stop the writer."""
    writer.start()
    while writer.inserted < 20 and writer.is_alive():
        writer.stop.wait(0.01)
    before = writer.inserted
    result = manage(env, "backup")
    during = writer.inserted - before
    writer.stop.set()
    writer.join(timeout=60)
    assert writer.error is None, writer.error
    folder = Path(result.stdout.split("Sicherung erstellt: ")[1].split(" (")[0])
    return folder, before, during


def plant_media(media):
    (media / "portraits").mkdir(parents=True)
    (media / "portraits" / "abc.jpg").write_bytes(b"\xff\xd8 portrait bytes \xff\xd9")
    (media / "pdf").mkdir()
    (media / "pdf" / "teil-1.pdf").write_bytes(b"%PDF-1.7 test")


def assert_media_restored(media):
    assert (media / "portraits" / "abc.jpg").read_bytes() == b"\xff\xd8 portrait bytes \xff\xd9"
    assert (media / "pdf" / "teil-1.pdf").read_bytes() == b"%PDF-1.7 test"


def test_sqlite_backup_while_writing_restores_a_consistent_snapshot(tmp_path):
    live_db, restored_db = tmp_path / "live.sqlite3", tmp_path / "restored.sqlite3"
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    env = project_env(tmp_path, f"sqlite:///{live_db}", media)
    manage(env, "migrate", "--no-input")
    plant_media(media)

    def connect():
        con = sqlite3.connect(live_db, timeout=30)
        con.execute("PRAGMA busy_timeout=30000")
        return con

    folder, before, during = backup_while_writing(env, Writer(connect, "?", 1))
    manifest = json.loads((folder / "manifest.json").read_text())
    backed_up = manifest["row_counts"]["municipalities_kommune"]
    assert during > 0 and before <= backed_up <= before + during + 1

    restore_env = project_env(tmp_path, f"sqlite:///{restored_db}", restored_media)
    result = manage(restore_env, "restore", str(folder), "--yes")
    assert "Zeilenzahlen geprüft" in result.stdout

    con = sqlite3.connect(restored_db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    # After its row-count check the restore bumps the content version (page caches follow the data),
    # which writes the one SiteState row even where the backup had none.
    for table, count in manifest["row_counts"].items():
        if table != CONTENT_STATE:
            assert con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table
    versions = con.execute(f"SELECT content_version FROM {CONTENT_STATE}").fetchall()  # noqa: S608
    assert len(versions) == 1 and versions[0][0] >= 1
    con.close()
    assert_media_restored(restored_media)
    # The restored database is a working project database.
    assert "No planned migration operations" in manage(restore_env, "migrate", "--plan").stdout


def test_a_killed_backup_leaves_a_partial_folder_that_the_next_backup_removes(tmp_path):
    media = tmp_path / "media"
    env = project_env(tmp_path, f"sqlite:///{tmp_path / 'live.sqlite3'}", media)
    manage(env, "migrate", "--no-input")
    (media / "pdf").mkdir(parents=True)
    (media / "pdf" / "gross.pdf").write_bytes(os.urandom(60_000_000))  # gzip takes a few seconds
    backups = tmp_path / "backups"

    running = subprocess.Popen([sys.executable, "manage.py", "backup"], cwd=BASE_DIR, env=env)
    deadline = time.monotonic() + 120
    while not list(backups.glob(".*.partial")) and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=60)
    assert len(list(backups.glob(".*.partial"))) == 1

    result = manage(env, "backup")

    assert "Sicherung erstellt" in result.stdout
    assert list(backups.glob(".*.partial")) == []
    assert len([folder for folder in backups.iterdir() if folder.is_dir()]) == 1


def test_damaged_backup_is_refused_and_changes_nothing(tmp_path):
    live_db = tmp_path / "live.sqlite3"
    media = tmp_path / "media"
    env = project_env(tmp_path, f"sqlite:///{live_db}", media)
    manage(env, "migrate", "--no-input")
    plant_media(media)
    folder = Path(manage(env, "backup").stdout.split("Sicherung erstellt: ")[1].split(" (")[0])
    archive = folder / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    (media / "portraits" / "abc.jpg").write_bytes(b"changed after the backup")

    result = manage(env, "restore", str(folder), "--yes", check=False)

    assert result.returncode != 0
    assert "beschädigt" in result.stderr
    assert (media / "portraits" / "abc.jpg").read_bytes() == b"changed after the backup"


@pytest.mark.postgres
def test_postgresql_backup_while_writing_restores_a_consistent_snapshot(tmp_path):
    import psycopg

    server = urlsplit(os.environ.get("DATABASE_URL", ""))
    suffix = uuid.uuid4().hex[:8]
    names = {"live": f"akk_backup_live_{suffix}", "restored": f"akk_backup_restored_{suffix}"}
    urls = {key: urlunsplit(server._replace(path=f"/{name}")) for key, name in names.items()}
    admin_params = {
        "dbname": "postgres",
        "host": settings.DATABASES["default"]["HOST"] or None,
        "port": settings.DATABASES["default"]["PORT"] or None,
        "user": settings.DATABASES["default"]["USER"] or None,
        "password": settings.DATABASES["default"]["PASSWORD"] or None,
    }
    admin_params = {key: value for key, value in admin_params.items() if value}
    with psycopg.connect(autocommit=True, **admin_params) as admin:
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        media, restored_media = tmp_path / "media", tmp_path / "restored-media"
        env = project_env(tmp_path, urls["live"], media)
        manage(env, "migrate", "--no-input")
        plant_media(media)

        def connect():
            return psycopg.connect(**{**admin_params, "dbname": names["live"]})

        folder, before, during = backup_while_writing(env, Writer(connect, "%s", "true"))
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["engine"] == "postgresql"
        backed_up = manifest["row_counts"]["municipalities_kommune"]
        assert during > 0 and before <= backed_up <= before + during + 1

        restore_env = project_env(tmp_path, urls["restored"], restored_media)
        result = manage(restore_env, "restore", str(folder), "--yes")
        assert "Zeilenzahlen geprüft" in result.stdout
        with psycopg.connect(**{**admin_params, "dbname": names["restored"]}) as con:
            # As on SQLite: the restore's content-version bump writes the SiteState row after its check.
            for table, count in manifest["row_counts"].items():
                if table != CONTENT_STATE:
                    assert con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table
            versions = con.execute(f"SELECT content_version FROM {CONTENT_STATE}").fetchall()  # noqa: S608
            assert len(versions) == 1 and versions[0][0] >= 1
            # Foreign keys are enforced again after the restore: every constraint is valid.
            invalid = con.execute("SELECT conname FROM pg_constraint WHERE NOT convalidated").fetchall()
            assert invalid == []
        assert_media_restored(restored_media)
    finally:
        with psycopg.connect(autocommit=True, **admin_params) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
