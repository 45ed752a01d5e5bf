"""Citations: one source (core.citation) for page, meta tags, JSON-LD, feed and the BibTeX/RIS/CSL-JSON files."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from django.test import Client
from django.utils import timezone

from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = pytest.mark.django_db

TITLE = "Wärme & Wandel: 100 % {neu} für Groß und Klein"
DIFU = "Deutsches Institut für Urbanistik gGmbH (Difu)"


@pytest.fixture
def interview(settings):
    settings.SITE_URL = "https://mal-nachgefragt.example"
    theme = ThemeFactory(title="Wärmeplanung", slug="waermeplanung")
    series = SeriesFactory(
        slug="reihe-2026",
        year=2026,
        title="Mal nachgefragt!",
        subtitle="Interviews zu Herausforderungen im Klimaschutz",
        themes=[theme],
    )
    interview = InterviewFactory(
        series=series,
        part=4,
        slug="ilm-kreis-gemeinschaftsaufgabe",
        title=TITLE,
        interviewee_title="Dr.",
        interviewee_name="Jürgen Müller-Lüdenscheidt (fiktive Person)",
        interviewee_role="Klimaschutzmanager und Agenda-2030-Beauftragter",
        interviewer="Redaktion Difu",
        kommune=KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis", kind="landkreis", state="TH"),
        status="published",
        published_at=timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 0)),
    )
    QuestionFactory(interview=interview, theme=theme)
    return interview


def test_interview_page_shows_the_citation_and_the_downloads(client, interview):
    page = client.get(interview.get_absolute_url()).content.decode()

    assert 'id="zitieren-titel">Zitieren</h2>' in page
    expected = (
        "Müller-Lüdenscheidt, Jürgen (fiktive Person) (2026): „Wärme &amp; Wandel: 100 % {neu} für Groß und "
        "Klein“. Interview, Ilm-Kreis. In: Deutsches Institut für Urbanistik gGmbH (Difu) (Hrsg.): Mal nachgefragt! "
        "Interviews zu Herausforderungen im Klimaschutz, Teil 4 von 6. Berlin. "
        "https://mal-nachgefragt.example/interviews/ilm-kreis-gemeinschaftsaufgabe/"
    )
    assert f'<p class="citation" id="zitat">{expected}</p>' in page
    for suffix in ("bib", "ris", "json"):
        assert f'href="/interviews/ilm-kreis-gemeinschaftsaufgabe/zitation.{suffix}"' in page
    assert "Arbeitskreis Kommunaler Klimaschutz (AKK)." not in page


def test_meta_tags_json_ld_and_feed_name_the_same_publisher(client, interview):
    page = client.get(interview.get_absolute_url()).content.decode()
    meta = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)"', page))
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    feed = ET.fromstring(client.get("/feed/").content)
    atom = "{http://www.w3.org/2005/Atom}"

    assert meta["citation_publisher"] == DIFU
    assert meta["citation_place"] == "Berlin"
    assert meta["citation_publication_date"] == "2026/05/12"
    assert meta["citation_pdf_url"] == "https://mal-nachgefragt.example/interviews/ilm-kreis-gemeinschaftsaufgabe/pdf/"
    assert ld["publisher"]["name"] == DIFU
    assert ld["publisher"]["address"]["addressLocality"] == "Berlin"
    assert ld["creditText"].startswith("Müller-Lüdenscheidt, Jürgen (fiktive Person) (2026): „Wärme & Wandel")
    assert feed.find(f"{atom}author/{atom}name").text == DIFU
    assert DIFU in feed.find(f"{atom}subtitle").text


def test_publisher_setting_changes_every_output(client, interview, settings):
    settings.PUBLICATION = {**settings.PUBLICATION, "publisher": "Verlag Süd GmbH", "place": "München"}

    page = client.get(interview.get_absolute_url()).content.decode()
    bib = client.get("/interviews/ilm-kreis-gemeinschaftsaufgabe/zitation.bib").content.decode()
    ris = rispy.loads(client.get("/interviews/ilm-kreis-gemeinschaftsaufgabe/zitation.ris").content.decode())
    feed = client.get("/feed/").content.decode()

    assert "In: Verlag Süd GmbH (Hrsg.)" in page and "Teil 4 von 6. München." in page
    assert '<meta name="citation_publisher" content="Verlag Süd GmbH">' in page
    assert "publisher = {{Verlag Süd GmbH}}" in bib and "location = {München}" in bib
    assert ris[0]["publisher"] == "Verlag Süd GmbH"
    assert "<name>Verlag Süd GmbH</name>" in feed
    assert DIFU not in page + bib + feed


def test_bibtex_parses_with_german_characters_and_specials_intact(client, interview):
    response = client.get("/interviews/ilm-kreis-gemeinschaftsaufgabe/zitation.bib")
    library = bibtexparser.parse_string(response.content.decode(), append_middleware=[LatexDecodingMiddleware()])

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert 'filename="zitation-ilm-kreis-2026-teil-4.bib"' in response["Content-Disposition"]
    assert library.failed_blocks == []
    [entry] = library.entries
    fields = {key: entry[key] for key in entry.fields_dict}
    assert entry.entry_type == "misc" and entry.key == "ilm-kreis-2026-teil-4"
    assert fields["title"] == TITLE
    assert fields["author"] == "Müller-Lüdenscheidt, (fiktive Person), Jürgen"
    assert fields["titleaddon"] == "Interview, Ilm-Kreis"
    assert fields["series"] == "Mal nachgefragt! Interviews zu Herausforderungen im Klimaschutz"
    assert fields["number"] == "4"
    assert (fields["year"], fields["date"]) == ("2026", "2026-05-12")
    assert (fields["publisher"], fields["location"]) == (DIFU, "Berlin")
    assert fields["url"] == "https://mal-nachgefragt.example/interviews/ilm-kreis-gemeinschaftsaufgabe/"
    assert fields["urldate"] == timezone.localdate().isoformat()
    assert fields["note"] == (
        "Interview mit Müller-Lüdenscheidt, Jürgen (fiktive Person), Klimaschutzmanager und "
        "Agenda-2030-Beauftragter; Ilm-Kreis; Teil 4 von 6. Geführt von Redaktion Difu."
    )
    assert "Wärmeplanung" in fields["keywords"]


def test_ris_parses_with_rispy(client, interview):
    response = client.get("/interviews/ilm-kreis-gemeinschaftsaufgabe/zitation.ris")
    [entry] = rispy.loads(response.content.decode())

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert entry["type_of_reference"] == "GEN"
    assert entry["title"] == TITLE
    assert entry["authors"] == ["Müller-Lüdenscheidt, Jürgen, (fiktive Person)"]
    assert entry["secondary_title"] == "Mal nachgefragt! Interviews zu Herausforderungen im Klimaschutz"
    assert entry["number"] == "4"
    assert entry["year"] == "2026" and entry["date"] == "2026/05/12"
    assert entry["publisher"] == DIFU and entry["place_published"] == "Berlin"
    assert entry["urls"] == ["https://mal-nachgefragt.example/interviews/ilm-kreis-gemeinschaftsaufgabe/"]
    assert (
        entry["file_attachments1"] == "https://mal-nachgefragt.example/interviews/ilm-kreis-gemeinschaftsaufgabe/pdf/"
    )
    assert entry["access_date"] == timezone.localdate().strftime("%Y/%m/%d")
    assert "Ilm-Kreis" in entry["keywords"] and "Wärmeplanung" in entry["keywords"]
    assert "Teil 4 von 6" in entry["notes"][0]


def test_csl_json_carries_every_field(client, interview):
    response = client.get("/interviews/ilm-kreis-gemeinschaftsaufgabe/zitation.json")
    [item] = json.loads(response.content)

    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert item["type"] == "interview" and item["title"] == TITLE
    assert item["author"] == [{"family": "Müller-Lüdenscheidt", "given": "Jürgen", "suffix": "(fiktive Person)"}]
    assert item["interviewer"] == [{"literal": "Redaktion Difu"}]
    assert item["collection-title"] == "Mal nachgefragt! Interviews zu Herausforderungen im Klimaschutz"
    assert item["collection-number"] == "4"
    assert item["issued"] == {"date-parts": [[2026, 5, 12]]}
    today = timezone.localdate()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert (item["publisher"], item["publisher-place"]) == (DIFU, "Berlin")
    assert item["custom"]["kommune"] == "Ilm-Kreis"
    assert item["custom"]["pdf_url"].endswith("/interviews/ilm-kreis-gemeinschaftsaufgabe/pdf/")
    assert "Müller-Lüdenscheidt".encode() in response.content  # UTF-8, not \u escapes


def test_series_files_list_the_series_and_its_published_parts_only(client, interview):
    InterviewFactory(series=interview.series, part=5, slug="entwurf", title="Geheimer Entwurf")
    InterviewFactory(series=interview.series, part=6, slug="geplant", title="Geplanter Teil", scheduled=True)

    bib = bibtexparser.parse_string(client.get("/reihen/reihe-2026/zitation.bib").content.decode())
    ris = rispy.loads(client.get("/reihen/reihe-2026/zitation.ris").content.decode())
    csl = json.loads(client.get("/reihen/reihe-2026/zitation.json").content)

    assert [entry.entry_type for entry in bib.entries] == ["book", "misc"]
    series_entry = bib.entries[0]
    assert series_entry["title"] == "{Mal nachgefragt! Interviews zu Herausforderungen im Klimaschutz}"
    assert series_entry["editor"] == "{" + DIFU + "}"
    assert [entry["type_of_reference"] for entry in ris] == ["EDBOOK", "GEN"]
    assert [item["type"] for item in csl] == ["book", "interview"]
    assert csl[1]["custom"]["part"] == 4
    for body in (client.get(f"/reihen/reihe-2026/zitation.{suffix}").content for suffix in ("bib", "ris", "json")):
        assert b"Geheimer Entwurf" not in body and b"Geplanter Teil" not in body


@pytest.mark.parametrize("state", [{}, {"review": True}, {"scheduled": True}])
@pytest.mark.parametrize("suffix", ["bib", "ris", "json"])
def test_unpublished_interviews_have_no_citation_files_even_for_staff(state, suffix):
    draft = InterviewFactory(slug="unveroeffentlicht", **state)
    staff = Client()
    staff.force_login(make_user("redakteurin", group="Redaktion"))

    assert Client().get(f"/interviews/{draft.slug}/zitation.{suffix}").status_code == 404
    assert staff.get(f"/interviews/{draft.slug}/zitation.{suffix}").status_code == 404
    assert Client().get(f"/reihen/gibt-es-nicht/zitation.{suffix}").status_code == 404


def test_staff_preview_of_a_draft_offers_no_citation_downloads(interview):
    draft = InterviewFactory(series=interview.series, part=5, slug="vorschau")
    staff = Client()
    staff.force_login(make_user("redakteurin", group="Redaktion"))

    page = staff.get(draft.get_absolute_url()).content.decode()

    assert "Vorschau" in page and 'id="zitat"' in page
    assert "/interviews/vorschau/zitation." not in page


def test_series_page_shows_the_series_citation_and_its_downloads(client, interview):
    page = client.get("/reihen/reihe-2026/").content.decode()

    assert (
        '<p class="citation">Deutsches Institut für Urbanistik gGmbH (Difu) (Hrsg.) (2026): Mal nachgefragt! '
        "Interviews zu Herausforderungen im Klimaschutz. Berlin. https://mal-nachgefragt.example/reihen/reihe-2026/</p>"
    ) in page
    for suffix in ("bib", "ris", "json"):
        assert f'href="/reihen/reihe-2026/zitation.{suffix}"' in page
