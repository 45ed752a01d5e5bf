"""The project's URLs plus the minimal view that gives the benchmark its ceiling."""

import os

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


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
