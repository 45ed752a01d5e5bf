"""The project's URLs plus the minimal view that gives the benchmark its ceiling."""

import os

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from akk_cms.urls import urlpatterns as project_urlpatterns

# An HTML page of the size of a typical public page (bench/run.py measures it).
_SIZE = int(os.environ.get("BENCH_MINIMAL_BYTES", "30000"))
_HEAD = b'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><title>Ceiling</title></head><body>\n'
_TAIL = b"</body></html>\n"
_LINE = b"<p>Mal nachgefragt! Kommunaler Klimaschutz im Gespraech.</p>\n"
PAGE = (_HEAD + _LINE * (max(0, _SIZE - len(_HEAD) - len(_TAIL)) // len(_LINE) + 1))[: _SIZE - len(_TAIL)] + _TAIL


def minimal(request):
    """A page from memory: no database, no template."""
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


class PlainAwardInline(admin.TabularInline):
    from municipalities.models import Award as model

    extra = 0


class PlainKommuneAdmin(admin.ModelAdmin):
    """Django's own admin, nothing of the project's: the baseline of the interview form (bench/desk.py)."""

    inlines = [PlainAwardInline]


plain_site = admin.AdminSite(name="plain")
plain_site.register(PlainAwardInline.model.kommune.field.related_model, PlainKommuneAdmin)

urlpatterns = [path("bench/minimal/", minimal), path("bench/plain-admin/", plain_site.urls), *project_urlpatterns]
