"""Readable comparisons of two states of an interview: word by word, question by question.

One component for every comparison an editor or reviewer reads: the history
("Verlauf") comparison of two saved versions, the refusal of a stale save and
the comparison of a live interview with its pending change. It works on plain
snapshots (dicts), so any source can be compared with any other:

    compare_interviews(snapshot_from_version(old_version), snapshot(interview))

Only what readers see is compared: the content fields of the interview and of
its child rows (questions, …) as ``interviews.fields`` classifies them, labelled
with their ``verbose_name``; editorial, workflow, PDF and technical fields
(versions, fingerprints, PDF sizes, timestamps) never appear. Text is compared
word by word; numbers, dates, yes/no and related rows show old and new value. The result is rendered by the template
``admin/interviews/includes/comparison.html``.
"""

import dataclasses
import datetime
import difflib
import html
import re

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import richtext
from core.richtext import RichTextField
from interviews import fields
from interviews.editorial import pending
from interviews.models import Interview

# An unchanged stretch longer than this many words is shortened to its ends.
CONTEXT_WORDS = 12
PARAGRAPH = "\n"


@dataclasses.dataclass
class FieldDiff:
    label: str
    html: SafeString


@dataclasses.dataclass
class Change:
    """One changed part of the interview.

    ``kind`` is "changed", "added", "removed" or "moved"; ``label`` names the
    part in German („Überschrift“, „Frage 3: Wie …?“).
    """

    kind: str
    label: str
    fields: list = dataclasses.field(default_factory=list)
    note: str = ""


def shown_fields(model):
    """The content fields of ``model`` a comparison shows (interviews.fields), in the model's order.

    The fields that order child rows (``Meta.ordering``, e.g. a question's
    position) are shown as moves, not as values.
    """
    ordering = {name.lstrip("-") for name in model._meta.ordering} if model is not Interview else set()
    return [field for field in fields.fields(model, fields.CONTENT) if field.name not in ordering]


def _is_text(field):
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices


def _is_rich(field):
    return isinstance(field, RichTextField)


class _Names:
    """The display names of related rows (series, Kommune, theme …), one query per related model."""

    def __init__(self, instances, model):
        self.names = {}
        for field in shown_fields(model):
            if not field.many_to_one:
                continue
            wanted = {getattr(instance, field.attname) for instance in instances} - {None}
            rows = field.related_model._default_manager.filter(pk__in=wanted)
            self.names[field.name] = {row.pk: str(row) for row in rows}

    def display(self, instance, field):
        """``instance``'s value of ``field`` as an editor reads it (text; "" when empty)."""
        value = field.value_from_object(instance)
        if field.many_to_one:
            return self.names[field.name].get(value, "")
        if value is None or value == "":
            return ""
        if isinstance(field, models.FileField):
            return value.name or ""
        if isinstance(field, models.BooleanField):
            return _("ja") if value else _("nein")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        return str(value)


def _rows(model, instances):
    names = _Names(instances, model)
    return [
        {"key": instance.pk, **{field.name: names.display(instance, field) for field in shown_fields(model)}}
        for instance in instances
    ]


def snapshot(interview):
    """The reader-visible content of a saved interview, as a plain dict.

    Reads the interview's related rows (series, Kommune), its child rows
    (questions, …) and the rows they name (themes): one query per model.
    """
    [data] = _rows(Interview, [interview])
    for model, link, key in fields.children():
        if pending.in_memory(interview):  # a version built by pending.as_object: its rows are in memory
            rows = getattr(interview, key).all()
        else:
            rows = model._default_manager.filter(**{f"{link}_id": interview.pk})
        data[key] = _rows(model, list(rows))
    return data


