"""Pending versions of live interviews: what a reader sees, as data.

A change to a live (published or scheduled) interview by someone without the
publish permission is not written to the interview's rows; it is kept as a
snapshot in ``PendingChange.data`` until „Freigabe“ publishes or discards it
(``interviews.editorial.publishing``). Readers, feed, search and the PDF read the rows,
so they keep the live version.

A snapshot holds the interview's content fields and the content fields of its
questions and other child rows, as classified in ``interviews.fields``. Rows that exist live keep
their primary key; questions (and other child rows) added in a pending version carry a negative
placeholder key, which never collides with a real row, so that the admin form
can show and post them like any other question.

Reading a pending version writes nothing: ``as_object(interview)`` builds it
in memory (an unsaved Interview with its questions as in-memory rows, like
Wagtail's ``revision.as_object()``). The interviewee's approval page and its
PDF preview, the admin form (GET) and preview of a pending version read it so
(„Satzspiegel prüfen“ builds its version in memory too: ``budget.screen_source``).

Saving one still runs the admin form's ordinary save: ``applied(interview)``
writes the pending version into the database inside a savepoint that is
always rolled back, the form validates and saves against it, and what it
saved is read back as the new snapshot (``admin_workflow``). Only a POST of
the admin form (a save or a restore from history) takes that path.
"""

import contextlib
import datetime
import decimal
import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.db.models.fields.files import FieldFile

from interviews import fields
from interviews.models import Interview, PendingChange


def content_fields():
    """The Interview fields a pending version holds: its content (interviews.fields)."""
    return fields.fields(Interview, fields.CONTENT)


def editorial_attnames():
    """The Interview fields that stay outside a pending version and are saved at once (interviews.fields)."""
    return fields.attnames(Interview, fields.EDITORIAL)


def child_fields(model):
    """The content fields of a child model (Question, …) a pending version holds."""
    return fields.fields(model, fields.CONTENT)


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
    """Everything a reader sees of ``interview`` as stored now (one query per model): a JSON-ready dict.

    ``{"interview": {attname: value}, "questions": [{"id": pk, attname: value, …}], …}``: one list per
    child model (interviews.fields.CHILDREN), under its related name, in its model's order.
    """
    row = Interview.objects.get(pk=interview.pk)
    data = {"interview": {field.attname: _dump(field.value_from_object(row)) for field in content_fields()}}
    for model, link, key in fields.children():
        data[key] = [
            {"id": child.pk, **{field.attname: _dump(field.value_from_object(child)) for field in child_fields(model)}}
            for child in model.objects.filter(**{f"{link}_id": interview.pk})
        ]
    return data


def data_of(interview, children):
    """The snapshot of an interview and its child rows as they are in memory (saved or not); no query.

    ``children``: {related name: [rows]}, e.g. {"questions": [Question(…), …]}; a missing one is empty.
    """
    data = {"interview": {field.attname: _dump(field.value_from_object(interview)) for field in content_fields()}}
    for model, _link, key in fields.children():
        data[key] = [
            {"id": child.pk, **{field.attname: _dump(field.value_from_object(child)) for field in child_fields(model)}}
            for child in children.get(key, [])
        ]
    return data


def set_fields(instance, values, model_fields):
    """Set ``values`` ({attname: JSON value}) on ``instance`` in memory, for the given model fields only."""
    by_attname = {field.attname: field for field in model_fields}
    for attname, value in values.items():
        if attname in by_attname:
            setattr(instance, attname, _load(by_attname[attname], value))


