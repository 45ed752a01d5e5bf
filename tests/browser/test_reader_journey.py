"""The reader's journey in a real browser, on the demo content."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from interviews import pdf
from interviews.models import Interview

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ILM_KREIS = "ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe"


def test_reader_filters_searches_reads_compares_and_downloads_the_pdf(demo_site, page):
    interview = Interview.objects.get(slug=ILM_KREIS)

    # Home: the current series with its six parts; part 6 is announced, not shown.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mal nachgefragt!")
    expect(page.locator("main")).to_contain_text("Interviews zu Herausforderungen im Klimaschutz")
    expect(page.locator("main")).to_contain_text("Teil 6")
    expect(page.locator("main")).to_contain_text("erscheint voraussichtlich Dezember 2026")
    expect(page.locator("main")).not_to_contain_text("Gemeinsam planen")  # the draft's title

    # All interviews: the six published ones of both series.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Alle Interviews").click()
    expect(page).to_have_url(re.compile(r"/interviews/$"))
    expect(page.locator(".results")).to_contain_text("6 Interviews")

    # Filter by Bundesland: Thüringen has one, the Ilm-Kreis.
    page.get_by_label("Bundesland").select_option(label="Thüringen")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"[?&]bundesland=TH"))
    expect(page.locator(".results")).to_contain_text("1 Interview")
    expect(page.locator(".results")).to_contain_text("Ilm-Kreis")

    # Search within the filter: a miss, then a hit (the URL keeps both, bookmarkable).
    page.get_by_label("Suchbegriff").fill("Atomkraftwerk")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator(".results")).to_contain_text("Keine Interviews gefunden")
    page.get_by_label("Suchbegriff").fill("Gemeinschaftsaufgabe")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"bundesland=TH.*q=Gemeinschaftsaufgabe|q=Gemeinschaftsaufgabe.*bundesland=TH"))
    expect(page.locator(".results")).to_contain_text("1 Interview")

    # Open the interview.
    page.locator(".results").get_by_role("link", name=interview.title).click()
    expect(page).to_have_url(re.compile(rf"/interviews/{ILM_KREIS}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(interview.title)
    expect(page.locator("main")).to_contain_text("Felix Schmigalle")

    # Follow a theme anchor from the table of contents: the theme's heading comes into view.
    heading = page.get_by_role("heading", level=2, name="Klimaneutrale Wärmeplanung")
    expect(heading).not_to_be_in_viewport()
    page.get_by_role("navigation", name="Inhalt").get_by_role("link", name="Klimaneutrale Wärmeplanung").click()
    expect(page).to_have_url(re.compile(r"#thema-waermeplanung$"))
    expect(heading).to_be_in_viewport()

    # From there to the theme comparison: the answers of every Kommune of the series on this theme.
    page.locator("#thema-waermeplanung").get_by_role("link", name="Antworten anderer Kommunen vergleichen").click()
    expect(page).to_have_url(re.compile(r"/themen/waermeplanung/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Klimaneutrale Wärmeplanung")
    columns = page.locator(".compare-col").get_by_role("heading", level=2)
    expect(columns).to_contain_text(["Ilm-Kreis"])
    assert columns.count() >= 2
    page.go_back()

    # Downloads never render: until the worker has stored the PDF, readers get a German 503 page.
    waiting = page.request.get(interview.get_pdf_url())
    assert waiting.status == 503
    assert waiting.headers["retry-after"] == "30"
    assert "Das PDF wird gerade erstellt" in waiting.text()
    assert pdf.store_pdf(interview) == "rendered"  # the worker's job (tasks.render_pdf_task)

    # Download the PDF: six A4 pages with the interview's title.
    page.reload()
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("link", name=re.compile("Interview als PDF herunterladen")).click()
    download = download_info.value
    assert download.suggested_filename == interview.pdf_filename
    reader = PdfReader(download.path())
    assert len(reader.pages) == 6
    text = " ".join(p.extract_text() for p in reader.pages[:2])
    assert "Ilm-Kreis" in text
    width_mm, height_mm = (round(float(v) * 25.4 / 72) for v in reader.pages[0].mediabox[2:])
    assert (width_mm, height_mm) == (210, 297)


def test_reader_without_javascript_filters_and_opens_an_interview(demo_site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/interviews/")
    page.get_by_label("Kommunentyp").select_option(label="Landkreis")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"[?&]typ=landkreis"))
    results = page.locator(".results")
    expect(results).to_contain_text("2 Interviews")
    expect(results).to_contain_text("Ilm-Kreis")
    expect(results).to_contain_text("Landkreis Musterland")
    results.get_by_role("link", name="Klimaschutz als Gemeinschaftsaufgabe").click()
    page.get_by_role("navigation", name="Inhalt").get_by_role("link", name="Personal und Finanzen").click()
    expect(page).to_have_url(re.compile(r"#thema-personal-finanzen$"))
    expect(page.get_by_role("heading", level=2, name="Personal und Finanzen")).to_be_in_viewport()
