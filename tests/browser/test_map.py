"""The map on /kommunen/ in Chromium: markers are links reached by keyboard, shown without JavaScript, axe-clean."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import MOBILE, SCREENSHOT_DIR, record_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# The demo's Kommunen with a published interview, in the order of the list (by name).
MARKED = [
    "Gemeinde Modellheim (fiktiv)",
    "Ilm-Kreis",
    "Landkreis Musterland (fiktiv)",
    "Musterstadt (fiktiv)",
    "Stadt Beispielhausen (fiktiv)",
]


def test_map_markers_are_keyboard_links_and_axe_finds_nothing(demo_site, page):
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    page.goto("/kommunen/")
    markers = page.locator(".kommune-map__marker")
    assert markers.count() == len(MARKED)
    assert [page.get_by_role("link", name=name, exact=True).count() for name in MARKED] == [2] * len(MARKED)

    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "document.activeElement.closest('.kommune-map') ? document.activeElement.textContent.trim() : null"
        )
        if name:
            focused.append(name)
        elif focused:
            break  # past the map
    assert focused == MARKED
    page.locator(".kommune-map__marker").nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommunen/ilm-kreis/")

    for width, viewport in ((1280, {"width": 1280, "height": 900}), (375, MOBILE)):
        page.set_viewport_size(viewport)
        page.goto("/kommunen/")
        box = page.locator(".kommune-map__svg").bounding_box()
        assert 0 < box["width"] <= width
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0
        results = Axe().run(page, options=WCAG21AA).response
        record_axe(f"kommunen-map @{width}", "/kommunen/", results, problems=page.problems)
        page.screenshot(path=SCREENSHOT_DIR / f"kommunen-map-{width}.png", full_page=True)
        assert results["violations"] == [], results["violations"]
    assert page.problems == []


def test_map_works_without_javascript(demo_site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/kommunen/")

    assert page.locator(".kommune-map__marker").count() == len(MARKED)
    assert page.locator(".kommune-map image").evaluate("image => image.getBBox().width") > 100
    page.get_by_role("link", name="Ilm-Kreis", exact=True).first.click()
    page.wait_for_url("**/kommunen/ilm-kreis/")
