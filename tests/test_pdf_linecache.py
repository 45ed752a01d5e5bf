"""A line of text laid out once per fit (``interviews.pdf.linecache``) gives the layout of laying it out each time.

The same HTML and stylesheets at the fit's setting, laid out as the fit does (hyphen rule and look-ahead,
each column once) with and without the kept lines: the two layouts agree box by box (within 0.001 px: a
line taken at another height is moved there, which rounds differently), and the
kept lines served a good part of the lines WeasyPrint asked for (the cover's columns, the first
pass's look at the next column, full-width figures' pages laid out again). Generated shapes with full-width
figures (6: eight pages, no portrait; 18: lists; 487: three figures, pull quotes) and column-wide figures (1);
seed 489 sets a page's last two lines again with the first set narrower (``turns``, ``lookahead.narrowed``):
a narrower line is neither kept nor taken from those kept.
"""

import contextlib

import pytest
from django.test import override_settings

from interviews import pdf
from interviews.pdf import fitting, linecache, onepass, turns
from interviews.pdf.document import layout_css
from tests.pdf_shapes import assert_same_layout, generated_shape, make_interview

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]


def layout(source, setting, kept):
    """The layout at ``setting`` as the fit makes it, with or without the kept lines; and the lines served."""
    from weasyprint import CSS

    renderer = fitting.Renderer(source)
    renderer.arrange(setting)
    generated = CSS(string=layout_css(source, setting, False), url_fetcher=renderer.fetcher)
    lines = linecache.Lines()
    with turns.guarded(), onepass.active(), linecache.active(lines) if kept else contextlib.nullcontext():
        document = renderer.html.render(
            font_config=renderer.font_config, stylesheets=[renderer.stylesheet, generated], pdf_variant="pdf/ua-1"
        )
    return document, lines.served


@pytest.mark.parametrize("seed", [1, 6, 18, 487, 489])
def test_lines_laid_out_once_equal_lines_laid_out_each_time(seed, tmp_path):
    shape, pages = generated_shape(seed)
    with override_settings(MEDIA_ROOT=tmp_path):
        source = pdf.load_source(make_interview(shape, pages=pages, seed=seed, slug=f"linecache-{seed}"))
        setting = pdf.fit(source, remember=False, write=False).setting
        once, served = layout(source, setting, kept=True)
        each, _none = layout(source, setting, kept=False)
    assert len(once.pages) == pages
    assert assert_same_layout(once, each) > 1000
    assert served > 50


def test_a_later_layout_takes_the_lines_of_the_elements_it_does_not_change(tmp_path):
    """Seed 487 (eight pages, full-width figures): the fit's second layout prints the first figure lower. Laid out
    after the first, it takes most of its lines from it (the pages after the figure's are made again, their
    paragraphs only higher or lower), and equals a whole layout at its setting."""
    import dataclasses

    shape, pages = generated_shape(487)
    with override_settings(MEDIA_ROOT=tmp_path):
        source = pdf.load_source(make_interview(shape, pages=pages, seed=487, slug="linecache-487"))
        fitted = pdf.fit(source, remember=False, write=False).setting
        assert fitted.figures_sized, "the shape's fit no longer sizes a figure: pick another seed"
        renderer = fitting.Renderer(source)
        renderer.layout(dataclasses.replace(fitted, figures_sized=()))
        first = renderer.lines.served
        later, _measure = renderer.layout(fitted)
        whole, _measure = fitting.Renderer(source).layout(fitted)
    assert assert_same_layout(later, whole) > 1000
    assert renderer.lines.served - first > 500
