"""A first layout a little off its page budget is corrected with its full-width figures' heights (issue 19
item 7: the fit's cost).

Real prose nobody wrote for the tests (docs/pdf.md, seed 1086 of ``bench.fit_sweep --sentences``; its shape
and text are in tests/fixtures/real_prose_1086.json): eight pages, pull quotes, three photos printed full
width. The length model's first setting ran 0.06 pages onto a ninth page, and the fit laid the interview
out again at a smaller body size: every page twice, 17 pages made, 1.6× the yardstick. Now the last
figures print lower by what the text is too long (``fitting._length_sized``), within the heights the
figures' fit gives them at full width (5:2 up to their own shape), and only the pages from the first of
them on are made again.
"""

import dataclasses

import pytest

from interviews.pdf import columns, fitting
from interviews.pdf.document import FIGURE_FIT_MAX, FULL_WIDTH_MM, figure_height_mm
from interviews.pdf.estimate import FULL_WIDTH_MIN_FIT
from tests.pdf_shapes import assert_same_layout, figure_photos, missing_texts, real_prose

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent]

MM = 96 / 25.4


def test_the_last_figures_print_lower_instead_of_a_second_whole_layout(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data, interview, source = real_prose(1086)
    pages = data["pages"]

    result = fitting.fit(source, remember=False)

    sized = dict(result.setting.figures_sized)
    assert result.layouts == 2 and sized
    # The same body size and figures' fit without the sizes: the first layout, a page too long.
    first, too_long = fitting.Renderer(source).layout(dataclasses.replace(result.setting, figures_sized=()))
    assert too_long.pages == pages + 1
    # The second layout made the pages from the first sized figure's on, not all of them again.
    photos = figure_photos(result.document)
    first_sized_page = min(photos[index][0] for index in sized)
    assert first_sized_page > 1
    assert result.pages_made == len(first.pages) + pages - first_sized_page
    # It fits: the page budget, the last page within the window, full columns end together.
    assert result.measure.pages == len(result.document.pages) == pages
    assert fitting.FILL_MIN_LAST <= result.measure.last_fill <= fitting.FILL_MAX_LAST
    assert columns.worst_full_page_gap(result.document) <= columns.FOOT_GAP_LINES
    # Each sized figure prints lower than the fit alone sets it, not below 5:2; the photos as printed.
    for index, height in sized.items():
        figure = source.figures[index]
        low, fit_height = figure_height_mm(figure, FULL_WIDTH_MIN_FIT), figure_height_mm(figure, FIGURE_FIT_MAX)
        assert low - 0.05 <= height < figure_height_mm(figure, result.setting.figure_fit) <= fit_height
        assert round(FULL_WIDTH_MM * 2 / 5, 1) == pytest.approx(low, abs=0.1)
        assert photos[index][1].height == pytest.approx(height * MM, abs=1)
        assert photos[index][1].width == pytest.approx(FULL_WIDTH_MM * MM, abs=0.5)
    # Nothing is lost: every question and every paragraph of the answers is in the PDF (running heads and the
    # figures' captions, which the PDF's text puts inside the paragraphs their pages break, taken out).
    margins = [interview.series.title, interview.kommune.name]
    margins += [text for figure in source.figures for text in (figure.caption, figure.credit) if text]
    assert missing_texts(interview, result.pdf, margins) == []
    # The pages laid out again come out as a whole layout at the same setting, box by box.
    whole, _measure = fitting.Renderer(source).layout(result.setting)
    columns.justify(whole)
    columns.even_spacing(whole)
    assert assert_same_layout(result.document, whole) > 1000
