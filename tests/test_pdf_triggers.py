"""Renders are queued by the data: whatever writes what a live PDF shows queues its render, once per transaction."""

import datetime

import pytest
from django.db import transaction
from django.tasks import default_task_backend
from django.utils import timezone

from interviews.models import Interview, PdfState
from municipalities.models import Award
from tests.factories import InterviewFactory, QuestionFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block queues on commit, as a real commit would (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def queued():
    """(task name, interview id, run_after) of every task queued so far (the Dummy backend keeps them)."""
    return [(r.task.name, r.args[0], r.task.run_after) for r in default_task_backend.results]


def clear():
    default_task_backend.results.clear()


def test_saving_a_live_interview_and_its_questions_in_one_transaction_queues_one_render(committed):
    with committed():
        live = InterviewFactory(published=True)
        questions = [QuestionFactory(interview=live) for _ in range(3)]
    clear()

    with committed(), transaction.atomic():
        live.title = "Neu"
        live.save()
        for question in questions:
            question.answer = "<p>Geändert.</p>"
            question.save()
        questions[0].delete()

    assert queued() == [("render_pdf_task", live.pk, None)]


def test_a_draft_gets_no_stored_pdf_but_its_live_siblings_back_pages_are_checked(committed):
    with committed():
        series = SeriesFactory()
        live = InterviewFactory(series=series, part=1, published=True)
    clear()

    with committed():
        draft = InterviewFactory(series=series, part=2)
        QuestionFactory(interview=draft)

    assert queued() == [("render_pdf_task", live.pk, None)]


def test_a_kommune_or_award_change_queues_its_live_interviews_and_their_series(committed):
    with committed():
        series = SeriesFactory()
        own = InterviewFactory(series=series, part=1, published=True)
        sibling = InterviewFactory(series=series, part=2, published=True)
        elsewhere = InterviewFactory(published=True)
    clear()

    with committed():
        own.kommune.name = "Umbenannt"
        own.kommune.save()
    assert sorted(pk for _name, pk, _when in queued()) == sorted([own.pk, sibling.pk])
    clear()

    with committed():
        Award.objects.create(kommune=own.kommune, year=2025, category="Klimaschutz durch Kooperation")
    assert queued() == [("render_pdf_task", own.pk, None)]
    assert elsewhere.pk not in [pk for _name, pk, _when in queued()]


def test_a_scheduled_part_queues_its_series_again_for_the_moment_it_becomes_public(committed):
    with committed():
        series = SeriesFactory()
        live = InterviewFactory(series=series, part=1, published=True)
    when = timezone.now() + datetime.timedelta(days=3)
    clear()

    with committed():
        scheduled = InterviewFactory(series=series, part=2, published=True, published_at=when)

    now = {pk for _name, pk, run_after in queued() if run_after is None}
    later = {pk for _name, pk, run_after in queued() if run_after == when}
    assert now == later == {live.pk, scheduled.pk}


def test_storing_a_pdf_queues_nothing(committed):
    with committed():
        live = InterviewFactory(published=True)
    clear()

    with committed():
        Interview.objects.filter(pk=live.pk).update(pdf_state=PdfState.CURRENT, pdf_fingerprint="x" * 64)

    assert queued() == []
