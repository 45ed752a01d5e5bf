"""Storage: the rendered PDF in media storage and its state on the interview.

The database decides who renders: a render is claimed with one conditional
UPDATE on the interview's row (state and fingerprint), so with any number of
worker processes on any number of servers sharing one database and one media
storage each content change is rendered exactly once. No lock files.

The interview's ``pdf_file``, ``pdf_fingerprint``, ``pdf_pages``,
``pdf_font_size``, ``pdf_size`` and ``pdf_rendered_at`` always describe the
last good PDF, which readers keep getting while a newer one is made and after
a render failed. ``pdf_state`` says what happened to the newest content:
"current" (the stored file shows it), "rendering" or "failed" (for the
content whose fingerprint is ``pdf_attempt_fingerprint``; a failure is not
retried for the same content), "missing" (never attempted).

All writes to these fields go through ``QuerySet.update()``: they send no
signal, so storing a PDF never queues another render.
"""

import contextlib
import datetime
import logging

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import files
from interviews.pdf import fitting
from interviews.pdf.fitting import PageBudgetError, render_timeout
from interviews.pdf.source import fingerprint, load_source
from interviews.reader import cache

logger = logging.getLogger(__name__)

# A claim older than the render time limit plus this margin belongs to a render that died.
CLAIM_MARGIN_SECONDS = 30

PDF_FIELDS = [
    "pdf_file",
    "pdf_fingerprint",
    "pdf_state",
    "pdf_error",
    "pdf_pages",
    "pdf_font_size",
    "pdf_quotes_dropped",
    "pdf_size",
    "pdf_rendered_at",
    "pdf_attempt_fingerprint",
    "pdf_attempt_started_at",
]


def stored_name(source, digest):
    return f"pdf/{source.interview.pdf_filename[:-4]}-{digest[:16]}.pdf"


def write_atomically(name, data):
    """Write ``data`` to storage ``name`` atomically (core.files)."""
    files.write_atomically(name, data)


def stale_before():
    """Claims started before this time belong to renders that no longer run."""
    return timezone.now() - datetime.timedelta(seconds=render_timeout() + CLAIM_MARGIN_SECONDS)


def claim(interview_id, digest, force=False):
    """Claim the render of content ``digest`` for this process; True when this caller renders it.

    One conditional UPDATE: it succeeds unless the stored PDF already shows
    ``digest``, a render of ``digest`` failed before (remembered; ``force``
    retries it), or a live render of ``digest`` runs. The database applies
    concurrent UPDATEs of one row one after the other, so exactly one caller
    wins. A claim older than the time limit is taken over.
    Touches: pdf_state, pdf_attempt_fingerprint, pdf_attempt_started_at.
    """
    from interviews.models import Interview, PdfState, Status

    done = Q(pdf_state=PdfState.CURRENT, pdf_fingerprint=digest)
    failed = Q(pdf_state=PdfState.FAILED, pdf_attempt_fingerprint=digest)
    running = Q(pdf_state=PdfState.RENDERING, pdf_attempt_fingerprint=digest, pdf_attempt_started_at__gt=stale_before())
    settled = running if force else done | failed | running
    rows = Interview.objects.filter(pk=interview_id, status=Status.PUBLISHED).exclude(settled)
    return (
        rows.update(pdf_state=PdfState.RENDERING, pdf_attempt_fingerprint=digest, pdf_attempt_started_at=timezone.now())
        == 1
    )


