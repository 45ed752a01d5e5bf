"""The interview form renders its questions cheaply and exactly as Django's own stacked inline would.

The question rows use a lighter template (admin/interviews/question/stacked_inline.html, docs/performance.md);
these tests hold it to the markup of django-admin-sortable2's stacked inline, on the same page, for every
kind of user and with errors shown, and count the form's queries.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.editorial.admin import QuestionInline
from tests.admin_forms import change_url, form_data
from tests.factories import InterviewFactory, QuestionFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = pytest.mark.django_db

DJANGOS_STACKED_INLINE = "adminsortable2/edit_inline/stacked-django-6.0.html"


def interview_with(questions):
    themes = [ThemeFactory(title=f"Thema {n}") for n in range(1, 5)]
    interview = InterviewFactory(series=SeriesFactory(themes=themes))
    for number in range(questions):
        QuestionFactory(
            interview=interview,
            theme=themes[number % 4],
            position=number + 1,
            question=f"Frage {number + 1}?",
            answer=f"<p>Antwort {number + 1}.</p>",
            pull_quote=f"Antwort {number + 1}." if number % 2 else "",
        )
    return interview


def markup(response):
    """The page as a list of tags and texts: whitespace, nonces and per-request tokens left out."""
    text = response.content.decode()
    text = re.sub(r' nonce="[^"]*"', "", text)
    text = re.sub(r'(name="(?:csrfmiddlewaretoken|edit_base)" value=")[^"]*"', r"\1", text)
    return [part.strip() for part in re.findall(r"<[^>]*>|[^<]+", re.sub(r"\s+", " ", text)) if part.strip()]


def both_ways(monkeypatch, request):
    """The page with the project's question template and with Django's (sortable2's) stacked inline."""
    ours = markup(request())
    monkeypatch.setattr(QuestionInline, "template", DJANGOS_STACKED_INLINE)
    djangos = markup(request())
    monkeypatch.undo()
    return ours, djangos


def view_only_user():
    user = make_user("leserin")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_interview", "view_question", "view_series", "view_theme"])
    )
    return user


@pytest.mark.parametrize("who", ["superuser", "redaktion_user", "view_only"])
def test_question_rows_are_djangos_markup(client, monkeypatch, request, who):
    user = view_only_user() if who == "view_only" else request.getfixturevalue(who)
    interview = interview_with(3)
    client.force_login(user)

    ours, djangos = both_ways(monkeypatch, lambda: client.get(change_url(interview)))

    assert ours == djangos
    assert ours.count('<div class="form-row field-answer">') == 3 + (who != "view_only")  # + the empty form
    assert "Frage 3?" in ours


def test_question_rows_with_errors_are_djangos_markup(client, monkeypatch, redaktion_user):
    interview = interview_with(2)
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["questions-0-theme"] = ""
    data["questions-1-question"] = ""
    data["questions-1-pull_quote"] = "Steht nicht in der Antwort."

    ours, djangos = both_ways(monkeypatch, lambda: client.post(change_url(interview), data))

    assert ours == djangos
    assert ours.count('<div class="flex-container errors">') == 3
    assert "Dieses Feld ist zwingend erforderlich." in ours


def form_queries(client, interview):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(interview))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["superuser", "redaktion_user"])
def test_the_form_needs_the_same_queries_for_1_and_30_questions(client, request, who):
    client.force_login(request.getfixturevalue(who))
    first = interview_with(1)
    client.get(change_url(first))  # caches of the first request (content types, permissions)
    one = form_queries(client, first)
    thirty = interview_with(30)
    assert form_queries(client, thirty) == one
    page = client.get(change_url(thirty)).content.decode()
    selects = re.findall(r'<select name="questions-[\w_]+-theme".*?</select>', page, re.S)
    assert len(selects) == 31  # every question and the empty form offer the four themes (and "please choose")
    themes = [f"Thema {n}" for n in range(1, 5)]
    assert all(re.findall(r">([^<]+)</option>", select)[1:] == themes for select in selects)
