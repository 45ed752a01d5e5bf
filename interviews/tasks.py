"""Background work (django.tasks): the one path by which PDFs are made.

A PDF is rendered by ``render_pdf_task``, never by a reader's request. The
task is queued when the data a live interview's PDF shows changes, whatever
wrote it (admin, ORM ``save()``/``delete()``, m2m changes, ``loaddata``):
one receiver of ``core.content.content_changed`` (the one signal every
tracked model sends: interviews, questions, series, themes, Kommunen,
awards) finds the live PDFs that show the changed row. Only interviews with
status "published" (public or scheduled) get a stored PDF; drafts are
previewed by staff on request.

With the immediate backend (development) the task runs when the transaction
commits; in production the database backend queues it for the worker
(``manage.py pdf_worker``). Queuing is cheap: the task compares fingerprints
and the database decides who renders (``interviews.pdf.storage``), so a task
for unchanged content does no layout.
"""

import datetime
import os
import socket
from functools import partial

from django.dispatch import receiver
from django.tasks import default_task_backend, task
from django.utils import timezone

from core import content
from interviews.models import CollectionPdf, Interview, Question, Series, Status, Theme
from municipalities.models import Award, Kommune


@task
def render_pdf_task(interview_id, force=False):
    """Render and store the PDF of one interview (see interviews.pdf.store_pdf).

    Returns "rendered", "unchanged", "busy", "failed", "skipped" or "missing";
    the outcome is stored on the interview (pdf_state, pdf_error). ``force``
    renders again even when the content is unchanged or failed before (the
    editor's „PDF neu erstellen“).
    """
    from interviews import pdf
    from interviews.pdf import collections

    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return "missing"
    outcome = pdf.store_pdf(interview, force=force)
    if outcome == "rendered":
        # The series volume embeds this PDF: make the series' collected PDFs again (readers' collections).
        collections.queue_series([interview.series_id], create=True)
    return outcome


def _enqueue(interview_id, run_after=None, force=False):
    queued = render_pdf_task if run_after is None else render_pdf_task.using(run_after=run_after)
    if force:
        queued.enqueue(interview_id, force=True)
    else:
        queued.enqueue(interview_id)


def queue_renders(interview_ids, run_after=None, force=False):
    """Queue a render of each interview once the current transaction commits.

    Repeated calls within one transaction (an interview and its 30 questions
    saved by one form) queue each interview once (``core.content.on_commit_once``).
    ``force`` renders even unchanged content (see render_pdf_task).
    ``run_after`` (an aware datetime) defers the render where the backend
    supports it (the worker); the immediate backend of development has no
    clock and skips those.
    Touches: the task queue (a row per render with the database backend).
    """
    if run_after is not None and not default_task_backend.supports_defer:
        return
    for interview_id in dict.fromkeys(interview_ids):
        key = ("interviews.tasks:render", interview_id, run_after, force)
        content.on_commit_once(key, partial(_enqueue, interview_id, run_after, force))


# A scheduled part is laid out once more this long before its date (the worker); refused, it does not appear.
GO_LIVE_CHECK_LEAD = datetime.timedelta(minutes=15)


@task
def go_live_check_task(interview_id, published_at):
    """Shortly before a scheduled part's date: the text readers get then must lay out, else it does not appear
    (``publishing.check_before_going_live``; ``published_at``: the date it was queued for, ISO format)."""
    from interviews.editorial import publishing

    return publishing.check_before_going_live(interview_id, published_at)


def queue_go_live_check(interview):
    """Queue the check of scheduled ``interview`` for ``GO_LIVE_CHECK_LEAD`` before its date, after the commit.

    Needs a backend with a clock (the worker's database backend); development's immediate backend skips it
    (as deferred renders). Touches: the task queue.
    """
    if not default_task_backend.supports_defer:
        return
    when = interview.published_at
    run_after = max(when - GO_LIVE_CHECK_LEAD, timezone.now())
    queued = go_live_check_task.using(run_after=run_after)
    key = ("interviews.tasks:go-live", interview.pk, when.isoformat())
    content.on_commit_once(key, partial(queued.enqueue, interview.pk, when.isoformat()))


def live_ids(interviews):
    """The ids of the interviews in ``interviews`` (a queryset) that have a stored PDF to keep current."""
    return list(interviews.filter(status=Status.PUBLISHED).values_list("pk", flat=True))


