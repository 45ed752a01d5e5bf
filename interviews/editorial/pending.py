"""Pending versions of live interviews: what a reader sees, as data.

A change to a live (published or scheduled) interview by someone without the
publish permission is not written to the interview's rows; it is kept as a
snapshot in ``PendingChange.data`` until „Freigabe“ publishes or discards it
(``interviews.editorial.publishing``). Readers, feed, search and the PDF read the rows,
so they keep the live version.

A snapshot holds the interview's content fields (every editable field but the
workflow and editorial ones), its questions and its figures (``CHILDREN``).
Rows that exist live keep their primary key; rows added in a pending version
carry a negative placeholder key, which never collides with a real row, so
that the admin form can show and post them like any other question or figure.
A figure's image file is stored when the editor uploads it; the snapshot holds
its name.

``applied(interview)`` writes a snapshot into the database inside a savepoint
that is always rolled back: the admin form, the interviewee's approval page
and the preview read the pending version through the ordinary code paths, and
nothing of it stays in the database.
"""

import contextlib
import datetime
import decimal
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile

from interviews import fields
from interviews.models import Figure, Interview, PendingChange, Question

# Fields of Interview that are not content: the workflow decides them, or readers never see them.
NOT_CONTENT = {"id", "status", "published_at", "published_by", "assigned_to", "portrait_rights"}
# Fields of Interview editable by everyone that stay outside a pending version (saved at once).
EDITORIAL_FIELDS = ["assigned_to", "portrait_rights"]


def content_fields():
    """The Interview fields a pending version holds (every editable field but workflow and editorial ones)."""
    return [
        field
        for field in Interview._meta.concrete_fields
        if field.editable and field.name not in NOT_CONTENT and not field.primary_key
    ]


def child_fields(model):
    """The fields of a child row (question, figure) a pending version holds: its content (interviews.fields)."""
    return fields.fields(model, fields.CONTENT)


# The interview's child rows a snapshot holds: key in the snapshot -> model.
CHILDREN = {"questions": Question, "figures": Figure}


def _dump(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return value


def _load(field, value):
    if value is None:
        return None
    return field.to_python(value)


def snapshot(interview):
    """Everything a reader sees of ``interview`` as stored now (three queries): a JSON-ready dict."""
    row = Interview.objects.get(pk=interview.pk)
    data = {"interview": {field.attname: _dump(field.value_from_object(row)) for field in content_fields()}}
    for key, model in CHILDREN.items():
        wanted = child_fields(model)
        data[key] = [
            {"id": row.pk, **{field.attname: _dump(field.value_from_object(row)) for field in wanted}}
            for row in model.objects.filter(interview_id=interview.pk).order_by("position", "pk")
        ]
    return data


def fingerprint(data):
    """A short hash of a snapshot (what an interviewee approved, what a form started from)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()[:32]


def current_data(interview):
    """The version of ``interview`` that will appear next: the pending one if there is one."""
    pending = PendingChange.objects.filter(interview_id=interview.pk).values_list("data", flat=True).first()
    return pending if pending is not None else snapshot(interview)


def write(interview, data, keep_placeholders):
    """Make the rows of ``interview`` hold ``data``.

    Touches: the interview's content fields (``save``) and its questions and
    figures: updated by key, created (new keys, or the negative placeholders
    when ``keep_placeholders``), and deleted when missing from ``data``. A
    snapshot made before figures existed (no ``"figures"``) leaves them alone.
    """
    by_attname = {field.attname: field for field in content_fields()}
    for attname, value in data["interview"].items():
        if attname in by_attname:
            setattr(interview, attname, _load(by_attname[attname], value))
    interview.save()
    for key, model in CHILDREN.items():
        if key in data:
            _write_children(interview, model, data[key], keep_placeholders)


def _write_children(interview, model, rows, keep_placeholders):
    existing = {child.pk: child for child in model.objects.filter(interview_id=interview.pk)}
    kept = set()
    by_attname = {field.attname: field for field in child_fields(model)}
    for row in rows:
        child = existing.get(row["id"])
        if child is None:
            child = model(interview_id=interview.pk)
            if keep_placeholders and row["id"] is not None and row["id"] < 0:
                child.pk = row["id"]
        for attname, value in row.items():
            if attname in by_attname:
                setattr(child, attname, _load(by_attname[attname], value))
        child.save(force_insert=child.pk is not None and child.pk not in existing)
        kept.add(child.pk)
    model.objects.filter(interview_id=interview.pk).exclude(pk__in=kept).delete()


def with_placeholders(data, live):
    """``data`` with every question and figure that does not exist in ``live`` carrying a negative placeholder key.

    ``live`` is the snapshot of the live rows.
    """
    result = dict(data)
    for key in CHILDREN:
        if key not in data:
            continue
        live_ids = {row["id"] for row in live.get(key, [])}
        used = [row["id"] for row in data[key] if row["id"] is not None and row["id"] < 0]
        next_placeholder = min(used, default=0) - 1
        rows = []
        for row in data[key]:
            if row["id"] not in live_ids and not (row["id"] is not None and row["id"] < 0):
                row = {**row, "id": next_placeholder}
                next_placeholder -= 1
            rows.append(row)
        result[key] = rows
    return result


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def applied(interview):
    """Inside the block, the database holds the pending version of ``interview`` (if any).

    Everything written inside the block is rolled back at its end, whatever
    happens: callers read (render a form, a page, a PDF) and keep only what
    they computed. Yields the PendingChange or None.
    """
    pending = PendingChange.objects.filter(interview_id=interview.pk).first()
    try:
        with transaction.atomic():
            if pending is not None:
                write(interview, pending.data, keep_placeholders=True)
                Interview.objects.filter(pk=interview.pk).update(version=pending.version)
                interview.refresh_from_db()
            yield pending
            raise _Rollback
    except _Rollback:
        pass
    interview.refresh_from_db()
