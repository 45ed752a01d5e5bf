"""Four eyes on live content: changes to published and scheduled interviews by Redaktion wait for Freigabe.

Every path is tried with a Redaktion and a Freigabe user: the admin form
(answers, teaser, slug, order, adding and deleting questions, alt text),
restoring from history, a scheduled interview, the Kommune form, and the
services called directly.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from interviews.editorial import pending, publishing
from interviews.models import ApprovalStatus, Interview, PendingChange, Status, WorkflowAction, WorkflowEvent
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import (
    FITS_SHORT_PART,
    SHORT_PART_PAGES,
    InterviewFactory,
    QuestionFactory,
    ThemeFactory,
    answer_of,
    make_user,
)

pytestmark = pytest.mark.django_db


FILL = answer_of(FITS_SHORT_PART)


@pytest.fixture
def live(freigabe_user):
    """A published interview with two questions, published through the workflow (so it has a history)."""
    interview = InterviewFactory(
        title="Wärme aus dem Fluss",
        lead="<p>Alter Teaser.</p>",
        slug="waerme-aus-dem-fluss",
        review=True,
        page_count=SHORT_PART_PAGES,
    )
    theme = ThemeFactory(title="Wärme")
    interview.series.themes.add(theme)
    QuestionFactory(
        interview=interview, theme=theme, position=1, question="Erste Frage?", answer="<p>Alte Antwort.</p>"
    )
    # The second answer brings enough words for the page budget (publishing checks it).
    QuestionFactory(
        interview=interview, theme=theme, position=2, question="Zweite Frage?", answer="<p>Zweite.</p>" + FILL
    )
    publishing.publish(interview, freigabe_user)
    interview.refresh_from_db()
    return interview


def reader_page(client, interview):
    client.logout()
    response = client.get(reverse("interviews:detail", args=[interview.slug]))
    return response.status_code, response.content.decode()


def save_form(client, interview, **changes):
    page = client.get(change_url(interview))
    data = form_data(page)
    data.update(changes)
    return client.post(change_url(interview), data, follow=True)


def questions(interview):
    return list(interview.questions.order_by("position", "pk").values_list("question", "answer"))


def test_redaktion_edit_of_a_live_interview_waits_and_readers_keep_the_live_text(
    client, live, redaktion_user, freigabe_user, django_capture_on_commit_callbacks
):
    freigabe_user.email = "freigabe@example.org"
    freigabe_user.save()
    client.force_login(redaktion_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = save_form(
            client,
            live,
            lead="<p>Neuer Teaser.</p>",
            **{"questions-0-answer": "<p>Neue Antwort.</p>", "workflow_comment": "Zahl korrigiert"},
        )

    assert any("wartet auf die Freigabe" in message for message in messages_of(response))
    assert not any("erfolgreich" in message for message in messages_of(response))
    live.refresh_from_db()
    assert live.lead == "<p>Alter Teaser.</p>"
    assert questions(live)[0] == ("Erste Frage?", "<p>Alte Antwort.</p>")
    status, page = reader_page(client, live)
    assert status == 200 and "Alte Antwort." in page and "Neue Antwort." not in page
    # Search and feed read the same rows.
    search = client.get(reverse("interviews:list"), {"q": "Neue Antwort"}).content.decode()
    assert live.get_absolute_url() not in search
    assert "Neuer Teaser" not in client.get(reverse("interviews:feed")).content.decode()

    change = PendingChange.objects.get(interview=live)
    assert change.created_by == redaktion_user
    event = WorkflowEvent.objects.get(interview=live, action=WorkflowAction.CHANGE_PENDING)
    assert event.comment == "Zahl korrigiert"
    assert [m.to for m in mail.outbox] == [["freigabe@example.org"]]
    assert not Version.objects.get_for_object(live).filter(revision__user=redaktion_user).exists()

    # Staff see the pending version in the form, with a banner and the comparison.
    client.force_login(freigabe_user)
    form_page = client.get(change_url(live)).content.decode()
    assert "Dieses Formular zeigt eine wartende Änderung" in form_page
    assert "<ins>Neue</ins>" in form_page or "<ins>Neue Antwort.</ins>" in form_page
    assert "Neue Antwort." in form_page
    assert "Speichern und Änderung veröffentlichen" in form_page

    publishing.publish(live, freigabe_user, override_reason="Korrektur ohne neue Aussage")

    live.refresh_from_db()
    assert live.lead == "<p>Neuer Teaser.</p>"
    assert questions(live)[0] == ("Erste Frage?", "<p>Neue Antwort.</p>")
    assert not PendingChange.objects.exists()
    status, page = reader_page(client, live)
    assert "Neue Antwort." in page and "Alte Antwort." not in page
    latest = Version.objects.get_for_object(live).first()
    assert latest.revision.user == freigabe_user
    assert "redakteurin" in latest.revision.comment


def test_adding_deleting_reordering_questions_and_changing_the_slug_all_wait(
    client, live, redaktion_user, freigabe_user
):
    first, second = live.questions.order_by("position")
    client.force_login(redaktion_user)
    page = client.get(change_url(live))
    data = form_data(page)
    data["slug"] = "neuer-kurzname"
    data["portrait_alt"] = ""
    data["questions-0-DELETE"] = "on"  # delete the first question
    data["questions-1-position"] = "1"
    total = int(data["questions-TOTAL_FORMS"])
    data.update(
        {
            f"questions-{total}-question": "Neue dritte Frage?",
            f"questions-{total}-answer": "<p>Ganz neu.</p>",
            f"questions-{total}-theme": str(first.theme_id),
            f"questions-{total}-position": "2",
            f"questions-{total}-pull_quote": "",
            "questions-TOTAL_FORMS": str(total + 1),
        }
    )
    response = client.post(change_url(live), data, follow=True)
    assert any("wartet auf die Freigabe" in message for message in messages_of(response)), messages_of(response)

    live.refresh_from_db()
    assert live.slug == "waerme-aus-dem-fluss"
    assert [q for q, _a in questions(live)] == ["Erste Frage?", "Zweite Frage?"]
    assert reader_page(client, live)[0] == 200

    # The form shows the pending version and can be saved again without errors (placeholder keys round-trip).
    client.force_login(redaktion_user)
    again = client.get(change_url(live))
    assert [form.instance.question for form in again.context["inline_admin_formsets"][0].formset.forms] == [
        "Zweite Frage?",
        "Neue dritte Frage?",
    ]
    response = client.post(change_url(live), form_data(again), follow=True)
    assert any("wartet auf die Freigabe" in message for message in messages_of(response)), messages_of(response)
    assert PendingChange.objects.count() == 1

    publishing.publish(live, freigabe_user, override_reason="Korrektur ohne neue Aussage")

    live.refresh_from_db()
    assert live.slug == "neuer-kurzname"
    assert [q for q, _a in questions(live)] == ["Zweite Frage?", "Neue dritte Frage?"]
    assert not Interview.objects.filter(questions__pk=first.pk).exists()
    assert live.questions.get(question="Zweite Frage?").pk == second.pk  # the kept question keeps its anchor
    assert all(pk > 0 for pk in live.questions.values_list("pk", flat=True))


def test_freigabe_edits_to_live_content_go_live_at_once_and_are_recorded(client, live, freigabe_user):
    client.force_login(freigabe_user)
    response = save_form(client, live, **{"questions-0-answer": "<p>Sofort neu.</p>", "workflow_comment": "Tippfehler"})

    assert any("erfolgreich" in message for message in messages_of(response))
    live.refresh_from_db()
    assert questions(live)[0][1] == "<p>Sofort neu.</p>"
    assert "Sofort neu." in reader_page(client, live)[1]
    assert not PendingChange.objects.exists()
    event = WorkflowEvent.objects.get(action=WorkflowAction.LIVE_EDIT)
    assert (event.user, event.comment) == (freigabe_user, "Tippfehler")
    assert Version.objects.get_for_object(live).first().revision.user == freigabe_user
    # Content changed after the interviewee's approval: back to pending.
    assert live.approval_status == ApprovalStatus.PENDING


def test_restoring_an_old_version_of_a_live_interview_waits_for_redaktion(client, live, redaktion_user, freigabe_user):
    old = Version.objects.get_for_object(live).last()
    client.force_login(freigabe_user)
    save_form(client, live, title="Neue Überschrift")
    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_revision", args=[live.pk, old.pk])

    response = client.post(url, form_data(client.get(url)), follow=True)

    assert any("wartet auf die Freigabe" in message for message in messages_of(response)), messages_of(response)
    live.refresh_from_db()
    assert (live.title, live.status) == ("Neue Überschrift", Status.PUBLISHED)
    assert PendingChange.objects.get().data["interview"]["title"] == "Wärme aus dem Fluss"


def test_editing_a_scheduled_interview_after_approval_waits(client, redaktion_user, freigabe_user, monkeypatch):
    interview = InterviewFactory(title="Geplant", review=True, page_count=SHORT_PART_PAGES)
    QuestionFactory(interview=interview, position=1, answer="<p>Geprüfte Antwort.</p>")
    QuestionFactory(interview=interview, theme=interview.questions.get().theme, position=2, answer=FILL)
    publishing.publish(interview, freigabe_user, at=timezone.now() + datetime.timedelta(days=2))
    client.force_login(redaktion_user)

    save_form(client, interview, **{"questions-0-answer": "<p>Ungeprüfte Antwort.</p>"})

    interview.refresh_from_db()
    assert interview.questions.order_by("position").first().answer == "<p>Geprüfte Antwort.</p>"
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = reader_page(client, interview)[1]
    assert "Geprüfte Antwort." in page and "Ungeprüfte" not in page


def test_freigabe_discards_a_pending_change_and_the_live_version_stays(client, live, redaktion_user, freigabe_user):
    client.force_login(redaktion_user)
    save_form(client, live, title="Verworfene Überschrift")
    client.force_login(freigabe_user)

    response = save_form(client, live, _workflow="discard", workflow_comment="Nicht abgestimmt")

    assert any("verworfen" in message for message in messages_of(response)), messages_of(response)
    live.refresh_from_db()
    assert live.title == "Wärme aus dem Fluss"
    assert not PendingChange.objects.exists()
    assert WorkflowEvent.objects.get(action=WorkflowAction.CHANGE_DISCARDED).comment == "Nicht abgestimmt"
    assert "Dieses Formular zeigt eine wartende Änderung" not in client.get(change_url(live)).content.decode()


def test_freigabe_publishes_the_pending_change_from_the_form(client, live, redaktion_user, freigabe_user):
    client.force_login(redaktion_user)
    save_form(client, live, title="Bessere Überschrift")
    client.force_login(freigabe_user)

    response = save_form(client, live, _workflow="publish", override_reason="Autorisiert per E-Mail")

    assert "Die Änderung an „Bessere Überschrift“ ist veröffentlicht." in messages_of(response)
    live.refresh_from_db()
    assert live.title == "Bessere Überschrift"
    event = WorkflowEvent.objects.get(action=WorkflowAction.CHANGE_PUBLISHED)
    assert event.data["override_reason"] == "Autorisiert per E-Mail"


def test_publishing_a_pending_change_without_approval_is_refused_without_a_success_message(
    client, live, redaktion_user, freigabe_user
):
    client.force_login(redaktion_user)
    save_form(client, live, title="Unautorisiert")
    client.force_login(freigabe_user)

    response = save_form(client, live, _workflow="publish")

    texts = messages_of(response)
    assert len(texts) == 1 and "nicht ausgeführt" in texts[0]
    assert "nicht von der interviewten Person autorisiert" in texts[0]
    live.refresh_from_db()
    assert live.title == "Wärme aus dem Fluss"
    assert PendingChange.objects.get().data["interview"]["title"] == "Unautorisiert"


def test_two_editors_on_one_pending_version_the_second_stale_save_is_refused(client, live, redaktion_user):
    other = make_user("zweite", group="Redaktion")
    client.force_login(redaktion_user)
    first_form = form_data(client.get(change_url(live)))
    client.force_login(other)
    save_form(client, live, title="Von der Zweiten")
    client.force_login(redaktion_user)
    first_form["title"] = "Von der Ersten"

    response = client.post(change_url(live), first_form)

    assert response.status_code == 200
    assert PendingChange.objects.get().data["interview"]["title"] == "Von der Zweiten"
    assert "Von der Ersten" in response.content.decode()  # the typed text is still in the form


def test_an_invalid_pending_save_keeps_the_typed_text_and_stores_nothing(client, live, redaktion_user):
    client.force_login(redaktion_user)
    page = client.get(change_url(live))
    data = form_data(page)
    data["title"] = ""
    data["questions-0-answer"] = "<p>Getippte Antwort.</p>"

    response = client.post(change_url(live), data)

    assert response.status_code == 200
    assert "Getippte Antwort." in response.content.decode()
    assert not PendingChange.objects.exists()
    live.refresh_from_db()
    assert live.title == "Wärme aus dem Fluss"


def test_services_refuse_redaktion_and_change_nothing(live, redaktion_user):
    data = pending.snapshot(live)
    data["interview"]["title"] = "Per Dienst"
    publishing.save_pending(live, data, redaktion_user, version=live.version + 1)
    for step in (publishing.publish, publishing.discard_pending, publishing.unpublish):
        with pytest.raises(PermissionDenied):
            step(live, redaktion_user)
    live.refresh_from_db()
    assert (live.title, live.status) == ("Wärme aus dem Fluss", Status.PUBLISHED)
    assert PendingChange.objects.get().data["interview"]["title"] == "Per Dienst"


def test_unpublishing_keeps_the_pending_text_as_the_draft(live, redaktion_user, freigabe_user):
    data = pending.snapshot(live)
    data["questions"].append({**data["questions"][0], "id": None, "question": "Neue Frage?", "position": 5})
    publishing.save_pending(live, data, redaktion_user, version=live.version + 1)

    publishing.unpublish(live, freigabe_user)

    live.refresh_from_db()
    assert live.status == Status.DRAFT
    assert [q for q, _a in questions(live)] == ["Erste Frage?", "Zweite Frage?", "Neue Frage?"]
    assert not PendingChange.objects.exists()


def test_redaktion_cannot_rename_a_kommune_that_live_interviews_show(client, live, redaktion_user, freigabe_user):
    url = reverse("admin:municipalities_kommune_change", args=[live.kommune.pk])
    old_name = live.kommune.name
    client.force_login(redaktion_user)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # read only
    data = {"name": "Umbenannt", "slug": live.kommune.slug}
    client.post(url, data)
    live.kommune.refresh_from_db()
    assert live.kommune.name == old_name

    client.force_login(freigabe_user)
    assert 'name="name"' in client.get(url).content.decode()

    unused = InterviewFactory().kommune
    client.force_login(redaktion_user)
    assert (
        'name="name"' in client.get(reverse("admin:municipalities_kommune_change", args=[unused.pk])).content.decode()
    )


def test_the_admin_index_shows_what_waits_with_counts_and_links(client, live, redaktion_user, freigabe_user):
    from interviews.editorial import approval

    InterviewFactory(review=True)
    InterviewFactory(scheduled=True)
    waiting = InterviewFactory(approval_status=ApprovalStatus.PENDING)
    approval.approval_url(waiting)
    InterviewFactory(approval_status=ApprovalStatus.CHANGES_REQUESTED)
    data = pending.snapshot(live)
    data["interview"]["title"] = "Wartet"
    publishing.save_pending(live, data, redaktion_user, version=live.version + 1)
    client.force_login(freigabe_user)

    page = client.get(reverse("admin:index"))

    rows = {row["label"]: row for row in page.context["overview"]}
    assert {label: row["count"] for label, row in rows.items()} == {
        "Wartet auf Freigabe": 1,
        "Wartet auf Autorisierung": 1,
        "Änderungswunsch der interviewten Person": 1,
        "Geplant": 1,
        "Änderungen an veröffentlichten Interviews": 1,
    }
    html = page.content.decode()
    for label, row in rows.items():
        assert label in html and row["url"] in html
        listing = client.get(row["url"])
        assert listing.status_code == 200
        assert listing.context["cl"].result_count == 1, label
    assert live.title in client.get(rows["Änderungen an veröffentlichten Interviews"]["url"]).content.decode()


def test_a_new_portrait_and_alt_text_by_redaktion_wait_and_readers_keep_the_old_one(
    client, live, redaktion_user, freigabe_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_uploads import image_bytes

    client.force_login(freigabe_user)
    old = form_data(client.get(change_url(live)))
    old["portrait"] = SimpleUploadedFile("alt.png", image_bytes(size=(300, 400)), content_type="image/png")
    old["portrait_alt"] = "Altes Foto"
    client.post(change_url(live), old)
    live.refresh_from_db()
    old_name = live.portrait.name
    assert old_name

    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(live)))
    data["portrait"] = SimpleUploadedFile("neu.png", image_bytes(size=(300, 400), color=(0, 90, 200)))
    data["portrait_alt"] = "Neues Foto am Fluss"
    response = client.post(change_url(live), data, follow=True)
    assert any("wartet auf die Freigabe" in message for message in messages_of(response)), messages_of(response)

    live.refresh_from_db()
    assert (live.portrait.name, live.portrait_alt) == (old_name, "Altes Foto")
    waiting = PendingChange.objects.get().data["interview"]
    assert waiting["portrait_alt"] == "Neues Foto am Fluss" and waiting["portrait"] != old_name
    assert "Neues Foto am Fluss" not in reader_page(client, live)[1]

    publishing.publish(live, freigabe_user, override_reason="Nur das Foto")
    live.refresh_from_db()
    assert (live.portrait.name, live.portrait_alt) == (waiting["portrait"], "Neues Foto am Fluss")


def test_a_restore_by_freigabe_goes_live_and_resets_the_approval(client, live, freigabe_user):
    old = Version.objects.get_for_object(live).last()
    client.force_login(freigabe_user)
    save_form(client, live, title="Neue Überschrift")
    Interview.objects.filter(pk=live.pk).update(approval_status=ApprovalStatus.APPROVED)
    url = reverse("admin:interviews_interview_revision", args=[live.pk, old.pk])

    client.post(url, form_data(client.get(url)), follow=True)

    live.refresh_from_db()
    assert (live.title, live.status, live.approval_status) == (
        "Wärme aus dem Fluss",
        Status.PUBLISHED,
        ApprovalStatus.PENDING,
    )
    assert not PendingChange.objects.exists()


def test_an_approval_of_the_pending_text_survives_saving_it_again_unchanged(live, redaktion_user, freigabe_user):
    data = pending.snapshot(live)
    data["interview"]["title"] = "Autorisierte neue Überschrift"
    publishing.save_pending(live, data, redaktion_user, version=live.version + 1)
    Interview.objects.filter(pk=live.pk).update(approval_status=ApprovalStatus.APPROVED)  # the link's decision

    publishing.save_pending(live, PendingChange.objects.get().data, redaktion_user, version=live.version + 2)
    assert Interview.objects.get(pk=live.pk).approval_status == ApprovalStatus.APPROVED

    publishing.publish(live, freigabe_user)  # no override needed: the pending text is authorised
    live.refresh_from_db()
    assert live.title == "Autorisierte neue Überschrift"


def test_a_pending_change_that_no_longer_fits_is_refused_in_german(live, redaktion_user, freigabe_user):
    data = pending.snapshot(live)
    data["interview"]["slug"] = "schon-vergeben"
    publishing.save_pending(live, data, redaktion_user, version=live.version + 1)
    InterviewFactory(slug="schon-vergeben")

    with pytest.raises(ValidationError, match="Kurzname oder die Teilnummer"):
        publishing.publish(live, freigabe_user, override_reason="x")

    live.refresh_from_db()
    assert live.slug == "waerme-aus-dem-fluss" and PendingChange.objects.exists()


def test_a_pending_change_queues_no_pdf_render_and_publishing_it_does(
    client, live, redaktion_user, freigabe_user, settings, django_capture_on_commit_callbacks
):
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    client.force_login(redaktion_user)
    with django_capture_on_commit_callbacks(execute=True):
        save_form(client, live, **{"questions-0-answer": "<p>Noch nicht im PDF.</p>"})
    renders = [result for result in backend.results if result.task.name == "render_pdf_task"]
    assert renders == []

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(live, freigabe_user, override_reason="geprüft")
    assert {tuple(result.args) for result in backend.results if result.task.name == "render_pdf_task"} == {(live.pk,)}
    backend.clear()


def test_a_published_slug_change_keeps_the_old_page_and_pdf_addresses_working(
    client, live, redaktion_user, freigabe_user
):
    old_page, old_pdf = live.get_absolute_url(), live.get_pdf_url()
    client.force_login(redaktion_user)
    save_form(client, live, slug="neuer-kurzname")
    client.logout()
    assert client.get(old_page).status_code == 200  # still live under the old name while the change waits
    assert client.get("/interviews/neuer-kurzname/").status_code == 404

    publishing.publish(live, freigabe_user, override_reason="neuer Kurzname")

    response = client.get(old_page)
    assert (response.status_code, response["Location"]) == (301, "/interviews/neuer-kurzname/")
    response = client.get(old_pdf)
    assert (response.status_code, response["Location"]) == (301, "/interviews/neuer-kurzname/pdf/")
    assert client.get("/interviews/neuer-kurzname/").status_code == 200

    # The old name stays reserved for the redirect (tests/test_old_addresses.py).
    with pytest.raises(ValidationError):
        InterviewFactory(slug="waerme-aus-dem-fluss", published=True)
    assert client.get(old_page).status_code == 301


def test_draft_slug_changes_leave_no_redirect(client, redaktion_user):
    draft = InterviewFactory(slug="entwurf-alt")
    client.force_login(redaktion_user)
    save_form(client, draft, slug="entwurf-neu")
    draft.refresh_from_db()
    assert draft.slug == "entwurf-neu"
    client.logout()
    assert client.get("/interviews/entwurf-alt/").status_code == 404
