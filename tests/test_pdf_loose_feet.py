"""A column a line short of closing is set looser from its own paragraphs (issue 19 item 4), from the layout tree.

Where a column of running text ends before a theme head that did not fit below it and a line more would
bring it within two lines of its foot, the fit's second layout sets its paragraphs a little looser
(``fitting._tracked``, ``.fit-loose``). A paragraph that began in the column before is left out when that
column ended with room for two lines or more (``turns`` keeps hyphens off a page's last lines): set looser,
it filled that room first and took lines out of the short column. Real prose nobody wrote for the tests
(docs/pdf.md, seed 1189 of ``bench.fit_sweep --sentences``): the cover's right column took two lines more,
page 2's left column two fewer, 2.45 lines short before and after; now 0.37.

Here the same with the test's own sentences at a fixed setting: a first answer whose long paragraph runs
from the cover (which it leaves six lines short) into page 2's left column, a second paragraph, then a
theme head with a 25-word question that does not fit below them.
"""

import dataclasses
import random

import pytest
from django.db import transaction
from django.test import override_settings

from interviews.pdf import columns, fitting
from interviews.pdf.estimate import Setting
from tests.pdf_shapes import COMPOUNDS, SENTENCES, Shape, make_interview, paragraph, set_rows

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]

SHAPE = Shape(3, 900, themes=2, quotes=False, theme_share=(1, 2))
SETTING = Setting(0.5)


def rows():
    """(theme, question, answer, pull quote) of the three questions."""
    rng = random.Random(9)
    question = paragraph(rng, 25, SENTENCES).rstrip(".") + "?"
    first = f"<p>{paragraph(rng, 315, SENTENCES + COMPOUNDS)}</p><p>{paragraph(rng, 200, SENTENCES)}</p>"
    second = f"<p>{paragraph(rng, 60, SENTENCES)}</p><p>{paragraph(rng, 60, SENTENCES)}</p>"
    return [
        (0, "Wie ist der Klimaschutz in Ihrer Verwaltung verankert?", first, ""),
        (1, question, second, ""),
        (1, "Und was folgt daraus für die nächsten Jahre?", f"<p>{paragraph(rng, 700, SENTENCES)}</p>", ""),
    ]


@pytest.fixture(scope="module")
def laid_out(django_db_setup, django_db_blocker, tmp_path_factory):
    """(renderer, the document laid out at SETTING and justified)"""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("loose-feet-media")),
        transaction.atomic(),
    ):
        source = set_rows(make_interview(SHAPE, pages=6, slug="loose-feet"), rows())
        renderer = fitting.Renderer(source)
        document, _measure = renderer.layout(SETTING)
        transaction.set_rollback(True)
    columns.justify(document)
    return renderer, document


def justified_gap(renderer, setting):
    document, _measure = renderer.layout(setting)
    columns.justify(document)
    return columns.worst_full_page_gap(document)


def test_the_paragraph_continued_from_the_cover_stays_and_the_column_ends_within_two_lines(laid_out):
    renderer, document = laid_out
    line = columns.columns(document)[0].line
    hole = columns.first_hole(document, columns.FOOT_GAP_LINES)
    *_before, cover, short = hole
    assert (cover.page, short.page) == (0, 1)
    assert 2 < short.gap / line <= columns.FOOT_GAP_LINES + 1
    assert cover.box.laid_out_gap >= 2 * line
    continued, own = short.blocks
    assert continued.element is cover.blocks[-1].element
    tracked = fitting._tracked(document, SETTING, renderer)
    assert [renderer.running[index] for index, _how in tracked.tracked] == [own.element]
    assert {how for _index, how in tracked.tracked} == {"loose"}
    assert justified_gap(renderer, tracked) <= columns.FOOT_GAP_LINES
    # Set looser too, the continued paragraph fills the cover's room and the column ends shorter.
    both = {renderer.running.index(continued.element): "loose", **dict(tracked.tracked)}
    looser = dataclasses.replace(SETTING, tracked=tuple(sorted(both.items())))
    assert justified_gap(renderer, looser) > short.gap / line
