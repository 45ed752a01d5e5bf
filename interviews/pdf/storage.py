"""Storage: stored PDFs and the database claim on their next render, for every kind of stored PDF.

One mechanism for the part PDF of an interview (its ``pdf_*`` fields) and
the collected PDFs (``CollectionPdf``: series volume, theme booklet). A
model with a stored PDF has these fields, named with its
``stored_pdf_prefix`` (Interview: ``"pdf_"``; none: ``""``):

    file, fingerprint, state, error, pages, size, rendered_at,
    attempt_fingerprint, attempt_started_at

``file``, ``fingerprint``, ``pages``, ``size`` and ``rendered_at`` always
describe the last good PDF, which readers keep getting while a newer one is
made and after a render failed. ``state`` says what happened to the newest
content: "current" (the stored file shows it), "rendering" or "failed" (for
the content whose fingerprint is ``attempt_fingerprint``; a failure is not
retried for the same content), "missing" (never attempted).

The database decides who renders: ``store(rows, digest, make, name)`` claims
the render with one conditional UPDATE on the row (state and fingerprint),
so with any number of worker processes on any number of servers sharing one
database and one media storage each content change is rendered exactly
once. No lock files. All writes to these fields go through
``QuerySet.update()``: they send no signal, so storing a PDF never queues
another render.
"""

import contextlib
import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import files
from interviews import fields
from interviews.models import Interview
from interviews.pdf import fitting
from interviews.pdf.fitting import PageBudgetError, RenderTimeout, render_timeout
from interviews.pdf.source import fingerprint, load_source
from interviews.reader import cache

logger = logging.getLogger(__name__)

# A claim older than the render time limit plus this margin belongs to a render that died.
CLAIM_MARGIN_SECONDS = 30

STORED_PDF_FIELDS = [
    "file",
    "fingerprint",
    "state",
    "error",
    "pages",
    "size",
    "rendered_at",
    "attempt_fingerprint",
    "attempt_started_at",
]


def _prefixed(model, **lookups):
    """``lookups`` on the stored-PDF fields (``state=…``, ``attempt_started_at__gt=…``) with ``model``'s field names."""
    prefix = getattr(model, "stored_pdf_prefix", "")
    return {prefix + key: value for key, value in lookups.items()}


def write_atomically(name, data):
    """Write ``data`` to storage ``name`` atomically (core.files)."""
    files.write_atomically(name, data)


def stale_before():
    """Claims started before this time belong to renders that no longer run."""
    return timezone.now() - datetime.timedelta(seconds=render_timeout() + CLAIM_MARGIN_SECONDS)


def claim(rows, digest, force=False):
    """Claim the render of content ``digest`` for the row in ``rows``; True when this caller renders it.

    ``rows``: a queryset of the one row whose PDF is rendered, with any
    further condition (an interview must be published). One conditional
    UPDATE: it succeeds unless the stored PDF already shows ``digest``, a
    render of ``digest`` failed before (remembered; ``force`` retries it), or
    a live render of ``digest`` runs. The database applies concurrent
    UPDATEs of one row one after the other, so exactly one caller wins. A
    claim older than the time limit is taken over.
    Touches: state, attempt_fingerprint, attempt_started_at.
    """
    from interviews.models import PdfState

    model = rows.model
    done = Q(**_prefixed(model, state=PdfState.CURRENT, fingerprint=digest))
    failed = Q(**_prefixed(model, state=PdfState.FAILED, attempt_fingerprint=digest))
    running = Q(
        **_prefixed(model, state=PdfState.RENDERING, attempt_fingerprint=digest, attempt_started_at__gt=stale_before())
    )
    settled = running if force else done | failed | running
    claimed = _prefixed(model, state=PdfState.RENDERING, attempt_fingerprint=digest, attempt_started_at=timezone.now())
    return rows.exclude(settled).update(**claimed) == 1


