"""The publishing gate (issue 18, item 4) through the admin, the way Freigabe uses it.

Other inputs than tests/test_publish_gate.py: a cover made too full by a long
headline (not the teaser alone), a live interview with a stored PDF whose
pending change would not lay out, a publication planned for later, and the
override of the interviewee's authorisation as the history page shows it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from interviews import pdf
from interviews.editorial import pending, publishing
from interviews.models import ApprovalStatus, Interview, PdfState, PendingChange, Status, WorkflowAction, WorkflowEvent
from tests.admin_forms import change_url, form_data, messages_of
from tests.pdf_shapes import make_interview

# Lays out PDFs with WeasyPrint.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

LONG_TITLE = (
    "Wie ein Landkreis mit kommunaler Wärmeplanung, Nahwärmenetzen, Photovoltaik auf allen Dächern und der "
    "Beteiligung seiner Bürgerschaft den Klimaschutz zur Aufgabe jedes Fachbereichs macht"
)
TEASER_SENTENCE = "Der Landkreis plant Wärme, Strom und Wege für die nächsten Jahrzehnte."
LONGER_TEASER = "<p>" + " ".join([TEASER_SENTENCE] * 16) + "</p>"


def post_form(client, interview, **changes):
    data = form_data(client.get(change_url(interview)))
    data.update(changes)
    return client.post(change_url(interview), data, follow=True)


def publish_state(interview):
    row = Interview.objects.get(pk=interview.pk)
    return {
        "status": row.status,
        "published_at": row.published_at,
        "published_by": row.published_by_id,
        "title": row.title,
        "lead": row.lead,
        "pdf": (row.pdf_file.name, row.pdf_fingerprint, row.pdf_state, row.pdf_pages, row.pdf_rendered_at),
        "events": list(WorkflowEvent.objects.filter(interview=row).values_list("action", flat=True)),
        # The admin saves the form before the step: a pending version is saved again (its data unchanged).
        "pending": list(PendingChange.objects.filter(interview=row).values_list("data", flat=True)),
    }


def test_a_headline_that_overfills_the_cover_is_refused_in_the_admin_and_nothing_is_published(client, freigabe_user):
    # Stored without the form (an import, an older version): the form refuses to save or publish it as it is.
    interview = make_interview("no_portrait", status=Status.REVIEW, title=LONG_TITLE, lead=LONGER_TEASER)
    pdf.check_page_budget(interview)  # the word count is fine: the cover's plan finds the problem
    client.force_login(freigabe_user)
    before = publish_state(interview)

    response = post_form(client, interview, _workflow="publish", override_reason="Telefonisch autorisiert")

    assert messages_of(response) == []
    (error,) = response.context["adminform"].form.errors["lead"]
    assert error.startswith("Titelseite zu voll: Der Teaser hat")
    assert publish_state(interview) == before
    assert before["status"] == Status.REVIEW and before["published_at"] is None


def test_a_change_that_overfills_the_cover_leaves_the_live_text_and_its_pdf(client, redaktion_user):
    live = make_interview("no_portrait", published=True)
    assert pdf.store_pdf(live) == "rendered"
    before = publish_state(live)
    assert before["pdf"][2] == PdfState.CURRENT
    client.force_login(redaktion_user)

    response = post_form(client, live, title=LONG_TITLE, lead=LONGER_TEASER)

    assert response.context["adminform"].form.errors["lead"][0].startswith("Titelseite zu voll: Der Teaser hat")
    assert not PendingChange.objects.filter(interview=live).exists()
    assert publish_state(live) == before
    assert before["title"] == "Klimaschutz als Gemeinschaftsaufgabe"
    assert default_storage.exists(before["pdf"][0])  # readers keep the live PDF
    assert client.get(live.get_pdf_url()).status_code == 200


def test_a_pending_change_that_overfills_the_cover_leaves_the_live_text_and_its_pdf(redaktion_user, freigabe_user):
    # A pending version stored without the form: publishing lays it out and refuses it.
    live = make_interview("no_portrait", published=True)
    assert pdf.store_pdf(live) == "rendered"
    data = pending.snapshot(live)
    data["interview"].update(title=LONG_TITLE, lead=LONGER_TEASER)
    publishing.save_pending(live, data, redaktion_user, live.version)
    before = publish_state(live)

    with pytest.raises(ValidationError, match="Titelseite zu voll"):
        publishing.publish(live, freigabe_user, override_reason="Telefonisch autorisiert")

    assert publish_state(live) == before
    assert default_storage.exists(before["pdf"][0])


def test_a_publication_planned_for_later_needs_its_layout_too(freigabe_user):
    interview = make_interview("no_portrait", status=Status.REVIEW, title=LONG_TITLE, lead=LONGER_TEASER)
    later = timezone.now() + datetime.timedelta(days=3)

    with pytest.raises(ValidationError, match="Titelseite zu voll"):
        publishing.publish(interview, freigabe_user, at=later, override_reason="Telefonisch autorisiert")

    row = Interview.objects.get(pk=interview.pk)
    assert (row.status, row.published_at) == (Status.REVIEW, None)
    assert not WorkflowEvent.objects.filter(interview=row, action=WorkflowAction.SCHEDULED).exists()


def test_an_unauthorised_text_goes_out_only_with_a_reason_that_the_history_shows(client, freigabe_user):
    interview = make_interview("no_portrait", status=Status.REVIEW, approval_status=ApprovalStatus.PENDING)
    client.force_login(freigabe_user)

    refused = post_form(client, interview, _workflow="publish")

    (message,) = messages_of(refused)
    assert "nicht" in message and "autorisiert" in message and "Begründung" in message
    assert Interview.objects.get(pk=interview.pk).status == Status.REVIEW

    published = post_form(client, interview, _workflow="publish", override_reason="Per Mail autorisiert am 3. Juni")

    assert any("ist veröffentlicht" in message for message in messages_of(published))
    row = Interview.objects.get(pk=interview.pk)
    assert row.status == Status.PUBLISHED and row.pdf_layout_error == "" and row.pdf_layout_fingerprint
    history = client.get(f"/admin/interviews/interview/{interview.pk}/history/").content.decode()
    assert "Per Mail autorisiert am 3. Juni" in history
    assert "trotz offener Punkte" in history
