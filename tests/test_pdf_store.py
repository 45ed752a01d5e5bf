"""Storing and serving the PDF: rendered once, re-rendered on change, served fast, one render at a time."""

import io
import os
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from interviews import pdf, publishing
from interviews.models import Interview, PdfState, Status
from tests.factories import make_user
from tests.pdf_shapes import make_interview

# Renders PDFs with WeasyPrint: not in the quick loop (make test-fast).
pytestmark = pytest.mark.slow


@pytest.fixture
def renders(monkeypatch):
    """Counts calls of pdf.fit (each is one fitted render); the real function does the work."""
    calls = []
    real_fit = pdf.fit

    def counting_fit(*args, **kwargs):
        calls.append(args)
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(pdf.fitting, "fit", counting_fit)
    return calls


def published_interview(**fields):
    return make_interview("no_portrait", published=True, **fields)


def pdf_url(interview):
    return reverse("interviews:pdf", kwargs={"slug": interview.slug})


@pytest.mark.django_db
def test_stored_pdf_is_rendered_once_and_again_only_when_something_it_shows_changes(renders):
    interview = published_interview()

    assert pdf.store_pdf(interview) == "rendered"
    interview.refresh_from_db()
    first_name = interview.pdf_file.name
    assert first_name.startswith(f"pdf/mal-nachgefragt-2026-teil-4-{interview.kommune.slug}-")
    assert (interview.pdf_state, interview.pdf_pages, interview.pdf_error) == (PdfState.CURRENT, 6, "")
    assert 9 <= interview.pdf_font_size <= 12
    stored = Path(interview.pdf_file.path)
    assert interview.pdf_size == stored.stat().st_size
    assert len(PdfReader(stored).pages) == 6

    assert pdf.store_pdf(interview) == "unchanged"
    assert len(renders) == 1

    interview.kommune.name = "Landkreis Umbenannt"
    interview.kommune.save()
    assert pdf.store_pdf(interview) == "rendered"
    interview.refresh_from_db()
    assert interview.pdf_file.name != first_name
    assert not stored.exists()
    assert "landkreis umbenannt" in PdfReader(interview.pdf_file.path).pages[0].extract_text().lower()
    assert len(renders) == 2
    assert sorted(p.name for p in stored.parent.iterdir()) == [Path(interview.pdf_file.name).name]


