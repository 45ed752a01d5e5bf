"""Soft hyphens in an answer change nothing in print (``document.parse`` takes them out of the set text).

Word leaves soft hyphens (U+00AD) in a transcript, and text pasted from the web carries them as the
character or as ``&shy;``: 34 of 23,517 sentences of public German climate texts had one (5 December).
Next to such a word WeasyPrint 70 hyphenated no line: in real-prose shape 1001 „FuE-Vorhaben, die
technologieüber­greifend und“ was set with word spaces of 1.36 em.
"""

import re

import pytest

from core import richtext
from interviews import pdf
from interviews.models import Question
from interviews.pdf.columns import line_boxes, text_boxes
from tests.pdf_shapes import make_interview

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]


def _lines(interview):
    result = pdf.fit(pdf.load_source(interview), remember=False, write=False)
    return [
        "".join(box.text for box in text_boxes(line))
        for page in result.document.pages
        for line in line_boxes(page._page_box)
    ]


def _with_soft_hyphens(answer, number):
    """Every word of eight letters and more broken once in its middle, as Word's manual hyphenation leaves
    it; every other answer writes the soft hyphen as an entity."""
    shy = "&shy;" if number % 2 else "\u00ad"
    words = re.compile(r"\w{8,}")
    return re.sub(r"(?<=>)[^<]+", lambda text: words.sub(lambda w: _broken(w.group(), shy), text.group()), answer)


def _broken(word, shy):
    middle = len(word) // 2
    return word[:middle] + shy + word[middle:]


def test_soft_hyphens_in_the_answers_leave_the_print_layout_as_it_is():
    interview = make_interview("compounds", words=2600)
    plain = _lines(interview)

    for number, question in enumerate(interview.questions.order_by("position")):
        Question.objects.filter(pk=question.pk).update(answer=_with_soft_hyphens(question.answer, number))
    stored = list(interview.questions.values_list("answer", flat=True))
    assert any("\u00ad" in answer for answer in stored) and any("&shy;" in answer for answer in stored)

    softened = _lines(interview)

    # The same lines, hyphenated by the dictionary where the plain text is: no line set otherwise.
    assert softened == plain
    assert sum(line.rstrip().endswith("-") for line in plain) >= 20
    assert not any("\u00ad" in line for line in softened)


def test_soft_hyphens_take_no_room_in_the_count_and_no_place_in_the_plain_text():
    plain = "<p>Die Wärmepumpenförderung der Energieagentur</p>"
    for soft in ("\u00ad", "&shy;"):
        broken = f"<p>Die Wärme{soft}pumpen{soft}förderung der Energie{soft}agentur</p>"
        # Search, open data and feeds find „Wärmepumpenförderung“; the meter counts it like the plain word.
        assert richtext.plain_text(broken) == "Die Wärmepumpenförderung der Energieagentur"
        assert pdf.fitting.answer_words(broken) == pdf.fitting.answer_words(plain)
