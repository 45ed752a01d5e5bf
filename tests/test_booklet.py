"""The theme booklet („Themenheft“) is set like the parts: cover, two columns, theme colour, running heads,
each Kommune with its name and portrait, no half-empty page, the series' back page."""

import io
import random
import re

import pikepdf
import pyphen
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from interviews.pdf import booklet, collections, columns, hyphenation, turns
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory
from tests.pdf_shapes import SENTENCES, normalise, paragraph, portrait_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MM = 96 / 25.4
KOMMUNEN = [
    "Landeshauptstadt Schwerin",
    "Landkreis Vorpommern-Greifswald",
    "Gemeinde Schönefeld",
    "Stadt Frankfurt am Main",
    "Verbandsgemeinde Rhein-Selz",
]


def make_booklet_series(kommunen=KOMMUNEN, words=(260, 180, 320), portraits=True):
    """A series whose published parts all answer one theme (and another one the booklet leaves out)."""
    theme = ThemeFactory(title="Verankerung und Wirkung", print_color="0,65,100,0")
    other = ThemeFactory(title="Personal und Finanzen", print_color="75,0,100,10")
    series = SeriesFactory(themes=[theme, other], planned_parts=len(kommunen) + 1)
    rng = random.Random(7)
    interviews = []
    for part, name in enumerate(kommunen, start=1):
        interview = InterviewFactory(
            series=series,
            part=part,
            published=True,
            kommune=KommuneFactory(name=name),
            interviewee_name=f"Person {part} (fiktiv)",
            photo_credit=f"Fotoarchiv {part}" if portraits else "",
            portrait_alt=f"Porträt der Person {part}" if portraits else "",
        )
        if portraits:
            interview.portrait.save("portrait.jpg", ContentFile(portrait_bytes()), save=True)
        for position, size in enumerate(words):
            QuestionFactory(
                interview=interview,
                theme=theme,
                position=position,
                question=f"Frage {position + 1} an {name}: Wie ist der Klimaschutz bei Ihnen verankert?",
                answer="".join(f"<p>{paragraph(rng, size // 2, SENTENCES)}</p>" for _ in range(2)),
            )
        QuestionFactory(interview=interview, theme=other, position=9, answer="<p>Nicht im Themenheft.</p>")
        interviews.append(interview)
    return theme, series, interviews


def is_margin(line):
    """A running head or folio line, or an entry of the cover's list of Kommunen."""
    line = line.strip()
    if line.startswith("MAL NACHGEFRAGT!"):
        line = line.removeprefix("MAL NACHGEFRAGT!").strip()
    return line in ("", *KOMMUNEN) or re.fullmatch(r"Seite \d+ von \d+", line) or re.search(r" · Teil \d+$", line)


def line_boxes(page):
    """(x, top, bottom) of every line of text on a laid-out page (CSS px)."""
    from weasyprint.formatting_structure import boxes

    found = []

    def walk(box):
        if isinstance(box, boxes.LineBox):
            if any(isinstance(child, boxes.TextBox) for child in box.descendants()):
                found.append((box.position_x, box.position_y, box.position_y + box.height))
            return
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return found


def column_fills(page):
    """Fill of the left and right body column of a page: (bottom of the lowest line - top) / content height."""
    box = page._page_box
    top, left, height, width = box.content_box_y(), box.content_box_x(), box.height, box.width
    lines = [line for line in line_boxes(page) if top - 1 <= line[1] and line[2] <= top + height + 1]
    middle = left + width / 2
    fills = []
    for column in ([line for line in lines if line[0] < middle], [line for line in lines if line[0] >= middle]):
        fills.append(max((bottom - top) / height for _x, _top, bottom in column) if column else 0.0)
    return fills, sorted({round(x / MM) for x, _top, _bottom in lines})


