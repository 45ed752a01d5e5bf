"""The interview list tells the state at a glance: status with „Geplant (date)“, page budget, PDF state;
filters for Geplant, series, theme, „über Budget“, „PDF fehlt/fehlerhaft“; search in teaser and answers."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import PdfState
from interviews.pdf import fitting
from tests.factories import InterviewFactory, QuestionFactory, SeriesFactory, ThemeFactory, answer_of

pytestmark = pytest.mark.django_db

LIST = reverse("admin:interviews_interview_changelist")


def words(n):
    # One paragraph of words of ordinary length: the budget counts their number (fitting.answer_words).
    return answer_of(n).replace(".</p><p>", ". ")


def de(number):
    return f"{number:,}".replace(",", ".")


def titles(response):
    return re.findall(r'<th class="field-list_title"><a [^>]*>([^<]+)<span', response.content.decode())


@pytest.fixture
def interviews():
    wald, rad = ThemeFactory(title="Wärme aus dem Wald"), ThemeFactory(title="Radverkehr")
    new, old = SeriesFactory(year=2026, themes=[wald, rad]), SeriesFactory(year=2022, themes=[rad])
    draft = InterviewFactory(series=new, part=1, title="Entwurf Eins", lead="<p>Hackschnitzel im Landkreis</p>")
    QuestionFactory(interview=draft, theme=wald, question="Wie?", answer=words(2800))
    planned = InterviewFactory(
        series=new,
        part=2,
        title="Geplant Zwei",
        status="published",
        published_at=timezone.now() + datetime.timedelta(days=10),
    )
    high = fitting.word_range(new.pages_per_part)[1]
    # More than six pages hold: the question and the room around it count too.
    QuestionFactory(interview=planned, theme=rad, question="Wie?", answer=words(high + 189))
    out = InterviewFactory(
        series=old,
        part=1,
        title="Erschienen Drei",
        status="published",
        published_at=timezone.now() - datetime.timedelta(days=10),
        pdf_state=PdfState.CURRENT,
        pdf_pages=6,
    )
    QuestionFactory(interview=out, theme=rad, answer="<p>Die Fahrradstraße am Bahnhof ist fertig.</p>")
    failed = InterviewFactory(series=old, part=2, title="Fehler Vier", pdf_state=PdfState.FAILED)
    QuestionFactory(interview=failed, theme=rad, answer=words(2000))
    return {"draft": draft, "planned": planned, "out": out, "failed": failed, "wald": wald, "new": new}


def test_the_list_shows_status_budget_and_pdf_state(client, redaktion_user, interviews):
    client.force_login(redaktion_user)
    page = client.get(LIST).content.decode()

    when = timezone.localtime(interviews["planned"].published_at).strftime("%d.%m.%Y %H:%M")
    assert f"Geplant ({when})" in page
    low, high = fitting.word_range(interviews["new"].pages_per_part)
    assert f"über Budget: 200 Wörter zu viel ({de(high + 200)} von höchstens {de(high)})" in page
    assert f"passt: 2.811 Wörter ({de(low)}–{de(high)})" in page
    assert '<span class="pdf-failed">fehlerhaft</span>' in page
    assert "aktuell, 6 Seiten" in page
    assert "Teil 2 · 2026 ·" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stand=geplant", ["Geplant Zwei"]),
        ("stand=erschienen", ["Erschienen Drei"]),
        ("stand=entwurf", ["Entwurf Eins", "Fehler Vier"]),
        ("budget=ueber", ["Geplant Zwei"]),
        ("pdf=fehlt", ["Entwurf Eins", "Geplant Zwei", "Fehler Vier"]),
        ("q=Hackschnitzel", ["Entwurf Eins"]),
        ("q=Fahrradstraße", ["Erschienen Drei"]),
    ],
)
def test_filters_and_search(client, redaktion_user, interviews, query, expected):
    client.force_login(redaktion_user)
    assert sorted(titles(client.get(f"{LIST}?{query}"))) == sorted(expected)


def test_theme_and_series_filters(client, redaktion_user, interviews):
    client.force_login(redaktion_user)
    assert titles(client.get(f"{LIST}?thema={interviews['wald'].pk}")) == ["Entwurf Eins"]
    by_series = titles(client.get(f"{LIST}?series__id__exact={interviews['new'].pk}"))
    assert sorted(by_series) == ["Entwurf Eins", "Geplant Zwei"]


def list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_the_list_needs_the_same_queries_for_1_and_5_interviews(client, redaktion_user):
    theme = ThemeFactory()
    series = SeriesFactory(themes=[theme], planned_parts=12)
    client.force_login(redaktion_user)
    QuestionFactory(interview=InterviewFactory(series=series, part=1), theme=theme)
    one = list_queries(client)
    for part in range(2, 6):
        QuestionFactory(interview=InterviewFactory(series=series, part=part), theme=theme)
    assert list_queries(client) == one
