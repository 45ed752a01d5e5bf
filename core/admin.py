"""Admin pieces shared by every app: no lost updates, history permission, refusing deletes of rows in use."""

import copy
import dataclasses
import hashlib
import json

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import ActionLocation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

EDIT_TOKEN = "edit_token"


def stale_message(obj, user=None):
    """The one German message of a refused stale save, naming who saved last and when (if known).

    When the last save was by ``user`` (the person now saving), it says so: the same editor in a second tab.
    """
    last = last_save(obj)
    if last is not None and user is not None and last[0] is not None and last[0].pk == user.pk:
        return _(
            "„%(object)s“ wurde inzwischen von Ihnen selbst gespeichert (am %(when)s), wahrscheinlich in einem "
            "anderen Tab oder Fenster. Ihre Änderungen hier wurden nicht übernommen, damit nichts überschrieben wird. "
            "Bitte öffnen Sie die Seite neu und tragen Sie Ihre Änderungen erneut ein."
        ) % {"object": obj, "when": date_format(timezone.localtime(last[1]), "DATETIME_FORMAT")}
    who = ""
    if last is not None:
        last_user, when = last
        who = _(" (zuletzt am %(when)s von %(user)s)") % {
            "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
            "user": last_user.get_username() if last_user else _("unbekannt"),
        }
    return _(
        "„%(object)s“ wurde inzwischen von jemand anderem gespeichert%(who)s. "
        "Ihre Änderungen wurden nicht übernommen, damit nichts überschrieben wird. "
        "Bitte öffnen Sie die Seite neu und tragen Sie Ihre Änderungen erneut ein."
    ) % {"object": obj, "who": who}


def last_save(obj):
    """(user, time) of the newest history entry of ``obj`` (django-reversion, else the admin log), or None."""
    if reversion.is_registered(type(obj)):
        version = Version.objects.get_for_object(obj).select_related("revision__user").first()
        if version is not None:
            return version.revision.user, version.revision.date_created
    entry = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    return (entry.user, entry.action_time) if entry is not None else None


def stored_fingerprint(model, pk, inline_models=()):
    """A hash of what is stored for row ``pk``: its fields, many-to-many choices and inline rows ("" if gone)."""
    fields = [field.attname for field in model._meta.concrete_fields]
    row = model._default_manager.filter(pk=pk).values(*fields).first()
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


class StaleSaveMixin:
    """No lost updates: a change form opened before someone else saved the same row is refused on save.

    The form carries a hidden ``edit_token``, a hash of the stored row (its
    fields, many-to-many choices and inline rows) when the form was opened.
    Saving compares it with the row as stored now, under a row lock, and
    refuses with ``stale_message`` if they differ; nothing is saved then.
    """

    def edit_token(self, pk):
        return stored_fingerprint(self.model, pk, [inline.model for inline in self.inlines])

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or any(EDIT_TOKEN in options.get("fields", ()) for _name, options in fieldsets)
        ):
            return fieldsets
        fieldsets = copy.deepcopy(list(fieldsets))
        fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], EDIT_TOKEN]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or not self.has_change_permission(request, obj):
            return super().get_form(request, obj, change, **kwargs)
        admin = self
        base = kwargs.pop("form", self.form)

        class StaleCheckForm(base):
            edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.fields[EDIT_TOKEN].initial = admin.edit_token(self.instance.pk)

            def clean(self):
                cleaned = super().clean()
                # Lock the row until this save commits: two saves of one token cannot both pass.
                list(admin.model._default_manager.select_for_update().filter(pk=self.instance.pk).values("pk"))
                if cleaned.get(EDIT_TOKEN) != admin.edit_token(self.instance.pk):
                    raise forms.ValidationError(stale_message(self.instance, request.user), code="stale")
                return cleaned

        StaleCheckForm.__name__ = base.__name__
        return super().get_form(request, obj, change, form=StaleCheckForm, **kwargs)


class HistoryPermissionMixin:
    """The compare view of django-reversion-compare checks only for staff; require view permission."""

    def compare_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)


class ProtectedDeleteMixin:
    """Refuse deleting rows still in use (PROTECT) with a clear German message, never a 500.

    The delete page already lists what blocks the deletion; this adds a
    plain message on top, and the bulk delete action and a confirmed delete
    that races with a new reference end on the list with an error message.
    """

    in_use_hint = gettext_lazy("Bitte ändern oder löschen Sie zuerst die Einträge, die darauf verweisen.")

    def in_use_message(self, names, blockers):
        return _("„%(names)s“ wird noch verwendet und wurde nicht gelöscht. Verwendet von: %(blockers)s. %(hint)s") % {
            "names": "“, „".join(str(name) for name in names),
            # The delete page passes links (<a href=…>); a message is plain text.
            "blockers": "; ".join(strip_tags(str(blocker)) for blocker in blockers),
            "hint": self.in_use_hint,
        }

    def render_delete_form(self, request, context):
        if context.get("protected"):
            self.message_user(request, self.in_use_message([context["object"]], context["protected"]), messages.ERROR)
        return super().render_delete_form(request, context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except (ProtectedError, RestrictedError) as error:
            blockers = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            self.message_user(request, self.in_use_message([object_id], blockers), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"], func=delete_selected_unless_in_use
            )
        return actions


def delete_selected_unless_in_use(modeladmin, request, queryset):
    """Django's delete action, but selections with rows still in use end with a German message."""
    _objects, _counts, _perms, protected = modeladmin.get_deleted_objects(queryset, request)
    if protected:
        modeladmin.message_user(request, modeladmin.in_use_message(list(queryset), protected), messages.ERROR)
        return None
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except (ProtectedError, RestrictedError) as error:
        blockers = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        modeladmin.message_user(request, modeladmin.in_use_message(list(queryset), blockers), messages.ERROR)
        return None


delete_selected_unless_in_use.allowed_permissions = ["delete"]
