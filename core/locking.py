"""Optimistic locking for every admin change form: merge where it can, explain where it cannot.

One scheme for every model editors change (``OptimisticLockingMixin`` on its
ModelAdmin). The change form carries a hidden, signed ``edit_base``: the
version of the row the form was opened on (``edit_version``) and the values
the form showed then, field by field, inline rows by their key.

Saving, inside the admin's transaction and under a row lock, compares that
version with the stored one. When someone else – or the same editor in
another tab – saved in between:

- fields only the other save changed take the newer value, fields only this
  form changed keep the editor's value; when no field was changed by both,
  the merged form is saved at once and a message names the other save;
- when a field was changed by both, nothing is saved: the form comes back
  with everything the editor typed, the newer values in the fields the
  editor did not touch, a message naming who saved what and when, and a
  fresh ``edit_base`` so that the next „Speichern“ saves what the form shows.

Who saved and when is the newest record of a save of the row: its
django-reversion history, the admin log, and what the model admin adds
(``other_saves``; e.g. pending versions of live interviews). Field labels
are the model fields' ``verbose_name``. Files are not merged (a file input
is never posted again; an upload by the other save stays). Inline rows the
other save added stay; a row it deleted is dropped from the form, or – when
this form changed it – comes back as a new row and is named.
"""

import dataclasses
import hashlib
import json

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from core import richtext
from core.richtext import RichTextField

EDIT_BASE = "edit_base"
SALT = "core.locking.edit_base"
# Inline form fields that are bookkeeping, not values an editor changes.
ROW_BOOKKEEPING = {"id", "DELETE", "ORDER"}


class EditBaseField(forms.CharField):
    """The hidden ``edit_base`` token; never counts as a change of the object."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


def stored_fingerprint(model, pk, inline_models=()):
    """A hash of what is stored for row ``pk``: its fields, many-to-many choices and inline rows ("" if gone)."""
    names = [field.attname for field in model._meta.concrete_fields]
    row = model._default_manager.filter(pk=pk).values(*names).first()
    if row is None:
        return ""
    parts = [row]
    for field in model._meta.many_to_many:
        parts.append(sorted(model._default_manager.filter(pk=pk).values_list(field.name, flat=True), key=str))
    for inline_model in inline_models:
        parent = next(f for f in inline_model._meta.fields if f.is_relation and f.related_model == model)
        parts.append(list(inline_model._default_manager.filter(**{parent.name: pk}).order_by("pk").values()))
    encoded = json.dumps(parts, default=str, sort_keys=True)
    return hashlib.sha256(encoded.encode()).hexdigest()


# --- what a form shows -------------------------------------------------------------------------


def _posted_values(bound):
    """{html name: [strings]}: what a browser posts for ``bound`` (an unbound form's field) if nobody types."""
    widget = bound.field.widget
    widget = getattr(widget, "widget", widget)  # the admin's RelatedFieldWidgetWrapper
    if isinstance(widget, forms.FileInput):
        return {}
    value = bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: ["on"] if widget.check_test(value) else []}
    # format_value is what the widget renders as value (no option lists built: a select of all Kommunen is long)
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        return {
            bound.html_name + suffix: _strings(sub.format_value(part))
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False)
        }
    return {bound.html_name: _strings(widget.format_value(value))}


def _strings(value):
    if value is None:
        return []
    return [str(item) for item in value if item is not None] if isinstance(value, (list, tuple)) else [str(value)]


def _form_fields(form, skip=()):
    """{html name: (field name, [strings])} of the fields of unbound ``form`` an editor can change."""
    result = {}
    for name in form.fields:
        if name == EDIT_BASE or name in skip:
            continue
        for key, values in _posted_values(form[name]).items():
            result[key] = (name, values)
    return result


def shown_values(form, formsets):
    """What the unbound ``form`` and its inline ``formsets`` show, as a browser would post it unchanged.

    ``{"form": {html name: [strings]}, "rows": {prefix: {row key: {name in row: [strings]}}}}``;
    inline rows by their primary key (rows are matched by key, not by their place in the form).
    """
    rows = {}
    for formset in formsets:
        by_key = {}
        for row in formset.initial_forms:
            if row.instance.pk is None:
                continue
            skip = {*ROW_BOOKKEEPING, getattr(getattr(formset, "fk", None), "name", None)}
            start = len(row.prefix) + 1
            by_key[str(row.instance.pk)] = {
                key[start:]: values for key, (_name, values) in _form_fields(row, skip).items()
            }
        rows[formset.prefix] = by_key
    return {"form": {key: values for key, (_name, values) in _form_fields(form).items()}, "rows": rows}


