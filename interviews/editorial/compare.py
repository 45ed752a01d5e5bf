"""Readable comparisons of two states of an interview: word by word, question by question.

One component for every comparison an editor or reviewer reads: the history
("Verlauf") comparison of two saved versions, the refusal of a stale save and
the comparison of a live interview with its pending change. It works on plain
snapshots (dicts), so any source can be compared with any other:

    compare_interviews(snapshot_from_version(old_version), snapshot(interview))

Only what readers see is compared (title, teaser, people, portrait, questions,
answers, pull quotes, themes); technical fields (versions, fingerprints, PDF
sizes, timestamps) never appear. The result is rendered by the template
``admin/interviews/includes/comparison.html``.
"""

import dataclasses
import difflib
import html
import re

from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import richtext
from interviews.editorial import pending
from interviews.models import Question, Series, Theme
from municipalities.models import Kommune

# Reader-visible interview fields, in the order of the form; labels as editors know them.
INTERVIEW_FIELDS = [
    ("series", "Reihe"),
    ("part", "Teil"),
    ("kommune", "Kommune"),
    ("slug", "Kurzname (URL)"),
    ("is_sample", "Beispieltext (Demo)"),
    ("title", "Überschrift"),
    ("lead", "Teaser"),
    ("interviewee_name", "Name der interviewten Person"),
    ("interviewee_role", "Funktion"),
    ("interviewer", "Interview geführt von"),
    ("portrait", "Porträt"),
    ("portrait_alt", "Alternativtext des Porträts"),
    ("photo_credit", "Bildnachweis"),
]
QUESTION_FIELDS = [
    ("theme", "Thema"),
    ("question", "Frage"),
    ("answer", "Antwort"),
    ("pull_quote", "Zitat zum Hervorheben"),
]
RICH_TEXT_FIELDS = {"lead", "answer"}
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


def snapshot(interview):
    """The reader-visible content of a saved interview, as a plain dict.

    Reads the interview's series, Kommune, questions and their themes (the
    questions in memory of a version built by ``pending.as_object``).
    """
    data = _interview_fields(interview)
    questions = interview.questions.all()
    if not pending.in_memory(interview):
        questions = interview.questions.select_related("theme").order_by("position", "pk")
    data["questions"] = [
        {
            "key": question.pk,
            "theme": question.theme.title if question.theme_id else "",
            "question": question.question,
            "answer": question.answer,
            "pull_quote": question.pull_quote,
        }
        for question in questions
    ]
    return data


def snapshot_from_version(version):
    """The same dict as :func:`snapshot` from a django-reversion ``Version`` of an interview.

    Questions come from the same revision; reads the revision's versions and
    the themes they name (two queries).
    """
    interview = version._object_version.object
    data = _interview_fields(interview)
    question_type = ContentType.objects.get_for_model(Question)
    questions = [
        question_version._object_version.object
        for question_version in version.revision.version_set.filter(content_type=question_type)
    ]
    questions = [question for question in questions if question.interview_id == interview.pk]
    themes = dict(Theme.objects.filter(pk__in={q.theme_id for q in questions}).values_list("pk", "title"))
    questions.sort(key=lambda question: (question.position, question.pk or 0))
    data["questions"] = [
        {
            "key": question.pk,
            "theme": themes.get(question.theme_id, ""),
            "question": question.question,
            "answer": question.answer,
            "pull_quote": question.pull_quote,
        }
        for question in questions
    ]
    return data


def _interview_fields(interview):
    data = {}
    for name, _label in INTERVIEW_FIELDS:
        if name == "series":
            data[name] = str(Series.objects.filter(pk=interview.series_id).first() or "")
        elif name == "kommune":
            data[name] = Kommune.objects.filter(pk=interview.kommune_id).values_list("name", flat=True).first() or ""
        elif name == "is_sample":
            data[name] = "ja" if interview.is_sample else "nein"
        else:
            data[name] = _field_value(getattr(interview, name))
    return data


