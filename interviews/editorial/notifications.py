"""E-mail about workflow steps, through Django's mail backend.

Development prints mail to the console; production sends through the SMTP
server from the environment (``EMAIL_HOST`` …, see akk_cms/settings.py and
docs/deploy.md). Mail leaves after the transaction commits, so a step that is
rolled back sends nothing; a mail server that is down never undoes a step.

Who hears what:
- „Freigabe“ (everyone with the publish permission): an interview was
  submitted for review, a change to a live interview waits, the interviewee
  approved the text or asked for changes (Freigabe sends it for authorisation
  and publishes it).
- the editor (the person the interview is assigned to, otherwise whoever
  submitted it last): the interviewee approved or asked for changes, the
  interview was published, a change was published or discarded, the
  interview was sent back or withdrawn.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import text
from interviews.models import WorkflowAction, WorkflowEvent

logger = logging.getLogger(__name__)

TO_FREIGABE = {
    WorkflowAction.SUBMITTED,
    WorkflowAction.CHANGE_PENDING,
    WorkflowAction.APPROVED,
    WorkflowAction.CHANGES_REQUESTED,
}
TO_EDITOR = {
    WorkflowAction.APPROVED,
    WorkflowAction.CHANGES_REQUESTED,
    WorkflowAction.PUBLISHED,
    WorkflowAction.SCHEDULED,
    WorkflowAction.CHANGE_PUBLISHED,
    WorkflowAction.CHANGE_DISCARDED,
    WorkflowAction.SENT_BACK,
    WorkflowAction.UNPUBLISHED,
}


def freigabe_addresses():
    """E-mail addresses of active users who may publish (one query)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True)
        | Q(user_permissions__codename="publish_interview")
        | Q(groups__permissions__codename="publish_interview")
    )
    return sorted(set(users.values_list("email", flat=True)))


def editor_addresses(interview, exclude_user=None):
    """The editor's address: the assigned person, otherwise whoever last submitted or changed it."""
    editor = interview.assigned_to
    if editor is None:
        event = (
            WorkflowEvent.objects.filter(
                interview=interview,
                action__in=[WorkflowAction.SUBMITTED, WorkflowAction.CHANGE_PENDING],
                user__isnull=False,
            )
            .select_related("user")
            .first()
        )
        editor = event.user if event is not None else None
    if editor is None or not editor.email or not editor.is_active or editor == exclude_user:
        return []
    return [editor.email]


def notify(event):
    """Queue the mail for ``event`` (a WorkflowEvent); sent when the transaction commits.

    Touches: nothing in the database; mail through the configured backend. A mail that cannot be composed or
    sent is logged, never raised: the step it reports stays done.
    """
    recipients = []
    # A scheduled part withdrawn because its PDF cannot be set concerns „Freigabe“ (who scheduled it) too.
    if event.action in TO_FREIGABE or event.data.get("layout_refused"):
        recipients += [address for address in freigabe_addresses() if not (event.user and address == event.user.email)]
    if event.action in TO_EDITOR:
        recipients += editor_addresses(event.interview, exclude_user=event.user)
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        return
    try:
        message = (subject(event), body(event), settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        # Composing the mail must never undo the step it reports (it runs inside the step's transaction).
        logger.exception("Workflow mail could not be composed for event %s", event.pk)
        return
    transaction.on_commit(lambda: _send(message))


def _send(message):
    try:
        send_mass_mail([message], fail_silently=False)
    except Exception:
        # The step is done and stored; whatever the mail layer raises (a server that is down: OSError; a header
        # it refuses: ValueError …) must not turn it into an error page.
        logger.exception("Workflow mail could not be sent: %s", message[0])


def step_label(event):
    """The step in words; the interviewee's decision names them as the interview does („Interviewpartnerin“)."""
    interview = event.interview
    if event.action == WorkflowAction.APPROVED:
        return capfirst(_("%(by)s autorisiert") % {"by": interview.interviewee("by")})
    if event.action == WorkflowAction.CHANGES_REQUESTED:
        return capfirst(_("%(the)s wünscht Änderungen") % {"the": interview.interviewee("the")})
    return event.get_action_display()


def subject(event):
    """One line, whatever the stored title holds (a line break in a header makes Python's mail code refuse it)."""
    return text.one_line(
        _("[Mal nachgefragt!] %(step)s: %(title)s")
        % {"step": step_label(event), "title": text.one_line(event.interview.title)}
    )


def body(event):
    interview = event.interview
    lines = [
        _("%(step)s: %(title)s (Teil %(part)s/%(year)s, %(kommune)s)")
        % {
            "step": step_label(event),
            "title": text.quoted(interview.title),
            "part": interview.part,
            "year": interview.series.year,
            "kommune": interview.kommune.name,
        },
        _("Von: %s") % event.who,
    ]
    if event.comment:
        lines += ["", _("Kommentar:"), event.comment]
    lines += [
        "",
        _("Zum Interview in der Redaktion:"),
        settings.SITE_URL + reverse("admin:interviews_interview_change", args=[interview.pk]),
    ]
    return "\n".join(lines)
