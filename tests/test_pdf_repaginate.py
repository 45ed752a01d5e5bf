"""A later layout of the fit makes again only the pages its change reaches (``interviews.pdf.repaginate``).

Generated shapes whose fit needs a second layout: paragraphs set looser at a column's foot (seed 43,
eight pages), set tighter so that a heading moves up (229), a column-wide figure set earlier in its
theme (277). The fit's document equals, box by box, a whole new layout at the fit's setting; where
the change ends before the last page, the fit laid out fewer pages than its layouts times its pages.
"""

import dataclasses
import io

import pytest
from django.test import override_settings

from interviews import pdf
from interviews.pdf import columns, fitting
from tests.pdf_shapes import assert_same_layout, generated_shape, make_interview

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]


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
    assert assert_same_layout(result.document, whole) > 1000
    assert len(result.document.pages) == pages
    assert result.pages_made <= 2 * pages
    if keeps_pages:
        assert result.pages_made <= pages + pages // 2


@pytest.mark.parametrize("seed", [487, 641])
def test_the_first_layout_stays_whole_when_a_later_one_is_not_kept(seed, tmp_path):
    """Full-width figures. A later layout made from the first (the running text around its first hole set
    tighter, as ``fitting._tracked`` makes it; until the fit printed the figure below the hole lower or
    taller, it did not keep that layout for these seeds and wrote its first) touches no page of the first:
    the first still equals a whole layout, and it is written."""
    import pikepdf

    shape, pages = generated_shape(seed)
    with override_settings(MEDIA_ROOT=tmp_path):
        source = pdf.load_source(make_interview(shape, pages=pages, seed=seed, slug=f"repaginate-{seed}"))
        fitted = pdf.fit(source, remember=False, write=False).setting
        setting = dataclasses.replace(fitted, figures_sized=(), tracked=())  # where the fit's first layout fitted
        renderer = fitting.Renderer(source)
        first, _measure = renderer.layout(setting)
        columns.justify(first)
        later = fitting._tracked(first, setting, renderer)
        assert later is not None and later.tracked
        renderer.layout(later)
        assert renderer.pages_made < 2 * pages  # the later layout began from the first
        whole, _measure = fitting.Renderer(source).layout(setting)
        data = first.write_pdf()
    columns.justify(whole)
    assert assert_same_layout(first, whole) > 1000
    with pikepdf.open(io.BytesIO(data)) as written:
        assert len(written.pages) == pages
