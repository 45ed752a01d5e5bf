"""Storage: the rendered PDF in media storage and its state on the interview."""

import contextlib
import logging
import os
import socket
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import files
from interviews import cache
from interviews.pdf import fitting
from interviews.pdf.fitting import PageBudgetError, render_timeout
from interviews.pdf.source import fingerprint, load_source

logger = logging.getLogger(__name__)


def stored_name(source, digest):
    return f"pdf/{source.interview.pdf_filename[:-4]}-{digest[:16]}.pdf"


def write_atomically(name, data):
    """Write ``data`` to storage ``name`` atomically (core.files)."""
    files.write_atomically(name, data)


PDF_FIELDS = [
    "pdf_file",
    "pdf_fingerprint",
    "pdf_state",
    "pdf_error",
    "pdf_pages",
    "pdf_font_size",
    "pdf_size",
    "pdf_rendered_at",
]


def lock_path(interview_id):
    return Path(settings.MEDIA_ROOT) / "pdf" / f".render-{interview_id}.lock"


@contextlib.contextmanager
def render_lock(interview_id):
    """An O_EXCL lock file next to the PDFs: one render per interview across processes.

    Yields True when this caller holds the lock, False when another render is
    running. A lock older than the render timeout (or whose process on this
    host is gone) is stale and taken over.
    """
    path = lock_path(interview_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = f"{socket.gethostname()} {os.getpid()} {time.time():.0f}"
    acquired = False
    for _attempt in range(2):
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _lock_is_stale(path):
                path.unlink(missing_ok=True)
                continue
            break
        with os.fdopen(descriptor, "w") as handle:
            handle.write(token)
        acquired = True
        break
    try:
        yield acquired
    finally:
        if acquired:
            path.unlink(missing_ok=True)


def _lock_is_stale(path):
    try:
        host, pid, started = path.read_text().split()
        age = time.time() - float(started)
    except (OSError, ValueError):
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return True
        return age > 5
    if age > render_timeout() + 30:
        return True
    if host == socket.gethostname():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def is_current(interview, digest):
    return (
        interview.pdf_state == "current"
        and interview.pdf_fingerprint == digest
        and bool(interview.pdf_file)
        and default_storage.exists(interview.pdf_file.name)
    )


def store_pdf(interview, force=False, source=None):
    """Render and store the PDF of ``interview`` if what it shows changed.

    Returns "rendered", "unchanged", "busy" (another process renders it right
    now), "failed" (the error is stored in ``pdf_error``) or "skipped" (a
    draft or an interview in review: only published and scheduled ones are
    stored; staff see drafts as an unstored preview).
    Touches: the file ``MEDIA_ROOT/pdf/<name>-<hash>.pdf`` (the previous file
    is deleted), the interview's pdf_* fields (via update(), not save()), the
    lock file while rendering, and the content version (page caches).
    """
    from interviews.models import Interview, PdfState

    source = source or load_source(interview)
    if source.interview.status != "published":
        return "skipped"
    digest = fingerprint(source)
    if not force and is_current(source.interview, digest):
        return "unchanged"
    rows = Interview.objects.filter(pk=interview.pk)
    with render_lock(interview.pk) as acquired:
        if not acquired:
            return "busy"
        current = rows.only("pdf_state", "pdf_fingerprint", "pdf_file").first()
        if current is None:
            return "failed"
        if not force and is_current(current, digest):
            return "unchanged"
        rows.update(pdf_state=PdfState.RENDERING)
        try:
            result = fitting.fit(source)
        except PageBudgetError as error:
            rows.update(pdf_state=PdfState.FAILED, pdf_error=error.label, pdf_fingerprint="", pdf_pages=None)
            return "failed"
        except Exception as error:
            logger.exception("PDF render of interview %s failed", interview.pk)
            message = _("Die Erstellung ist fehlgeschlagen: %(error)s") % {"error": str(error)[:300] or type(error)}
            rows.update(pdf_state=PdfState.FAILED, pdf_error=message)
            return "failed"
        name = stored_name(source, digest)
        write_atomically(name, result.pdf)
        old_name = current.pdf_file.name
        rows.update(
            pdf_file=name,
            pdf_fingerprint=digest,
            pdf_state=PdfState.CURRENT,
            pdf_error="",
            pdf_pages=result.measure.pages,
            pdf_font_size=round(result.setting.font_size, 1),
            pdf_size=len(result.pdf),
            pdf_rendered_at=timezone.now(),
        )
        if old_name and old_name != name:
            with contextlib.suppress(OSError):
                default_storage.delete(old_name)
    # The interview page shows the PDF's size and pages: refresh cached pages.
    cache.bump_content_version()
    interview.refresh_from_db(fields=PDF_FIELDS)
    return "rendered"


def page_budget_label(interview):
    """A short German label of the stored page budget (no render), for the admin."""
    from interviews.models import PdfState

    if interview.pdf_state == PdfState.CURRENT and interview.pdf_pages:
        size = formats.number_format(interview.pdf_font_size, 1) if interview.pdf_font_size else "?"
        return _("%(pages)s/%(total)s Seiten, Schrift %(size)s pt") % {
            "pages": interview.pdf_pages,
            "total": interview.series.pages_per_part,
            "size": size,
        }
    if interview.pdf_state == PdfState.FAILED:
        return interview.pdf_error or interview.get_pdf_state_display()
    return interview.get_pdf_state_display()