@pytest.mark.backend_independent
def test_booklet_is_set_like_the_parts(monkeypatch):
    theme, series, interviews = make_booklet_series()
    entries = collections.booklet_interviews(theme, series)
    # A worker whose first print job is a booklet (no part rendered before in the process).
    monkeypatch.setattr(pyphen, "hdcache", {})

    result = booklet.render_booklet(theme, series, entries)

    # The parts' German hyphenation (dictionary-level corrections) and even word spaces.
    assert isinstance(pyphen.hdcache[pyphen.LANGUAGES["de"]], hyphenation.PrintHyphenation)
    loose, justified = columns.loose_lines(result.document)
    assert justified > 50 and loose <= 0.03 * justified, (loose, justified)
    assert turns.page_turn_hyphens(result.document, columns.columns(result.document)) == []

    reader = PdfReader(io.BytesIO(result.pdf))
    assert result.pages == len(reader.pages) >= 4
    texts = [page.extract_text() for page in reader.pages]
    cover, body, back = texts[0], texts[1:-1], texts[-1]
    # The cover: series band, „Themenheft“, the theme as headline, its Kommunen; the text begins on it.
    assert "THEMENHEFT" in cover and "Verankerung und Wirkung" in cover
    assert "Herausgegeben vom Deutschen Institut für Urbanistik (Difu)" in cover
    assert all(normalise(name) in normalise(cover) for name in KOMMUNEN)
    assert normalise("Frage 1 an Landeshauptstadt Schwerin") in normalise(cover)
    # Every question and answer of the theme, nothing of the other theme.
    everything = normalise("".join(texts))
    # Without the running heads and folios (lines of their own) and the cover's list of Kommunen (read out
    # amid the cover's columns), paragraphs read on across columns and pages.
    running = normalise("".join(line for text in texts for line in text.splitlines() if not is_margin(line)))
    for interview in interviews:
        for question in interview.questions.filter(theme=theme):
            assert normalise(question.question) in everything
            for block in re.findall(r"<p>(.*?)</p>", question.answer):
                assert normalise(block) in running
    assert "NichtimThemenheft" not in everything
    # Running heads and folios on every text page: the series, the Kommune, „Seite x von n“.
    for number, text in enumerate(body, start=2):
        assert "MAL NACHGEFRAGT!" in text, number
        assert any(name in text for name in KOMMUNEN), number
        assert f"Seite {number} von {len(reader.pages)}" in text
    # The series' back page once, at the end, with every part.
    assert "Über die Reihe „Mal nachgefragt!“" in back and not any("Über die Reihe" in text for text in body)
    assert normalise("Landeshauptstadt Schwerin: Fotoarchiv 1") in normalise(back)

    # Two columns of at most 90 mm (the old booklet: one of 174 mm), none lines of more than 75 characters.
    pages = result.document.pages
    for page in pages[1:-1]:
        fills, xs = column_fills(page)
        assert min(xs) == 15 and max(xs) > 105, xs
    lines = [line for text in body for line in text.splitlines()]
    assert max(len(line) for line in lines) <= 75

    # No half-empty page: every text page but the last is at least 85 % filled (each column 75 %),
    # the last at least half (the booklet picks its body size for that).
    assert booklet.BAND.font_min <= result.setting.font_size <= booklet.BAND.font_max
    assert result.last_fill >= booklet.FILL_MIN
    # (A Kommune's head with its portrait, question and first lines stays together: it may leave a hole of
    # up to a fifth of a column, never a half-empty page.)
    for page in pages[1:-2]:
        fills, _xs = column_fills(page)
        assert sum(fills) / 2 >= 0.85 and min(fills) >= 0.75, fills
    last_fills, _xs = column_fills(pages[-2])
    assert sum(last_fills) / 2 >= booklet.FILL_MIN - 0.05, last_fills

    # A question after an answer keeps the parts' space above it (print.css's --question-space), not none.
    following = [box for page in pages for box in _questions_after_paragraphs(page._page_box)]
    assert following and all(box.margin_top > 0.5 * box.style["font_size"] for box in following)

    document = pikepdf.open(io.BytesIO(result.pdf))
    # The theme's colour (0 65 100 0) on the body pages (the heads' rules and the questions' bars).
    operators = [
        [float(value) for value in operands]
        for page in document.pages[1:-1]
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) in {"k", "K", "sc", "SC", "scn", "SCN"} and len(operands) == 4
    ]
    assert [0.0, 0.65, 1.0, 0.0] in operators
    # Each Kommune's portrait, as a CMYK image with its alternative text.
    images = [
        image
        for page in document.pages[:-1]
        for image in (page.obj.Resources.get("/XObject") or {}).values()
        if image.get("/Subtype") == "/Image"
    ]
    assert len({image.objgen for image in images}) == len(interviews)
    assert all(image.ColorSpace == "/DeviceCMYK" for image in images)
    alts = {str(element.Alt) for element in _elements(document.Root.StructTreeRoot) if "/Alt" in element}
    assert {f"Porträt der Person {part}" for part in range(1, 6)} <= alts
    # Bookmarks: one per Kommune, then the back page.
    with document.open_outline() as outline:
        titles = [str(item.title) for item in outline.root]
    assert titles[1 : len(KOMMUNEN) + 1] == KOMMUNEN


