"""Admin pieces shared by every app: history permission, refusing deletes of rows in use, changes checked before
they are saved (``ChangeCheckedAdminMixin``), and the admin of rows that published parts show (``ShownRowAdmin``).

No lost updates (optimistic locking of change forms): core.locking.
"""

import dataclasses

from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion_compare.admin import CompareVersionAdmin

from core import content
from core.forms import EditorFormAdminMixin
from core.locking import OptimisticLockingMixin


class ChangeCheckedAdminMixin:
    """A change form whose row is shown elsewhere (a Kommune's name on live PDFs) asks before saving
    (``core.content.refusals``) and, refused, comes back with the German reason and everything typed; nothing saved.

    The posted form and its inline rows are validated and the question asked *before* the admin's transaction (on
    SQLite a transaction holds the write lock: a receiver may lay out PDFs). Put it before the admin classes that
    open the transaction (django-reversion's ``VersionAdmin``).
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                request._change_refusals = self._change_refusals(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def _change_refusals(self, request, obj):
        """Why the posted change of ``obj`` may not be saved (German), [] when fine or when the form's own errors stop
        it anyway. Reads only: the form and its inline rows hold the posted values in memory."""
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return []
        formsets, _inlines = self._create_formsets(request, form.instance, change=True)
        if not all(formset.is_valid() for formset in formsets):
            return []
        children = {
            formset.model: [
                each.instance for each in formset.forms if each.cleaned_data and not each.cleaned_data.get("DELETE")
            ]
            for formset in formsets
        }
        return content.refusals(form.instance, children)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "_change_refusals", None)
        if not refused:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise ValidationError(refused, code="refused")

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm


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


class ShownRowAdmin(
    ChangeCheckedAdminMixin,
    OptimisticLockingMixin,
    EditorFormAdminMixin,
    HistoryPermissionMixin,
    ProtectedDeleteMixin,
    CompareVersionAdmin,
):
    """The admin of a row that published parts show (a series, a theme, a Kommune): its change is laid out
    before saving, edits lock optimistically, the editor's form fields, its history only for those allowed,
    deletion refused while in use, versions compared."""
