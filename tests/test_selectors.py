"""Web page and PDF take themes and parts from one module (interviews.selectors), in the same order.

The PDF side is read from its print HTML (no WeasyPrint render); the PDF bytes
are checked in tests/test_pdf.py.
"""

import datetime
import re

import pytest
from django.utils import timezone

from interviews.pdf import document
from interviews.pdf.source import load_source
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def positions(text, needles):
    """``needles`` sorted by where they first occur in ``text`` (all must occur)."""
    found = {needle: text.find(needle) for needle in needles}
    assert all(index >= 0 for index in found.values()), found
    return sorted(needles, key=found.get)


@pytest.fixture
def series():
    themes = [
        ThemeFactory(title="Verankerung", position=1),
        ThemeFactory(title="Wärmeplanung", position=2),
        ThemeFactory(title="Finanzen", position=3),
    ]
    return SeriesFactory(themes=themes, planned_parts=6, year=2026)


def test_interview_page_and_pdf_show_the_themes_in_the_same_order(client, series):
    verankerung, waerme, finanzen = series.themes.order_by("position")
    interview = InterviewFactory(series=series, part=1, published=True)
    # The editor's question order puts Finanzen first, against the themes' own positions.
    for position, theme in enumerate([finanzen, finanzen, verankerung, waerme, verankerung], start=1):
        QuestionFactory(interview=interview, theme=theme, position=position, question=f"Frage {position} zu {theme}?")

    page = client.get(interview.get_absolute_url()).content.decode()
    source = load_source(interview)
    print_html = document.build_html(source, {})

    expected = ["Finanzen", "Verankerung", "Wärmeplanung"]
    assert [group["theme"].title for group in source.groups] == expected
    headings = re.findall(r"<h2[^>]*>\s*([^<]+?)\s*</h2>", page)
    assert [title for title in headings if title in expected] == expected
    body = print_html[print_html.index('id="body-start"') :]
    assert positions(body, [f"<h2>{title}</h2>" for title in expected]) == [f"<h2>{t}</h2>" for t in expected]
    # Questions of a theme stay together, in the editor's order.
    assert positions(body, ["Frage 3 zu", "Frage 5 zu", "Frage 4 zu"]) == ["Frage 3 zu", "Frage 5 zu", "Frage 4 zu"]


def test_series_page_and_pdf_back_page_list_the_same_public_parts_in_part_order(client, series):
    now = timezone.now()
    current = InterviewFactory(
        series=series, part=3, published=True, title="Dieses Interview", kommune=KommuneFactory(name="Hier")
    )
    QuestionFactory(interview=current, theme=series.themes.first())
    InterviewFactory(series=series, part=1, published=True, title="Erster Teil", kommune=KommuneFactory(name="Eins"))
    InterviewFactory(series=series, part=2, title="Geheimer Entwurf", kommune=KommuneFactory(name="Entwurfsstadt"))
    InterviewFactory(
        series=series,
        part=4,
        status="review",
        title="In Prüfung",
        kommune=KommuneFactory(name="Prüfstadt"),
        planned_date=datetime.date(2026, 9, 1),
    )
    InterviewFactory(
        series=series,
        part=5,
        status="published",
        published_at=now + datetime.timedelta(days=40),
        title="Unter Sperrfrist",
        kommune=KommuneFactory(name="Sperrstadt"),
    )

    page = client.get(series.get_absolute_url()).content.decode()
    print_html = document.build_html(load_source(current), {})
    back = print_html[print_html.index('id="back-start"') :]

    for secret in ["Geheimer Entwurf", "Entwurfsstadt", "In Prüfung", "Prüfstadt", "Unter Sperrfrist", "Sperrstadt"]:
        assert secret not in page
        assert secret not in print_html
    assert positions(page, ["Erster Teil", "Dieses Interview"]) == ["Erster Teil", "Dieses Interview"]
    items = re.findall(r"<li[^>]*><span class=\"nr\">(\d)</span>(.*?)</li>", back)
    assert [number for number, _text in items] == ["1", "2", "3", "4", "5", "6"]
    texts = dict(items)
    assert texts["1"].startswith("Eins: Erster Teil")
    assert "dieses Interview" in texts["3"]
    assert "in Vorbereitung" in texts["2"]
    assert "erscheint voraussichtlich September 2026" in texts["4"]
    assert "erscheint voraussichtlich" in texts["5"]
    # The web's series page names the same months for the same parts.
    assert "Teil 4 – erscheint voraussichtlich September 2026" in page
