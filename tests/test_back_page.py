"""The back page of a part holds every planned part of its series, up to the allowed maximum (issue 19, item 9).

The worst case comes from the models' limits, not from an example: the most parts a series may
plan, every one published, each Kommune's name and each headline as long as the fields allow, the
longest month name in the state („erschienen September …“), and this interview's own citation and
imprint (interviewee, interviewer, photo credit) at their longest too; only its own headline is
shorter: as long as its cover takes.
"""

import datetime
import io

import pikepdf
import pytest
from django.utils import timezone
from pypdf import PdfReader

from bench import review_set
from interviews import pdf
from interviews.models import Interview, Series
from interviews.pdf import collections, document
from municipalities.models import Kommune
from tests.factories import InterviewFactory, KommuneFactory
from tests.pdf_shapes import boxes, make_interview, normalise

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]

# Words of the length names and headlines have (Kommunen, regions, compounds); none shorter than 2 letters.
WORDS = [
    "Zweckverband",
    "Energieagentur",
    "Mittelfranken",
    "Altmühltal",
    "Hahnenkamm",
    "Verbandsgemeinde",
    "Sankt",
    "Goarshausen",
    "Loreley",
    "Weinberg",
    "am",
    "Mittelrhein",
    "Landkreis",
    "Vorpommern",
    "Greifswald",
    "Samtgemeinde",
    "Klimaschutzmanagement",
    "Wärmeplanung",
    "Quartierskonzepte",
]


def longest(model, field, seed):
    """Text of exactly the field's ``max_length``: words as names have them, the last one cut to fit."""
    limit = model._meta.get_field(field).max_length
    words, index = [], seed
    while len(" ".join(words)) < limit:
        words.append(WORDS[index % len(WORDS)])
        index += 3
    text = " ".join(words)[:limit]
    return text if not text.endswith(" ") else text[:-1] + "n"


# This interview's own headline: the longest its cover takes with a Kommune name of the longest
# (the cover's own check refuses a headline of 200 characters there).
OWN_TITLE = 100


def maximum_parts():
    """The largest number of planned parts a series may have (from the model's validators)."""
    field = Series._meta.get_field("planned_parts")
    return min(v.limit_value for v in field.validators if hasattr(v, "limit_value") and v.limit_value > 1)


def worst_case(planned):
    """A series of ``planned`` parts, all published, with every field the back page prints at its longest."""
    interview = make_interview(
        "no_portrait",
        published=True,
        kommune=KommuneFactory(name=longest(Kommune, "name", 0)),
        title=longest(Interview, "title", 1)[:OWN_TITLE],
        interviewee_name=longest(Interview, "interviewee_name", 2),
        interviewer=longest(Interview, "interviewer", 4),
    )
    interview.photo_credit = longest(Interview, "photo_credit", 5)
    interview.save()
    series = interview.series
    # The series' own texts (unbounded text fields) as the review set's long series has them.
    texts = next(s for s in review_set.SERIES if s["planned_parts"] == 24)
    Series.objects.filter(pk=series.pk).update(
        planned_parts=planned,
        subtitle=texts["subtitle"],
        description=texts["description"],
        **review_set.FUNDING,
    )
    series.refresh_from_db()
    september = timezone.make_aware(datetime.datetime(2025, 9, 15, 10))
    for part in range(1, planned + 1):
        if part != interview.part:
            InterviewFactory(
                series=series,
                part=part,
                kommune=KommuneFactory(name=longest(Kommune, "name", part)),
                title=longest(Interview, "title", part + 1),
                published=True,
                published_at=september,
            )
    return interview


def classes(box):
    return (box.element.get("class") or "").split() if box.element is not None else []


def overflows(page):
    """Boxes of a laid-out back page that leave the page area or, for text, their column: [(what, px)]."""
    page_box = page._page_box
    bottom = page_box.content_box_y() + page_box.height
    found = []
    for box in boxes(page_box):
        if type(box).__name__ in ("PageBox", "MarginBox") or box.element is None:
            continue
        if box.position_x < -0.5 or box.position_x + box.margin_width() > page_box.margin_width() + 0.5:
            found.append((f"{box.element_tag}.{classes(box)} across the page edge", box.position_x))
        if box.border_box_y() + box.border_height() > bottom + 0.5:
            found.append((f"{box.element_tag}.{classes(box)} below the page area", box.border_box_y()))
    # Every line of the list of parts stays inside its column.
    for column in boxes(page_box):
        if column.element_tag == "ol" and "parts-list" in classes(column) and type(column).__name__ == "BlockBox":
            right = column.content_box_x() + column.width
            for line in boxes(column):
                if type(line).__name__ == "TextBox" and line.position_x + line.width > right + 0.5:
                    found.append((f"„{line.text}“ out of its column", line.position_x + line.width - right))
    return found


@pytest.mark.parametrize("planned", [maximum_parts(), document.PARTS_WITH_TITLES])
def test_back_page_holds_every_planned_part_at_the_longest_the_models_allow(planned):
    assert maximum_parts() == 24
    interview = worst_case(planned)
    parts = list(Interview.objects.filter(series=interview.series).select_related("kommune").order_by("part"))
    assert len(parts) == planned

    result = pdf.fit(interview)

    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == interview.pages  # laid out: not refused „Die Rückseite ist zu voll.“
    assert result.measure.back_ok
    back = normalise(reader.pages[-1].extract_text())
    for part in parts:
        assert normalise(part.kommune.name) in back, part.part
        if planned <= document.PARTS_WITH_TITLES:
            assert normalise(part.title) in back, part.part
    assert normalise("erschienen September 2025") in back
    assert normalise(interview.photo_credit) in back and normalise(interview.interviewer) in back
    page = result.document.pages[-1]
    assert "back-start" in page.anchors and "back-end" in page.anchors
    assert overflows(page) == []
    # The list is set smaller than the back page's text, but legible (7 pt or more).
    lists = [b for b in boxes(page._page_box) if "parts-list" in classes(b) and type(b).__name__ == "BlockBox"]
    sizes = {round(t.style["font_size"] * 72 / 96, 2) for b in lists for t in boxes(b) if type(t).__name__ == "TextBox"}
    assert len(lists) == 2 and min(sizes) >= 7.0


def test_the_collections_series_back_page_holds_the_longest_series_on_one_page():
    interview = worst_case(maximum_parts())
    parts = list(Interview.objects.filter(series=interview.series).select_related("kommune").order_by("part"))

    data = collections.render_series_back(interview.series, parts)

    back = pikepdf.open(io.BytesIO(data))
    assert len(back.pages) == 1
    text = normalise(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    for part in parts:
        assert normalise(part.kommune.name) in text, part.part
