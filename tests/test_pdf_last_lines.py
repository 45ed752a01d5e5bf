"""A paragraph or list item never ends on a line of two to four letters after a hyphen („Wär-/me“).

Read from the layout tree of a fitted interview: list items of one line and a word („… Mobilität und
Wärme“), where WeasyPrint alone broke „Wär-“ at the line's end and set „me“ alone on the next line
(20 of 30 items of such a list, 5 December), and the generated test shapes' paragraphs.
"""

import pytest

from bench.review import short_ends
from interviews import pdf
from interviews.models import Question
from interviews.pdf.columns import line_boxes, text_boxes
from tests.pdf_shapes import make_interview

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]

ITEM = "Punkt {}: Maßnahme im Bereich Mobilität und Wärme"


def test_no_paragraph_or_list_item_ends_on_a_short_piece_of_a_hyphenated_word():
    interview = make_interview("many_short", words=1800)
    question = interview.questions.order_by("position")[5]
    items = "".join(f"<li>{ITEM.format(number)}</li>" for number in range(30))
    Question.objects.filter(pk=question.pk).update(answer=f"<ol>{items}</ol>{question.answer}")

    result = pdf.fit(pdf.load_source(interview), remember=False, write=False)

    assert short_ends(result.document) == []
    # The list's items that take two lines end on the whole word.
    lines = [line for page in result.document.pages for line in line_boxes(page._page_box)]
    texts = ["".join(box.text for box in text_boxes(line)).strip() for line in lines]
    wrapped = [after for before, after in zip(texts, texts[1:], strict=False) if before.startswith("Punkt ")]
    assert len(wrapped) >= 10 and all(after == "Wärme" or after.startswith("Punkt ") for after in wrapped), wrapped


def test_a_dash_after_the_last_word_goes_with_it():
    """Real prose (``bench.fit_sweep --sentences``, seed 1134) ended a paragraph on „Interes-“ / „se –.“: the
    dash was the paragraph's last token, so „Interesse“ was hyphenated like any word."""
    html = pdf.document.print_html("<p>Das liegt im allgemeinen Interesse –.</p><ul><li>Wärme und Strom …</li></ul>")
    assert '<span class="last-word">Interesse\u00a0–.</span></p>' in html
    assert '<span class="last-word">Strom\u00a0…</span></li>' in html
