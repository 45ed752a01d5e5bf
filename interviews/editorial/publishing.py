"""The editorial workflow: submit for review, publish, unpublish, pending changes of live interviews.

Each change of status goes through one function here; views, admin actions
and management commands call these, never set ``status`` themselves. Every
step is recorded as a WorkflowEvent (who, when, comment) and, where it
changes the interview, as a history entry (django-reversion); the people
concerned hear of it by e-mail (interviews.editorial.notifications).

Four eyes on live content: a change to a published or scheduled interview by
someone without the publish permission is kept as a PendingChange
(``save_pending``); readers keep the live version until „Freigabe“ publishes
it with ``publish`` (the same step as a first publication) or discards it.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.editorial import notifications, pending
from interviews.models import (
    ApprovalStatus,
    Interview,
    PendingChange,
    Status,
    WorkflowAction,
    WorkflowEvent,
)

PUBLISH_PERMISSION = "interviews.publish_interview"


REVIEW, PUBLISH, UNPUBLISH, DISCARD = "review", "publish", "unpublish", "discard"
DISCARD_REFUSED = gettext_lazy("Sie dürfen keine wartenden Änderungen verwerfen (Gruppe „Freigabe“ nötig).")
STEPS = (REVIEW, PUBLISH, UNPUBLISH, DISCARD)


def can_publish(user):
    return user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_live(interview):
    """Published or scheduled: what readers see (or will see on its date) without another review."""
    return interview is not None and interview.pk is not None and interview.status == Status.PUBLISHED


def changes_need_review(interview, user):
    """True when ``user``'s changes to ``interview`` are kept as a pending version instead of going live."""
    return is_live(interview) and not can_publish(user)


def has_pending(interview):
    return (
        interview is not None
        and interview.pk is not None
        and PendingChange.objects.filter(interview=interview).exists()
    )


def available_steps(interview, user):
    """The workflow steps ``user`` may take on ``interview`` now (None: not saved yet)."""
    status = interview.status if interview is not None else Status.DRAFT
    steps = []
    if status == Status.DRAFT:
        steps.append(REVIEW)
    if can_publish(user):
        if status == Status.PUBLISHED:
            if has_pending(interview):
                steps += [PUBLISH, DISCARD]
            steps.append(UNPUBLISH)
        else:
            steps.append(PUBLISH)
        if status == Status.REVIEW:
            steps.append(UNPUBLISH)
    return steps


def step_refusal(interview, user, step):
    """Why ``user`` may not take ``step`` on ``interview`` now (German), or None if allowed."""
    if step not in STEPS:
        return _("Unbekannter Arbeitsschritt. Es wurde nichts gespeichert.")
    if step == PUBLISH and not can_publish(user):
        return _("Sie dürfen keine Interviews veröffentlichen (Gruppe „Freigabe“ nötig). Es wurde nichts gespeichert.")
    if step == DISCARD and not can_publish(user):
        return f"{DISCARD_REFUSED} {_('Es wurde nichts gespeichert.')}"
    if step == UNPUBLISH and not can_publish(user):
        return _("Sie dürfen keine Interviews zurückziehen (Gruppe „Freigabe“ nötig). Es wurde nichts gespeichert.")
    if step not in available_steps(interview, user):
        return _("Dieser Arbeitsschritt passt nicht zum aktuellen Status. Es wurde nichts gespeichert.")
    return None


def record(interview, action, user=None, comment="", actor="", data=None):
    """Record one workflow step and tell the people concerned.

    Touches: a new WorkflowEvent row; mail after commit (interviews.editorial.notifications).
    """
    event = WorkflowEvent.objects.create(
        interview=interview,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        actor=actor,
        comment=(comment or "").strip(),
        data=data or {},
    )
    notifications.notify(event)
    return event


def history_comment(label, comment):
    comment = (comment or "").strip()
    return f"{label}: {comment}" if comment else label


