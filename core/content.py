"""One signal for "content that readers or PDFs show has changed", whatever wrote it.

Each app names its public models once, in ``AppConfig.ready()``:
``content.track(Model, ...)``. From then on every ``save()`` and
``delete()`` of such a row (the admin, the shell, a data migration, raw
saves by ``loaddata``) and every change of its many-to-many fields sends
``content_changed``, so nobody has to remember to invalidate a cache:

    content_changed(sender=<model class>, instance=<row>, action=<"save"|"delete"|"m2m">)

``sender=None, instance=None, action="replace"`` means "anything may have
changed" (a restore from backup). The signal is sent at the moment of the
write, inside the writer's transaction: receivers that should act only on
committed data (the page cache, PDF renders) use ``transaction.on_commit``.
``QuerySet.update()`` and ``bulk_create()`` send no model signals; code that
changes public content that way calls ``changed()`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

content_changed = Signal()

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def changed(sender=None, instance=None, action="replace"):
    """Send ``content_changed`` (for writes that bypass model signals)."""
    content_changed.send(sender=sender, instance=instance, action=action)


def _saved(sender, instance, **kwargs):
    changed(sender, instance, "save")


def _deleted(sender, instance, **kwargs):
    changed(sender, instance, "delete")


def _m2m(sender, instance, action, **kwargs):
    if action in M2M_ACTIONS:
        changed(type(instance), instance, "m2m")


def track(*models):
    """Send ``content_changed`` for every write to ``models`` (and their many-to-many fields)."""
    for model in models:
        uid = f"core.content:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}")
