"""The PDF download route: the stored file, served fast and cacheably; never a render.

Public readers get the stored PDF of a published interview: the newest one,
or while a newer one is being made (or after a failed render) the previous
one. Where none exists yet, a German 503 page with ``Retry-After``. PDFs are
made only by the render task (``interviews.tasks``). Drafts and scheduled
interviews are 404 for the public; staff get a preview render on request,
marked as such and never stored.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from interviews import pdf
from interviews.models import Interview
from interviews.reader import redirects

CACHE_CONTROL = "public, max-age=86400"
RETRY_AFTER_SECONDS = 30


def interview_pdf(request, slug):
    interview = (
        Interview.objects.published()
        .filter(slug=slug)
        .select_related("series", "kommune")
        .only(
            "slug",
            "part",
            "title",
            "series__year",
            "kommune__slug",
            "pdf_file",
            "pdf_fingerprint",
            "pdf_state",
            "pdf_rendered_at",
        )
        .first()
    )
    if interview is None:
        moved = redirects.public_target(slug)
        if moved is not None:
            return redirect(moved.get_pdf_url(), permanent=True)
        return staff_preview(request, slug)
    if not interview.pdf_file:
        return not_ready(request, interview)
    return serve_stored(request, interview)


def not_ready(request, interview):
    """The German 503 page: the PDF is queued or being made (or its first render failed: the editors know)."""
    response = render(request, "interviews/pdf_not_ready.html", {"interview": interview}, status=503)
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
        except OSError:
            return not_ready(request, interview)
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
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vorschau-{interview.pdf_filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
