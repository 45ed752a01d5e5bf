"""Authorisation belongs to a text: the decision counts for exactly the text the interviewee saw.

Walked through the admin form, the approval link and the services: a
discard, a restore, a return to the live text and Freigabe's own edit of a
live text leave the status of the text that is the next one, never of a text
that was thrown away.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from interviews.editorial import approval, pending, publishing
from interviews.models import ApprovalStatus, Interview, PendingChange, WorkflowAction, WorkflowEvent
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import (
    FITS_SHORT_PART,
    SHORT_PART_PAGES,
    InterviewFactory,
    QuestionFactory,
    ThemeFactory,
    answer_of,
)

pytestmark = pytest.mark.django_db


def save_form(client, interview, **changes):
    data = form_data(client.get(change_url(interview)))
    data.update(changes)
    return client.post(change_url(interview), data, follow=True)


def interviewee_decides(client, link, decision="approve"):
    client.logout()
    fingerprint = client.get(link).context["form"].initial["fingerprint"]
    response = client.post(link, {"decision": decision, "comment": "Passt.", "fingerprint": fingerprint})
    assert response.status_code == 302


def approval_item(client, interview):
    """The checklist line „… autorisiert“ on the admin form, as Freigabe sees it."""
    page = client.get(change_url(interview)).content.decode()
    checklist = page.split('class="publish-checklist"')[1].split("</ul>")[0]
    return next(line for line in checklist.split("<li") if "autorisiert" in line.split("–")[0])


@pytest.fixture
def live_unauthorised(client, freigabe_user):
    """Published with an override reason: the interviewee never authorised it."""
    interview = InterviewFactory(
        title="Wärme aus dem Fluss", approval_status=ApprovalStatus.PENDING, review=True, page_count=SHORT_PART_PAGES
    )
    theme = ThemeFactory(title="Wärme")
    interview.series.themes.add(theme)
    QuestionFactory(
        interview=interview, theme=theme, position=1, question="Wie fing es an?", answer=answer_of(FITS_SHORT_PART)
    )
    publishing.publish(interview, freigabe_user, override_reason="telefonisch abgestimmt")
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.PENDING
    return interview


def test_an_approved_pending_text_that_freigabe_discards_leaves_the_live_text_unauthorised(
    client, live_unauthorised, redaktion_user, freigabe_user
):
    live = live_unauthorised
    link = approval.approval_url(live, freigabe_user)
    client.force_login(redaktion_user)
    save_form(client, live, title="Wärme aus dem Fluss und dem See")
    interviewee_decides(client, link)
    live.refresh_from_db()
    assert live.approval_status == ApprovalStatus.APPROVED  # the pending text is authorised …
    client.force_login(freigabe_user)
    assert "checklist-ok" in approval_item(client, live)

    response = save_form(client, live, _workflow="discard")

    assert any("verworfen" in m and "noch nicht autorisiert" in m for m in messages_of(response)), messages_of(response)
    live.refresh_from_db()
    assert (live.title, live.approval_status) == ("Wärme aus dem Fluss", ApprovalStatus.PENDING)  # … the live one not
    assert not PendingChange.objects.exists()
    item = approval_item(client, live)
    assert "checklist-open" in item and "noch nicht autorisiert" in item
    assert WorkflowEvent.objects.filter(interview=live, action=WorkflowAction.APPROVAL_RESET).exists()


def test_an_approved_pending_text_published_stays_authorised(client, live_unauthorised, redaktion_user, freigabe_user):
    live = live_unauthorised
    link = approval.approval_url(live, freigabe_user)
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(live)))
    data["questions-TOTAL_FORMS"] = "2"
    data.update(
        {
            "questions-1-theme": data["questions-0-theme"],
            "questions-1-question": "Was kommt als Nächstes?",
            "questions-1-answer": "<p>Der See.</p>",
            "questions-1-position": "2",
        }
    )
    client.post(change_url(live), data, follow=True)
    assert PendingChange.objects.get().data["questions"][1]["id"] < 0  # a new question: placeholder key
    interviewee_decides(client, link)

    publishing.publish(live, freigabe_user)  # no override reason needed: the text going live is authorised

    live.refresh_from_db()
    assert live.questions.count() == 2 and live.approval_status == ApprovalStatus.APPROVED
    # The published text (real keys now) is still the one the interviewee approved.
    publishing.approval_follows_text(live)
    assert live.approval_status == ApprovalStatus.APPROVED


def test_back_to_the_live_text_brings_back_the_live_texts_decision(client, freigabe_user, redaktion_user):
    interview = InterviewFactory(
        approval_status=ApprovalStatus.PENDING, title="Erste Fassung", page_count=SHORT_PART_PAGES
    )
    QuestionFactory(interview=interview, answer=answer_of(FITS_SHORT_PART))
    link = approval.approval_url(interview, freigabe_user)
    interviewee_decides(client, link)  # approves the draft text
    publishing.publish(interview, freigabe_user)
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.APPROVED

    client.force_login(redaktion_user)
    save_form(client, interview, title="Zweite Fassung")
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.PENDING  # the pending text was never authorised
    save_form(client, interview, title="Erste Fassung")  # back to the live text: nothing waits

    interview.refresh_from_db()
    assert not PendingChange.objects.exists()
    assert interview.approval_status == ApprovalStatus.APPROVED  # the live text's own authorisation


def test_freigabes_own_edit_of_a_live_text_goes_live_and_needs_a_new_authorisation(client, freigabe_user):
    interview = InterviewFactory(
        approval_status=ApprovalStatus.PENDING,
        title="Erste Fassung",
        interviewee_wording="m",
        page_count=SHORT_PART_PAGES,
    )
    QuestionFactory(interview=interview, answer=answer_of(FITS_SHORT_PART))
    link = approval.approval_url(interview, freigabe_user)
    interviewee_decides(client, link)
    publishing.publish(interview, freigabe_user)
    client.force_login(freigabe_user)

    response = save_form(client, interview, title="Von der Freigabe korrigiert")

    interview.refresh_from_db()
    assert interview.title == "Von der Freigabe korrigiert"  # live at once
    assert interview.approval_status == ApprovalStatus.PENDING
    warning = [m for m in messages_of(response) if "Autorisierung vom Interviewpartner galt dem vorherigen Text" in m]
    assert warning and "als Freigabe direkt geändert" in warning[0]
    # The same link shows the corrected text; approving it makes the live text authorised again.
    interviewee_decides(client, link)
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.APPROVED


def test_restore_of_an_authorised_version_restores_its_authorisation_and_nothing_else(client, freigabe_user):
    interview = InterviewFactory(
        approval_status=ApprovalStatus.PENDING, title="Autorisierte Fassung", page_count=SHORT_PART_PAGES
    )
    QuestionFactory(interview=interview, answer=answer_of(FITS_SHORT_PART))
    client.force_login(freigabe_user)
    save_form(client, interview, lead="<p>Teaser.</p>")
    link = approval.approval_url(interview, freigabe_user)
    interviewee_decides(client, link)
    client.force_login(freigabe_user)
    save_form(client, interview, title="Unautorisierte Fassung")
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.PENDING
    authorised = next(
        v for v in Version.objects.get_for_object(interview) if v.field_dict["title"] == "Autorisierte Fassung"
    )

    url = reverse("admin:interviews_interview_revision", args=[interview.pk, authorised.pk])
    client.post(url, form_data(client.get(url)), follow=True)

    interview.refresh_from_db()
    assert interview.title == "Autorisierte Fassung"
    assert interview.approval_status == ApprovalStatus.APPROVED  # the decision on exactly this text
    assert approval.interview_for_token(link.rstrip("/").split("/")[-1]).pk == interview.pk  # link unchanged


def test_the_decision_records_the_fingerprint_of_the_text_seen(client, freigabe_user):
    interview = InterviewFactory(approval_status=ApprovalStatus.PENDING)
    QuestionFactory(interview=interview)
    interviewee_decides(client, approval.approval_url(interview, freigabe_user), decision="changes")
    event = WorkflowEvent.objects.get(action=WorkflowAction.CHANGES_REQUESTED)
    assert event.data["fingerprint"] == pending.fingerprint(pending.snapshot(interview))
    assert Interview.objects.get().approval_status == ApprovalStatus.CHANGES_REQUESTED


def test_redaktion_is_told_that_discarding_is_for_freigabe(live_unauthorised, redaktion_user):
    publishing.save_pending(
        live_unauthorised,
        {
            **pending.snapshot(live_unauthorised),
            "interview": {**pending.snapshot(live_unauthorised)["interview"], "title": "X"},
        },
        redaktion_user,
        version=live_unauthorised.version + 1,
    )
    refusal = publishing.step_refusal(live_unauthorised, redaktion_user, publishing.DISCARD)
    assert refusal.startswith("Sie dürfen keine wartenden Änderungen verwerfen")
    assert "zurückziehen" not in refusal