def save_with_history(interview, user, comment, fields, bump_version=True):
    """Save ``fields`` of ``interview`` and record a history entry (the interview and its questions).

    ``bump_version``: open forms of the interview become stale (content or status changed).
    """
    fields = [*fields, "updated_at"]
    if bump_version:
        fields.append("version")
        interview.version += 1
    with reversion.create_revision():
        interview.save(update_fields=fields)
        reversion.add_to_revision(interview)
        for question in interview.questions.all():
            reversion.add_to_revision(question)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)


@transaction.atomic
def submit_for_review(interview, user, comment=""):
    """Move a draft to review, if it fits its page budget.

    Touches: the interview's status and version, a history entry, a
    WorkflowEvent, mail to „Freigabe“.
    Raises ValidationError (German, with the words to cut or add when the
    page budget does not fit), changing nothing.
    """
    interview.refresh_from_db()
    if interview.status != Status.DRAFT:
        raise ValidationError(_("Nur Entwürfe können zur Prüfung eingereicht werden."))
    if not interview.questions.exists():
        raise ValidationError(_("Das Interview hat noch keine Fragen."))
    from interviews import pdf

    pdf.check_page_budget(interview)
    interview.status = Status.REVIEW
    save_with_history(interview, user, history_comment(_("Zur Prüfung eingereicht"), comment), ["status"])
    record(interview, WorkflowAction.SUBMITTED, user, comment)


# Checklist items that stop publishing unless Freigabe records a reason (the override), and what is missing then.
BLOCKING_ITEMS = {
    "portrait_rights": gettext_lazy("Die Bildrechte am Porträt sind nicht als geklärt vermerkt."),
    "figure_rights": gettext_lazy("Die Bildrechte an den Abbildungen sind nicht als geklärt vermerkt (%(detail)s)."),
    "approval": gettext_lazy("Das Interview ist nicht %(by)s autorisiert (Stand: %(detail)s)."),
}


def checklist_refusal(interview, items, override_reason):
    """Why the open blocking items of ``items`` (see ``checklist``) stop publishing (German), or None.

    None when every blocking item is fulfilled or ``override_reason`` says why it goes out anyway.
    """
    missing = [
        str(BLOCKING_ITEMS[item["key"]]) % {"detail": item["detail"], "by": interview.interviewee("by")}
        for item in items
        if item["key"] in BLOCKING_ITEMS and not item["ok"]
    ]
    if not missing or (override_reason or "").strip():
        return None
    return " ".join([*missing, _("Zum Veröffentlichen trotzdem geben Sie bitte eine Begründung an.")])


def publish(interview, user, at=None, comment="", override_reason=""):
    """Publish ``interview`` now or at ``at`` (a future time schedules it), or make its pending change live.

    Checks that ``user`` may publish, that the content has questions, alt
    text and themes and fits its page budget, that the checklist's blocking
    items (rights to the portrait, the interviewee's authorisation) are
    fulfilled or ``override_reason`` says why not, and that exactly the text
    going live can be laid out as a PDF: the last recorded layout of that
    text, or one made now. The text going live is built in memory
    (``going_live_source``, ``pending_source``) and laid out *before anything
    is written and outside any transaction* (on SQLite a transaction holds
    the write lock); the writes follow in one transaction, which refuses when
    the text changed meanwhile. A scheduled publication is laid out as it
    will be on its date, and checked again shortly before it
    (``tasks.go_live_check_task``, queued whenever a scheduled interview is
    saved). Records the checklist Freigabe saw and any override. Touches:
    the interview's content (from a pending change), its questions, status,
    published_at, published_by, version, its recorded layout (pdf_layout_*),
    a history entry, a WorkflowEvent, the PendingChange (deleted), the public
    page caches, the PDF render queue and the check before a scheduled date
    (after commit, ``interviews.tasks``), mail to the editor.
    Raises PermissionDenied or ValidationError (German message), changing nothing.
    """
    from interviews import pdf

    if not can_publish(user):
        raise PermissionDenied(_("Sie dürfen keine Interviews veröffentlichen (Gruppe „Freigabe“ nötig)."))
    interview.refresh_from_db()
    change = PendingChange.objects.filter(interview=interview).first()
    published_at = at or interview.published_at or timezone.now()
    if change is None:
        # The checks that need no layout first: an open checklist item costs no render.
        check_publishable(interview)
        refusal = checklist_refusal(interview, checklist(interview), override_reason)
        if refusal:
            raise ValidationError(refusal)
        source = going_live_source(interview, published_at, user)
    else:
        source = pending_source(interview, change.data)
    refuse_unless_laid_out(pdf.source_refusal(interview.pk, source, record=False))
    _write_publication(interview, user, published_at, comment, override_reason, change, pdf.layout_fingerprint(source))


