"""Previews show the images that will be published: staff and the interviewee see new and pending portraits.

Preview pages (the staff preview of a pending version, the interviewee's
approval page) put a signed grant into their image URLs; those answers are
``private, no-store``, as are staff-only draft images; public images keep
their public caching. File names are never markup.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import renditions
from interviews.editorial import approval
from interviews.models import PendingChange
from tests.admin_forms import form_data
from tests.factories import InterviewFactory
from tests.test_pending import change_url, live  # noqa: F401 - the published interview fixture
from tests.test_uploads import image_bytes

pytestmark = pytest.mark.django_db

IMAGE_URL = re.compile(r"/bilder/[^\"\s,]+")


def image_urls(html):
    """Every image URL in ``html`` (src and each srcset candidate)."""
    return sorted({url.replace("&amp;", "&") for url in IMAGE_URL.findall(html)})


def upload(client, interview, name, color, alt):
    data = form_data(client.get(change_url(interview)))
    data["portrait"] = SimpleUploadedFile(name, image_bytes(size=(300, 400), color=color), content_type="image/png")
    data["portrait_alt"] = alt
    return client.post(change_url(interview), data)


@pytest.fixture
def pending_portrait(client, live, freigabe_user, redaktion_user):  # noqa: F811
    """A live interview with portrait A; Redaktion's new portrait B waits for Freigabe."""
    client.force_login(freigabe_user)
    upload(client, live, "alt.png", (200, 60, 20), "Altes Foto")
    live.refresh_from_db()
    client.force_login(redaktion_user)
    upload(client, live, "neu.png", (0, 90, 200), "Neues Foto")
    client.logout()
    live.refresh_from_db()
    waiting = PendingChange.objects.get(interview=live).data["interview"]["portrait"]
    assert waiting and waiting != live.portrait.name
    return live, waiting


def key_in(url):
    return re.search(r"/([0-9a-f]{24})-", url).group(1)


def test_the_interviewee_sees_the_pending_portrait_privately(client, pending_portrait, record_property):
    interview, waiting = pending_portrait
    page = client.get(approval.approval_url(interview)).content.decode()

    urls = image_urls(page)
    assert urls and all("?vorschau=" in url for url in urls)
    assert {key_in(url) for url in urls} == {renditions.rendition_key(waiting)}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content)[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")
    record_property("preview_images_served", len(urls))


def test_staff_see_the_pending_portrait_in_the_pending_preview(client, pending_portrait, freigabe_user):
    interview, waiting = pending_portrait
    client.force_login(freigabe_user)
    page = client.get(reverse("admin:interviews_interview_pending_preview", args=[interview.pk])).content.decode()

    urls = image_urls(page)
    assert {key_in(url) for url in urls} == {renditions.rendition_key(waiting)}
    assert all(client.get(url)["Cache-Control"] == "private, no-store" for url in urls)


def test_readers_keep_the_public_portrait_with_public_caching(client, pending_portrait):
    interview, waiting = pending_portrait
    page = client.get(reverse("interviews:detail", args=[interview.slug])).content.decode()

    urls = image_urls(page)
    assert urls and all("vorschau" not in url for url in urls)
    assert {key_in(url) for url in urls} == {renditions.rendition_key(interview.portrait.name)}
    assert all(client.get(url)["Cache-Control"] == "public, max-age=3600" for url in urls)
    # The pending portrait's renditions exist, but without a grant nobody gets them.
    pending_url = urls[0].replace(key_in(urls[0]), renditions.rendition_key(waiting))
    assert client.get(pending_url).status_code == 404


def test_forged_or_foreign_grants_get_nothing(client, pending_portrait, record_property):
    interview, waiting = pending_portrait
    url = image_urls(client.get(approval.approval_url(interview)).content.decode())[0]
    path, grant = url.split("?vorschau=")
    other_key = renditions.rendition_key(interview.portrait.name)
    tried = [
        f"{path}?vorschau={grant[:-2]}xx",  # tampered signature
        f"{path}?vorschau=",
        f"{path}?vorschau={renditions.preview_token('portraits/anderes.png')}",  # a grant for another image
        f"{path.replace(key_in(path), other_key)}?vorschau={grant}",  # this grant on another key
    ]
    refused = sum(client.get(candidate).status_code == 404 for candidate in tried)
    record_property("preview_grants_tried", len(tried))
    record_property("preview_grants_refused", refused)
    assert refused == len(tried)


def test_a_drafts_portrait_is_private_for_staff_and_gone_for_readers(client, redaktion_user):
    interview = InterviewFactory(title="Entwurf")
    client.force_login(redaktion_user)
    upload(client, interview, "entwurf.png", (10, 120, 40), "Entwurfsfoto")
    interview.refresh_from_db()
    url = renditions.picture(interview.portrait)["src"]

    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(url).status_code == 404


def test_a_kept_uploads_file_name_is_shown_as_text_never_as_markup(client, redaktion_user, record_property):
    interview = InterviewFactory()
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    name = '<img src=x onerror=alert(1)>"&.png'
    data["portrait"] = SimpleUploadedFile(name, image_bytes(), content_type="image/png")
    data["portrait_alt"] = ""  # the missing alt text sends the form back; the portrait is kept
    response = client.post(change_url(interview), data)

    page = response.content.decode()
    assert "ist zwischengespeichert" in page
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    record_property("file_name_markup_tried", 1)
    record_property("file_name_markup_shown", int("<img src=x onerror" in page))
