"""The strict Content-Security-Policy in a real browser (headless Chromium).

The admin's rich-text editor (django-prose-editor) needs an inline import map;
it gets the per-request CSP nonce. These tests open the admin forms and public
pages in Chromium and fail on any CSP violation or script error, and check
that the editor really started.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.routes import Scene

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = e.sourceFile + ':' + e.lineNumber;
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + where);
});
"""


@pytest.fixture
def open_page(chromium, live_server):
    """open_page(path, user=None) -> (page, problems); the browser contexts are closed afterwards."""
    contexts = []

    def open_(path, user=None):
        context = chromium.new_context()
        contexts.append(context)
        return _open(context, live_server, path, user)

    yield open_
    for context in contexts:
        context.close()


def _open(context, live_server, path, user):
    """Open ``path``; return (page, problems): console errors and page errors (CSP violations too)."""
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


def test_admin_interview_form_editor_loads_without_csp_violations(open_page, site, record_property):
    scene = Scene("draft", "browser")
    user = make_user("browser-chefin", superuser=True)
    path = reverse("admin:interviews_interview_change", args=[scene.interview.pk])

    page, problems = open_page(path, user)

    # The lead field and the question's answer each got a working editor.
    page.wait_for_selector(".ProseMirror", timeout=15000)
    assert page.locator(".ProseMirror").count() >= 2
    assert "Geheimantwort browser" in page.locator(".ProseMirror").all_inner_texts()[-1]
    found = violations(page, problems)
    record_property("csp_pages", 1)
    record_property("csp_violations", len(found))
    assert found == [], "\n".join(found)


def test_admin_add_form_editor_loads_without_csp_violations(open_page, site, record_property):
    user = make_user("browser-redaktion", group="Redaktion")
    page, problems = open_page(reverse("admin:interviews_interview_add"), user)

    page.wait_for_selector(".ProseMirror", timeout=15000)
    page.locator(".ProseMirror").first.click()
    page.keyboard.type("Getippt im Editor")
    assert "Getippt im Editor" in page.locator(".ProseMirror").first.inner_text()
    found = violations(page, problems)
    record_property("csp_pages", 1)
    record_property("csp_violations", len(found))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name", ["interviews:home", "interviews:detail", "interviews:list", "municipalities:list"])
def test_public_pages_run_without_csp_violations(open_page, site, name, record_property):
    scene = Scene("published", "public")
    path = reverse(name, kwargs={"slug": scene.interview.slug}) if name == "interviews:detail" else reverse(name)

    page, problems = open_page(path)

    found = violations(page, problems)
    record_property("csp_pages", 1)
    record_property("csp_violations", len(found))
    assert found == [], "\n".join(found)
