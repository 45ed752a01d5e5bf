"""The theme comparison: one column per Kommune, per series, filterable by Kommunentyp."""

import re

import pytest

from municipalities.models import KommuneKind
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    waerme = ThemeFactory(slug="waermeplanung", title="Klimaneutrale Wärmeplanung", question="Welche Bedeutung?")
    other = ThemeFactory(slug="personal", title="Personal und Finanzen")
    s2026 = SeriesFactory(slug="reihe-2026", year=2026, themes=[waerme, other])
    s2022 = SeriesFactory(slug="reihe-2022", year=2022, themes=[waerme])
    rows = [
        (s2026, 2, "Landkreis Musterland", KommuneKind.LANDKREIS, "Nahwärme auf dem Land.", True),
        (s2026, 1, "Beispielhausen", KommuneKind.STADT, "Stadtwerke als Partner.", True),
        (s2026, 3, "Modellheim", KommuneKind.GEMEINDE, "Entwurfsantwort.", False),
        (s2022, 1, "Altstadt", KommuneKind.STADT, "Antwort von 2022.", True),
    ]
    for series, part, name, kind, answer, public in rows:
        interview = InterviewFactory(
            series=series,
            part=part,
            kommune=KommuneFactory(name=name, kind=kind),
            published=public,
        )
        QuestionFactory(
            interview=interview,
            theme=waerme,
            question=f"Wärmefrage an {name}?",
            answer=f"<p>{answer} Mehr dazu.</p>",
            pull_quote=answer,
        )
        QuestionFactory(interview=interview, theme=other, answer=f"<p>Personalantwort {name}.</p>")
    return {"theme": waerme, "other": other}


def columns(html):
    return re.findall(r'<h2 class="compare-col__title" id="[^"]+">([^<]+)</h2>', html)


def test_comparison_shows_one_column_per_kommune_of_the_newest_series_in_part_order(client, setup):
    html = client.get("/themen/waermeplanung/").content.decode()

    assert columns(html) == ["Beispielhausen", "Landkreis Musterland"]
    assert "Klimaneutrale Wärmeplanung</h1>" in html
    assert "Welche Bedeutung?" in html
    assert "Nahwärme auf dem Land. Mehr dazu." in html
    assert "Wärmefrage an Beispielhausen?" in html
    assert '<blockquote class="compare-quote"><p>Stadtwerke als Partner.</p></blockquote>' in html


def test_comparison_shows_only_answers_of_this_theme(client, setup):
    html = client.get("/themen/waermeplanung/").content.decode()

    assert "Personalantwort" not in html


def test_comparison_never_shows_unpublished_interviews(client, setup):
    html = client.get("/themen/waermeplanung/").content.decode()

    assert "Modellheim" not in html
    assert "Entwurfsantwort" not in html


def test_comparison_can_switch_to_an_earlier_series(client, setup):
    html = client.get("/themen/waermeplanung/?reihe=reihe-2022").content.decode()

    assert columns(html) == ["Altstadt"]
    assert '<option value="reihe-2022" selected>' in html


def test_comparison_filters_by_kommunentyp(client, setup):
    html = client.get("/themen/waermeplanung/?typ=landkreis").content.decode()

    assert columns(html) == ["Landkreis Musterland"]


def test_comparison_with_no_match_for_the_type_says_so(client, setup):
    html = client.get("/themen/waermeplanung/?typ=region").content.decode()

    assert columns(html) == []
    assert "Zu diesem Kommunentyp gibt es in dieser Reihe noch keine Antworten." in html


@pytest.mark.parametrize("query", ["?typ=dorf", "?reihe=gibt-es-nicht", "?reihe=%00&typ=stadt"])
def test_bad_comparison_values_show_a_message_and_the_default_comparison(client, setup, query):
    response = client.get("/themen/waermeplanung/" + query)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Auswahl." in html
    assert columns(html) == ["Beispielhausen", "Landkreis Musterland"]


def test_comparison_columns_link_to_the_theme_in_each_interview(client, setup):
    html = client.get("/themen/waermeplanung/").content.decode()

    assert re.search(r'href="/interviews/[^"]+/#thema-waermeplanung"', html)
    assert 'href="#vergleich-' in html


def test_comparison_scroll_region_is_keyboard_reachable_and_labelled(client, setup):
    html = client.get("/themen/waermeplanung/").content.decode()

    assert re.search(r'class="compare-scroller" role="region" aria-label="[^"]+" tabindex="0"', html)


def test_theme_without_published_answers_says_none_have_appeared(client):
    ThemeFactory(slug="leer", title="Leeres Thema")

    html = client.get("/themen/leer/").content.decode()

    assert "Zu diesem Thema sind noch keine Interviews erschienen." in html


def test_unknown_theme_is_not_found(client):
    assert client.get("/themen/gibt-es-nicht/").status_code == 404


def test_theme_index_lists_themes_with_their_number_of_public_interviews(client, setup):
    html = client.get("/themen/").content.decode()

    assert "Klimaneutrale Wärmeplanung" in html
    assert "3 Interviews" in html  # two of 2026 and one of 2022, not the draft