@transaction.atomic
def _write_publication(interview, user, published_at, comment, override_reason, laid_out, digest):
    """The writes of ``publish``, once the text going live (``laid_out``: the pending change, or None; ``digest``:
    its layout fingerprint) was laid out and fits. Refuses (ValidationError) when that text changed meanwhile."""
    from interviews import pdf

    interview.refresh_from_db()
    change = (
        PendingChange.objects.select_for_update(of=("self",))
        .filter(interview=interview)
        .select_related("created_by")
        .first()
    )
    if (change and (change.pk, change.data)) != (laid_out and (laid_out.pk, laid_out.data)):
        raise ValidationError(CHANGED_MEANWHILE)
    if change is not None:
        try:
            with transaction.atomic():
                pending.write(interview, change.data, keep_placeholders=False)
        except IntegrityError:
            raise ValidationError(
                _(
                    "Die wartende Änderung passt nicht mehr zu den übrigen Daten (z. B. ist der Kurzname oder die "
                    "Teilnummer inzwischen vergeben). Bitte öffnen Sie das Interview und korrigieren Sie sie."
                )
            ) from None
        interview.version = max(interview.version, change.version)
    elif pdf.layout_fingerprint(going_live_source(interview, published_at, user)) != digest:
        raise ValidationError(CHANGED_MEANWHILE)
    check_publishable(interview)
    items = checklist(interview)
    refusal = checklist_refusal(interview, items, override_reason)
    if refusal:
        raise ValidationError(refusal)
    overridden = [item["key"] for item in items if item["key"] in BLOCKING_ITEMS and not item["ok"]]
    was_live = interview.status == Status.PUBLISHED
    interview.status = Status.PUBLISHED
    interview.published_at = published_at
    interview.published_by = user if user is not None and user.is_authenticated else None
    if change is not None and was_live:
        action, label = WorkflowAction.CHANGE_PUBLISHED, _("Änderung veröffentlicht")
        if change.created_by is not None:
            label = _("Änderung von %(user)s veröffentlicht") % {"user": change.created_by.get_username()}
    elif interview.published_at > timezone.now():
        action, label = WorkflowAction.SCHEDULED, _("Veröffentlichung geplant")
    else:
        action, label = WorkflowAction.PUBLISHED, _("Veröffentlicht")
    if overridden:
        label = _("%(label)s trotz offener Punkte (%(items)s; Begründung: %(reason)s)") % {
            "label": label,
            "items": ", ".join(str(item["label"]) for item in items if item["key"] in overridden),
            "reason": override_reason.strip(),
        }
    save_with_history(interview, user, history_comment(label, comment), ["status", "published_at", "published_by"])
    if change is None:
        pdf.record_layout(interview.pk, digest)  # laid out above, in memory: exactly the text now stored
    else:
        pdf.record_fit(interview)  # laid out above, in memory; recorded under the stored text's fingerprint
    items = [
        {**item, "ok": True, "detail": _("gesetzt, passt")} if item["key"] == "page_budget" else item for item in items
    ]
    if change is not None:
        change.delete()
    data = {"checklist": items}
    if overridden:
        data["override_reason"] = override_reason.strip()
        data["overridden"] = overridden
    record(interview, action, user, comment, data=data)


