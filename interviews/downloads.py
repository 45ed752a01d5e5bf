"""The PDF download route: the stored file, served fast and cacheably.

Public readers get the stored PDF of a published interview (rendered on the
first request if missing or outdated, one render at a time per interview).
Drafts and scheduled interviews are 404 for the public; staff get a preview
render that is marked as such and never stored.
"""

import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from interviews import pdf
from interviews.models import Interview

CACHE_CONTROL = "public, max-age=86400"
RETRY_AFTER_SECONDS = 10


def interview_pdf(request, slug):
    interview_id = Interview.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
    if interview_id is None:
        return staff_preview(request, slug)
    source = pdf.load_source(Interview(pk=interview_id))
    digest = pdf.fingerprint(source)
    interview = source.interview
    if not pdf.is_current(interview, digest):
        outcome = pdf.store_pdf(interview, source=source)
        if outcome == "busy":
            interview = wait_for_render(interview_id, digest)
            if interview is None:
                return not_ready(_("Das PDF wird gerade erstellt. Bitte versuchen Sie es in einigen Sekunden erneut."))
        elif outcome == "failed":
            return not_ready(_("Das PDF kann zurzeit nicht erstellt werden. Die Redaktion ist informiert."))
        else:
            # "rendered" here or "unchanged" (another process finished first): read the stored state.
            interview = Interview.objects.select_related("series", "kommune").get(pk=interview_id)
    return serve_stored(request, interview)


def wait_for_render(interview_id, digest):
    """Wait up to settings.PDF_WAIT_SECONDS for another process's render; the interview or None."""
    deadline = time.monotonic() + getattr(settings, "PDF_WAIT_SECONDS", 5)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        row = Interview.objects.filter(pk=interview_id).select_related("series", "kommune").first()
        if row is not None and pdf.is_current(row, digest):
            return row
    return None


def not_ready(message):
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def serve_stored(request, interview):
    """The stored file with ETag, Last-Modified, long caching; 304 when the client has it."""
    etag = f'"{interview.pdf_fingerprint}"'
    modified = int(interview.pdf_rendered_at.timestamp()) if interview.pdf_rendered_at else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        not_modified["Cache-Control"] = CACHE_CONTROL
        return not_modified
    name = interview.pdf_file.name
    prefix = getattr(settings, "PDF_X_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
    else:
        try:
            handle = default_storage.open(name, "rb")
        except OSError as error:
            raise Http404(_("Das PDF ist nicht vorhanden.")) from error
        response = FileResponse(handle, content_type="application/pdf")
        response["Content-Length"] = str(default_storage.size(name))
    response["Content-Disposition"] = f'inline; filename="{interview.pdf_filename}"'
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def staff_preview(request, slug):
    """A preview render for staff (marked "Vorschau", not stored); 404 for everybody else."""
    user = request.user
    if not (user.is_authenticated and user.is_staff and user.has_perm("interviews.view_interview")):
        raise Http404(_("Kein veröffentlichtes Interview unter dieser Adresse."))
    interview = get_object_or_404(Interview, slug=slug)
    try:
        data = pdf.render_pdf(interview, preview=True)
    except pdf.PageBudgetError as error:
        message = _("Keine Vorschau möglich: %(reason)s") % {"reason": " ".join(error.messages)}
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    except pdf.RenderTimeout as error:
        return not_ready(str(error))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vorschau-{interview.pdf_filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
