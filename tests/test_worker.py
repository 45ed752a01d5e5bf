"""PDF rendering on publish runs in the real worker backend (django-tasks-db).

The web process only queues the render (a row in the database); the worker
(`make worker`, i.e. `manage.py db_worker`) picks it up and stores the PDF.
"""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from interviews.editorial import publishing
from interviews.models import PdfState
from tests.pdf_shapes import make_interview

# Transactional: the worker (in this process or its own) must see committed rows.
# These tests need no rows from data migrations (flushed by transactional tests).
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROJECT_DIR = Path(__file__).resolve().parent.parent
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_task_backend(settings):
    settings.TASKS = DB_BACKEND


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    previous = {number: signal.getsignal(number) for number in signals}
    yield
    for number, handler in previous.items():
        signal.signal(number, handler)


def interview_ready_to_publish():
    """An interview in review whose text fits the series' page budget (shapes of the PDF tests)."""
    return make_interview(
        "no_portrait", review=True, title="Wärme für die ganze Stadt", interviewee_name="Jana Hofmann"
    )


def pdf_text(interview):
    interview.refresh_from_db()
    with interview.pdf_file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def run_worker_batch():
    call_command("pdf_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_publishing_only_queues_the_render_and_the_worker_stores_the_pdf(
    db_task_backend, keep_signal_handlers, freigabe_user
):
    interview = interview_ready_to_publish()

    publishing.publish(interview, freigabe_user)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "interviews.tasks.render_pdf_task"
    assert queued.args_kwargs["args"] == [interview.pk]
    assert queued.status == "READY"
    interview.refresh_from_db()
    assert not interview.pdf_file

    run_worker_batch()

    queued.refresh_from_db()
    interview.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.traceback
    assert queued.return_value == "rendered", interview.pdf_error
    assert interview.pdf_state == PdfState.CURRENT
    pages, text = pdf_text(interview)
    assert pages == interview.series.pages_per_part
    assert "Jana Hofmann" in text
    assert "Wärme für die ganze Stadt" in text


@pytest.mark.postgres
def test_make_worker_renders_a_pdf_queued_by_another_process(db_task_backend, freigabe_user):
    """The worker as its own process (what `make worker` and the systemd unit run)."""
    interview = interview_ready_to_publish()
    publishing.publish(interview, freigabe_user)
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{quote(db['HOST'], safe='')}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "db",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }

    worker = subprocess.run(
        [sys.executable, "manage.py", "pdf_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert worker.returncode == 0, worker.stderr
    # Publishing queued the interview's render (and the collected PDFs of its series): all of them ran.
    results = DBTaskResult.objects.all()
    assert "interviews.tasks.render_pdf_task" in {result.task_path for result in results}
    assert {result.status for result in results} == {"SUCCESSFUL"}, [result.traceback for result in results]
    interview.refresh_from_db()
    assert interview.pdf_state == PdfState.CURRENT
    pages, text = pdf_text(interview)
    assert pages == interview.series.pages_per_part
    assert "Jana Hofmann" in text