def fingerprint(data):
    """A short hash of the text in a snapshot: what an interviewee saw and decided on.

    Row keys are left out: a question added in a pending version keeps its
    text's fingerprint when publishing gives it a real key.
    """
    text = {
        key: [{name: value for name, value in row.items() if name != "id"} for row in rows]
        if isinstance(rows, list)
        else rows
        for key, rows in data.items()
    }
    return hashlib.sha256(json.dumps(text, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()[:32]


def current_data(interview):
    """The version of ``interview`` that will appear next: the pending one if there is one."""
    pending = PendingChange.objects.filter(interview_id=interview.pk).values_list("data", flat=True).first()
    return pending if pending is not None else snapshot(interview)


def write(interview, data, keep_placeholders):
    """Make the rows of ``interview`` hold ``data``.

    Touches: the interview's content fields (``save``) and the rows of its
    child models (questions, …): updated by key, created (new keys, or the
    negative placeholders when ``keep_placeholders``), and deleted when
    missing from ``data``.
    """
    by_attname = {field.attname: field for field in content_fields()}
    for attname, value in data["interview"].items():
        if attname in by_attname:
            setattr(interview, attname, _load(by_attname[attname], value))
    interview.save()
    for model, link, key in fields.children():
        _write_children(interview, model, link, data.get(key, []), keep_placeholders)


def _write_children(interview, model, link, rows, keep_placeholders):
    existing = {child.pk: child for child in model.objects.filter(**{f"{link}_id": interview.pk})}
    kept = set()
    by_attname = {field.attname: field for field in child_fields(model)}
    for row in rows:
        child = existing.get(row["id"])
        if child is None:
            child = model(**{f"{link}_id": interview.pk})
            if keep_placeholders and row["id"] is not None and row["id"] < 0:
                child.pk = row["id"]
        for attname, value in row.items():
            if attname in by_attname:
                setattr(child, attname, _load(by_attname[attname], value))
        child.save(force_insert=child.pk is not None and child.pk not in existing)
        kept.add(child.pk)
    model.objects.filter(**{f"{link}_id": interview.pk}).exclude(pk__in=kept).delete()


def with_placeholders(data, live):
    """``data`` with every child row (question, …) not in ``live`` carrying a negative placeholder key."""
    data = dict(data)
    for _model, _link, key in fields.children():
        live_ids = {row["id"] for row in live.get(key, [])}
        rows = data.get(key, [])
        used = [row["id"] for row in rows if row["id"] is not None and row["id"] < 0]
        next_placeholder = min(used, default=0) - 1
        placed = []
        for row in rows:
            if row["id"] not in live_ids and not (row["id"] is not None and row["id"] < 0):
                row = {**row, "id": next_placeholder}
                next_placeholder -= 1
            placed.append(row)
        data[key] = placed
    return data


def as_object(interview):
    """The version of ``interview`` that will appear next, in memory: nothing is written (like Wagtail's
    ``revision.as_object()``).

    Returns a fresh Interview instance (series, Kommune and the Kommune's
    awards loaded) holding the pending version's content fields and version
    over the live row's other fields, with its child rows (questions, and
    every other child model of ``interviews.fields``) as unsaved in-memory
    instances in their model's order, related rows loaded:
    ``version.questions.all()`` yields them without a query. Rows added in the
    pending version carry their negative placeholder keys, as in the admin
    form. Without a pending change it is the stored interview. Reads: the row,
    the pending change, the awards, per child model its rows (or the rows they
    point to). Never saved; ``in_memory(version)`` is true.
    """
    version = (
        Interview.objects.select_related("series", "kommune", "published_by")
        .prefetch_related("kommune__awards")
        .get(pk=interview.pk)
    )
    change = PendingChange.objects.filter(interview_id=interview.pk).first()
    if change is not None:
        by_attname = {field.attname: field for field in content_fields()}
        for attname, value in change.data["interview"].items():
            if attname in by_attname:
                setattr(version, attname, _load(by_attname[attname], value))  # a changed key drops its cached row
        version.version = change.version
    children = {}
    for model, link, related_name in fields.children():
        related = [field.name for field in child_fields(model) if field.many_to_one]
        if change is None:
            rows = model._default_manager.filter(**{link: version})
            children[related_name] = list(rows.select_related(*related) if related else rows)
        else:
            children[related_name] = [_child(model, link, version, row) for row in change.data.get(related_name, [])]
            prefetch_related_objects(children[related_name], *related)
    return _holding(version, children)


def from_history(entry):
    """The version of an interview kept in the history entry ``entry`` (a django-reversion ``Version`` of it), in
    memory, as a restore of it would write it: nothing is written (unlike django-reversion's own revert).

    Returns an unsaved Interview holding every field of the entry, with its child rows (questions, figures) from
    the same revision as in-memory rows in their model's order, related rows loaded, like :func:`as_object`
    (``in_memory`` is true: the admin's formsets show them). Reads: the revision's entries and the rows they point to.
    """
    kept = entry._object_version.object  # cached on ``entry``: each call builds its own instance
    version = Interview(**{field.attname: getattr(kept, field.attname) for field in Interview._meta.concrete_fields})
    version._state.adding = False
    children = {}
    for model, link, related_name in fields.children():
        rows = [
            child_entry._object_version.object
            for child_entry in entry.revision.version_set.filter(content_type=ContentType.objects.get_for_model(model))
        ]
        rows = [row for row in rows if getattr(row, f"{link}_id") == version.pk]
        for row in rows:
            row._state.adding = False
            setattr(row, link, version)
        ordering = [name for name in model._meta.ordering if not name.startswith("-")]
        rows.sort(key=lambda row: tuple((getattr(row, name) or 0) for name in ordering))
        prefetch_related_objects(rows, *[field.name for field in child_fields(model) if field.many_to_one])
        children[related_name] = rows
    return _holding(version, children)


def _holding(version, children):
    """``version`` with ``children`` ({related name: rows}) as its in-memory child rows (no query reads them)."""
    if not hasattr(version, "_prefetched_objects_cache"):
        version._prefetched_objects_cache = {}
    for related_name, rows in children.items():
        cached = getattr(version, related_name).get_queryset()
        cached._result_cache, cached._prefetch_done = rows, True
        version._prefetched_objects_cache[related_name] = cached
    version._in_memory = True
    return version


def _child(model, link, interview, row):
    """An unsaved child row of ``interview`` holding ``row`` (a snapshot's dict)."""
    by_attname = {field.attname: field for field in child_fields(model)}
    child = model(pk=row["id"], **{link: interview})
    for attname, value in row.items():
        if attname in by_attname:
            setattr(child, attname, _load(by_attname[attname], value))
    child._state.adding = row["id"] is None
    return child


def in_memory(interview):
    """Whether ``interview`` is a version built by :func:`as_object` (its questions are in memory)."""
    return getattr(interview, "_in_memory", False)


class InMemoryRowsFormSetMixin:
    """An inline formset of a version built by :func:`as_object` shows its in-memory rows (no query)."""

    def get_queryset(self):
        if in_memory(self.instance):
            return list(getattr(self.instance, self.fk.remote_field.get_accessor_name()).all())
        return super().get_queryset()


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
