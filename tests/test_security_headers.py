"""Security headers on every response, and Django's deployment checklist.

Every public route (from the URL configuration), the admin, a static file, a
media file and a 404 page are fetched; each must carry every header in
``REQUIRED``. The figures ``headers_checked``/``headers_missing`` and
``deploy_issues`` are recorded for ``make check-security``.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.routes import Scene, public_routes, route_url


def csp_ok(value):
    directives = {part.split()[0]: part.split()[1:] for part in value.split(";") if part.strip()}
    script = directives.get("script-src", directives.get("default-src", []))
    return (directives.get("object-src") == ["'none'"] or directives.get("default-src") == ["'none'"]) and (
        directives.get("base-uri") == ["'none'"]
        and directives.get("frame-ancestors") == ["'none'"]
        and "'unsafe-inline'" not in script
        and "*" not in script
    )


REQUIRED = {
    "Content-Security-Policy": csp_ok,
    "X-Content-Type-Options": lambda value: value == "nosniff",
    "Referrer-Policy": lambda value: value in {"strict-origin-when-cross-origin", "same-origin", "no-referrer"},
    "Cross-Origin-Opener-Policy": lambda value: value == "same-origin",
    "Permissions-Policy": lambda value: "camera=()" in value and "geolocation=()" in value,
    "X-Frame-Options": lambda value: value == "DENY",
}


def missing_headers(response):
    return sorted(name for name, ok in REQUIRED.items() if name not in response.headers or not ok(response[name]))


@pytest.fixture
def endpoints(db, settings, superuser):
    """(label, client, url) for every kind of response the site sends."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    scene = Scene("published", "kopf")
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "probe.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    anonymous, staff = Client(), Client()
    staff.force_login(superuser)
    result = [(f"public {name}", anonymous, route_url(name, slug, scene)) for name, slug in public_routes()]
    result += [
        ("404 page", anonymous, "/gibt-es-nicht/"),
        ("static file", anonymous, settings.STATIC_URL + "fonts/OFL-source-sans-3.txt"),
        ("media file", anonymous, settings.MEDIA_URL + "probe.png"),
        ("admin login", anonymous, reverse("admin:login")),
        ("admin index", staff, reverse("admin:index")),
        ("admin interview list", staff, reverse("admin:interviews_interview_changelist")),
        ("admin interview form", staff, reverse("admin:interviews_interview_change", args=[scene.interview.pk])),
        ("admin interview add", staff, reverse("admin:interviews_interview_add")),
        ("admin kommune form", staff, reverse("admin:municipalities_kommune_change", args=[scene.kommune.pk])),
    ]
    return result


def test_every_response_carries_the_security_headers(endpoints, record_property):
    checked, missing = 0, {}
    statuses = {}
    for label, client, url in endpoints:
        response = client.get(url)
        statuses[label] = response.status_code
        checked += len(REQUIRED)
        if gaps := missing_headers(response):
            missing[f"{label} ({url}, {response.status_code})"] = gaps
    record_property("header_endpoints", len(endpoints))
    record_property("headers_checked", checked)
    record_property("headers_missing", sum(map(len, missing.values())))
    assert missing == {}
    # The probes really hit the kinds of response they are named after.
    assert statuses["static file"] == 200
    assert statuses["404 page"] == 404
    assert statuses["admin interview form"] == 200


def test_admin_form_uses_a_nonce_for_its_import_map_and_no_unsafe_inline(client, superuser, db):
    client.force_login(superuser)
    response = client.get(reverse("admin:interviews_interview_add"))
    content = response.content.decode()
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script type="importmap" nonce="{nonce}">' in content or f'nonce="{nonce}" type="importmap"' in content
    assert "'unsafe-inline'" not in csp


def test_media_files_get_a_policy_that_runs_nothing(client, settings, db):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    response = client.get(settings.MEDIA_URL + "portraits/evil.svg")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp
    assert response["X-Content-Type-Options"] == "nosniff"


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="nachgefragt.example.org",
        SITE_URL="https://nachgefragt.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    env.update(extra)
    return env


def run_deploy_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # starts a Python process
def test_production_settings_pass_the_deploy_check_with_zero_issues(record_property):
    result = run_deploy_check(production_env())
    output = result.stdout + result.stderr
    issues = 0 if "System check identified no issues" in output else max(output.count("?: ("), 1)
    record_property("deploy_issues", issues)
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


@pytest.mark.slow  # starts a Python process
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    ],
    ids=["short key", "no key", "insecure key", "no hosts", "wildcard host"],
)
def test_production_refuses_to_start_with_a_weak_key_or_open_hosts(env, message):
    result = run_deploy_check(production_env(**env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


@pytest.mark.slow  # starts a Python process
def test_production_settings_redirect_to_https_and_send_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.MAILERS['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    ssl_redirect, hsts, session_secure, csrf_secure, mail = result.stdout.strip().splitlines()[-1].split()
    assert ssl_redirect == "True" and int(hsts) >= 31_536_000
    assert session_secure == "True" and csrf_secure == "True"
    assert mail == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.django_db
def test_with_the_production_https_settings_http_is_redirected_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    plain = client.get("/interviews/")
    proxied = client.get("/interviews/", HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301 and plain["Location"] == "https://testserver/interviews/"
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


LOCAL_SITE_URLS = [
    "http://127.0.0.1:8000",
    "http://localhost:8001",
    "https://[::1]",
    "http://0.0.0.0:8000",
    "http://192.168.1.20",
    "http://10.0.0.5:8000",
    "https://akk.localhost",
    "https://rechner.local",
    "not a url",
]


@pytest.mark.parametrize("site_url", LOCAL_SITE_URLS)
def test_the_deploy_check_refuses_a_local_site_url_in_production(settings, site_url, record_property):
    from core import checks

    settings.DEBUG = False
    settings.SITE_URL = site_url
    errors = checks.check_site_url()
    record_property("site_url_tried", 1)
    assert [error.id for error in errors] == ["akk.E001"]
    assert site_url in errors[0].msg and "PDFs, citations" in errors[0].msg
    record_property("site_url_refused", 1)


def test_the_deploy_check_accepts_the_public_address_and_development(settings):
    from core import checks

    settings.DEBUG = False
    settings.SITE_URL = "https://mal-nachgefragt.de"
    assert checks.check_site_url() == []
    settings.SITE_URL = "http://mal-nachgefragt.de"
    assert [error.id for error in checks.check_site_url()] == ["akk.W001"]
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert checks.check_site_url() == []


@pytest.mark.slow  # starts a Python process
def test_a_production_start_with_the_development_site_url_is_refused():
    result = run_deploy_check(production_env(SITE_URL="http://127.0.0.1:8000"))
    assert result.returncode != 0
    assert "akk.E001" in result.stdout + result.stderr
