"""Admin pieces shared by every app: history permission, refusing deletes of rows in use.

No lost updates (optimistic locking of change forms): core.locking.
"""

import dataclasses

from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
