"""Open data: every published interview as JSON and as CSV (``/daten/``).

Only what ``Interview.objects.published()`` returns is ever read, from the
live rows (drafts, interviews in review, scheduled ones and pending edits of
live interviews are not in them). The field lists below are the documentation
shown on ``/daten/``: a field added here appears there. The JSON carries
``schema_version``; a change that renames or removes a field raises the major
number.

Both files answer with an ``ETag`` (hash of the body) and ``304 Not Modified``
to a matching ``If-None-Match``. Each file costs a fixed number of queries
(JSON three, CSV one), however many interviews exist.
"""

import csv
import hashlib
import io
import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from core import citation, renditions, richtext
from interviews.models import Interview, Question

SCHEMA_VERSION = "1.1"

# ((fields…), description) of one interview in interviews.json; nested objects use "parent.child".
JSON_FIELDS = [
    (("slug",), "Kurzname des Interviews (eindeutig, Teil der URL)"),
    (("url",), "Adresse des Interviews auf dieser Website"),
    (("pdf_url",), "Adresse des PDFs"),
    (("title",), "Überschrift"),
    (("series.slug", "series.title", "series.subtitle", "series.year", "series.url"), "Reihe"),
    (("part", "parts_planned"), "Teil der Reihe und geplante Zahl der Teile"),
    (("published_at", "updated_at"), "Veröffentlicht und zuletzt geändert (ISO 8601 mit Zeitzone)"),
    (("kommune.name", "kommune.slug", "kommune.url"), "Kommune"),
    (("kommune.type", "kommune.type_label"), "Kommunentyp als Schlüssel (z. B. landkreis) und als Text"),
    (("kommune.state", "kommune.state_name"), "Bundesland als ISO-3166-2-Kürzel (z. B. TH) und als Name"),
    (("interviewee.name", "interviewee.role"), "Interviewte Person und ihre Funktion"),
    (("interviewer",), "Wer das Interview geführt hat (kann leer sein)"),
    (("teaser_html", "teaser_text"), "Teaser als HTML und als reiner Text"),
    (("is_sample",), "true: die Antworten sind Beispieltext (Demo-Inhalt), keine Aussagen der Person"),
    (("citation",), "Zitiervorschlag"),
    (("questions[].position",), "Reihenfolge der Frage im Interview (1, 2, …)"),
    (("questions[].theme.slug", "questions[].theme.title"), "Thema der Frage"),
    (("questions[].question",), "Frage"),
    (("questions[].answer_html", "questions[].answer_text"), "Antwort als HTML und als reiner Text"),
    (("questions[].pull_quote",), "Hervorgehobenes Zitat aus der Antwort (kann leer sein)"),
    (("figures[].position",), "Reihenfolge der Abbildung (Projektfoto) im Interview (1, 2, …)"),
    (("figures[].caption", "figures[].credit"), "Bildunterschrift (kann leer sein) und Bildnachweis"),
    (("figures[].alt_text",), "Beschreibung des Bildinhalts (Alternativtext)"),
    (("figures[].image_url",), "Adresse des Bildes (JPEG, 640 Pixel breit)"),
]

# (column, description) of interviews.csv: one row per question.
CSV_COLUMNS = [
    ("interview_slug", "Kurzname des Interviews"),
    ("interview_url", "Adresse des Interviews"),
    ("title", "Überschrift des Interviews"),
    ("series_slug", "Kurzname der Reihe"),
    ("series_year", "Jahr der Reihe"),
    ("part", "Teil der Reihe"),
    ("published_at", "Veröffentlicht (ISO 8601 mit Zeitzone)"),
    ("kommune", "Name der Kommune"),
    ("kommune_type", "Kommunentyp (Text)"),
    ("state", "Bundesland (Name)"),
    ("interviewee", "Interviewte Person"),
    ("interviewee_role", "Funktion"),
    ("is_sample", "ja: Beispieltext (Demo-Inhalt), keine Aussagen der Person"),
    ("position", "Reihenfolge der Frage im Interview"),
    ("theme", "Thema der Frage"),
    ("question", "Frage"),
    ("answer_text", "Antwort als reiner Text"),
]

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def absolute(path):
    return settings.SITE_URL + path


def iso(value):
    return timezone.localtime(value).isoformat() if value else None


def published_interviews():
    """Published interviews with series, Kommune, questions and figures (three queries)."""
    questions = Question.objects.select_related("theme").order_by("position", "pk")
    return (
        Interview.objects.published()
        .select_related("series", "kommune")
        .prefetch_related(Prefetch("questions", queryset=questions), "figures")
        .order_by("series__year", "series__slug", "part")
    )


