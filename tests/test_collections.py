"""Series volume („Sammelband“) and theme booklet („Themenheft“): made by the task, stored, served, re-made."""

import io
import re
import subprocess

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader

from interviews import pdf
from interviews.models import CollectionKind, CollectionPdf, Question
from interviews.pdf import collections
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory
from tests.pdf_shapes import make_interview, normalise

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def series_parts():
    first = make_interview("no_portrait", published=True, slug="teil-vier")
    second = make_interview(
        "no_portrait",
        published=True,
        seed=9,
        series=first.series,
        part=5,
        slug="teil-fuenf",
        title="Wärme für Görlitz",
        kommune=KommuneFactory(name="Görlitz", slug="goerlitz"),
    )
    draft = InterviewFactory(series=first.series, part=6, title="Geheimer Entwurf", slug="entwurf")
    QuestionFactory(interview=draft, theme=first.questions.first().theme, answer="<p>Geheimantwort</p>")
    for interview in (first, second):
        assert pdf.store_pdf(interview) == "rendered"  # what the part render task does after publishing
    return first, second


def blank_stretches_mm(data, page, tmp_path):
    """Heights (mm) of the runs of pixel rows without any ink on ``page`` (1-based), at 30 dpi."""
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-png", "-singlefile", "-", str(tmp_path / "p")],
        input=data,
        check=True,
    )
    with Image.open(tmp_path / "p.png") as image:
        grey = image.convert("L")
        width, height = grey.size
        pixels = grey.load()
        blank = [all(pixels[x, y] > 245 for x in range(width)) for y in range(height)]
    runs, run = [0], 0
    for row in blank:
        run = run + 1 if row else 0
        runs.append(run)
    return [round(r * 297 / height, 1) for r in runs]


def rgb_operators(document):
    found = 0
    for page in document.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in {"rg", "RG"}:
                found += 1
            if str(operator) in {"cs", "CS"} and operands and str(operands[0]) == "/DeviceRGB":
                found += 1
    return found


def assert_joined_structure(document, sources):
    """One structure tree: a Document with a Part per joined PDF; every page's marked content reachable."""
    root = document.Root.StructTreeRoot
    [top] = root.K
    assert top.S == "/Document"
    assert [str(kid.S) for kid in top.K] == ["/Part"] * sources
    nums = root.ParentTree.Nums
    tree = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}
    keys = [int(page.obj.StructParents) for page in document.pages]
    assert len(set(keys)) == len(document.pages) and int(root.ParentTreeNextKey) > max(keys)
    for page, key in zip(document.pages, keys, strict=True):
        owners = [element for element in tree[key] if isinstance(element, pikepdf.Dictionary) and "/Pg" in element]
        assert all(element.Pg.objgen == page.obj.objgen for element in owners)
    fonts = {str(font.BaseFont) for page in document.pages for font in (page.obj.Resources.get("/Font") or {}).values()}
    assert fonts and all("Source" in name for name in fonts), fonts


def outline_titles(document):
    with document.open_outline() as outline:
        return [(str(item.title), [str(child.title) for child in item.children]) for item in outline.root]


