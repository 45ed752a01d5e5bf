"""Every consumer of "the content of an interview" follows interviews.fields.

Freigabe's comparison shows every content field Redaktion can change on a
live interview (label and old and new value), a restore from history brings
back content only (never a revoked authorisation link), and the stale-save
merge covers non-text fields such as the planned date.
"""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from interviews import fields
from interviews.editorial import approval, compare, publishing
from interviews.models import Interview, PendingChange, Question
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import FITS_SIX_PAGES, InterviewFactory, QuestionFactory, ThemeFactory, answer_of

pytestmark = pytest.mark.django_db


def save_form(client, interview, **changes):
    data = form_data(client.get(change_url(interview)))
    data.update(changes)
    return client.post(change_url(interview), data, follow=True)


@pytest.fixture
def live(freigabe_user):
    interview = InterviewFactory(title="Wärme aus dem Fluss", slug="waerme-aus-dem-fluss", review=True)
    theme = ThemeFactory(title="Wärme")
    interview.series.themes.add(theme)
    fits = answer_of(FITS_SIX_PAGES)
    QuestionFactory(interview=interview, theme=theme, position=1, question="Erste Frage?", answer=fits)
    publishing.publish(interview, freigabe_user)
    interview.refresh_from_db()
    return interview


def test_page_count_and_planned_date_changes_by_redaktion_show_in_freigabes_comparison(
    client, live, redaktion_user, freigabe_user
):
    client.force_login(redaktion_user)
    response = save_form(client, live, page_count="6", planned_date="15.05.2027")
    assert any("wartet auf die Freigabe" in message for message in messages_of(response)), messages_of(response)
    live.refresh_from_db()
    assert (live.page_count, live.planned_date) == (None, None)  # readers keep the live version

    client.force_login(freigabe_user)
    page = client.get(change_url(live)).content.decode()

    assert "Keine inhaltlichen Unterschiede." not in page
    assert "Seiten im PDF" in page and "<del>(leer)</del> <ins>6</ins>" in page
    assert "Geplantes Erscheinen" in page and "<ins>15. Mai 2027</ins>" in page

    publishing.publish(live, freigabe_user, override_reason="nur Formales")
    live.refresh_from_db()
    assert (live.page_count, live.planned_date) == (6, datetime.date(2027, 5, 15))


@pytest.mark.parametrize("model", [Interview, Question])
def test_every_content_field_shows_in_the_comparison_with_label_old_and_new_value(model):
    """A property over the classification: whatever field is content, a change of it is shown."""
    for field in compare.shown_fields(model):
        old, new = {field.name: "Altwert"}, {field.name: "Neuwert"}
        if model is Question:
            old, new = {"questions": [{"key": 1, **old}]}, {"questions": [{"key": 1, **new}]}
        changes = compare.compare_interviews(old, new)
        text = " ".join(f"{change.label} {d.label} {d.html}" for change in changes for d in change.fields)
        assert fields.label(model, field.name) in text, field.name
        if not isinstance(field, type(Interview._meta.get_field("portrait"))):
            assert "Altwert" in text and "Neuwert" in text, field.name


def test_the_pending_version_holds_exactly_the_content_fields():
    from interviews.editorial import pending

    interview = InterviewFactory()
    data = pending.snapshot(interview)
    assert set(data["interview"]) == set(fields.attnames(Interview, fields.CONTENT))
    assert "approval_key" not in data["interview"] and "assigned_to_id" not in data["interview"]


def test_restore_from_history_never_brings_back_a_revoked_link(client, freigabe_user):
    interview = InterviewFactory(title="Alte Überschrift")
    QuestionFactory(interview=interview, answer=answer_of(FITS_SIX_PAGES))
    client.force_login(freigabe_user)
    link = approval.approval_url(interview, freigabe_user)
    save_form(client, interview, title="Mit Link gespeichert")
    assert client.get(link).status_code == 200
    approval.revoke(interview, freigabe_user)
    save_form(client, interview, title="Nach dem Widerruf")
    assert client.get(link).status_code == 410
    with_link = next(v for v in Version.objects.get_for_object(interview) if v.field_dict["approval_key"])

    url = reverse("admin:interviews_interview_revision", args=[interview.pk, with_link.pk])
    response = client.post(url, form_data(client.get(url)), follow=True)

    assert response.status_code == 200
    interview.refresh_from_db()
    assert interview.title == "Mit Link gespeichert"  # the content came back
    assert interview.approval_key == ""  # the link did not
    client.logout()
    assert client.get(link).status_code == 410


def test_a_stale_save_takes_over_a_planned_date_someone_else_set_under_its_one_name(client, freigabe_user):
    interview = InterviewFactory(title="Vorher")
    QuestionFactory(interview=interview, answer=answer_of(300))
    client.force_login(freigabe_user)
    stale_form = form_data(client.get(change_url(interview)))
    save_form(client, interview, planned_date="01.03.2027")  # someone else, meanwhile

    stale_form["title"] = "Meine Überschrift"
    response = client.post(change_url(interview), stale_form, follow=True)

    [merged] = [text for text in messages_of(response) if "Zusammengeführt" in text]
    assert "Von dort übernommen: Geplantes Erscheinen;" in merged
    interview.refresh_from_db()
    assert (interview.title, interview.planned_date) == ("Meine Überschrift", datetime.date(2027, 3, 1))
    assert not PendingChange.objects.exists()


def test_the_planned_date_has_one_name_in_the_form_and_in_the_comparisons(client, freigabe_user):
    client.force_login(freigabe_user)
    page = client.get(change_url(InterviewFactory())).content.decode()

    assert 'for="id_planned_date">Geplantes Erscheinen:</label>' in page
    assert "Voraussichtliches Erscheinen" not in page
