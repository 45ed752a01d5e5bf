"""Public views (placeholder; the reader site replaces these)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from interviews.models import Interview


def home(request):
    return HttpResponse("Mal nachgefragt!")


def series_detail(request, slug):
    raise Http404


def interview_list(request):
    return HttpResponse("Interviews")


def interview_detail(request, slug):
    interview = get_object_or_404(Interview.objects.published(), slug=slug)
    return HttpResponse(interview.title)


def theme_detail(request, slug):
    raise Http404
