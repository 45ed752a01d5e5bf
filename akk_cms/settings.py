"""The one settings module of akk-cms, driven by environment variables.

Development (the default, ``DEBUG`` unset or true) needs no configuration:
SQLite file and media folder below the project. Production (``DEBUG=false``)
refuses to start when a required value is missing or insecure.

Environment variables, one per line (tests/test_settings_env.py compares this list with
every environment variable the code reads; only this module reads any):
    DEBUG                    "true"/"false" (default true)
    SECRET_KEY               required in production, at least 50 random characters
    ALLOWED_HOSTS            comma-separated host names, required in production
    CSRF_TRUSTED_ORIGINS     comma-separated origins (production; default: SITE_URL)
    DATABASE_URL             e.g. postgres://user:pw@host/db (default: SQLite file db.sqlite3)
    CONN_MAX_AGE             seconds a PostgreSQL connection is reused (60)
    MEDIA_ROOT               folder for uploads and generated PDFs (default: media/)
    STATIC_ROOT              folder collectstatic writes to (default: staticfiles/)
    SITE_URL                 absolute base URL used in feeds, PDFs and citations (`make run ADDR=…` sets it in
                             development; `check --deploy` refuses a local one in production: core.checks)
    PUBLICATION_PUBLISHER    the publisher named by pages, feed, citations, open data and PDFs
    PUBLICATION_ADDRESS      (core.citation; defaults: Difu, Berlin, AKK, CC BY-ND 4.0)
    PUBLICATION_PLACE
    PUBLICATION_ISSUED_BY    "vom Deutschen Institut für Urbanistik (Difu)": the publisher after „Herausgegeben“
                             on the collections' covers (German needs the dative; empty: „Herausgeber: …“)
    PUBLICATION_RESPONSIBLE
    PUBLICATION_WORKING_GROUP
    PUBLICATION_LICENCE_NAME
    PUBLICATION_LICENCE_URL
    EMAIL_HOST               SMTP server (production; development prints mail to the console)
    EMAIL_PORT               (587)
    EMAIL_HOST_USER
    EMAIL_HOST_PASSWORD
    EMAIL_USE_TLS            (true)
    DEFAULT_FROM_EMAIL       sender address of mail from the system
    BEHIND_PROXY             "true" when a reverse proxy sets X-Forwarded-For/-Proto (default: production)
    SECURE_SSL_REDIRECT      HTTPS redirect in production (true)
    SECURE_HSTS_SECONDS      HSTS max-age in production (one year)
    SECURE_HSTS_INCLUDE_SUBDOMAINS  (true)
    SECURE_HSTS_PRELOAD      (true)
    SESSION_COOKIE_AGE       seconds an editor's login lasts (10 hours)
    AXES_COOLOFF_MINUTES     how long an address is locked out after 5 failed logins (15)
    LOG_LEVEL                root log level (WARNING)
    TASKS_BACKEND            "immediate" (default with DEBUG) or "db" (default in production:
                             django-tasks-db, run the worker with `make worker`)
    PAGE_CACHE               "false" turns the public page cache off (interviews.reader.cache)
    PAGE_CACHE_STATE_SECONDS how long a process reuses the content state it read (1): the
                             documented delay until a change reaches every worker
    PDF_RENDER_TIMEOUT       seconds one PDF render may take (60)
    PDF_X_ACCEL_REDIRECT_PREFIX  e.g. "/_protected/media/": nginx sends stored PDFs
    BACKUP_ROOT              folder of the backups (default: backups/)
    PG_BIN                   folder with pg_dump/pg_restore (default: newest PostgreSQL, then PATH)
    DEMO_PASSWORD            password of the demo accounts (default: generated once, kept in var/)
    PRINT_ICC_PROFILE        the FOGRA39 output profile of print master and print images
                             (default: var/icc/fogra39.icc, built by make install / make print-profile)
    AWS_STORAGE_BUCKET_NAME  media on S3-compatible storage (django-storages), with:
    AWS_S3_ENDPOINT_URL
    AWS_S3_REGION_NAME
    AWS_S3_CUSTOM_DOMAIN
    AWS_LOCATION
    AWS_DEFAULT_ACL          (default: private; files through signed, expiring URLs)
    AWS_QUERYSTRING_AUTH     (true)
    AWS_CACHE_CONTROL        (max-age=86400)
    (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read by boto3 itself.)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-dev-only-akk-cms-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production mode (DEBUG=false) needs SECRET_KEY: at least 50 random characters.")
    if len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY is not random enough.")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production mode (DEBUG=false) needs ALLOWED_HOSTS, a comma-separated list of host names, without '*'."
        )

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "adminsortable2",
    "django_prose_editor",
    "reversion",
    "reversion_compare",
    "django_tasks_db",
    "axes",
    "core",
    "municipalities",
    "interviews",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Permissions-Policy on every response, the strict media CSP (above WhiteNoise so static files get them too).
    "core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for anonymous readers (interviews.reader.cache); keep it right after WhiteNoise.
    "interviews.reader.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "akk_cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "interviews.reader.context_processors.demo_content",
            ],
        },
    },
]

WSGI_APPLICATION = "akk_cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids
    # "database is locked" upgrades in write transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Media (uploads, PDFs) go to S3-compatible object storage when a bucket is
# configured, so that several app servers share them; else to MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 itself.
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Private by default: files are reached through signed, expiring URLs.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": os.environ.get("AWS_CACHE_CONTROL", "max-age=86400")},
        },
    }
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background tasks (django.tasks). Immediate by default; the database-backed
# worker backend is selected with TASKS_BACKEND=db (production default).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or ("immediate" if DEBUG else "db")
if TASKS_BACKEND not in {"immediate", "db"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'immediate' or 'db', not {TASKS_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TASKS_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"  # run by `manage.py pdf_worker` (make worker)
        )
    }
}

# The PDF publication (interviews.pdf): rendered only by the task
# (interviews.tasks), at most PDF_RENDER_TIMEOUT seconds per render.
# PDF_X_ACCEL_REDIRECT_PREFIX (e.g. "/_protected/media/") lets nginx send the
# stored file: the download view then answers with X-Accel-Redirect.
PDF_RENDER_TIMEOUT = int(os.environ.get("PDF_RENDER_TIMEOUT", "60"))  # seconds per render
PDF_X_ACCEL_REDIRECT_PREFIX = os.environ.get("PDF_X_ACCEL_REDIRECT_PREFIX", "")

# Publisher, place and licence: the one source for pages, feed, JSON-LD,
# citation files, open data and the PDF imprint (core.citation).
PUBLICATION = {
    "publisher": os.environ.get("PUBLICATION_PUBLISHER", "Deutsches Institut für Urbanistik gGmbH (Difu)"),
    "address": os.environ.get("PUBLICATION_ADDRESS", "Zimmerstraße 13–15, 10969 Berlin"),
    "place": os.environ.get("PUBLICATION_PLACE", "Berlin"),
    "responsible": os.environ.get("PUBLICATION_RESPONSIBLE", ""),
    # The publisher in the dative for „Herausgegeben vom …“ (only the default publisher's is known).
    "issued_by": os.environ.get(
        "PUBLICATION_ISSUED_BY",
        "" if "PUBLICATION_PUBLISHER" in os.environ else "vom Deutschen Institut für Urbanistik (Difu)",
    ),
    "working_group": os.environ.get("PUBLICATION_WORKING_GROUP", "Arbeitskreis Kommunaler Klimaschutz (AKK)"),
    "licence_name": os.environ.get(
        "PUBLICATION_LICENCE_NAME",
        "Creative Commons Namensnennung – Keine Bearbeitungen 4.0 International (CC BY-ND 4.0)",
    ),
    "licence_url": os.environ.get("PUBLICATION_LICENCE_URL", "https://creativecommons.org/licenses/by-nd/4.0/deed.de"),
}

# Page cache (interviews.reader.cache): whole public pages, keyed by the content
# version in the database, so a per-process memory cache stays correct with
# several workers and servers. PAGE_CACHE=false turns it off.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"
# Images (interviews.reader.images) check publicness per request; they must not crowd pages and PDFs out of the cache.
PAGE_CACHE_SKIP_PREFIXES = ("/bilder/",)
PAGE_CACHE_TIMEOUT = 300
# How long a process may reuse the content state it read (changes reach other workers within it).
PAGE_CACHE_STATE_SECONDS = float(os.environ.get("PAGE_CACHE_STATE_SECONDS", "1"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 400},
    },
    # Stored PDFs of the most requested interviews (PAGE_CACHE_MAX_FILE_BYTES each at most).
    "files": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "files",
        "OPTIONS": {"MAX_ENTRIES": 12},
    },
}
PAGE_CACHE_FILES_ALIAS = "files"
PAGE_CACHE_MAX_FILE_BYTES = 3_000_000

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

LOGIN_URL = "admin:login"
# After a login whose ?next= was refused (another host, say): the admin, not /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

# Backups (core.backup): where they go, and where pg_dump/pg_restore are.
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT") or BASE_DIR / "backups")
PG_BIN = os.environ.get("PG_BIN", "")
# The demo accounts' password (load_demo); empty: generated once and kept in var/.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "")
# The FOGRA39 output profile (core.print_images, interviews.pdf.print_master), built at install time
# by scripts/build-print-profile.sh; the same path is read by the script (PRINT_ICC_PROFILE).
PRINT_ICC_PROFILE = Path(os.environ.get("PRINT_ICC_PROFILE") or BASE_DIR / "var" / "icc" / "fogra39.icc")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django logs every task's start and finish at INFO (twice with DEBUG): keep failures only.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# Reversion-compare: show the history of questions with their interview.
ADD_REVERSION_ADMIN = False


# --- Security (see docs/reliability.md) ---------------------------------------
# Content-Security-Policy on every response (admin included): scripts only from
# this site or with the per-request nonce (the admin's import map), no plugins,
# no <base>, no framing. Media files get a stricter policy (core.headers).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The hash admits the one <style> element the admin's rich-text editor (Tiptap) injects.
    "style-src": [CSP.SELF, CSP.NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only editors have sessions: a login lasts a working day (seconds; env SESSION_COOKIE_AGE).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 3600)))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # HTTPS only: the reverse proxy (deploy/nginx.conf) terminates TLS and sets X-Forwarded-Proto.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [SITE_URL]

# Mail: SMTP in production (EMAIL_HOST etc.), the console in development.
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG and not os.environ.get("EMAIL_HOST")
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "redaktion@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Admin login throttling (django-axes): 5 failures from one address lock that
# address out for AXES_COOLOFF_MINUTES, the correct password included.
AUTHENTICATION_BACKENDS = [
    "core.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "core.throttling.lockout_response"
AXES_ALLOWED_CORS_ORIGINS = SITE_URL
# Behind the reverse proxy the client address is the last X-Forwarded-For entry.
BEHIND_PROXY = env_bool("BEHIND_PROXY", not DEBUG)
