"""Public views of the municipalities (placeholder; the reader site replaces these)."""

from django.http import Http404, HttpResponse


def kommune_list(request):
    return HttpResponse("Kommunen")


def kommune_detail(request, slug):
    raise Http404
