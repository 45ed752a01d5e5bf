"""Fixtures of the browser suite: one headless Chromium per session, driven by Playwright.

Playwright's own browser download does not work everywhere, so the suite drives
the system Chromium (Debian package ``chromium``; ``.ci/run`` installs it).
Without Chromium the tests skip locally; with ``CI=true`` they fail instead.

The axe-core figures of the accessibility tests are collected in
``AXE_RESULTS``, written to ``screenshots/axe-report.txt`` and printed at the
end of the run.
"""

import importlib
import io
import os
import shutil

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.management import call_command

from pages.models import Page

# Playwright's sync API keeps an asyncio event loop running in the main thread;
# Django would then refuse ORM calls from the tests themselves.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
SCREENSHOT_DIR = settings.BASE_DIR / "screenshots"
AXE_REPORT = SCREENSHOT_DIR / "axe-report.txt"

# (page type, url, rules checked, violations, violation ids); filled by the tests.
AXE_RESULTS = []


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason):
    """Skip locally; under CI a missing browser is an error, never a silent skip."""
    if running_in_ci():
        pytest.fail(f"{reason} (CI=true: the browser suite must run)", pytrace=False)
    pytest.skip(reason)


def chromium_path():
    """The system Chromium: $CHROMIUM_PATH, else ``chromium`` on PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    path = chromium_path()
    if not path:
        skip_or_fail("Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed (pip install -r requirements-dev.lock)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        skip_or_fail(f"Chromium at {path} does not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _browser_available(chromium):
    """Skip (or, under CI, fail) every browser test before any database work when Chromium is missing."""


@pytest.fixture
def new_page(chromium, live_server):
    """Make pages in fresh browser contexts (own cookies) against the live server."""
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = chromium.new_context(
            base_url=live_server.url, locale="de-DE", viewport=viewport, accept_downloads=True, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"JavaScript error: {error}"))
        page.on(
            "console",
            lambda message: (
                page.problems.append(f"console: {message.text}") if "Content Security Policy" in message.text else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page of an anonymous reader."""
    return new_page()


def restore_migration_data():
    """Recreate what data migrations made and ``transactional_db`` flushes after each test.

    The editorial groups (interviews 0002 and 0015) and the legal pages (pages 0002).
    """
    pages = importlib.import_module("pages.migrations.0002_initial_content")
    for data in pages.PAGES:
        Page.objects.get_or_create(slug=data["slug"], defaults=data)
    migration = importlib.import_module("interviews.migrations.0002_editorial_groups")
    for name, specs in [
        ("Redaktion", [migration.REDAKTION]),
        ("Freigabe", [migration.REDAKTION, migration.FREIGABE_EXTRA]),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for spec in specs
            for app_label, codename in migration.codenames(spec)
        )
    importlib.import_module("interviews.migrations.0015_figure_permissions").add_figure_permissions(apps)


@pytest.fixture
def site(transactional_db):
    """An empty site as after ``migrate``; no page cache left from earlier tests."""
    for cache in caches.all():
        cache.clear()
    restore_migration_data()


@pytest.fixture
def demo_site(site):
    """The demo content (two series, eight interviews) in the live server's database."""
    call_command("load_demo", "--no-users", stdout=io.StringIO())


def login(page, username, password="test-pass-123"):
    page.goto("/admin/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def pytest_terminal_summary(terminalreporter):
    if not AXE_RESULTS:
        return
    terminalreporter.section("axe-core, WCAG 2.1 AA (rules checked = passes + violations + incomplete + inapplicable)")
    for line in axe_report_lines():
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"(written to {AXE_REPORT})")


def axe_report_lines():
    lines = [f"{'page type':<30} {'rules checked':>13} {'violations':>10}  url"]
    details = []
    for result in AXE_RESULTS:
        lines.append(f"{result['page']:<30} {result['checked']:>13} {len(result['violations']):>10}  {result['url']}")
        for violation in result["violations"]:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
            details.append(
                f"  {result['page']}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])}×) "
                f"{violation['help']} – {targets}"
            )
        details.extend(f"  {result['page']}: {problem}" for problem in result["problems"])
    if details:
        lines += ["", "Violations and browser problems:", *details]
    return lines


def record_axe(page_type, url, response, problems=()):
    """Remember one axe run and rewrite the report file."""
    AXE_RESULTS.append(
        {
            "page": page_type,
            "url": url,
            "checked": sum(len(response[kind]) for kind in ("passes", "violations", "incomplete", "inapplicable")),
            "violations": response["violations"],
            "problems": list(problems),
        }
    )
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    AXE_REPORT.write_text("\n".join(axe_report_lines()) + "\n")
