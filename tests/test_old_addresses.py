"""Old addresses stay: a slug a live interview ever had stays reserved for its redirect.

Tried as the issue describes it (Freigabe renames a live interview, Redaktion
gives a draft the old slug) and on the other write paths: the add form, a
pending change of another live interview, the ORM.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews.editorial import publishing
from interviews.models import Interview, PendingChange, SlugRedirect
from tests.admin_forms import change_url, form_data
from tests.factories import FITS_SHORT_PART, SHORT_PART_PAGES, InterviewFactory, QuestionFactory, answer_of

pytestmark = pytest.mark.django_db


def save_form(client, interview, **changes):
    data = form_data(client.get(change_url(interview)))
    data.update(changes)
    return client.post(change_url(interview), data, follow=True)


@pytest.fixture
def renamed(client, freigabe_user):
    """A live interview Freigabe renamed from „waerme-aus-dem-fluss“ to „waerme-aus-dem-see“."""
    interview = InterviewFactory(
        title="Wärme aus dem Fluss", slug="waerme-aus-dem-fluss", published=True, page_count=SHORT_PART_PAGES
    )
    QuestionFactory(interview=interview, answer=answer_of(FITS_SHORT_PART))
    client.force_login(freigabe_user)
    save_form(client, interview, slug="waerme-aus-dem-see")
    interview.refresh_from_db()
    assert interview.slug == "waerme-aus-dem-see"
    return interview


def old_addresses_redirect(client):
    client.logout()
    page = client.get("/interviews/waerme-aus-dem-fluss/")
    pdf = client.get("/interviews/waerme-aus-dem-fluss/pdf/")
    return (page.status_code, page.get("Location"), pdf.status_code, pdf.get("Location")) == (
        301,
        "/interviews/waerme-aus-dem-see/",
        301,
        "/interviews/waerme-aus-dem-see/pdf/",
    )


def test_redaktion_cannot_give_a_draft_the_old_slug_and_the_old_addresses_keep_redirecting(
    client, renamed, redaktion_user
):
    draft = InterviewFactory(title="Ein Entwurf", slug="ein-entwurf")
    assert old_addresses_redirect(client)
    client.force_login(redaktion_user)

    response = save_form(client, draft, slug="waerme-aus-dem-fluss")

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["slug"])
    assert "„waerme-aus-dem-fluss“" in errors and "frühere Adresse von „Wärme aus dem Fluss“" in errors
    draft.refresh_from_db()
    assert draft.slug == "ein-entwurf"
    assert SlugRedirect.objects.filter(old_slug="waerme-aus-dem-fluss", interview=renamed).exists()
    assert old_addresses_redirect(client)


def test_the_add_form_refuses_the_old_slug_too_and_suggests_a_free_one(client, renamed, freigabe_user):
    client.force_login(freigabe_user)
    page = client.get(reverse("admin:interviews_interview_add"))
    data = form_data(page)
    data.update(
        series=renamed.series_id,
        part="2",
        kommune=renamed.kommune_id,
        title="Noch ein Fluss",
        slug="waerme-aus-dem-fluss",
        interviewee_name="Jemand",
    )
    response = client.post(reverse("admin:interviews_interview_add"), data)
    assert response.status_code == 200
    assert "z. B. „waerme-aus-dem-fluss-2“" in " ".join(response.context["adminform"].form.errors["slug"])
    assert not Interview.objects.filter(title="Noch ein Fluss").exists()


def test_an_orm_save_taking_the_old_slug_is_refused_in_german_and_changes_nothing(client, renamed):
    draft = InterviewFactory(slug="ein-entwurf")
    draft.slug = "waerme-aus-dem-fluss"

    with pytest.raises(ValidationError) as refused:
        draft.save()

    assert "bleibt deshalb reserviert" in " ".join(refused.value.messages)
    assert Interview.objects.get(pk=draft.pk).slug == "ein-entwurf"
    with pytest.raises(ValidationError):
        InterviewFactory(slug="waerme-aus-dem-fluss")
    assert old_addresses_redirect(client)


def test_a_pending_change_of_another_live_interview_cannot_take_it(client, renamed, redaktion_user, freigabe_user):
    other = InterviewFactory(slug="anderes-interview", published=True, page_count=SHORT_PART_PAGES)
    QuestionFactory(interview=other, answer=answer_of(FITS_SHORT_PART))
    client.force_login(redaktion_user)

    response = save_form(client, other, slug="waerme-aus-dem-fluss")

    assert "frühere Adresse von „Wärme aus dem Fluss“" in " ".join(response.context["adminform"].form.errors["slug"])
    assert not PendingChange.objects.filter(interview=other).exists()
    assert old_addresses_redirect(client)


def test_the_interview_itself_may_take_its_old_slug_back(client, renamed, freigabe_user):
    client.force_login(freigabe_user)
    save_form(client, renamed, slug="waerme-aus-dem-fluss")

    renamed.refresh_from_db()
    assert renamed.slug == "waerme-aus-dem-fluss"
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["waerme-aus-dem-see"]
    client.logout()
    assert client.get("/interviews/waerme-aus-dem-fluss/").status_code == 200
    assert client.get("/interviews/waerme-aus-dem-see/").status_code == 301


def test_publishing_a_pending_slug_that_became_reserved_meanwhile_is_refused(renamed, redaktion_user, freigabe_user):
    other = InterviewFactory(slug="anderes-interview", published=True, page_count=SHORT_PART_PAGES)
    QuestionFactory(interview=other, answer=answer_of(FITS_SHORT_PART))
    data = publishing.pending.snapshot(other)
    data["interview"]["slug"] = "waerme-aus-dem-fluss"  # e.g. saved before the rename made it an old address
    publishing.save_pending(other, data, redaktion_user, version=other.version + 1)

    with pytest.raises(ValidationError) as refused:
        publishing.publish(other, freigabe_user, override_reason="x")

    assert "reserviert" in " ".join(refused.value.messages)
    assert Interview.objects.get(pk=other.pk).slug == "anderes-interview"