def _questions_after_paragraphs(box):
    children = getattr(box, "children", [])
    for before, child in zip(children, children[1:], strict=False):
        if child.element_tag == "h3" and before.element_tag == "p":
            yield child
    for child in children:
        yield from _questions_after_paragraphs(child)


def _elements(node):
    kids = node.get("/K")
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


@pytest.mark.parametrize("kommunen", [KOMMUNEN[:2], KOMMUNEN[:3]])
@pytest.mark.backend_independent
def test_a_short_booklet_fills_its_last_text_page_too(kommunen):
    theme, series, _interviews = make_booklet_series(kommunen, words=(300, 260), portraits=False)

    result = booklet.render_booklet(theme, series, collections.booklet_interviews(theme, series))

    assert booklet.BAND.font_min <= result.setting.font_size <= booklet.BAND.font_max
    assert result.last_fill >= booklet.FILL_MIN, (result.last_fill, result.layouts)
    assert result.layouts <= booklet.MAX_LAYOUTS


def test_a_booklet_another_worker_renders_is_left_to_it_and_a_dead_claim_is_taken_over():
    """The booklet's render is claimed in the database (interviews.pdf.storage), like a part's PDF."""
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from interviews.models import CollectionKind, CollectionPdf, PdfState
    from interviews.pdf import storage

    theme, series, _interviews = make_booklet_series(KOMMUNEN[:2], words=(300, 260), portraits=False)
    digest = collections.booklet_fingerprint(theme, series, collections.booklet_interviews(theme, series))
    row = CollectionPdf.objects.create(kind=CollectionKind.BOOKLET, series=series, theme=theme)
    claimed = {"state": PdfState.RENDERING, "attempt_fingerprint": digest, "attempt_started_at": timezone.now()}
    CollectionPdf.objects.filter(pk=row.pk).update(**claimed)

    assert collections.store_collection(CollectionKind.BOOKLET, series, theme) == "busy"
    row.refresh_from_db()
    assert row.state == PdfState.RENDERING and not row.file

    long_ago = timezone.now() - datetime.timedelta(seconds=storage.render_timeout() + storage.CLAIM_MARGIN_SECONDS + 1)
    CollectionPdf.objects.filter(pk=row.pk).update(attempt_started_at=long_ago)
    assert collections.store_collection(CollectionKind.BOOKLET, series, theme) == "rendered"
    row.refresh_from_db()
    assert row.state == PdfState.CURRENT and row.fingerprint == digest and default_storage.exists(row.file.name)
    assert collections.store_collection(CollectionKind.BOOKLET, series, theme) == "unchanged"
