"""Authorisation by the interviewee: the signed link, the page, the decision, and what it changes."""

import datetime

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from interviews.editorial import approval, publishing
from interviews.models import ApprovalStatus, Interview, Status, WorkflowAction, WorkflowEvent
from tests.factories import FITS_SHORT_PART, SHORT_PART_PAGES, InterviewFactory, QuestionFactory, answer_of, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview():
    interview = InterviewFactory(
        approval_status=ApprovalStatus.PENDING, title="Wärme aus dem Fluss", page_count=SHORT_PART_PAGES
    )
    QuestionFactory(
        interview=interview, position=1, question="Wie fing es an?", answer="<p>Mit einer Idee im Rathaus.</p>"
    )
    # Enough words for the page budget (publishing checks it).
    QuestionFactory(interview=interview, question="Und dann?", position=2, answer=answer_of(FITS_SHORT_PART))
    return interview


def page_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.context["form"].initial["fingerprint"]


def test_link_page_shows_the_interview_without_login_and_records_approval(
    client, interview, redaktion_user, django_capture_on_commit_callbacks
):
    redaktion_user.email = "redaktion@example.org"
    redaktion_user.save()
    interview.assigned_to = redaktion_user
    interview.save()
    url = approval.approval_url(interview, redaktion_user)

    response, fingerprint = page_form(client, url)
    page = response.content.decode()
    assert "Wärme aus dem Fluss" in page and "Mit einer Idee im Rathaus." in page
    assert 'name="decision"' in page and 'name="comment"' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"  # the link never leaves the site as a referrer
    assert "no-store" in response["Cache-Control"]
    assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in response.cookies

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve", "comment": "Passt so.", "fingerprint": fingerprint})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.APPROVED
    event = WorkflowEvent.objects.filter(interview=interview, action=WorkflowAction.APPROVED).get()
    assert event.comment == "Passt so." and interview.interviewee_name in event.actor
    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]]
    assert "Passt so." in mail.outbox[0].body
    thanks = client.get(response["Location"]).content.decode()
    assert "Sie haben das Interview freigegeben" in thanks


def test_asking_for_changes_needs_a_comment_and_then_records_it(client, interview):
    url = approval.approval_url(interview)
    _response, fingerprint = page_form(client, url)

    response = client.post(url, {"decision": "changes", "comment": " ", "fingerprint": fingerprint})
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, was geändert werden soll." in response.content.decode()
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.PENDING

    client.post(url, {"decision": "changes", "comment": "Bitte „Fluss“ statt „Bach“.", "fingerprint": fingerprint})
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.CHANGES_REQUESTED
    assert WorkflowEvent.objects.get(action=WorkflowAction.CHANGES_REQUESTED).comment == "Bitte „Fluss“ statt „Bach“."


def test_a_decision_on_a_text_that_changed_meanwhile_is_refused(client, interview):
    url = approval.approval_url(interview)
    _response, fingerprint = page_form(client, url)
    Interview.objects.filter(pk=interview.pk).update(title="Neue Überschrift")

    response = client.post(url, {"decision": "approve", "comment": "", "fingerprint": fingerprint})

    assert "Der Text wurde geändert" in response.content.decode()
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.PENDING
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.APPROVED).exists()


def tampered(url):
    token = url.rstrip("/").rsplit("/", 1)[1]
    return url.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))


def test_tampered_expired_and_revoked_links_change_nothing(
    client, interview, redaktion_user, monkeypatch, record_property
):
    url = approval.approval_url(interview)
    refused = []
    fingerprint = client.get(url).context["form"].initial["fingerprint"]
    decision = {"decision": "approve", "comment": "", "fingerprint": fingerprint}

    response = client.post(tampered(url), decision)
    assert response.status_code == 404
    assert "Diesen Link gibt es nicht" in response.content.decode()
    refused.append(response.status_code)
    other = signing.dumps({"i": interview.pk + 999, "k": "x"}, salt=approval.SALT)
    refused.append(client.post(reverse("interviews:approval", args=[other]), decision).status_code)
    unsigned = signing.dumps({"i": interview.pk, "k": interview.approval_key}, salt="another-salt")
    refused.append(client.post(reverse("interviews:approval", args=[unsigned]), decision).status_code)
    refused.append(client.get(tampered(url).replace("/autorisierung/", "/autorisierung/x") + "pdf/").status_code)
    assert refused[1:] == [404, 404, 404]

    later = timezone.now() + approval.VALID_FOR + datetime.timedelta(minutes=1)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        patch.setattr(signing.time, "time", lambda: later.timestamp())
        response = client.post(url, decision)
    assert response.status_code == 410
    assert "Dieser Link gilt nicht mehr" in response.content.decode()
    refused.append(response.status_code)

    approval.revoke(interview, redaktion_user)
    response = client.post(url, decision)
    assert response.status_code == 410
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    refused.append(response.status_code)
    refused.append(client.get(url + "pdf/").status_code)
    assert refused[-1] == 410
    record_property("approval_links_tried", len(refused))
    record_property("approval_links_refused", sum(code in {404, 410} for code in refused))

    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.PENDING
    assert not WorkflowEvent.objects.filter(action=WorkflowAction.APPROVED).exists()
    assert WorkflowEvent.objects.filter(action=WorkflowAction.LINK_REVOKED, user=redaktion_user).exists()
    # A new link works again, the old one stays dead.
    new_url = approval.approval_url(interview)
    assert new_url != url
    assert client.get(new_url).status_code == 200
    assert client.get(url).status_code == 410