def interview_record(interview):
    """One interview as the JSON object documented in ``JSON_FIELDS``."""
    series, kommune = interview.series, interview.kommune
    return {
        "slug": interview.slug,
        "url": absolute(interview.get_absolute_url()),
        "pdf_url": absolute(interview.get_pdf_url()),
        "title": interview.title,
        "series": {
            "slug": series.slug,
            "title": series.title,
            "subtitle": series.subtitle,
            "year": series.year,
            "url": absolute(series.get_absolute_url()),
        },
        "part": interview.part,
        "parts_planned": series.planned_parts,
        "published_at": iso(interview.published_at),
        "updated_at": iso(interview.updated_at),
        "kommune": {
            "name": kommune.name,
            "slug": kommune.slug,
            "url": absolute(kommune.get_absolute_url()),
            "type": kommune.kind,
            "type_label": kommune.get_kind_display(),
            "state": kommune.state,
            "state_name": kommune.get_state_display(),
        },
        "interviewee": {"name": interview.interviewee_name, "role": interview.interviewee_role},
        "interviewer": interview.interviewer,
        "teaser_html": richtext.render(interview.lead),
        "teaser_text": richtext.plain_text(interview.lead),
        "is_sample": interview.is_sample,
        "citation": citation.for_interview(interview).text,
        "questions": [
            {
                "position": number,
                "theme": {"slug": question.theme.slug, "title": question.theme.title},
                "question": question.question,
                "answer_html": richtext.render(question.answer),
                "answer_text": richtext.plain_text(question.answer),
                "pull_quote": question.pull_quote,
            }
            for number, question in enumerate(interview.questions.all(), start=1)
        ],
        "figures": [
            {
                "position": number,
                "caption": figure.caption,
                "credit": figure.credit,
                "alt_text": figure.alt_text,
                "image_url": figure_url(figure),
            }
            for number, figure in enumerate(interview.figures.all(), start=1)
        ],
    }


def figure_url(figure):
    """The absolute URL of the figure's web rendition (JPEG, 640 px), or None while it cannot be made."""
    image = renditions.picture(figure.image, kind="figure")
    return absolute(image["src"]) if image else None


def dataset_json():
    """interviews.json as a string (three queries)."""
    publisher = citation.publication()
    data = {
        "schema_version": SCHEMA_VERSION,
        "documentation": absolute("/daten/"),
        "publisher": publisher["publisher"],
        "licence": {"name": publisher["licence_name"], "url": publisher["licence_url"]},
        "interviews": [interview_record(interview) for interview in published_interviews()],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def neutralise(value):
    """A cell a spreadsheet will not run as a formula: a leading apostrophe before = + - @ (and tab, CR)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def dataset_csv():
    """interviews.csv as a string: UTF-8 with BOM (Excel), comma-separated, one row per question (one query)."""
    questions = (
        Question.objects.filter(interview__in=Interview.objects.published())
        .select_related("interview__series", "interview__kommune", "theme")
        .order_by("interview__series__year", "interview__series__slug", "interview__part", "position", "pk")
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _description in CSV_COLUMNS])
    number, previous = 0, None
    for question in questions:
        interview = question.interview
        number = number + 1 if interview.pk == previous else 1
        previous = interview.pk
        row = [
            interview.slug,
            absolute(interview.get_absolute_url()),
            interview.title,
            interview.series.slug,
            interview.series.year,
            interview.part,
            iso(interview.published_at),
            interview.kommune.name,
            interview.kommune.get_kind_display(),
            interview.kommune.get_state_display(),
            interview.interviewee_name,
            interview.interviewee_role,
            "ja" if interview.is_sample else "nein",
            number,
            question.theme.title,
            question.question,
            richtext.plain_text(question.answer),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def conditional(request, body, content_type, filename):
    """The body with an ETag (hash of the body); 304 when the client has it already."""
    etag = quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def data_json(request):
    return conditional(request, dataset_json(), "application/json; charset=utf-8", "interviews.json")


@require_safe
def data_csv(request):
    return conditional(request, dataset_csv(), "text/csv; charset=utf-8", "interviews.csv")


@require_safe
def data_index(request):
    publisher = citation.publication()
    return render(
        request,
        "interviews/data.html",
        {
            "schema_version": SCHEMA_VERSION,
            "json_fields": JSON_FIELDS,
            "csv_columns": CSV_COLUMNS,
            "publisher": publisher,
            "interview_count": Interview.objects.published().count(),
        },
    )
