import pytest
from django.db import IntegrityError

from interviews.models import Interview
from tests.factories import InterviewFactory


@pytest.mark.django_db
def test_published_queryset_excludes_drafts_review_and_scheduled():
    public = InterviewFactory(published=True)
    InterviewFactory(status="draft")
    InterviewFactory(review=True)
    InterviewFactory(scheduled=True)
    assert list(Interview.objects.published()) == [public]


@pytest.mark.django_db
def test_published_without_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        InterviewFactory(status="published", published_at=None)
