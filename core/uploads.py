"""Uploaded images (portraits, figures, logos): server-generated names, validation, re-encoding.

Upload names never come from the client: every file is stored as
``<folder>/<random hex>.<ext>`` (see ``portrait_path``, ``figure_path`` and ``logo_path``),
with the extension of the real format.

``validate_image`` is called from the models' ``clean()`` (so every admin
upload goes through it). It accepts only JPEG, PNG and WebP whose extension
matches the content, up to ``MAX_UPLOAD_BYTES`` and ``MAX_PIXELS``, not
animated, without markup hidden in the file, and decodes the whole image with
Pillow's decompression-bomb warning turned into an error. It returns a freshly
encoded copy: pixels only, so EXIF/GPS and anything appended to the file are
gone.
"""

import io
import os
import re
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000
# Pillow format -> (accepted extensions, stored extension)
FORMATS = {
    "JPEG": ({".jpg", ".jpeg"}, ".jpg"),
    "PNG": ({".png"}, ".png"),
    "WEBP": ({".webp"}, ".webp"),
}
ALLOWED_EXTENSIONS = {ext for extensions, _stored in FORMATS.values() for ext in extensions}
# Markup that turns an image into an HTML/SVG/PHP polyglot.
MARKUP = re.compile(rb"<(script|html|svg|iframe|object|embed|body)[\s>/]|<!doctype|<\?php|javascript:", re.IGNORECASE)
PNG_END = b"IEND\xaeB`\x82"


def _server_name(folder, filename):
    ext = os.path.splitext(filename)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        ext = ".jpg"
    if ext == ".jpeg":
        ext = ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def portrait_path(instance, filename):
    return _server_name("portraits", filename)


def figure_path(instance, filename):
    return _server_name("figures", filename)


def logo_path(instance, filename):
    return _server_name("logos", filename)


def validate_image(field_file):
    """Check a new upload and return its re-encoded replacement.

    ``field_file`` is the model's field value. Files already stored (committed)
    and empty fields are returned unchanged. Raises ValidationError with a
    German message for anything that is not a plain JPEG, PNG or WebP image.
    Usage in ``clean()``: ``self.portrait = uploads.validate_image(self.portrait)``.
    """
    if not field_file or getattr(field_file, "_committed", True):
        return field_file
    name = os.path.basename(str(field_file.name or ""))
    ext = os.path.splitext(name)[1].lower()
    if ext == ".svg" or ext not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Nur Bilder im Format JPEG, PNG oder WebP sind erlaubt (Dateiendung .jpg, .png oder .webp).")
        )
    if field_file.size is None or field_file.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    if field_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Die Datei ist zu groß (höchstens %(mb)d MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    field_file.seek(0)
    data = field_file.read()
    field_file.seek(0)
    return ContentFile(reencode(data, ext), name=f"upload{'.jpg' if ext == '.jpeg' else ext}")


def reencode(data, ext):
    """Validate the image bytes ``data`` (uploaded with extension ``ext``) and return clean bytes."""
    if MARKUP.search(data):
        raise ValidationError(_("Die Datei enthält neben dem Bild weitere Inhalte (z. B. HTML) und wird abgelehnt."))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format
                if fmt not in FORMATS:
                    raise ValidationError(
                        _("Das Bildformat %(format)s ist nicht erlaubt, nur JPEG, PNG oder WebP.")
                        % {"format": fmt or "?"}
                    )
                if ext not in FORMATS[fmt][0]:
                    raise ValidationError(
                        _("Die Dateiendung %(ext)s passt nicht zum Inhalt (%(format)s).") % {"ext": ext, "format": fmt}
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("Das Bild hat zu viele Bildpunkte (%(w)d × %(h)d, höchstens %(max)d Megapixel).")
                        % {"w": width, "h": height, "max": MAX_PIXELS // 1_000_000}
                    )
                if getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
                    raise ValidationError(_("Animierte Bilder sind nicht erlaubt."))
                if fmt == "PNG" and data.rstrip(b"\x00")[-len(PNG_END) :] != PNG_END:
                    raise ValidationError(_("Nach dem Bildende folgen weitere Daten; die Datei wird abgelehnt."))
                image.load()  # decode every pixel: truncated or corrupt files fail here
                return _encode(ImageOps.exif_transpose(image), fmt)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("Das Bild ist zu groß zum Entpacken (Dekompressionsbombe).")) from None
        except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError...)
            raise ValidationError(
                _("Die Datei ist kein lesbares Bild oder beschädigt (z. B. abgeschnitten).")
            ) from None


def _encode(image, fmt):
    """Encode pixels only: no EXIF, XMP, comments or text chunks; keep the colour profile."""
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    options = {"icc_profile": icc} if icc else {}
    # Pillow writes some of ``info`` back (JPEG comments, PNG text): keep only transparency.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    if fmt == "JPEG":
        if image.mode not in {"RGB", "L", "CMYK"}:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True, **options)
    elif fmt == "PNG":
        if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True, **options)
    else:
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "WEBP", quality=90, **options)
    return out.getvalue()
