"""Uploaded portraits and logos: malicious files are refused, good files are re-encoded.

Every malicious kind is tried through the admin (Kommune logo) and through the
model's ``clean()`` (Interview portrait). The module records the figures
``uploads_tried``/``uploads_rejected`` for ``make check-security``.
"""

import functools
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core import uploads
from municipalities.models import Kommune
from tests.factories import InterviewFactory


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", color=(200, 60, 20), **options):
    out = io.BytesIO()
    Image.new(mode, size, color if mode != "1" else 0).save(out, fmt, **options)
    return out.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def psd_bytes(width=8, height=8):
    """A minimal uncompressed RGB Photoshop file (Pillow opens it as PSD)."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)
    sections = struct.pack(">III", 0, 0, 0)  # colour mode data, image resources, layers
    return header + sections + struct.pack(">H", 0) + b"\x80" * (3 * width * height)


def animated(fmt, frames=3, size=(32, 32), **options):
    images = [Image.new("RGB", size, (i * 40, 0, 0)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, fmt, save_all=True, append_images=images[1:], duration=100, loop=0, **options)
    return out.getvalue()


def gif_bomb(frames=200, size=(2000, 2000)):
    """An animated GIF of ``frames`` frames of ``size`` pixels (800 megapixels in all) in about half a MB.

    Pillow encodes one frame; the frame's image block is repeated (encoding 200 frames of 4 MP would
    take half a minute, and Pillow's writer would fold the equal ones into a few).
    """
    out = io.BytesIO()
    Image.new("P", size, 1).save(out, "GIF")
    data = out.getvalue()
    flags = data[10]
    start = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    position = start
    while data[position] == 0x21:  # extension blocks before the image: label, then sub-blocks
        position += 2
        while data[position]:
            position += data[position] + 1
        position += 1
    image_start = position
    assert data[position] == 0x2C and not data[position + 9] & 0x80  # an image without its own colour table
    position += 11  # image descriptor (10) and the LZW code size (1)
    while data[position]:
        position += data[position] + 1
    image = data[image_start : position + 1]
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = b"\x21\xf9\x04\x04\x0a\x00\x00\x00" + image  # graphic control: 1/10 s, keep the frame
    return data[:start] + loop + frame * frames + b"\x3b"


def jpeg_with_comment(comment):
    data = image_bytes("JPEG")
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'


KINDS = [
    "decompression bomb (144 MP PNG)",
    "decompression bomb (10 GP header)",
    "too many pixels (45 MP)",
    "oversize file (> 10 MB)",
    "HTML appended to PNG",
    "bytes appended after PNG end",
    "SVG with script",
    "SVG renamed to .png",
    "HTML renamed to .jpg",
    "renamed PSD",
    "truncated JPEG",
    "empty file",
    "animated GIF bomb",
    "animated GIF renamed to .png",
    "animated PNG (APNG)",
    "animated WebP",
    "PNG with .jpg extension",
    "BMP format",
    "TIFF renamed to .png",
    "script in JPEG comment",
    "PHP appended to JPEG",
    "path traversal name, script extension",
]
# Bombs and 45 megapixels take seconds and much memory: not in the quick loop (make test-fast).
# (The GIF bomb is built in milliseconds and refused before a frame is decoded.)
SLOW_KINDS = {"decompression bomb (144 MP PNG)", "too many pixels (45 MP)"}
KIND_PARAMS = [pytest.param(kind, marks=pytest.mark.slow) if kind in SLOW_KINDS else kind for kind in KINDS]


@functools.cache
def malicious_upload(kind):
    """(file name, bytes) of one attack tried; all must be refused (each built once, when first needed:
    the big ones take seconds and are only built when their slow tests run)."""
    png = image_bytes("PNG")
    jpeg = image_bytes("JPEG", size=(200, 150))

    def header_bomb():
        # Header claiming 100000 x 100000 pixels (10 gigapixel) on a 1x1 image.
        ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png[33:]

    makers = dict(
        zip(
            KINDS,
            [
                # A real decompression bomb: 12000 x 12000 pixels (144 MP, over Pillow's warning limit) in a few KB.
                ("bomb.png", lambda: image_bytes("PNG", size=(12000, 12000), mode="1")),
                ("bomb2.png", header_bomb),
                ("big.png", lambda: image_bytes("PNG", size=(9000, 5000), mode="1")),
                ("huge.jpg", jpeg + b"\x00" * (10 * 1024 * 1024)),
                ("polyglot.png", png + b"<html><script>alert(1)</script></html>"),
                ("tail.png", png + b"\x01\x02payload"),
                ("logo.svg", SVG_SCRIPT),
                ("logo.png", SVG_SCRIPT),
                ("page.jpg", b"<!DOCTYPE html><html><body onload=alert(1)></body></html>"),
                ("photo.jpg", psd_bytes()),
                ("cut.jpg", jpeg[: len(jpeg) // 2]),
                ("empty.png", b""),
                ("anim.gif", gif_bomb),
                ("anim.png", animated("GIF")),
                ("anim2.png", animated("PNG")),
                ("anim.webp", animated("WEBP")),
                ("mismatch.jpg", png),
                ("bitmap.bmp", image_bytes("BMP")),
                ("scan.png", image_bytes("TIFF")),
                ("comment.jpg", jpeg_with_comment(b"<script>alert(1)</script>")),
                ("shell.php.jpg", jpeg + b"<?php system($_GET['c']); ?>"),
                ("../../akk_cms/evil.py", b"import os\n"),
            ],
            strict=True,
        )
    )
    name, data = makers[kind]
    return name, data() if callable(data) else data


# Django's form field opens the bomb before our validator refuses it; Pillow warns there.
pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@pytest.fixture(scope="module")
def figures():
    counts = {"tried": 0, "rejected": 0}
    yield counts


def kommune_post(name, data, **extra):
    return {
        "name": "Upload-Stadt",
        "slug": "upload-stadt",
        "kind": "stadt",
        "state": "TH",
        "population": "",
        "website": "",
        "description": "",
        "logo": SimpleUploadedFile(name, data, content_type="image/png"),
        "logo_alt": "Wappen der Stadt",
        "akk_member": "True",  # a radio choice (Ja/Nein), never preselected
        "awards-TOTAL_FORMS": "0",
        "awards-INITIAL_FORMS": "0",
        "awards-MIN_NUM_FORMS": "0",
        "awards-MAX_NUM_FORMS": "1000",
        **extra,
    }


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_admin_refuses_malicious_logo_and_stores_nothing(client, superuser, settings, figures, record_property, kind):
    name, data = malicious_upload(kind)
    client.force_login(superuser)
    response = client.post(reverse("admin:municipalities_kommune_add"), kommune_post(name, data))

    figures["tried"] += 1
    refused = response.status_code == 200 and not Kommune.objects.exists() and stored_files(settings) == []
    figures["rejected"] += refused
    record_property("uploads_tried", 1)
    record_property("uploads_rejected", int(refused))
    assert refused, kind
    errors = response.context["adminform"].form.errors["logo"]
    assert errors and all(message.strip() for message in errors)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_interview_clean_refuses_malicious_portrait(kind):
    name, data = malicious_upload(kind)
    interview = InterviewFactory(portrait_alt="Porträt")
    interview.portrait = SimpleUploadedFile(name, data)
    with pytest.raises(ValidationError) as error:
        interview.full_clean()
    assert "portrait" in error.value.message_dict


@pytest.mark.django_db
def test_path_traversal_name_is_replaced_by_a_server_name(client, superuser, settings, record_property):
    client.force_login(superuser)
    post = kommune_post("../../../../tmp/evil.png", image_bytes("PNG"))
    response = client.post(reverse("admin:municipalities_kommune_add"), post)

    assert response.status_code == 302
    logo = Kommune.objects.get().logo
    assert logo.name.startswith("logos/") and ".." not in logo.name and "evil" not in logo.name
    originals = [name for name in stored_files(settings) if not name.startswith("renditions/")]
    assert originals == [logo.name]  # renditions are made on save, with server names too
    record_property("uploads_tried", 1)
    record_property("uploads_neutralised", 1)


def jpeg_with_gps():
    image = Image.new("RGB", (120, 80), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (50.0, 41.0, 0.0), 3: "E", 4: (10.0, 55.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


@pytest.mark.django_db
def test_admin_upload_is_reencoded_without_exif_gps_or_trailing_bytes(client, superuser, settings):
    original = jpeg_with_gps() + b"TRAILING-SECRET"
    assert b"SpyCam" in original
    client.force_login(superuser)

    response = client.post(reverse("admin:municipalities_kommune_add"), kommune_post("Foto vom Amt.JPEG", original))

    assert response.status_code == 302
    logo = Kommune.objects.get().logo
    assert logo.name.startswith("logos/") and logo.name.endswith(".jpg")
    stored = (settings.MEDIA_ROOT / logo.name).read_bytes()
    for secret in (b"SpyCam", b"secret comment", b"TRAILING-SECRET", b"Exif"):
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (120, 80)
        assert not image.getexif()


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "name"), [("PNG", "logo.png"), ("WEBP", "logo.webp"), ("JPEG", "logo.jpeg")])
def test_each_allowed_format_is_stored_under_its_real_extension(client, superuser, settings, fmt, name):
    client.force_login(superuser)
    response = client.post(reverse("admin:municipalities_kommune_add"), kommune_post(name, image_bytes(fmt)))

    assert response.status_code == 302
    logo = Kommune.objects.get().logo
    expected_ext = {"PNG": ".png", "WEBP": ".webp", "JPEG": ".jpg"}[fmt]
    assert logo.name.endswith(expected_ext)
    with Image.open(settings.MEDIA_ROOT / logo.name) as image:
        assert image.format == fmt


@pytest.mark.django_db
def test_portrait_upload_through_interview_clean_is_reencoded(settings):
    interview = InterviewFactory(portrait_alt="Porträt von Person")
    interview.portrait = SimpleUploadedFile("portrait.jpg", jpeg_with_gps())
    interview.full_clean()
    interview.save()

    interview.refresh_from_db()
    assert interview.portrait.name.startswith("portraits/") and interview.portrait.name.endswith(".jpg")
    assert b"SpyCam" not in interview.portrait.read()


@pytest.mark.django_db
def test_stored_portrait_is_not_checked_again_on_later_saves():
    interview = InterviewFactory(portrait_alt="Porträt")
    interview.portrait = SimpleUploadedFile("p.png", image_bytes("PNG"))
    interview.full_clean()
    interview.save()
    name = interview.portrait.name

    interview.refresh_from_db()
    interview.title = "Neue Überschrift"
    interview.full_clean()
    interview.save()
    assert interview.portrait.name == name


def test_refusal_messages_are_german():
    with pytest.raises(ValidationError) as error:
        uploads.reencode(SVG_SCRIPT, ".png")
    assert "Datei" in " ".join(error.value.messages)
