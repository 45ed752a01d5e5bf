"""Workflow journeys in a real browser: four eyes on live content, authorisation by link, Word import.

axe-core (WCAG 2.1 AA) runs on every page these journeys add: the interview
form with a pending change, the admin index overview, the approval page, the
page of an invalid link and the Word import preview.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils.text import capfirst
from playwright.sync_api import expect

from interviews.editorial import publishing
from interviews.models import ApprovalStatus, Interview, PendingChange, Status
from tests import docx_files
from tests.admin_forms import change_url
from tests.browser.conftest import DESKTOP, MOBILE, SCREENSHOT_DIR, login, record_axe
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
DEMO_SLUG = "ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe"


def check_axe(page, page_type):
    results = Axe().run(page, options=AXE_OPTIONS).response
    record_axe(page_type, page.url, results, problems=page.problems)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"workflow-{page_type.replace(' ', '-')}.png", full_page=True)
    assert results["violations"] == [], [violation["id"] for violation in results["violations"]]
    assert page.problems == []


def test_redaktion_edits_live_readers_keep_old_text_until_freigabe_publishes(demo_site, new_page):
    interview = Interview.objects.get(slug=DEMO_SLUG)
    make_user("redakteurin", group="Redaktion")
    make_user("freigeberin", group="Freigabe")

    editor = new_page()
    login(editor, "redakteurin")
    editor.goto(change_url(interview))
    expect(editor.get_by_text("Ihre Änderungen werden als wartende Fassung gespeichert").first).to_be_visible()
    editor.locator(".field-lead .ProseMirror").click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" Neu ergänzt von der Redaktion.")
    editor.locator("#id_workflow_comment").fill("Satz zum Teaser ergänzt")
    editor.get_by_role("button", name="Speichern und weiter bearbeiten").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("wartet auf die Freigabe")
    expect(editor.locator(".pending-banner")).to_be_visible()
    assert PendingChange.objects.filter(interview=interview).exists()

    reader = new_page()
    reader.goto(f"/interviews/{DEMO_SLUG}/")
    expect(reader.locator(".interview-header__lead")).not_to_contain_text("Neu ergänzt von der Redaktion")

    publisher = new_page()
    login(publisher, "freigeberin")
    publisher.goto("/admin/")
    expect(publisher.locator(".workflow-overview")).to_contain_text("Änderungen an veröffentlichten Interviews")
    check_axe(publisher, "admin index overview")
    publisher.goto(change_url(interview))
    banner = publisher.locator(".pending-banner")
    expect(banner).to_contain_text("Dieses Formular zeigt eine wartende Änderung")
    expect(banner.locator(".comparison-text ins").first).to_contain_text("Neu ergänzt von der Redaktion")
    check_axe(publisher, "admin form pending change")
    publisher.locator("#id_override_reason").fill("Nur eine redaktionelle Ergänzung")
    # Publishing lays out the pending text as a PDF first (seconds; more on a busy machine).
    publisher.get_by_role("button", name="Speichern und Änderung veröffentlichen").first.click(timeout=60_000)
    expect(publisher.locator(".messagelist")).to_contain_text("ist veröffentlicht")

    reader.goto(f"/interviews/{DEMO_SLUG}/")
    expect(reader.locator(".interview-header__lead")).to_contain_text("Neu ergänzt von der Redaktion")
    assert not PendingChange.objects.filter(interview=interview).exists()


def test_interviewee_asks_for_changes_then_approves_and_freigabe_publishes(demo_site, new_page):
    interview = Interview.objects.get(slug=DEMO_SLUG)
    freigabe = make_user("freigeberin", group="Freigabe")
    make_user("redakteurin", group="Redaktion")
    publishing.unpublish(interview, freigabe)
    Interview.objects.filter(pk=interview.pk).update(approval_status=ApprovalStatus.PENDING)

    editor = new_page()
    login(editor, "redakteurin")
    editor.goto(change_url(interview))
    editor.get_by_role("button", name="Autorisierungslink erstellen").click()
    expect(editor.locator(".messagelist")).to_contain_text("Der Autorisierungslink ist erstellt")
    absolute = editor.locator("a.approval-link").get_attribute("href")
    assert re.search(r"^https?://[^/]+/autorisierung/[^/]+/$", absolute)
    link = re.sub(r"^https?://[^/]+", "", absolute)  # the live server's address instead of SITE_URL

    interviewee = new_page()  # a fresh browser context: no login, no cookies
    interviewee.goto(link)
    expect(interviewee.locator("h1")).to_have_text(interview.title)
    check_axe(interviewee, "approval page")
    interviewee.set_viewport_size(MOBILE)
    check_axe(interviewee, "approval page 375")
    interviewee.set_viewport_size(DESKTOP)
    interviewee.get_by_label("Ich wünsche Änderungen").check()
    interviewee.get_by_label("Kommentar an die Redaktion").fill("Bitte im Teaser „Landkreis“ statt „Kreis“.")
    interviewee.get_by_role("button", name="Entscheidung absenden").click()
    expect(interviewee.locator(".approval-box")).to_contain_text("Die Redaktion hat Ihre Änderungswünsche erhalten")
    cookies = {cookie["name"] for cookie in interviewee.context.cookies()}
    assert cookies <= {"csrftoken"}

    editor.goto(change_url(interview))
    expect(editor.locator(".field-approval_info")).to_contain_text("Bitte im Teaser „Landkreis“ statt „Kreis“.")
    editor.locator(".field-lead .ProseMirror").click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" Ein Landkreis zeigt, wie es geht.")
    editor.get_by_role("button", name="Speichern und weiter bearbeiten").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("erfolgreich")

    interviewee.goto(link)
    expect(interviewee.locator(".interview-header__lead")).to_contain_text("Ein Landkreis zeigt, wie es geht.")
    interviewee.get_by_label("Ich gebe das Interview so frei.").check()
    interviewee.get_by_role("button", name="Entscheidung absenden").click()
    expect(interviewee.locator(".approval-box")).to_contain_text("Sie haben das Interview freigegeben")
    assert Interview.objects.get(pk=interview.pk).approval_status == ApprovalStatus.APPROVED

    publisher = new_page()
    login(publisher, "freigeberin")
    publisher.goto(change_url(interview))
    authorised = capfirst(f"{interview.interviewee('by')} autorisiert")  # in the interview's own wording
    expect(publisher.locator(".field-publish_checklist")).to_contain_text(authorised)
    publisher.get_by_role("button", name="Speichern und veröffentlichen").first.click(timeout=60_000)
    expect(publisher.locator(".messagelist")).to_contain_text("ist veröffentlicht")
    assert Interview.objects.get(pk=interview.pk).status == Status.PUBLISHED

    broken = new_page()
    broken.goto(link[:-4] + "xyz/")
    expect(broken.locator("h1")).to_have_text("Diesen Link gibt es nicht")
    check_axe(broken, "approval link invalid")


def test_editor_imports_a_word_file_checks_the_preview_and_saves(demo_site, new_page, tmp_path):
    from tests.factories import InterviewFactory, SeriesFactory

    make_user("redakteurin", group="Redaktion")
    demo = Interview.objects.get(slug=DEMO_SLUG)
    theme = demo.series.themes.order_by("position").first()
    series = SeriesFactory(year=2030, themes=[theme])
    interview = InterviewFactory(series=series, part=1, kommune=demo.kommune, title="Neu")
    path = tmp_path / "interview.docx"
    path.write_bytes(docx_files.word_transcript(theme_title=theme.title))

    editor = new_page()
    login(editor, "redakteurin")
    editor.goto(change_url(interview))
    editor.get_by_role("link", name="Fragen aus einer Word-Datei importieren").click()
    check_axe(editor, "word import upload")
    editor.get_by_label("Word-Datei (.docx):").set_input_files(str(path))
    editor.get_by_role("button", name="Vorschau anzeigen").click()
    expect(editor.locator(".word-import-preview")).to_contain_text("Wie hat die Wärmeplanung begonnen?")
    expect(editor.locator("#content-main")).to_contain_text("Die Datei enthält 3 Fragen.")
    check_axe(editor, "word import preview")
    assert not interview.questions.exists()
    editor.get_by_role("button", name="Fragen übernehmen").click()
    expect(editor.locator(".messagelist")).to_contain_text("3 Fragen aus der Word-Datei wurden")
    assert list(interview.questions.order_by("position").values_list("question", flat=True)) == [
        "Wie hat die Wärmeplanung begonnen?",
        "Was kostet das?",
        "Und wer bezahlt?",
    ]


def test_word_import_with_a_theme_per_question_and_the_files_title_and_interviewee(demo_site, new_page, tmp_path):
    from tests.factories import InterviewFactory, SeriesFactory
    from tests.test_wordimport import heading2_transcript

    make_user("redakteurin", group="Redaktion")
    demo = Interview.objects.get(slug=DEMO_SLUG)
    themes = list(demo.series.themes.order_by("position"))
    series = SeriesFactory(year=2031, themes=themes)
    interview = InterviewFactory(series=series, part=1, kommune=demo.kommune, title="Neu", lead="", interviewee_role="")
    path = tmp_path / "interview.docx"
    path.write_bytes(heading2_transcript())

    editor = new_page()
    login(editor, "redakteurin")
    editor.goto(f"/admin/interviews/interview/{interview.pk}/word-import/")
    editor.get_by_label("Word-Datei (.docx):").set_input_files(str(path))
    editor.get_by_role("button", name="Vorschau anzeigen").click()

    # Three questions, three theme choices; no row names the title line as its theme.
    expect(editor.get_by_role("combobox", name="Thema für Frage 3")).to_be_visible()
    expect(editor.locator(".word-import-preview")).not_to_contain_text("Wärme ist Teamarbeit")
    expect(editor.get_by_label("Teaser:")).to_be_checked()
    expect(editor.get_by_label("Überschrift:")).not_to_be_checked()  # „Neu“ stays unless ticked
    editor.get_by_role("combobox", name="Thema für Frage 1").select_option(label=themes[1].title)
    editor.get_by_role("combobox", name="Thema für Frage 3").select_option(label=themes[-1].title)
    editor.screenshot(path=SCREENSHOT_DIR / "desk-word-import-themes-1280.png", full_page=True)
    check_axe(editor, "word import preview with front matter")
    editor.get_by_role("button", name="Fragen übernehmen").click()
    expect(editor.locator(".messagelist")).to_contain_text("3 Fragen aus der Word-Datei wurden")

    interview.refresh_from_db()
    assert interview.title == "Neu"
    assert "Wärmeplanung mit den Stadtwerken" in interview.lead
    assert interview.interviewee_role == "Klimaschutzmanagerin der Stadt Beispielhausen"
    chosen = list(interview.questions.order_by("position").values_list("theme", flat=True))
    assert chosen[0] == themes[1].pk and chosen[2] == themes[-1].pk
