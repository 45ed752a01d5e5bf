"""Uploaded images (portraits, logos): server-generated names and validation.

Upload names never come from the client: every file is stored as
``<folder>/<random hex>.<ext>`` (see ``portrait_path`` and ``logo_path``).
"""

import os
import uuid


def _server_name(folder, filename):
    ext = os.path.splitext(filename)[1].lower()
    if ext not in {".jpg", ".jpeg", ".png", ".webp"}:
        ext = ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def portrait_path(instance, filename):
    return _server_name("portraits", filename)


def logo_path(instance, filename):
    return _server_name("logos", filename)


def validate_image(field_file):
    """Raise ValidationError (German) for an unacceptable upload; placeholder for the hardening work."""
    return None
