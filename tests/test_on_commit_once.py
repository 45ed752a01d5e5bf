"""core.content.on_commit_once: work asked for by many writes of one transaction runs once, after the commit.

Real transactions (``transaction=True``): the commits happen, savepoints and transactions are rolled back.
"""

import pytest
from django.db import transaction

from core import content

pytestmark = pytest.mark.django_db(transaction=True)


def ask(ran, key):
    content.on_commit_once(key, lambda: ran.append(key))


def test_many_requests_in_one_transaction_run_once_each_after_the_commit():
    ran = []
    with transaction.atomic():
        for key in ["a", "b", "a", "a", "b", "c"]:
            ask(ran, key)
        assert ran == []
    assert ran == ["a", "b", "c"]

    with transaction.atomic():
        ask(ran, "a")
    assert ran == ["a", "b", "c", "a"]  # a new transaction: runs again


def test_a_request_from_a_rolled_back_savepoint_does_not_hide_a_later_one():
    ran = []
    with transaction.atomic():
        try:
            with transaction.atomic():
                ask(ran, "a")
                raise RuntimeError
        except RuntimeError:
            pass
        ask(ran, "a")
        ask(ran, "b")
    assert ran == ["a", "b"]


def test_a_rolled_back_transaction_runs_nothing_and_hides_nothing_from_the_next():
    ran = []
    with pytest.raises(RuntimeError), transaction.atomic():
        ask(ran, "a")
        raise RuntimeError
    assert ran == []

    with transaction.atomic():
        ask(ran, "a")
    assert ran == ["a"]


def test_outside_a_transaction_it_runs_at_once_every_time():
    ran = []
    ask(ran, "a")
    ask(ran, "a")
    assert ran == ["a", "a"]


def test_a_form_save_of_an_interview_with_questions_bumps_the_cache_and_queues_its_render_once(monkeypatch):
    from interviews import tasks
    from interviews.models import SiteState
    from interviews.pdf import collections
    from tests.factories import InterviewFactory, QuestionFactory, answer_of

    queued, collected = [], []
    monkeypatch.setattr(tasks, "_enqueue", lambda interview_id, *args: queued.append(interview_id))
    monkeypatch.setattr(collections, "_enqueue_series", lambda series_id, create: collected.append(series_id))
    interview = InterviewFactory(published=True)
    questions = [QuestionFactory(interview=interview, answer=answer_of(100)) for _ in range(5)]
    queued.clear()
    collected.clear()
    version = SiteState.objects.get(pk=1).content_version

    with transaction.atomic():
        interview.title = "Neu"
        interview.save()
        for question in questions:
            question.answer += "<p>Mehr.</p>"
            question.save()

    assert queued == [interview.pk]
    assert collected == [interview.series_id]  # the series' volume and booklets, once too
    assert SiteState.objects.get(pk=1).content_version == version + 1
