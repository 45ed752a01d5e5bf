"""Freigabe lengthens a series' funding notice so that a live part's back page cannot be set: refused in the browser,
naming the part, with the text typed still in the field.

Screenshots go to ``screenshots/`` (series-change-refused-*.png).
"""

import pytest
from playwright.sync_api import expect

from interviews.models import Interview, Series
from tests.browser.conftest import SCREENSHOT_DIR, login
from tests.factories import make_user
from tests.pdf_shapes import make_interview
from tests.test_layout_before_write import LONG_FUNDING_NOTICE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_series_change_a_live_part_cannot_print_comes_back_naming_the_part(site, new_page):
    live = make_interview("no_portrait", published=True, questions=4, words_per_answer=170, pages=3)
    before = Series.objects.get(pk=live.series_id).funding_notice
    make_user("frieda", group="Freigabe")
    tab = new_page()
    login(tab, "frieda")
    tab.goto(f"/admin/interviews/series/{live.series_id}/change/")

    tab.locator("#id_funding_notice").fill(LONG_FUNDING_NOTICE)
    tab.get_by_role("button", name="Speichern und weiter bearbeiten").first.click()

    error = tab.get_by_text(f"Teil 4 der Reihe „{live.series.title}“ („{live.title}“): Rückseite zu voll")
    expect(error).to_be_visible()
    expect(tab.get_by_text("Diese Änderung wird nicht gespeichert")).to_be_visible()
    expect(tab.locator("#id_funding_notice")).to_have_value(LONG_FUNDING_NOTICE)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    tab.screenshot(path=SCREENSHOT_DIR / "series-change-refused-desktop.png")
    assert Series.objects.get(pk=live.series_id).funding_notice == before


def test_a_restore_that_cannot_be_laid_out_comes_back_with_the_reason(site, new_page):
    from tests.test_layout_before_write import TOO_LONG_TEASER, live_with_history

    live, url = live_with_history(lead=TOO_LONG_TEASER)
    make_user("frieda", group="Freigabe")
    tab = new_page()
    login(tab, "frieda")
    tab.goto(url)

    tab.get_by_role("button", name="Speichern", exact=True).first.click()

    # The restore form refuses the old teaser on its field (the cover's plan, interviews.pdf.cover).
    expect(tab.locator(".field-lead .errorlist").get_by_text("Titelseite zu voll: Der Teaser hat")).to_be_visible()
    expect(tab.locator(".field-lead .ProseMirror")).to_contain_text("Ein Teaser, der die Titelseite füllt")
    tab.screenshot(path=SCREENSHOT_DIR / "restore-refused-desktop.png")
    assert Interview.objects.get(pk=live.pk).lead == live.lead
