"""The home page and series pages: the series and one slot per planned part."""

import datetime

import pytest

from interviews.models import Status
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    theme = ThemeFactory(title="Klimaneutrale Wärmeplanung", slug="waermeplanung")
    return SeriesFactory(
        slug="mal-nachgefragt-2026",
        year=2026,
        description="Sechs Kommunen erzählen.",
        funding_notice="Gefördert durch: Testministerium",
        themes=[theme],
    )


def published(series, part, **kwargs):
    interview = InterviewFactory(series=series, part=part, published=True, **kwargs)
    QuestionFactory(interview=interview)
    return interview


def test_home_shows_series_title_description_and_six_slots_in_part_order(client, series):
    published(series, 2, title="Wärme für den ländlichen Raum")
    published(series, 1, title="Klimaschutz im Rathaus")

    html = client.get("/").content.decode()

    assert "Mal nachgefragt!" in html
    assert "Interviews zu Herausforderungen im Klimaschutz" in html
    assert "Sechs Kommunen erzählen." in html
    assert html.count('class="slots__item') == 6
    assert html.index("Klimaschutz im Rathaus") < html.index("Wärme für den ländlichen Raum")
    assert "Gefördert durch: Testministerium" in html


def test_published_slot_shows_kommune_interviewee_title_teaser_and_pdf_link(client, series):
    kommune = KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis")
    interview = published(
        series,
        4,
        kommune=kommune,
        title="Klimaschutz als Gemeinschaftsaufgabe",
        interviewee_name="Felix Schmigalle",
        lead="<p>Vertrauen und Akzeptanz sind die Voraussetzung.</p>",
    )

    html = client.get("/").content.decode()

    assert "Ilm-Kreis" in html
    assert "Felix Schmigalle" in html
    assert f'href="{interview.get_absolute_url()}">Klimaschutz als Gemeinschaftsaufgabe</a>' in html
    assert "Vertrauen und Akzeptanz sind die Voraussetzung." in html
    assert f'href="{interview.get_pdf_url()}"' in html
    assert "PDF, 6 Seiten" in html


def test_draft_slot_shows_only_part_and_planned_month(client, series):
    InterviewFactory(
        series=series,
        part=6,
        status=Status.DRAFT,
        planned_date=datetime.date(2026, 12, 15),
        title="Geheimer Entwurfstitel",
        interviewee_name="Ute Vorlage",
        kommune=KommuneFactory(name="Regionalverband Geheim"),
    )

    html = client.get("/").content.decode()

    assert "Teil 6 – erscheint voraussichtlich Dezember 2026" in html
    assert "Geheimer Entwurfstitel" not in html
    assert "Ute Vorlage" not in html
    assert "Regionalverband Geheim" not in html


def test_scheduled_slot_shows_month_of_its_publication_time_and_nothing_else(client, series):
    InterviewFactory(
        series=series,
        part=5,
        status=Status.PUBLISHED,
        published_at=datetime.datetime(2099, 3, 10, 9, tzinfo=datetime.UTC),
        planned_date=datetime.date(2099, 1, 1),
        title="Noch nicht erschienen",
        interviewee_name="Paul Platzhalter",
    )

    html = client.get("/").content.decode()

    assert "Teil 5 – erscheint voraussichtlich März 2099" in html
    assert "Noch nicht erschienen" not in html
    assert "Paul Platzhalter" not in html


def test_review_interview_without_planned_date_is_shown_as_in_preparation(client, series):
    InterviewFactory(series=series, part=3, review=True, title="Titel in Prüfung")

    html = client.get("/").content.decode()

    assert "Teil 3 – in Vorbereitung" in html
    assert "Titel in Prüfung" not in html


def test_home_links_to_the_themes_and_to_earlier_series(client, series):
    SeriesFactory(slug="mal-nachgefragt-2022", year=2022, subtitle="Die erste Reihe")

    html = client.get("/").content.decode()

    assert "/themen/waermeplanung/?reihe=mal-nachgefragt-2026" in html
    assert 'href="/reihen/mal-nachgefragt-2022/"' in html


def test_earlier_series_has_its_own_page_with_its_parts(client, series):
    old = SeriesFactory(slug="mal-nachgefragt-2022", year=2022, planned_parts=5)
    published(old, 1, title="Klimanotstand ausgerufen – und dann?")

    html = client.get("/reihen/mal-nachgefragt-2022/").content.decode()

    assert "Klimanotstand ausgerufen – und dann?" in html
    assert html.count('class="slots__item') == 5
    assert "<h1" in html and "2022" in html


def test_missing_parts_of_a_finished_earlier_series_are_not_announced(client, series):
    old = SeriesFactory(slug="mal-nachgefragt-2022", year=2022, planned_parts=5)
    published(old, 1, title="Klimanotstand ausgerufen – und dann?")

    html = client.get("/reihen/mal-nachgefragt-2022/").content.decode()

    assert "Teil 2 – nicht erschienen" in html
    assert "in Vorbereitung" not in html
    assert "Teil 2 – nicht erschienen" not in client.get("/").content.decode()


def test_unknown_series_is_not_found(client, series):
    response = client.get("/reihen/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_home_without_any_series_says_the_first_one_is_coming(client):
    html = client.get("/").content.decode()

    assert "Die erste Reihe ist in Vorbereitung." in html


def test_demo_notice_appears_only_when_a_public_interview_is_sample_text(client, series):
    published(series, 1, is_sample=False)
    assert "Demo-Inhalte:" not in client.get("/").content.decode()

    published(series, 2, is_sample=True)
    assert "Demo-Inhalte:" in client.get("/").content.decode()


def test_public_pages_set_no_cookies_and_carry_no_csrf_token(client, series):
    published(series, 1)

    for url in ["/", "/interviews/", "/interviews/?q=Antwort", "/kommunen/", "/impressum/"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
