"""The PDF preview behind the interviewee's approval link: the text as it will appear, marked as a preview."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from interviews.editorial import approval, pending, publishing
from interviews.models import Interview
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_pdf_preview_shows_the_pending_text_and_is_never_stored(client):
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    interview = Interview.objects.get(slug="ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe")
    data = pending.snapshot(interview)
    data["interview"]["title"] = "Klimaschutz im Landkreis"
    publishing.save_pending(interview, data, make_user("redakteurin", group="Redaktion"), version=interview.version + 1)
    stored = Interview.objects.filter(pk=interview.pk).values_list("pdf_file", "pdf_fingerprint").get()

    response = client.get(approval.approval_url(interview) + "pdf/")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.content[:300]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Klimaschutz im Landkreis" in " ".join(text.split())
    assert "Vorschau" in text
    assert Interview.objects.filter(pk=interview.pk).values_list("pdf_file", "pdf_fingerprint").get() == stored
    assert Interview.objects.get(pk=interview.pk).title == "Klimaschutz als Gemeinschaftsaufgabe"
