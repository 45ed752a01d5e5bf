"""The series index and the bounded list of other series on the home page."""

import pytest

from interviews.reader import views
from tests.factories import InterviewFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_series_index_lists_every_series_with_its_published_count(client):
    current = SeriesFactory(slug="reihe-2026", year=2026, subtitle="Aktuelle Reihe")
    older = SeriesFactory(slug="reihe-2022", year=2022, subtitle="Erste Reihe")
    InterviewFactory(series=current, part=1, published=True)
    InterviewFactory(series=current, part=2)  # a draft is not counted

    html = client.get("/reihen/").content.decode()

    assert "Aktuelle Reihe" in html and "Erste Reihe" in html
    assert html.index("reihe-2026") < html.index("reihe-2022")
    assert "1 Interview erschienen" in html
    assert "0 Interviews erschienen" in html
    assert older.get_absolute_url() in html


def test_home_links_only_the_newest_other_series_and_the_index(client):
    SeriesFactory(slug="aktuell", year=2030)
    for year in range(2010, 2010 + views.OTHER_SERIES_SHOWN + 3):
        SeriesFactory(slug=f"alt-{year}", year=year)

    html = client.get("/").content.decode()

    shown = [year for year in range(2010, 2018) if f"/reihen/alt-{year}/" in html]
    assert len(shown) == views.OTHER_SERIES_SHOWN
    assert shown == list(range(2018 - views.OTHER_SERIES_SHOWN, 2018))
    assert 'href="/reihen/"' in html
