"""Resized web renditions of uploaded portraits and logos.

Readers never get the original upload: each image is delivered in a few
widths (``WIDTHS``) as WebP and JPEG (PNG for logos, keeping transparency).
A rendition is made once, the first time a page needs it, and stored in the
media storage under a name derived from the source name, width and format
(``renditions/portraits/<stem>-640w.webp``); later requests reuse it. Files
are written atomically (temporary file in the same folder, then
``os.replace``), so a reader never sees half a file and two simultaneous
requests cannot corrupt it. Portraits are cropped to 4:5, logos keep their
proportions. A source that cannot be read yields no rendition (the page shows
no image) instead of an error.
"""

import io
import logging
from pathlib import PurePosixPath

from core import files

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960)
PORTRAIT_RATIO = (4, 5)  # width : height
# Sources whose renditions are known to exist (this process): skips the storage
# look-ups on later requests. Upload names are unique and never reused, so an
# entry never goes stale; the set is emptied when it grows large.
_made = set()
MEMO_LIMIT = 10_000

FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}


def rendition_name(source_name, width, fmt):
    path = PurePosixPath(source_name)
    folder = path.parent.name or "images"
    return f"renditions/{folder}/{path.stem}-{width}w.{fmt}"


def picture(field_file, kind="portrait"):
    """Sources for a ``<picture>``: a dict with ``webp`` and ``fallback`` srcsets, ``src``, ``width``, ``height``.

    Returns None when there is no image or it cannot be read.
    """
    if not field_file:
        return None
    fallback_format = "png" if kind == "logo" and str(field_file.name).lower().endswith(".png") else "jpg"
    formats = ("webp", fallback_format)
    names = {(width, fmt): rendition_name(field_file.name, width, fmt) for width in WIDTHS for fmt in formats}
    storage = field_file.storage
    memo_key = (storage.__class__.__name__, str(getattr(storage, "location", "")), field_file.name, kind)
    if memo_key not in _made:
        missing = not all(storage.exists(name) for name in names.values())
        if missing and not _make_all(field_file, names, kind):
            return None
        if len(_made) >= MEMO_LIMIT:
            _made.clear()
        _made.add(memo_key)
    urls = {key: storage.url(name) for key, name in names.items()}
    width, height = (WIDTHS[1], WIDTHS[1] * PORTRAIT_RATIO[1] // PORTRAIT_RATIO[0]) if kind == "portrait" else (0, 0)
    return {
        "webp": ", ".join(f"{urls[(w, 'webp')]} {w}w" for w in WIDTHS),
        "fallback": ", ".join(f"{urls[(w, fallback_format)]} {w}w" for w in WIDTHS),
        "fallback_type": FORMATS[fallback_format][1],
        "src": urls[(WIDTHS[1], fallback_format)],
        "width": width,
        "height": height,
    }


def _make_all(field_file, names, kind):
    from PIL import Image, ImageOps, UnidentifiedImageError

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
