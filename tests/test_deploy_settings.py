"""Settings a deployment chooses by environment: the task backend and the media storage.

Each case imports the settings in a fresh process with the given environment,
as gunicorn and the worker do.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each case starts a Python process: not in the quick loop (make test-fast).
pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k3Yq-" * 12, "ALLOWED_HOSTS": "akk.example.org"}
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from django.tasks import task_backends
storage = storages["default"]
print(json.dumps({
    "task_backend": type(task_backends["default"]).__name__,
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "signed_urls": getattr(storage, "querystring_auth", None),
    "overwrite": getattr(storage, "file_overwrite", None),
    "url": storage.url("portraits/abc.jpg").split("?")[0],
    "apps": settings.INSTALLED_APPS,
}))
"""


def settings_with(**env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "TASKS_", "DEBUG"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "akk_cms.settings", **env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        return result.stderr
    return json.loads(result.stdout)


def test_development_runs_tasks_immediately_and_production_queues_them_for_the_worker():
    assert settings_with()["task_backend"] == "ImmediateBackend"
    production = settings_with(**PRODUCTION)
    assert production["task_backend"] == "DatabaseBackend"
    assert "django_tasks_db" in production["apps"]
    assert settings_with(TASKS_BACKEND="db")["task_backend"] == "DatabaseBackend"
    assert settings_with(**PRODUCTION, TASKS_BACKEND="immediate")["task_backend"] == "ImmediateBackend"


def test_an_unknown_task_backend_is_refused_with_the_allowed_values():
    error = settings_with(TASKS_BACKEND="celery")

    assert "TASKS_BACKEND must be 'immediate' or 'db', not 'celery'" in error


def test_media_stay_on_disk_unless_a_bucket_is_configured():
    assert settings_with(**PRODUCTION)["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_a_bucket_in_the_environment_puts_media_on_s3_compatible_storage():
    configured = settings_with(
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="akk-media",
        AWS_S3_ENDPOINT_URL="https://s3.example-provider.eu",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
    )

    assert configured["storage"] == "storages.backends.s3.S3Storage"
    assert configured["bucket"] == "akk-media"
    assert configured["endpoint"] == "https://s3.example-provider.eu"
    assert configured["signed_urls"] is True
    assert configured["overwrite"] is False
    assert configured["url"] == "https://s3.example-provider.eu/akk-media/portraits/abc.jpg"


def test_a_cdn_domain_for_the_bucket_gives_public_media_urls_on_that_domain():
    configured = settings_with(
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="akk-media",
        AWS_S3_CUSTOM_DOMAIN="media.akk.example.org",
        AWS_QUERYSTRING_AUTH="false",
    )

    assert configured["url"] == "https://media.akk.example.org/portraits/abc.jpg"
    assert configured["signed_urls"] is False
