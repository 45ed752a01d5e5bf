"""No lost updates on any admin form: the second of two editors who opened the same row is refused.

Two editors open the same change form; the first saves; the second's save is
refused with the one German message (core.admin.stale_message) and changes
nothing. Real admin round trips (tests/admin_forms.py).
"""

import pytest
from django.urls import reverse

from municipalities.models import Award
from pages.models import Page, Slug
from tests.admin_forms import form_data
from tests.factories import KommuneFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = pytest.mark.django_db

STALE = "wurde inzwischen von jemand anderem gespeichert"


def legal_page():
    page, _new = Page.objects.update_or_create(
        slug=Slug.IMPRESSUM, defaults={"title": "Impressum", "body": "<p>Herausgeber</p>"}
    )
    return page


CASES = {
    "kommune": (KommuneFactory, "admin:municipalities_kommune_change", "description"),
    "series": (SeriesFactory, "admin:interviews_series_change", "description"),
    "theme": (ThemeFactory, "admin:interviews_theme_change", "question"),
    "page": (legal_page, "admin:pages_page_change", "title"),
}


@pytest.fixture
def editors(client):
    first = client
    first.force_login(make_user("erste", superuser=True))
    second = type(client)()
    second.force_login(make_user("zweite", superuser=True))
    return first, second


@pytest.mark.parametrize("case", CASES)
def test_second_save_of_a_stale_form_is_refused_and_the_first_is_kept(editors, case):
    make, url_name, field = CASES[case]
    obj = make()
    url = reverse(url_name, args=[obj.pk])
    first, second = editors
    first_form = form_data(first.get(url))
    second_form = form_data(second.get(url))

    first_form[field] = "Text der ersten Person"
    saved = first.post(url, first_form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    second_form[field] = "Text der zweiten Person"
    refused = second.post(url, second_form)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert STALE in page
    assert "Ihre Änderungen wurden nicht übernommen" in page
    assert "erste" in page  # who saved last
    obj.refresh_from_db()
    assert getattr(obj, field) == "Text der ersten Person"


def test_a_fresh_form_after_a_save_saves(editors):
    kommune = KommuneFactory()
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    first, second = editors
    form = form_data(first.get(url))
    form["description"] = "Eins"
    assert first.post(url, form).status_code == 302

    form = form_data(second.get(url))
    form["description"] = "Zwei"
    assert second.post(url, form).status_code == 302
    kommune.refresh_from_db()
    assert kommune.description == "Zwei"


def test_an_award_added_meanwhile_makes_the_kommune_form_stale(editors):
    kommune = KommuneFactory()
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    first, _second = editors
    form = form_data(first.get(url))
    Award.objects.create(kommune=kommune, year=2024, category="Energieeffizienz")

    form["description"] = "Überschreibt nichts"
    response = first.post(url, form)

    assert STALE in response.content.decode()
    kommune.refresh_from_db()
    assert kommune.description == ""
    assert kommune.awards.count() == 1


def test_a_form_without_its_token_is_refused(editors):
    theme = ThemeFactory(question="Alte Leitfrage?")
    url = reverse("admin:interviews_theme_change", args=[theme.pk])
    first, _second = editors
    form = form_data(first.get(url))
    del form["edit_token"]
    form["question"] = "Neue Leitfrage?"

    assert STALE in first.post(url, form).content.decode()
    theme.refresh_from_db()
    assert theme.question == "Alte Leitfrage?"
