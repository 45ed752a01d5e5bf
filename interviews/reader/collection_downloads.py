"""Downloads of the collected PDFs: series volume and theme booklet.

Only stored files are served (made by ``interviews.pdf.collections``'s task);
a missing one is a German 503 with Retry-After, never a render in the request.
A series or theme without published content is a 404.
"""

from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from interviews.models import CollectionKind, CollectionPdf, Interview, Question, Series, Theme
from interviews.pdf.collections import download_name

RETRY_AFTER_SECONDS = 300
CACHE_CONTROL = "public, max-age=3600"


def serve(request, collection):
    if collection is None or not collection.file or not default_storage.exists(collection.file.name):
        response = HttpResponse(
            _("Dieses PDF wird gerade erstellt. Bitte versuchen Sie es in einigen Minuten erneut."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    etag = f'"{collection.fingerprint}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = FileResponse(default_storage.open(collection.file.name, "rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{download_name(collection)}"'
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def series_volume(request, slug):
    series = get_object_or_404(
        Series.objects.filter(Exists(Interview.objects.published().filter(series=OuterRef("pk")))), slug=slug
    )
    collection = (
        CollectionPdf.objects.filter(kind=CollectionKind.VOLUME, series=series).select_related("series").first()
    )
    return serve(request, collection)


@require_safe
def theme_booklet(request, slug):
    """The booklet of a theme for the series in ``?reihe=`` (default: the newest with published answers)."""
    theme = get_object_or_404(Theme, slug=slug)
    answered = Question.objects.filter(theme=theme, interview__in=Interview.objects.published())
    series_list = Series.objects.filter(Exists(answered.filter(interview__series=OuterRef("pk")))).order_by(
        "-year", "title"
    )
    wanted = request.GET.get("reihe")
    series = series_list.filter(slug=wanted).first() if wanted else series_list.first()
    if series is None:
        raise Http404(_("Zu diesem Thema gibt es in dieser Reihe keine veröffentlichten Antworten."))
    collection = (
        CollectionPdf.objects.filter(kind=CollectionKind.BOOKLET, series=series, theme=theme)
        .select_related("series", "theme")
        .first()
    )
    return serve(request, collection)
