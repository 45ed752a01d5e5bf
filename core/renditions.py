"""Resized web renditions of uploaded portraits and logos, made when the image is saved.

Readers never get the original upload: each image is delivered in a few
widths (``WIDTHS``) as WebP and JPEG (PNG for logos, keeping transparency).
The renditions are made when a row with a new image is saved (``register``
connects the signals) and stored as
``renditions/<folder>/<key>-<width>w.<fmt>``, where ``key`` is a keyed hash
of the original's name: a rendition's name does not give away the original's,
nor the other way round. A GET only reads: ``picture`` builds the URLs and
never writes. The URLs point at a view (``rendition`` in the URLconf) that
serves a rendition only while its owner is public. When the image is replaced
or its row deleted, the old original and its renditions are deleted (after the
commit). Portraits are cropped to 4:5 (``crop_to_ratio``), logos keep their
proportions. A source that cannot be read yields no rendition (the page shows
no image) instead of an error. Files are written atomically (``core.files``).
"""

import hashlib
import hmac
import io
import logging
import re
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from PIL import Image, ImageOps, UnidentifiedImageError

from core import files

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960)
PORTRAIT_RATIO = (4, 5)  # width : height
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}
# model -> (image field name, kind): the images that get renditions (``register``).
REGISTERED = {}
# Originals whose renditions were seen in storage by this process: later pages need no look-up.
# Names are unique and never reused, so an entry never goes stale; emptied when it grows large.
_present = set()
MEMO_LIMIT = 10_000