def test_volume_holds_front_matter_every_published_part_as_stored_and_one_back_page(client, series_parts, tmp_path):
    first, second = series_parts

    assert collections.store_collection(CollectionKind.VOLUME, first.series) == "rendered"

    row = CollectionPdf.objects.get(kind=CollectionKind.VOLUME, series=first.series)
    first.refresh_from_db()
    second.refresh_from_db()
    data = default_storage.open(row.file.name).read()
    assert data.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(data))
    part_pages = [len(PdfReader(default_storage.open(i.pdf_file.name)).pages) for i in (first, second)]
    # Each part without its own back page; the series' back page once, at the end.
    assert len(reader.pages) == row.pages == 2 + sum(part_pages) - 2 + 1
    texts = [page.extract_text() for page in reader.pages]
    assert sum("Über die Reihe „" in text for text in texts) == 1 and "Über die Reihe „" in texts[-1]
    assert "Herausgegeben vom Deutschen Institut für Urbanistik (Difu) für den Arbeitskreis" in texts[0]
    assert "Herausgegeben von Deutsches" not in texts[0]

    # Page labels say what the pages print: i, ii for the front matter, part-page for the parts.
    labels = reader.page_labels
    expected = ["i", "ii"]
    for interview, pages in zip((first, second), part_pages, strict=True):
        expected += [f"{interview.part}-{page}" for page in range(1, pages)]
    assert labels == [*expected, "Rückseite"]
    assert texts[1].rstrip().endswith("ii")
    for text, label in zip(texts[2:-1], labels[2:-1], strict=True):
        part, page = label.split("-")
        if page != "1":  # a part's cover prints no folio
            assert f"Seite {page} von " in text, label
    contents = texts[1]
    assert "Inhalt" in contents and "Ilm-Kreis" in contents and "Görlitz" in contents
    assert "Geheimer Entwurf" not in contents
    numbers = set(re.findall(r"\b(\d+-\d+)$", contents, re.M))
    assert {"4-1", "5-1"} <= numbers and numbers <= set(labels)
    own_first_page = PdfReader(default_storage.open(first.pdf_file.name)).pages[0].extract_text()
    assert texts[2] == own_first_page
    back = normalise(texts[-1])
    assert normalise("Deutsches Institut für Urbanistik gGmbH (Difu) (Hrsg.)") in back and "ZITIERVORSCHLAG" in back
    assert "IlmKreis" in back and "Görlitz" in back  # the series' parts
    # The last page is the designed back page: no white stretch of 15 mm (the foot is the series' blue).
    assert max(blank_stretches_mm(data, len(reader.pages), tmp_path)) < 15

    document = pikepdf.open(io.BytesIO(data))
    titles = outline_titles(document)
    assert [title for title, _children in titles] == [
        "Titel",
        "Inhalt",
        "Teil 4: Ilm-Kreis – Klimaschutz als Gemeinschaftsaufgabe",
        "Teil 5: Görlitz – Wärme für Görlitz",
        "Über die Reihe, Impressum und Zitiervorschlag",
    ]
    assert "Klimaneutrale Wärmeplanung" in titles[2][1] and "Personal und Finanzen" in titles[3][1]
    assert not any(child.startswith("Über die Reihe") for _title, children in titles for child in children)
    assert "Klimaschutz als Gemeinschaftsaufgabe" not in titles[2][1]  # the part's label names its headline
    assert rgb_operators(document) == 0
    assert str(document.Root.Lang) == "de-DE"
    with document.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == "Sammelband: Mal nachgefragt! Interviews zu Herausforderungen im Klimaschutz 2026"
        assert meta["dc:creator"] == ["Deutsches Institut für Urbanistik gGmbH (Difu)"]
        assert "Ilm-Kreis" in meta["pdf:Keywords"] and "Görlitz" in meta["pdf:Keywords"]
        assert meta["dc:description"]
    info = reader.metadata
    assert info.title.startswith("Sammelband") and info.author and info.subject and "Görlitz" in info["/Keywords"]
    assert b"Geheimantwort" not in data
    assert_joined_structure(document, sources=4)  # front matter, two parts, back page

    response = client.get(f"/reihen/{first.series.slug}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == data
    assert client.get(f"/reihen/{first.series.slug}/", follow=True).content.decode().count("/pdf/") >= 1


def front_pages_text(parts):
    """The volume's cover and contents for ``parts`` parts of one series, two in three long-named: each page's text."""
    themes = [ThemeFactory(title=title) for title in ("Verankerung", "Klimapolitik", "Wärmeplanung", "Finanzen")]
    series = SeriesFactory(themes=themes, planned_parts=24)
    contents = []
    for part in range(1, parts + 1):
        long = part % 3 != 2  # two parts in three with a Kommune, headline and role that run over a line
        interview = InterviewFactory(
            series=series,
            part=part,
            published=True,
            is_sample=True,
            title="Klimaschutz zwischen Weinbergen und Welterbe" if long else "Kurze Wege",
            kommune=KommuneFactory(
                name=f"Verbandsgemeinde Sankt Goarshausen-Loreley-Weinberg {part} am Mittelrhein" if long else "Stadt"
            ),
            interviewee_name="Katharina Wendelstein-Oberhauser",
            interviewee_role="Leiterin der Stabsstelle Klimaschutz und Nachhaltigkeit im Landratsamt" if long else "",
        )
        themes_pages = [(theme.title, f"{part}-{page}") for page, theme in enumerate(themes, start=2)]
        contents.append({"interview": interview, "page": f"{part}-1", "themes": themes_pages})
    document = collections.render_front(series, contents)
    return [page.extract_text() for page in PdfReader(io.BytesIO(document.write_pdf())).pages]


def test_six_long_named_parts_fit_the_contents_page_and_the_back_pages_line_never_stands_alone():
    """Review of issue 19: a six-part contents ran one line (the back page's) onto a third, empty page."""
    assert len(front_pages_text(6)) == 2  # the cover and one page of contents
    twelve = front_pages_text(12)
    assert len(twelve) > 2 and "Teil 12" in twelve[-1] and "Rückseite" in twelve[-1]


def test_volume_is_made_again_only_when_a_part_changes(series_parts, django_capture_on_commit_callbacks, settings):
    first, _second = series_parts
    collections.store_collection(CollectionKind.VOLUME, first.series)
    row = CollectionPdf.objects.get(kind=CollectionKind.VOLUME)
    old_file, old_digest = row.file.name, row.fingerprint

    assert collections.store_collection(CollectionKind.VOLUME, first.series) == "unchanged"

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        first.title = "Neue Überschrift im Sammelband"
        first.save()

    row.refresh_from_db()
    assert row.fingerprint != old_digest and row.file.name != old_file
    assert not default_storage.exists(old_file)
    text = "".join(page.extract_text() for page in PdfReader(default_storage.open(row.file.name)).pages[:3])
    assert "Neue Überschrift im Sammelband" in text


def test_booklet_has_every_published_kommune_answer_on_its_theme_only(client, series_parts):
    first, second = series_parts
    theme = first.questions.order_by("position").first().theme
    other_answer = Question.objects.filter(interview=first).exclude(theme=theme).first()

    assert collections.store_collection(CollectionKind.BOOKLET, first.series, theme) == "rendered"

    row = CollectionPdf.objects.get(kind=CollectionKind.BOOKLET, theme=theme)
    data = default_storage.open(row.file.name).read()
    reader = PdfReader(io.BytesIO(data))
    # Up to the series' back page (which lists every part).
    text = normalise("".join(page.extract_text() for page in reader.pages[:-1]))
    assert normalise("THEMENHEFT") in text and normalise(theme.title) in text
    assert normalise("Ilm-Kreis") in text and "Görlitz" not in text  # Görlitz answered on other (own) themes
    for question in Question.objects.filter(interview=first, theme=theme):
        assert normalise(question.question) in text
    assert normalise(other_answer.question) not in text
    assert "Geheimantwort" not in text
    document = pikepdf.open(io.BytesIO(data))
    assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "de"
    assert rgb_operators(document) == 0
    titles = [title for title, _children in outline_titles(document)]
    assert titles == ["Verankerung und Wirkung", "Ilm-Kreis", "Über die Reihe „Mal nachgefragt!“ 2026"]

    response = client.get(f"/themen/{theme.slug}/pdf/?reihe={first.series.slug}")
    assert b"".join(response.streaming_content) == data
    page = client.get(f"/themen/{theme.slug}/?reihe={first.series.slug}").content.decode()
    assert f'href="/themen/{theme.slug}/pdf/?reihe={first.series.slug}"' in page


def test_missing_collections_are_503_never_rendered_in_the_request(client, series_parts, monkeypatch):
    first, _second = series_parts
    monkeypatch.setattr(pdf.fitting, "fit", lambda *a, **k: pytest.fail("rendered in a request"))
    theme = first.questions.first().theme

    volume = client.get(f"/reihen/{first.series.slug}/pdf/")
    booklet = client.get(f"/themen/{theme.slug}/pdf/?reihe={first.series.slug}")

    for response in (volume, booklet):
        assert response.status_code == 503
        assert response["Retry-After"] == "300"
        assert "wird gerade erstellt" in response.content.decode()
    assert not CollectionPdf.objects.exists()
    assert client.get("/reihen/gibt-es-nicht/pdf/").status_code == 404
    assert client.get(f"/themen/{theme.slug}/pdf/?reihe=gibt-es-nicht").status_code == 404


def test_render_pdfs_makes_missing_collections(series_parts):
    out = io.StringIO()

    call_command("render_pdfs", stdout=out)

    # A volume and a booklet per theme with published answers (each part brings its own four themes).
    assert "Sammelbände und Themenhefte: 9 neu erstellt" in out.getvalue()
    assert CollectionPdf.objects.exclude(file="").count() == 9
