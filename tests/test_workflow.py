"""The editorial workflow: who may publish, what publishing records, scheduled visibility."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from interviews.editorial import publishing
from interviews.models import Interview, Status
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import FITS_SHORT_PART, SHORT_PART_PAGES, InterviewFactory, QuestionFactory, answer_of

pytestmark = pytest.mark.django_db


def move_clock_to(monkeypatch, when):
    """Let time pass: ``timezone.now()`` answers ``when`` from here on (nothing in the DB changes)."""
    monkeypatch.setattr(timezone, "now", lambda: when)


def interview_with_questions(**kwargs):
    interview = InterviewFactory(**{"page_count": SHORT_PART_PAGES, **kwargs})
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=interview)
    return interview


# --- publishing.py ---------------------------------------------------------------------------------


def test_publishing_records_who_published_and_when(freigabe_user):
    interview = interview_with_questions()
    before = timezone.now()

    publishing.publish(interview, freigabe_user)

    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    assert interview.published_by == freigabe_user
    assert before <= interview.published_at <= timezone.now()
    assert list(Interview.objects.published()) == [interview]


def test_redaktion_cannot_publish_and_nothing_changes(redaktion_user):
    interview = interview_with_questions(review=True)

    with pytest.raises(PermissionDenied, match="Gruppe „Freigabe“ nötig"):
        publishing.publish(interview, redaktion_user)

    interview.refresh_from_db()
    assert (interview.status, interview.published_at, interview.published_by) == (Status.REVIEW, None, None)


def test_redaktion_cannot_unpublish(redaktion_user):
    interview = interview_with_questions(published=True)
    with pytest.raises(PermissionDenied):
        publishing.unpublish(interview, redaktion_user)
    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED


def test_interview_without_questions_cannot_be_published(freigabe_user):
    interview = InterviewFactory()
    with pytest.raises(ValidationError, match="noch keine Fragen"):
        publishing.publish(interview, freigabe_user)
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT


def test_interview_that_cannot_fill_its_pages_is_not_published(freigabe_user):
    interview = InterviewFactory(review=True)
    # 2,200 answer words in 28 paragraphs, three of the question and the room around it: 2,321 Satzwörter.
    # Against the bottom (at 10 pt) a break takes less and the question counts its characters; the cover
    # holds 100 more without a portrait, and one theme head is three fewer than the range holds: 2,059 of
    # at least 2,399.
    QuestionFactory(interview=interview, question="Frage Nummer eins?", answer=answer_of(2200))

    with pytest.raises(ValidationError, match="zu kurz für 6 Seiten: bitte ca. 340 Wörter oder Zitate ergänzen"):
        publishing.publish(interview, freigabe_user)

    interview.refresh_from_db()
    assert (interview.status, interview.published_at) == (Status.REVIEW, None)


def test_only_drafts_can_be_submitted_for_review(redaktion_user):
    interview = interview_with_questions()
    publishing.submit_for_review(interview, redaktion_user)
    interview.refresh_from_db()
    assert interview.status == Status.REVIEW
    with pytest.raises(ValidationError, match="Nur Entwürfe"):
        publishing.submit_for_review(interview, redaktion_user)


def test_unpublished_interview_is_no_longer_public(freigabe_user):
    interview = interview_with_questions(published=True)
    publishing.unpublish(interview, freigabe_user)
    assert not Interview.objects.published().exists()
    assert Interview.objects.get().status == Status.DRAFT


# --- scheduled publishing -------------------------------------------------------------------------


def test_scheduled_interview_becomes_public_by_itself_when_its_time_comes(monkeypatch, freigabe_user):
    interview = interview_with_questions()
    start = timezone.now()
    publishing.publish(interview, freigabe_user, at=start + datetime.timedelta(hours=2))

    assert not Interview.objects.published().exists()
    assert list(Interview.objects.scheduled()) == [interview]

    move_clock_to(monkeypatch, start + datetime.timedelta(hours=1, minutes=59))
    assert not Interview.objects.published().exists()

    move_clock_to(monkeypatch, start + datetime.timedelta(hours=2))
    assert list(Interview.objects.published()) == [interview]
    assert Interview.objects.get().is_public


def test_published_with_past_and_future_dates_relative_to_now():
    now = timezone.now()
    past = InterviewFactory(status=Status.PUBLISHED, published_at=now - datetime.timedelta(seconds=1))
    InterviewFactory(status=Status.PUBLISHED, published_at=now + datetime.timedelta(minutes=5))
    InterviewFactory(review=True)
    assert list(Interview.objects.published()) == [past]


# --- the admin, per role --------------------------------------------------------------------------


def test_redaktion_sees_status_read_only_and_only_the_review_button(client, redaktion_user):
    interview = interview_with_questions()
    client.force_login(redaktion_user)

    page = client.get(change_url(interview)).content.decode()

    assert "Speichern und zur Prüfung einreichen" in page
    assert "Speichern und veröffentlichen" not in page
    assert "Speichern und zurückziehen" not in page
    assert 'name="status"' not in page
    assert 'name="published_at_0"' not in page
    assert "Entwurf" in page


def test_redaktion_sees_that_a_reviewed_interview_waits_for_freigabe(client, redaktion_user):
    interview = interview_with_questions(review=True)
    client.force_login(redaktion_user)
    page = client.get(change_url(interview)).content.decode()
    assert "wartet auf die Freigabe" in page
    assert 'value="review"' not in page
    assert 'value="publish"' not in page


def test_freigabe_sees_the_publish_button(client, freigabe_user):
    interview = interview_with_questions(review=True)
    client.force_login(freigabe_user)
    page = client.get(change_url(interview)).content.decode()
    assert "Speichern und veröffentlichen" in page
    assert "Speichern und zurück in den Entwurf" in page
    assert 'name="published_at_0"' in page


def test_publish_actions_are_offered_to_freigabe_only(client, redaktion_user, freigabe_user):
    InterviewFactory()
    changelist = reverse("admin:interviews_interview_changelist")
    client.force_login(redaktion_user)
    redaktion_page = client.get(changelist).content.decode()
    client.force_login(freigabe_user)
    freigabe_page = client.get(changelist).content.decode()

    assert 'value="action_submit_for_review"' in redaktion_page
    assert 'value="action_publish"' not in redaktion_page
    assert 'value="action_unpublish"' not in redaktion_page
    assert 'value="action_publish"' in freigabe_page
    assert 'value="action_unpublish"' in freigabe_page


def test_forged_publish_post_from_redaktion_is_refused_and_nothing_is_saved(client, redaktion_user):
    interview = interview_with_questions(review=True, title="Vorher")
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["title"] = "Nachher"
    data["_workflow"] = "publish"

    response = client.post(change_url(interview), data, follow=True)

    assert any("Sie dürfen keine Interviews veröffentlichen" in m for m in messages_of(response))
    interview.refresh_from_db()
    assert (interview.title, interview.status, interview.published_at) == ("Vorher", Status.REVIEW, None)
    assert not Interview.objects.published().exists()


def test_forged_unpublish_post_from_redaktion_is_refused(client, redaktion_user):
    interview = interview_with_questions(published=True)
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["_workflow"] = "unpublish"

    response = client.post(change_url(interview), data, follow=True)

    assert any("Sie dürfen keine Interviews zurückziehen" in m for m in messages_of(response))
    assert list(Interview.objects.published()) == [interview]


def test_forged_publish_action_from_redaktion_publishes_nothing(client, redaktion_user):
    interview = interview_with_questions(review=True)
    client.force_login(redaktion_user)

    client.post(
        reverse("admin:interviews_interview_changelist"),
        {"action": "action_publish", "_selected_action": [interview.pk]},
    )

    interview.refresh_from_db()
    assert interview.status == Status.REVIEW


def test_freigabe_publishes_through_the_admin_and_who_and_when_are_recorded(client, freigabe_user):
    interview = interview_with_questions(review=True, title="Wärme für alle")
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data["_workflow"] = "publish"
    before = timezone.now()

    response = client.post(change_url(interview), data, follow=True)

    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    assert interview.published_by == freigabe_user
    assert before <= interview.published_at <= timezone.now()
    assert "„Wärme für alle“ ist veröffentlicht." in messages_of(response)


def test_freigabe_schedules_through_the_admin_with_a_future_date(client, freigabe_user):
    interview = interview_with_questions(title="Später")
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data.update({"published_at_0": "01.03.2099", "published_at_1": "10:30:00", "_workflow": "publish"})

    response = client.post(change_url(interview), data, follow=True)

    assert "„Später“ ist geplant und erscheint am 1. März 2099 10:30 von selbst." in messages_of(response)
    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    assert timezone.localtime(interview.published_at).hour == 10
    assert not Interview.objects.published().exists()


def test_redaktion_submits_for_review_through_the_admin(client, redaktion_user):
    interview = interview_with_questions(title="Zur Prüfung")
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["_workflow"] = "review"

    response = client.post(change_url(interview), data, follow=True)

    assert "„Zur Prüfung“ wurde zur Prüfung eingereicht." in messages_of(response)
    assert Interview.objects.get().status == Status.REVIEW


def test_publishing_an_interview_without_questions_in_the_admin_explains_why(client, freigabe_user):
    interview = InterviewFactory(title="Leer")
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data["_workflow"] = "publish"

    response = client.post(change_url(interview), data, follow=True)

    assert any("noch keine Fragen" in m for m in messages_of(response))
    assert Interview.objects.get().status == Status.DRAFT


# --- PDF re-render ---------------------------------------------------------------------------------


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued in memory instead of run, so a test can see what was queued."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend.results
    backend.clear()


def test_pdf_action_queues_a_render_of_each_selected_interview(
    client, redaktion_user, queued_tasks, django_capture_on_commit_callbacks
):
    first, second = InterviewFactory(published=True), InterviewFactory(published=True)
    draft = InterviewFactory()
    client.force_login(redaktion_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:interviews_interview_changelist"),
            {"action": "action_render_pdf", "_selected_action": [first.pk, second.pk, draft.pk]},
            follow=True,
        )

    # Only published interviews have a stored PDF: the draft is named, not pretended to render.
    assert sorted(result.args[0] for result in queued_tasks) == sorted([first.pk, second.pk])
    assert {result.task.name for result in queued_tasks} == {"render_pdf_task"}
    assert messages_of(response) == [
        "Die PDFs von 2 Interview(s) werden im Hintergrund neu erstellt.",
        "1 Interview(s) sind nicht veröffentlicht: für sie wird kein PDF gespeichert.",
    ]


@pytest.mark.parametrize("role", ["redaktion", "freigabe"])
def test_pdf_button_on_the_change_form_of_a_published_interview_queues_a_render(
    client, role, redaktion_user, freigabe_user, queued_tasks, django_capture_on_commit_callbacks
):
    interview = interview_with_questions(title="Mit PDF", published=True)
    client.force_login(redaktion_user if role == "redaktion" else freigabe_user)
    page = client.get(change_url(interview))
    assert "Speichern und PDF neu erstellen" in page.content.decode()
    data = form_data(page)
    data["_render_pdf"] = "1"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(interview), data, follow=True)

    # One forced render; Freigabe's save goes live at once, so its own render may be queued as well.
    assert [result.args for result in queued_tasks if result.kwargs.get("force")] == [[interview.pk]]
    assert {tuple(result.args) for result in queued_tasks} == {(interview.pk,)}
    assert "Das PDF von „Mit PDF“ wird im Hintergrund neu erstellt; den Stand zeigt das Feld „PDF“." in messages_of(
        response
    )


def test_a_draft_offers_no_pdf_button(client, redaktion_user):
    interview = interview_with_questions()
    client.force_login(redaktion_user)
    page = client.get(change_url(interview)).content.decode()
    assert 'name="_render_pdf"' not in page
    assert "PDF ansehen" in page


def test_bulk_publish_publishes_what_is_ready_and_names_what_is_not(client, freigabe_user):
    ready = interview_with_questions(review=True, title="Fertig")
    empty = InterviewFactory(review=True, title="Ohne Fragen")
    client.force_login(freigabe_user)

    response = client.post(
        reverse("admin:interviews_interview_changelist"),
        {"action": "action_publish", "_selected_action": [ready.pk, empty.pk]},
        follow=True,
    )

    texts = messages_of(response)
    assert "1 Interview(s) veröffentlicht." in texts
    assert "„Ohne Fragen“: Das Interview hat noch keine Fragen." in texts
    assert list(Interview.objects.published()) == [ready]
    assert Interview.objects.get(pk=empty.pk).status == Status.REVIEW


def test_freigabe_sends_a_reviewed_interview_back_to_draft(client, freigabe_user):
    interview = interview_with_questions(review=True, title="Nochmal ran")
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data["_workflow"] = "unpublish"

    response = client.post(change_url(interview), data, follow=True)

    assert "„Nochmal ran“ ist wieder ein Entwurf." in messages_of(response)
    assert Interview.objects.get().status == Status.DRAFT


def test_unknown_workflow_step_is_refused_and_nothing_is_saved(client, freigabe_user):
    interview = interview_with_questions(title="Vorher")
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data.update({"title": "Nachher", "_workflow": "archivieren"})

    response = client.post(change_url(interview), data, follow=True)

    assert any("Unbekannter Arbeitsschritt" in m for m in messages_of(response))
    assert Interview.objects.get().title == "Vorher"
