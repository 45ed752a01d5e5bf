"""The public reader site: series, interviews, list with filters and search, theme comparison.

Every view reads public content through ``Interview.objects.published()``; the
one exception is ``reader_interviews()``, which lets staff open unpublished
interviews as a preview. Each view issues a fixed number of queries,
independent of how many interviews exist (see tests/test_query_counts.py).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from core import citation, renditions, richtext
from interviews.models import CollectionKind, Interview, Question, Series, Theme
from interviews.pdf import collections
from interviews.reader import redirects, search
from interviews.reader.filters import ComparisonForm, InterviewFilter
from interviews.selectors import part_slots, series_closed, theme_sections, with_figures

PER_PAGE = 12
# A series page links the newest few other series; /reihen/ lists them all.
OTHER_SERIES_SHOWN = 5


def reader_interviews(request):
    """The interviews ``request`` may open by URL.

    Anonymous readers: the published ones. Staff: all of them, so editors can
    preview drafts, interviews in review and scheduled ones (the page then
    shows a "Vorschau" banner and is never cached). Lists, themes, feed and
    sitemap do not use this: they always show published interviews only.
    """
    if request.user.is_staff:
        return Interview.objects.all()
    return Interview.objects.published()


@require_safe
def home(request):
    series = Series.objects.current()
    if series is None:
        return render(request, "interviews/home.html", {"series": None})
    return render(request, "interviews/home.html", series_context(series))


@require_safe
def series_index(request):
    """All series, newest first, with their number of published interviews (one query)."""
    series_list = Series.objects.annotate(
        published_count=Count("interviews", filter=Q(interviews__in=Interview.objects.published()))
    ).order_by("-year", "title")
    page = Paginator(series_list, 24).get_page(request.GET.get("page"))
    return render(request, "interviews/series_index.html", {"page": page})


@require_safe
def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    context = series_context(series, closed=series_closed(series))
    context["citation"] = citation.for_series(series)
    context["volume"] = collections.stored(CollectionKind.VOLUME, series)
    return render(request, "interviews/series_detail.html", context)


def series_context(series, closed=False):
    """A series with one slot per planned part (five queries; see ``selectors.part_slots``)."""
    slots = part_slots(series)
    # Parts may differ in length (the 2022 series had 5 and 6 pages): name the range of the published ones.
    page_counts = sorted({slot["interview"].pages for slot in slots if slot["interview"]} or {series.pages_per_part})
    return {
        "series": series,
        "slots": slots,
        "published_count": sum(1 for slot in slots if slot["interview"]),
        "pages_min": page_counts[0],
        "pages_max": page_counts[-1],
        "series_closed": closed,
        "themes": list(series.themes.order_by("position", "title")),
        "other_series": list(Series.objects.exclude(pk=series.pk).order_by("-year", "title")[:OTHER_SERIES_SHOWN]),
    }


@require_safe
def interview_list(request):
    interviews = Interview.objects.published().select_related("kommune", "series").order_by("-published_at", "pk")
    interview_filter = InterviewFilter(request.GET or None, queryset=interviews)
    if interview_filter.is_bound and not interview_filter.is_valid():
        results = interviews.none()
    else:
        results = interview_filter.qs
    paginator = Paginator(results, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = (request.GET.get("q") or "").strip()
    if query and page.object_list:
        attach_search_hits(page.object_list, query)
    active = interview_filter.is_bound and any(
        interview_filter.form.cleaned_data.get(name) for name in interview_filter.filters
    )
    return render(
        request,
        "interviews/interview_list.html",
        {
            "filter": interview_filter,
            "form": interview_filter.form,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "filters_active": active,
            "query": query,
        },
    )


def attach_search_hits(interviews, query, per_interview=3):
    """Set ``search_hits`` on each interview: up to three of its questions that match ``query`` (one query)."""
    by_interview = {interview.pk: interview for interview in interviews}
    for interview in by_interview.values():
        interview.search_hits = []
    questions = Question.objects.filter(interview_id__in=by_interview).only("pk", "interview_id", "question")
    for question in search.matching_questions(questions, query).order_by("interview_id", "position", "pk"):
        hits = by_interview[question.interview_id].search_hits
        if len(hits) < per_interview:
            hits.append(question)


@require_safe
def interview_detail(request, slug):
    questions = Question.objects.select_related("theme").order_by("position", "pk")
    try:
        interview = get_object_or_404(
            reader_interviews(request)
            .select_related("series", "kommune")
            .prefetch_related(Prefetch("questions", queryset=questions), "figures", "kommune__awards"),
            slug=slug,
        )
    except Http404:
        moved = redirects.public_target(slug)
        if moved is None:
            raise
        return redirect(moved.get_absolute_url(), permanent=True)
    siblings = list(
        Interview.objects.published()
        .filter(series=interview.series)
        .exclude(pk=interview.pk)
        .select_related("kommune")
        .only("slug", "part", "title", "kommune__name", "series_id")
    )
    context = {
        "interview": interview,
        "series": interview.series,
        "kommune": interview.kommune,
        "sections": with_figures(theme_sections(interview.questions.all()), interview.figures.all()),
        "previous": max((i for i in siblings if i.part < interview.part), key=lambda i: i.part, default=None),
        "next": min((i for i in siblings if i.part > interview.part), key=lambda i: i.part, default=None),
        "preview": not interview.is_public,
        "description": richtext.plain_text(interview.lead),
        "pdf_pages": interview.pdf_pages or interview.pages,
        "pdf_ready": bool(interview.pdf_file and interview.pdf_size),
    }
    context["og_image"] = share_image(interview)
    context["citation"] = citation.for_interview(
        interview, keywords=[section["theme"].title for section in context["sections"]]
    )
    context["json_ld"] = interview_json_ld(interview, context)
    response = render(request, "interviews/interview_detail.html", context)
    if context["preview"]:
        add_never_cache_headers(response)
    return response


def share_image(interview):
    """The absolute URL of the portrait's middle rendition, for Open Graph and JSON-LD (or "")."""
    image = renditions.picture(interview.portrait) if interview.portrait else None
    if image is None:
        return ""
    return image["src"] if "://" in image["src"] else settings.SITE_URL + image["src"]


