"""The print master: PDF/X-4 with bleed, trim and bleed boxes, CMYK output intent, CMYK only, same pages."""

import io
from decimal import Decimal

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from interviews import pdf
from interviews.pdf import render_print_master
from interviews.pdf.print_master import ICC_PROFILE
from tests.factories import make_user
from tests.pdf_shapes import make_interview

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BLEED = Decimal("8.503937")  # 3 mm in pt


def colour_operators(document):
    """(RGB operators, CMYK k/K operators with 1 1 1 1) over pages and their form XObjects."""
    rgb = registration = 0
    streams = []
    for page in document.pages:
        streams.append(page)
        for xobject in (page.obj.Resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                streams.append(xobject)
    for stream in streams:
        for operands, operator in pikepdf.parse_content_stream(stream):
            name = str(operator)
            if name in {"rg", "RG"} or (name in {"cs", "CS"} and operands and str(operands[0]) == "/DeviceRGB"):
                rgb += 1
            if name in {"k", "K"} and [float(value) for value in operands] == [1, 1, 1, 1]:
                registration += 1
    return rgb, registration


def test_print_master_is_pdfx4_with_bleed_boxes_output_intent_and_the_readers_pages():
    interview = make_interview("compounds", published=True)

    data = render_print_master(interview)
    reader_pdf = PdfReader(io.BytesIO(pdf.render_pdf(interview)))

    document = pikepdf.open(io.BytesIO(data))
    assert len(document.pages) == len(reader_pdf.pages) == interview.series.pages_per_part
    for page in document.pages:
        trim = [Decimal(str(value)).quantize(Decimal("0.01")) for value in page.TrimBox]
        assert trim == [Decimal("0.00"), Decimal("0.00"), Decimal("595.28"), Decimal("841.89")]
        assert list(page.BleedBox) == list(page.MediaBox)
        media = [Decimal(str(value)) for value in page.MediaBox]
        assert media[0] == -BLEED and media[1] == -BLEED
        assert abs(media[2] - Decimal("595.275591") - BLEED) < Decimal("0.01")
    [intent] = document.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert intent.DestOutputProfile.N == 4
    assert intent.DestOutputProfile.read_bytes() == ICC_PROFILE.read_bytes()
    assert "Artifex CMYK SWOP" in str(intent.OutputConditionIdentifier)
    with document.open_metadata() as meta:
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    rgb, registration = colour_operators(document)
    assert rgb == 0
    assert registration > 0  # the crop marks, rewritten from RGB black to CMYK registration
    for xobject in document.pages[0].obj.Resources.XObject.values():
        if xobject.get("/Subtype") == "/Image":
            assert xobject.ColorSpace == "/DeviceCMYK"
    # Page by page the same words (extraction order may differ with the other PDF structure).
    master_words = [sorted(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    assert master_words == [sorted(page.extract_text().split()) for page in reader_pdf.pages]
    assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "de"


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
