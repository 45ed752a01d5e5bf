"""The public page cache (interviews.reader.cache): what readers get, and when it changes.

Rows are changed directly (``.update()``, which sends no signals) to show that a
page still comes from the cache; a plain ``save()`` then must replace it. The
tests commit their writes (``transaction=True``) because the version is bumped
when a transaction commits.
"""

import datetime

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from interviews import pdf
from interviews.editorial import publishing
from interviews.models import Interview, PdfState
from interviews.reader import cache
from tests.factories import FITS_SHORT_PART, SHORT_PART_PAGES, InterviewFactory, QuestionFactory, answer_of

# serialized_rollback: leave the database as the next serialized test (test_pdf_store) expects it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _page_cache(settings):
    """The page cache on, reading the content state on every request (the memo is tested on its own)."""
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_STATE_SECONDS = 0
    aliases = [settings.PAGE_CACHE_ALIAS, settings.PAGE_CACHE_FILES_ALIAS]
    for alias in aliases:
        caches[alias].clear()
    cache.forget_content_state()
    yield
    for alias in aliases:
        caches[alias].clear()
    cache.forget_content_state()


@pytest.fixture
def interview(db):
    interview = InterviewFactory(published=True, title="Wärme aus dem Wald", page_count=SHORT_PART_PAGES)
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=interview)
    cache.bump_content_version()
    return interview


def page(client, interview, **headers):
    return client.get(reverse("interviews:detail", kwargs={"slug": interview.slug}), headers=headers)


def retitle_without_workflow(interview, title):
    Interview.objects.filter(pk=interview.pk).update(title=title)


def test_second_request_comes_from_the_cache_with_one_query(client, interview, django_assert_num_queries):
    assert "Wärme aus dem Wald" in page(client, interview).text
    retitle_without_workflow(interview, "Neuer Titel")

    with django_assert_num_queries(1):
        response = page(client, interview)

    assert "Wärme aus dem Wald" in response.text
    assert "Neuer Titel" not in response.text


def test_within_the_state_memo_a_cached_page_needs_no_query_but_a_change_here_shows_at_once(
    client, interview, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_STATE_SECONDS = 60
    page(client, interview)

    with django_assert_num_queries(0):
        assert "Wärme aus dem Wald" in page(client, interview).text

    interview.title = "Neuer Titel"
    interview.save()
    assert "Neuer Titel" in page(client, interview).text


def test_a_plain_save_replaces_the_cached_page(client, interview):
    page(client, interview)
    interview.title = "Neuer Titel"

    interview.save()

    assert "Neuer Titel" in page(client, interview).text


def test_publishing_replaces_a_cached_not_found(client, freigabe_user):
    draft = InterviewFactory(title="Noch ein Entwurf", page_count=SHORT_PART_PAGES)
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=draft)
    assert page(client, draft).status_code == 404

    publishing.publish(draft, freigabe_user)

    assert "Noch ein Entwurf" in page(client, draft).text


def test_unpublished_interview_is_gone_from_a_warm_cache(client, freigabe_user):
    interview = InterviewFactory(title="Wärme aus dem Wald", page_count=SHORT_PART_PAGES)
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=interview)
    publishing.publish(interview, freigabe_user)
    list_url = reverse("interviews:list")
    assert "Wärme aus dem Wald" in page(client, interview).text
    assert "Wärme aus dem Wald" in client.get(list_url).text

    publishing.unpublish(interview, freigabe_user)

    response = page(client, interview)
    assert response.status_code == 404
    assert "Wärme aus dem Wald" not in response.text
    assert "Wärme aus dem Wald" not in client.get(list_url).text


