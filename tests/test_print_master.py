"""The print master: PDF/X-4 with slug, crop marks outside the bleed, FOGRA39, black text overprinting.

Asserted from the PDF bytes (pikepdf, pypdf), rendered pixels (pdftoppm) and
the preflight's own reading of the file (interviews.pdf.preflight).
"""

import io
import os
import subprocess
import tempfile
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageCms, ImageMath
from pypdf import PdfReader

from core import print_images
from interviews import pdf
from interviews.pdf import render_print_master
from interviews.pdf.preflight import preflight
from tests.factories import make_user
from tests.pdf_shapes import make_interview

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]

MM = 72 / 25.4


@pytest.fixture(autouse=True, scope="module")
def print_profile():
    """The FOGRA39 profile, built as ``make install`` builds it when this checkout has none yet."""
    path = Path(settings.PRINT_ICC_PROFILE)
    if not path.is_file():
        env = {**os.environ, "PRINT_ICC_PROFILE": str(path)}
        subprocess.run(["scripts/build-print-profile.sh"], cwd=settings.BASE_DIR, env=env, check=True)
    return path


def total_ink_percent(image):
    """The highest C+M+Y+K of a CMYK Pillow image, in percent."""
    c, m, y, k = (band.convert("I") for band in image.split())
    total = ImageMath.lambda_eval(lambda n: n["c"] + n["m"] + n["y"] + n["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] * 100 / 255


def page_pixels(data, page, dpi=100):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "master.pdf"
        source.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), str(source), f"{folder}/p"],
            check=True,
        )
        [png] = Path(folder).glob("p-*.png")
        return Image.open(png).convert("RGB")