def shown_by(sender, instance, action):
    """The ids of the live interviews whose PDF shows ``instance`` (a row of model ``sender`` that changed)."""
    if sender is Interview or sender is Series:
        # A part's PDF shows its own content; its back page lists the series' public parts.
        series_id = instance.pk if sender is Series else instance.series_id
        return live_ids(Interview.objects.filter(series_id=series_id))
    if sender is Question:
        return live_ids(Interview.objects.filter(pk=instance.interview_id))
    if sender is Theme:
        # A theme's title and colour head the answers on it; added to or removed from a series' themes.
        on_theme = Interview.objects.filter(series__themes=instance) if action == "m2m" else None
        return live_ids(on_theme if on_theme is not None else Interview.objects.filter(questions__theme=instance))
    if sender is Kommune:
        # Its own interviews, and the back pages of their series (which name the Kommune).
        series_ids = Interview.objects.filter(kommune=instance).values("series_id")
        return live_ids(Interview.objects.filter(series_id__in=series_ids))
    if sender is Award:
        return live_ids(Interview.objects.filter(kommune_id=instance.kommune_id))
    return []


@receiver(content.content_changed, dispatch_uid="interviews.tasks")
def content_changed(sender, instance=None, action="", **kwargs):
    """Queue the renders of the live PDFs that show what changed, whatever wrote it (see core.content).

    ``sender=None`` ("anything may have changed": migrate, a restore) queues
    nothing here: a worker that starts renders every live interview without
    a stored PDF (``sweep_after_crash``), and ``manage.py render_pdfs`` the rest.
    """
    if instance is None:
        return
    queue_renders(shown_by(sender, instance, action))
    scheduled = sender is Interview and instance.status == Status.PUBLISHED and action == "save"
    if scheduled and instance.published_at and instance.published_at > timezone.now():
        # When a scheduled part becomes public, the back pages of its series change without any write.
        queue_renders(shown_by(sender, instance, action), run_after=instance.published_at)
        # Shortly before, the part itself must still lay out as readers will get it, or it does not appear.
        queue_go_live_check(instance)


class WorkerGone(Exception):
    """The worker process running a task ended before the task did (killed, out of memory, power cut)."""


def worker_id():
    """This process as a worker id ("host:pid"): a worker that starts can tell its own host's dead ones."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def _process_gone(worker):
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname()[:50] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def sweep_after_crash():
    """Clear what killed workers left behind; run when a worker starts (``manage.py pdf_worker``).

    Touches: task rows still RUNNING whose worker process on this host is gone
    or that have run longer than the render time limit (now FAILED with
    WorkerGone); interviews and collected PDFs left at „wird erstellt“ by those
    tasks or for longer than the time limit (state reset); and queues renders for them and
    for every live interview without a stored PDF (collected PDFs: their series' task). Returns (tasks, interviews)
    cleared.
    """
    from django_tasks_db.models import DBTaskResult

    from interviews.pdf import collections, storage

    stale = storage.stale_before()
    dead = [
        row
        for row in DBTaskResult.objects.running()
        if (row.started_at and row.started_at <= stale) or (row.worker_ids and _process_gone(row.worker_ids[-1]))
    ]
    orphaned = set()
    for row in dead:
        if row.task_path == render_pdf_task.module_path and row.args_kwargs.get("args"):
            orphaned.add(row.args_kwargs["args"][0])
        row.set_failed(WorkerGone(f"Worker {row.worker_ids[-1] if row.worker_ids else '?'} beendet"))
    released = storage.release(Interview.objects.filter(pk__in=orphaned))
    released += storage.release_stale_claims(Interview)
    # Collected PDFs: their claims are released the same way, and their series' collections queued again.
    orphaned_series = [
        row.args_kwargs["args"][0]
        for row in dead
        if row.task_path == collections.render_collections_task.module_path and row.args_kwargs.get("args")
    ]
    collection_ids = storage.release(CollectionPdf.objects.filter(series_id__in=orphaned_series))
    collection_ids += storage.release_stale_claims(CollectionPdf)
    collections.queue_series(
        CollectionPdf.objects.filter(pk__in=collection_ids).values_list("series_id", flat=True), create=True
    )
    never_rendered = live_ids(Interview.objects.filter(pdf_file=""))
    queue_renders([*released, *never_rendered])
    return len(dead), len(set(released))
