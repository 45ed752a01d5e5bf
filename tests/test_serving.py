"""The production stack: a real nginx with deploy/nginx.conf in front of a real
gunicorn with deploy/gunicorn.conf.py and production settings (DEBUG=false).

nginx serves static files and uploads itself, hands out PDFs only after Django
agreed (X-Accel-Redirect), and proxies pages to gunicorn without doubling
Django's security headers.
"""

import gzip
import http.client
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "akk.example.org"
PORTS = range(18400, 18500)
PDF_PREFIX = "/_protected/media/"
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.slow


def require(program, package):
    path = shutil.which(program) or next(
        (f"{d}/{program}" for d in ("/usr/sbin", "/sbin") if os.access(f"{d}/{program}", os.X_OK)), None
    )
    if path:
        return path
    message = f"{program} is not installed (apt-get install {package}; make test-deps does it as root)"
    if IN_CI:
        pytest.fail(f"CI=true, but {message}")
    pytest.skip(message)


def free_ports(count):
    """``count`` different free loopback ports from this project's range, starting at a random one."""
    start = secrets.randbelow(len(PORTS))
    found = []
    for port in [*PORTS[start:], *PORTS[:start]]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError("no free ports in 18400-18499")


def wait_for_port(port, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {Path(log).read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port}: {Path(log).read_text()}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def database_url_for_subprocesses(tmp):
    """The test database on PostgreSQL; a migrated SQLite file otherwise (the in-memory one is not shared)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return f"postgres://{db['USER']}@{quote(db['HOST'], safe='')}/{db['NAME']}"
    url = f"sqlite:///{tmp / 'app.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=PROJECT_DIR,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    return url


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    """nginx (https and http port) -> gunicorn -> Django, all on loopback ports."""
    nginx = require("nginx", "nginx")
    openssl = require("openssl", "openssl")
    tmp = tmp_path_factory.mktemp("stack")
    static_root, media_root = tmp / "static", tmp / "media"
    (media_root / "pdf").mkdir(parents=True)
    with django_db_blocker.unblock():
        database_url = database_url_for_subprocesses(tmp)
    app_env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "TASKS_BACKEND": "db",
        "PDF_X_ACCEL_REDIRECT_PREFIX": PDF_PREFIX,
    }
    # The admin's and the editor's files (15 of 19 MB) are left out: compressing them
    # takes half a minute, and these tests load public pages only.
    collect = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]
    ignore = ["-i", "admin", "-i", "django_prose_editor", "-i", "adminsortable2"]
    subprocess.run(collect + ignore, cwd=PROJECT_DIR, env=app_env, check=True)

    app_port, https_port, http_port = free_ports(3)
    app_log = tmp / "gunicorn.log"
    app_env |= {"GUNICORN_BIND": f"127.0.0.1:{app_port}", "WEB_CONCURRENCY": "2"}
    with open(app_log, "w") as log:
        app = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "deploy/gunicorn.conf.py",
                "--no-control-socket",
            ],
            cwd=PROJECT_DIR,
            env=app_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (PROJECT_DIR / "deploy" / "nginx.conf").read_text()
    for literal, replacement in {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/var/cache/nginx/akk-cms": str(tmp / "cache"),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
        "/var/log/nginx/akk-cms.access.log": str(tmp / "nginx-access.log"),
        "/var/log/nginx/akk-cms.error.log": str(tmp / "nginx-error.log"),
        "/var/www/letsencrypt": str(tmp / "acme"),
        "/srv/akk-cms/staticfiles/": f"{static_root}/",
        "/srv/akk-cms/media/": f"{media_root}/",
    }.items():
        assert literal in site, f"deploy/nginx.conf no longer contains {literal!r}"
        site = site.replace(literal, replacement)
    conf = tmp / "nginx.conf"
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        ("user root root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'nginx-main-error.log'};\n"
        + "events { worker_connections 64; }\n"
        + "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        + f"{temp_paths}\n{site}\n}}\n"
    )
    nginx_log = tmp / "nginx-main-error.log"
    nginx_log.touch()
    subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(tmp)], check=True, capture_output=True)
    web = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"])
    try:
        wait_for_port(app_port, app, app_log)
        wait_for_port(https_port, web, nginx_log)
        yield {
            "https": https_port,
            "http": http_port,
            "static_root": static_root,
            "media_root": media_root,
            "app_log": app_log,
        }
    finally:
        stop(web)
        stop(app)


def fetch(port, path, tls=True, headers=None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def header_values(response, name):
    return [value for key, value in response.getheaders() if key.lower() == name.lower()]


def app_log(stack):
    """gunicorn's access log, complete up to now.

    gunicorn writes a line just after it sent the response, so first send a
    marker request through nginx and wait until its line is there.
    """
    marker = f"/?log-marker-{secrets.token_hex(4)}"
    fetch(stack["https"], marker)
    deadline = time.monotonic() + 20
    while marker not in (text := stack["app_log"].read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker in text, "gunicorn did not log the marker request"
    return text


def test_nginx_serves_collected_static_files_itself_with_a_year_of_caching(stack):
    manifest = json.loads((stack["static_root"] / "staticfiles.json").read_text())["paths"]
    original, hashed = next((name, hashed) for name, hashed in manifest.items() if name.endswith(".css"))

    response, body = fetch(stack["https"], f"/static/{hashed}")

    assert response.status == 200
    assert body == (stack["static_root"] / hashed).read_bytes()
    assert header_values(response, "Cache-Control") == ["public, max-age=31536000, immutable"]
    assert header_values(response, "X-Content-Type-Options") == ["nosniff"]
    assert len(header_values(response, "Strict-Transport-Security")) == 1
    assert response.getheader("Content-Type").startswith("text/css")
    assert hashed not in app_log(stack)

    gzipped, _body = fetch(stack["https"], f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert gzipped.getheader("Content-Encoding") == "gzip"

    unhashed, _body = fetch(stack["https"], f"/static/{original}")
    assert header_values(unhashed, "Cache-Control") == ["public, max-age=3600"]


def test_nginx_never_serves_uploaded_originals_or_renditions_from_disk(stack):
    image = stack["media_root"] / "portraits" / "3f2a9c.png"
    image.parent.mkdir(exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    rendition = stack["media_root"] / "renditions" / "portraits" / "0123456789abcdef01234567-640w.png"
    rendition.parent.mkdir(parents=True, exist_ok=True)
    rendition.write_bytes(image.read_bytes())

    for path in ("/media/portraits/3f2a9c.png", f"/media/renditions/portraits/{rendition.name}"):
        response, body = fetch(stack["https"], path)
        assert response.status == 404, path
        assert b"PNG" not in body


def test_stored_pdfs_are_never_served_straight_from_disk(stack):
    (stack["media_root"] / "pdf" / "entwurf-123.pdf").write_bytes(b"%PDF-1.7 unpublished draft")

    direct, direct_body = fetch(stack["https"], "/media/pdf/entwurf-123.pdf")
    internal, internal_body = fetch(stack["https"], f"{PDF_PREFIX}pdf/entwurf-123.pdf")

    assert direct.status == 404
    assert internal.status == 404
    assert b"unpublished draft" not in direct_body + internal_body


def test_pages_come_from_django_through_nginx_with_each_security_header_once(stack):
    response, body = fetch(stack["https"], "/")

    assert response.status == 200
    assert b"Mal nachgefragt" in body
    assert '"GET / HTTP/1.0" 200' in app_log(stack)
    for name in ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy"):
        assert len(header_values(response, name)) == 1, name
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Server") == "nginx"


@pytest.mark.parametrize(
    ("path", "start"),
    [("/daten/interviews.csv", "\ufeffinterview_slug,"), ("/daten/datapackage.json", "{"), ("/sitemap.xml", "<?xml")],
)
def test_nginx_compresses_open_data_and_sitemap(stack, path, start):
    response, body = fetch(stack["https"], path, headers={"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body).decode().startswith(start)


def test_plain_http_is_redirected_to_https(stack):
    response, _body = fetch(stack["http"], "/interviews/?q=W%C3%A4rme", tls=False)

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/interviews/?q=W%C3%A4rme"


def test_nginx_keeps_public_pages_for_anonymous_readers_but_not_for_editors(stack):
    path = "/?microcache-probe"
    first, first_body = fetch(stack["https"], path)
    second, second_body = fetch(stack["https"], path)
    editor, _body = fetch(stack["https"], path, headers={"Cookie": "sessionid=abc"})

    assert "public" in first.getheader("Cache-Control")
    assert first.getheader("X-Cache-Status") == "MISS"
    assert second.getheader("X-Cache-Status") == "HIT"
    assert second_body == first_body
    assert editor.getheader("X-Cache-Status") == "BYPASS"
    assert app_log(stack).count("GET /?microcache-probe") == 2  # the first reader and the editor


def test_the_systemd_units_start_programs_and_commands_that_exist():
    from django.core.management import get_commands

    commands = set(get_commands())
    units = sorted((PROJECT_DIR / "deploy").glob("*.service"))
    assert {unit.name for unit in units} >= {"akk-cms.service", "akk-cms-worker.service"}
    for unit in units:
        for line in unit.read_text().splitlines():
            if not line.startswith("ExecStart="):
                continue
            program, *args = line.removeprefix("ExecStart=").split()
            assert program.startswith("/srv/akk-cms/.venv/bin/"), line
            assert (Path(sys.executable).parent / Path(program).name).exists(), line
            if args[:1] == ["manage.py"]:
                assert args[1] in commands, line
            if "--config" in args:
                assert (PROJECT_DIR / args[args.index("--config") + 1]).exists(), line


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_nginx_sends_the_pdf_of_a_published_interview_after_django_checked_it(stack, settings):
    """Django answers with X-Accel-Redirect to the internal location; nginx sends the stored file."""
    from interviews import pdf
    from tests.pdf_shapes import make_interview

    settings.MEDIA_ROOT = stack["media_root"]  # where gunicorn and nginx look
    published = make_interview("no_portrait", published=True, slug="waerme-fuer-alle")
    assert pdf.store_pdf(published) == "rendered"
    published.refresh_from_db()
    stored = (stack["media_root"] / published.pdf_file.name).read_bytes()
    draft = make_interview("no_portrait", slug="noch-ein-entwurf")

    response, body = fetch(stack["https"], "/interviews/waerme-fuer-alle/pdf/")
    hidden, hidden_body = fetch(stack["https"], "/interviews/noch-ein-entwurf/pdf/")

    assert response.status == 200, body[:300]
    assert body == stored
    assert response.getheader("Content-Type") == "application/pdf"
    assert "X-Accel-Redirect" not in dict(response.getheaders())
    assert response.getheader("Content-Disposition").startswith("inline; filename=")
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    revalidated, revalidated_body = fetch(
        stack["https"], "/interviews/waerme-fuer-alle/pdf/", headers={"If-None-Match": response.getheader("ETag")}
    )
    assert revalidated.status == 304
    assert revalidated_body == b""
    (policy,) = header_values(response, "Content-Security-Policy")
    assert "default-src 'none'" in policy
    assert hidden.status == 404
    assert not hidden_body.startswith(b"%PDF")
    assert draft.pdf_file.name == ""
    assert "GET /interviews/waerme-fuer-alle/pdf/" in app_log(stack)
