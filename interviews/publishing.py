"""The editorial workflow: submit for review, publish, unpublish.

Each change of status goes through one function here; views, admin actions
and management commands call these, never set ``status`` themselves.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interviews.models import Status

PUBLISH_PERMISSION = "interviews.publish_interview"


REVIEW, PUBLISH, UNPUBLISH = "review", "publish", "unpublish"


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def available_steps(interview, user):
    """The workflow steps ``user`` may take on ``interview`` now (None: not saved yet)."""
    status = interview.status if interview is not None else Status.DRAFT
    steps = []
    if status == Status.DRAFT:
        steps.append(REVIEW)
    if can_publish(user):
        steps.append(UNPUBLISH if status == Status.PUBLISHED else PUBLISH)
        if status == Status.REVIEW:
            steps.append(UNPUBLISH)
    return steps


def step_refusal(interview, user, step):
    """Why ``user`` may not take ``step`` on ``interview`` now (German), or None if allowed."""
    if step not in (REVIEW, PUBLISH, UNPUBLISH):
        return _("Unbekannter Arbeitsschritt. Es wurde nichts gespeichert.")
    if step == PUBLISH and not can_publish(user):
        return _("Sie dürfen keine Interviews veröffentlichen (Gruppe „Freigabe“ nötig). Es wurde nichts gespeichert.")
    if step == UNPUBLISH and not can_publish(user):
        return _("Sie dürfen keine Interviews zurückziehen (Gruppe „Freigabe“ nötig). Es wurde nichts gespeichert.")
    if step not in available_steps(interview, user):
        return _("Dieser Arbeitsschritt passt nicht zum aktuellen Status. Es wurde nichts gespeichert.")
    return None


def _save(interview, user, comment, fields):
    fields = [*fields, "version", "updated_at"]
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
def submit_for_review(interview, user):
    """Move a draft to review.

    Touches: the interview's status and version, a history entry.
    """
    if interview.status != Status.DRAFT:
        raise ValidationError(_("Nur Entwürfe können zur Prüfung eingereicht werden."))
    interview.status = Status.REVIEW
    _save(interview, user, _("Zur Prüfung eingereicht"), ["status"])


@transaction.atomic
def publish(interview, user, at=None):
    """Publish ``interview`` now or at ``at`` (a future time schedules it).

    Checks that ``user`` may publish and that the PDF fits its page budget.
    Touches: status, published_at, published_by, version, a history entry
    (the page caches follow by themselves), and queues the PDF
    render (interviews.tasks) after the transaction commits.
    Raises PermissionDenied or ValidationError (German message), changing nothing.
    """
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("Sie dürfen keine Interviews veröffentlichen (Gruppe „Freigabe“ nötig)."))
    check_publishable(interview)
    interview.status = Status.PUBLISHED
    interview.published_at = at or interview.published_at or timezone.now()
    interview.published_by = user if user is not None and user.is_authenticated else None
    _save(interview, user, _("Veröffentlicht"), ["status", "published_at", "published_by"])
    after_content_change(interview)


@transaction.atomic
def unpublish(interview, user):
    """Withdraw a published (or scheduled) interview back to draft.

    Touches: status, version, a history entry (the page caches follow by themselves).
    """
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("Sie dürfen keine Interviews zurückziehen (Gruppe „Freigabe“ nötig)."))
    interview.status = Status.DRAFT
    _save(interview, user, _("Zurückgezogen"), ["status"])
    after_content_change(interview)


def check_publishable(interview):
    """Raise ValidationError with a German message if ``interview`` cannot go out."""
    errors = []
    if not interview.questions.exists():
        errors.append(_("Das Interview hat noch keine Fragen."))
    if interview.portrait and not interview.portrait_alt:
        errors.append(_("Das Porträt braucht einen Alternativtext."))
    if errors:
        raise ValidationError(errors)
    from interviews import pdf

    pdf.check_page_budget(interview)


def after_content_change(interview):
    """Queue a PDF render of ``interview`` once the transaction commits.

    (Page caches follow the data by themselves: ``core.content``.)
    """
    from interviews import tasks

    transaction.on_commit(lambda: tasks.enqueue_pdf_render(interview.pk))