def rendition_key(source_name):
    """A keyed hash of the original's name (24 hex digits): names renditions without giving the original away."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"rendition:{source_name}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def _folder(source_name):
    return PurePosixPath(source_name).parent.name or "images"


def rendition_name(source_name, width, fmt):
    return f"renditions/{_folder(source_name)}/{rendition_key(source_name)}-{width}w.{fmt}"


PREVIEW_SALT = "core.renditions.preview"
PREVIEW_MAX_AGE = 24 * 60 * 60
PREVIEW_PARAMETER = "vorschau"
PREVIEW_FOLDER = re.compile(r"[\w-]+")


def preview_token(source_name):
    """A signed grant to see the renditions of one image before it is public (staff previews, the approval link).

    It names the rendition folder and key only (both in the URL anyway), never the original's name, so any
    image with renditions — a portrait, a logo, a figure — can be previewed the same way.
    """
    return signing.dumps({"f": _folder(source_name), "k": rendition_key(source_name)}, salt=PREVIEW_SALT)


def previewed_name(token, key, width, fmt):
    """The rendition that the preview ``token`` grants for ``key``; None when invalid, expired or another image."""
    try:
        grant = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(grant, dict) or grant.get("k") != key or not PREVIEW_FOLDER.fullmatch(str(grant.get("f"))):
        return None
    return f"renditions/{grant['f']}/{key}-{width}w.{fmt}"


def rendition_formats(source_name, kind):
    """("webp", fallback): JPEG, or PNG for PNG logos (transparency)."""
    return ("webp", "png" if kind == "logo" and str(source_name).lower().endswith(".png") else "jpg")


def all_names(source_name, kind):
    return [rendition_name(source_name, width, fmt) for width in WIDTHS for fmt in rendition_formats(source_name, kind)]


def picture(field_file, kind="portrait", preview=False):
    """Sources for a ``<picture>``: a dict with ``webp`` and ``fallback`` srcsets, ``src``, ``width``, ``height``.

    Reads only (a look-up in storage the first time, never a write); None when
    there is no image or its renditions could not be made (unreadable source).
    ``preview``: the URLs carry a ``preview_token`` (pages showing what is not public yet).
    """
    if not field_file or not renditions_exist(field_file, kind):
        return None
    instance = field_file.instance
    key = rendition_key(field_file.name)
    webp, fallback_format = rendition_formats(field_file.name, kind)

    query = f"?{PREVIEW_PARAMETER}={preview_token(field_file.name)}" if preview else ""

    def url(width, fmt):
        # A row that exists only in a pending version has a negative placeholder key: its URL
        # names no row (0) and is served by the preview grant alone.
        pk = instance.pk if instance.pk and instance.pk > 0 else 0
        return reverse("rendition", args=[instance._meta.model_name, pk, f"{key}-{width}w.{fmt}"]) + query

    width, height = (WIDTHS[1], WIDTHS[1] * PORTRAIT_RATIO[1] // PORTRAIT_RATIO[0]) if kind == "portrait" else (0, 0)
    if kind == "figure" and instance.image_width and instance.image_height:
        width, height = WIDTHS[1], round(WIDTHS[1] * instance.image_height / instance.image_width)
    return {
        "webp": ", ".join(f"{url(w, webp)} {w}w" for w in WIDTHS),
        "fallback": ", ".join(f"{url(w, fallback_format)} {w}w" for w in WIDTHS),
        "fallback_type": FORMATS[fallback_format][1],
        "src": url(WIDTHS[1], fallback_format),
        "width": width,
        "height": height,
    }


def renditions_exist(field_file, kind):
    memo_key = (id(field_file.storage), field_file.name)
    if memo_key not in _present:
        if not all(field_file.storage.exists(name) for name in all_names(field_file.name, kind)):
            return False
        if len(_present) >= MEMO_LIMIT:
            _present.clear()
        _present.add(memo_key)
    return True


def make_renditions(field_file, kind):
    """Write every missing rendition of ``field_file``; False when the source cannot be read."""
    names = {
        (width, fmt): rendition_name(field_file.name, width, fmt)
        for width in WIDTHS
        for fmt in rendition_formats(field_file.name, kind)
    }
    return _make_all(field_file, names, kind)


def delete_image(storage, source_name, kind):
    """Delete an original upload and all its renditions (missing files are fine)."""
    for name in [source_name, *all_names(source_name, kind)]:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Cannot delete %s", name)


def register(model, field_name, kind):
    """Give ``model.<field_name>`` renditions on save and delete replaced or orphaned files."""
    REGISTERED[model] = (field_name, kind)
    uid = f"core.renditions:{model._meta.label}"
    pre_save.connect(_remember_stored_name, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def _remember_stored_name(sender, instance, raw=False, **kwargs):
    field_name, _kind = REGISTERED[sender]
    instance._stored_image_name = None
    if instance.pk and not raw:
        stored = sender._default_manager.filter(pk=instance.pk).values_list(field_name, flat=True).first()
        instance._stored_image_name = stored


def _after_save(sender, instance, raw=False, **kwargs):
    field_name, kind = REGISTERED[sender]
    field_file = getattr(instance, field_name)
    if field_file and not raw:
        make_renditions(field_file, kind)
    old = getattr(instance, "_stored_image_name", None)
    if old and old != field_file.name:
        storage = field_file.storage
        transaction.on_commit(lambda: delete_image(storage, old, kind))


def _after_delete(sender, instance, **kwargs):
    field_name, kind = REGISTERED[sender]
    field_file = getattr(instance, field_name)
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: delete_image(storage, name, kind))


def _make_all(field_file, names, kind):
    storage = field_file.storage
    if all(storage.exists(name) for name in names.values()):
        return True
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            source = Image.open(handle)
            source.load()
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("Cannot read image %s for renditions", field_file.name)
        return False
    source = ImageOps.exif_transpose(source)
    if kind == "portrait":
        source = crop_to_ratio(source.convert("RGB"), *PORTRAIT_RATIO)
    for (width, fmt), name in names.items():
        if field_file.storage.exists(name):
            continue
        image = source.copy()
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        files.write_atomically(name, _encode(image, fmt), field_file.storage)
    return True


def crop_to_ratio(image, width, height):
    """The one crop: cut ``image`` to the proportions ``width``:``height``.

    Too wide: the sides are cut equally. Too tall: the upper part is kept
    (a quarter of the excess cut at the top), since faces are seldom at the
    bottom. Used for the web renditions and the printed images alike.
    """
    if image.width * height > image.height * width:
        new_width = max(1, round(image.height * width / height))
        left = (image.width - new_width) // 2
        return image.crop((left, 0, left + new_width, image.height))
    new_height = max(1, round(image.width * height / width))
    top = (image.height - new_height) // 4
    return image.crop((0, top, image.width, top + new_height))


def _encode(image, fmt):
    pil_format = FORMATS[fmt][0]
    if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif pil_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 82, "optimize": True, "progressive": True}, "WEBP": {"quality": 80, "method": 4}}
    image.save(buffer, pil_format, **options.get(pil_format, {"optimize": True}))
    return buffer.getvalue()
