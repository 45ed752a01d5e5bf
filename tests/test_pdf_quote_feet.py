"""A pull quote that does not fit a column's foot is set one block later (issue 19 item 4), from the layout tree.

A pull quote may not split. One of the field's 300 characters takes ten lines and more at the quote's size;
where it does not fit below a column's text it goes whole to the next column and leaves a hole that
vertical justification cannot take (generated seed 131 with such quotes, on main before: 3.07 lines; with
real prose, docs/pdf.md „Text nobody wrote for the tests“, seed 1024: 5.61). The fit then sets the quote
after the paragraph that followed it (``fitting._quote_moved``, ``Setting.quotes_moved``): that paragraph,
which may split, fills the column's foot.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from interviews import pdf
from interviews.models import Question
from interviews.pdf import columns, fitting
from tests.pdf_shapes import assert_same_layout, end_page, full_page_gaps, generated_shape, make_interview

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]

SEED = 131
# 253 characters: inside the field's 300.
LONG_QUOTE = (
    "Wir haben gelernt, dass Klimaschutz nur gelingt, wenn alle Fachbereiche, die Politik und die "
    "Bürgerschaft an einem Strang ziehen, Zuständigkeiten klar verteilt sind und jede Maßnahme "
    "nachvollziehbar begründet wird, auch wenn das Zeit und viele Gespräche kostet."
)


@pytest.fixture(scope="module")
def fitted(django_db_setup, django_db_blocker, tmp_path_factory):
    """(pages, Source, FitResult) of seed 131 with every pull quote of the long kind."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("quote-feet-media")),
        transaction.atomic(),
    ):
        shape, pages = generated_shape(SEED)
        interview = make_interview(shape, pages=pages, seed=SEED, slug="quote-feet")
        Question.objects.filter(interview=interview).exclude(pull_quote="").update(pull_quote=LONG_QUOTE)
        source = pdf.load_source(interview)
        result = pdf.fit(source, remember=False)
        transaction.set_rollback(True)
    return pages, source, result


def test_the_quote_after_the_hole_is_set_one_paragraph_later_and_the_columns_end_together(fitted):
    pages, source, result = fitted
    line = result.setting.font_size * result.setting.leading * 96 / 72
    gaps = full_page_gaps(result.document)
    assert len(gaps) >= 2 * (end_page(result.document) - 1)
    assert max(gap / line for _page, gap in gaps) <= 2, [(p, round(g / line, 1)) for p, g in gaps]
    assert (result.measure.pages, len(result.document.pages), result.layouts) == (pages, pages, 2)
    # Every quote printed, the moved one after the paragraph that followed it in the text as built.
    assert result.setting.quotes_dropped == 0
    [moved] = result.setting.quotes_moved
    blocks = [
        (columns.kind(block), block.element)
        for column in columns.columns(result.document)
        for block in column.blocks
        if columns.kind(block) in ("quote", "text")
    ]
    printed = {fitting.quote_index(element) for kind, element in blocks if kind == "quote"}
    assert printed == set(range(len(source.body_quotes)))
    element, section = fitting.Renderer(source).quotes[moved]
    built = list(section)
    follower = text_of(built[built.index(element) + 1])
    quote_at = next(i for i, (kind, e) in enumerate(blocks) if kind == "quote" and fitting.quote_index(e) == moved)
    follower_at = next(i for i, (kind, e) in enumerate(blocks) if kind == "text" and text_of(e) == follower)
    assert follower_at < quote_at


def text_of(element):
    return " ".join("".join(element.itertext()).split())


def test_the_later_layout_equals_a_whole_layout(fitted):
    """The layout with the quote moved makes again only the pages from the hole's on (``repaginate``), and
    comes out as a whole new layout at the same setting, box by box."""
    pages, source, result = fitted
    assert result.pages_made < 2 * pages
    whole, _measure = fitting.Renderer(source).layout(result.setting)
    columns.justify(whole)
    columns.even_spacing(whole)
    assert assert_same_layout(result.document, whole) > 1000
