"""Storing and serving the PDF: made only by the render task, once per content change; downloads never render."""

import datetime
import io
import os
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from interviews import pdf
from interviews.editorial import publishing
from interviews.models import Interview, PdfState, Status
from interviews.pdf import fitting, storage
from tests.factories import make_user
from tests.pdf_shapes import make_interview

# Renders PDFs with WeasyPrint: not in the quick loop (make test-fast).
pytestmark = pytest.mark.slow


@pytest.fixture
def renders(monkeypatch):
    """Counts layouts-and-writes (calls of fitting.fit); the real function does the work."""
    calls = []
    real_fit = fitting.fit

    def counting_fit(*args, **kwargs):
        calls.append(args)
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(fitting, "fit", counting_fit)
    return calls


def published_interview(**fields):
    return make_interview("no_portrait", published=True, **fields)


def pdf_url(interview):
    return reverse("interviews:pdf", kwargs={"slug": interview.slug})


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_stored_pdf_is_rendered_once_and_again_only_when_something_it_shows_changes(renders):
    interview = published_interview()

    assert pdf.store_pdf(interview) == "rendered"
    interview.refresh_from_db()
    first_name = interview.pdf_file.name
    assert first_name.startswith(f"pdf/mal-nachgefragt-2026-teil-4-{interview.kommune.slug}-")
    assert (interview.pdf_state, interview.pdf_pages, interview.pdf_error) == (PdfState.CURRENT, 6, "")
    assert pdf.fitting.FONT_MIN <= interview.pdf_font_size <= pdf.fitting.FONT_MAX
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
def test_download_serves_the_stored_file_with_cache_headers_and_304(client, settings, renders):
    interview = published_interview()
    assert pdf.store_pdf(interview) == "rendered"

    response = client.get(pdf_url(interview))

    assert response.status_code == 200
    data = body_of(response)
    assert data == Path(Interview.objects.get(pk=interview.pk).pdf_file.path).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    expected_name = f"mal-nachgefragt-2026-teil-4-{interview.kommune.slug}.pdf"
    assert response["Content-Disposition"] == f'inline; filename="{expected_name}"'
    assert response["Content-Length"] == str(len(data))
    interview.refresh_from_db()
    assert response["ETag"] == f'"{interview.pdf_fingerprint}"'
    assert "max-age=86400" in response["Cache-Control"]

    assert client.get(pdf_url(interview), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(pdf_url(interview), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304

    settings.PDF_X_ACCEL_REDIRECT_PREFIX = "/_protected/media/"
    accel = client.get(pdf_url(interview))
    assert accel["X-Accel-Redirect"] == f"/_protected/media/{interview.pdf_file.name}"
    assert accel.content == b""
    assert len(renders) == 1


@pytest.mark.django_db
def test_serving_a_stored_pdf_needs_a_fixed_number_of_queries(client, django_assert_num_queries):
    interview = published_interview()
    assert pdf.store_pdf(interview) == "rendered"
    # The interview and its stored file's fields (1); nothing about what the PDF shows.
    with django_assert_num_queries(1):
        assert client.get(pdf_url(interview)).status_code == 200


@pytest.mark.django_db
def test_before_the_first_pdf_exists_readers_get_a_german_503_page_and_nothing_renders(client, renders):
    interview = published_interview(title="Wärme für die ganze Stadt")

    response = client.get(pdf_url(interview))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Das PDF wird gerade erstellt" in page
    assert "„Wärme für die ganze Stadt“" in page
    assert f'href="{interview.get_absolute_url()}"' in page
    assert renders == []
    interview.refresh_from_db()
    assert (interview.pdf_state, interview.pdf_file.name) == (PdfState.MISSING, "")

    Interview.objects.filter(pk=interview.pk).update(pdf_state=PdfState.FAILED, pdf_error="Titelseite zu voll")
    failed = client.get(pdf_url(interview))
    assert failed.status_code == 503
    assert "Das PDF ist noch nicht verfügbar" in failed.content.decode()
    assert "Titelseite" not in failed.content.decode()  # the reason is for the editors


@pytest.mark.django_db
def test_while_a_newer_pdf_is_being_made_readers_get_the_previous_one(client, renders):
    interview = published_interview(title="Alte Überschrift")
    assert pdf.store_pdf(interview) == "rendered"
    old = Path(Interview.objects.get(pk=interview.pk).pdf_file.path).read_bytes()
    interview.title = "Neue Überschrift"
    interview.save()
    # Another worker has claimed the render of the new content and is busy with it.
    assert storage.claim(storage.part_rows(interview.pk), pdf.fingerprint(pdf.load_source(interview)))

    response = client.get(pdf_url(interview))

    assert response.status_code == 200
    assert body_of(response) == old
    assert "Alte Überschrift" in PdfReader(io.BytesIO(old)).pages[0].extract_text()
    assert pdf.store_pdf(interview) == "busy"
    assert len(renders) == 1


@pytest.mark.django_db
def test_a_failed_render_keeps_the_last_good_pdf_is_remembered_and_shown_to_the_editor(client, renders):
    interview = published_interview()
    assert pdf.store_pdf(interview) == "rendered"
    good = Interview.objects.get(pk=interview.pk)
    good_bytes = Path(good.pdf_file.path).read_bytes()
    # A live change that no longer fits (written past the form, as a script would).
    question = interview.questions.first()
    question.answer += "<p>" + " ".join(["Zusatz"] * 1600) + "</p>"
    question.save()

    assert pdf.store_pdf(interview) == "failed"
    assert pdf.store_pdf(interview) == "failed"  # remembered by fingerprint: no second attempt

    assert len(renders) == 2
    failed = Interview.objects.get(pk=interview.pk)
    assert failed.pdf_state == PdfState.FAILED
    assert failed.pdf_error.startswith("zu lang: ca. ")
    assert (failed.pdf_file.name, failed.pdf_fingerprint) == (good.pdf_file.name, good.pdf_fingerprint)
    response = client.get(pdf_url(interview))
    assert response.status_code == 200
    assert body_of(response) == good_bytes

    client.force_login(make_user("redakteurin", group="Redaktion"))
    admin_page = client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()
    assert failed.pdf_error in admin_page


@pytest.mark.django_db
def test_a_teaser_too_long_for_the_cover_fails_after_layout_but_readers_keep_the_last_good_pdf(client, renders):
    interview = published_interview()
    assert pdf.store_pdf(interview) == "rendered"
    good = Interview.objects.get(pk=interview.pk)
    interview.lead = "<p>" + " ".join(["Ein Teaser, der nicht enden will."] * 120) + "</p>"
    interview.save()

    assert pdf.store_pdf(interview) == "failed"

    failed = Interview.objects.get(pk=interview.pk)
    assert failed.pdf_state == PdfState.FAILED
    assert "Titelseite" in failed.pdf_error
    assert failed.pdf_file.name == good.pdf_file.name
    assert client.get(pdf_url(interview)).status_code == 200
    assert len(renders) == 2


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
    assert pdf.store_pdf(draft) == "skipped"


@pytest.mark.django_db
def test_staff_preview_of_an_interview_that_does_not_fit_explains_why(client):
    draft = make_interview("no_portrait", words_per_answer=60)
    client.force_login(make_user("redakteurin", group="Redaktion"))
    response = client.get(pdf_url(draft))
    assert response.status_code == 409
    assert "zu kurz für 6 Seiten" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_downloads_renders_nothing_and_everyone_gets_the_same_file(renders, record_property):
    interview = published_interview()
    results = []

    def download():
        try:
            response = Client().get(pdf_url(interview))
            results.append((response.status_code, body_of(response)))
        finally:
            connections.close_all()

    def burst():
        threads = [threading.Thread(target=download) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    burst()
    assert {status for status, _body in results} == {503}
    assert renders == []

    assert pdf.store_pdf(interview) == "rendered"
    results.clear()
    burst()

    record_property("pdf_requests", 16)
    record_property("pdf_renders", len(renders) - 1)  # renders caused by the requests (not the stored one)
    assert [status for status, _body in results] == [200] * 8
    assert len({body for _status, body in results}) == 1
    assert len(renders) == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_killed_render_is_taken_over_after_the_time_limit(renders):
    interview = published_interview()
    digest = pdf.fingerprint(pdf.load_source(interview))
    assert storage.claim(storage.part_rows(interview.pk), digest)
    assert pdf.store_pdf(interview) == "busy"

    # The render that claimed it was killed: its claim grows older than the time limit.
    limit = datetime.timedelta(seconds=fitting.render_timeout() + storage.CLAIM_MARGIN_SECONDS + 1)
    Interview.objects.filter(pk=interview.pk).update(pdf_attempt_started_at=timezone.now() - limit)
    assert pdf.store_pdf(interview) == "rendered"
    assert len(renders) == 1


def test_atomic_write_leaves_old_file_or_new_file_never_a_partial_one(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    storage.write_atomically("pdf/a.pdf", b"old content")

    def killed(descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        storage.write_atomically("pdf/a.pdf", b"new content that never completes")

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
def test_publishing_queues_the_render_which_the_immediate_backend_runs_and_the_command_reports(
    immediate_tasks, freigabe_user, django_capture_on_commit_callbacks, renders
):
    interview = make_interview("no_portrait", review=True)
    too_short = make_interview("no_portrait", words_per_answer=60)
    Interview.objects.filter(pk=too_short.pk).update(status=Status.PUBLISHED, published_at=interview.created_at)

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(interview, freigabe_user)

    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    assert interview.pdf_state == PdfState.CURRENT
    assert pdf.page_budget_label(interview).startswith("6/6 Seiten, Schrift ")
    # Publishing laid the text out (it must fit before it goes live), the render task then wrote the PDF.
    assert len(renders) == 2

    out = io.StringIO()
    call_command("render_pdfs", stdout=out)
    text = out.getvalue()
    assert "0 neu erstellt, 1 unverändert, 1 fehlgeschlagen" in text
    assert "zu kurz: ca." in text
    too_short.refresh_from_db()
    assert too_short.pdf_state == PdfState.FAILED
    assert pdf.page_budget_label(too_short).startswith("zu kurz: ca. ")


@pytest.mark.django_db
def test_storing_a_new_pdf_refreshes_cached_pages_that_show_its_size(renders):
    from interviews.reader import cache

    interview = published_interview()
    before = cache.content_state().version

    assert pdf.store_pdf(interview) == "rendered"
    assert cache.content_state().version > before
    assert pdf.store_pdf(interview) == "unchanged"


@pytest.mark.django_db
def test_releasing_a_killed_forced_render_keeps_the_stored_file_current():
    interview = published_interview()
    shown, newer = "a" * 64, "b" * 64
    # A forced re-render of what the stored file shows, and one of newer content: both killed.
    Interview.objects.filter(pk=interview.pk).update(
        pdf_file="pdf/x.pdf", pdf_fingerprint=shown, pdf_state=PdfState.RENDERING, pdf_attempt_fingerprint=shown
    )
    other = published_interview(part=5, slug="teil-5")
    Interview.objects.filter(pk=other.pk).update(
        pdf_file="pdf/y.pdf", pdf_fingerprint=shown, pdf_state=PdfState.RENDERING, pdf_attempt_fingerprint=newer
    )

    assert sorted(storage.release(Interview.objects.all())) == sorted([interview.pk, other.pk])

    states = dict(Interview.objects.values_list("pk", "pdf_state"))
    assert (states[interview.pk], states[other.pk]) == (PdfState.CURRENT, PdfState.MISSING)
    assert set(Interview.objects.values_list("pdf_attempt_fingerprint", flat=True)) == {""}