def test_print_master_is_pdfx4_with_slug_bleed_fogra39_and_the_readers_pages(print_profile):
    interview = make_interview("compounds", published=True)

    data = render_print_master(interview)
    reader_pdf = PdfReader(io.BytesIO(pdf.render_pdf(interview)))

    document = pikepdf.open(io.BytesIO(data))
    assert len(document.pages) == len(reader_pdf.pages) == interview.series.pages_per_part
    for page in document.pages:
        trim = [float(value) for value in page.TrimBox]
        assert trim == pytest.approx([0, 0, 595.28, 841.89], abs=0.01)
        assert [float(v) for v in page.BleedBox] == pytest.approx(
            [-3 * MM, -3 * MM, 595.28 + 3 * MM, 841.89 + 3 * MM], abs=0.01
        )
        assert [float(v) for v in page.MediaBox] == pytest.approx(
            [-10 * MM, -10 * MM, 595.28 + 10 * MM, 841.89 + 10 * MM], abs=0.01
        )
    [intent] = document.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    assert str(intent.Info) == "Coated FOGRA39 (ISO 12647-2:2004)"
    assert intent.DestOutputProfile.N == 4
    # The installed profile (WeasyPrint stores it as LittleCMS serialises it: same profile, other bytes).
    embedded = ImageCms.ImageCmsProfile(io.BytesIO(intent.DestOutputProfile.read_bytes()))
    installed = ImageCms.ImageCmsProfile(str(print_profile))
    assert ImageCms.getProfileDescription(embedded) == ImageCms.getProfileDescription(installed)
    assert "FOGRA39" in ImageCms.getProfileDescription(embedded)
    assert (embedded.profile.device_class, embedded.profile.xcolor_space) == ("prtr", "CMYK")
    with document.open_metadata() as meta:
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    # Page by page the same words (extraction order may differ with the other PDF structure).
    master_words = [sorted(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    assert master_words == [sorted(page.extract_text().split()) for page in reader_pdf.pages]
    assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "de"

    # Every check a print shop's preflight makes passes.
    checks = preflight(data)
    assert [check.name for check in checks if not check.ok] == []
    by_name = {check.name.split(" ")[0]: check.detail for check in checks}
    assert "auf allen 6 Seiten" in by_name["Schnittmarken"]
    overprinted, _von, shown = by_name["Schwarzer"].split()[:3]
    assert int(shown) > 100 and overprinted == shown


def test_crop_marks_stand_in_the_slug_and_the_bleed_continues_what_touches_the_edge():
    interview = make_interview("compounds", published=True)
    data = render_print_master(interview)
    dpi = 100

    def xy(x_mm, y_mm):
        """Pixel of a point given in mm from the trim's top left corner (the image starts 10 mm outside)."""
        return round((x_mm + 10) * dpi / 25.4), round((y_mm + 10) * dpi / 25.4)

    def dark(pixel):
        return sum(pixel) < 200

    def blue(pixel):
        r, g, b = pixel
        return b > r + 40 and b > 80

    for page in (1, 6):
        image = page_pixels(data, page, dpi)
        # The horizontal mark at the top left: along the trim's top edge, 4 to 9 mm left of the trim.
        mark = [image.getpixel(xy(x, 0)) for x in (-4.5, -6.5, -8.5)]
        assert all(dark(pixel) for pixel in mark), (page, mark)
        # Nothing dark in the bleed next to the mark (the mark starts 1 mm outside the bleed).
        assert not any(dark(image.getpixel(xy(x, 0))) for x in (-2.8, -1.5, -0.5)), page
        # Outside the marks the slug is white paper.
        assert image.getpixel(xy(-9.6, 30)) == (255, 255, 255)
    cover, back = page_pixels(data, 1, dpi), page_pixels(data, 6, dpi)
    # The cover's blue band runs into the bleed at the top and at the side.
    assert blue(cover.getpixel(xy(50, -1.5))) and blue(cover.getpixel(xy(-1.5, 20)))
    # On the back page the white sheet continues into the bleed at both long edges: no blue sliver.
    sheet_y = next(y for y in range(60, 200) if back.getpixel(xy(5, y)) == (255, 255, 255))
    assert back.getpixel(xy(-1.5, sheet_y)) == (255, 255, 255)
    assert back.getpixel(xy(210 + 1.5, sheet_y)) == (255, 255, 255)


def test_images_are_converted_to_fogra39_with_black_in_the_shadows_and_ink_at_most_300_percent():
    # Pillow's plain conversion prints black as C+M+Y with no black at all.
    ramp = Image.new("RGB", (256, 2))
    for x in range(256):
        ramp.putpixel((x, 0), (x, x, x))
        ramp.putpixel((x, 1), (x, x // 3, 0))
    assert Image.new("RGB", (1, 1)).convert("CMYK").getpixel((0, 0)) == (255, 255, 255, 0)
    converted = print_images.to_cmyk(ramp)
    black = converted.getpixel((0, 0))
    assert black[3] > 200  # K carries the shadow
    assert converted.getpixel((128, 0))[3] > 60  # a mid grey has black too (black generation ramp)
    assert total_ink_percent(converted) <= 300

    interview = make_interview("compounds", published=True)
    dark_photo = Image.new("RGB", (1200, 1500), (0, 0, 0))
    dark_photo.paste((180, 40, 20), (0, 750, 1200, 1500))
    buffer = io.BytesIO()
    dark_photo.save(buffer, "JPEG", quality=95)
    from django.core.files.base import ContentFile

    interview.portrait.save("dunkel.jpg", ContentFile(buffer.getvalue()))
    document = pikepdf.open(io.BytesIO(render_print_master(interview)))
    images = [
        pikepdf.PdfImage(xobject).as_pil_image()
        for xobject in document.pages[0].obj.Resources.XObject.values()
        if xobject.get("/Subtype") == "/Image"
    ]
    [portrait] = [image for image in images if image.mode == "CMYK" and image.height > 200]
    # WeasyPrint writes Adobe CMYK JPEGs inverted; /Decode [1 0 …] undoes it: read the values as printed.
    c, m, y, k = portrait.getpixel((portrait.width // 2, 10))
    if k < 128:  # stored inverted
        portrait = Image.eval(portrait, lambda value: 255 - value)
        c, m, y, k = portrait.getpixel((portrait.width // 2, 10))
    assert k > 200 and c + m + y + k <= 765
    assert total_ink_percent(portrait) <= 300


def test_preflight_command_prints_every_check_and_fails_on_a_file_without_slug_and_intent(tmp_path):
    interview = make_interview("no_portrait", published=True)
    out = io.StringIO()
    call_command("preflight", interview.slug, output=str(tmp_path / "master.pdf"), stdout=out)
    text = out.getvalue()
    for name in [
        "Seitenrahmen",
        "Schnittmarken außerhalb des Anschnitts",
        "Keine RGB-Farben",
        "Schriften eingebettet",
        "Keine fehlenden Zeichen (.notdef)",
        "Ausgabebedingung FOGRA39",
        "Gesamtfarbauftrag höchstens 300 %",
        "Schwarzer Text überdruckt",
        "Bildauflösung",
    ]:
        assert f"OK     {name}" in text, text
    assert "Alle 9 Prüfungen bestanden." in text
    assert (tmp_path / "master.pdf").read_bytes()[:5] == b"%PDF-"

    # WeasyPrint's own PDF/X-4 with its crop marks in the bleed, RGB marks and an unnamed intent fails.
    from weasyprint import HTML

    plain = HTML(string="<p>Text</p><style>@page { size: A4; bleed: 3mm; marks: crop }</style>").write_pdf(
        pdf_variant="pdf/x-4"
    )
    failed = {check.name for check in preflight(plain) if not check.ok}
    assert {"Seitenrahmen (Endformat, Anschnitt, Rand)", "Keine RGB-Farben"} <= failed
    assert any(name.startswith("Ausgabebedingung") for name in failed)
    with pytest.raises(CommandError, match="Kein Interview"):
        call_command("preflight", "gibt-es-nicht", stdout=io.StringIO())


def test_preflight_names_a_character_no_font_holds_and_the_admin_warned_of_it_before():
    # An emoji pasted into an answer: no print font (nor any font of the machine) holds it, WeasyPrint
    # draws the empty .notdef glyph. ``pdf.missing_characters`` is what the admin warns of on saving.
    interview = make_interview("no_portrait", published=True)
    question = interview.questions.order_by("position").first()
    question.answer = "<p>Das Projekt hat uns begeistert 🤯 und wird fortgesetzt.</p>" + question.answer
    question.save()
    assert pdf.missing_characters(question.answer) == "🤯"

    checks = {check.name: check for check in preflight(render_print_master(interview))}

    glyphs = checks["Keine fehlenden Zeichen (.notdef)"]
    assert not glyphs.ok
    assert "Source-Serif-4" in glyphs.detail and "„🤯“" in glyphs.detail


def test_without_the_print_profile_the_print_master_is_refused_in_german(settings, tmp_path):
    interview = make_interview("no_portrait", published=True)
    settings.PRINT_ICC_PROFILE = tmp_path / "fehlt.icc"
    staff = Client()
    staff.force_login(make_user("redakteurin", group="Redaktion"))
    response = staff.get(reverse("admin:interviews_interview_print_master", args=[interview.pk]), follow=True)
    assert "Druckprofil FOGRA39 ist nicht installiert" in response.content.decode()


def test_staff_download_the_print_master_from_the_admin_readers_do_not():
    interview = make_interview("no_portrait", published=True)
    url = reverse("admin:interviews_interview_print_master", args=[interview.pk])
    staff = Client()
    staff.force_login(make_user("redakteurin", group="Redaktion"))

    change_page = staff.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()
    response = staff.get(url)

    assert f'href="{url}"' in change_page and "Druckvorlage (PDF/X-4) herunterladen" in change_page
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "druckvorlage-pdfx4.pdf" in response["Content-Disposition"]
    )
    assert b"PDF/X-4" in pikepdf.open(io.BytesIO(response.content)).Root.Metadata.read_bytes()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("admin:login") in anonymous["Location"]
