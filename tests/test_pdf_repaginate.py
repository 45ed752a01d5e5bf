"""A later layout of the fit makes again only the pages its change reaches (``interviews.pdf.repaginate``).

Generated shapes whose fit needs a second layout: paragraphs set looser at a column's foot (seed 43,
eight pages), set tighter so that a heading moves up (229), a column-wide figure set earlier in its
theme (277). The fit's document equals, box by box, a whole new layout at the fit's setting; where
the change ends before the last page, the fit laid out fewer pages than its layouts times its pages.
"""

import pytest
from django.test import override_settings

from interviews import pdf
from interviews.pdf import columns, fitting
from tests.pdf_shapes import generated_shape, make_interview

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]


def boxes(document):
    """Every box of every page: page, kind, position, size and text."""
    return [
        (
            index,
            type(box).__name__,
            round(box.position_x, 3),
            round(box.position_y, 3),
            round(getattr(box, "width", 0) or 0, 3),
            round(getattr(box, "height", 0) or 0, 3),
            getattr(box, "text", None),
        )
        for index, page in enumerate(document.pages)
        for box in page._page_box.descendants()
    ]


@pytest.mark.parametrize(("seed", "keeps_pages"), [(43, True), (229, False), (277, True)])
def test_a_later_layout_equals_a_whole_layout_and_keeps_the_pages_it_does_not_change(seed, keeps_pages, tmp_path):
    shape, pages = generated_shape(seed)
    with override_settings(MEDIA_ROOT=tmp_path):
        source = pdf.load_source(make_interview(shape, pages=pages, seed=seed, slug=f"repaginate-{seed}"))
        result = pdf.fit(source, remember=False, write=False)
        assert result.layouts == 2, "the shape no longer needs a second layout: pick another seed"
        assert result.setting.tracked or result.setting.figures_moved
        whole, _measure = fitting.Renderer(source).layout(result.setting)
    columns.justify(whole)
    columns.even_spacing(whole)
    laid_out = boxes(result.document)
    assert len(laid_out) > 1000
    assert laid_out == boxes(whole)
    assert len(result.document.pages) == pages
    assert result.pages_made <= 2 * pages
    if keeps_pages:
        assert result.pages_made <= pages + pages // 2
