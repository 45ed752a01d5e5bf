"""Each column of a page laid out once (``interviews.pdf.onepass``) gives the layout of WeasyPrint's two passes.

The fit's layouts (``fitting.Renderer.layout``) keep the first pass's columns for the second; here the same
HTML and stylesheets are laid out by WeasyPrint alone (with the hyphen rule at page turns, ``turns``, as
every print render), and the two layouts must agree box by box: on generated shapes with list items
(their markers are positioned boxes), pull quotes, column-wide and full-width figures (the latter
stand in the page's footnote area), with and without a portrait, on 5, 6 and 8 pages.
"""

import pytest
from django.test import override_settings

from interviews import pdf
from interviews.pdf import fitting, turns
from interviews.pdf.document import layout_css
from tests.pdf_shapes import assert_same_layout, generated_shape, make_interview

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]


def weasyprint_alone(source, setting):
    """The layout of WeasyPrint's own column passes at ``setting`` (nothing kept between them)."""
    from weasyprint import CSS

    renderer = fitting.Renderer(source)
    renderer.arrange(setting)
    generated = CSS(string=layout_css(source, setting, False), url_fetcher=renderer.fetcher)
    with turns.guarded():
        return renderer.html.render(
            font_config=renderer.font_config, stylesheets=[renderer.stylesheet, generated], pdf_variant="pdf/ua-1"
        )


# Lists and three column-wide figures (1); eight pages, no portrait, a full-width figure (6); lists and a
# full-width figure (18); lists, no portrait, three figures (28); five pages (42); eight pages of plain answers (46);
# lists beside a full-width figure, a list item at the top of a right-hand column (411).
@pytest.mark.parametrize("seed", [1, 6, 18, 28, 42, 46, 411])
def test_columns_laid_out_once_equal_weasyprints_two_passes(seed, tmp_path):
    shape, pages = generated_shape(seed)
    with override_settings(MEDIA_ROOT=tmp_path):
        source = pdf.load_source(make_interview(shape, pages=pages, seed=seed, slug=f"onepass-{seed}"))
        setting = pdf.fit(source, remember=False, write=False).setting
        once, _measure = fitting.Renderer(source).layout(setting)
        alone = weasyprint_alone(source, setting)
    assert len(once.pages) == pages
    assert assert_same_layout(once, alone) > 1000