def snapshot_from_version(version):
    """The same dict as :func:`snapshot` from a django-reversion ``Version`` of an interview.

    Child rows (questions, …) come from the same revision; reads the
    revision's versions and the rows they name.
    """
    interview = version._object_version.object
    [data] = _rows(Interview, [interview])
    for model, link, key in fields.children():
        content_type = ContentType.objects.get_for_model(model)
        children = [
            child_version._object_version.object
            for child_version in version.revision.version_set.filter(content_type=content_type)
        ]
        children = [child for child in children if getattr(child, f"{link}_id") == interview.pk]
        ordering = [name for name in model._meta.ordering if not name.startswith("-")]
        children.sort(key=lambda child: tuple((getattr(child, name) or 0) for name in ordering))
        data[key] = _rows(model, children)
    return data


def compare_interviews(old, new):
    """The differences between two snapshots, as a list of :class:`Change` (empty: no differences)."""
    changes = []
    for field in shown_fields(Interview):
        label = fields.label(Interview, field.name)
        before, after = old.get(field.name) or "", new.get(field.name) or ""
        if before == after:
            continue
        diff = _field_diff(field, before, after)
        if diff is not None:
            changes.append(Change("changed", label, [FieldDiff(label, diff)]))
    for model, _link, key in fields.children():
        changes.extend(_compare_rows(model, old.get(key) or [], new.get(key) or []))
    return changes


def _field_diff(field, before, after):
    """The difference of two display values of ``field`` as HTML (None when the words are equal)."""
    if isinstance(field, models.FileField):
        return _file_note(field, before, after)
    if _is_text(field):
        return word_diff(before, after, rich=_is_rich(field))
    # Numbers, dates, yes/no, choices, related rows: the old and the new value, whole.
    empty = _("(leer)")
    return mark_safe(f"<del>{html.escape(before or empty)}</del> <ins>{html.escape(after or empty)}</ins>")


def _added(field, value):
    """A value of a new row: all inserted."""
    if _is_text(field):
        return word_diff("", value, rich=_is_rich(field))
    if isinstance(field, models.FileField):
        return _file_note(field, "", value)
    return mark_safe(f"<ins>{html.escape(value)}</ins>")


def _file_note(field, before, after):
    label = capfirst(str(field.verbose_name))
    if not before:
        return mark_safe(f"<ins>{html.escape(_('%(label)s hinzugefügt') % {'label': label})}</ins>")
    if not after:
        return mark_safe(f"<del>{html.escape(_('%(label)s entfernt') % {'label': label})}</del>")
    return mark_safe(f"<ins>{html.escape(_('%(label)s ersetzt') % {'label': label})}</ins>")


def _title_field(model):
    """The first text field of a child model: what names one of its rows („Frage 3: Wie …?“)."""
    return next((field for field in shown_fields(model) if _is_text(field)), None)


def _row_text(model, row):
    title = _title_field(model)
    return " ".join((row.get(title.name) or "").split()) if title is not None else ""


def _row_label(model, number, row):
    text = _row_text(model, row)
    if len(text) > 90:
        text = text[:89] + "…"
    name = capfirst(str(model._meta.verbose_name))
    if not text:
        return _("%(model)s %(number)s") % {"model": name, "number": number}
    return _("%(model)s %(number)s: %(text)s") % {"model": name, "number": number, "text": text}


def _match_rows(model, old, new):
    """Pairs (old index, new index) of the same row: same key first, then the same title text."""
    pairs = {}
    old_by_key = {q.get("key"): i for i, q in enumerate(old) if q.get("key") is not None}
    for j, row in enumerate(new):
        i = old_by_key.get(row.get("key")) if row.get("key") is not None else None
        if i is not None and i not in pairs.values():
            pairs[j] = i
    unmatched_old = {i for i in range(len(old)) if i not in pairs.values()}
    for j, row in enumerate(new):
        if j in pairs:
            continue
        text = _row_text(model, row)
        for i in sorted(unmatched_old):
            if _row_text(model, old[i]) == text:
                pairs[j] = i
                unmatched_old.discard(i)
                break
    return pairs


