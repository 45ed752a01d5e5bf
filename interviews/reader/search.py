"""Full-text search over published interviews: one entry point, ``search()``.

What is searched: an interview's title, teaser, interviewee name and role, its
questions and answers, and the name of its Kommune.

PostgreSQL: ``SearchVector``/``SearchQuery``/``SearchRank`` with the "german"
configuration (Snowball stemming, so "Wärmeplanung" finds "Wärmeplan" and
umlauts fold); two GIN expression indexes (migration ``0003_search``) cover
exactly the vectors built here, so keep ``INTERVIEW_FIELDS`` and
``QUESTION_FIELDS`` in step with that migration.

SQLite: two external-content FTS5 tables (``interviews_interview_fts`` and
``interviews_question_fts``, tokenizer ``unicode61 remove_diacritics 2``),
kept current by triggers (migration ``0003_search``). A later migration that
alters an interview or question column makes SQLite rebuild the table, which
drops its triggers: ``ensure_sqlite_index()`` runs after every ``migrate``
(post_migrate, see ``interviews.apps``) and recreates what is missing. FTS5 has no German
stemmer, so each query word is cut to a light German stem here and searched as
a prefix: "Wärmeplanung" -> ``"wärmeplan"*``, which also finds "Wärmeplan".
Every word must occur in the interview (in any of its fields or questions).

Other databases: a case-insensitive substring search (documented fallback).
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

INTERVIEW_FIELDS = ("title", "lead", "interviewee_name", "interviewee_role")
QUESTION_FIELDS = ("question", "answer")

MAX_WORDS = 8
MAX_QUERY_LENGTH = 200

# Inflection endings stripped from query words on SQLite, longest first.
_GERMAN_ENDINGS = ("ungen", "heiten", "keiten", "ung", "heit", "keit", "ern", "en", "er", "es", "em", "e", "s", "n")
_WORD = re.compile(r"\w+")


def search(queryset, text):
    """Narrow ``queryset`` (interviews) to those matching ``text``, best first.

    An empty or word-less ``text`` matches nothing. Never raises on user input.
    """
    text = (text or "")[:MAX_QUERY_LENGTH]
    words = query_words(text)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text)
    if connection.vendor == "sqlite":
        return _search_sqlite(queryset, words)
    return _search_substring(queryset, words)


def query_words(text):
    """The searchable words of ``text``: lower case, two letters or more (numbers: four digits, e.g. years)."""
    words = [word for word in _WORD.findall(text.lower()) if len(word) >= (4 if word.isdigit() else 2)]
    return words[:MAX_WORDS]


def light_stem(word):
    """Cut one German inflection ending, keeping a stem of at least four letters."""
    for ending in _GERMAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _search_postgresql(queryset, text):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    from interviews.models import Interview, Question
    from municipalities.models import Kommune

    query = SearchQuery(text, config="german", search_type="websearch")
    interview_vector = SearchVector(*INTERVIEW_FIELDS, config="german")
    # Each part is a subquery of its own, so that each can use its GIN index.
    matching_interviews = (
        Interview.objects.annotate(search_vector=interview_vector).filter(search_vector=query).values("pk")
    )
    matching_questions = (
        Question.objects.annotate(search_vector=SearchVector(*QUESTION_FIELDS, config="german"))
        .filter(search_vector=query)
        .values("interview_id")
    )
    matching_kommunen = Kommune.objects.filter(name__icontains=text.strip()).values("pk")
    return (
        queryset.filter(
            Q(pk__in=matching_interviews) | Q(pk__in=matching_questions) | Q(kommune_id__in=matching_kommunen)
        )
        .annotate(search_rank=SearchRank(interview_vector, query))
        .order_by("-search_rank", "-published_at", "pk")
    )


def _search_sqlite(queryset, words):
    for word in words:
        term = f'"{light_stem(word)}"*'
        in_interview = RawSQL(
            "SELECT rowid FROM interviews_interview_fts WHERE interviews_interview_fts MATCH %s", [term]
        )
        in_questions = RawSQL(
            "SELECT q.interview_id FROM interviews_question q "
            "JOIN interviews_question_fts f ON f.rowid = q.id WHERE interviews_question_fts MATCH %s",
            [term],
        )
        queryset = queryset.filter(
            Q(pk__in=in_interview) | Q(pk__in=in_questions) | Q(kommune__name__icontains=light_stem(word))
        )
    return queryset.order_by("-published_at", "pk")


def _search_substring(queryset, words):
    for word in words:
        stem = light_stem(word)
        queryset = queryset.filter(
            Q(title__icontains=stem)
            | Q(lead__icontains=stem)
            | Q(interviewee_name__icontains=stem)
            | Q(interviewee_role__icontains=stem)
            | Q(kommune__name__icontains=stem)
            | Q(pk__in=_question_ids(stem))
        )
    return queryset.order_by("-published_at", "pk")


def _question_ids(stem):
    from interviews.models import Question

    return Question.objects.filter(Q(question__icontains=stem) | Q(answer__icontains=stem)).values("interview_id")


def matching_questions(questions, text):
    """Narrow ``questions`` to those whose question or answer matches ``text`` (same rules as ``search()``).

    Used to show readers where an interview matched.
    """
    text = (text or "")[:MAX_QUERY_LENGTH]
    words = query_words(text)
    if not words:
        return questions.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(text, config="german", search_type="websearch")
        return questions.annotate(search_vector=SearchVector(*QUESTION_FIELDS, config="german")).filter(
            search_vector=query
        )
    for word in words:
        if connection.vendor == "sqlite":
            term = f'"{light_stem(word)}"*'
            questions = questions.filter(
                pk__in=RawSQL(
                    "SELECT rowid FROM interviews_question_fts WHERE interviews_question_fts MATCH %s", [term]
                )
            )
        else:
            stem = light_stem(word)
            questions = questions.filter(Q(question__icontains=stem) | Q(answer__icontains=stem))
    return questions


# --- index maintenance (used by migration 0003_search) ----------------------

_SQLITE_TABLES = {
    "interviews_interview": ("interviews_interview_fts", INTERVIEW_FIELDS),
    "interviews_question": ("interviews_question_fts", QUESTION_FIELDS),
}


def sqlite_index_sql():
    """The statements that create the FTS5 tables and triggers (idempotent) and fill them."""
    # Only the constant table and column names above are interpolated, never input.
    statements = []
    for table, (fts, fields) in _SQLITE_TABLES.items():
        columns = ", ".join(fields)
        new_values = ", ".join(f"new.{field}" for field in fields)
        old_values = ", ".join(f"old.{field}" for field in fields)
        delete = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old_values});"  # noqa: S608
        insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new_values});"  # noqa: S608
        statements += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({columns}, content='{table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
        ]
    return statements


def sqlite_drop_sql():
    statements = []
    for fts, _fields in _SQLITE_TABLES.values():
        statements += [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in ("ai", "ad", "au")]
        statements.append(f"DROP TABLE IF EXISTS {fts}")
    return statements


def postgresql_index_sql():
    """GIN indexes on exactly the expressions ``_search_postgresql`` filters on."""

    def vector(fields):
        return " || ' ' || ".join(f"COALESCE({field}, '')" for field in fields)

    return [
        "CREATE INDEX IF NOT EXISTS interview_search_gin ON interviews_interview "
        f"USING gin (to_tsvector('german'::regconfig, {vector(INTERVIEW_FIELDS)}))",
        "CREATE INDEX IF NOT EXISTS question_search_gin ON interviews_question "
        f"USING gin (to_tsvector('german'::regconfig, {vector(QUESTION_FIELDS)}))",
    ]


def postgresql_drop_sql():
    return ["DROP INDEX IF EXISTS interview_search_gin", "DROP INDEX IF EXISTS question_search_gin"]


def ensure_sqlite_index(using=None, **kwargs):
    """Recreate missing FTS5 tables/triggers and rebuild them (SQLite only; safe to repeat).

    Connected to ``post_migrate``; touches only the FTS5 tables and triggers.
    """
    from django.db import connections

    conn = connections[using or "default"]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for statement in sqlite_index_sql():
            cursor.execute(statement)
