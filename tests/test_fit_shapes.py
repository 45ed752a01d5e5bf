"""The fit's guarantees on generated shapes (issue 19 items 2, 4 and 7), read from the layout tree.

Shapes come from ``tests.pdf_shapes.generated_shape`` (seeded: 1,500-3,500 answer words in 12-40
answers of uneven length, short, long or 25-word questions, pull quotes in every second to fifth
answer or none, 0-3 project figures from a 2.9:1 banner to a 9:16 upright, a portrait or none,
three or four themes, 5, 6 or 8 pages), all inside the page budget. Each is fitted once for the
module; the rows are rolled back.
"""

import random

import pytest
from django.db import transaction
from django.test import override_settings

from bench.review import short_ends
from interviews import pdf
from interviews.pdf import columns, estimate
from interviews.pdf.document import FIGURE_WIDTH_MM, FULL_WIDTH_MM
from interviews.pdf.fitting import FitResult
from tests.pdf_shapes import (
    SENTENCES,
    Shape,
    boxes,
    end_page,
    generated_shape,
    make_interview,
    missing_texts,
    paragraph,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]

SEEDS = range(100, 136)
MM = 96 / 25.4


@pytest.fixture(scope="module")
def fitted(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every seed's shape fitted once: {seed: (shape, pages, FitResult or PageBudgetError)}."""
    results = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("shape-media")),
        transaction.atomic(),
    ):
        for seed in SEEDS:
            shape, pages = generated_shape(seed)
            interview = make_interview(shape, pages=pages, seed=seed, slug=f"form-{seed}")
            try:
                outcome = pdf.fit(pdf.load_source(interview), remember=False)
            except pdf.PageBudgetError as error:
                outcome = error
            results[seed] = (shape, pages, outcome)
        transaction.set_rollback(True)
    return results


def full_page_gaps(document):
    """(page index, gap px) of every column of the full body pages (after the cover, before the page where
    the text ends): where its ink ends against the page's text bottom (the top of the full-width figures at
    its foot, else the foot of the type area). Measured here on its own from the layout tree: a block with
    lines ends with its last line (WeasyPrint stretches the box of a paragraph that goes on in the next
    column down to the foot, also when it kept lines back for it), any other with its lowest box."""

    def lowest(box):
        lines = [child for child in getattr(box, "children", []) if type(child).__name__ == "LineBox"]
        if lines:
            return lines[-1].position_y + lines[-1].height
        bottom = box.position_y + box.margin_height() - box.margin_bottom if box.margin_height() else 0.0
        children = getattr(box, "children", [])
        return max(lowest(child) for child in children) if children else bottom

    gaps = []
    for index in range(1, end_page(document)):
        page = document.pages[index]._page_box
        area = next((box for box in page.children if type(box).__name__ == "FootnoteAreaBox" and box.children), None)
        foot = area.position_y if area is not None else page.content_box_y() + page.height
        gaps += [(index, foot - lowest(box)) for box in boxes(page) if getattr(box, "is_column", False)]
    return gaps


def figure_widths(document):
    """The printed width (mm) of every project figure's photo in the layout tree."""
    return [
        round(box.width / MM, 1)
        for page in document.pages
        for box in boxes(page._page_box)
        if box.element_tag == "img" and (box.element.get("alt") or "").startswith("Beschreibung des Bildes")
    ]


def fits(fitted):
    return {seed: outcome for seed, (_shape, _pages, outcome) in fitted.items() if isinstance(outcome, FitResult)}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_full_body_page_ends_its_columns_within_two_lines_of_the_foot(fitted, seed):
    shape, pages, result = fitted[seed]
    if not isinstance(result, FitResult):
        pytest.skip(f"refused: {result.label}")  # what a refusal says: the test below
    line = result.setting.font_size * result.setting.leading * 96 / 72
    gaps = full_page_gaps(result.document)
    assert len(gaps) >= 2 * (end_page(result.document) - 1)
    assert max((gap / line for _page, gap in gaps), default=0) <= 2, [(p, round(g / line, 1)) for p, g in gaps]
    assert result.measure.pages == pages
    assert estimate.FONT_MIN <= result.setting.font_size <= estimate.FONT_MAX


@pytest.mark.parametrize("seed", SEEDS)
def test_every_figure_prints_all_at_one_width_in_one_or_two_layouts(fitted, seed):
    shape, _pages, result = fitted[seed]
    if not isinstance(result, FitResult):
        pytest.skip(f"refused: {result.label}")
    widths = figure_widths(result.document)
    assert len(widths) == len(shape.figures)  # no figure dropped
    assert len(set(widths)) <= 1  # no mixed placement
    assert set(widths) <= {round(FULL_WIDTH_MM, 1), round(FIGURE_WIDTH_MM, 1)}
    assert result.layouts <= 2


# Issue 19 item 5 on shapes nobody wrote the even spacing for. Seed 132 (long compounds at 9.8 pt) had 3.2 % loose
# lines (greedy line breaking: „Energieeffizienzmaßnahmen im Verwaltungs-“ with two or three word spaces, already
# at the letter spacing's limit); the look-ahead (interviews/pdf/lookahead.py) sets it below 3 %.


