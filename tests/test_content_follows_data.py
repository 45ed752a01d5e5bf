"""Caches follow the data: any committed write to public content reaches readers, other requests change nothing.

Every model whose rows readers or PDFs show is changed here with a plain
``save()``/``delete()`` (as the shell, a data migration or a future feature
would), with ``loaddata`` and with m2m changes; the cached public page must
show the change. The tests commit (``transaction=True``): the version is
bumped when the writing transaction commits.
"""

import json

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse

from interviews.models import SiteState
from interviews.reader import cache
from municipalities.models import Award
from pages.models import Page, Slug
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

# serialized_rollback: leave the database as the next serialized test (test_pdf_store) expects it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _page_cache(settings):
    """The page cache on, as in production (state memo of PAGE_CACHE_STATE_SECONDS, default 1 s)."""
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_STATE_SECONDS = 1
    for alias in (settings.PAGE_CACHE_ALIAS, settings.PAGE_CACHE_FILES_ALIAS):
        caches[alias].clear()
    cache.forget_content_state()
    yield
    cache.forget_content_state()


@pytest.fixture
def interview():
    series = SeriesFactory(title="Reihe Alpha")
    interview = InterviewFactory(series=series, published=True, title="Wärme aus dem Wald")
    QuestionFactory(interview=interview, question="Wie heizt die Stadt?")
    return interview


def version():
    return SiteState.objects.values_list("content_version", flat=True).get()


def shown(client, url):
    """What an anonymous reader gets, read through the page cache (asserts it is cached)."""
    response = client.get(url)
    assert response.status_code in {200, 404}
    return response.text if response.status_code == 200 else ""


def assert_cached_then_changed(client, url, before, change, after):
    """``before`` on the cached page, then ``change()``, then ``after`` on the page."""
    assert before in shown(client, url)
    assert before in shown(client, url)  # from the cache
    change()
    text = shown(client, url)
    assert after(text)


def detail(interview):
    return reverse("interviews:detail", kwargs={"slug": interview.slug})


def test_interview_save_and_delete(client, interview):
    def retitle():
        interview.title = "Strom vom Dach"
        interview.save()

    assert_cached_then_changed(
        client, detail(interview), "Wärme aus dem Wald", retitle, lambda t: "Strom vom Dach" in t
    )
    assert_cached_then_changed(
        client, reverse("interviews:list"), "Strom vom Dach", interview.delete, lambda t: "Strom vom Dach" not in t
    )


def test_question_save_and_delete(client, interview):
    question = interview.questions.get()

    def reword():
        question.question = "Wer plant die Wärme?"
        question.save()

    url = detail(interview)
    assert_cached_then_changed(client, url, "Wie heizt die Stadt?", reword, lambda t: "Wer plant die Wärme?" in t)
    assert_cached_then_changed(client, url, "Wer plant die Wärme?", question.delete, lambda t: "Wer plant" not in t)


def test_series_save_delete_and_its_themes(client, interview):
    series = interview.series
    theme = ThemeFactory(title="Kommunale Wärmeplanung")

    def rename():
        series.subtitle = "Neue Unterzeile der Reihe"
        series.save()

    url = reverse("interviews:series", kwargs={"slug": series.slug})
    assert_cached_then_changed(client, url, "Reihe Alpha", rename, lambda t: "Neue Unterzeile der Reihe" in t)
    home = reverse("interviews:home")
    assert_cached_then_changed(
        client, home, "Reihe Alpha", lambda: series.themes.add(theme), lambda t: theme.title in t
    )
    assert_cached_then_changed(client, home, theme.title, lambda: theme.series.clear(), lambda t: theme.title not in t)

    empty = SeriesFactory(title="Leere Reihe", year=2030)
    index = reverse("interviews:series_index")
    assert_cached_then_changed(client, index, "Leere Reihe", empty.delete, lambda t: "Leere Reihe" not in t)


def test_theme_save_and_delete(client, interview):
    unused = ThemeFactory(title="Unbenutztes Thema")
    theme = interview.questions.get().theme

    def rename():
        theme.title = "Umbenanntes Thema"
        theme.save()

    url = reverse("interviews:themes")
    assert_cached_then_changed(client, url, theme.title, rename, lambda t: "Umbenanntes Thema" in t)
    assert_cached_then_changed(client, url, "Unbenutztes Thema", unused.delete, lambda t: "Unbenutztes Thema" not in t)