def store(rows, digest, make, name, force=False):
    """Claim, make and store the PDF of content ``digest`` for the row in ``rows``.

    ``make()`` returns ``(pdf_bytes, fields)``, ``fields`` being further
    columns of the stored PDF without prefix (e.g. ``{"pages": 6}``); a
    ValidationError it raises is the content's fault (its message, or its
    ``label``, is kept as the error); any other exception is logged.
    ``name``: the storage name of the new file. Returns "unchanged" (the
    stored file shows ``digest``), "busy" (another process renders it, or
    newer content was claimed meanwhile), "failed" (now or before for this
    content: readers keep the last good PDF, the reason is in ``error``) or
    "rendered".
    Touches: the row's stored-PDF fields (via update(), no signals), the file
    ``name`` (the previous file is deleted once the new one is stored).
    """
    from interviews.models import PdfState

    model = rows.model
    ids = list(rows.values_list("pk", flat=True))
    if not claim(rows, digest, force=force):
        state = model.objects.filter(pk__in=ids).values_list(*_prefixed(model, state=None), flat=True).first()
        return {PdfState.CURRENT: "unchanged", PdfState.FAILED: "failed"}.get(state, "busy")
    mine = model.objects.filter(pk__in=ids, **_prefixed(model, state=PdfState.RENDERING, attempt_fingerprint=digest))
    old_name = mine.values_list(*_prefixed(model, file=None), flat=True).first()
    try:
        data, fields = make()
    except ValidationError as error:
        message = getattr(error, "label", "") or " ".join(error.messages)
        mine.update(**_prefixed(model, state=PdfState.FAILED, error=message))
        return "failed"
    except Exception as error:
        logger.exception("PDF render of %s %s failed", model.__name__, digest[:16])
        message = _("Die Erstellung ist fehlgeschlagen: %(error)s") % {"error": str(error)[:300] or type(error)}
        mine.update(**_prefixed(model, state=PdfState.FAILED, error=message))
        return "failed"
    write_atomically(name, data)
    stored = mine.update(
        **_prefixed(
            model,
            file=name,
            fingerprint=digest,
            state=PdfState.CURRENT,
            error="",
            size=len(data),
            rendered_at=timezone.now(),
            **fields,
        )
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
    return "rendered"


def release(rows):
    """Reset the "wird erstellt" state of the rows in ``rows`` (a queryset); their ids.

    Touches: state ("current" again when the stored file shows the content
    that was being made, else "missing"), attempt_fingerprint, attempt_started_at.
    """
    from interviews.models import PdfState

    model = rows.model
    ids = list(rows.values_list("pk", flat=True))
    rendering = model.objects.filter(pk__in=ids, **_prefixed(model, state=PdfState.RENDERING))
    cleared = _prefixed(model, attempt_fingerprint="", attempt_started_at=None)
    (attempt,) = _prefixed(model, attempt_fingerprint=None)
    shown = rendering.filter(**_prefixed(model, fingerprint=F(attempt))).exclude(**_prefixed(model, file=""))
    shown.update(**cleared, **_prefixed(model, state=PdfState.CURRENT))
    rendering.update(**cleared, **_prefixed(model, state=PdfState.MISSING))
    return ids


def release_stale_claims(model):
    """Reset renders of ``model``'s PDFs that a killed worker left at "wird erstellt"; the ids of those rows.

    A claim older than the time limit cannot still run (the render stops at the limit).
    """
    from interviews.models import PdfState

    return release(
        model.objects.filter(**_prefixed(model, state=PdfState.RENDERING, attempt_started_at__lte=stale_before()))
    )


# --- The part PDF of an interview ---------------------------------------------------

# The interview's fields that hold its PDF's state (interviews.fields: PDF).
PDF_FIELDS = fields.names(Interview, fields.PDF)


def stored_name(source, digest):
    return f"pdf/{source.interview.pdf_filename[:-4]}-{digest[:16]}.pdf"


def part_rows(interview_id):
    """The row whose part PDF may be stored: the interview while it is published (public or scheduled)."""
    from interviews.models import Interview, Status

    return Interview.objects.filter(pk=interview_id, status=Status.PUBLISHED)


def store_pdf(interview, force=False):
    """Render and store the PDF of ``interview`` if what it shows changed.

    Only interviews with status "published" (public or scheduled) get a
    stored PDF; for others it returns "skipped". Otherwise what ``store``
    returns: "unchanged", "busy", "failed" or "rendered".
    Touches: the file ``MEDIA_ROOT/pdf/<name>-<hash>.pdf`` (the previous one
    is deleted once the new one is stored), the interview's pdf_* fields
    (via update(), no signals), and the content version (cached pages show
    the PDF's size).
    """
    from interviews.models import Status

    source = load_source(interview)
    if source.interview.status != Status.PUBLISHED:
        return "skipped"
    digest = fingerprint(source)

    def make():
        try:
            result = fitting.fit(source)
        except PageBudgetError as error:
            record_layout(interview.pk, layout_fingerprint(source), layout_reason(error))
            raise
        record_layout(interview.pk, layout_fingerprint(source))
        stored = {"pages": result.measure.pages, "font_size": round(result.setting.font_size, 1)}
        return result.pdf, {**stored, "quotes_dropped": result.setting.quotes_dropped}

    outcome = store(part_rows(interview.pk), digest, make, stored_name(source, digest), force=force)
    if outcome == "rendered":
        # The interview page shows the PDF's size and pages: refresh cached pages.
        cache.bump_content_version()
        interview.refresh_from_db(fields=PDF_FIELDS)
    return outcome


# --- The last layout of a text: what publishing needs ---------------------------------


def layout_fingerprint(source):
    """The key of a layout: everything that moves text (``fingerprint(layout_only=True)``)."""
    return fingerprint(source, layout_only=True)


def layout_reason(error):
    """A PageBudgetError as one German sentence naming the problem („Titelseite zu voll: …“)."""
    message = " ".join(error.messages)
    return message if error.label == message else f"{error.label}: {message}"


def record_layout(interview_id, digest, error=""):
    """Remember that the text with layout fingerprint ``digest`` was laid out: ``error`` "" (it fits) or why not.

    Touches: pdf_layout_fingerprint, pdf_layout_error of the interview (update(), no signals).
    """
    from interviews.models import Interview

    Interview.objects.filter(pk=interview_id).update(pdf_layout_fingerprint=digest, pdf_layout_error=error)


def layout_refusal(interview):
    """Why the text of ``interview`` as the database holds it now cannot be laid out (German), or None.

    See ``source_refusal``; the outcome is recorded. Touches: pdf_layout_fingerprint, pdf_layout_error.
    """
    return source_refusal(interview.pk, load_source(interview))


def source_refusal(interview_id, source, record=True):
    """Why ``source`` – what the PDF of interview ``interview_id`` would show, loaded or built in memory (a pending
    version, a posted form) – cannot be laid out (German), or None.

    The last recorded layout of exactly this text (by the worker, by
    „Satzspiegel prüfen“ or by an earlier call) is reused; otherwise the text
    is laid out now (no PDF written) and, if ``record``, the outcome recorded.
    A layout that runs out of time is no verdict on the text: it refuses
    without recording. Touches (``record``): pdf_layout_fingerprint, pdf_layout_error (see record_layout).
    """
    from interviews.models import Interview

    digest = layout_fingerprint(source)
    last = Interview.objects.filter(pk=interview_id).values_list("pdf_layout_fingerprint", "pdf_layout_error").get()
    if last[0] == digest:
        return last[1] or None
    try:
        fitting.fit(source, write=False)
    except PageBudgetError as error:
        if record:
            record_layout(interview_id, digest, layout_reason(error))
        return layout_reason(error)
    except RenderTimeout as error:
        return str(error)
    if record:
        record_layout(interview_id, digest)
    return None


def record_fit(interview):
    """The text of ``interview`` as stored now was just laid out in memory and fits: record that layout under the
    stored text's fingerprint (the rows' keys may differ from those of the version laid out: new rows got theirs).

    Touches: pdf_layout_fingerprint, pdf_layout_error (see record_layout).
    """
    record_layout(interview.pk, layout_fingerprint(load_source(interview)))


def layout_label(interview):
    """The recorded layout of the text ``interview`` holds now, for the checklist: (fits: True/False/None, label).

    An interview that was never laid out has nothing to compare: its text is not loaded (7 queries) for that.
    """
    if not interview.pdf_layout_fingerprint or interview.pdf_layout_fingerprint != layout_fingerprint(
        load_source(interview)
    ):
        return None, _("noch nicht gesetzt – wird beim Veröffentlichen gesetzt")
    if interview.pdf_layout_error:
        return False, interview.pdf_layout_error
    return True, _("gesetzt, passt")


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
