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
committed data (the page cache, PDF renders) use ``on_commit_once``: one
transaction that writes an interview and its 30 questions bumps the cache
and queues each render once. ``QuerySet.update()`` and ``bulk_create()``
send no model signals; code that changes public content that way calls
``changed()`` itself.

Before a change is saved, ``refusals(instance, children)`` asks the apps
that show a row elsewhere whether the new values (in memory) may be saved:
the interviews app lays out the live PDFs that show a Kommune, series or
theme (receivers of ``change_refusals``), so ``municipalities`` never
imports it.
"""

import threading
from functools import partial

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

content_changed = Signal()

# Sent before a change of a row is saved: receivers return why it may not be saved (German), or None.
change_refusals = Signal()

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def changed(sender=None, instance=None, action="replace"):
    """Send ``content_changed`` (for writes that bypass model signals)."""
    content_changed.send(sender=sender, instance=instance, action=action)


def refusals(instance, children=None):
    """Why saving ``instance`` – a row with its new values in memory, not saved yet – would break what readers get
    elsewhere: German messages from the receivers of ``change_refusals`` (empty: nothing objects). ``children``:
    {model: [rows]} the same form keeps of the row's inline rows (e.g. a Kommune's awards), posted values in memory.
    Reads only."""
    replies = change_refusals.send(sender=type(instance), instance=instance, children=children or {})
    return [reply for _receiver, reply in replies if reply]


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


class _Batch:
    """The on-commit callbacks asked for since the last commit on one connection: each key runs once."""

    def __init__(self):
        self.started = False
        self.ran = set()

    def run(self, key, callback):
        self.started = True
        if key not in self.ran:
            self.ran.add(key)
            callback()


_batches = threading.local()


def on_commit_once(key, callback, using=None):
    """Run ``callback`` after the current transaction commits, once per ``key`` however often it is asked for.

    Outside a transaction it runs at once; when the transaction, or the
    savepoint in which it was asked for, is rolled back, it does not run.
    Only public API: each request registers its own ``transaction.on_commit``
    callback (so Django drops the ones of a rolled-back savepoint), and the
    callbacks registered until the next commit share a batch in which the
    first of each key runs and the others see that it ran. The batch ends
    when its first callback runs; later requests start a new one.
    """
    using = using or DEFAULT_DB_ALIAS
    batches = _batches.__dict__.setdefault("by_alias", {})
    batch = batches.get(using)
    if batch is None or batch.started:
        batch = batches[using] = _Batch()
    transaction.on_commit(partial(batch.run, key, callback), using=using)
