"""Nothing unpublished in any PDF: the back page names only public parts, as the web's series page does."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from interviews import pdf
from interviews.editorial import pending as pending_module
from interviews.editorial import publishing
from interviews.models import Interview, Status
from municipalities.models import Kommune
from tests.factories import FITS_SIX_PAGES, InterviewFactory, KommuneFactory, QuestionFactory, answer_of, make_user
from tests.pdf_shapes import make_interview

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def text_of(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def sibling(series, part, kommune_name, title, **fields):
    interview = InterviewFactory(
        series=series, part=part, kommune=KommuneFactory(name=kommune_name), title=title, **fields
    )
    QuestionFactory(interview=interview, theme=series.themes.first(), answer=answer_of(FITS_SIX_PAGES))
    return interview


def test_a_published_part_names_no_draft_review_scheduled_or_pending_part_and_its_fingerprint_ignores_them(
    client,
):
    shown = make_interview("no_portrait", published=True, part=1)
    series = shown.series
    sibling(series, 2, "Offenstadt", "Schon erschienen", published=True)
    sibling(series, 3, "Entwurfshausen", "Geheimer Entwurf", planned_date=datetime.date(2027, 3, 1))
    sibling(series, 4, "Prüfdorf", "Noch in Prüfung", status=Status.REVIEW)
    sibling(series, 5, "Planbach", "Erst im Sommer", scheduled=True)
    waiting = sibling(series, 6, "Wartingen", "Live-Titel", published=True)
    data = pending_module.snapshot(waiting)
    data["title"] = "Wartende Überschrift"
    publishing.save_pending(waiting, data, make_user("redakteurin", group="Redaktion"), waiting.version)
    before = pdf.fingerprint(pdf.load_source(shown))

    text = text_of(pdf.render_pdf(shown))

    assert "Offenstadt" in text and "Schon erschienen" in text
    assert "Wartingen" in text and "Live-Titel" in text
    for secret in [
        "Entwurfshausen",
        "Geheimer Entwurf",
        "Prüfdorf",
        "Noch in Prüfung",
        "Planbach",
        "Erst im Sommer",
        "Wartende Überschrift",
    ]:
        assert secret not in text, secret

    # Renaming what is not public changes nothing the PDF shows, so nothing is rendered again.
    Interview.objects.filter(part__in=[3, 4, 5], series=series).update(title="Neuer geheimer Titel")
    Kommune.objects.filter(name="Entwurfshausen").update(name="Umbenannt")
    assert pdf.fingerprint(pdf.load_source(shown)) == before
    # The scheduled part's day comes: now it is public, and the PDF must change.
    Interview.objects.filter(part=5, series=series).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert pdf.fingerprint(pdf.load_source(shown)) != before
