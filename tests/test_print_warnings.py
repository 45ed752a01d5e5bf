"""What the PDF cannot print well: the editor is told on saving, nothing is changed or refused.

Characters the print fonts lack (below) and images too small for print (tests/test_figures.py posts one).

The PDF's fonts (Source Serif 4, Source Sans 3, subset to Latin, punctuation, super- and subscripts,
currency, arrows and operators) lack emoji, check marks and Greek letters. WeasyPrint sets such a
character in another font of the machine or, where none holds it, prints an empty box (the print
master's preflight finds those: tests/test_print_master.py).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews import pdf
from interviews.models import Figure, Interview
from tests.admin_forms import form_data, messages_of
from tests.factories import InterviewFactory, QuestionFactory
from tests.test_uploads import image_bytes


def test_missing_characters_are_those_no_print_font_holds():
    text = "<p>CO₂ sinkt um 40 % – „gut“ … 5 € &amp; ½ m² → 2030 ⇒ Ziel 🤯 ✓ η &#x1F331;</p>"  # ⇒: Sans only
    assert pdf.missing_characters(text) == "⇒🤯✓η🌱"
    # Soft and non-breaking hyphens print set otherwise (``metrics.PRINT_SUBSTITUTES``).
    assert pdf.missing_characters("Klimaschutz\u00adkonzept, Energie\u200bwende, E\u2011Mobilität") == ""
    assert pdf.missing_characters("") == pdf.missing_characters(None) == ""


@pytest.mark.django_db
def test_saving_a_character_the_pdf_cannot_print_warns_and_changes_nothing(client, redaktion_user):
    interview = InterviewFactory()
    QuestionFactory(interview=interview, answer="<p>Alt.</p>")
    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    data = form_data(client.get(url))
    data["lead"] = "Gemeinsam geht es ✓"
    data["questions-0-answer"] = "<p>Wir waren begeistert 🤯 und haben weitergemacht 🌱.</p>"

    response = client.post(url, data, follow=True)

    shown = messages_of(response)
    assert any(
        message.startswith("Teaser: Die Druckschrift hat kein Zeichen für „✓“.") and "leeres Kästchen" in message
        for message in shown
    ), shown
    assert any(
        message.startswith("Frage 1, Antwort: Die Druckschrift hat kein Zeichen für „🤯 🌱“.") for message in shown
    )
    interview.refresh_from_db()
    assert interview.lead == "Gemeinsam geht es ✓"
    assert interview.questions.get().answer == "<p>Wir waren begeistert 🤯 und haben weitergemacht 🌱.</p>"


def test_images_too_small_for_print_at_their_largest_placement():
    def photo(size):
        return SimpleUploadedFile("foto.jpg", image_bytes("JPEG", size=size), content_type="image/jpeg")

    # The portrait prints at most 60 × 78 mm on the cover: 300 × 400 px make 127 ppi there.
    portrait = Interview(portrait=photo((300, 400))).portrait
    # Full page width (180 mm) at a 3:2 photo's own shape: 1,063 × 709 px make 150 ppi.
    figures = [Figure(image=photo((1063, 709))), Figure(image=photo((1000, 667)))]

    found = pdf.low_resolution_images(portrait, figures)

    assert [(index, width, height, round(ppi), needed) for index, width, height, ppi, needed in found] == [
        (None, 300, 400, 127, (355, 461)),
        (1, 1000, 667, 141, (1063, 710)),
    ]
    assert pdf.low_resolution_images(None, []) == []
