"""German throughout: the admin pages an editor uses carry no English and no escaped markup.

The test walks what Redaktion and Freigabe open day to day (index, change
lists with filters and search, add and change forms, history, comparison,
delete confirmation with its protected-objects explanation) and reads the
visible text plus the attributes that screen readers and tooltips show.
"""

import datetime
import html
import re

import pytest
from django.urls import reverse
from reversion.models import Version

from pages.models import Page
from tests.admin_forms import form_data
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Phrases of Django and the third-party admin packages that must not reach an editor (case-sensitive, whole words).
ENGLISH = [
    "Save",
    "Delete",
    "Search",
    "History",
    "Revert",
    "compare",
    "Compare",
    "Home",
    "Add ",
    "Change ",
    "Show all",
    "Clear all filters",
    "Deleting the",
    "would require",
    "protected related objects",
    "Are you sure",
    "time since",
    "add:",
    "remove:",
    "Go back",
    "There are no",
    "Date/time",
    "Comment",
    "View site",
    "Log out",
    "Welcome",
    "Recent actions",
    "None",
    "Toggle",
    "Skip to main content",
    "Currently",
    "Change:",
    "Clear",
    "Yes",
    "No,",
    "Select all",
    "selected",
    "Run the selected action",
    "Choose",
    "Remove",
    "previous",
    "next",
    "object",
    "Note:",
    "Edit comment",
    "Sichern",
    "Geschichte",
    "Konrolle",
    "Ausgewählte Thema",
]
ATTRIBUTES = re.compile(r'\b(?:title|aria-label|placeholder|alt|value)="([^"]*)"')


def visible_text(page):
    """Text nodes outside <script>/<style>, plus human-facing attributes (hidden values and URLs left out)."""
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<input[^>]*type="hidden"[^>]*>', " ", body)
    attributes = [
        html.unescape(value)
        for tag in re.findall(r"<(?:input|button|a|span|div|img|textarea|th|td|nav|ul|label)\b[^>]*>", body)
        for value in ATTRIBUTES.findall(tag)
        if not re.fullmatch(r"[\w\-./:?=&%#]*", value) or " " in value
    ]
    text = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(text).split()) + " | " + " | ".join(attributes)


def english_in(page):
    text = visible_text(page)
    found = sorted(set(ENGLISH_WORDS.findall(text)))
    for phrase in ENGLISH:
        pattern = re.escape(phrase.strip())
        if re.search(
            rf"(?<![\w-]){pattern}(?![\w-])" if phrase.strip()[-1].isalnum() else rf"(?<![\w-]){pattern}", text
        ):
            found.append(phrase)
    return found


ENGLISH_WORDS = re.compile(r"(?<![\w-])(?:the|and|of|to|is|you|your|with|this|please)(?![\w-])")


def escaped_markup_in_messages(page):
    messages = re.findall(r'<ul class="messagelist">(.*?)</ul>', page, flags=re.S)
    return [message for message in messages if "&lt;" in message]


@pytest.fixture
def content():
    theme = ThemeFactory(title="Verankerung")
    series = SeriesFactory(themes=[theme])
    kommune = KommuneFactory(name="Beispielstadt")
    interview = InterviewFactory(series=series, kommune=kommune, title="Wärme aus dem Wald")
    QuestionFactory(interview=interview, theme=theme, question="Wie fing es an?")
    Page.objects.get_or_create(slug="impressum", defaults={"title": "Impressum", "body": "<p>Text</p>"})
    return {"interview": interview, "series": series, "theme": theme, "kommune": kommune}


def edited(client, interview):
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    for title in ("Wärme aus dem Wald", "Wärme aus dem eigenen Wald"):
        data = form_data(client.get(url))
        data["title"] = title
        client.post(url, data)
    return Version.objects.get_for_object(interview).order_by("pk")


def editor_pages(client, content):
    interview, series, theme, kommune = (content[key] for key in ("interview", "series", "theme", "kommune"))
    old, new = list(edited(client, interview))[:2]
    urls = [
        reverse("admin:index"),
        reverse("admin:app_list", args=["interviews"]),
        reverse("admin:interviews_interview_changelist"),
        reverse("admin:interviews_interview_changelist") + "?q=Wald",
        reverse("admin:interviews_interview_changelist") + "?status__exact=draft",
        reverse("admin:interviews_interview_add"),
        reverse("admin:interviews_interview_change", args=[interview.pk]),
        reverse("admin:interviews_interview_history", args=[interview.pk]),
        reverse("admin:interviews_interview_compare", args=[interview.pk])
        + f"?version_id1={old.pk}&version_id2={new.pk}",
        reverse("admin:interviews_interview_revision", args=[interview.pk, old.pk]),
        reverse("admin:interviews_series_changelist"),
        reverse("admin:interviews_series_change", args=[series.pk]),
        reverse("admin:interviews_theme_changelist"),
        reverse("admin:interviews_theme_change", args=[theme.pk]),
        reverse("admin:municipalities_kommune_changelist"),
        reverse("admin:municipalities_kommune_add"),
        reverse("admin:municipalities_kommune_change", args=[kommune.pk]),
        reverse("admin:municipalities_kommune_history", args=[kommune.pk]),
        reverse("admin:municipalities_kommune_delete", args=[kommune.pk]),
        reverse("admin:interviews_interview_delete", args=[interview.pk]),
        reverse("admin:interviews_theme_delete", args=[theme.pk]),
        reverse("admin:interviews_interview_recoverlist"),
        reverse("admin:pages_page_changelist"),
        reverse("admin:pages_page_change", args=[Page.objects.get(slug="impressum").pk]),
        reverse("admin:password_change"),
    ]
    return urls


@pytest.mark.parametrize("role", ["redaktion_user", "freigabe_user"])
def test_admin_pages_an_editor_uses_are_german(client, request, content, role):
    client.force_login(request.getfixturevalue(role))
    problems = {}
    seen = 0
    for url in editor_pages(client, content):
        response = client.get(url)
        if response.status_code == 403:
            continue  # not this role's page (e.g. deleting for Redaktion)
        assert response.status_code == 200, url
        seen += 1
        page = response.content.decode()
        found = english_in(page)
        if found:
            problems[url] = found
        escaped = escaped_markup_in_messages(page)
        if escaped:
            problems[url + " (escaped markup)"] = escaped
    assert seen >= 15
    assert problems == {}


def test_the_protected_delete_message_is_german_and_without_raw_markup(client, freigabe_user, content):
    client.force_login(freigabe_user)

    page = client.get(reverse("admin:municipalities_kommune_delete", args=[content["kommune"].pk])).content.decode()

    assert "„Beispielstadt" in page and "wird noch verwendet" in page
    assert escaped_markup_in_messages(page) == []
    assert english_in(page) == []


def test_the_save_buttons_use_one_verb(client, redaktion_user, content):
    client.force_login(redaktion_user)
    page = client.get(reverse("admin:interviews_interview_change", args=[content["interview"].pk])).content.decode()
    buttons = re.findall(r'<(?:input type="submit" value|button[^>]*>)"?([^"<]+)', page)
    labels = " ".join(buttons)
    assert "Speichern" in labels
    assert "Sichern" not in page


def test_the_planned_date_help_names_the_month_readers_will_see(client, redaktion_user, content):
    interview = content["interview"]
    interview.planned_date = datetime.date(2027, 5, 12)
    interview.save()
    client.force_login(redaktion_user)

    page = client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()

    assert "Leser sehen „erscheint voraussichtlich Mai 2027“" in html.unescape(page)
    assert "Erscheint am" in page
