"""Authorisation of an interview by the interviewee („Autorisierung“), through a signed link.

An editor creates the link on the interview form (``approval_url``); the
interviewee opens it without an account, reads the interview as it will
appear (web page and PDF preview) and approves it or asks for changes.

The link is a path ``/autorisierung/<token>/``. The token is signed with
``django.core.signing`` (salt below) and names the interview and its current
link key. It stops working when it is older than ``VALID_FOR``, when the
link was revoked (the key is cleared, ``revoke``), or when it was tampered
with (bad signature). The decision is recorded only for the text the
interviewee saw: a content fingerprint travels with the form.
"""

import datetime
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from interviews.editorial import pending, publishing
from interviews.models import ApprovalStatus, Interview, WorkflowAction

SALT = "interviews.approval"
VALID_FOR = datetime.timedelta(days=21)

APPROVE, CHANGES = "approve", "changes"


class LinkInvalid(Exception):
    """The link was never valid (tampered, unknown interview): 404."""


class LinkGone(Exception):
    """The link was valid once and is no more (expired or revoked): 410."""


def approval_url(interview, user=None):
    """The path of the interviewee's approval link for ``interview`` (creates the link key if needed).

    Touches: ``approval_key`` and ``approval_link_created_at`` and a
    WorkflowEvent when there was no valid link yet.
    """
    with transaction.atomic():
        row = Interview.objects.select_for_update().get(pk=interview.pk)
        if not row.approval_key or link_expired(row):
            row.approval_key = secrets.token_urlsafe(24)
            row.approval_link_created_at = timezone.now()
            Interview.objects.filter(pk=row.pk).update(
                approval_key=row.approval_key, approval_link_created_at=row.approval_link_created_at
            )
            publishing.record(row, WorkflowAction.LINK_CREATED, user)
        interview.approval_key = row.approval_key
        interview.approval_link_created_at = row.approval_link_created_at
    token = signing.dumps({"i": row.pk, "k": row.approval_key}, salt=SALT)
    return reverse("interviews:approval", kwargs={"token": token})


def link_expired(interview):
    created = interview.approval_link_created_at
    return created is None or created + VALID_FOR < timezone.now()


def link_expires_at(interview):
    if not interview.approval_key or interview.approval_link_created_at is None:
        return None
    return interview.approval_link_created_at + VALID_FOR


@transaction.atomic
def revoke(interview, user):
    """Make every approval link of ``interview`` invalid. Touches: the link key, a WorkflowEvent."""
    if (
        Interview.objects.filter(pk=interview.pk)
        .exclude(approval_key="")
        .update(approval_key="", approval_link_created_at=None)
    ):
        interview.approval_key = ""
        interview.approval_link_created_at = None
        publishing.record(interview, WorkflowAction.LINK_REVOKED, user)


def interview_for_token(token):
    """The interview a link token stands for; raises LinkInvalid or LinkGone. Reads one row."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired:
        raise LinkGone from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int) or not payload.get("k"):
        raise LinkInvalid
    interview = Interview.objects.select_related("series", "kommune").filter(pk=payload["i"]).first()
    if interview is None:
        raise LinkInvalid
    if not interview.approval_key or not secrets.compare_digest(interview.approval_key, str(payload["k"])):
        raise LinkGone
    if link_expired(interview):
        raise LinkGone
    return interview


@transaction.atomic
def decide(interview, decision, comment, seen_fingerprint):
    """Record the interviewee's decision on the text they saw.

    Touches: ``approval_status``, a history entry (django-reversion) and a
    WorkflowEvent with the comment, mail to the editor. Raises
    ValidationError (German) when the text changed since the page was opened,
    changing nothing.
    """
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if seen_fingerprint != pending.fingerprint(pending.current_data(interview)):
        raise ValidationError(
            _(
                "Der Text wurde geändert, während Sie ihn gelesen haben. Bitte lesen Sie die aktuelle Fassung "
                "unten und entscheiden Sie dann erneut. Es wurde nichts gespeichert."
            ),
            code="changed",
        )
    who = _("%(name)s (%(noun)s, über den Autorisierungslink)") % {
        "name": interview.interviewee_name,
        "noun": interview.interviewee(),
    }
    if decision == APPROVE:
        interview.approval_status = ApprovalStatus.APPROVED
        action, label = WorkflowAction.APPROVED, capfirst(_("%(by)s autorisiert") % {"by": interview.interviewee("by")})
    elif decision == CHANGES:
        interview.approval_status = ApprovalStatus.CHANGES_REQUESTED
        action, label = (
            WorkflowAction.CHANGES_REQUESTED,
            capfirst(_("%(the)s wünscht Änderungen") % {"the": interview.interviewee("the")}),
        )
    else:
        raise ValidationError(_("Bitte wählen Sie „Freigeben“ oder „Änderungen gewünscht“."))
    publishing.save_with_history(
        interview, None, publishing.history_comment(label, comment), ["approval_status"], bump_version=False
    )
    # The decision belongs to the text the interviewee saw (publishing.approval_follows_text reads it back).
    return publishing.record(interview, action, None, comment, actor=who, data={"fingerprint": seen_fingerprint})
