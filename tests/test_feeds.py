"""The Atom feed and the sitemap."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def content(settings):
    settings.SITE_URL = "https://mal-nachgefragt.example"
    theme = ThemeFactory(slug="waermeplanung")
    series = SeriesFactory(slug="reihe-2026", year=2026, themes=[theme])
    first = InterviewFactory(
        series=series,
        part=1,
        slug="erstes",
        title="Erstes Interview",
        kommune=KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis"),
        lead="<p>Ein <strong>kurzer</strong> Teaser.</p>",
        is_sample=True,
        published=True,
    )
    QuestionFactory(interview=first, theme=theme)
    draft = InterviewFactory(series=series, part=2, slug="entwurf", title="Entwurf", kommune=KommuneFactory(slug="x"))
    QuestionFactory(interview=draft, theme=theme)
    return first


def test_feed_is_atom_with_one_entry_per_published_interview(client, content):
    response = client.get("/feed/")
    root = ET.fromstring(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text == "Ilm-Kreis: Erstes Interview"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == "https://mal-nachgefragt.example/interviews/erstes/"
    summary = entry.find(f"{ATOM}summary").text
    assert "Ein kurzer Teaser." in summary and "<strong>" not in summary
    assert "Beispieltext" in summary
    assert root.find(f"{ATOM}title").text.startswith("Mal nachgefragt!")


def test_sitemap_lists_every_public_page_with_site_url_and_nothing_unpublished(client, content):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {loc.text for loc in root.iter(f"{SITEMAP}loc")}

    base = "https://mal-nachgefragt.example"
    assert {
        f"{base}/",
        f"{base}/interviews/",
        f"{base}/interviews/erstes/",
        f"{base}/reihen/",
        f"{base}/daten/",
        f"{base}/reihen/reihe-2026/",
        f"{base}/themen/",
        f"{base}/themen/waermeplanung/",
        f"{base}/kommunen/",
        f"{base}/kommunen/ilm-kreis/",
        f"{base}/impressum/",
        f"{base}/datenschutz/",
        f"{base}/barrierefreiheit/",
    } == urls
    assert f"{base}/interviews/entwurf/" not in urls
    assert f"{base}/kommunen/x/" not in urls


def test_feed_entry_links_the_pdf_once_it_is_rendered(client, content):
    from django.core.files.base import ContentFile

    content.pdf_file.save("erstes.pdf", ContentFile(b"%PDF-1.7"), save=False)
    content.pdf_size = 123456
    content.save()

    entry = ET.fromstring(client.get("/feed/").content).find(f"{ATOM}entry")

    enclosure = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"][0]
    assert enclosure.get("href") == "https://mal-nachgefragt.example/interviews/erstes/pdf/"
    assert enclosure.get("type") == "application/pdf"
    assert enclosure.get("length") == "123456"


def public_patterns(resolver=None, namespace="", prefix="/"):
    """(view name, route) of every URL the site answers, admin excluded."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from public_patterns(entry, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


def test_sitemap_lists_every_type_of_public_html_page(client, content):
    """Each named route that answers a reader with an HTML page (for some public object) is in the sitemap."""
    slugs = ["erstes", "reihe-2026", "waermeplanung", "ilm-kreis"]
    html_pages = set()
    for name, route in public_patterns():
        if name.endswith("sitemap"):
            continue
        for slug in slugs if "<" in route else [""]:
            try:
                path = route.replace("<slug:slug>", slug)
                match = resolve(path)
            except Exception:  # noqa: BLE001 - a route that takes other arguments (a token): not a public page
                continue
            if match.view_name != name:
                continue
            response = client.get(path)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                html_pages.add(name)
                break

    root = ET.fromstring(client.get("/sitemap.xml").content)
    listed = {resolve(urlsplit(loc.text).path).view_name for loc in root.iter(f"{SITEMAP}loc")}

    assert {"interviews:detail", "interviews:series_index", "interviews:data", "municipalities:detail"} <= html_pages
    assert html_pages == listed
