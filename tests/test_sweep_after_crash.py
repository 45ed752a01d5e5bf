"""What a crashed worker leaves behind is cleared when the next worker starts (``interviews.tasks.sweep_after_crash``).

The collected PDFs (Sammelband, Themenheft: ``CollectionPdf``) use the same claim as a part's PDF: a claim of a
task whose worker is gone, or older than the render time limit, is released and the series' collections are
queued again; a claim of a render that may still run is left alone.
"""

import datetime
import socket
import subprocess

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from interviews import tasks
from interviews.models import CollectionKind, CollectionPdf, PdfState
from interviews.pdf import collections, storage
from tests.factories import SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def gone_worker():
    """The worker id of a process on this host that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return f"{socket.gethostname()[:50]}:{process.pid}"


def claimed(series, kind=CollectionKind.VOLUME, theme=None, shown="", attempt="neu", started=None, file=""):
    """A collected PDF at „wird erstellt“: the file shows ``shown``, the claim renders ``attempt`` since ``started``."""
    return CollectionPdf.objects.create(
        kind=kind,
        series=series,
        theme=theme,
        file=file,
        fingerprint=shown,
        state=PdfState.RENDERING,
        attempt_fingerprint=attempt,
        attempt_started_at=started or timezone.now(),
    )


def rows():
    return {
        row["pk"]: (row["state"], row["attempt_fingerprint"], row["attempt_started_at"] is None)
        for row in CollectionPdf.objects.values("pk", "state", "attempt_fingerprint", "attempt_started_at")
    }


def queued_series():
    return sorted(
        row.args_kwargs["args"][0]
        for row in DBTaskResult.objects.filter(task_path=collections.render_collections_task.module_path)
        .exclude(status="RUNNING")
        .exclude(status="FAILED")
    )


def test_collected_pdfs_left_at_wird_erstellt_are_released_and_queued_again(
    db_tasks, django_capture_on_commit_callbacks
):
    long_ago = storage.stale_before() - datetime.timedelta(minutes=5)
    theme = ThemeFactory()
    # Series 1: claims older than the time limit. The volume's file shows what was being made again, the booklet's not.
    old = SeriesFactory(themes=[theme])
    volume_shown = claimed(old, shown="abc", attempt="abc", started=long_ago, file="collections/band.pdf")
    booklet_new = claimed(
        old, kind=CollectionKind.BOOKLET, theme=theme, shown="abc", attempt="def", started=long_ago, file="x.pdf"
    )
    # Series 2: a fresh claim, but the task that made it ran in a worker that is gone.
    crashed = SeriesFactory()
    orphan = claimed(crashed)
    task = collections.render_collections_task.enqueue(crashed.pk, create=True)
    DBTaskResult.objects.filter(pk=task.id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=[gone_worker()]
    )
    # Series 3: a fresh claim of a render that may still run (no dead task): left alone.
    running = SeriesFactory()
    busy = claimed(running)
    # Series 4: a stored, current volume: nothing to do.
    done = SeriesFactory()
    current = CollectionPdf.objects.create(
        kind=CollectionKind.VOLUME, series=done, file="collections/fertig.pdf", fingerprint="f", state=PdfState.CURRENT
    )
    before_busy = rows()[busy.pk]

    with django_capture_on_commit_callbacks(execute=True):
        cleared_tasks, _interviews = tasks.sweep_after_crash()

    assert cleared_tasks == 1
    assert DBTaskResult.objects.get(pk=task.id).status == "FAILED"
    after = rows()
    assert after[volume_shown.pk] == (PdfState.CURRENT, "", True)
    assert after[booklet_new.pk] == (PdfState.MISSING, "", True)
    assert after[orphan.pk] == (PdfState.MISSING, "", True)
    assert after[busy.pk] == before_busy == (PdfState.RENDERING, "neu", False)
    assert after[current.pk] == (PdfState.CURRENT, "", True)
    # The files readers get stay; the series whose collections were released are made again.
    assert CollectionPdf.objects.get(pk=volume_shown.pk).file.name == "collections/band.pdf"
    assert queued_series() == sorted([old.pk, crashed.pk])
