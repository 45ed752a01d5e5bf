"""A Themenheft's columns end together (issue 19, items 4 and 9), on content not written for the test.

Booklets of the demo series and of the review set (bench/review_set.py: six fictional Kommunen with
long names, portraits upright, landscape and tall, 6 to 30 questions): on every full page no column
ends more than two lines short of its foot (measured on the layout tree), only the last text page
may end short, and it is at least half filled; the back page follows it.
"""

import io

import pytest
from django.core.management import call_command

from bench import review
from interviews.models import Series
from interviews.pdf import booklet, collections, columns

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]


def laid_out(theme, series):
    """The booklet of ``theme`` in ``series``: (result, foot gaps in lines of every column before the last)."""
    entries = collections.booklet_interviews(theme, series)
    assert len(entries) >= 2
    result = booklet.render_booklet(theme, series, entries)
    pages = result.document.pages
    end_page = next(index for index, page in enumerate(pages) if "body-end" in page.anchors)
    # The back page follows the last text page; every page before that is a full one.
    assert end_page == len(pages) - 2 and result.pages == len(pages)
    line = result.setting.font_size * result.setting.leading * 96 / 72
    gaps = [(page + 1, round(gap / line, 1)) for page, gap, _lines in columns.foot_gaps(result.document)]
    # Two columns a page, from the cover to the last text page (whose last column may end short).
    assert len(gaps) >= 2 * end_page
    return result, gaps


def assert_columns_end_together(result, gaps):
    assert gaps and all(lines <= 2.0 for _page, lines in gaps), [g for g in gaps if g[1] > 2]
    assert booklet.BAND.font_min <= result.setting.font_size <= booklet.BAND.font_max
    assert result.last_fill >= booklet.FILL_MIN, result.last_fill
    assert_even_leading(result)


def assert_even_leading(result):
    """The lines of the body's paragraphs keep one pitch in every column of every page.

    A column before a Kommune head moved to the next column is justified between its blocks only:
    its paragraphs' leading was up to a fifth of a line wider than its neighbour's (feathering).
    """
    body_px = result.setting.font_size * 96 / 72
    line = body_px * result.setting.leading
    pitches = {}
    for column in columns.columns(result.document):
        for block in column.blocks:
            if block.element_tag != "p" or abs(block.style["font_size"] - body_px) > 0.01:
                continue
            lines = [child for child in block.children if type(child).__name__ == "LineBox"]
            found = [b.position_y - a.position_y for a, b in zip(lines, lines[1:], strict=False)]
            pitches.setdefault(column.page, []).extend(found)
    assert len(pitches) >= 3
    for page, found in pitches.items():
        # Within 1 % of the body's line on every line of every column of the page.
        assert max(found) - min(found) <= 0.01 * line and abs(max(found) - line) <= 0.01 * line, (page + 1, found)


@pytest.fixture
def review_series(settings):
    review.load(set())
    return Series.objects.get(slug="pruefreihe-2030")


@pytest.mark.parametrize("theme_position", [0, 1, 2, 3])
def test_review_set_booklets_end_their_columns_together(review_series, theme_position):
    theme = review_series.themes.order_by("position")[theme_position]

    result, gaps = laid_out(theme, review_series)

    assert_columns_end_together(result, gaps)


def test_demo_booklets_end_their_columns_together(settings):
    settings.DEMO_PASSWORD = "demo-passwort-fuer-tests"
    call_command("load_demo", stdout=io.StringIO())
    series = Series.objects.get(slug="mal-nachgefragt-2026")
    tried = 0
    for theme in series.themes.order_by("position"):
        if len(collections.booklet_interviews(theme, series)) < 2:
            continue
        result, gaps = laid_out(theme, series)
        assert_columns_end_together(result, gaps)
        tried += 1
    assert tried >= 2
