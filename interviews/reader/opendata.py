"""Open data: every published interview as JSON and as CSV (``/daten/``), described for machines.

Only what ``Interview.objects.published()`` returns is ever read, from the
live rows (drafts, interviews in review, scheduled ones and pending edits of
live interviews are not in them). The field lists below are the documentation
shown on ``/daten/`` and the source of ``datapackage.json`` (a Frictionless Data
Package: a Table Schema for the CSV, a JSON Schema for the JSON): a field added
here appears in both. The JSON carries ``schema_version``; a change that renames
or removes a field raises the major number, a new field the minor one.

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
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
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
    (
        ("interviewee.title", "interviewee.name", "interviewee.role"),
        "Interviewte Person: akademischer Titel (kann leer sein), Name und Funktion",
    ),
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

# JSON Schema types of the fields of JSON_FIELDS that are not plain strings.
JSON_TYPES = {
    "url": {"type": "string", "format": "uri"},
    "pdf_url": {"type": "string", "format": "uri"},
    "series.url": {"type": "string", "format": "uri"},
    "kommune.url": {"type": "string", "format": "uri"},
    "series.year": {"type": "integer"},
    "part": {"type": "integer", "minimum": 1},
    "parts_planned": {"type": "integer", "minimum": 1},
    "published_at": {"type": ["string", "null"], "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
    "is_sample": {"type": "boolean"},
    "questions[].position": {"type": "integer", "minimum": 1},
    "questions[].pull_quote": {"type": "string"},
    "figures[].position": {"type": "integer", "minimum": 1},
    "figures[].image_url": {"type": ["string", "null"], "format": "uri"},
}

# (column, Table Schema type, description) of interviews.csv: one row per question.
CSV_COLUMNS = [
    ("interview_slug", "string", "Kurzname des Interviews"),
    ("interview_url", "string", "Adresse des Interviews"),
    ("title", "string", "Überschrift des Interviews"),
    ("series_slug", "string", "Kurzname der Reihe"),
    ("series_year", "integer", "Jahr der Reihe"),
    ("part", "integer", "Teil der Reihe"),
    ("published_at", "datetime", "Veröffentlicht (ISO 8601 mit Zeitzone)"),
    ("kommune", "string", "Name der Kommune"),
    ("kommune_type", "string", "Kommunentyp (Text)"),
    ("state", "string", "Bundesland (Name)"),
    ("interviewee_title", "string", "Akademischer Titel der interviewten Person (kann leer sein)"),
    ("interviewee", "string", "Interviewte Person"),
    ("interviewee_role", "string", "Funktion"),
    ("is_sample", "boolean", "ja: Beispieltext (Demo-Inhalt), keine Aussagen der Person"),
    ("position", "integer", "Reihenfolge der Frage im Interview"),
    ("theme", "string", "Thema der Frage"),
    ("question", "string", "Frage"),
    ("answer_text", "string", "Antwort als reiner Text"),
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
        "interviewee": {
            "title": interview.interviewee_title,
            "name": interview.interviewee_name,
            "role": interview.interviewee_role,
        },
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
    writer.writerow([name for name, _type, _description in CSV_COLUMNS])
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
            interview.interviewee_title,
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


def json_schema():
    """The JSON Schema of interviews.json, built from ``JSON_FIELDS`` and ``JSON_TYPES``."""

    def obj():
        return {"type": "object", "properties": {}, "additionalProperties": False}

    record = obj()
    for names, description in JSON_FIELDS:
        for name in names:
            node, parts = record, name.split(".")
            for part in parts[:-1]:
                key = part.removesuffix("[]")
                if key not in node["properties"]:
                    node["properties"][key] = {"type": "array", "items": obj()} if part.endswith("[]") else obj()
                child = node["properties"][key]
                node = child["items"] if child["type"] == "array" else child
            node["properties"][parts[-1]] = {"description": description, **JSON_TYPES.get(name, {"type": "string"})}
    _require_all(record)
    publisher = citation.publication()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": _("Interviews der Reihe „Mal nachgefragt!“"),
        "type": "object",
        "required": ["schema_version", "documentation", "publisher", "licence", "interviews"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"type": "string", "const": SCHEMA_VERSION},
            "documentation": {"type": "string", "format": "uri"},
            "publisher": {"type": "string", "const": publisher["publisher"]},
            "licence": {
                "type": "object",
                "required": ["name", "url"],
                "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
            },
            "interviews": {"type": "array", "items": record},
        },
    }


def _require_all(node):
    """Every documented field is always present (it may be empty or null)."""
    if node.get("type") == "object":
        node["required"] = list(node["properties"])
        for child in node["properties"].values():
            _require_all(child)
    elif node.get("type") == "array":
        _require_all(node["items"])


def table_schema():
    """The Frictionless Table Schema of interviews.csv, built from ``CSV_COLUMNS``."""
    fields = []
    for name, kind, description in CSV_COLUMNS:
        field = {"name": name, "type": kind, "description": description}
        if kind == "boolean":
            field.update(trueValues=["ja"], falseValues=["nein"])
        if kind == "datetime":
            field["format"] = "any"
        fields.append(field)
    return {"fields": fields, "primaryKey": ["interview_slug", "position"], "missingValues": [""]}


def data_package():
    """datapackage.json: the two files, their licence and publisher, with relative paths (valid on any host)."""
    publisher = citation.publication()
    return {
        "name": "mal-nachgefragt-interviews",
        "title": _("Mal nachgefragt! – Interviews zum kommunalen Klimaschutz"),
        "description": _(
            "Alle veröffentlichten Interviews der Reihe „Mal nachgefragt!“: als JSON (ein Objekt je Interview) und "
            "als CSV (eine Zeile je Frage)."
        ),
        "homepage": absolute(reverse("interviews:data")),
        "version": SCHEMA_VERSION,
        "languages": ["de"],
        "licenses": [{"name": publisher["licence_name"], "path": publisher["licence_url"]}],
        "contributors": [{"title": publisher["publisher"], "role": "publisher"}],
        "resources": [
            {
                "name": "interviews-csv",
                "title": _("Interviews, eine Zeile je Frage"),
                "path": "interviews.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": table_schema(),
            },
            {
                "name": "interviews-json",
                "title": _("Interviews, ein Objekt je Interview"),
                "path": "interviews.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "jsonSchema": "interviews.schema.json",
            },
        ],
    }


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
def data_package_json(request):
    body = json.dumps(data_package(), ensure_ascii=False, indent=1)
    return conditional(request, body, "application/json; charset=utf-8", "datapackage.json")


@require_safe
def data_schema_json(request):
    body = json.dumps(json_schema(), ensure_ascii=False, indent=1)
    return conditional(request, body, "application/schema+json; charset=utf-8", "interviews.schema.json")


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
