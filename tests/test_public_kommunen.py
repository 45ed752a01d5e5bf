"""Kommunen pages, legal pages, robots.txt and error pages."""

import re

import pytest

from municipalities.models import Award
from pages.models import Page
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kommunen():
    ilm = KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis", kind="landkreis", state="TH", population=106000)
    Award.objects.create(kommune=ilm, year=2019, category="Ressourceneffizienz")
    hidden = KommuneFactory(name="Nur-Entwurf-Stadt", slug="nur-entwurf")
    fictional = KommuneFactory(name="Beispielhausen", slug="beispielhausen", is_fictional=True)
    interview = InterviewFactory(kommune=ilm, title="Gemeinschaftsaufgabe", published=True)
    QuestionFactory(interview=interview)
    InterviewFactory(kommune=fictional, title="Fiktives Interview", published=True)
    InterviewFactory(kommune=hidden, title="Nur ein Entwurf")
    InterviewFactory(kommune=ilm, title="Zweiter Entwurf")
    return {"ilm": ilm, "hidden": hidden}


def test_kommune_list_shows_only_kommunen_with_a_published_interview(client, kommunen):
    html = client.get("/kommunen/").content.decode()

    assert "Ilm-Kreis" in html
    assert "1 Interview" in html
    assert "Beispielhausen" in html
    assert "fiktive Beispielkommune" in html
    assert "Nur-Entwurf-Stadt" not in html


def test_kommune_page_shows_facts_awards_and_only_published_interviews(client, kommunen):
    html = client.get("/kommunen/ilm-kreis/").content.decode()

    assert "Ilm-Kreis</h1>" in html
    assert "Landkreis" in html and "Thüringen" in html and "106.000" in html
    assert "Ressourceneffizienz" in html
    assert "Gemeinschaftsaufgabe" in html
    assert "Zweiter Entwurf" not in html


def test_kommune_without_published_interview_is_not_found(client, kommunen):
    assert client.get("/kommunen/nur-entwurf/").status_code == 404


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_show_their_editable_content(client, url, heading):
    html = client.get(url).content.decode()

    assert f"<h1>{heading}</h1>" in html


def test_accessibility_statement_names_a_feedback_contact(client):
    html = client.get("/barrierefreiheit/").content.decode()

    assert "Barrieren melden" in html
    assert "mailto:" in html


def test_edited_legal_page_shows_the_new_text_and_drops_scripts(client):
    page = Page.objects.get(slug="impressum")
    page.body = "<h2>Herausgeber</h2><p>Arbeitskreis</p><script>alert(1)</script><p onclick='x()'>Text</p>"
    page.save()

    html = client.get("/impressum/").content.decode()

    assert "<h2>Herausgeber</h2><p>Arbeitskreis</p>" in html
    assert "alert(1)" not in html and "onclick" not in html


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://mal-nachgefragt.example"

    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://mal-nachgefragt.example/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_not_found_page_is_german_and_helpful(client, settings):
    settings.DEBUG = False

    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()

    assert response.status_code == 404
    assert '<html lang="de">' in html
    assert "Diese Seite gibt es nicht (mehr)" in html
    assert 'href="/interviews/"' in html


def test_server_error_page_is_german_and_standalone():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert '<html lang="de">' in html
    assert "Das hat leider nicht geklappt" in html


def test_kommune_logo_is_shown_as_png_and_webp_renditions_keeping_transparency(client, kommunen, settings):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (800, 300), (0, 90, 60, 0)).save(buffer, "PNG")
    ilm = kommunen["ilm"]
    ilm.logo.save("logo.png", ContentFile(buffer.getvalue()), save=False)
    ilm.logo_alt = "Wappen des Ilm-Kreises"
    ilm.save()

    html = client.get("/kommunen/ilm-kreis/").content.decode()

    assert 'alt="Wappen des Ilm-Kreises"' in html
    assert ilm.logo.url not in html
    assert "-640w.png 640w" in html and "-640w.webp 640w" in html
    url = re.search(r"(/bilder/kommune/[^\s\"]+-320w\.png)", html).group(1)
    response = client.get(url)
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.mode == "RGBA" and image.size == (320, 120)