def test_the_same_link_is_returned_until_revoked(interview):
    first = approval.approval_url(interview)
    key = Interview.objects.get(pk=interview.pk).approval_key
    approval.approval_url(interview)
    assert Interview.objects.get(pk=interview.pk).approval_key == key
    assert WorkflowEvent.objects.filter(action=WorkflowAction.LINK_CREATED).count() == 1
    assert first.startswith("/autorisierung/")


def test_publishing_without_approval_needs_a_reason_which_is_recorded(interview, freigabe_user):
    with pytest.raises(Exception, match="nicht von der interviewten Person autorisiert"):
        publishing.publish(interview, freigabe_user)
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT

    publishing.publish(interview, freigabe_user, override_reason="Autorisierung per Telefon am 3. März")

    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    event = WorkflowEvent.objects.get(action=WorkflowAction.PUBLISHED)
    assert event.data["override_reason"] == "Autorisierung per Telefon am 3. März"
    keys = {item["key"] for item in event.data["checklist"]}
    assert keys == {"portrait_rights", "figure_rights", "approval", "page_budget", "alt_text"}
    approval_item = next(item for item in event.data["checklist"] if item["key"] == "approval")
    assert approval_item["ok"] is False


def test_the_approval_page_of_a_live_interview_shows_its_pending_version(client, freigabe_user):
    interview = InterviewFactory(published=True, title="Alte Überschrift", approval_status=ApprovalStatus.APPROVED)
    QuestionFactory(interview=interview)
    data = publishing.pending.snapshot(interview)
    data["interview"]["title"] = "Neue Überschrift"
    editor = make_user("redakteur2", group="Redaktion")
    publishing.save_pending(interview, data, editor, version=interview.version + 1)

    page = client.get(approval.approval_url(interview)).content.decode()

    assert "Neue Überschrift" in page and "Alte Überschrift" not in page
    assert Interview.objects.get(pk=interview.pk).title == "Alte Überschrift"
    assert client.get(interview.get_absolute_url()).content.decode().count("Alte Überschrift") >= 1


@pytest.mark.parametrize(
    ("decision", "comment", "step"),
    [
        ("approve", "Passt so.", "Von der Interviewpartnerin autorisiert"),
        ("changes", "Bitte „Fluss“ statt „Bach“.", "Die Interviewpartnerin wünscht Änderungen"),
    ],
)
def test_freigabe_and_the_editor_are_mailed_when_the_interviewee_decides_named_as_she_is(
    client, interview, redaktion_user, freigabe_user, django_capture_on_commit_callbacks, decision, comment, step
):
    redaktion_user.email, freigabe_user.email = "redaktion@example.org", "freigabe@example.org"
    redaktion_user.save()
    freigabe_user.save()
    interview.assigned_to = redaktion_user
    interview.interviewee_title, interview.interviewee_name, interview.interviewee_wording = "Dr.", "Sabine Krüger", "w"
    interview.save()
    url = approval.approval_url(interview, freigabe_user)
    _response, fingerprint = page_form(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": decision, "comment": comment, "fingerprint": fingerprint})

    assert [sorted(m.to) for m in mail.outbox] == [["freigabe@example.org", "redaktion@example.org"]]
    assert mail.outbox[0].subject == f"[Mal nachgefragt!] {step}: Wärme aus dem Fluss"
    assert comment in mail.outbox[0].body
    event = WorkflowEvent.objects.get(
        interview=interview, action__in=[WorkflowAction.APPROVED, WorkflowAction.CHANGES_REQUESTED]
    )
    assert event.actor == "Sabine Krüger (Interviewpartnerin, über den Autorisierungslink)"


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("w", "nicht von der Interviewpartnerin autorisiert"),
        ("m", "nicht vom Interviewpartner autorisiert"),
        ("n", "nicht von der interviewten Person autorisiert"),
    ],
)
def test_the_publish_refusal_names_the_interviewee_as_the_interview_says(interview, wording, expected):
    interview.interviewee_wording = wording
    assert expected in publishing.checklist_refusal(interview, publishing.checklist(interview), "")


def test_the_approval_page_names_the_parts_own_page_count(client, interview):
    # A five-page part of a six-page series, whose last stored PDF (before the change) had six pages.
    Interview.objects.filter(pk=interview.pk).update(page_count=5, pdf_pages=6)
    interview.refresh_from_db()

    page = client.get(approval.approval_url(interview)).content.decode()

    assert "(5 Seiten, als Vorschau markiert)" in page
    assert "6 Seiten" not in page
