"""History: every admin change is kept with author and time and can be restored (content only)."""

import pytest
from django.urls import reverse
from reversion.models import Version

from interviews.models import Interview, Status
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import FITS_SHORT_PART, SHORT_PART_PAGES, InterviewFactory, QuestionFactory, answer_of

pytestmark = pytest.mark.django_db


def admin_save(client, interview, **changes):
    """Open the change form, change fields (``questions-0-question=...`` style keys allowed), save."""
    data = form_data(client.get(change_url(interview)))
    data.update(changes)
    response = client.post(change_url(interview), data)
    # Saved: the admin redirects (the page it redirects to is not rendered); refused: the form comes back.
    assert response.status_code == 302, response.context and response.context.get("errors")
    return response


def version_with(interview, **fields):
    for version in Version.objects.get_for_object(interview):
        if all(version.field_dict[name] == value for name, value in fields.items()):
            return version
    raise AssertionError(f"no version with {fields}")


def restore(client, interview, version):
    url = reverse("admin:interviews_interview_revision", args=[interview.pk, version.pk])
    page = client.get(url)
    assert "Alte Überschrift" in page.content.decode()
    return client.post(url, form_data(page), follow=True)


def questions_of(interview):
    return list(interview.questions.values_list("question", flat=True))


@pytest.fixture
def edited_interview(client, freigabe_user, redaktion_user):
    """Published as "Alte Überschrift" by Freigabe, then edited by Redaktion and withdrawn by Freigabe."""
    interview = InterviewFactory(title="Entwurfstitel", page_count=SHORT_PART_PAGES)
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=interview, question="Entwurfsfrage?")
    client.force_login(freigabe_user)
    admin_save(client, interview, title="Alte Überschrift", **{"questions-0-question": "Alte Frage?"})
    admin_save(client, interview, _workflow="publish", override_reason="telefonisch autorisiert")
    client.force_login(redaktion_user)
    admin_save(client, interview, title="Neue Überschrift", **{"questions-0-question": "Neue Frage?"})
    client.force_login(freigabe_user)
    admin_save(client, interview, _workflow="unpublish")
    interview.refresh_from_db()
    assert (interview.title, interview.status, questions_of(interview)) == (
        "Neue Überschrift",
        Status.DRAFT,
        ["Neue Frage?"],
    )
    return interview


def test_history_lists_every_change_with_its_author(client, superuser, edited_interview):
    client.force_login(superuser)
    page = client.get(reverse("admin:interviews_interview_history", args=[edited_interview.pk])).content.decode()
    assert "freigeberin" in page
    assert "redakteurin" in page
    # Three saved versions; the Redaktion change waited (a workflow event, no version) and became the draft.
    assert Version.objects.get_for_object(edited_interview).count() >= 3


def test_restoring_an_old_version_restores_title_and_questions_but_not_the_status(
    client, redaktion_user, edited_interview
):
    published_at_before = edited_interview.published_at
    old = version_with(edited_interview, title="Alte Überschrift", status=Status.PUBLISHED)
    client.force_login(redaktion_user)

    restore(client, edited_interview, old)

    edited_interview.refresh_from_db()
    assert edited_interview.title == "Alte Überschrift"
    assert questions_of(edited_interview) == ["Alte Frage?"]
    assert edited_interview.status == Status.DRAFT
    assert edited_interview.published_at == published_at_before
    assert not Interview.objects.published().exists()


def test_restoring_removes_questions_added_after_that_version(client, redaktion_user, edited_interview):
    old = version_with(edited_interview, title="Alte Überschrift", status=Status.PUBLISHED)
    QuestionFactory(
        answer=answer_of(FITS_SHORT_PART), interview=edited_interview, question="Später ergänzte Frage?", position=9
    )
    client.force_login(redaktion_user)

    restore(client, edited_interview, old)

    assert questions_of(edited_interview) == ["Alte Frage?"]


