"""A list may open a column (issue 19 item 4), read from the layout tree.

WeasyPrint's user-agent stylesheet keeps a list with the block before it (``ul, ol { break-before:
avoid }``). A theme head or question whose answer opens with a paragraph of two lines (orphans and
widows: it does not split) followed by a list was then one block down to the list's first item: it went
to the next column where the head, the question and the two lines would have fitted, and left the
column above it up to a dozen lines short. Real prose nobody wrote for the tests (docs/pdf.md, seed 1029
of ``bench.fit_sweep --sentences``): 11.8 lines of room below page 6's right column where the theme head,
its 25-word question and two lines needed 11.8, 3.95 lines left after the spaces and the feathering of
``columns.justify``; the tightened second layout (``fitting._tracked``) made the room 13.8 lines and the
block still went on. print.css now lets a list break from the paragraph before it in the interview's body
(the paragraph keeps its last two lines, the item its first two).

Here the same with the test's own sentences, at a fixed setting (one layout, no fit): a first answer of
one paragraph that ends on the first body page's left column, then a theme whose 25-word question is
answered with ten words and a list.
"""

import random
import re

import pytest
from django.db import transaction
from django.test import override_settings

from interviews.pdf import columns, fitting
from interviews.pdf.estimate import Setting
from tests.pdf_shapes import SENTENCES, Shape, make_interview, normalise, paragraph, set_rows

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent, pytest.mark.sqlite_pass]

SHAPE = Shape(3, 900, themes=2, quotes=False, theme_share=(1, 2))
# Words of the first answer (one paragraph): its end leaves 13.4 and 12.4 lines below it on page 2's
# left column at Setting(0.5); the second theme's head, question and ten words need 11.8.
FIRST_ANSWERS = (572, 578)


def rows(first_words):
    """(theme, question, answer, pull quote) of the three questions."""
    rng = random.Random(19)
    question = paragraph(rng, 25, SENTENCES).rstrip(".") + "?"
    items = "".join(f"<li>{paragraph(rng, 9, SENTENCES)}</li>" for _ in range(4))
    first = f"<p>{paragraph(rng, first_words, SENTENCES)}</p>"
    listed = f"<p>{paragraph(rng, 10, SENTENCES)}</p><ul>{items}</ul><p>{paragraph(rng, 60, SENTENCES)}</p>"
    last = f"<p>{paragraph(rng, 700, SENTENCES)}</p>"
    return [
        (0, "Wie ist der Klimaschutz in Ihrer Verwaltung verankert?", first, ""),
        (1, question, listed, ""),
        (1, "Und was folgt daraus für die nächsten Jahre?", last, ""),
    ]


@pytest.fixture(scope="module")
def laid_out(django_db_setup, django_db_blocker, tmp_path_factory):
    """{words of the first answer: the document laid out at Setting(0.5)}"""
    documents = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("list-feet-media")),
        transaction.atomic(),
    ):
        for words in FIRST_ANSWERS:
            source = set_rows(make_interview(SHAPE, pages=6, slug=f"list-feet-{words}"), rows(words))
            documents[words], _measure = fitting.Renderer(source).layout(Setting(0.5))
        transaction.set_rollback(True)
    return documents


@pytest.mark.parametrize("words", FIRST_ANSWERS)
def test_the_theme_head_fits_below_the_paragraph_and_its_list_opens_the_next_column(laid_out, words):
    document = laid_out[words]
    found = columns.columns(document)
    left, right = (column for column in found if column.page == 1)
    kinds = [columns.kind(block) for block in left.blocks]
    assert kinds[:3] == ["text", "theme", "question"], kinds
    # The answer's first paragraph (two lines) ends the column; the list's first item opens the next.
    assert left.blocks[-1].element_tag == "p"
    assert len(list(columns.line_boxes(left.blocks[-1]))) == 2
    first_item = re.search(r"<li>(.*?)</li>", rows(words)[1][2]).group(1)
    assert right.blocks[0].element_tag == "li"
    printed = "".join(box.text for box in columns.text_boxes(right.blocks[0]))
    assert normalise(printed) == "•" + normalise(first_item)  # (its marker, then its text)
    assert left.gap < 2 * left.line


@pytest.mark.parametrize("words", FIRST_ANSWERS)
def test_the_full_body_pages_end_their_columns_within_two_lines_of_the_foot(laid_out, words):
    document = laid_out[words]
    columns.justify(document)
    assert columns.end_page(document) > 1  # page 2 is a full body page
    assert columns.worst_full_page_gap(document) <= columns.FOOT_GAP_LINES
