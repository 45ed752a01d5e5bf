"""Where project figures print (issue 19 items 2 and 4): full width at the foot of a page or column
wide in the text, chosen by the fit; either way every full body page's columns end together.

Interviews of several shapes (short and long, one to three figures, wide, upright and tall photos,
five and six pages) are rendered once for the module; every test reads the layout tree or the PDF
bytes of those renders.
"""

import io

import pikepdf
import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from interviews import pdf
from interviews.pdf import estimate
from interviews.pdf.document import FIGURE_WIDTH_MM, FULL_WIDTH_MM, full_width, printed_height_mm
from tests.factories import FigureFactory
from tests.pdf_shapes import alt_texts, boxes, end_page, make_interview, normalise

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent]

MM = 96 / 25.4
WIDE, UPRIGHT, TALL, SQUARE, PANORAMA = (1500, 1000), (900, 1200), (810, 1440), (1000, 1000), (1600, 900)
# (shape of tests/pdf_shapes.py, answer words, pages, the figures' photo sizes)
SHAPES = [
    ("compounds", 1950, 6, [WIDE, UPRIGHT]),
    ("few_long", 2300, 6, [TALL]),
    ("many_short", 2000, 6, [WIDE, PANORAMA, TALL]),
    ("three_themes", 1700, 5, [PANORAMA, SQUARE]),
    ("quote_heavy", 2700, 6, [WIDE, UPRIGHT]),
    ("compounds", 2950, 6, [WIDE, UPRIGHT]),
]
KEYS = [f"{shape}-{words}-{pages}-{len(sizes)}" for shape, words, pages, sizes in SHAPES]


@pytest.fixture(scope="module")
def placed(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every shape fitted once for the whole module; the rows are rolled back."""
    results = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("figure-media")),
        transaction.atomic(),
    ):
        for (shape, words, pages, sizes), key in zip(SHAPES, KEYS, strict=True):
            interview = make_interview(shape, words=words, pages=pages, published=True)
            for position, (width, height) in enumerate(sizes, start=1):
                FigureFactory(
                    interview=interview,
                    position=position,
                    caption=f"Projekt {position} in {shape}: die neue Anlage am Ortsrand.",
                    credit=f"Foto: Archiv {position}",
                    image__width=width,
                    image__height=height,
                )
            source = pdf.load_source(interview)
            results[key] = {"result": pdf.fit(source, remember=False), "source": source, "pages": pages}
        transaction.set_rollback(True)
    return results


def figure_images(document):
    """(page index, img box) of every project figure's photo in the layout tree."""
    return [
        (index, box)
        for index, page in enumerate(document.pages)
        for box in boxes(page._page_box)
        if box.element_tag == "img" and (box.element.get("alt") or "").startswith("Beschreibung des Bildes")
    ]


def column_gaps(document):
    """Per full body page (after the cover, before the page where the text ends): each column's gap at its
    foot in px, measured here on its own from the layout tree: its lowest box against the foot of the type area,
    or the top of the full-width figures standing there."""

    def lowest(box):
        bottom = box.position_y + box.margin_height() - box.margin_bottom if box.margin_height() else 0.0
        return max([bottom, *[lowest(child) for child in getattr(box, "children", [])]])

    gaps = []
    for index in range(1, end_page(document)):
        page = document.pages[index]._page_box
        area = next((box for box in page.children if type(box).__name__ == "FootnoteAreaBox" and box.children), None)
        foot = area.position_y if area is not None else page.content_box_y() + page.height
        for box in boxes(page):
            if getattr(box, "is_column", False):
                gaps.append((index, foot - lowest(box)))
    return gaps


@pytest.mark.parametrize("key", KEYS)
def test_every_full_body_page_ends_its_columns_within_two_lines_of_the_foot(placed, key):
    result = placed[key]["result"]
    line = result.setting.font_size * result.setting.leading * 96 / 72
    gaps = column_gaps(result.document)
    assert len(gaps) == 2 * (placed[key]["pages"] - 3)
    assert max(round(gap / line, 1) for _page, gap in gaps) <= 2, [(p, round(g / line, 1)) for p, g in gaps]


@pytest.mark.parametrize("key", KEYS)
def test_figures_print_full_width_below_both_columns_or_column_wide_in_the_text(placed, key):
    """Full width: the photo spans both columns (x and width of the type area) and stands below the columns'
    text on a body page; column wide: one column's x and width. Heights follow the setting's fit."""
    result, source = placed[key]["result"], placed[key]["source"]
    document = result.document
    images = figure_images(document)
    assert len(images) == len(source.figures)
    for number, ((index, image), figure) in enumerate(zip(images, source.figures, strict=True)):
        assert 0 < index < end_page(document) + 1  # a body page (the cover and back page hold none)
        page = document.pages[index]._page_box
        columns = [box for box in boxes(page) if getattr(box, "is_column", False)]
        assert image.height == pytest.approx(printed_height_mm(figure, number, result.setting) * MM, abs=1)
        if full_width(result.setting.figure_fit):
            assert image.position_x == pytest.approx(page.content_box_x(), abs=0.5)
            assert image.width == pytest.approx(FULL_WIDTH_MM * MM, abs=0.5)
            if len(columns) < 2:  # the text ends in the left column: only on the last text page
                assert index == end_page(document)
            else:
                spanned = columns[1].position_x + columns[1].width - columns[0].position_x
                assert image.width == pytest.approx(spanned, abs=1)
            assert image.position_y >= max(column.content_box_y() + column.height for column in columns) - 0.5
        else:
            assert image.width == pytest.approx(FIGURE_WIDTH_MM * MM, abs=0.5)
            assert any(column.position_x == pytest.approx(image.position_x, abs=0.5) for column in columns)


def test_the_fit_sets_short_texts_full_width_long_ones_column_wide_within_the_body_band(placed):
    fits = {key: placed[key]["result"].setting for key in KEYS}
    assert all(estimate.FONT_MIN <= setting.font_size <= estimate.FONT_MAX for setting in fits.values())
    assert full_width(fits["compounds-1950-6-2"].figure_fit)
    assert full_width(fits["few_long-2300-6-1"].figure_fit)
    assert not full_width(fits["compounds-2950-6-2"].figure_fit)  # long: the figures give room back
    assert all(placed[key]["result"].measure.pages == placed[key]["pages"] for key in KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_figures_keep_caption_credit_and_alt_text_and_print_in_cmyk(placed, key):
    result, source = placed[key]["result"], placed[key]["source"]
    text = normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(result.pdf)).pages))
    for figure in source.figures:
        assert normalise(figure.caption) in text and normalise(figure.credit) in text
    assert "Foto:Foto:" not in text  # the credits say „Foto:“ themselves: not prefixed again
    with pikepdf.open(io.BytesIO(result.pdf)) as document:
        images = {
            xobject.objgen: xobject
            for page in document.pages
            for xobject in (page.obj.Resources.get("/XObject") or {}).values()
            if xobject.get("/Subtype") == "/Image"
        }
        # The portrait and every figure, all CMYK.
        assert len(images) == len(source.figures) + bool(source.interview.portrait)
        assert {str(x.ColorSpace) for x in images.values()} == {"/DeviceCMYK"}

        alts = list(alt_texts(document.Root.StructTreeRoot))
    assert sum(alt.startswith("Beschreibung des Bildes") for alt in alts) == len(source.figures)
