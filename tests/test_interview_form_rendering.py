"""The interview form renders its questions cheaply and exactly as Django's own stacked inline would.

The question rows use a lighter template (admin/interviews/question/stacked_inline.html, docs/performance.md);
these tests hold it to the markup of django-admin-sortable2's stacked inline, on the same page, for every
kind of user and with errors shown, and count the form's queries. The form's widgets are rendered from the
Jinja2 copies of Django's form templates (core.renderers): the page is held to what Django's own renderer makes.
"""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext

from core.renderers import BuiltinJinja2Renderer
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
    return tags(response.content.decode())


def tags(text):
    """The page as a list of tags and texts: whitespace, nonces and per-request tokens left out."""
    text = re.sub(r' nonce="[^"]*"', "", text)
    text = re.sub(r'(name="(?:csrfmiddlewaretoken|edit_base)" value=")[^"]*"', r"\1", text)
    return [part.strip() for part in re.findall(r"<[^>]*>|[^<]+", re.sub(r"\s+", " ", text)) if part.strip()]


def read_references(page):
    """The page's tags with character references read (Jinja2 writes „&#34;“ where Django writes „&quot;“)."""
    return [html.unescape(tag) for tag in tags(page)]


def both_renderers(monkeypatch, request):
    """The page with the form's renderer (Jinja2 copies of Django's form templates) and with Django's own."""
    ours = request().content.decode()
    monkeypatch.setattr(BuiltinJinja2Renderer, "get_template", DjangoTemplates.get_template)
    djangos = request().content.decode()
    monkeypatch.undo()
    return ours, djangos


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


@pytest.mark.parametrize("who", ["superuser", "redaktion_user", "view_only"])
def test_the_forms_renderer_writes_djangos_markup(client, monkeypatch, request, who):
    user = view_only_user() if who == "view_only" else request.getfixturevalue(who)
    interview = interview_with(3)
    interview.lead = '<p>Ein „Teaser“ mit <a href="https://example.org/?a=1&b=2">Link</a> & Zeichen\'</p>'
    interview.save()
    client.force_login(user)

    ours, djangos = both_renderers(monkeypatch, lambda: client.get(change_url(interview)))

    assert read_references(ours) == read_references(djangos)
    if who != "view_only":  # the editable widgets really came from the Jinja2 copies (their escaping shows it)
        assert ours != djangos and "&#34;extensions&#34;" in ours and "&quot;extensions&quot;" in djangos
    assert "Frage 3?" in ours and "Ein „Teaser“ mit" in ours


def test_the_forms_renderer_writes_djangos_markup_with_errors(client, monkeypatch, redaktion_user):
    interview = interview_with(2)
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["questions-0-theme"] = ""
    data["questions-1-pull_quote"] = "Steht nicht in der Antwort."
    data["part"] = "sechs"

    ours, djangos = both_renderers(monkeypatch, lambda: client.post(change_url(interview), data))

    assert read_references(ours) == read_references(djangos)
    assert ours.count('<div class="flex-container errors">') >= 2
    assert "Dieses Feld ist zwingend erforderlich." in ours


def test_a_questions_theme_has_no_links_to_change_themes(client, superuser):
    """A question chooses among its series' themes; adding, changing or deleting themes is the series' and the
    theme forms' business (a theme added in a question row would not belong to the series)."""
    interview = interview_with(2)
    client.force_login(superuser)
    page = client.get(change_url(interview)).content.decode()
    assert '<select name="questions-0-theme"' in page
    assert not re.search(r'id="(add|change|delete|view)_id_questions-[\w_]+-theme"', page)
    assert 'id="add_id_series"' in page  # the interview's own related fields keep Django's links
