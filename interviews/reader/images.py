"""Serving the web renditions of portraits, figures and logos: only while their owner is public.

``/bilder/<interview|figure|kommune>/<pk>/<key>-<width>w.<fmt>`` answers with
the rendition (``core.renditions``) if the interview is published (staff: any
interview, for previews) or the Kommune has a published interview, and the
key is that of the current image (a replaced image's old URLs are gone).
Everything else is a 404, so a withdrawn interview's portrait and figures
disappear with it. The originals are never served. With
``PDF_X_ACCEL_REDIRECT_PREFIX`` set (production), nginx sends the file
(``X-Accel-Redirect``). The interviewee's approval page serves the images of
its interview through its own link (``serve``, from
``interviews.editorial.approval_views``).
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from core import headers, renditions
from interviews.models import Figure, Interview
from municipalities.models import Kommune

NAME = re.compile(r"(?P<key>[0-9a-f]{24})-(?P<width>\d+)w\.(?P<fmt>webp|jpg|png)")
# Renditions never change under their name; an unpublished owner's URL answers 404 from then on.
CACHE_CONTROL = "public, max-age=3600"


def owners(model, interviews):
    """The rows of ``model`` whose images may be served when ``interviews`` may be read, and the image field."""
    if model == "interview":
        return interviews, "portrait"
    if model == "figure":
        return Figure.objects.filter(interview__in=interviews), "image"
    if model == "kommune":
        return Kommune.objects.filter(pk__in=Interview.objects.published().values("kommune_id")), "logo"
    raise Http404


@require_safe
def rendition(request, model, pk, filename):
    interviews = Interview.objects.all() if request.user.is_staff else Interview.objects.published()
    rows, field = owners(model, interviews)
    return serve(rows, field, pk, filename, CACHE_CONTROL)


def serve(rows, field, pk, filename, cache_control):
    """The rendition ``filename`` of the image in ``field`` of the row ``pk`` of ``rows`` (else a 404)."""
    match = NAME.fullmatch(filename)
    if match is None or int(match["width"]) not in renditions.WIDTHS:
        raise Http404
    owner = rows.filter(pk=pk).only(field).first()
    image = getattr(owner, field, None)
    if not image or renditions.rendition_key(image.name) != match["key"]:
        raise Http404
    name = renditions.rendition_name(image.name, int(match["width"]), match["fmt"])
    content_type = renditions.FORMATS[match["fmt"]][1]
    prefix = settings.PDF_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
    else:
        try:
            response = FileResponse(image.storage.open(name, "rb"), content_type=content_type)
        except OSError as error:
            raise Http404 from error
    response["Cache-Control"] = cache_control
    # Nothing in an image may run, as for every media file (kept by Django's CSP middleware).
    response["Content-Security-Policy"] = headers.MEDIA_CSP_SANDBOX
    return response
