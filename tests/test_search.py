"""Full-text search (interviews.reader.search) through the list view: hits, misses, German words."""

import re

import pytest
from django.db import connection

from interviews.models import Interview
from interviews.reader import search
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def titles(client, q):
    html = client.get("/interviews/", {"q": q}).content.decode()
    return sorted(re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html))


@pytest.fixture
def interviews():
    series = SeriesFactory()
    waerme = InterviewFactory(
        series=series,
        part=1,
        title="Planung im Landkreis",
        kommune=KommuneFactory(name="Ilm-Kreis"),
        interviewee_name="Felix Schmigalle",
        published=True,
    )
    QuestionFactory(
        interview=waerme,
        question="Wo stehen Sie?",
        answer="<p>Der kommunale <strong>Wärmeplan</strong> ist beschlossen; die Straße bekommt ein Netz.</p>",
    )
    personal = InterviewFactory(
        series=series, part=2, title="Geld und Köpfe", lead="<p>Über die Kämmerei.</p>", published=True
    )
    QuestionFactory(interview=personal, question="Wie finanzieren Sie Personal?", answer="<p>Mit Fördermitteln.</p>")
    draft = InterviewFactory(series=series, part=3, title="Geheime Wärmeplanung")
    QuestionFactory(interview=draft, answer="<p>Wärmeplanung im Entwurf.</p>")
    return {"waerme": waerme, "personal": personal, "draft": draft}


def test_inflected_word_finds_its_stem_waermeplanung_finds_waermeplan(client, interviews):
    assert titles(client, "Wärmeplanung") == ["Planung im Landkreis"]


def test_search_finds_words_with_umlauts_and_sharp_s_in_any_case(client, interviews):
    assert titles(client, "WÄRMEPLAN") == ["Planung im Landkreis"]
    assert titles(client, "Straße") == ["Planung im Landkreis"]
    assert titles(client, "Kämmerei") == ["Geld und Köpfe"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Köpfe", ["Geld und Köpfe"]),  # title
        ("Kämmerei", ["Geld und Köpfe"]),  # teaser
        ("Schmigalle", ["Planung im Landkreis"]),  # interviewee
        ("Ilm-Kreis", ["Planung im Landkreis"]),  # Kommune
        ("finanzieren", ["Geld und Köpfe"]),  # question
        ("Fördermitteln", ["Geld und Köpfe"]),  # answer
    ],
)
def test_search_covers_titles_teasers_people_kommunen_questions_and_answers(client, interviews, q, expected):
    assert titles(client, q) == expected


def test_search_misses_words_that_do_not_occur(client, interviews):
    html = client.get("/interviews/", {"q": "Photovoltaik"}).content.decode()

    assert "Keine Interviews gefunden" in html


def test_search_never_finds_unpublished_interviews(client, interviews):
    assert "Geheime Wärmeplanung" not in titles(client, "Geheime")
    assert titles(client, "Entwurf") == []


@pytest.mark.parametrize("q", ['"', "AND", "NEAR(", "*", "a OR", "-", "'; DROP TABLE x; --", "ä" * 150, "(((("])
def test_odd_queries_never_fail(client, interviews, q):
    response = client.get("/interviews/", {"q": q})

    assert response.status_code == 200


def test_search_combines_with_filters(client, interviews):
    html = client.get("/interviews/", {"q": "Wärmeplanung", "bundesland": "BY"}).content.decode()

    assert "Keine Interviews gefunden" in html


def test_index_follows_edits_and_deletions(interviews):
    question = interviews["personal"].questions.get()
    question.answer = "<p>Über den Klimafonds.</p>"
    question.save()
    public = Interview.objects.published()

    assert list(search.search(public, "Klimafonds")) == [interviews["personal"]]
    assert list(search.search(public, "Fördermitteln")) == []

    question.delete()
    assert list(search.search(public, "Klimafonds")) == []


def test_light_stem_cuts_german_endings_but_keeps_short_words():
    assert search.light_stem("wärmeplanung") == "wärmeplan"
    assert search.light_stem("kommunen") == "kommun"
    assert search.light_stem("haus") == "haus"


@pytest.mark.sqlite
def test_sqlite_search_triggers_exist_after_all_migrations():
    """A later migration that rebuilds a table drops its triggers: post_migrate recreates them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'interviews_%_fts_%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {f"interviews_{t}_fts_{s}" for t in ("interview", "question") for s in ("ai", "ad", "au")}


@pytest.mark.postgres
def test_postgresql_search_uses_the_gin_indexes(interviews):
    """The indexes of migration 0003_search cover exactly the expressions the search filters on."""
    public = Interview.objects.published()
    queryset = search.search(public, "Wärmeplanung")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "question_search_gin" in plan
    assert "interview_search_gin" in plan


def test_search_results_link_to_the_matching_questions(client, interviews):
    question = interviews["waerme"].questions.get()

    html = client.get("/interviews/", {"q": "Wärmeplanung"}).content.decode()

    assert "Fundstellen im Interview:" in html
    assert f'href="{interviews["waerme"].get_absolute_url()}#frage-{question.pk}">Wo stehen Sie?</a>' in html


def test_match_outside_the_questions_shows_no_fundstellen(client, interviews):
    html = client.get("/interviews/", {"q": "Köpfe"}).content.decode()

    assert "Geld und Köpfe" in html
    assert "Fundstellen im Interview:" not in html
