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

from django.core import signing
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.models import Version

from core import richtext
from interviews.editorial import compare

TEXT_FIELDS = ["title", "lead", "interviewee_name", "interviewee_role", "interviewer", "portrait_alt", "photo_credit"]
QUESTION_FIELDS = ["theme", "question", "answer", "pull_quote"]
RICH = {"lead", "answer"}
FIELD_LABELS = dict(compare.INTERVIEW_FIELDS) | dict(compare.QUESTION_FIELDS)


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

    Reads the interview's questions. Kept with the form so that a later
    stale save knows exactly what the editor started from (history entries
    do not exist for every version, e.g. pending or scripted changes).
    """
    questions = {str(question.pk): _raw_question(question) for question in interview.questions.all()}
    data = {"fields": _raw_interview(interview), "questions": questions, "snapshot": compare.snapshot(interview)}
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


def _raw_interview(obj):
    return {name: getattr(obj, name) or "" for name in TEXT_FIELDS}


def _raw_question(question):
    return {
        "theme": str(question.theme_id or ""),
        "question": question.question,
        "answer": question.answer,
        "pull_quote": question.pull_quote,
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
        _merge_fields(
            post,
            "",
            base["fields"],
            _raw_interview(interview),
            TEXT_FIELDS,
            "",
            taken_over,
            conflicts,
        )
        base_questions = {int(pk): raw for pk, raw in base["questions"].items()}
        current = {question.pk: _raw_question(question) for question in interview.questions.all()}
        total = int(post.get("questions-TOTAL_FORMS") or 0)
        for index in range(total):
            prefix = f"questions-{index}-"
            pk = post.get(prefix + "id")
            if not pk or not pk.isdigit() or int(pk) not in current or int(pk) not in base_questions:
                continue
            _merge_fields(
                post,
                prefix,
                base_questions[int(pk)],
                current[int(pk)],
                QUESTION_FIELDS,
                _("Frage %s") % (index + 1),
                taken_over,
                conflicts,
            )
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


def _merge_fields(post, prefix, base, current, names, where, taken_over, conflicts):
    for name in names:
        key = prefix + name
        if key not in post:
            continue
        posted, before, after = post.get(key), base.get(name, ""), current.get(name, "")
        rich = name in RICH
        if _same(before, after, rich):
            continue  # nobody else changed it
        label = f"{where}: {FIELD_LABELS[name]}" if where else FIELD_LABELS[name]
        if _same(posted, before, rich):
            post[key] = after  # untouched by this editor: show the newer text
            taken_over.append(label)
        elif not _same(posted, after, rich):
            conflicts.append(label)  # both changed it: the editor's text stays, named
