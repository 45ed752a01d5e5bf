"""Every public page type checked with axe-core (WCAG 2.1 AA) at 1280 and 375 px, and screenshotted.

The screenshots go to ``screenshots/`` (git-ignored) for people to look at;
the axe figures to ``screenshots/axe-report.txt`` and the end of the test run.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from interviews.models import Interview
from tests.admin_forms import change_url
from tests.browser.conftest import DESKTOP, MOBILE, SCREENSHOT_DIR, login, record_axe
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG21AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Only violations carry their nodes; the other result types list the rules alone (faster).
AXE_OPTIONS = {**WCAG21AA, "resultTypes": ["violations"]}

# (page type, URL in the demo content, expected HTTP status)
PUBLIC_PAGES = [
    ("home", "/", 200),
    ("series", "/reihen/mal-nachgefragt-2022/", 200),
    ("list", "/interviews/", 200),
    ("list-filtered", "/interviews/?bundesland=TH&typ=landkreis&q=Klimaschutz", 200),
    ("interview", "/interviews/ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe/", 200),
    ("theme-index", "/themen/", 200),
    ("theme-comparison", "/themen/waermeplanung/", 200),
    ("kommune-list", "/kommunen/", 200),
    ("kommune-detail", "/kommunen/ilm-kreis/", 200),
    ("open-data", "/daten/", 200),
    ("impressum", "/impressum/", 200),
    ("datenschutz", "/datenschutz/", 200),
    ("barrierefreiheit", "/barrierefreiheit/", 200),
    ("not-found", "/interviews/gibt-es-nicht/", 404),
]


def run_axe(page):
    return Axe().run(page, options=AXE_OPTIONS).response


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – " + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


def sideways_overflow(page, width):
    """At ``width`` px: how far the page scrolls sideways, and the widest elements sticking out."""
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate(
        """() => {
            const root = document.documentElement, limit = root.clientWidth + 0.5;
            const culprits = [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > limit && !el.closest("[role=region][tabindex]"))
                .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "")
                           + " (right edge " + Math.round(el.getBoundingClientRect().right) + " px)");
            return {overflow: root.scrollWidth - root.clientWidth, culprits: [...new Set(culprits)].slice(0, 6)};
        }"""
    )


@pytest.mark.parametrize(("page_type", "url", "status"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_type_has_no_wcag21aa_violations_and_fits_small_screens(demo_site, page, page_type, url, status):
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    response = page.goto(url)
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).count() == 1

    desktop = run_axe(page)
    record_axe(f"{page_type} @1280", url, desktop)
    page.screenshot(path=SCREENSHOT_DIR / f"{page_type}-1280.png", full_page=True)

    page.set_viewport_size(MOBILE)
    mobile = run_axe(page)
    record_axe(f"{page_type} @375", url, mobile)
    page.screenshot(path=SCREENSHOT_DIR / f"{page_type}-375.png", full_page=True)
    small = {width: sideways_overflow(page, width) for width in (375, 320)}
    page.set_viewport_size(DESKTOP)

    assert desktop["violations"] == [], describe(desktop["violations"])
    assert mobile["violations"] == [], describe(mobile["violations"])
    assert [small[375]["overflow"], small[320]["overflow"]] == [0, 0], f"scrolls sideways: {small}"
    assert page.problems == []


def test_admin_interview_form_is_checked_with_axe(demo_site, page):
    """The editors' main form has no axe violations either (rich-text areas and file input named)."""
    make_user("redakteurin", group="Redaktion")
    login(page, "redakteurin")
    interview = Interview.objects.get(slug="ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe")
    url = change_url(interview)
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Interview ändern"
    page.wait_for_selector(".ProseMirror[aria-label]")
    results = run_axe(page)
    record_axe("admin interview form", url, results, problems=page.problems)
    page.screenshot(path=SCREENSHOT_DIR / "admin-interview-form-1280.png")
    assert len(results["passes"]) > 0
    # The rich-text areas carry their field's name (static/admin-extra/editor-labels.js).
    assert results["violations"] == [], describe(results["violations"])
    assert page.locator('.field-lead .ProseMirror[aria-label="Teaser"]').count() == 1


def test_keyboard_user_skips_to_the_content_with_a_visible_focus(demo_site, page):
    page.goto("/interviews/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    outline = skip_link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhalt$"))
    page.keyboard.press("Tab")  # the next stop is inside the main content, not the header navigation
    assert page.evaluate("document.activeElement.closest('main') !== null")
