"""A chosen portrait survives a validation error elsewhere in the interview form.

Browsers never send a file twice: when the form comes back with an error (a
missing alternative text, a part number taken, a stale save), the file input
is empty again. The admin therefore keeps a valid upload server-side under
``tmp/uploads/`` and puts a signed token into the hidden form field
``portrait_upload``; the next save takes the file from there (and deletes
it). Tokens are signed (no other path can be named) and expire after a day;
files older than that are removed whenever a new one is kept.
"""

import datetime
import os
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core import uploads

SALT = "interviews.kept_upload"
MAX_AGE = 24 * 60 * 60
PREFIX = "tmp/uploads/"


def keep(upload):
    """Store a valid image upload (re-encoded) and return its token; None if the file is not a valid image.

    Writes one file under ``tmp/uploads/`` in the default storage and deletes kept files older than a day.
    """
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in uploads.ALLOWED_EXTENSIONS:
        return None
    upload.seek(0)
    try:
        data = uploads.reencode(upload.read(), ext)
    except ValidationError:
        return None
    finally:
        upload.seek(0)
    sweep()
    stored = default_storage.save(f"{PREFIX}{uuid.uuid4().hex}{ext}", ContentFile(data))
    return signing.dumps({"path": stored, "name": os.path.basename(upload.name)}, salt=SALT)


def sweep():
    """Delete kept files whose token has expired (abandoned forms)."""
    try:
        _dirs, files = default_storage.listdir(PREFIX)
    except FileNotFoundError:
        return
    limit = timezone.now() - datetime.timedelta(seconds=MAX_AGE)
    for name in files:
        if default_storage.get_modified_time(PREFIX + name) < limit:
            default_storage.delete(PREFIX + name)


def read(token):
    """The kept file's (path, original name), or None for a missing, tampered or expired token."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    path = data.get("path", "")
    if not path.startswith(PREFIX) or ".." in path or not default_storage.exists(path):
        return None
    return path, data.get("name") or os.path.basename(path)


def load(token):
    """The kept file as an unsaved upload for the model field, or None."""
    found = read(token)
    if found is None:
        return None
    path, name = found
    with default_storage.open(path, "rb") as stored:
        return ContentFile(stored.read(), name=name)


def discard(token):
    """Delete the kept file (after it was saved with the interview). Deletes one file."""
    found = read(token)
    if found is not None:
        default_storage.delete(found[0])
