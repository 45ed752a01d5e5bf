"""Small rules: bidi control characters never stored in names and titles; login lands in the admin."""

import pytest
from django.urls import reverse

from interviews.models import Interview
from municipalities.models import Kommune
from tests.admin_forms import form_data
from tests.factories import InterviewFactory, KommuneFactory, make_user

pytestmark = pytest.mark.django_db

RLO, PDF_CHAR, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def test_bidi_controls_are_stripped_from_names_and_titles_on_save():
    kommune = KommuneFactory(name=f"Neu{RLO}stadt{PDF_CHAR}")
    interview = InterviewFactory(
        kommune=kommune, title=f"{LRI}Wärme{PDI} aus dem Wald", interviewee_name=f"Anna{RLO} Beispiel"
    )

    kommune.refresh_from_db()
    interview.refresh_from_db()
    assert kommune.name == "Neustadt"
    assert interview.title == "Wärme aus dem Wald"
    assert interview.interviewee_name == "Anna Beispiel"


def test_bidi_controls_typed_in_the_admin_are_not_stored(client):
    client.force_login(make_user("chefin", superuser=True))
    kommune = KommuneFactory()
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    data = form_data(client.get(url))
    data["name"] = f"Ilm{RLO}-Kreis"
    assert client.post(url, data).status_code == 302

    assert Kommune.objects.get(pk=kommune.pk).name == "Ilm-Kreis"
    assert not Interview.objects.filter(title__contains=RLO).exists()


def test_a_refused_next_after_login_lands_in_the_admin(client):
    make_user("redakteurin")
    login = reverse("admin:login") + "?next=https://fremde-seite.example/"

    response = client.post(login, {"username": "redakteurin", "password": "test-pass-123"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Wärme aus dem Wald", "„Wärme aus dem Wald“"),
        ("„Klimaschutz ist Chefsache“", "„Klimaschutz ist Chefsache“"),
        ('"Klimaschutz ist Chefsache"', '"Klimaschutz ist Chefsache"'),
        ("Wir sagen „Ja“ zur Wärmewende", "„Wir sagen „Ja“ zur Wärmewende“"),
    ],
)
def test_titles_are_quoted_once(title, shown):
    from core.text import quoted

    assert quoted(title) == shown


@pytest.mark.django_db
def test_a_message_about_a_quoted_title_has_no_doubled_quotes(client, freigabe_user):
    from interviews.editorial.admin_workflow import publish_message

    interview = InterviewFactory(title="„Klimaschutz ist Chefsache“")
    assert publish_message(interview) == "„Klimaschutz ist Chefsache“ ist veröffentlicht."
