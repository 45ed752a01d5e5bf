"""A chosen image survives a validation error anywhere in an admin form.

Browsers never send a file twice: when a form comes back with an error (a
missing alternative text, a part number taken, a question without text, a
stale save), every file input is empty again. Every image field of the
admin forms an editor uses (``core.forms.EditorFormAdminMixin``, also in
inline forms) therefore uses ``KeptImageInput``: when the form comes back,
``keep_chosen(forms)`` stores each valid new upload server-side under
``tmp/uploads/`` and the widget renders a signed token next to the file input
(``<name>-kept``) with a note for the editor; the next save takes the file
from there, exactly as if it had been sent again, and deletes the kept copy
(``discard_used(forms)``). Tokens are signed (no other path can be named) and
expire after a day; files older than that are removed whenever a new one is
kept.
"""

import datetime
import os
import uuid

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from core import uploads

SALT = "interviews.kept_upload"
MAX_AGE = 24 * 60 * 60
PREFIX = "tmp/uploads/"


def keep(upload):
    """Store a valid image upload (re-encoded) and return its token; None if it is not a valid image or too big.

    Writes one file under ``tmp/uploads/`` in the default storage and deletes kept files older than a day.
    """
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in uploads.ALLOWED_EXTENSIONS or upload.size > uploads.MAX_UPLOAD_BYTES:
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
    """Delete the kept file (after it was saved with the object). Deletes one file."""
    found = read(token)
    if found is not None:
        default_storage.delete(found[0])


class KeptImageInput(AdminFileWidget):
    """The admin's file input, plus the token of a file chosen before the form came back with an error.

    Reading the form data, a valid token stands for the file when no new file
    was chosen and "clear" is not ticked: the form field validates and saves
    it like a fresh upload.
    """

    template_name = "core/widgets/kept_file_input.html"
    kept = None  # (token, original name), set by keep_chosen()
    used = None  # the token whose file this form's data stands for

    @staticmethod
    def token_name(name):
        return name + "-kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        token = data.get(self.token_name(name))
        if upload is None and token:
            kept = load(token)
            if kept is not None:
                self.used = token
                return kept
        return upload

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and not data.get(self.token_name(name))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.kept is not None:
            context["widget"]["kept_token"], context["widget"]["kept_name"] = self.kept
            context["widget"]["kept_token_name"] = self.token_name(name)
        return context


# For ``formfield_overrides`` of every model admin and inline an editor uses.
KEPT_IMAGE_FIELDS = {models.ImageField: {"widget": KeptImageInput}}


def _kept_fields(forms):
    for form in forms:
        if not form.is_bound:
            continue
        for name, field in form.fields.items():
            if isinstance(field.widget, KeptImageInput):
                yield form, name, field.widget


def keep_chosen(forms):
    """``forms`` came back with an error: keep every valid image chosen in them for the next save.

    Writes one file under ``tmp/uploads/`` per new upload; a file kept before is carried on.
    """
    for form, field_name, widget in _kept_fields(forms):
        name = form.add_prefix(field_name)
        upload = form.files.get(name)
        if form.has_error(field_name):  # the file itself was refused: nothing of it is kept
            widget.kept = None
            continue
        cleared = form.data.get(widget.clear_checkbox_name(name))
        token = keep(upload) if upload else None if cleared else form.data.get(widget.token_name(name))
        found = read(token) if token else None
        widget.kept = (token, found[1]) if found else None


def discard_used(forms):
    """After a successful save: delete the kept files these forms took (when the transaction commits)."""
    for _form, _field_name, widget in _kept_fields(forms):
        if widget.used:
            transaction.on_commit(lambda token=widget.used: discard(token))
