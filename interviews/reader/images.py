"""Serving the web renditions of portraits and logos: public ones to everyone, previews to who may see them.

``/bilder/<interview|kommune>/<pk>/<key>-<width>w.<fmt>`` answers with the
rendition (``core.renditions``) if

- the interview is published or the Kommune has a published interview, and
  the key is that of its current image (a replaced image's old URLs are gone):
  ``Cache-Control: public``;
- the user is staff and the key is that of the interview's current image
  (a draft's portrait): ``private, no-store``;
- the URL carries a valid preview grant for this key (``?vorschau=…``,
  ``core.renditions.preview_token``), which preview pages put into their
  image URLs — the staff preview of a pending version and the interviewee's
  approval page show a new or pending portrait (or any other image with
  renditions, e.g. a figure) this way: ``private, no-store``.

Everything else is a 404, so a withdrawn interview's portrait disappears with
it. The originals are never served. With ``PDF_X_ACCEL_REDIRECT_PREFIX`` set
(production), nginx sends the file (``X-Accel-Redirect``).
"""

import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from core import headers, renditions
from interviews.models import Figure, Interview
from municipalities.models import Kommune

NAME = re.compile(r"(?P<key>[0-9a-f]{24})-(?P<width>\d+)w\.(?P<fmt>webp|jpg|png)")
# Renditions never change under their name; an unpublished owner's URL answers 404 from then on.
PUBLIC_CACHE = "public, max-age=3600"
# Drafts and pending images: never kept by a browser or a shared cache.
PRIVATE_CACHE = "private, no-store"


def owners(model, request):
    """The rows whose images may be served to ``request``, the public ones, and the image field."""
    if model == "interview":
        public = Interview.objects.published()
        return (Interview.objects.all() if request.user.is_staff else public), public, "portrait"
    if model == "figure":
        public = Figure.objects.filter(interview__in=Interview.objects.published())
        return (Figure.objects.all() if request.user.is_staff else public), public, "image"
    if model == "kommune":
        public = Kommune.objects.filter(pk__in=Interview.objects.published().values("kommune_id"))
        return public, public, "logo"
    raise Http404


@require_safe
def rendition(request, model, pk, filename):
    match = NAME.fullmatch(filename)
    if match is None or int(match["width"]) not in renditions.WIDTHS:
        raise Http404
    width, fmt = int(match["width"]), match["fmt"]
    grant = request.GET.get(renditions.PREVIEW_PARAMETER)
    if grant is not None:
        name = renditions.previewed_name(grant, match["key"], width, fmt)
        if name is None:
            raise Http404
        return _serve(name, fmt, PRIVATE_CACHE)
    rows, public, field = owners(model, request)
    owner = rows.filter(pk=pk).only(field).first()
    image = getattr(owner, field, None)
    if not image or renditions.rendition_key(image.name) != match["key"]:
        raise Http404
    is_public = rows is public or public.filter(pk=pk).exists()
    return _serve(renditions.rendition_name(image.name, width, fmt), fmt, PUBLIC_CACHE if is_public else PRIVATE_CACHE)


def _serve(name, fmt, cache_control):
    content_type = renditions.FORMATS[fmt][1]
    prefix = settings.PDF_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except OSError as error:
            raise Http404 from error
    response["Cache-Control"] = cache_control
    # Nothing in an image may run, as for every media file (kept by Django's CSP middleware).
    response["Content-Security-Policy"] = headers.MEDIA_CSP_SANDBOX
    return response
