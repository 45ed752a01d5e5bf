"""The fit's guarantees on generated shapes (issue 19 items 2, 4 and 7), read from the layout tree.

Shapes come from ``tests.pdf_shapes.generated_shape`` (seeded: 1,500-3,500 answer words in 12-40
answers of uneven length, short, long or 25-word questions, pull quotes in every second to fifth
answer or none, 0-3 project figures from a 2.9:1 banner to a 9:16 upright, a portrait or none,
three or four themes, 5, 6 or 8 pages), all inside the page budget. Each is fitted once for the
module; the rows are rolled back.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from interviews import pdf
from interviews.pdf import estimate
from interviews.pdf.document import FIGURE_WIDTH_MM, FULL_WIDTH_MM
from interviews.pdf.fitting import FitResult
from tests.pdf_shapes import boxes, end_page, generated_shape, make_interview

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


# Seed 105 (eight pages, a full-width upright photo): a question of three lines with its two lines
# of answer does not fit the six lines left above the figure on page 3; justification and the
# leading's feathering take three of them, both layouts the fit makes keep 3.35 lines.
# Seed 130 (eight pages, no figure): a column of a full page ends 2.56 lines short. Seed 126
# (eight pages, answers in lists) had 2.03 lines until the length model's first setting changed
# (5 December): its layouts now break elsewhere.
KNOWN_HOLES = {
    105: "a three-line question moved on: 3.35 lines above a full-width figure (docs/pdf.md)",
    130: "eight pages, two layouts: 2.56 lines at a full page's column foot (docs/pdf.md)",
}


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(seed, marks=pytest.mark.xfail(strict=True, reason=KNOWN_HOLES[seed]))
        if seed in KNOWN_HOLES
        else seed
        for seed in SEEDS
    ],
)
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
