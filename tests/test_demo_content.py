"""The demo content (manage.py load_demo) as loaded: marked sample text, the series, the Kommunen, the portraits.

These tests only read it: the content is loaded once for the module (a few seconds) in a transaction rolled
back at the end. What loading does (idempotent, keeps editors' changes, history, accounts) is in test_demo.py.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from core import richtext
from interviews.demo_content import SAMPLE_MARK
from interviews.editorial import publishing
from interviews.models import Interview, Question, Series, Status
from municipalities.models import Kommune, KommuneKind, State

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for the module; the rows are rolled back after its last test."""
    settings = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"), DEMO_PASSWORD="demo-passwort")
    with django_db_blocker.unblock(), settings, transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_demo_answer_is_marked_as_sample_text(demo):
    assert Question.objects.count() > 0
    for question in Question.objects.all():
        assert richtext.plain_text(question.answer).startswith(SAMPLE_MARK), question.question
    assert set(Interview.objects.values_list("is_sample", flat=True)) == {True}


def test_demo_interviews_have_answers_within_the_word_range_of_their_page_count(demo):
    from interviews import pdf

    interviews = list(Interview.objects.select_related("series"))
    assert len(interviews) == 8
    outside = {}
    for interview in interviews:
        low, high = pdf.word_range(interview.pages)
        questions = interview.questions.all()
        items = pdf.fitting.question_items(questions)
        themes = len({question.theme_id for question in questions})
        words, quote_room = pdf.text_units(items, portrait=bool(interview.portrait), themes=themes)
        if pdf.word_budget_error(interview.pages, words, quote_room) is not None:
            outside[interview.slug] = (interview.pages, words, quote_room, low, high)
    assert outside == {}
    assert sorted({interview.pages for interview in interviews}) == [5, 6]


def test_demo_has_the_2026_series_with_six_parts_and_four_themes(demo):
    series = Series.objects.get(year=2026)
    assert series.planned_parts == 6
    assert series.subtitle == "Interviews zu Herausforderungen im Klimaschutz"
    assert list(series.themes.order_by("position").values_list("title", flat=True)) == [
        "Verankerung und Wirkung",
        "Klimapolitik im Arbeitsalltag",
        "Klimaneutrale Wärmeplanung",
        "Personal und Finanzen",
    ]
    assert sorted(series.interviews.values_list("part", flat=True)) == [1, 2, 3, 4, 5, 6]
    other_third_theme = Series.objects.get(year=2022).themes.get(position=3)
    assert other_third_theme.slug == "fridays-for-future-klimanotstand"


def test_part_4_is_the_ilm_kreis_with_felix_schmigalle_published(demo):
    interview = Interview.objects.get(series__year=2026, part=4)
    assert interview.kommune.name == "Ilm-Kreis"
    assert (interview.kommune.kind, interview.kommune.state) == (KommuneKind.LANDKREIS, State.TH)
    assert not interview.kommune.is_fictional
    assert interview.interviewee_name == "Felix Schmigalle"
    assert interview.interviewee_role == "Klimaschutzmanager und Agenda 2030 Beauftragter des Ilm-Kreises"
    assert interview.interviewee() == "Interviewpartner"
    assert Interview.objects.get(series__year=2026, part=3).interviewee("by") == "von der Interviewpartnerin"
    assert interview.status == Status.PUBLISHED
    assert interview.published_at is not None


def test_other_demo_kommunen_and_people_are_marked_fictional(demo):
    for kommune in Kommune.objects.exclude(slug="ilm-kreis"):
        assert kommune.is_fictional
        assert "(fiktiv)" in kommune.name
    for interview in Interview.objects.exclude(kommune__slug="ilm-kreis"):
        assert "(fiktive Person)" in interview.interviewee_name


def test_demo_portraits_are_placeholders_with_alt_text(demo):
    for interview in Interview.objects.exclude(portrait=""):
        assert interview.portrait_alt.startswith("Platzhaltergrafik")
        # Drawn by akk-cms, no photo of anyone: the rights are clear, so publishing a demo part is not stopped there.
        rights = next(item for item in publishing.checklist(interview) if item["key"] == "portrait_rights")
        assert (rights["ok"], rights["detail"]) == (True, "ja")
