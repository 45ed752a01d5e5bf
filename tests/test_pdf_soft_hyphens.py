"""What print sets otherwise (``metrics.PRINT_SUBSTITUTES``, ``document.parse``): soft and non-breaking hyphens.

Soft hyphens in an answer change nothing in print (they go from the set text).

Word leaves soft hyphens (U+00AD) in a transcript, and text pasted from the web carries them as the
character or as ``&shy;``: 34 of 23,517 sentences of public German climate texts had one (5 December).
Next to such a word WeasyPrint 70 hyphenated no line: in real-prose shape 1001 „FuE-Vorhaben, die
technologieüber­greifend und“ was set with word spaces of 1.36 em.

A non-breaking hyphen (U+2011: 8 of 1,427 Markdown files of those texts had one) is not in the serif
faces: WeasyPrint took it from another font of the machine.
"""

import re

import pytest

from core import richtext
from interviews import pdf
from interviews.models import Question
from interviews.pdf.columns import line_boxes, text_boxes
from tests.pdf_shapes import make_interview, pdf_pages_text
from tests.test_pdf import embedded_fonts

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


def test_a_non_breaking_hyphen_is_set_in_the_house_font_and_no_editor_is_warned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = "Die E\u2011Mobilität und die Kraft\u2011Wärme\u2011Kopplung im Quartier"
    interview = make_interview("compounds", words=2600)
    question = interview.questions.order_by("position")[2]
    Question.objects.filter(pk=question.pk).update(answer=f"<p>{text}.</p>{question.answer}")
    assert pdf.missing_characters(text) == ""

    result = pdf.fit(pdf.load_source(interview), remember=False)

    fonts = embedded_fonts(result.pdf)
    assert all(fonts.values()) and all("Source" in name for name in fonts), fonts
    printed = " ".join(" ".join(pdf_pages_text(result.pdf)).split())
    assert "Die E-Mobilität und die Kraft-Wärme-Kopplung im Quartier" in printed.replace("\u2060", "")
