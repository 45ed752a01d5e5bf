"""The back page of a part holds every planned part of its series, up to the allowed maximum."""

import io

import pytest
from pypdf import PdfReader

from interviews import pdf
from interviews.models import Series
from tests.factories import InterviewFactory, KommuneFactory
from tests.pdf_shapes import make_interview, normalise

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LONG_KOMMUNEN = [
    "Landeshauptstadt Schwerin",
    "Landkreis Vorpommern-Greifswald",
    "Verbandsgemeinde Rhein-Selz",
    "Stadt Frankfurt am Main",
    "Landkreis Dahme-Spreewald",
    "Gemeinde Schönefeld bei Berlin",
]


def maximum_parts():
    """The largest number of planned parts a series may have (from the model's validators)."""
    field = Series._meta.get_field("planned_parts")
    return min(v.limit_value for v in field.validators if hasattr(v, "limit_value") and v.limit_value > 1)


def test_back_page_lists_every_part_of_a_series_of_the_maximum_size():
    most = maximum_parts()
    assert most == 24
    interview = make_interview("no_portrait", published=True)
    series = interview.series
    Series.objects.filter(pk=series.pk).update(planned_parts=most)
    series.refresh_from_db()
    for part in range(1, most + 1):
        if part == interview.part:
            continue
        if part % 4 == 0:
            continue  # a planned part that is not published yet
        kommune = KommuneFactory(name=f"{LONG_KOMMUNEN[part % len(LONG_KOMMUNEN)]} {part}")
        InterviewFactory(
            series=series,
            part=part,
            kommune=kommune,
            published=True,
            title=f"Klimaschutz gemeinsam gestalten in der Region, Folge {part}",
        )

    result = pdf.fit(interview)

    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == interview.pages
    back = normalise(reader.pages[-1].extract_text())
    for part in range(1, most + 1):
        if part % 4 == 0 or part == interview.part:
            continue
        assert normalise(f"{LONG_KOMMUNEN[part % len(LONG_KOMMUNEN)]} {part}") in back, part
    assert normalise(interview.kommune.name) in back
