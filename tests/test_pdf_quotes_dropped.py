"""A first layout that left pull quotes out and missed its page budget is corrected by leaving out more of them at
the same body size (issue 19 item 7: a pull-quote-heavy interview's fit within 1.5× the yardstick).

Real prose nobody wrote for the tests (docs/pdf.md, seed 1133 of ``bench.fit_sweep --sentences``; its shape
and text are in tests/fixtures/real_prose_1133.json; its quotes, like every generated shape's, at most the
300 characters an editor can save): six pages, 26 answers with questions of 25 words, a
pull quote on every second one, a column-wide photo. The length model's first setting leaves quotes out at
the band's foot and ran 0.04 pages onto a seventh page; the corrected model then asked for more quotes out
at another body size (8.55 → 8.56 pt): a whole second layout, 1.65× the yardstick. Now the body size stays
and only the pages from the first quote left out on are made again (``fitting._quotes_dropped``).
"""

import dataclasses

import pytest

from interviews.pdf import columns, fitting
from interviews.pdf.estimate import LengthModel
from tests.pdf_shapes import assert_same_layout, boxes, real_prose

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent]


def printed_quotes(document):
    """{quote index: page index} of the pull quotes in the layout tree."""
    found = {}
    for page_index, page in enumerate(document.pages):
        for box in boxes(page._page_box):
            index = fitting.quote_index(box.element) if box.element_tag == "blockquote" else None
            if index is not None:
                found.setdefault(index, page_index)
    return found


def test_more_quotes_left_out_at_the_same_body_size_instead_of_a_second_whole_layout(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data, _interview, source = real_prose(1133)
    pages = data["pages"]
    quotes = len(source.body_quotes)

    result = fitting.fit(source, remember=False)

    # The fit's first layout: the length model's setting, quotes left out at the band's foot, a page too long.
    renderer = fitting.Renderer(source)
    model = LengthModel(source, renderer.portrait_mm)
    first = fitting._predict(model, pages - 3 + fitting.FILL_TARGET_LAST)
    first_document, too_long = renderer.layout(first)
    assert first.quotes_dropped > 0 and too_long.pages == pages + 1
    # The second: the same body size and spaces, more quotes left out.
    assert result.layouts == 2
    assert dataclasses.replace(result.setting, quotes_dropped=first.quotes_dropped) == first
    assert first.quotes_dropped < result.setting.quotes_dropped < quotes
    # Printed: the quotes from the start, the others not; made again: the pages from the first one left out on
    # (or the page before, where the block before it stood).
    kept = quotes - result.setting.quotes_dropped
    assert sorted(printed_quotes(result.document)) == list(range(kept))
    first_out = printed_quotes(first_document)[kept]
    assert first_out > 1 and result.pages_made - len(first_document.pages) <= pages - first_out + 1
    # It fits: the page budget, the last page within the window, full columns end together.
    assert result.measure.pages == len(result.document.pages) == pages
    assert fitting.FILL_MIN_LAST <= result.measure.last_fill <= fitting.FILL_MAX_LAST
    assert columns.worst_full_page_gap(result.document) <= columns.FOOT_GAP_LINES
    # The pages laid out again come out as a whole layout at the same setting, box by box.
    whole, _measure = fitting.Renderer(source).layout(result.setting)
    columns.justify(whole)
    columns.even_spacing(whole)
    assert assert_same_layout(result.document, whole) > 1000