@pytest.mark.parametrize("seed", SEEDS)
def test_at_most_three_percent_of_justified_lines_are_loose(fitted, seed):
    _shape, _pages, result = fitted[seed]
    if not isinstance(result, FitResult):
        pytest.skip(f"refused: {result.label}")
    loose, justified = columns.loose_lines(result.document)
    assert justified > 100
    assert loose <= 0.03 * justified, (loose, justified)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_hyphen_at_a_page_turn_in_headlines_or_addresses(fitted, seed):
    _shape, _pages, result = fitted[seed]
    if not isinstance(result, FitResult):
        pytest.skip(f"refused: {result.label}")
    document = result.document
    assert pdf.turns.page_turn_hyphens(document, columns.columns(document)) == []
    assert hyphenated_ends(document) == []
    # Nor does a paragraph end on a line of two to four letters („Wär-/me“).
    assert short_ends(document) == []


def hyphenated_ends(document):
    """The lines of headlines and theme heads (h1, h2) and the pieces of web addresses (``a.url``, one per
    line) that end with a hyphen."""
    found = []
    for page in document.pages:
        for box in boxes(page._page_box):
            classes = (box.element.get("class") or "").split() if box.element is not None else []
            if box.element_tag in ("h1", "h2"):
                pieces = [columns.text_boxes(line) for line in columns.line_boxes(box)]
            elif box.element_tag == "a" and "url" in classes and type(box).__name__ == "InlineBox":
                pieces = [columns.text_boxes(box)]
            else:
                continue
            texts = ("".join(text.text for text in piece).rstrip().rstrip("\u200b\u2060") for piece in pieces)
            found += [text for text in texts if text.endswith("-")]
    return found


def test_most_generated_shapes_fit_in_one_layout(fitted):
    layouts = [result.layouts for result in fits(fitted).values()]
    assert len(layouts) >= 0.8 * len(SEEDS)
    assert sum(count == 1 for count in layouts) >= 0.7 * len(layouts), sorted(layouts)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_refusal_names_what_to_cut_and_the_figures(fitted, seed):
    shape, _pages, outcome = fitted[seed]
    if isinstance(outcome, FitResult):
        return
    message = outcome.messages[0]
    assert outcome.words_to_cut or outcome.words_to_add, message
    if shape.figures and outcome.words_to_cut:
        assert "Abbildung herausnehmen" in message, message


# Answers pasted from a Word transcript as ONE paragraph of 1,300-1,800 words among answers of
# 45-90-word paragraphs: columns that hold nothing but the middle or the tail of that paragraph
# (no space between blocks to stretch). Before: 2.39 lines short at the foot of a right column
# (six pages: the paragraph broke two lines early so that no hyphen crosses the page turn, and
# a column of one block was not justified at all), 7.55 lines before a theme head that did not
# fit below the paragraph's tail (five pages; the nudged second layout kept it).
ONE_PARAGRAPH = {
    "six-pages": (Shape(questions=10, words=1000, quotes=False), 6, {2: 1800}),
    "five-pages": (Shape(questions=8, words=1100, quotes=False), 5, {1: 1300}),
}


@pytest.fixture(scope="module")
def one_paragraph(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each ONE_PARAGRAPH shape fitted once: {name: (pages, FitResult, answer texts missing in the PDF)}."""
    results = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("one-paragraph-media")),
        transaction.atomic(),
    ):
        for name, (spec, pages, long_answers) in ONE_PARAGRAPH.items():
            interview = make_interview(spec, pages=pages, seed=1, slug=f"one-paragraph-{name}")
            rng = random.Random(7)
            questions = list(interview.questions.order_by("position"))
            for index, words in long_answers.items():
                questions[index].answer = f"<p>{paragraph(rng, words, SENTENCES)}</p>"
                questions[index].save()
            result = pdf.fit(pdf.load_source(interview), remember=False)
            margins = [interview.series.title, interview.kommune.name]
            results[name] = (pages, result, missing_texts(interview, result.pdf, margins))
        transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("name", ONE_PARAGRAPH)
def test_an_answer_of_one_long_paragraph_ends_every_full_column_within_two_lines(one_paragraph, name):
    pages, result, missing = one_paragraph[name]
    line = result.setting.font_size * result.setting.leading * 96 / 72
    # The shape is what it claims: the long paragraph alone fills at least two columns.
    lengths = [
        len([child for child in box.children if type(child).__name__ == "LineBox"])
        for page in result.document.pages
        for box in boxes(page._page_box)
        if box.element_tag == "p" and len(box.children) > 40
    ]
    assert len(lengths) >= 3, lengths
    gaps = full_page_gaps(result.document)
    assert len(gaps) >= 2 * (end_page(result.document) - 1)
    assert max(gap / line for _page, gap in gaps) <= 2, [(p, round(g / line, 1)) for p, g in gaps]
    assert result.measure.pages == pages
    assert estimate.FONT_MIN <= result.setting.font_size <= estimate.FONT_MAX
    assert result.layouts <= 2
    loose, justified = columns.loose_lines(result.document)
    assert loose <= 0.03 * justified
    assert missing == []  # every word of every answer printed, the long one too