def test_restoring_a_draft_version_of_a_published_interview_keeps_it_published(client, freigabe_user, redaktion_user):
    """Freigabe restores at once (Redaktion's restore of a live interview waits: tests/test_pending.py)."""
    interview = InterviewFactory(title="Entwurf", page_count=SHORT_PART_PAGES)
    QuestionFactory(answer=answer_of(FITS_SHORT_PART), interview=interview, question="Alte Frage?")
    client.force_login(redaktion_user)
    admin_save(client, interview, title="Alte Überschrift")
    client.force_login(freigabe_user)
    admin_save(client, interview, _workflow="publish", override_reason="telefonisch autorisiert")
    admin_save(client, interview, title="Korrigierte Überschrift", **{"questions-0-question": "Neue Frage?"})
    interview.refresh_from_db()
    published = (interview.status, interview.published_at, interview.published_by)
    draft = version_with(interview, title="Alte Überschrift", status=Status.DRAFT)

    response = restore(client, interview, draft)

    interview.refresh_from_db()
    assert (interview.title, questions_of(interview)) == ("Alte Überschrift", ["Alte Frage?"])
    assert (interview.status, interview.published_at, interview.published_by) == published
    assert list(Interview.objects.published()) == [interview]
    assert any("erfolgreich geändert" in message for message in messages_of(response))


def test_restore_creates_a_new_history_entry_by_the_restoring_user(client, redaktion_user, edited_interview):
    old = version_with(edited_interview, title="Alte Überschrift", status=Status.PUBLISHED)
    client.force_login(redaktion_user)
    restore(client, edited_interview, old)
    latest = Version.objects.get_for_object(edited_interview).first()
    assert latest.revision.user == redaktion_user
    assert latest.field_dict["title"] == "Alte Überschrift"
    assert latest.field_dict["status"] == Status.DRAFT


def test_editors_compare_two_versions_side_by_side(client, redaktion_user, edited_interview):
    old = version_with(edited_interview, title="Alte Überschrift", status=Status.PUBLISHED)
    new = version_with(edited_interview, title="Neue Überschrift")
    client.force_login(redaktion_user)

    page = client.get(
        reverse("admin:interviews_interview_compare", args=[edited_interview.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    ).content.decode()

    assert "<del>- Alte Überschrift</del>" in page or "<del>Alte</del>" in page, page[page.find("Überschrift") - 300 :][
        :900
    ]


def test_staff_without_permissions_cannot_compare_versions(client, edited_interview):
    from tests.factories import make_user

    client.force_login(make_user("praktikant"))
    versions = Version.objects.get_for_object(edited_interview)
    response = client.get(
        reverse("admin:interviews_interview_compare", args=[edited_interview.pk]),
        {"version_id1": versions.last().pk, "version_id2": versions.first().pk},
    )
    assert response.status_code == 403
    assert "Alte Überschrift" not in response.content.decode()


def test_deleted_interview_is_recovered_as_a_draft_with_its_questions(client, freigabe_user, edited_interview):
    client.force_login(freigabe_user)
    admin_save(client, edited_interview, _workflow="publish", override_reason="telefonisch autorisiert")
    pk = edited_interview.pk
    client.post(reverse("admin:interviews_interview_delete", args=[pk]), {"post": "yes"})
    assert not Interview.objects.filter(pk=pk).exists()
    deleted = Version.objects.get_deleted(Interview).get(object_id=str(pk))

    recover_url = reverse("admin:interviews_interview_recover", args=[deleted.pk])
    client.post(recover_url, form_data(client.get(recover_url)), follow=True)

    recovered = Interview.objects.get(pk=pk)
    assert recovered.title == "Neue Überschrift"
    assert questions_of(recovered) == ["Neue Frage?"]
    assert (recovered.status, recovered.published_at) == (Status.DRAFT, None)
    assert not Interview.objects.published().exists()
