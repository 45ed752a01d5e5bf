"""Every public page issues the same number of SQL queries for 1 and for 5 interviews (each with figures),
and so does loading what one PDF shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Interview, Status
from municipalities.models import Award
from tests.factories import (
    FigureFactory,
    InterviewFactory,
    KommuneFactory,
    QuestionFactory,
    SeriesFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# The figures' photos only need to exist (with their web renditions) for the pages to show them; their
# size does not change a query. Small ones: a 1500 px photo costs ~0.1 s of resizing per figure.
SMALL_PHOTO = {"image__width": 480, "image__height": 320}

# Page -> number of queries (anonymous reader, page cache off).
EXPECTED = {
    "/": 6,
    "/reihen/": 3,
    "/reihen/reihe-2026/": 8,
    "/interviews/": 5,
    "/interviews/?q=Antwort&bundesland=TH&typ=stadt&thema=thema-a&reihe=reihe-2026&page=1": 8,
    "/interviews/teil-1/": 6,
    "/interviews/teil-1/zitation.bib": 2,
    "/interviews/teil-1/zitation.ris": 2,
    "/interviews/teil-1/zitation.json": 2,
    "/reihen/reihe-2026/zitation.bib": 3,
    "/reihen/reihe-2026/pdf/": 2,
    "/themen/thema-a/pdf/?reihe=reihe-2026": 3,
    "/themen/": 2,
    "/themen/thema-a/": 7,
    "/themen/thema-a/?reihe=reihe-2026&typ=stadt": 7,
    "/kommunen/": 2,
    "/kommunen/kommune-1/": 4,
    "/impressum/": 2,
    "/daten/": 2,
    "/daten/interviews.json": 3,
    "/daten/interviews.csv": 1,
    "/feed/": 1,
    "/sitemap.xml": 8,
    "/robots.txt": 0,
}


def build(count):
    theme_a = ThemeFactory(slug="thema-a")
    theme_b = ThemeFactory(slug="thema-b")
    series = SeriesFactory(slug="reihe-2026", year=2026, themes=[theme_a, theme_b])
    SeriesFactory(slug="reihe-2022", year=2022)
    kommune = KommuneFactory(slug="kommune-1", state="TH")
    Award.objects.create(kommune=kommune, year=2020, category="Kategorie A")
    Award.objects.create(kommune=kommune, year=2022, category="Kategorie B")
    for part in range(1, count + 1):
        interview = InterviewFactory(
            series=series,
            part=part,
            slug=f"teil-{part}",
            kommune=kommune if part % 2 else KommuneFactory(),
            is_sample=True,
            published=True,
        )
        for theme in (theme_a, theme_b, theme_a):
            QuestionFactory(interview=interview, theme=theme, answer="<p>Eine Antwort.</p>", pull_quote="Eine Antwort.")
        for position in range(1, part % 3 + 2):
            FigureFactory(interview=interview, position=position, **SMALL_PHOTO)
    InterviewFactory(series=series, part=6, status=Status.DRAFT, planned_date="2026-12-01")


@pytest.mark.parametrize("count", [1, 5])
def test_public_page_query_counts_do_not_grow_with_interviews(client, count):
    """Every page of EXPECTED, one request each, on one set of rows (building them costs more than the requests:
    one test per count rather than per page). Django's caches are emptied before each request."""
    build(count)

    counted = {}
    for url in EXPECTED:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # The collected PDFs are not made in these tests: their routes answer 503 (no render in a request).
        assert response.status_code == (503 if url.endswith(("/pdf/", "/pdf/?reihe=reihe-2026")) else 200), url
        counted[url] = len(queries)

    assert counted == EXPECTED


@pytest.mark.parametrize("count", [1, 5])
def test_what_a_pdf_shows_is_loaded_with_the_same_queries_for_1_and_5_figures(django_assert_num_queries, count):
    from interviews import pdf

    build(1)
    interview = Interview.objects.get(slug="teil-1")
    for position in range(10, 10 + count):
        FigureFactory(interview=interview, position=position, **SMALL_PHOTO)

    with django_assert_num_queries(7):
        source = pdf.load_source(interview)
        fingerprint = pdf.fingerprint(source)

    assert len(source.figures) == count + 2
    assert sum(len(group["figures"]) for group in source.groups) == count + 2  # spread over the themes
    assert fingerprint == pdf.fingerprint(pdf.load_source(interview))
