"""Reads shared by the reader site and the PDF: questions by theme, the series' part slots.

One place for the order of themes within an interview and for what a
series' parts show, so that the web page and the PDF always agree.
"""

from django.utils import timezone

from interviews.models import Interview, Series, Status


def theme_sections(questions):
    """``questions`` (in reading order) grouped by theme: ``[{"theme", "questions"}]``.

    Themes come in the order in which their first question appears, so the
    editor's order of questions decides; within a theme the questions keep
    their order. Touches nothing (no queries if ``question.theme`` is loaded).
    """
    sections = {}
    for question in questions:
        sections.setdefault(question.theme_id, {"theme": question.theme, "questions": []})["questions"].append(question)
    return list(sections.values())


def with_figures(sections, figures):
    """``sections`` (from ``theme_sections``) each with ``"figures"``: the figures shown after that theme.

    The figures (in their order) are spread evenly over the themes, the first
    after the first theme: four themes and two figures put them after the first
    and the third theme. Touches nothing.
    """
    figures = list(figures)
    for section in sections:
        section["figures"] = []
    for index, figure in enumerate(figures):
        if sections:
            sections[index * len(sections) // len(figures)]["figures"].append(figure)
    return sections


def part_slots(series):
    """One slot per planned part of ``series``: ``[{"part", "interview", "expected"}]`` (two queries).

    A public part (``Interview.objects.published()``) carries its interview,
    with kommune and series loaded. Any other part carries only its number
    and the expected month (the planned date, or the publication time of a
    scheduled interview), read as bare values so that nothing else of an
    unpublished interview (title, Kommune, status) can reach a page or a PDF.
    """
    published = {
        interview.part: interview
        for interview in Interview.objects.published().filter(series=series).select_related("kommune", "series")
    }
    upcoming = {
        row["part"]: row
        for row in Interview.objects.filter(series=series)
        .exclude(pk__in=[interview.pk for interview in published.values()])
        .values("part", "status", "published_at", "planned_date")
    }
    slots = []
    for part in range(1, series.planned_parts + 1):
        expected = None
        row = upcoming.get(part)
        if part not in published and row:
            expected = row["published_at"] if row["status"] == Status.PUBLISHED else row["planned_date"]
        slots.append({"part": part, "interview": published.get(part), "expected": expected})
    return slots


def series_closed(series):
    """Whether ``series`` is finished: an earlier year's series followed by a newer one (one query).

    Its missing parts then did not appear (rather than being "in Vorbereitung").
    """
    return Series.objects.filter(year__gt=series.year).exists() and series.year < timezone.localdate().year
