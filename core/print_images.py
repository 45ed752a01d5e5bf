"""Images for the printed PDF: CMYK JPEGs at print resolution, cached on disk.

WeasyPrint embeds images in their own colour space, so an RGB portrait would
put DeviceRGB into the four-colour PDF. ``cmyk_jpeg`` converts an uploaded
image once with Pillow (orientation from EXIF applied, scaled down to the
printed size at ``PRINT_DPI``, never up) and keeps the result in
``MEDIA_ROOT/print-cache/`` under a name derived from the source and the
size, so later renders reuse it.
"""

import hashlib
import io
from pathlib import Path

from django.conf import settings

from core import files, renditions

PRINT_DPI = 300
MM_PER_INCH = 25.4
CACHE_FOLDER = "print-cache"
JPEG_QUALITY = 90


def cache_dir():
    return Path(settings.MEDIA_ROOT) / CACHE_FOLDER


def _target_pixels(width_mm, height_mm):
    return (round(width_mm / MM_PER_INCH * PRINT_DPI), round(height_mm / MM_PER_INCH * PRINT_DPI))


def _cache_key(field_file, width_mm, height_mm):
    try:
        size = field_file.size
    except OSError:
        size = 0
    raw = f"{field_file.name}|{size}|{width_mm}|{height_mm}|{PRINT_DPI}|{JPEG_QUALITY}|v2"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cmyk_jpeg(field_file, width_mm, height_mm):
    """Return the path of a CMYK JPEG of ``field_file`` for a ``width_mm`` x ``height_mm`` box.

    The image is cropped to the box's aspect ratio (``renditions.crop_to_ratio``) and scaled to at
    most ``PRINT_DPI``. Returns None when there is no file or it cannot be read
    (the PDF is then set without it).
    """
    if not field_file:
        return None
    target = cache_dir() / f"{_cache_key(field_file, width_mm, height_mm)}.jpg"
    if target.exists():
        return target
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with field_file.open("rb") as source, Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            width, height = _target_pixels(width_mm, height_mm)
            image = renditions.crop_to_ratio(image, width, height)
            if image.width > width:
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            image = image.convert("RGB").convert("CMYK")
            return files.write_path_atomically(target, _jpeg_bytes(image))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None


def _jpeg_bytes(image):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(PRINT_DPI, PRINT_DPI))
    return out.getvalue()
