"""The page budget meter and „Satzspiegel prüfen“ on the interview form, with the keyboard, checked with axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from interviews import pdf
from interviews.models import Interview
from tests.admin_forms import change_url
from tests.browser.conftest import SCREENSHOT_DIR, login, record_axe
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def german(n):
    return f"{n:,}".replace(",", ".")


def test_editor_sees_the_budget_while_writing_and_checks_the_layout_with_the_keyboard(demo_site, page, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    make_user("redakteurin", group="Redaktion")
    login(page, "redakteurin")
    interview = Interview.objects.get(slug="ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe")
    # The meter counts what the server counts: questions, answers and the demo's figures with their captions.
    figures = list(interview.figures.values_list("caption", "credit"))
    words = pdf.text_units(interview.questions.values_list("question", "answer", "pull_quote"), figures)[0]
    url = change_url(interview)
    page.goto(url)
    page.wait_for_selector(".ProseMirror[aria-label]")
    meter = page.locator("[data-page-budget]")
    total = meter.locator("[data-page-budget-total]")

    target = meter.locator("[data-page-budget-target]")
    low, high = pdf.word_range(6)
    counted = "Wörter (Antworten, Fragen und Abbildungen mit ihrem Platz)."
    expect(target).to_have_text(f"Seitenbudget: 6 Seiten, {german(low)}–{german(high)} {counted}")
    expect(total).to_have_text(
        f"Zusammen {german(words)} Wörter: passt auf 6 Seiten "
        "(der Satz wählt Schriftgröße, Abstände, Bildgrößen und Zitate)."
    )
    themes = meter.locator("[data-page-budget-themes] tr")
    expect(themes).to_have_count(len({q.theme_id for q in interview.questions.all()}) + bool(figures))

    # Writing in an answer moves the count at once.
    page.get_by_role("button", name="Alle Fragen aufklappen").click()
    editor = page.locator("#questions-group .ProseMirror").first
    editor.click()
    before = editor.inner_html()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Drei weitere Wörter")
    expect(editor).to_contain_text("Drei weitere Wörter")
    # An answer of long words counts by its characters (pdf.fitting.answer_words): the server's count of
    # the edited answer, not simply three more.
    typed = pdf.fitting.answer_words(editor.inner_html()) - pdf.fitting.answer_words(before)
    assert typed in (2, 3)
    expect(total).to_contain_text(f"Zusammen {german(words + typed)} Wörter")

    # New paragraphs and a line break take room beyond their words (pdf.fitting.paragraph_breaks): the meter
    # counts them with the server's numbers, as the server counts what the form posts (the editor's HTML).
    posted = editor.locator("xpath=ancestor::div[contains(@class, 'prose-editor')][1]//textarea")
    stored = posted.evaluate("element => element.value")
    page.keyboard.press("Enter")
    page.keyboard.type("Ein neuer Absatz.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty paragraph takes no room
    page.keyboard.type("Noch ein Absatz")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("nach einem Zeilenumbruch.")
    expect(editor).to_contain_text("nach einem Zeilenumbruch.")
    html = posted.evaluate("element => element.value")
    assert pdf.fitting.paragraph_breaks(html) - pdf.fitting.paragraph_breaks(stored) == 3, html
    more = pdf.fitting.answer_words(html) - pdf.fitting.answer_words(stored)
    # Nine short words: fewer in an answer of long words, which counts its characters beyond its words (above).
    assert 0 < more - 3 * pdf.fitting.PARAGRAPH_WORDS <= 9
    typed += more
    expect(total).to_contain_text(f"Zusammen {german(words + typed)} Wörter")

    # A part of its own length: the range follows the page count field (numbers from the server).
    page.locator("#id_page_count").fill("4")
    low, high = pdf.word_range(4)
    expect(target).to_have_text(f"Seitenbudget: 4 Seiten, {german(low)}–{german(high)} {counted}")
    too_long = f"zu lang: ca. {german(words + typed - high)} Wörter kürzen (bei mittlerer Schriftgröße"
    expect(total).to_contain_text(too_long)
    estimate = float(
        re.search(r"wären es ca\. ([\d,]+) statt 4 Seiten", total.text_content()).group(1).replace(",", ".")
    )
    assert estimate > 4  # never „zu lang“ with fewer pages than the budget
    expect(meter).to_have_class(re.compile("page-budget--outside"))
    page.locator("#id_page_count").fill("")

    # „Satzspiegel prüfen“ with the keyboard only: Tab from the page count field, Enter.
    page.locator("#id_page_count").focus()
    button = page.get_by_role("button", name="Satzspiegel prüfen")
    for _step in range(5):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(meter.locator("[data-page-budget-result]")).to_have_text(
        re.compile(r"Satzspiegel geprüft: 6 von 6 Seiten, Schrift \d+,\d pt, letzte Textseite zu \d+ % gefüllt\."),
        timeout=120_000,
    )
    meter.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT_DIR / "admin-page-budget-1280.png")

    results = Axe().run(page, options={**WCAG21AA, "resultTypes": ["violations"]}).response
    record_axe("admin interview form with page budget", url, results, problems=page.problems)
    assert results["violations"] == [], results["violations"]
    assert page.problems == []


def test_the_meter_counts_the_cover_room_of_a_missing_portrait_as_the_server_does(demo_site, page):
    """Removing the portrait in the form (not yet saved): the cover then holds more of the text and the
    first pull quote (``fitting.text_units(..., portrait=False)``), so a short text lacks more words."""
    make_user("redakteurin", group="Redaktion")
    login(page, "redakteurin")
    interview = Interview.objects.get(slug="ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe")
    assert interview.portrait and interview.questions.exclude(pull_quote="").exists()
    items = list(interview.questions.values_list("question", "answer", "pull_quote"))
    themes = interview.questions.values("theme").distinct().count()
    figures = list(interview.figures.values_list("caption", "credit"))
    page.goto(change_url(interview))
    page.wait_for_selector(".ProseMirror[aria-label]")
    total = page.locator("[data-page-budget] [data-page-budget-total]")
    page.locator("#id_page_count").fill("8")  # far too short for eight pages: the meter names the words
    low = pdf.word_range(8)[0]
    for portrait in (True, False):
        if not portrait:
            page.locator("#portrait-clear_id").check()
        missing = low - sum(pdf.text_units(items, figures, portrait, themes))
        expect(total).to_contain_text(f"zu kurz: ca. {german(missing)} Wörter, Zitate oder eine Abbildung ergänzen")
    # Questions taken out in the form: with the last question of a theme its theme head goes too, which the
    # bottom counts (fitting.THEME_SHORT_WORDS), and so does the meter.
    rows = list(interview.questions.order_by("position", "pk").values_list("question", "answer", "pull_quote", "theme"))
    first = rows[0][3]
    page.get_by_role("button", name="Alle Fragen aufklappen").click()
    for index, row in enumerate(rows):
        if row[3] == first:
            page.locator(f"#id_questions-{index}-DELETE").check()
    kept = [row for row in rows if row[3] != first]
    assert 0 < len({row[3] for row in kept}) < themes
    missing = low - sum(pdf.text_units([row[:3] for row in kept], figures, False, len({row[3] for row in kept})))
    expect(total).to_contain_text(f"zu kurz: ca. {german(missing)} Wörter, Zitate oder eine Abbildung ergänzen")