def test_scheduled_interview_appears_when_its_time_has_come_without_any_bump(client, db):
    scheduled = InterviewFactory(scheduled=True, title="Erscheint bald", page_count=SHORT_PART_PAGES)
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=scheduled)
    cache.bump_content_version()
    assert page(client, scheduled).status_code == 404
    assert "Erscheint bald" not in client.get(reverse("interviews:list")).text

    # The clock passing published_at, seen from the data: its time is now past.
    Interview.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))

    assert "Erscheint bald" in page(client, scheduled).text
    assert "Erscheint bald" in client.get(reverse("interviews:list")).text


def test_matching_etag_gets_not_modified_until_the_content_changes(client, interview):
    etag = page(client, interview)["ETag"]

    not_modified = page(client, interview, if_none_match=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    interview.title = "Neuer Titel"
    interview.save()
    changed = page(client, interview, if_none_match=etag)
    assert changed.status_code == 200
    assert "Neuer Titel" in changed.text


def test_if_modified_since_gets_not_modified_until_the_content_changes(client, interview):
    last_modified = page(client, interview)["Last-Modified"]

    assert page(client, interview, if_modified_since=last_modified).status_code == 304
    assert page(client, interview, if_modified_since=http_date(0)).status_code == 200

    interview.title = "Neuer Titel"
    interview.save()
    changed = page(client, interview, if_modified_since=last_modified)
    assert changed.status_code == 200
    assert "Neuer Titel" in changed.text


def test_staff_always_get_a_fresh_page_and_their_previews_never_reach_readers(client, interview, redaktion_user):
    draft = InterviewFactory(title="Geheimer Entwurf")
    page(client, interview)
    retitle_without_workflow(interview, "Neuer Titel")
    editor = type(client)()
    editor.force_login(redaktion_user)

    assert "Neuer Titel" in page(editor, interview).text
    assert "Wärme aus dem Wald" in page(client, interview).text

    page(editor, draft)
    response = page(client, draft)
    assert response.status_code == 404
    assert "Geheimer Entwurf" not in response.text


def test_anonymous_readers_get_no_cookies_from_a_fresh_or_a_cached_page(client, interview):
    for url in [reverse("interviews:home"), reverse("interviews:list"), interview.get_absolute_url()]:
        fresh = client.get(url)
        cached = client.get(url)
        assert fresh.cookies == {} and cached.cookies == {}
        assert "Set-Cookie" not in fresh and "Set-Cookie" not in cached
        assert fresh.content == cached.content
        assert "public" in cached["Cache-Control"]


def test_head_is_answered_from_the_cached_page(client, interview):
    body = page(client, interview).content
    retitle_without_workflow(interview, "Neuer Titel")

    head = client.head(interview.get_absolute_url())

    assert head.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(body)


def test_query_string_order_does_not_split_the_cache(client, interview, django_assert_num_queries):
    client.get(reverse("interviews:list") + "?q=Wald&page=1")

    with django_assert_num_queries(1):
        client.get(reverse("interviews:list") + "?page=1&q=Wald")


def store_fake_pdf(interview, data):
    """A stored, current PDF without rendering one (the download route checks the fingerprint)."""
    name = default_storage.save(f"pdf/{interview.slug}.pdf", ContentFile(data))
    digest = pdf.fingerprint(pdf.load_source(interview))
    Interview.objects.filter(pk=interview.pk).update(
        pdf_file=name, pdf_fingerprint=digest, pdf_state=PdfState.CURRENT, pdf_rendered_at=timezone.now()
    )
    return name


def test_a_stored_pdf_is_downloaded_from_the_cache_until_it_is_unpublished(client, interview, freigabe_user):
    name = store_fake_pdf(interview, b"%PDF-1.7 Wald")
    url = interview.get_pdf_url()
    first = client.get(url)
    default_storage.delete(name)

    again = client.get(url)
    assert first.content == again.content == b"%PDF-1.7 Wald"
    assert again["Content-Type"] == "application/pdf"
    assert client.get(url, headers={"if_none_match": again["ETag"]}).status_code == 304

    publishing.unpublish(interview, freigabe_user)
    assert client.get(url).status_code == 404
