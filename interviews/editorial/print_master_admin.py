"""Staff download of an interview's print master (PDF/X-4, see interviews.pdf.print_master).

Rendered on request for staff only (about as long as one reader PDF); readers never
reach it. Hooked into ``InterviewAdmin.get_urls`` as ``<id>/druckvorlage/``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from interviews.models import Interview
from interviews.pdf import render_print_master


def print_master_view(model_admin, request, object_id):
    interview = get_object_or_404(Interview.objects.select_related("series", "kommune"), pk=object_id)
    if not model_admin.has_view_or_change_permission(request, interview):
        raise PermissionDenied
    try:
        data = render_print_master(interview)
    except ValidationError as error:  # PageBudgetError, or no print profile installed
        message = _("Die Druckvorlage kann nicht erstellt werden: %(error)s") % {"error": error.messages[0]}
        messages.error(request, message)
        return redirect(reverse("admin:interviews_interview_change", args=[interview.pk]))
    response = HttpResponse(data, content_type="application/pdf")
    name = interview.pdf_filename.replace(".pdf", "-druckvorlage-pdfx4.pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
