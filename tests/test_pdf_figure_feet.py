"""Columns end together above a full-width figure (issue 19 item 4), read from the layout tree.

A theme head with its question and two lines of its answer (about ten lines, kept together) that does
not fit the room left above a full-width figure at a page's foot goes to the next column and leaves a hole
the vertical justification cannot take. The fit then prints that figure lower (the head fits above it) or
taller (the column's text ends at it) for one more layout (``fitting._figure_sized``,
``Setting.figures_sized``). Generated shapes nobody tuned for (docs/pdf.md „Seeds nobody tuned for“), on
main before: 487 (eight pages, three full-width figures, 8.5 pt) 3.25 lines short on page 5 and 3.01 on
page 2; 641 (six pages, compounds) 3.87 on page 2; 907 (six pages, 25-word questions, a 2.9:1 banner) 6.82
on the first body page. Each is fitted once for the module; the rows are rolled back.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from interviews import pdf
from interviews.pdf import columns, fitting
from interviews.pdf.document import FULL_WIDTH_MM, figure_height_mm, full_height_limits_mm, printed_height_mm
from tests.pdf_shapes import (
    assert_same_layout,
    end_page,
    figure_photos,
    full_page_gaps,
    generated_shape,
    make_interview,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]

MM = 96 / 25.4
# seed: (figure sized, printed lower (True) or taller)
SEEDS = {487: (0, True), 641: (0, False), 907: (0, True)}


@pytest.fixture(scope="module")
def fitted(django_db_setup, django_db_blocker, tmp_path_factory):
    """{seed: (pages, Source, FitResult)}"""
    results = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("figure-feet-media")),
        transaction.atomic(),
    ):
        for seed in SEEDS:
            shape, pages = generated_shape(seed)
            source = pdf.load_source(make_interview(shape, pages=pages, seed=seed, slug=f"feet-{seed}"))
            results[seed] = (pages, source, pdf.fit(source, remember=False))
        transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("seed", SEEDS)
def test_every_full_body_page_ends_its_columns_within_two_lines_of_the_foot(fitted, seed):
    pages, _source, result = fitted[seed]
    line = result.setting.font_size * result.setting.leading * 96 / 72
    gaps = full_page_gaps(result.document)
    assert len(gaps) >= 2 * (end_page(result.document) - 1)
    assert max(gap / line for _page, gap in gaps) <= 2, [(p, round(g / line, 1)) for p, g in gaps]
    assert result.measure.pages == pages
    assert len(result.document.pages) == pages
    assert result.layouts <= 2


@pytest.mark.parametrize("seed", SEEDS)
def test_the_figure_below_the_hole_prints_lower_or_taller_within_its_crop_limits(fitted, seed):
    """Every figure prints full width at the foot of a body page, at the height ``printed_height_mm`` gives;
    the one sized for the column foot differs from what ``figure_fit`` alone sets, within 3:1 and the photo's
    own shape (at most 3:2)."""
    _pages, source, result = fitted[seed]
    index, lower = SEEDS[seed]
    sized = dict(result.setting.figures_sized)
    assert set(sized) == {index}
    figure = source.figures[index]
    low, high = full_height_limits_mm(figure)
    by_fit = figure_height_mm(figure, result.setting.figure_fit)
    own = figure.image_height / figure.image_width
    if lower:  # never flatter than 3:1
        assert FULL_WIDTH_MM / 3 - 0.1 <= low <= sized[index] < by_fit
    else:  # never taller than the photo's own shape, nor than 3:2
        assert by_fit < sized[index] <= high <= FULL_WIDTH_MM * min(2 / 3, own) + 0.1
    photos = figure_photos(result.document)
    assert sorted(photos) == list(range(len(source.figures)))  # every figure printed
    for number, (page_index, photo) in photos.items():
        page = result.document.pages[page_index]._page_box
        assert 0 < page_index < len(result.document.pages) - 1
        printed = printed_height_mm(source.figures[number], number, result.setting)
        assert photo.height == pytest.approx(printed * MM, abs=1)
        assert photo.width == pytest.approx(FULL_WIDTH_MM * MM, abs=0.5)
        area = columns.foot_figures(page)
        assert area is not None and area.position_y <= photo.position_y
        assert photo.position_y + photo.height <= page.content_box_y() + page.height + 0.5
    page_index, photo = photos[index]
    assert photo.height == pytest.approx(sized[index] * MM, abs=1)


def test_the_later_layout_keeps_the_pages_before_the_figure_and_equals_a_whole_layout(fitted):
    """The layout with the figure sized makes again only the pages from the figure's on (``repaginate``), and
    comes out as a whole new layout at the same setting, box by box."""
    pages, source, result = fitted[641]
    assert result.layouts == 2
    assert result.pages_made < 2 * pages
    whole, _measure = fitting.Renderer(source).layout(result.setting)
    columns.justify(whole)
    columns.even_spacing(whole)
    assert assert_same_layout(result.document, whole) > 1000