@pytest.mark.django_db
def test_download_is_rendered_on_first_request_then_served_with_cache_headers_and_304(client, settings, renders):
    interview = published_interview()

    response = client.get(pdf_url(interview))

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(data)).pages) == 6
    assert response["Content-Type"] == "application/pdf"
    expected_name = f"mal-nachgefragt-2026-teil-4-{interview.kommune.slug}.pdf"
    assert response["Content-Disposition"] == f'inline; filename="{expected_name}"'
    assert response["Content-Length"] == str(len(data))
    interview.refresh_from_db()
    assert response["ETag"] == f'"{interview.pdf_fingerprint}"'
    assert "max-age=86400" in response["Cache-Control"]
    assert response["Last-Modified"]

    again = client.get(pdf_url(interview), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(pdf_url(interview), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304

    settings.PDF_X_ACCEL_REDIRECT_PREFIX = "/_protected/media/"
    accel = client.get(pdf_url(interview))
    assert accel["X-Accel-Redirect"] == f"/_protected/media/{interview.pdf_file.name}"
    assert accel.content == b""
    assert len(renders) == 1


@pytest.mark.django_db
def test_serving_a_stored_pdf_needs_a_fixed_number_of_queries(client, django_assert_num_queries):
    interview = published_interview()
    assert pdf.store_pdf(interview) == "rendered"
    # The interview (1), what the PDF shows (6, see pdf.load_source).
    with django_assert_num_queries(7):
        assert client.get(pdf_url(interview)).status_code == 200


@pytest.mark.django_db
def test_drafts_and_scheduled_interviews_are_404_for_the_public_and_a_marked_preview_for_staff(client, renders):
    draft = make_interview("no_portrait")
    scheduled_other = make_interview("no_portrait", scheduled=True)
    for interview in (draft, scheduled_other):
        assert client.get(pdf_url(interview)).status_code == 404
    assert renders == []

    client.force_login(make_user("redakteurin", group="Redaktion"))
    response = client.get(pdf_url(draft))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    first_page = PdfReader(io.BytesIO(response.content)).pages[1].extract_text()
    assert "Vorschau – nicht veröffentlicht" in first_page
    draft.refresh_from_db()
    assert not draft.pdf_file
    assert draft.pdf_state == PdfState.MISSING


@pytest.mark.django_db
def test_staff_preview_of_an_interview_that_does_not_fit_explains_why(client):
    draft = make_interview("no_portrait", words_per_answer=60)
    client.force_login(make_user("redakteurin", group="Redaktion"))
    response = client.get(pdf_url(draft))
    assert response.status_code == 409
    assert "zu kurz für 6 Seiten" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_for_a_missing_pdf_cause_exactly_one_render(settings, renders, record_property):
    settings.PDF_WAIT_SECONDS = 120
    interview = published_interview()
    results = []

    def download():
        try:
            response = Client().get(pdf_url(interview))
            body = b"".join(response.streaming_content) if response.streaming else response.content
            results.append((response.status_code, body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    record_property("pdf_requests", len(threads))
    record_property("pdf_renders", len(renders))
    assert len(renders) == 1
    assert [status for status, _body in results] == [200, 200, 200, 200]
    assert len({body for _status, body in results}) == 1
    assert not pdf.storage.lock_path(interview.pk).exists()


@pytest.mark.django_db
def test_while_another_process_renders_the_reader_gets_a_clear_retry_answer(client, settings, renders):
    settings.PDF_WAIT_SECONDS = 0
    interview = published_interview()
    lock = pdf.storage.lock_path(interview.pk)
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text(f"{os.uname().nodename} {os.getpid()} 9999999999")

    response = client.get(pdf_url(interview))

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "wird gerade erstellt" in response.content.decode()
    assert renders == []


@pytest.mark.django_db
def test_a_killed_render_leaves_nothing_that_is_served(client, renders):
    interview = published_interview()
    folder = pdf.storage.lock_path(interview.pk).parent
    folder.mkdir(parents=True, exist_ok=True)
    # What a render killed midway leaves: a half-written temp file and its lock (process gone).
    (folder / ".tmp-abc123.pdf").write_bytes(b"%PDF-1.7\n% half")
    pdf.storage.lock_path(interview.pk).write_text(f"{os.uname().nodename} 999999999 1700000000")

    response = client.get(pdf_url(interview))

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(data)).pages) == 6
    interview.refresh_from_db()
    assert not interview.pdf_file.name.startswith("pdf/.tmp")
    assert len(renders) == 1


def test_atomic_write_leaves_old_file_or_new_file_never_a_partial_one(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    pdf.storage.write_atomically("pdf/a.pdf", b"old content")

    def killed(descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        pdf.storage.write_atomically("pdf/a.pdf", b"new content that never completes")

    assert (tmp_path / "pdf" / "a.pdf").read_bytes() == b"old content"
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["a.pdf"]


@pytest.mark.django_db
def test_a_render_over_the_time_limit_fails_with_a_german_error(settings):
    settings.PDF_RENDER_TIMEOUT = 0.05
    interview = published_interview()

    assert pdf.store_pdf(interview) == "failed"

    interview.refresh_from_db()
    assert interview.pdf_state == PdfState.FAILED
    assert "zu lange gedauert" in interview.pdf_error
    assert not interview.pdf_file


@pytest.mark.django_db
def test_publishing_checks_the_page_budget_renders_in_the_background_and_the_command_reports(
    settings, freigabe_user, django_capture_on_commit_callbacks, renders
):
    settings.PDF_RENDER_ON_PUBLISH = True
    interview = make_interview("no_portrait", review=True)
    too_short = make_interview("no_portrait", words_per_answer=60, published=True)

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(interview, freigabe_user)

    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    assert interview.pdf_state == PdfState.CURRENT
    assert pdf.page_budget_label(interview).startswith("6/6 Seiten, Schrift ")

    out = io.StringIO()
    call_command("render_pdfs", stdout=out)
    text = out.getvalue()
    assert "0 neu erstellt, 1 unverändert, 1 fehlgeschlagen" in text
    assert "zu kurz: ca." in text
    too_short.refresh_from_db()
    assert too_short.pdf_state == PdfState.FAILED
    assert pdf.page_budget_label(too_short).startswith("zu kurz: ca. ")
    assert Interview.objects.get(pk=interview.pk).pdf_state == PdfState.CURRENT


@pytest.mark.django_db
def test_storing_a_new_pdf_refreshes_cached_pages_that_show_its_size(renders):
    from interviews import cache

    interview = published_interview()
    before = cache.content_state().version

    assert pdf.store_pdf(interview) == "rendered"
    assert cache.content_state().version > before
    assert pdf.store_pdf(interview) == "unchanged"