def test_kommune_and_award_save_and_delete(client, interview):
    kommune = interview.kommune
    url = reverse("municipalities:detail", kwargs={"slug": kommune.slug})
    award = Award.objects.create(kommune=kommune, year=2024, category="Energieeffizienz")

    def rename():
        kommune.name = "Neustadt am Wald"
        kommune.save()

    def recategorise():
        award.category = "Klimaanpassung"
        award.save()

    assert_cached_then_changed(client, url, kommune.name, rename, lambda t: "Neustadt am Wald" in t)
    assert_cached_then_changed(client, url, "Energieeffizienz", recategorise, lambda t: "Klimaanpassung" in t)
    assert_cached_then_changed(client, url, "Klimaanpassung", award.delete, lambda t: "Klimaanpassung" not in t)

    # A Kommune readers can see is in use (PROTECT); deleting an unused one still moves the version.
    unused = KommuneFactory()
    before = version()
    unused.delete()
    assert version() > before


def test_legal_page_save_and_delete(client, db):
    page, _new = Page.objects.update_or_create(
        slug=Slug.IMPRESSUM, defaults={"title": "Impressum", "body": "<p>Herausgeber: AKK</p>"}
    )
    url = reverse("pages:impressum")

    def edit():
        page.body = "<p>Herausgeber: Difu</p>"
        page.save()

    assert_cached_then_changed(client, url, "Herausgeber: AKK", edit, lambda t: "Herausgeber: Difu" in t)
    assert_cached_then_changed(client, url, "Herausgeber: Difu", page.delete, lambda t: "Herausgeber" not in t)


def test_loaddata_raw_saves_reach_readers(client, interview, tmp_path):
    fixture = tmp_path / "retitle.json"
    row = {"model": "interviews.theme", "pk": interview.questions.get().theme_id}
    theme = interview.questions.get().theme
    fields = {"title": "Geladenes Thema", "slug": theme.slug, "question": theme.question, "position": 1}
    fixture.write_text(json.dumps([{**row, "fields": fields}]))
    url = reverse("interviews:themes")

    assert_cached_then_changed(
        client,
        url,
        theme.title,
        lambda: call_command("loaddata", str(fixture), verbosity=0),
        lambda t: "Geladenes Thema" in t,
    )


def test_other_workers_see_a_change_within_the_state_memo(client, interview, monkeypatch):
    """Another process keeps the state it read for PAGE_CACHE_STATE_SECONDS (1 s), then sees the change."""
    url = detail(interview)
    shown(client, url)
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    cache.forget_content_state()
    assert "Wärme aus dem Wald" in shown(client, url)  # this "worker" read the state at t=1000
    stale_memo = cache._memo

    interview.title = "Strom vom Dach"
    interview.save()
    cache._memo = stale_memo  # as in a worker that did not make the change

    clock[0] += 0.5
    assert "Wärme aus dem Wald" in shown(client, url)
    clock[0] += 0.6
    assert "Strom vom Dach" in shown(client, url)


def test_one_transaction_bumps_once_and_a_rollback_bumps_nothing(interview):
    from django.db import transaction

    before = version()
    with transaction.atomic():
        interview.title = "Eins"
        interview.save()
        for question in interview.questions.all():
            question.save()
    assert version() == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        interview.title = "Zwei"
        interview.save()
        raise RuntimeError
    assert version() == before + 1


def test_requests_that_change_no_content_change_no_cache(client, interview, redaktion_user):
    """Logout with a made-up session, logins (good and bad), admin pages, an invalid form: version unchanged."""
    login_page = client.get(reverse("admin:login"))
    token = login_page.cookies["csrftoken"].value
    before = version()

    for _ in range(3):
        client.cookies["sessionid"] = "frei-erfunden-1234567890"
        response = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code in {200, 302}
    client.post(reverse("admin:login"), {"username": "redakteurin", "password": "falsch", "csrfmiddlewaretoken": token})
    client.post(
        reverse("admin:login"),
        {"username": "redakteurin", "password": "test-pass-123", "csrfmiddlewaretoken": token},
    )
    assert client.get(reverse("admin:index")).status_code == 200
    client.get(reverse("admin:interviews_interview_change", args=[interview.pk]))
    client.post(reverse("admin:interviews_theme_add"), {"title": ""})  # invalid: nothing saved
    client.post(reverse("admin:logout"))

    assert version() == before