def store_pdf(interview, force=False):
    """Render and store the PDF of ``interview`` if what it shows changed.

    Only interviews with status "published" (public or scheduled) get a
    stored PDF; for others it returns "skipped". Otherwise: "unchanged" (the
    stored file shows this content), "busy" (another process renders it),
    "failed" (now or before for this content: readers keep the last good
    PDF, the reason is in ``pdf_error``) or "rendered".
    Touches: the file ``MEDIA_ROOT/pdf/<name>-<hash>.pdf`` (the previous one
    is deleted once the new one is stored), the interview's pdf_* fields
    (via update(), no signals), and the content version (cached pages show
    the PDF's size).
    """
    from interviews.models import Interview, PdfState, Status

    source = load_source(interview)
    if source.interview.status != Status.PUBLISHED:
        return "skipped"
    digest = fingerprint(source)
    if not claim(interview.pk, digest, force=force):
        state = Interview.objects.filter(pk=interview.pk).values_list("pdf_state", flat=True).first()
        return {PdfState.CURRENT: "unchanged", PdfState.FAILED: "failed"}.get(state, "busy")
    mine = Interview.objects.filter(pk=interview.pk, pdf_state=PdfState.RENDERING, pdf_attempt_fingerprint=digest)
    try:
        result = fitting.fit(source)
    except PageBudgetError as error:
        mine.update(pdf_state=PdfState.FAILED, pdf_error=error.label)
        return "failed"
    except Exception as error:
        logger.exception("PDF render of interview %s failed", interview.pk)
        message = _("Die Erstellung ist fehlgeschlagen: %(error)s") % {"error": str(error)[:300] or type(error)}
        mine.update(pdf_state=PdfState.FAILED, pdf_error=message)
        return "failed"
    name = stored_name(source, digest)
    write_atomically(name, result.pdf)
    old_name = source.interview.pdf_file.name
    stored = mine.update(
        pdf_file=name,
        pdf_fingerprint=digest,
        pdf_state=PdfState.CURRENT,
        pdf_error="",
        pdf_pages=result.measure.pages,
        pdf_font_size=round(result.setting.font_size, 1),
        pdf_quotes_dropped=result.setting.quotes_dropped,
        pdf_size=len(result.pdf),
        pdf_rendered_at=timezone.now(),
    )
    if not stored:
        # Newer content was claimed meanwhile: its render replaces this one.
        if name != old_name:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
        return "busy"
    if old_name and old_name != name:
        with contextlib.suppress(OSError):
            default_storage.delete(old_name)
    # The interview page shows the PDF's size and pages: refresh cached pages.
    cache.bump_content_version()
    interview.refresh_from_db(fields=PDF_FIELDS)
    return "rendered"


def release_stale_claims():
    """Reset renders that a killed worker left at "wird erstellt"; the ids of those interviews.

    A claim older than the time limit cannot still run (the render stops at
    the limit). Touches: pdf_state of those interviews ("current" again when
    a stored PDF shows the same content, else "missing").
    """
    from interviews.models import Interview, PdfState

    stale = Interview.objects.filter(pdf_state=PdfState.RENDERING, pdf_attempt_started_at__lte=stale_before())
    return release(stale)


def release(interviews):
    """Reset the "wird erstellt" state of ``interviews`` (a queryset); their ids."""
    from interviews.models import PdfState

    ids = list(interviews.values_list("pk", flat=True))
    interviews.model.objects.filter(pk__in=ids, pdf_state=PdfState.RENDERING).update(
        pdf_state=PdfState.MISSING, pdf_attempt_fingerprint="", pdf_attempt_started_at=None
    )
    return ids


def page_budget_label(interview):
    """A short German label of the stored page budget (no render), for the admin."""
    from interviews.models import PdfState

    if interview.pdf_state == PdfState.FAILED:
        return interview.pdf_error or interview.get_pdf_state_display()
    if interview.pdf_pages:
        size = formats.number_format(interview.pdf_font_size, 1) if interview.pdf_font_size else "?"
        return _("%(pages)s/%(total)s Seiten, Schrift %(size)s pt") % {
            "pages": interview.pdf_pages,
            "total": interview.pages,
            "size": size,
        }
    return interview.get_pdf_state_display()


def pull_quote_report(interview):
    """Which pull quotes the current PDF prints, and why the others not: [(quote, German reason)] (2 queries).

    Reads the stored ``pdf_quotes_dropped`` (the fit leaves quotes out from
    the end of the text only when the text needs their room at the smallest
    setting) and the interview's questions in the PDF's order.
    """
    from interviews.models import PdfState
    from interviews.selectors import theme_sections

    questions = list(interview.questions.select_related("theme").order_by("position", "pk"))
    ordered = [q for group in theme_sections(questions) for q in group["questions"] if q.pull_quote]
    if not ordered:
        return []
    if interview.pdf_state != PdfState.CURRENT or not interview.pdf_file:
        return [(q.pull_quote, _("noch kein aktuelles PDF")) for q in ordered]
    on_cover = ordered[0] if not interview.portrait else None
    body = [q for q in ordered if q is not on_cover]
    dropped = set(map(id, body[len(body) - interview.pdf_quotes_dropped :])) if interview.pdf_quotes_dropped else set()
    size = formats.number_format(interview.pdf_font_size, 1) if interview.pdf_font_size else "?"
    report = []
    for question in ordered:
        if question is on_cover:
            reason = _("auf der Titelseite (statt eines Porträts), im Text nicht wiederholt")
        elif id(question) in dropped:
            reason = _(
                "nicht gedruckt: der Text braucht den Platz (Schrift schon bei %(size)s pt, engster Abstand); "
                "Zitate werden vom Ende her ausgelassen – kürzen oder ein Zitat weiter vorn streichen"
            ) % {"size": size}
        else:
            reason = _("gedruckt")
        report.append((question.pull_quote, reason))
    return report