CHANGED_MEANWHILE = gettext_lazy(
    "Das Interview wurde während der Prüfung des Satzspiegels geändert. Es wurde nichts veröffentlicht; bitte "
    "prüfen Sie den neuen Stand und veröffentlichen Sie erneut."
)


def going_live_source(interview, published_at, user):
    """What the PDF of ``interview`` (as stored) shows once it is published at ``published_at`` by ``user``: built in
    memory, reads only. Status and publication are those of the publication; its part stands with its entry on the
    series' back page, as readers see it from that date (a scheduled part: as it will be on its date)."""
    from interviews import pdf

    source = pdf.load_source(interview)
    shown = source.interview
    shown.status = Status.PUBLISHED
    shown.published_at = published_at
    shown.published_by = user if user is not None and user.is_authenticated else None
    source.parts = [
        {**slot, "interview": shown, "expected": None} if slot["part"] == shown.part else slot for slot in source.parts
    ]
    return source


def check_before_going_live(interview_id, published_at):
    """A scheduled part shortly before its date (the worker: ``tasks.go_live_check_task``): the text as readers get it
    from that date must lay out, or the part does not appear – it goes back to draft and the editors are told why.

    ``published_at`` (ISO format): the date the check was queued for; a part rescheduled, withdrawn or already public
    meanwhile is left alone (a public part keeps its last good PDF). The layout runs outside any transaction and
    reuses a recorded one of the same text. Returns "fits", "withdrawn" or "skipped". Touches: pdf_layout_* (the
    layout's outcome); withdrawn also status, version and content (from a pending change), a history entry, a
    WorkflowEvent „Zurückgezogen“ with the German reason, mail to the editor and to „Freigabe“.
    """
    from interviews import pdf

    def still_scheduled(interview):
        return (
            interview is not None
            and interview.status == Status.PUBLISHED
            and interview.published_at is not None
            and interview.published_at.isoformat() == published_at
            and interview.published_at > timezone.now()
        )

    interview = Interview.objects.filter(pk=interview_id).first()
    if not still_scheduled(interview):
        return "skipped"
    reason = pdf.source_refusal(
        interview.pk, going_live_source(interview, interview.published_at, interview.published_by)
    )
    if reason is None:
        return "fits"
    with transaction.atomic():
        interview = Interview.objects.select_for_update().filter(pk=interview_id).first()
        if not still_scheduled(interview):
            return "skipped"
        change = PendingChange.objects.filter(interview=interview).first()
        if change is not None:  # as when Freigabe withdraws it: the pending text becomes the draft
            pending.write(interview, change.data, keep_placeholders=False)
            interview.version = max(interview.version, change.version)
            change.delete()
        interview.status = Status.DRAFT
        comment = _(
            "Das PDF lässt sich nicht setzen: %(reason)s Das Interview ist deshalb nicht wie geplant am %(when)s "
            "erschienen, sondern wieder ein Entwurf. Bitte ändern Sie den Text und veröffentlichen Sie es erneut."
        ) % {
            "reason": reason,
            "when": formats.date_format(timezone.localtime(interview.published_at), "DATETIME_FORMAT"),
        }
        save_with_history(
            interview, None, history_comment(_("Geplante Veröffentlichung zurückgezogen"), comment), ["status"]
        )
        record(
            interview,
            WorkflowAction.UNPUBLISHED,
            actor=_("PDF-Prüfung vor dem Erscheinen"),
            comment=comment,
            data={"layout_refused": reason},
        )
    return "withdrawn"


def refuse_unless_laid_out(layout_error):
    """Raise the German refusal of a publication whose text cannot be laid out (``layout_error``, or None: fine)."""
    if layout_error:
        raise ValidationError(
            _("Das PDF dieses Textes lässt sich nicht setzen: %(reason)s Es wurde nichts veröffentlicht.")
            % {"reason": layout_error}
        )


