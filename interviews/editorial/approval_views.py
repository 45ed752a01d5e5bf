"""The interviewee's approval page: no login, reached only through a signed link (interviews.editorial.approval).

The page shows the interview as it will appear (the pending version of a
live interview, if there is one), links a PDF preview and takes one decision.
It is a way into the system for people without an account, so it is kept
small: noindex, never cached, no cookie but the CSRF cookie its form needs,
nothing from third parties (the site's own CSP applies), and no referrer
leaves the site: ``Referrer-Policy: same-origin``, so the secret link is never
sent to another site. (``no-referrer`` would make Chromium send ``Origin: null``
with the decision form, which Django's CSRF check rightly refuses.)
"""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core import citation, richtext
from interviews import pdf, selectors
from interviews.editorial import approval, pending
from interviews.models import WorkflowAction, WorkflowEvent

# A PDF preview is kept this long per content fingerprint, so reloading the link does not lay it out again.
PDF_PREVIEW_SECONDS = 3600


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Bitte wählen Sie"),
        choices=[
            (approval.APPROVE, gettext_lazy("Ich gebe das Interview so frei.")),
            (approval.CHANGES, gettext_lazy("Ich wünsche Änderungen (bitte unten beschreiben).")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte wählen Sie eine der beiden Möglichkeiten.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Kommentar an die Redaktion"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Bei Änderungswünschen: welche Stelle, was soll dort stehen?"),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == approval.CHANGES and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Bitte beschreiben Sie, was geändert werden soll."))
        return cleaned


def private_page(response):
    """What every response of the approval link carries."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def link_error(request, gone):
    response = render(request, "interviews/approval_invalid.html", {"gone": gone}, status=410 if gone else 404)
    return private_page(response)


def _interview_or_error(request, token):
    try:
        return approval.interview_for_token(token), None
    except approval.LinkInvalid:
        return None, link_error(request, gone=False)
    except approval.LinkGone:
        return None, link_error(request, gone=True)


def reading_context(interview):
    """The context of the reader's interview page for ``interview`` as loaded: a version built by
    ``pending.as_object`` (questions and figures in memory). Reads nothing more than the citation needs."""
    sections = selectors.with_figures(selectors.theme_sections(interview.questions.all()), interview.figures.all())
    return {
        "interview": interview,
        "series": interview.series,
        "kommune": interview.kommune,
        "sections": sections,
        "preview": True,
        "description": richtext.plain_text(interview.lead),
        "pdf_pages": interview.pages,
        "pdf_ready": False,
        "og_image": "",
        "citation": citation.for_interview(interview, keywords=[section["theme"].title for section in sections]),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def approval_page(request, token):
    interview, error = _interview_or_error(request, token)
    if error:
        return error
    fingerprint = pending.fingerprint(pending.current_data(interview))
    form = ApprovalForm(request.POST or None, initial={"fingerprint": fingerprint})
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            approval.decide(
                interview, form.cleaned_data["decision"], form.cleaned_data["comment"], form.cleaned_data["fingerprint"]
            )
        except ValidationError as error:
            form = ApprovalForm(initial={"fingerprint": fingerprint})
            refusal = " ".join(error.messages)
        else:
            return private_page(HttpResponseRedirect(request.path + "?entschieden=1"))
    last = (
        WorkflowEvent.objects.filter(
            interview=interview, action__in=[WorkflowAction.APPROVED, WorkflowAction.CHANGES_REQUESTED]
        )
        .only("action", "created_at", "comment", "interview_id")
        .first()
    )
    context = reading_context(pending.as_object(interview))
    context.update(
        form=form,
        refusal=refusal,
        token=token,
        last_decision=last,
        just_decided="entschieden" in request.GET and last is not None,
        expires_at=approval.link_expires_at(interview),
    )
    response = render(request, "interviews/approval.html", context, status=400 if form.errors or refusal else 200)
    return private_page(response)


@require_safe
def approval_pdf(request, token):
    """The PDF preview of the text the interviewee decides on (marked „Vorschau“, never stored)."""
    interview, error = _interview_or_error(request, token)
    if error:
        return error
    key = f"approval-pdf:{interview.pk}:{pending.fingerprint(pending.current_data(interview))}"
    data = cache.get(key)
    if data is None:
        try:
            data = pdf.render_pdf(pdf.source_for(pending.as_object(interview)), preview=True)
        except pdf.PageBudgetError as refusal:
            message = _("Die PDF-Vorschau ist noch nicht möglich: %(reason)s") % {"reason": " ".join(refusal.messages)}
            return private_page(HttpResponse(message, status=409, content_type="text/plain; charset=utf-8"))
        except pdf.RenderTimeout:
            message = _("Die PDF-Vorschau kann gerade nicht erstellt werden. Bitte gleich noch einmal versuchen.")
            return private_page(HttpResponse(message, status=503, content_type="text/plain; charset=utf-8"))
        cache.set(key, data, PDF_PREVIEW_SECONDS)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vorschau-{interview.pdf_filename}"'
    return private_page(response)