def interview_json_ld(interview, context):
    """schema.org data for an interview page (rendered as application/ld+json)."""
    url = settings.SITE_URL + interview.get_absolute_url()
    # The interviewee is the author, as in every citation format; the interviewer contributed.
    interviewee = {"@type": "Person", "name": interview.interviewee_name}
    if interview.interviewee_title:
        interviewee["honorificPrefix"] = interview.interviewee_title
    if interview.interviewee_role:
        interviewee["jobTitle"] = interview.interviewee_role
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "genre": "Interview",
        "headline": interview.title,
        "description": context["description"],
        "inLanguage": "de",
        "url": url,
        "mainEntityOfPage": url,
        "isPartOf": {
            "@type": "CreativeWorkSeries",
            "name": f"{interview.series.title} {interview.series.subtitle}".strip(),
            "url": settings.SITE_URL + interview.series.get_absolute_url(),
        },
        "position": interview.part,
        "about": [{"@type": "Thing", "name": section["theme"].title} for section in context["sections"]],
        "contentLocation": {"@type": "AdministrativeArea", "name": interview.kommune.name},
        "publisher": {
            "@type": "Organization",
            "name": context["citation"].publisher,
            "address": {"@type": "PostalAddress", "addressLocality": context["citation"].place},
        },
        "creditText": context["citation"].text,
        "author": interviewee,
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": settings.SITE_URL + interview.get_pdf_url(),
        },
    }
    if context["og_image"]:
        data["image"] = context["og_image"]
    if interview.interviewer:
        kind = "Organization" if citation.is_organisation(interview.interviewer) else "Person"
        data["contributor"] = {"@type": kind, "name": interview.interviewer}
    if interview.published_at:
        data["datePublished"] = interview.published_at.isoformat()
        data["dateModified"] = interview.updated_at.isoformat()
    return data


@require_safe
def theme_index(request):
    themes = Theme.objects.annotate(
        interview_count=Count(
            "questions__interview",
            filter=Q(questions__interview__in=Interview.objects.published()),
            distinct=True,
        )
    ).order_by("position", "title")
    return render(request, "interviews/theme_index.html", {"themes": themes})


@require_safe
def theme_detail(request, slug):
    """The theme comparison: one column per Kommune, for one series, optionally one Kommunentyp."""
    theme = get_object_or_404(Theme, slug=slug)
    public = Interview.objects.published()
    # The series that put this theme and have published interviews: read from
    # Series.themes instead of joining every question; only what the choices show.
    series_choices = list(
        theme.series.filter(Exists(public.filter(series=OuterRef("pk"))))
        .only("slug", "year", "title", "subtitle")
        .order_by("-year", "title")
    )
    form = ComparisonForm(request.GET or None, series_choices=series_choices)
    series = form.selected_series()
    interviews = []
    if series is not None:
        theme_questions = Question.objects.filter(theme=theme).order_by("position", "pk")
        interviews = list(
            public.filter(
                series=series,
                pk__in=Question.objects.filter(theme=theme, interview__series=series).values("interview_id"),
                **form.kommune_filter(),
            )
            .select_related("kommune")
            .prefetch_related(Prefetch("questions", queryset=theme_questions, to_attr="theme_questions"))
            .order_by("part")
        )
        for interview in interviews:
            interview.theme_quote = next((q.pull_quote for q in interview.theme_questions if q.pull_quote), "")
    other_themes = list(series.themes.exclude(pk=theme.pk).order_by("position", "title")) if series is not None else []
    return render(
        request,
        "interviews/theme_detail.html",
        {
            "theme": theme,
            "form": form,
            "series": series,
            "series_choices": series_choices,
            "interviews": interviews,
            "rows": max((len(interview.theme_questions) for interview in interviews), default=0),
            "other_themes": other_themes,
            "booklet": collections.stored(CollectionKind.BOOKLET, series, theme) if interviews else None,
        },
    )


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
