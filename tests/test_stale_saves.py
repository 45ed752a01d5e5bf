"""One optimistic-locking scheme on every admin form of a model editors change (core.locking).

The admins are derived from the admin site (every model admin of this
project's apps), not listed by hand. For each: two editors (or one editor in
two tabs) open the same change form and both save. Changes to different
fields are merged and saved with a message naming the other save; a change
to the same field is refused, explained, and nothing typed is lost. Real
admin round trips (tests/admin_forms.py).
"""

import sys
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.utils.html import strip_tags

from core.locking import EDIT_BASE, OptimisticLockingMixin
from municipalities.models import Award
from pages.models import Page, Slug
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import InterviewFactory, KommuneFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = pytest.mark.django_db

PLAIN_TEXT_WIDGETS = (forms.TextInput, forms.Textarea, AdminTextInputWidget, AdminTextareaWidget)


def project_admins():
    """Model label -> model admin for every model of this project's apps that the admin site edits."""
    base = Path(settings.BASE_DIR).resolve()
    environment = Path(sys.prefix).resolve()  # the virtualenv may sit inside the project (.venv/)

    def ours(model):
        parents = Path(apps.get_app_config(model._meta.app_label).path).resolve().parents
        return base in parents and environment not in parents

    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items() if ours(model)}


def legal_page():
    page, _new = Page.objects.update_or_create(
        slug=Slug.IMPRESSUM, defaults={"title": "Impressum", "body": "<p>Herausgeber</p>"}
    )
    return page


# How a test makes a row of each model (a new admin without an entry here fails test_every_... below).
MAKE = {
    "interviews.Interview": InterviewFactory,
    "interviews.Series": SeriesFactory,
    "interviews.Theme": ThemeFactory,
    "municipalities.Kommune": KommuneFactory,
    "pages.Page": legal_page,
}
ADMINS = sorted(project_admins())


def test_every_admin_of_an_editable_model_uses_the_one_scheme(client):
    assert set(ADMINS) == set(MAKE), "new admin: add how to make a row to MAKE"
    client.force_login(make_user("chefin", superuser=True))
    for label, model_admin in project_admins().items():
        assert isinstance(model_admin, OptimisticLockingMixin), label
        obj = MAKE[label]()
        page = client.get(change_url(obj))
        assert form_data(page)[EDIT_BASE], label


def text_fields(response):
    """Two plain one-line or multi-line text fields of the admin form in ``response`` (not the URL name)."""
    form = response.context["adminform"].form
    names = [
        name
        for name, field in form.fields.items()
        if type(getattr(field.widget, "widget", field.widget)) in PLAIN_TEXT_WIDGETS
        and type(field) is forms.CharField
        and name != "slug"
    ]
    assert len(names) >= 2, names
    return names[:2]


@pytest.mark.parametrize("label", ADMINS)
def test_changes_to_different_fields_are_merged_and_the_other_save_named(editors, label):
    obj = MAKE[label]()
    first, second = editors
    first_page = first.get(change_url(obj))
    mine, theirs = text_fields(first_page)
    first_form = form_data(first_page)
    second_form = form_data(second.get(change_url(obj)))
    first_form[mine] = "Text der ersten Person"
    assert first.post(change_url(obj), first_form).status_code == 302

    second_form[theirs] = "Text der zweiten Person"
    response = second.post(change_url(obj), second_form, follow=True)

    [merged] = [text for text in messages_of(response) if text.startswith("Zusammengeführt und gespeichert")]
    assert "erste hat „" in merged
    obj.refresh_from_db()
    assert (getattr(obj, mine), getattr(obj, theirs)) == ("Text der ersten Person", "Text der zweiten Person")


@pytest.mark.parametrize("label", ADMINS)
def test_a_change_to_the_same_field_is_refused_explained_and_kept_in_the_form(editors, label):
    obj = MAKE[label]()
    first, second = editors
    first_page = first.get(change_url(obj))
    field, other = text_fields(first_page)
    first_form = form_data(first_page)
    second_form = form_data(second.get(change_url(obj)))
    first_form[field] = "Text der ersten Person"
    first_form[other] = "Noch ein Text der ersten Person"
    first.post(change_url(obj), first_form)

    second_form[field] = "Text der zweiten Person"
    refused = second.post(change_url(obj), second_form)

    page = " ".join(strip_tags(refused.content.decode()).split())
    assert refused.status_code == 200
    # Explained once (the interview form explains it in its own section, other forms in the error list).
    assert page.count("Nicht gespeichert: erste hat „") == 1
    assert "Dort und hier geändert" in page and "verloren" in page
    assert "Aus der neuen Fassung übernommen: " in page
    obj.refresh_from_db()
    assert getattr(obj, field) == "Text der ersten Person"
    again = form_data(refused)
    assert (again[field], again[other]) == ("Text der zweiten Person", "Noch ein Text der ersten Person")

    assert second.post(change_url(obj), again).status_code == 302  # saves what the form shows
    obj.refresh_from_db()
    assert (getattr(obj, field), getattr(obj, other)) == ("Text der zweiten Person", "Noch ein Text der ersten Person")


@pytest.mark.parametrize("label", ADMINS)
def test_the_same_editor_in_another_tab_is_named_as_such(client, label):
    obj = MAKE[label]()
    client.force_login(make_user("julia", superuser=True))
    first_page = client.get(change_url(obj))
    field, _other = text_fields(first_page)
    first_tab = form_data(first_page)
    second_tab = form_data(client.get(change_url(obj)))
    second_tab[field] = "Aus dem zweiten Tab"
    client.post(change_url(obj), second_tab)
    first_tab[field] = "Aus dem ersten Tab"

    page = client.post(change_url(obj), first_tab).content.decode()

    assert "Nicht gespeichert: Sie selbst haben „" in page
    assert "in einem anderen Fenster oder Tab gespeichert" in page
    obj.refresh_from_db()
    assert getattr(obj, field) == "Aus dem zweiten Tab"


def test_an_award_added_meanwhile_is_kept_and_the_kommune_change_merged(editors):
    kommune = KommuneFactory()
    url = change_url(kommune)
    first, _second = editors
    form = form_data(first.get(url))
    Award.objects.create(kommune=kommune, year=2024, category="Energieeffizienz")

    form["description"] = "Überschreibt nichts"
    response = first.post(url, form)

    assert response.status_code == 302
    kommune.refresh_from_db()
    assert kommune.description == "Überschreibt nichts"
    assert kommune.awards.count() == 1


def test_a_form_without_its_token_is_refused_and_changes_nothing(editors):
    theme = ThemeFactory(question="Alte Leitfrage?")
    url = change_url(theme)
    first, _second = editors
    form = form_data(first.get(url))
    del form[EDIT_BASE]
    form["question"] = "Neue Leitfrage?"

    refused = first.post(url, form)

    assert "Nicht gespeichert" in refused.content.decode()
    assert form_data(refused)["question"] == "Neue Leitfrage?"
    theme.refresh_from_db()
    assert theme.question == "Alte Leitfrage?"