def _compare_rows(model, old, new):
    """The differences between two lists of child rows (questions, …): added, removed, moved, changed."""
    pairs = _match_rows(model, old, new)  # new index -> old index
    matched_new = sorted(pairs)
    # Rows that keep their relative order stay; the others were moved.
    old_order = [pairs[j] for j in matched_new]
    staying = set()
    matcher = difflib.SequenceMatcher(None, sorted(old_order), old_order, autojunk=False)
    for block in matcher.get_matching_blocks():
        staying.update(old_order[block.b : block.b + block.size])
    shown = [(field, fields.label(model, field.name)) for field in shown_fields(model)]
    name = capfirst(str(model._meta.verbose_name))

    changes = []
    for j, row in enumerate(new):
        number = j + 1
        if j not in pairs:
            diffs = [
                FieldDiff(label, _added(field, row.get(field.name)))
                for field, label in shown
                if (row.get(field.name) or "").strip()
            ]
            note = _("%(model)s hinzugefügt") % {"model": name}
            changes.append(Change("added", _row_label(model, number, row), diffs, note))
            continue
        i = pairs[j]
        diffs = []
        for field, label in shown:
            before, after = old[i].get(field.name) or "", row.get(field.name) or ""
            diff = _field_diff(field, before, after) if before != after else None
            if diff is not None:
                diffs.append(FieldDiff(label, diff))
        if i not in staying:
            note = _("Verschoben von Position %(old)s auf Position %(new)s") % {"old": i + 1, "new": number}
            changes.append(Change("moved", _row_label(model, number, row), diffs, note))
        elif diffs:
            changes.append(Change("changed", _row_label(model, number, row), diffs))
    title = _title_field(model)
    for i, row in enumerate(old):
        if i in pairs.values():
            continue
        note = _("%(model)s entfernt (war Position %(old)s)") % {"model": name, "old": i + 1}
        diffs = []
        if title is not None:
            label = fields.label(model, title.name)
            diffs = [FieldDiff(label, word_diff(row.get(title.name) or "", "") or mark_safe(""))]
        changes.append(Change("removed", _row_label(model, i + 1, row), diffs, note))
    return changes


def _text_of(value, rich):
    """Plain text with paragraph breaks kept as PARAGRAPH tokens."""
    if not rich:
        return str(value)
    cleaned = richtext.sanitize(value)
    cleaned = re.sub(r"</(p|li)>|<br\s*/?>", PARAGRAPH, cleaned)
    return html.unescape(strip_tags(cleaned))


def _tokens(text):
    tokens = []
    for line_number, line in enumerate(text.split(PARAGRAPH)):
        words = line.split()
        if not words:
            continue
        if tokens and line_number:
            tokens.append(PARAGRAPH)
        tokens.extend(words)
    return tokens


def word_diff(before, after, rich=False):
    """Word-level differences of two texts as escaped HTML with ``<del>``/``<ins>``; None if the words are equal.

    Rich text is compared as its words and paragraph breaks (markup only
    changes, e.g. bold, are not shown). Long unchanged stretches are shortened
    to their first and last words.
    """
    old_tokens, new_tokens = _tokens(_text_of(before, rich)), _tokens(_text_of(after, rich))
    if old_tokens == new_tokens:
        return None
    parts = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_equal_run(old_tokens[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{_join(old_tokens[i1:i2])}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{_join(new_tokens[j1:j2])}</ins>")
    return mark_safe(" ".join(part for part in parts if part))


def _join(tokens, changed=True):
    """Escaped words; a paragraph break shows as a line break (marked ¶ where it was added or removed)."""
    mark = "¶<br>" if changed else "<br>"
    return " ".join(mark if token == PARAGRAPH else html.escape(token) for token in tokens)


def _equal_run(tokens, first, last):
    words = len([token for token in tokens if token != PARAGRAPH])
    if words <= 2 * CONTEXT_WORDS:
        return _join(tokens, changed=False)
    head = [] if first else tokens[:CONTEXT_WORDS]
    tail = [] if last else tokens[-CONTEXT_WORDS:]
    parts = [_join(head, changed=False), '<span class="diff-skip">[…]</span>', _join(tail, changed=False)]
    return " ".join(part for part in parts if part)
