"""Real worker processes (``manage.py pdf_worker``) sharing one database file and one media folder.

Everything runs in subprocesses against a migrated SQLite file (the test
database in memory is not shared between processes); the test reads the
outcome straight from that file.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORKER = [sys.executable, "manage.py", "pdf_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"]

# A published interview that fits, saved row by row outside a transaction (as a script would):
# every save queues a render, and six more are queued on top: a burst of tasks for one content.
SETUP = """
from interviews.tasks import render_pdf_task
from tests.pdf_shapes import make_interview
interview = make_interview("no_portrait", published=True, title="Zwei Worker, ein PDF")
for _ in range(6):
    render_pdf_task.enqueue(interview.pk)
print(interview.pk)
"""


@pytest.fixture
def shared(tmp_path):
    """A migrated SQLite file and a media folder, and the environment that points processes at them."""
    database = tmp_path / "shared.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "db",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    return {"database": database, "media": tmp_path / "media", "env": env}


def setup_interview(shared):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=PROJECT_DIR,
        env=shared["env"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.split()[-1])


def rows(shared, sql, *params):
    with sqlite3.connect(shared["database"], timeout=30) as db:
        return db.execute(sql, params).fetchall()


def interview_state(shared, pk):
    return rows(shared, "SELECT pdf_state, pdf_file FROM interviews_interview WHERE id = ?", pk)[0]


def task_rows(shared):
    """The interview PDF renders in the queue (other tasks, e.g. collection PDFs, left out)."""
    found = rows(
        shared,
        "SELECT status, return_value, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        "interviews.tasks.render_pdf_task",
    )
    return [(status, json.loads(value) if value else None, json.loads(workers)) for status, value, workers in found]


def stored_pdfs(shared):
    folder = shared["media"] / "pdf"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_two_workers_sharing_database_and_media_render_a_burst_of_tasks_exactly_once(shared):
    pk = setup_interview(shared)
    queued = task_rows(shared)
    assert len(queued) >= 8

    workers = [
        subprocess.Popen([*WORKER, "--batch"], cwd=PROJECT_DIR, env=shared["env"], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for worker in workers:
        worker.communicate(timeout=300)
        assert worker.returncode == 0

    done = task_rows(shared)
    outcomes = [value for _status, value, _workers in done]
    assert {status for status, _value, _workers in done} == {"SUCCESSFUL"}
    assert outcomes.count("rendered") == 1, outcomes
    assert set(outcomes) <= {"rendered", "busy", "unchanged"}
    assert len({workers[-1] for _status, _value, workers in done}) == 2  # both processes took tasks
    state, name = interview_state(shared, pk)
    assert state == "current"
    assert stored_pdfs(shared) == [Path(name).name]


def test_a_worker_killed_mid_render_is_cleared_up_when_the_next_worker_starts(shared):
    pk = setup_interview(shared)
    first = subprocess.Popen(WORKER, cwd=PROJECT_DIR, env=shared["env"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while interview_state(shared, pk)[0] != "rendering":
            assert time.monotonic() < deadline, "the worker never started the render"
            time.sleep(0.05)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    assert interview_state(shared, pk) == ("rendering", "")
    assert [status for status, _value, _workers in task_rows(shared)].count("RUNNING") == 1

    second = subprocess.run(
        [*WORKER, "--batch"], cwd=PROJECT_DIR, env=shared["env"], capture_output=True, text=True, timeout=300
    )

    assert second.returncode == 0, second.stderr
    assert "Aufgeräumt: 1 abgebrochene Aufgabe(n), 1 Interview(s) nicht mehr „wird erstellt“." in second.stdout
    statuses = [status for status, _value, _workers in task_rows(shared)]
    assert "RUNNING" not in statuses
    assert statuses.count("FAILED") == 1
    sql = "SELECT traceback FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED' AND task_path = ?"
    (traceback,) = rows(shared, sql, "interviews.tasks.render_pdf_task")[0]
    assert "WorkerGone" in traceback
    state, name = interview_state(shared, pk)
    assert state == "current"
    assert stored_pdfs(shared) == [Path(name).name]


# A published interview with its stored PDF, and a burst of tasks for its series' collected PDFs.
COLLECTIONS_SETUP = """
from interviews import pdf
from interviews.pdf.collections import render_collections_task
from tests.pdf_shapes import make_interview
interview = make_interview("no_portrait", published=True, title="Zwei Worker, ein Sammelband")
assert pdf.store_pdf(interview) == "rendered"
for _ in range(6):
    render_collections_task.enqueue(interview.series_id)
print(interview.series_id)
"""


def test_two_workers_make_each_collected_pdf_exactly_once(shared):
    """Issue 18 item 7: the volume and booklets are claimed in the database like the parts' PDFs."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", COLLECTIONS_SETUP],
        cwd=PROJECT_DIR,
        env=shared["env"],
        capture_output=True,
        text=True,
        check=True,
    )

    workers = [
        subprocess.Popen([*WORKER, "--batch"], cwd=PROJECT_DIR, env=shared["env"], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for worker in workers:
        worker.communicate(timeout=600)
        assert worker.returncode == 0

    done = rows(
        shared,
        "SELECT status, return_value, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        "interviews.pdf.collections.render_collections_task",
    )
    assert len(done) >= 6 and {status for status, _value, _workers in done} == {"SUCCESSFUL"}
    outcomes = [json.loads(value) for _status, value, _workers in done]
    labels = set().union(*outcomes)
    assert len(labels) == 5  # the volume and a booklet for each of the four themes
    for label in labels:
        made = [outcome[label] for outcome in outcomes if label in outcome]
        assert made.count("rendered") == 1, (label, made)
        assert set(made) <= {"rendered", "busy", "unchanged"}, (label, made)
    assert len({json.loads(workers)[-1] for _status, _value, workers in done}) == 2  # both processes took tasks
    stored = rows(shared, "SELECT state, file FROM interviews_collectionpdf")
    assert len(stored) == 5 and {state for state, _file in stored} == {"current"}
    files = sorted(p.name for p in (shared["media"] / "collections").iterdir())
    assert files == sorted(Path(name).name for _state, name in stored)
