"""Workflow steps: budget at submission, comments in form and history, assignment, checklist, notifications."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews.editorial import publishing
from interviews.models import Status, WorkflowAction, WorkflowEvent
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import FITS_SHORT_PART, SHORT_PART_PAGES, InterviewFactory, QuestionFactory, answer_of, make_user

pytestmark = pytest.mark.django_db


def test_submitting_a_too_short_interview_is_refused_with_the_words_to_add(redaktion_user):
    interview = InterviewFactory()
    QuestionFactory(interview=interview, answer="<p>Viel zu kurz.</p>")

    with pytest.raises(ValidationError, match="zu kurz") as refusal:
        publishing.submit_for_review(interview, redaktion_user)

    assert "Wörter" in " ".join(refusal.value.messages)
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.SUBMITTED).exists()


def test_a_refused_submission_in_the_admin_shows_no_success_message(client, redaktion_user):
    interview = InterviewFactory(title="Kurz")
    QuestionFactory(interview=interview, answer="<p>Viel zu kurz.</p>")
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["title"] = "Kurz, aber geändert"
    data["_workflow"] = "review"

    response = client.post(change_url(interview), data, follow=True)

    texts = messages_of(response)
    assert len(texts) == 1, texts
    assert "Ihre Änderungen an „Kurz, aber geändert“ sind gespeichert." in texts[0]
    assert "„Zur Prüfung einreichen“ wurde nicht ausgeführt" in texts[0] and "zu kurz" in texts[0]
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    interview.refresh_from_db()
    assert (interview.title, interview.status) == ("Kurz, aber geändert", Status.DRAFT)


def test_step_comments_show_on_the_form_and_in_the_history_and_mail_goes_out(
    client, redaktion_user, freigabe_user, django_capture_on_commit_callbacks
):
    redaktion_user.email, freigabe_user.email = "redaktion@example.org", "freigabe@example.org"
    redaktion_user.save()
    freigabe_user.save()
    interview = InterviewFactory(title="Mit Kommentar", page_count=SHORT_PART_PAGES)
    QuestionFactory(interview=interview, answer=answer_of(FITS_SHORT_PART))
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data.update({"_workflow": "review", "workflow_comment": "Bitte besonders die Zahlen prüfen."})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(interview), data)
    assert [m.to for m in mail.outbox] == [["freigabe@example.org"]]
    assert "Bitte besonders die Zahlen prüfen." in mail.outbox[0].body

    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data.update({"_workflow": "unpublish", "workflow_comment": "Zahlen in Frage 1 fehlen noch."})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(interview), data)
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT
    assert mail.outbox[-1].to == ["redaktion@example.org"]  # who submitted it hears it was sent back
    assert "Zahlen in Frage 1 fehlen noch." in mail.outbox[-1].body

    form_page = client.get(change_url(interview)).content.decode()
    history = client.get(reverse("admin:interviews_interview_history", args=[interview.pk])).content.decode()
    for page in (form_page, history):
        assert "Bitte besonders die Zahlen prüfen." in page
        assert "Zahlen in Frage 1 fehlen noch." in page
        assert "Zur Prüfung eingereicht" in page and "Zurück in den Entwurf" in page


def test_assignment_with_filter_mine(client, redaktion_user):
    other = make_user("kollegin", group="Redaktion")
    mine = InterviewFactory(title="Meins", assigned_to=redaktion_user)
    InterviewFactory(title="Ihres", assigned_to=other)
    InterviewFactory(title="Niemandes")
    client.force_login(redaktion_user)

    listing = client.get(reverse("admin:interviews_interview_changelist"), {"zustaendig": "mir"})

    assert "Mir zugewiesen" in listing.content.decode()
    assert list(listing.context["cl"].result_list) == [mine]

    data = form_data(client.get(change_url(mine)))
    data["assigned_to"] = str(other.pk)
    client.post(change_url(mine), data)
    mine.refresh_from_db()
    assert mine.assigned_to == other
    event = WorkflowEvent.objects.get(action=WorkflowAction.ASSIGNED)
    assert (event.user, event.data) == (redaktion_user, {"assigned_to": "kollegin"})


def test_freigabe_sees_the_checklist_and_publishing_records_it(client, freigabe_user):
    interview = InterviewFactory(review=True, portrait_rights=False, page_count=SHORT_PART_PAGES)
    QuestionFactory(interview=interview, answer=answer_of(FITS_SHORT_PART))
    client.force_login(freigabe_user)
    page = client.get(change_url(interview)).content.decode()
    for label in (
        "Bildrechte am Porträt geklärt",
        "Von der interviewten Person autorisiert",
        "Satzspiegel des PDFs",
        "Alternativtext",
    ):
        assert label in page

    data = form_data(client.get(change_url(interview)))
    data.update({"_workflow": "publish", "workflow_comment": "Geprüft, passt."})
    client.post(change_url(interview), data)

    event = WorkflowEvent.objects.get(action=WorkflowAction.PUBLISHED)
    assert event.comment == "Geprüft, passt."
    assert [item["key"] for item in event.data["checklist"]] == [
        "portrait_rights",
        "figure_rights",
        "approval",
        "page_budget",
        "alt_text",
    ]
    history = client.get(reverse("admin:interviews_interview_history", args=[interview.pk])).content.decode()
    assert "Von der interviewten Person autorisiert" in history and "Geprüft, passt." in history