def _field_value(value):
    if hasattr(value, "name"):  # a FieldFile: compare by file name
        return value.name or ""
    return "" if value is None else str(value)


def compare_interviews(old, new):
    """The differences between two snapshots, as a list of :class:`Change` (empty: no differences)."""
    changes = []
    for name, label in INTERVIEW_FIELDS:
        before, after = old.get(name) or "", new.get(name) or ""
        if before == after:
            continue
        if name == "portrait":
            changes.append(Change("changed", label, [FieldDiff(label, _portrait_note(before, after))]))
            continue
        diff = word_diff(before, after, rich=name in RICH_TEXT_FIELDS)
        if diff is not None:
            changes.append(Change("changed", label, [FieldDiff(label, diff)]))
    changes.extend(_compare_questions(old.get("questions") or [], new.get("questions") or []))
    return changes


def _portrait_note(before, after):
    if not before:
        return mark_safe(f"<ins>{html.escape(_('Porträt hinzugefügt'))}</ins>")
    if not after:
        return mark_safe(f"<del>{html.escape(_('Porträt entfernt'))}</del>")
    return mark_safe(f"<ins>{html.escape(_('Porträt ersetzt'))}</ins>")


def _question_label(number, question):
    text = " ".join((question.get("question") or "").split())
    if len(text) > 90:
        text = text[:89] + "…"
    return _("Frage %(number)s: %(text)s") % {"number": number, "text": text}


def _match_questions(old, new):
    """Pairs (old index, new index) of the same question: same key first, then the same question text."""
    pairs = {}
    old_by_key = {q.get("key"): i for i, q in enumerate(old) if q.get("key") is not None}
    for j, question in enumerate(new):
        i = old_by_key.get(question.get("key")) if question.get("key") is not None else None
        if i is not None and i not in pairs.values():
            pairs[j] = i
    unmatched_old = {i for i in range(len(old)) if i not in pairs.values()}
    for j, question in enumerate(new):
        if j in pairs:
            continue
        text = " ".join((question.get("question") or "").split())
        for i in sorted(unmatched_old):
            if " ".join((old[i].get("question") or "").split()) == text:
                pairs[j] = i
                unmatched_old.discard(i)
                break
    return pairs


def _compare_questions(old, new):
    pairs = _match_questions(old, new)  # new index -> old index
    matched_new = sorted(pairs)
    # Questions that keep their relative order stay; the others were moved.
    old_order = [pairs[j] for j in matched_new]
    staying = set()
    matcher = difflib.SequenceMatcher(None, sorted(old_order), old_order, autojunk=False)
    for block in matcher.get_matching_blocks():
        staying.update(old_order[block.b : block.b + block.size])

    changes = []
    for j, question in enumerate(new):
        number = j + 1
        if j not in pairs:
            fields = [
                FieldDiff(label, word_diff("", question.get(name) or "", rich=name in RICH_TEXT_FIELDS))
                for name, label in QUESTION_FIELDS
                if question.get(name)
            ]
            changes.append(Change("added", _question_label(number, question), fields, _("Neue Frage")))
            continue
        i = pairs[j]
        fields = []
        for name, label in QUESTION_FIELDS:
            diff = word_diff(old[i].get(name) or "", question.get(name) or "", rich=name in RICH_TEXT_FIELDS)
            if diff is not None:
                fields.append(FieldDiff(label, diff))
        if i not in staying:
            note = _("Verschoben von Position %(old)s auf Position %(new)s") % {"old": i + 1, "new": number}
            changes.append(Change("moved", _question_label(number, question), fields, note))
        elif fields:
            changes.append(Change("changed", _question_label(number, question), fields))
    for i, question in enumerate(old):
        if i in pairs.values():
            continue
        note = _("Frage entfernt (war Position %(old)s)") % {"old": i + 1}
        fields = [FieldDiff(_("Frage"), word_diff(question.get("question") or "", "") or mark_safe(""))]
        changes.append(Change("removed", _question_label(i + 1, question), fields, note))
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
