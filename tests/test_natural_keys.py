"""Content moves between instances with natural keys: dumpdata, empty database, loaddata, same content."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection

from interviews.models import Interview, Question, Series, Status, Theme
from municipalities.models import Award, Kommune
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = pytest.mark.django_db

APPS = [
    "auth.group",
    "auth.user",
    "municipalities",
    "interviews.theme",
    "interviews.series",
    "interviews.interview",
    "interviews.question",
]


def to_milliseconds(rows):
    """Django's JSON serializer keeps times to the millisecond; compare at that precision."""
    rows = list(rows)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, datetime.datetime):
                row[key] = value.replace(microsecond=value.microsecond // 1000 * 1000)
    return rows


def snapshot():
    """All content, described by natural keys only (no database ids)."""
    return {
        "kommunen": list(
            Kommune.objects.order_by("slug").values(
                "slug", "name", "kind", "state", "population", "website", "logo_alt", "akk_member", "is_fictional"
            )
        ),
        "awards": list(
            Award.objects.order_by("kommune__slug", "year").values_list("kommune__slug", "year", "category")
        ),
        "themes": list(Theme.objects.order_by("slug").values("slug", "title", "question", "position", "print_color")),
        "series": [
            (
                s.slug,
                s.title,
                s.year,
                s.planned_parts,
                s.funding_body,
                s.funding_notice,
                sorted(t.slug for t in s.themes.all()),
            )
            for s in Series.objects.order_by("slug")
        ],
        "interviews": to_milliseconds(
            Interview.objects.order_by("series__slug", "part").values(
                "series__slug",
                "part",
                "kommune__slug",
                "slug",
                "title",
                "lead",
                "status",
                "published_at",
                "published_by__username",
                "created_at",
                "version",
            )
        ),
        "questions": list(
            Question.objects.order_by("interview__series__slug", "interview__part", "position").values_list(
                "interview__series__slug", "interview__part", "theme__slug", "position", "question", "answer"
            )
        ),
    }


def flush():
    """Empty the database, as `manage.py flush` does.

    PostgreSQL refuses to TRUNCATE tables with deferred constraint checks still
    pending in the test's transaction, so run those checks first.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def content(freigabe_user):
    themes = [ThemeFactory(slug="verankerung"), ThemeFactory(slug="waermeplanung")]
    series_2026 = SeriesFactory(slug="mal-nachgefragt-2026", year=2026, themes=themes)
    series_2022 = SeriesFactory(slug="mal-nachgefragt-2022", year=2022, funding_body="Ein anderes Ministerium")
    ilm = KommuneFactory(slug="ilm-kreis", name="Ilm-Kreis")
    Award.objects.create(kommune=ilm, year=2021, category="Klimaschutz durch Kooperation")
    published = InterviewFactory(series=series_2026, part=4, kommune=ilm, published=True, published_by=freigabe_user)
    QuestionFactory(interview=published, theme=themes[0], position=1, question="Wie verankert?")
    QuestionFactory(interview=published, theme=themes[1], position=2, question="Wärmeplanung?")
    draft = InterviewFactory(series=series_2022, part=1, kommune=KommuneFactory(slug="musterstadt"))
    QuestionFactory(interview=draft, theme=themes[1], position=1)
    return snapshot()


def test_dump_uses_natural_keys_instead_of_database_ids(content, tmp_path):
    dump = tmp_path / "inhalt.json"
    call_command("dumpdata", *APPS, natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0)

    rows = json.loads(dump.read_text())
    interview = next(row for row in rows if row["model"] == "interviews.interview" and row["fields"]["part"] == 4)
    assert "pk" not in interview
    assert interview["fields"]["series"] == ["mal-nachgefragt-2026"]
    assert interview["fields"]["kommune"] == ["ilm-kreis"]
    assert interview["fields"]["published_by"] == ["freigeberin"]
    question = next(row for row in rows if row["model"] == "interviews.question")
    assert question["fields"]["interview"] in (["mal-nachgefragt-2026", 4], ["mal-nachgefragt-2022", 1])


def test_dump_flush_load_round_trip_restores_the_same_content(content, tmp_path):
    dump = tmp_path / "inhalt.json"
    call_command("dumpdata", *APPS, natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0)

    flush()
    assert not Interview.objects.exists() and not Kommune.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)

    assert snapshot() == content
    assert Interview.objects.get_by_natural_key("mal-nachgefragt-2026", 4).status == Status.PUBLISHED
    assert [i.part for i in Interview.objects.published()] == [4]


def test_load_into_a_database_with_other_ids_links_by_natural_key(content, tmp_path):
    dump = tmp_path / "inhalt.json"
    call_command("dumpdata", *APPS, natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0)
    flush()
    # Another instance: its ids are taken by unrelated rows.
    for n in range(3):
        make_user(f"andere-{n}")
        KommuneFactory(slug=f"andere-kommune-{n}")
        SeriesFactory(slug=f"andere-reihe-{n}")
        ThemeFactory(slug=f"anderes-thema-{n}")
    make_user("freigeberin")

    call_command("loaddata", str(dump), verbosity=0)

    interview = Interview.objects.get_by_natural_key("mal-nachgefragt-2026", 4)
    assert interview.kommune.slug == "ilm-kreis"
    assert interview.published_by.username == "freigeberin"
    assert [q.theme.slug for q in interview.questions.all()] == ["verankerung", "waermeplanung"]
    assert Kommune.objects.get(slug="ilm-kreis").awards.get().year == 2021