def pending_source(interview, data):
    """What the PDF of ``interview`` shows once the pending version ``data`` is live, built in memory (reads only)."""
    from interviews.editorial import budget

    return budget.screen_source(interview, data, figures=pending.as_object(interview).figures.all())


@transaction.atomic
def unpublish(interview, user, comment=""):
    """Withdraw a published (or scheduled) interview, or send one in review back, to draft.

    A pending change is kept: its content becomes the draft (drafts are
    edited directly). Touches: status, version, content and questions (from a
    pending change), a history entry, a WorkflowEvent, the public page
    caches, mail to the editor.
    """
    if not can_publish(user):
        raise PermissionDenied(_("Sie dürfen keine Interviews zurückziehen (Gruppe „Freigabe“ nötig)."))
    interview.refresh_from_db()
    was_review = interview.status == Status.REVIEW
    change = PendingChange.objects.filter(interview=interview).first()
    if change is not None:
        pending.write(interview, change.data, keep_placeholders=False)
        interview.version = max(interview.version, change.version)
        change.delete()
    interview.status = Status.DRAFT
    label = _("Zurück in den Entwurf") if was_review else _("Zurückgezogen")
    save_with_history(interview, user, history_comment(label, comment), ["status"])
    record(interview, WorkflowAction.SENT_BACK if was_review else WorkflowAction.UNPUBLISHED, user, comment)


@transaction.atomic
def save_pending(interview, data, user, version, comment=""):
    """Keep ``data`` (a snapshot, see interviews.editorial.pending) as the pending version of live ``interview``.

    Touches: the PendingChange (created or replaced), the approval status
    (the decision on exactly the pending text: ``approval_follows_text``), a
    WorkflowEvent and mail to „Freigabe“ when the change is new or carries a
    comment. Never touches what readers see.
    """
    live = pending.snapshot(interview)
    data = pending.with_placeholders(data, live)
    change = PendingChange.objects.select_for_update().filter(interview=interview).first()
    if data == live:
        # Back to the live text: nothing waits any more, the live text's authorisation counts.
        if change is not None:
            change.delete()
            approval_follows_text(interview, user)
        return None
    created = change is None
    # The interviewee may have decided on the pending text already (the approval page shows it).
    text_changed = data != (live if created else change.data)
    if created:
        change = PendingChange(interview=interview, created_by=user if user.is_authenticated else None)
    change.data = data
    change.version = version
    change.updated_by = user if user.is_authenticated else None
    change.save()
    if text_changed:
        approval_follows_text(interview, user)
    if created or (comment or "").strip():
        record(interview, WorkflowAction.CHANGE_PENDING, user, comment)
    return change


@transaction.atomic
def discard_pending(interview, user, comment=""):
    """Throw away the pending change of ``interview``; the live version stays.

    Touches: the PendingChange (deleted), the interview's version (open forms
    of the pending version become stale), the approval status (that of the
    live text again, never the discarded one's: ``approval_follows_text``),
    a WorkflowEvent, mail to the editor.
    """
    if not can_publish(user):
        raise PermissionDenied(DISCARD_REFUSED)
    change = PendingChange.objects.select_for_update().filter(interview=interview).first()
    if change is None:
        raise ValidationError(_("Es gibt keine wartende Änderung."))
    interview.refresh_from_db()
    interview.version = max(interview.version, change.version)
    change.delete()
    save_with_history(interview, user, history_comment(_("Wartende Änderung verworfen"), comment), [])
    record(interview, WorkflowAction.CHANGE_DISCARDED, user, comment)
    approval_follows_text(interview, user)


