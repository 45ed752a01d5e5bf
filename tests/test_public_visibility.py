"""Drafts, interviews in review and scheduled ones stay invisible to anonymous readers on every route."""

import datetime

import pytest
from django.utils import timezone

from interviews.models import Status
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Geheimtitel Xylophon"
SECRET_WORD = "Quastenflosser"


@pytest.fixture(params=["draft", "review", "scheduled"])
def hidden(request):
    theme = ThemeFactory(slug="waermeplanung")
    series = SeriesFactory(slug="reihe", themes=[theme])
    public = InterviewFactory(series=series, part=1, title="Öffentliches Interview", published=True)
    QuestionFactory(interview=public, theme=theme)
    values = {
        "draft": {"status": Status.DRAFT},
        "review": {"status": Status.REVIEW},
        "scheduled": {
            "status": Status.PUBLISHED,
            "published_at": timezone.now() + datetime.timedelta(days=3),
        },
    }[request.param]
    interview = InterviewFactory(
        series=series,
        part=2,
        slug="geheim",
        title=SECRET_TITLE,
        interviewee_name="Geheime Person",
        kommune=KommuneFactory(name="Geheimstadt", slug="geheimstadt"),
        **values,
    )
    QuestionFactory(interview=interview, theme=theme, answer=f"<p>{SECRET_WORD}</p>", pull_quote=SECRET_WORD)
    return interview


def assert_hidden(response, searched=""):
    """None of the hidden interview's details is in the response (except what the reader typed)."""
    html = response.content.decode()
    for secret in [SECRET_TITLE, SECRET_WORD, "Geheime Person", "Geheimstadt", "/interviews/geheim/"]:
        if secret != searched:
            assert secret not in html, secret


def test_interview_page_is_404(client, hidden):
    response = client.get("/interviews/geheim/")

    assert response.status_code == 404
    assert_hidden(response)


def test_pdf_route_is_404(client, hidden):
    assert client.get("/interviews/geheim/pdf/").status_code == 404


@pytest.mark.parametrize(
    ("url", "visible"),
    [
        ("/", "Öffentliches Interview"),
        ("/reihen/reihe/", "Öffentliches Interview"),
        ("/interviews/", "Öffentliches Interview"),
        (f"/interviews/?q={SECRET_WORD}", "Keine Interviews gefunden"),
        ("/interviews/?q=Geheimtitel", "Keine Interviews gefunden"),
        ("/interviews/?thema=waermeplanung", "Öffentliches Interview"),
        ("/themen/", "1 Interview"),
        ("/themen/waermeplanung/", "1 Kommune im Vergleich."),
        ("/kommunen/", "1 Interview"),
        ("/feed/", "Öffentliches Interview"),
        ("/sitemap.xml", "/interviews/"),
    ],
)
def test_lists_search_theme_kommunen_feed_and_sitemap_leave_it_out(client, hidden, url, visible):
    response = client.get(url)

    assert response.status_code == 200
    assert visible in response.content.decode()
    assert_hidden(response, searched=SECRET_WORD if SECRET_WORD in url else "")


def test_its_kommune_page_is_404_while_it_has_no_published_interview(client, hidden):
    assert client.get("/kommunen/geheimstadt/").status_code == 404


def test_scheduled_interview_appears_by_itself_once_its_time_has_come(client):
    interview = InterviewFactory(
        slug="bald", title="Bald da", status=Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    QuestionFactory(interview=interview)
    assert client.get("/interviews/bald/").status_code == 404

    interview.published_at = timezone.now() - datetime.timedelta(seconds=1)
    interview.save()

    assert "Bald da" in client.get("/interviews/bald/").content.decode()
    assert "Bald da" in client.get("/feed/").content.decode()
