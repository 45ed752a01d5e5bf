"""Freigabe changes a live interview so that its cover cannot hold the teaser: refused in the browser, input kept.

Screenshots go to ``screenshots/`` (live-edit-refused-*.png).
"""

import pytest
from playwright.sync_api import expect

from interviews import pdf
from interviews.models import Interview
from tests.browser.conftest import SCREENSHOT_DIR, login
from tests.factories import make_user
from tests.pdf_shapes import make_interview
from tests.test_live_edit_layout import HEADLINE, TEASER

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAVE = "Speichern und weiter bearbeiten"


def test_a_live_edit_that_cannot_be_laid_out_comes_back_with_the_reason_and_the_editors_text(site, new_page):
    live = make_interview("compounds", published=True)
    assert pdf.store_pdf(live) == "rendered"
    make_user("frieda", group="Freigabe")
    tab = new_page()
    login(tab, "frieda")
    tab.goto(f"/admin/interviews/interview/{live.pk}/change/")

    tab.locator("#id_title").fill(HEADLINE)
    teaser = tab.locator(".field-lead .ProseMirror")
    teaser.click()
    tab.keyboard.press("Control+A")
    tab.keyboard.insert_text(TEASER.removeprefix("<p>").removesuffix("</p>"))
    tab.get_by_role("button", name=SAVE).first.click()

    # The form refuses the teaser on its field (the cover's plan, interviews.pdf.cover).
    error = tab.locator(".field-lead .errorlist").get_by_text("Titelseite zu voll: Der Teaser hat")
    expect(error).to_be_visible()
    expect(tab.locator("#id_title")).to_have_value(HEADLINE)
    expect(teaser).to_contain_text("Die Verbandsgemeinde rechnet jede Maßnahme vorher durch")
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    tab.screenshot(path=SCREENSHOT_DIR / "live-edit-refused-top-1280.png", full_page=False)
    error.scroll_into_view_if_needed()
    tab.screenshot(path=SCREENSHOT_DIR / "live-edit-refused-error-1280.png", full_page=False)
    assert Interview.objects.get(pk=live.pk).title == "Klimaschutz als Gemeinschaftsaufgabe"
    assert tab.problems == []
