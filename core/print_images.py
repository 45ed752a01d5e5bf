"""Images for the printed PDF: CMYK JPEGs at print resolution, cached on disk.

WeasyPrint embeds images in their own colour space, so an RGB portrait would
put DeviceRGB into the four-colour PDF. ``cmyk_jpeg`` converts an uploaded
image once (orientation from EXIF applied, scaled down to the printed size at
``PRINT_DPI``, never up) and keeps the result in ``MEDIA_ROOT/print-cache/``
under a name derived from the source, the size and the colour conversion, so
later renders reuse it (an upload not saved yet is named by its content).

The conversion is colour-managed (``to_cmyk``): an ICC transform with
LittleCMS (Pillow's ``ImageCms``) from the image's own profile (sRGB when it
has none) to the FOGRA39 output profile ``settings.PRINT_ICC_PROFILE``
(built at install time, scripts/build-print-profile.sh), perceptual intent.
That profile was made with a black generation ramp and a total ink limit of
300 %, so shadows carry black and no spot exceeds 300 %. Without the profile
(an installation that could not build it) the reader's PDF falls back to
Pillow's plain conversion (C+M+Y, no black) and says so in the log; the print
master refuses to be made then (``interviews.pdf.print_master``).
"""

import hashlib
import io
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from core import files, renditions

logger = logging.getLogger(__name__)

PRINT_DPI = 300
MM_PER_INCH = 25.4
CACHE_FOLDER = "print-cache"
JPEG_QUALITY = 90


def cache_dir():
    return Path(settings.MEDIA_ROOT) / CACHE_FOLDER


def output_profile():
    """The path of the FOGRA39 output profile, or None when it is not installed."""
    path = Path(settings.PRINT_ICC_PROFILE)
    return path if path.is_file() and path.stat().st_size > 0 else None


def _target_pixels(width_mm, height_mm):
    return (round(width_mm / MM_PER_INCH * PRINT_DPI), round(height_mm / MM_PER_INCH * PRINT_DPI))


def _conversion_stamp():
    profile = output_profile()
    if profile is None:
        return "naive"
    stat = profile.stat()
    return f"{profile}:{stat.st_size}:{stat.st_mtime_ns}"


def _source_key(field_file):
    """What names the source image: a stored file by its storage name and size (storage names are unique); an
    upload not saved yet (a photo chosen in a posted form, read from a copy) by its content, since two uploads
    may share a name and a size."""
    if not getattr(field_file, "_committed", True):
        upload = field_file.file
        position = upload.tell()
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: upload.read(1 << 20), b""):
            digest.update(chunk)
        upload.seek(position)
        return f"upload:{digest.hexdigest()}"
    try:
        size = field_file.size
    except OSError:
        size = 0
    return f"{field_file.name}|{size}"


def _cache_key(field_file, width_mm, height_mm):
    raw = f"{_source_key(field_file)}|{width_mm}|{height_mm}|{PRINT_DPI}|{JPEG_QUALITY}|{_conversion_stamp()}|v3"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@lru_cache(maxsize=16)
def _transform(source_icc, target_stamp):
    """An ICC transform from the source profile (bytes, or None for sRGB) to the output profile."""
    from PIL import ImageCms

    source = ImageCms.ImageCmsProfile(io.BytesIO(source_icc)) if source_icc else ImageCms.createProfile("sRGB")
    target = ImageCms.ImageCmsProfile(str(output_profile()))
    return ImageCms.buildTransform(
        source,
        target,
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def to_cmyk(image):
    """``image`` (RGB, grey, with or without an embedded profile) as CMYK for FOGRA39 (see the module text)."""
    from PIL import ImageCms

    icc = image.info.get("icc_profile")
    rgb = image if image.mode == "RGB" else image.convert("RGB")  # (convert to its own mode copies the pixels)
    if output_profile() is None:
        logger.warning("No print profile at %s: plain CMYK conversion (make print-profile)", settings.PRINT_ICC_PROFILE)
        return rgb.convert("CMYK")
    if image.mode not in ("RGB", "RGBA", "P"):
        icc = None  # a grey or CMYK source's own profile does not describe the RGB copy
    try:
        transform = _transform(icc, _conversion_stamp())
    except (ImageCms.PyCMSError, OSError):
        transform = _transform(None, _conversion_stamp())  # an unreadable embedded profile: assume sRGB
    return ImageCms.applyTransform(rgb, transform)


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
            icc = image.info.get("icc_profile")
            ImageOps.exif_transpose(image, in_place=True)  # (not in place it copies an upright image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            width, height = _target_pixels(width_mm, height_mm)
            image = renditions.crop_to_ratio(image, width, height)
            if image.width > width:
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            if icc:
                image.info["icc_profile"] = icc
            return files.write_path_atomically(target, _jpeg_bytes(to_cmyk(image)))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None


def _jpeg_bytes(image):
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(PRINT_DPI, PRINT_DPI))
    return out.getvalue()
