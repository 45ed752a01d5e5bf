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


# gettext("…"), gettext_noop('…'), ngettext("…", …), pgettext("context", "…") and a minified alias of
# window.gettext (django-prose-editor: ``pX=window.gettext||(e=>e)`` … ``pX("Edit Link")``).
LITERAL = r"""(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)"""
STRING = rf"({LITERAL}(?:\s*\+\s*{LITERAL})*)"  # also 'Note: … ' + '(You are …)'
GETTEXT_CALL = re.compile(r"\b(?:gettext|gettext_noop|ngettext)\(\s*" + STRING)
PGETTEXT_CALL = re.compile(r"\bpgettext\(\s*" + STRING + r"\s*,\s*" + STRING)
GETTEXT_ALIAS = re.compile(r"\b([A-Za-z_$][\w$]*)\s*=\s*window\.gettext\b")
SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"]+)"')


def literal_value(expression):
    """The text of a JavaScript string expression made of literals joined by "+"."""
    parts = re.findall(LITERAL, expression)
    return "".join(part[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape") for part in parts)


def js_strings(source):
    """The catalog keys a script asks for: gettext/ngettext msgids, pgettext as "context\\x04msgid"."""
    strings = {literal_value(match.group(1)) for match in GETTEXT_CALL.finditer(source)}
    strings |= {
        literal_value(match.group(1)) + "\x04" + literal_value(match.group(2))
        for match in PGETTEXT_CALL.finditer(source)
    }
    for alias in set(GETTEXT_ALIAS.findall(source)):
        calls = re.finditer(r"(?<![\w$.])" + re.escape(alias) + r"\(\s*" + STRING, source)
        strings |= {literal_value(match.group(1)) for match in calls}
    return strings


def loaded_scripts(client, urls):
    """Static files of every <script src> on the given admin pages, as {static path: source}."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    scripts = {}
    for url in urls:
        for src in SCRIPT_SRC.findall(client.get(url).content.decode()):
            src = html.unescape(src).split("?")[0]
            if not src.startswith(settings.STATIC_URL):
                continue  # the catalog itself (jsi18n)
            path = src.removeprefix(settings.STATIC_URL)
            found = finders.find(path)
            assert found, f"{url} loads {src}, which is not a static file"
            with open(found, encoding="utf-8") as script:
                scripts[path] = script.read()
    return scripts


def german_js_catalog(client):
    """The catalog the admin's JavaScript gets (Django's German one merged with locale/de djangojs)."""
    import json

    source = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", source, re.DOTALL).group(1))


def test_every_string_of_the_admin_javascript_has_a_german_translation(client, superuser, content):
    client.force_login(superuser)
    urls = [
        *editor_pages(client, content),
        reverse("admin:interviews_series_add"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_add"),
    ]
    scripts = loaded_scripts(client, urls)
    catalog = german_js_catalog(client)

    assert "admin/js/SelectFilter2.js" in scripts and "django_prose_editor/editor.js" in scripts
    strings = {string: path for path, source in scripts.items() for string in js_strings(source)}
    assert {"Choose all %s", "Remove all %s", "Edit Link"} <= set(strings)
    missing = sorted(f"{path}: {string}" for string, path in strings.items() if not catalog.get(string))
    assert missing == [], "\n".join(missing)


def test_breadcrumbs_never_repeat_a_level(client, superuser, content):
    """„Start › Interviews › Interviews“ was unclear: the app level names what it holds, never the model again."""
    client.force_login(superuser)
    urls = [url for url in editor_pages(client, content) if "/history/compare/" not in url]
    seen = 0
    for url in urls:
        page = client.get(url).content.decode()
        crumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', page, re.DOTALL)
        if crumbs is None:
            continue
        seen += 1
        levels = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in crumbs_of(crumbs)]
        assert len(levels) == len(set(levels)), (url, levels)
    assert seen >= 15
    changelist = client.get(reverse("admin:interviews_interview_changelist")).content.decode()
    crumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', changelist, re.DOTALL)
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in crumbs_of(crumbs)] == [
        "Start",
        "Mal nachgefragt!",
        "Interviews",
    ]


def crumbs_of(match):
    return re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.DOTALL)
