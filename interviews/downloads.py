"""The PDF download route (placeholder until the PDF work lands)."""

from django.http import Http404


def interview_pdf(request, slug):
    raise Http404
