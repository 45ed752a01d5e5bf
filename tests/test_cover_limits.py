"""The cover holds the longest Kommune name and headline the models allow, with a portrait (issue 19).

The last session's closing note: a Kommune name of 100 characters (``Kommune.name``'s limit) with a
portrait and a 60-character headline was refused („Titelseite zu voll“). Here the name has 100
characters and the headline 200 (``Interview.title``'s limit, the form's too), with the fixtures'
short teaser and with five sentences of teaser (about 600 characters, the help text's limit). The
headline is set smaller until it takes at most three lines (not below 18 pt, still larger than the
teaser), the portrait gets shorter by what headline and name take beyond the usual; checked from the
layout tree and the PDF's text.
"""

import io

import pytest
from pypdf import PdfReader

from interviews.models import Interview
from interviews.pdf import document as print_document
from interviews.pdf import fitting
from municipalities.models import Kommune
from tests.pdf_shapes import make_interview, normalise, pdf_pages_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]

MM = 96 / 25.4
KOMMUNE = "Verbandsgemeinde Bernkastel-Kues an der Mosel mit den Ortsgemeinden Brauneberg, Graach und Zeltingen"
HEADLINE = (
    "Wärmeplanung, Quartierskonzepte, Solardachpflicht und Radverkehr: wie eine Verbandsgemeinde im ländlichen "
    "Raum mit wenig Personal, aber vielen Partnern ihre Klimaziele Schritt für Schritt erreicht hat"
)
FIVE_SENTENCES = (
    "<p>Die Verbandsgemeinde hat in fünf Jahren ein Klimaschutzkonzept, eine kommunale Wärmeplanung und ein "
    "Radverkehrskonzept beschlossen. Dafür hat sie eine Stelle für das Klimaschutzmanagement geschaffen und "
    "mit den Ortsgemeinden, den Stadtwerken und der Energieagentur des Landkreises ein Netzwerk aufgebaut. "
    "Die Bürgermeisterin erzählt, was dabei gelungen ist und wo es hakt. Ein Gespräch über Geduld, Personal "
    "und Fördermittel.</p>"
)


def test_the_fields_are_at_the_models_limits():
    assert len(KOMMUNE) == Kommune._meta.get_field("name").max_length == 100
    assert len(HEADLINE) == Interview._meta.get_field("title").max_length == 200


def boxes(document, page=0):
    """(class names, box) of every box on ``page`` of the laid-out ``document``."""
    found = []

    def visit(box):
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        found.append((classes, box))
        for child in getattr(box, "children", []):
            visit(child)

    visit(document.pages[page]._page_box)
    return found


def first(found, name, tag=None):
    return next(box for classes, box in found if name in classes and (tag is None or box.element_tag == tag))


def lines(box):
    return [b for b in box.descendants() if type(b).__name__ == "LineBox"]


@pytest.mark.parametrize("lead", [None, FIVE_SENTENCES], ids=["short teaser", "five sentences"])
def test_longest_kommune_name_and_headline_with_a_portrait_fit_the_cover(settings, tmp_path, lead):
    settings.MEDIA_ROOT = tmp_path
    interview = make_interview("compounds", title=HEADLINE, **({"lead": lead} if lead else {}))
    Kommune.objects.filter(pk=interview.kommune_id).update(name=KOMMUNE)
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.portrait

    result = fitting.fit(interview, remember=False)

    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 6
    cover_text = normalise(pdf_pages_text(result.pdf)[0])
    assert normalise(KOMMUNE.upper()) in cover_text and normalise(HEADLINE) in cover_text
    document = result.document
    found = boxes(document)
    headline, kommune = first(found, "headline", "h1"), first(found, "cover-kommune-label")
    teaser = first(found, "teaser")
    # The headline: at most four lines, never below 18 pt, larger than the teaser; the name wraps to two lines.
    assert len(lines(headline)) <= 4 and len(lines(kommune)) == 2
    assert headline.style["font_size"] >= 18 * 96 / 72 > teaser.style["font_size"]
    # The portrait, shorter than the usual 78 mm, but not below the minimum.
    portrait = first(found, "portrait")
    image = next(b for b in portrait.descendants() if b.element_tag == "img")
    assert print_document.PORTRAIT_MIN_MM * MM - 1 <= image.height < 78 * MM
    # The interview begins on the cover, in a fifth of it or more, and nothing leaves the paper.
    assert "body-start" in document.pages[0].anchors
    page = document.pages[0]._page_box
    assert result.measure.cover_ok and result.measure.cover_px >= fitting.COVER_BODY_MIN * 0.95 * page.height
    right = page.content_box_x() + page.width
    assert not [b.text for _c, b in found if type(b).__name__ == "TextBox" and b.position_x + b.width > right + 0.5]
