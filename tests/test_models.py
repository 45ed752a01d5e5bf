"""The invariants of the domain model, enforced by the database and explained in German by full_clean()."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interviews.models import Interview, Status
from municipalities.models import Award
from tests.factories import InterviewFactory, KommuneFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    """True if the database refuses the row ``make()`` writes (IntegrityError)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()
    return True


def german_errors(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return " ".join(caught.value.messages)


# --- published() ------------------------------------------------------------------------------------


def test_published_queryset_excludes_drafts_review_and_scheduled():
    public = InterviewFactory(published=True)
    InterviewFactory(status=Status.DRAFT)
    InterviewFactory(review=True)
    InterviewFactory(scheduled=True)
    assert list(Interview.objects.published()) == [public]


# --- Interview -------------------------------------------------------------------------------------


def test_published_without_date_is_refused_by_the_database():
    assert refused_by_database(lambda: InterviewFactory(status=Status.PUBLISHED, published_at=None))


def test_published_without_date_is_explained_in_german():
    interview = InterviewFactory.build(
        series=SeriesFactory(), kommune=KommuneFactory(), status=Status.PUBLISHED, published_at=None
    )
    assert "Ein veröffentlichtes Interview braucht ein Veröffentlichungsdatum." in german_errors(interview)


def test_second_interview_with_the_same_part_in_a_series_is_refused_by_the_database():
    first = InterviewFactory(part=3)
    assert refused_by_database(lambda: InterviewFactory(series=first.series, part=3))


def test_same_part_number_in_another_series_is_fine():
    InterviewFactory(part=3)
    InterviewFactory(part=3)
    assert Interview.objects.filter(part=3).count() == 2


def test_duplicate_part_is_explained_in_german_with_the_free_parts():
    first = InterviewFactory(part=3, title="Wärme aus dem Wald")
    InterviewFactory(series=first.series, part=1)
    duplicate = InterviewFactory.build(series=first.series, part=3, kommune=KommuneFactory())
    assert (
        f"Teil 3 der Reihe „{first.series}“ ist schon vergeben (an „Wärme aus dem Wald“). Freie Teile: 2, 4, 5, 6."
        in german_errors(duplicate)
    )


@pytest.mark.parametrize("part", [0, 25])
def test_part_outside_1_to_24_is_refused_by_the_database(part):
    series = SeriesFactory(planned_parts=24)
    assert refused_by_database(lambda: InterviewFactory(series=series, part=part))


def test_part_outside_range_is_explained_in_german():
    series = SeriesFactory(planned_parts=24)
    too_high = InterviewFactory.build(series=series, kommune=KommuneFactory(), part=25)
    too_low = InterviewFactory.build(series=series, kommune=KommuneFactory(), part=0)
    assert "Teil 25 gibt es nicht: die Reihe hat 24 geplante Teile." in german_errors(too_high)
    assert "Dieser Wert muss größer oder gleich 1 sein." in german_errors(too_low)


def test_part_beyond_the_planned_parts_of_the_series_is_refused_by_clean():
    interview = InterviewFactory.build(series=SeriesFactory(planned_parts=6), kommune=KommuneFactory(), part=7)
    assert "Teil 7 gibt es nicht: die Reihe hat 6 geplante Teile." in german_errors(interview)


def test_last_planned_part_is_valid():
    interview = InterviewFactory.build(series=SeriesFactory(planned_parts=6), kommune=KommuneFactory(), part=6)
    interview.full_clean()


def test_portrait_without_alt_text_is_refused_by_the_database():
    assert refused_by_database(lambda: InterviewFactory(portrait="portraits/p.jpg", portrait_alt=""))


def test_portrait_without_alt_text_is_explained_in_german():
    interview = InterviewFactory.build(
        series=SeriesFactory(), kommune=KommuneFactory(), portrait="portraits/p.jpg", portrait_alt=""
    )
    assert "Ein Porträt braucht einen Alternativtext." in german_errors(interview)


def test_unknown_status_is_refused_by_the_database():
    assert refused_by_database(lambda: InterviewFactory(status="archived"))


# --- Kommune and Award -----------------------------------------------------------------------------


def test_logo_without_alt_text_is_refused_by_the_database():
    assert refused_by_database(lambda: KommuneFactory(logo="logos/l.png", logo_alt=""))


def test_logo_without_alt_text_is_explained_in_german():
    kommune = KommuneFactory.build(logo="logos/l.png", logo_alt="")
    assert "Ein Logo braucht einen Alternativtext." in german_errors(kommune)


def test_population_zero_is_refused_by_the_database():
    assert refused_by_database(lambda: KommuneFactory(population=0))


def test_same_award_twice_is_refused_by_the_database():
    kommune = KommuneFactory()
    Award.objects.create(kommune=kommune, year=2021, category="Klimaschutz durch Kooperation")
    assert refused_by_database(
        lambda: Award.objects.create(kommune=kommune, year=2021, category="Klimaschutz durch Kooperation")
    )


def test_same_award_twice_is_explained_in_german():
    kommune = KommuneFactory()
    Award.objects.create(kommune=kommune, year=2021, category="Klimaschutz durch Kooperation")
    duplicate = Award(kommune=kommune, year=2021, category="Klimaschutz durch Kooperation")
    assert "Diese Auszeichnung ist schon eingetragen." in german_errors(duplicate)


def test_award_before_the_first_competition_is_refused():
    kommune = KommuneFactory()
    assert refused_by_database(lambda: Award.objects.create(kommune=kommune, year=2007, category="Kategorie"))
    assert "2008 (erster Wettbewerb)" in german_errors(Award(kommune=kommune, year=2007, category="Kategorie"))


# --- Series ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("planned_parts", [0, 25])
def test_series_planned_parts_outside_1_to_24_are_refused_by_the_database(planned_parts):
    assert refused_by_database(lambda: SeriesFactory(planned_parts=planned_parts))


def test_series_planned_parts_are_explained_in_german():
    assert "Dieser Wert muss kleiner oder gleich 24 sein." in german_errors(SeriesFactory.build(planned_parts=25))
    assert "Dieser Wert muss größer oder gleich 1 sein." in german_errors(SeriesFactory.build(planned_parts=0))


@pytest.mark.parametrize("year", [1999, 2101])
def test_implausible_series_year_is_refused_by_the_database(year):
    assert refused_by_database(lambda: SeriesFactory(year=year))


def test_implausible_series_year_is_explained_in_german():
    assert "Das Jahr muss zwischen 2000 und 2100 liegen." in german_errors(SeriesFactory.build(year=1999))
