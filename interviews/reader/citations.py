"""Citation files of published interviews and series: BibTeX, RIS and CSL-JSON.

The citations themselves come from ``core.citation`` (the one source shared with
the page, JSON-LD, feed and PDF). Only published interviews are cited: any
other slug is a 404, for staff too.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from core import citation
from interviews.models import Interview, Series, Theme

FORMATS = {
    "bib": (citation.bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (citation.ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (citation.csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


def citation_response(citations, fmt, filename):
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(citations, accessed=citation.accessed_today()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def theme_titles(interview_ids):
    """{interview id: [theme titles in order]} for the given interviews (one query)."""
    titles = {}
    rows = (
        Theme.objects.filter(questions__interview__in=interview_ids)
        .values_list("questions__interview", "title")
        .order_by("questions__interview", "position", "title")
        .distinct()
    )
    for interview_id, title in rows:
        titles.setdefault(interview_id, []).append(title)
    return titles


@require_safe
def interview_citation(request, slug, fmt):
    interview = get_object_or_404(Interview.objects.published().select_related("series", "kommune"), slug=slug)
    keywords = theme_titles([interview.pk]).get(interview.pk, [])
    entry = citation.for_interview(interview, keywords=keywords)
    return citation_response([entry], fmt, f"zitation-{entry.key}")


@require_safe
def series_citation(request, slug, fmt):
    """The series as a collection, followed by each of its published parts."""
    series = get_object_or_404(Series, slug=slug)
    interviews = list(
        Interview.objects.published().filter(series=series).select_related("series", "kommune").order_by("part")
    )
    keywords = theme_titles([interview.pk for interview in interviews])
    entries = [citation.for_series(series)]
    entries += [citation.for_interview(interview, keywords=keywords.get(interview.pk, [])) for interview in interviews]
    return citation_response(entries, fmt, f"zitation-{series.slug}")