def sign(version, values, extra=None):
    return signing.dumps({"version": version, "values": values, "extra": extra}, salt=SALT, compress=True)


def read(token):
    """The content of an ``edit_base`` token, or None when it is missing or was tampered with."""
    try:
        return signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None


# --- the merge ----------------------------------------------------------------------------------


def _normal(values, rich):
    if rich:
        values = [richtext.sanitize(value) for value in values]
    return [text for text in (" ".join(value.split()) for value in values) if text]


def _same(a, b, rich):
    return _normal(a, rich) == _normal(b, rich)


def _is_rich(model, name):
    try:
        return isinstance(model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:
        return False


def field_label(form, name):
    """A field's German label: the model field's ``verbose_name`` (else the form field's label)."""
    model = form._meta.model
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return capfirst(str(form.fields[name].label or name))


def merge(post, base, current_form, current_formsets):
    """Put the other save's changes into ``post`` (a mutable QueryDict) where this form left the field alone.

    ``base``: :func:`shown_values` of the form as the editor opened it;
    ``current_form``/``current_formsets``: unbound forms of the row as stored
    now. Returns (labels taken over from the other save, labels changed by
    both – the editor's value stays in ``post``).
    """
    taken_over, conflicts = [], []

    def one(key, name, rich, before, after, label):
        posted = post.getlist(key)
        if _same(before, after, rich):
            return  # the other save left it alone
        if _same(posted, before, rich):
            post.setlist(key, after)  # this form left it alone: the newer value
            taken_over.append(label)
        elif not _same(posted, after, rich):
            conflicts.append(label)

    model = current_form._meta.model
    for key, (name, after) in _form_fields(current_form).items():
        if key in base["form"]:
            one(key, name, _is_rich(model, name), base["form"][key], after, field_label(current_form, name))
    for formset in current_formsets:
        base_rows = base["rows"].get(formset.prefix, {})
        skip = {*ROW_BOOKKEEPING, getattr(getattr(formset, "fk", None), "name", None)}
        current_rows = {str(row.instance.pk): row for row in formset.initial_forms}
        row_name = capfirst(str(formset.model._meta.verbose_name))
        kept, gone = [], []  # row indices as posted: rows still stored (or new), rows deleted by the other save
        for index in range(_count(post.get(f"{formset.prefix}-TOTAL_FORMS"))):
            prefix = f"{formset.prefix}-{index}-"
            pk = post.get(prefix + "id") or ""
            row = current_rows.get(pk)
            if row is None and pk in base_rows:
                gone.append(index)
                changed = any(
                    not _same(post.getlist(prefix + inner), before, _is_rich(formset.model, inner))
                    for inner, before in base_rows[pk].items()
                )
                if changed:  # deleted there, changed here: kept as a new row, named
                    kept.append(index)
                    conflicts.append(
                        _("%(row)s %(number)s: dort gelöscht, Ihre Fassung steht unten als neue Zeile")
                        % {"row": row_name, "number": index + 1}
                    )
                else:
                    taken_over.append(_("%(row)s %(number)s gelöscht") % {"row": row_name, "number": index + 1})
                continue
            kept.append(index)
            if row is None or pk not in base_rows:
                continue  # a row added here
            start = len(row.prefix) + 1
            for key, (name, after) in _form_fields(row, skip).items():
                inner = key[start:]
                if inner in base_rows[pk]:
                    label = f"{row_name} {index + 1}: {field_label(row, name)}"
                    one(prefix + inner, name, _is_rich(formset.model, name), base_rows[pk][inner], after, label)
        if gone:
            _renumber(post, formset.prefix, kept, set(gone))
    return taken_over, conflicts


def _renumber(post, formset_prefix, kept, gone):
    """Rewrite the posted rows of one inline formset: rows deleted by the other save leave the stored rows
    (``INITIAL_FORMS``); those the editor changed come back after them as new rows without a key."""
    rows = {}
    for key in list(post):
        head, _sep, inner = key[len(formset_prefix) + 1 :].partition("-")
        if key.startswith(formset_prefix + "-") and head.isdigit() and int(head) in kept:
            rows.setdefault(int(head), {})[inner] = post.getlist(key)
        if key.startswith(formset_prefix + "-") and head.isdigit():
            del post[key]
    initial = _count(post.get(f"{formset_prefix}-INITIAL_FORMS"))
    stored = [index for index in kept if index < initial and index not in gone]
    order = stored + [index for index in kept if index not in stored]
    for number, index in enumerate(order):
        values = rows.get(index, {})
        if index in gone:
            values["id"] = [""]
        for inner, items in values.items():
            post.setlist(f"{formset_prefix}-{number}-{inner}", items)
    post[f"{formset_prefix}-INITIAL_FORMS"] = str(len(stored))
    post[f"{formset_prefix}-TOTAL_FORMS"] = str(len(order))


def _count(value):
    try:
        return min(int(value or 0), 1000)
    except ValueError:
        return 0


# --- who saved, and the message ----------------------------------------------------------------


def newest_save(obj, others=()):
    """(user, time) of the newest save of ``obj`` on record, or None.

    Records: its django-reversion history, the admin log, and ``others``
    ((user, time) pairs the model admin knows about, e.g. pending versions).
    """
    saves = list(others)
    if reversion.is_registered(type(obj)):
        version = Version.objects.get_for_object(obj).select_related("revision__user").first()
        if version is not None:
            saves.append((version.revision.user, version.revision.date_created))
    entry = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is not None:
        saves.append((entry.user, entry.action_time))
    saves = [save for save in saves if save[1] is not None]
    return max(saves, key=lambda save: save[1]) if saves else None


@dataclasses.dataclass
class StaleSave:
    """A save that found the row saved by someone else (or the same editor elsewhere) in between."""

    object_name: str
    who: str
    when: str
    same_user: bool
    taken_over: list
    conflicts: list
    saved: bool  # merged and saved at once (no field changed by both)
    changes: list = dataclasses.field(default_factory=list)  # the model admin's comparison, if it has one

    def saved_by(self):
        if self.same_user:
            return _("Sie selbst haben „%(object)s“ am %(when)s in einem anderen Fenster oder Tab gespeichert.") % {
                "object": self.object_name,
                "when": self.when,
            }
        return _("%(who)s hat „%(object)s“ am %(when)s gespeichert.") % {
            "who": self.who,
            "object": self.object_name,
            "when": self.when,
        }

    def message(self):
        taken = ", ".join(self.taken_over)
        if self.saved:
            text = _("Zusammengeführt und gespeichert: %(saved_by)s") % {"saved_by": self.saved_by()}
            if taken:
                text += " " + _("Von dort übernommen: %(fields)s; Ihre Änderungen sind dazu gespeichert.") % {
                    "fields": taken
                }
            return text
        text = _("Nicht gespeichert: %(saved_by)s") % {"saved_by": self.saved_by()}
        if self.conflicts:
            text += " " + _(
                "Dort und hier geändert: %(fields)s. Hier steht weiter Ihre Fassung, nichts ist verloren."
            ) % {"fields": ", ".join(self.conflicts)}
        else:
            text += " " + _("Ihre Eingaben stehen unten weiter im Formular, nichts ist verloren.")
        if taken:
            text += " " + _("Aus der neuen Fassung übernommen: %(fields)s.") % {"fields": taken}
        return text + " " + _("Bitte prüfen Sie die Felder und klicken Sie erneut auf „Speichern“.")


def describe(obj, user, taken_over, conflicts, saved, others=()):
    last = newest_save(obj, others)
    last_user, when = last if last is not None else (None, None)
    return StaleSave(
        object_name=str(obj),
        who=(last_user.get_full_name() or last_user.get_username()) if last_user else _("jemand anderes"),
        when=date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else _("(unbekannt)"),
        same_user=last_user is not None and last_user.pk == user.pk,
        taken_over=taken_over,
        conflicts=conflicts,
        saved=saved,
    )


# --- the model admin mixin ---------------------------------------------------------------------


class OptimisticLockingMixin:
    """No lost updates on the change form of a ModelAdmin (see the module docstring).

    A model admin may override ``edit_version`` (default: a hash of the stored
    row, its many-to-many choices and inline rows), ``other_saves`` (records of
    saves besides history and admin log) and ``stale_changes`` (a readable
    comparison of the version the editor started from with the newer one,
    from ``edit_base_extra``).
    """

    # True for a model admin whose change form shows the stale-save section (``stale_save`` in its context, e.g.
    # templates/admin/interviews/includes/stale_save.html): the section is then the one place that explains a stale
    # save, and neither the form's error list nor a message repeats it.
    stale_save_section = False

    def edit_version(self, obj):
        """The version of ``obj`` (as stored, or as a pending version in memory) an edit starts from."""
        return stored_fingerprint(self.model, obj.pk, [inline.model for inline in self.inlines])

    def other_saves(self, obj):
        return []

    def edit_base_extra(self, obj):
        return None

    def stale_changes(self, extra, obj):
        return []

    def _locking(self, request, obj):
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._locking(request, obj) or any(EDIT_BASE in opts.get("fields", ()) for _n, opts in fieldsets):
            return fieldsets
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "fields": [*first["fields"], EDIT_BASE]}), *fieldsets[1:]]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not self._locking(request, obj):
            return super().get_form(request, obj, change, **kwargs)
        base = kwargs.pop("form", self.form)

        class LockedForm(base):
            edit_base = EditBaseField()

            def clean(self):
                cleaned = super().clean()
                stale = getattr(request, "_stale_save", None)
                if stale is not None and not stale.saved:
                    raise ValidationError(stale.message(), code="stale")
                return cleaned

        LockedForm.__name__ = base.__name__
        return super().get_form(request, obj, change, form=LockedForm, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if self._locking(request, obj) and EDIT_BASE in form.fields and not form.is_bound:
            formsets = [inline.formset for inline in context["inline_admin_formsets"]]
            values = shown_values(form, formsets)
            form.fields[EDIT_BASE].initial = sign(self.edit_version(obj), values, self.edit_base_extra(obj))
        stale = getattr(request, "_stale_save", None)
        context["stale_save"] = stale
        if stale is not None and self.stale_save_section:
            formsets = [inline.formset for inline in context["inline_admin_formsets"]]
            context["errors"] = _without_stale_error(form, formsets)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method == "POST" and object_id is not None and "_saveasnew" not in request.POST:
            self._resolve_stale_save(request, unquote(object_id))
        response = super()._changeform_view(request, object_id, form_url, extra_context)
        stale = getattr(request, "_stale_save", None)
        if stale is not None and stale.saved:
            stale.saved = response.status_code == 302  # merged, but another error stopped the save
            if stale.saved or not self.stale_save_section:  # the form shown again has the section
                self.message_user(request, stale.message(), messages.WARNING)
        return response

    def _resolve_stale_save(self, request, object_id):
        """Compare the posted ``edit_base`` with the stored row (locked until the save commits); merge.

        Sets ``request._stale_save`` and replaces ``request.POST`` by the merged data when the row
        changed since the form was opened. Reads only.
        """
        obj = self.get_object(request, object_id)
        if not self._locking(request, obj):
            return
        rows = self.model._default_manager.filter(pk=obj.pk)
        if transaction.get_connection().in_atomic_block:  # the admin's atomic save; never a lock without one
            list(rows.select_for_update().values_list("pk", flat=True))
            obj = self.get_object(request, object_id)  # as stored now, under the lock
        base = read(request.POST.get(EDIT_BASE))
        version = self.edit_version(obj)
        if base is not None and base["version"] == version:
            return
        fieldsets = self.get_fieldsets(request, obj)
        current = self.get_form(request, obj, change=True, fields=flatten_fieldsets(fieldsets))(instance=obj)
        formsets = self._unbound_formsets(request, obj)
        post = request.POST.copy()
        if base is None:
            taken_over, conflicts = [], []
        else:
            taken_over, conflicts = merge(post, base["values"], current, formsets)
        saved = base is not None and not conflicts
        stale = describe(obj, request.user, taken_over, conflicts, saved, self.other_saves(obj))
        if base is not None:
            stale.changes = self.stale_changes(base.get("extra"), obj)
        post[EDIT_BASE] = sign(version, shown_values(current, formsets), self.edit_base_extra(obj))
        request.POST = post
        request._stale_save = stale

    def _unbound_formsets(self, request, obj):
        """The inline formsets of ``obj`` as a GET of its change form builds them (prefixes as Django's)."""
        formsets, prefixes = [], {}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            formsets.append(formset_class(instance=obj, prefix=prefix, queryset=inline.get_queryset(request)))
        return formsets


def _without_stale_error(form, formsets):
    """Drop the stale-save refusal from ``form``'s shown errors (the stale-save section explains it); the
    admin's error list (errors) of what is left."""
    shown = form.errors.get(NON_FIELD_ERRORS)
    if shown is not None:
        kept = [error for error in shown.as_data() if error.code != "stale"]
        if kept:
            form.errors[NON_FIELD_ERRORS] = form.error_class(kept, error_class="nonfield", renderer=form.renderer)
        else:
            del form.errors[NON_FIELD_ERRORS]
    return helpers.AdminErrorList(form, formsets)
