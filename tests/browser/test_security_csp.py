"""The strict Content-Security-Policy in a real browser (headless Chromium).

The admin's rich-text editor (django-prose-editor) needs an inline import map;
it gets the per-request CSP nonce. These tests open the admin forms and public
pages in Chromium and fail on any CSP violation or script error, and check
that the editor really started.
"""

import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.routes import Scene

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = e.sourceFile + ':' + e.lineNumber;
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + where);
});
"""


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def open_page(browser, live_server, path, user=None):
    """Open ``path``; return (page, problems): CSP violations, console errors, page errors."""
    context = browser.new_context()
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    problems = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    response = page.goto(live_server.url + path, wait_until="networkidle")
    assert response.status == 200, path
    return page, problems


def violations(page, problems):
    return problems + page.evaluate("window.__violations")


def test_admin_interview_form_editor_loads_without_csp_violations(browser, live_server, record_property):
    scene = Scene("draft", "browser")
    user = make_user("browser-chefin", superuser=True)
    path = reverse("admin:interviews_interview_change", args=[scene.interview.pk])

    page, problems = open_page(browser, live_server, path, user)

    # The lead field and the question's answer each got a working editor.
    page.wait_for_selector(".ProseMirror", timeout=15000)
    assert page.locator(".ProseMirror").count() >= 2
    assert "Geheimantwort browser" in page.locator(".ProseMirror").all_inner_texts()[-1]
    found = violations(page, problems)
    record_property("csp_pages", 1)
    record_property("csp_violations", len(found))
    assert found == [], "\n".join(found)


def test_admin_add_form_editor_loads_without_csp_violations(browser, live_server, record_property):
    user = make_user("browser-redaktion", group="Redaktion")
    page, problems = open_page(browser, live_server, reverse("admin:interviews_interview_add"), user)

    page.wait_for_selector(".ProseMirror", timeout=15000)
    page.locator(".ProseMirror").first.click()
    page.keyboard.type("Getippt im Editor")
    assert "Getippt im Editor" in page.locator(".ProseMirror").first.inner_text()
    found = violations(page, problems)
    record_property("csp_pages", 1)
    record_property("csp_violations", len(found))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name", ["interviews:home", "interviews:detail", "interviews:list", "municipalities:list"])
def test_public_pages_run_without_csp_violations(browser, live_server, name, record_property):
    scene = Scene("published", "public")
    path = reverse(name, kwargs={"slug": scene.interview.slug}) if name == "interviews:detail" else reverse(name)

    page, problems = open_page(browser, live_server, path)

    found = violations(page, problems)
    record_property("csp_pages", 1)
    record_property("csp_violations", len(found))
    assert found == [], "\n".join(found)
