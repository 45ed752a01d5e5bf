"""The interview list: filters, bad query strings, pagination."""

import re

import pytest

from interviews.reader import views
from municipalities.models import KommuneKind, State
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Three published interviews in two series, plus one draft."""
    s2026 = SeriesFactory(slug="mal-nachgefragt-2026", year=2026)
    s2022 = SeriesFactory(slug="mal-nachgefragt-2022", year=2022)
    waerme = ThemeFactory(slug="waermeplanung", title="Klimaneutrale Wärmeplanung")
    fff = ThemeFactory(slug="fridays-for-future", title="Fridays for Future")
    ilm = KommuneFactory(name="Ilm-Kreis", kind=KommuneKind.LANDKREIS, state=State.TH)
    modell = KommuneFactory(name="Modellheim", kind=KommuneKind.GEMEINDE, state=State.BY)
    muster = KommuneFactory(name="Musterstadt", kind=KommuneKind.KREISFREIE_STADT, state=State.SN)
    a = InterviewFactory(series=s2026, part=1, kommune=ilm, title="Gemeinschaftsaufgabe Ilm", published=True)
    b = InterviewFactory(series=s2026, part=2, kommune=modell, title="Kleine Gemeinde Modellheim", published=True)
    c = InterviewFactory(series=s2022, part=1, kommune=muster, title="Klimanotstand Musterstadt", published=True)
    draft = InterviewFactory(series=s2026, part=3, kommune=ilm, title="Entwurf Ilm")
    QuestionFactory(interview=a, theme=waerme)
    QuestionFactory(interview=b, theme=waerme)
    QuestionFactory(interview=c, theme=fff)
    QuestionFactory(interview=draft, theme=waerme)
    return {"a": a, "b": b, "c": c, "draft": draft}


def titles(client, query):
    html = client.get("/interviews/" + query).content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_list_shows_every_published_interview_and_no_draft(client, catalogue):
    found = titles(client, "")

    assert sorted(found) == ["Gemeinschaftsaufgabe Ilm", "Kleine Gemeinde Modellheim", "Klimanotstand Musterstadt"]
    assert "Entwurf Ilm" not in found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?bundesland=TH", ["Gemeinschaftsaufgabe Ilm"]),
        ("?typ=gemeinde", ["Kleine Gemeinde Modellheim"]),
        ("?thema=waermeplanung", ["Gemeinschaftsaufgabe Ilm", "Kleine Gemeinde Modellheim"]),
        ("?thema=fridays-for-future", ["Klimanotstand Musterstadt"]),
        ("?reihe=mal-nachgefragt-2022", ["Klimanotstand Musterstadt"]),
        ("?reihe=mal-nachgefragt-2026&bundesland=BY", ["Kleine Gemeinde Modellheim"]),
        ("?bundesland=HB", []),
    ],
)
def test_filters_narrow_the_list(client, catalogue, query, expected):
    assert sorted(titles(client, query)) == expected


def test_filter_form_has_a_label_for_every_field_and_uses_get(client, catalogue):
    html = client.get("/interviews/").content.decode()

    assert '<form class="filter-form" method="get"' in html
    for name in ["q", "bundesland", "typ", "thema", "reihe"]:
        assert f'<label for="filter-{name}">' in html
        assert f'id="filter-{name}"' in html


def test_filters_are_kept_in_the_form_so_the_url_is_bookmarkable(client, catalogue):
    html = client.get("/interviews/?bundesland=TH&q=Antwort").content.decode()

    assert '<option value="TH" selected>' in html
    assert 'value="Antwort"' in html


@pytest.mark.parametrize(
    "query",
    ["?bundesland=XX", "?typ=dorf", "?thema=gibt-es-nicht", "?reihe=%00", "?q=" + "x" * 300, "?q=%00"],
)
def test_bad_filter_values_give_a_normal_page_with_a_german_message(client, catalogue, query):
    response = client.get("/interviews/" + query)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Auswahl" in html
    assert titles(client, query) == []


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "1.5", "%00"])
def test_bad_page_numbers_show_a_valid_page(client, catalogue, page):
    response = client.get(f"/interviews/?page={page}")

    assert response.status_code == 200
    assert len(titles(client, f"?page={page}")) == 3


def test_unknown_parameters_are_ignored(client, catalogue):
    assert len(titles(client, "?foo=bar&utm_source=x")) == 3


def test_list_is_paginated_and_page_links_keep_the_filters(client, catalogue, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)

    first = client.get("/interviews/?bundesland=&typ=").content.decode()
    second = titles(client, "?page=2")

    assert len(titles(client, "")) == 2
    assert len(second) == 1
    assert 'href="?bundesland=&amp;typ=&amp;page=2" rel="next"' in first
    assert 'aria-current="page">1</a>' in first