def decided_status(interview, text_fingerprint):
    """The interviewee's newest decision on exactly the text ``text_fingerprint`` (pending if none; one query)."""
    action = (
        WorkflowEvent.objects.filter(
            interview=interview,
            action__in=[WorkflowAction.APPROVED, WorkflowAction.CHANGES_REQUESTED],
            data__fingerprint=text_fingerprint,
        )
        .values_list("action", flat=True)
        .first()
    )
    return {
        WorkflowAction.APPROVED: ApprovalStatus.APPROVED,
        WorkflowAction.CHANGES_REQUESTED: ApprovalStatus.CHANGES_REQUESTED,
    }.get(action, ApprovalStatus.PENDING)


def approval_follows_text(interview, user=None):
    """The text that comes next changed: its authorisation status is the decision on exactly that text.

    An authorisation belongs to a text (``pending.fingerprint``, recorded
    with the decision): after an edit, a pending change, a discard, a
    restore or an import, ``approval_status`` tells what the interviewee
    decided on the text that is now the next one (the pending version if
    there is one, else the live or draft text) – pending when they never saw
    it, their decision again when the text is back to one they decided on.
    Touches: ``approval_status``; a WorkflowEvent „Autorisierung … zurückgesetzt“
    when an authorisation or change request no longer holds. Returns True then.
    """
    status = decided_status(interview, pending.fingerprint(pending.current_data(interview)))
    previous = Interview.objects.filter(pk=interview.pk).values_list("approval_status", flat=True).first()
    interview.approval_status = status
    if status == previous:
        return False
    Interview.objects.filter(pk=interview.pk).update(approval_status=status)
    if status == ApprovalStatus.PENDING:
        record(interview, WorkflowAction.APPROVAL_RESET, user)
        return True
    return False


def check_publishable(interview):
    """Raise ValidationError with a German message if ``interview`` cannot go out."""
    errors = []
    if not interview.questions.exists():
        errors.append(_("Das Interview hat noch keine Fragen."))
    if error := interview.portrait_error():
        errors.append(error)
    errors.extend(interview.theme_errors())
    if errors:
        raise ValidationError(errors)
    from interviews import pdf

    pdf.check_page_budget(interview)


def checklist(interview):
    """What „Freigabe“ checks before publishing: a list of {"key", "label", "ok", "detail"} (German).

    ``ok`` None: not known yet (the layout of a text nobody has laid out yet; publishing lays it out).
    The items in BLOCKING_ITEMS stop publishing unless overridden with a reason.
    """
    from interviews import pdf

    has_portrait = bool(interview.portrait)
    rights_detail = _("kein Porträt")
    if has_portrait:
        rights_detail = _("ja") if interview.portrait_rights else _("nicht vermerkt")
    layout_ok, layout_detail = pdf.layout_label(interview)
    figures = list(interview.figures.values_list("position", "rights_cleared"))
    uncleared = [str(number) for number, (_position, cleared) in enumerate(figures, start=1) if not cleared]
    figure_detail = _("keine Abbildungen")
    if figures:
        figure_detail = _("nicht vermerkt bei Abbildung %s") % ", ".join(uncleared) if uncleared else _("ja")
    return [
        {
            "key": "portrait_rights",
            "label": _("Bildrechte am Porträt geklärt"),
            "ok": interview.portrait_rights if has_portrait else True,
            "detail": rights_detail,
        },
        {
            "key": "figure_rights",
            "label": _("Bildrechte an den Abbildungen geklärt"),
            "ok": not uncleared,
            "detail": figure_detail,
        },
        {
            "key": "approval",
            "label": capfirst(_("%(by)s autorisiert") % {"by": interview.interviewee("by")}),
            "ok": interview.approval_status == ApprovalStatus.APPROVED,
            "detail": interview.get_approval_status_display(),
        },
        {
            "key": "page_budget",
            "label": _("Satzspiegel des PDFs"),
            "ok": layout_ok,
            "detail": str(layout_detail),
        },
        {
            "key": "alt_text",
            "label": _("Alternativtext des Porträts"),
            "ok": not has_portrait or bool(interview.portrait_alt),
            "detail": interview.portrait_alt or (_("fehlt") if has_portrait else _("kein Porträt")),
        },
    ]
