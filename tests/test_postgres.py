"""Behaviour that only PostgreSQL has: German full-text search with stemming, GIN indexes.

These run in the PostgreSQL pass of ``make test`` (``python -m tests.postgres``)
and are skipped on SQLite (see ``tests/conftest.py``).
"""

import pytest
from django.db import connection

from interviews.models import Interview
from interviews.reader.search import search
from tests.factories import InterviewFactory, QuestionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def found(text):
    return [interview.title for interview in search(Interview.objects.published(), text)]


def test_the_suite_really_runs_on_postgresql_with_a_utf8_database():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version_num')::int, pg_encoding_to_char(encoding) "
            "FROM pg_database WHERE datname = current_database()"
        )
        version, encoding = cursor.fetchone()
    assert version >= 150000
    assert encoding == "UTF8"


def test_waermeplanung_finds_an_interview_about_the_waermeplan():
    QuestionFactory(
        interview=InterviewFactory(published=True, title="Heizen ohne Öl"),
        answer="<p>Unser kommunaler Wärmeplan liegt seit dem Frühjahr vor.</p>",
    )
    InterviewFactory(published=True, title="Radverkehr im Quartier")

    assert found("Wärmeplanung") == ["Heizen ohne Öl"]


def test_inflected_words_with_umlauts_and_sharp_s_find_each_other():
    InterviewFactory(published=True, title="Neue Straßenbeleuchtung für alle Ortsteile")
    InterviewFactory(published=True, title="Kläranlagen erzeugen Strom")

    assert found("Straßenbeleuchtungen") == ["Neue Straßenbeleuchtung für alle Ortsteile"]
    assert found("Strassenbeleuchtung") == ["Neue Straßenbeleuchtung für alle Ortsteile"]
    assert found("Kläranlage") == ["Kläranlagen erzeugen Strom"]


def test_search_finds_only_published_interviews():
    InterviewFactory(published=True, title="Photovoltaik auf dem Rathaus")
    InterviewFactory(title="Photovoltaik auf der Schule")
    InterviewFactory(scheduled=True, title="Photovoltaik auf dem Bauhof")

    assert found("Photovoltaik") == ["Photovoltaik auf dem Rathaus"]


def test_an_interview_about_the_topic_ranks_before_one_that_mentions_it_once():
    InterviewFactory(published=True, title="Energie sparen", lead="<p>Auch Windkraft kam vor.</p>")
    InterviewFactory(
        published=True,
        title="Windkraft im Gemeindewald",
        lead="<p>Windkraft bringt Einnahmen; die Windkraft-Anlagen stehen seit 2024.</p>",
    )

    assert found("Windkraft") == ["Windkraft im Gemeindewald", "Energie sparen"]


def test_search_syntax_characters_from_readers_do_not_break_the_query():
    InterviewFactory(published=True, title="Klimaanpassung im Quartier")

    assert found("Klimaanpassung & | ! : * ( ) '") == ["Klimaanpassung im Quartier"]
    assert found('"Klimaanpassung" -Hitze OR \'') == ["Klimaanpassung im Quartier"]
    assert found("!!! ::: ***") == []


def explain(queryset):
    """The plan of ``queryset`` when only index lookups are cheap (the tables here are tiny)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_uses_the_german_gin_indexes_of_interviews_and_questions():
    """The indexes only help if search() builds exactly the indexed expressions."""
    QuestionFactory(interview=InterviewFactory(published=True), answer="<p>Wärmepumpen überall.</p>")

    plan = explain(search(Interview.objects.published(), "Wärmepumpe"))

    assert "interview_search_gin" in plan, plan
    assert "question_search_gin" in plan, plan
