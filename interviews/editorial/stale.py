"""A stale save of the interview form, resolved without retyping.

When an editor saves a form that someone else (or the same editor in another
tab) has saved in the meantime, the save is refused (optimistic locking,
``InterviewForm.clean``). Nothing typed is lost: the refused form comes back
with

- who saved, when, and what they changed (``interviews.editorial.compare``: the version
  the editor started from ↔ the version saved in between);
- the editor's own values on top of the other change: every field the editor
  did not touch shows the newer value, every field they changed keeps their
  text (both changed: theirs is kept and named as a conflict);
- a fresh version token, so „Speichern“ now saves exactly what the form shows.

Used by ``interviews.editorial.admin.InterviewAdmin.change_view``.
"""

import dataclasses
import datetime

from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, localize_input
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from core import richtext
from core.richtext import RichTextField
from interviews import fields
from interviews.editorial import compare
from interviews.models import Interview


def merged_fields(model):
    """The content fields of ``model`` merged field by field (interviews.fields): one posted value each.

    Files and check boxes are not merged (a file is not posted again, an
    unticked box is not posted at all).
    """
    return [
        field
        for field in compare.shown_fields(model)
        if not isinstance(field, (models.FileField, models.BooleanField)) and not field.many_to_many
    ]


@dataclasses.dataclass
class StaleSave:
    who: str
    when: str
    same_user: bool
    changes: list
    taken_over: list
    conflicts: list

    def message(self):
        if self.same_user:
            text = _(
                "Nicht gespeichert: Sie selbst haben dieses Interview inzwischen gespeichert (am %(when)s), "
                "wahrscheinlich in einem anderen Tab oder Fenster."
            ) % {"when": self.when}
        else:
            text = _("Nicht gespeichert: %(who)s hat dieses Interview inzwischen gespeichert (am %(when)s).") % {
                "who": self.who,
                "when": self.when,
            }
        return (
            text
            + " "
            + _(
                "Ihre Eingaben sind unten erhalten und auf den neuen Stand gesetzt. Prüfen Sie die Unterschiede "
                "und klicken Sie erneut auf „Speichern“."
            )
        )


SALT = "interviews.stale.base"


def base_token(interview):
    """What the form shows when it is opened, signed, for the hidden field ``edit_base``.

    Reads the interview's child rows (questions, …). Kept with the form so
    that a later stale save knows exactly what the editor started from
    (history entries do not exist for every version, e.g. pending or
    scripted changes).
    """
    data = {"fields": _raw(interview), "children": _raw_children(interview), "snapshot": compare.snapshot(interview)}
    return signing.dumps(data, salt=SALT, compress=True)


def read_base(token):
    try:
        return signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None


def _same(a, b, rich):
    if rich:
        return richtext.plain_text(a or "") == richtext.plain_text(b or "") and richtext.sanitize(
            a or ""
        ) == richtext.sanitize(b or "")
    return " ".join(str(a or "").split()) == " ".join(str(b or "").split())


def _raw(obj):
    """The values of the merged fields of ``obj`` as the form posts them."""
    return {field.name: _posted(field.value_from_object(obj)) for field in merged_fields(type(obj))}


def _posted(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):  # as the date widget shows it, e.g. 15.05.2027
        return localize_input(value)
    return str(value)


def _raw_children(interview):
    """{related name: {pk: raw values}} of the interview's child rows (questions, …)."""
    return {
        key: {str(child.pk): _raw(child) for child in model._default_manager.filter(**{f"{link}_id": interview.pk})}
        for model, link, key in fields.children()
    }


def resolve(request, interview):
    """Merge the posted form onto the newer version in place (``request.POST``); returns a StaleSave.

    In place because the admin builds the inline formsets from copies of
    ``request.POST`` (listed in ``request._formset_data`` by the admin)
    before the main form is validated: every copy gets the same merge.

    ``edit_base`` (see :func:`base_token`) tells what the editor started
    from. Reads the interview's latest history entry (who, when) and its
    current questions; changes nothing in the database.
    """
    post = request.POST.copy()
    base = read_base(post.get("edit_base"))
    latest = Version.objects.get_for_object(interview).select_related("revision__user").first()
    user = latest.revision.user if latest else None
    when = timezone.localtime(latest.revision.date_created) if latest else timezone.localtime(interview.updated_at)
    current_snapshot = compare.snapshot(interview)
    changes = compare.compare_interviews(base["snapshot"], current_snapshot) if base else []
    taken_over, conflicts = [], []
    if base is not None:
        _merge_fields(post, "", base["fields"], _raw(interview), Interview, "", taken_over, conflicts)
        current_children = _raw_children(interview)
        for model, _link, key in fields.children():
            base_rows = base["children"].get(key, {})
            current = current_children[key]
            name = capfirst(str(model._meta.verbose_name))
            for index in range(int(post.get(f"{key}-TOTAL_FORMS") or 0)):
                prefix = f"{key}-{index}-"
                pk = post.get(prefix + "id") or ""
                if pk not in current or pk not in base_rows:
                    continue
                where = f"{name} {index + 1}"
                _merge_fields(post, prefix, base_rows[pk], current[pk], model, where, taken_over, conflicts)
    info = StaleSave(
        who=(user.get_full_name() or user.get_username()) if user else _("jemand"),
        when=date_format(when, "DATETIME_FORMAT"),
        same_user=user is not None and user.pk == request.user.pk,
        changes=changes,
        taken_over=taken_over,
        conflicts=conflicts,
    )
    for target in [request.POST, *getattr(request, "_formset_data", [])]:
        mutable, target._mutable = target._mutable, True
        for key in post:
            if target.get(key) != post.get(key):
                target[key] = post[key]
        target._mutable = mutable
    return info


def _merge_fields(post, prefix, base, current, model, where, taken_over, conflicts):
    for field in merged_fields(model):
        key = prefix + field.name
        if key not in post:
            continue
        posted, before, after = post.get(key), base.get(field.name, ""), current.get(field.name, "")
        rich = isinstance(field, RichTextField)
        if _same(before, after, rich):
            continue  # nobody else changed it
        label = fields.label(model, field.name)
        label = f"{where}: {label}" if where else label
        if _same(posted, before, rich):
            post[key] = after  # untouched by this editor: show the newer value
            taken_over.append(label)
        elif not _same(posted, after, rich):
            conflicts.append(label)  # both changed it: the editor's value stays, named
