"""A chosen portrait survives a validation error elsewhere in the form (kept server-side until saved)."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from interviews.models import Interview
from tests.admin_forms import browser_data, form_data
from tests.factories import InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def portrait(name="erika.png"):
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def kept_files():
    try:
        return default_storage.listdir("tmp/uploads")[1]
    except FileNotFoundError:
        return []


def test_the_portrait_is_kept_through_an_error_and_saved_with_the_next_save(
    client, redaktion_user, django_capture_on_commit_callbacks
):
    interview = InterviewFactory(title="Wärme aus dem Wald")
    QuestionFactory(interview=interview)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    client.force_login(redaktion_user)
    data = form_data(client.get(url))
    data["portrait"] = portrait()
    data["portrait_alt"] = ""  # forgotten: a portrait needs its alternative text

    refused = client.post(url, data)

    page = refused.content.decode()
    assert "Ein Porträt braucht einen Alternativtext." in page
    assert "Ihre gewählte Datei „erika.png“ ist zwischengespeichert" in page
    assert not Interview.objects.get().portrait
    assert len(kept_files()) == 1

    again = browser_data(refused)  # what the page holds; the browser sends no file this time
    assert again["portrait-kept"]
    again["portrait_alt"] = "Erika Beispiel vor dem Heizwerk"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, again)

    interview.refresh_from_db()
    assert interview.portrait.name.endswith(".png")
    with Image.open(interview.portrait) as image:
        assert image.size == (60, 80)
    assert kept_files() == []


def test_a_tampered_token_is_ignored(client, redaktion_user):
    interview = InterviewFactory()
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    client.force_login(redaktion_user)
    data = form_data(client.get(url))
    data["portrait-kept"] = "tmp/uploads/../../secret.png"

    client.post(url, data)

    assert not Interview.objects.get().portrait


def test_abandoned_kept_files_are_swept_after_a_day(settings):
    import os
    import time

    from core import kept_uploads

    old_token = kept_uploads.keep(portrait("alt.png"))
    old_path = kept_uploads.read(old_token)[0]
    day_ago = time.time() - 25 * 60 * 60
    os.utime(default_storage.path(old_path), (day_ago, day_ago))

    kept_uploads.keep(portrait("neu.png"))

    assert not default_storage.exists(old_path)
    assert len(kept_files()) == 1


def test_every_admin_image_field_keeps_its_file_through_an_error(client, superuser):
    """The same for the Kommune's logo (any admin form of an editor: core.forms.EditorFormAdminMixin)."""
    from municipalities.models import Kommune

    client.force_login(superuser)
    url = reverse("admin:municipalities_kommune_add")
    data = browser_data(client.get(url))
    data.update(name="Logo-Stadt", slug="logo-stadt", kind="stadt", state="TH", akk_member="True")
    data.update(logo=portrait("wappen.png"), logo_alt="")  # forgotten: a logo needs its alternative text

    refused = client.post(url, data)

    assert "Ihre gewählte Datei „wappen.png“ ist zwischengespeichert" in refused.content.decode()
    assert not Kommune.objects.exists()
    again = browser_data(refused)
    again["logo_alt"] = "Wappen der Logo-Stadt"
    assert client.post(url, again).status_code == 302
    with Image.open(Kommune.objects.get(slug="logo-stadt").logo) as image:
        assert image.size == (60, 80)
