"""The interview admin through real admin requests: add with questions, reorder, conflicts, deletes."""

import pytest
from django.urls import reverse

from interviews.models import Interview, Status, Theme
from municipalities.models import Kommune
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def add_question(data, index, theme, question, answer):
    prefix = f"questions-{index}"
    data.update(
        {
            f"{prefix}-id": "",
            f"{prefix}-interview": "",
            f"{prefix}-theme": str(theme.pk),
            f"{prefix}-question": question,
            f"{prefix}-answer": answer,
            f"{prefix}-pull_quote": "",
            f"{prefix}-position": str(index + 1),
        }
    )
    data["questions-TOTAL_FORMS"] = str(index + 1)


def test_editor_adds_an_interview_with_questions_through_the_admin(client, redaktion_user):
    theme_a, theme_b = ThemeFactory(title="Verankerung"), ThemeFactory(title="Wärmeplanung")
    series = SeriesFactory(planned_parts=6, themes=[theme_a, theme_b])
    kommune = KommuneFactory(name="Beispielstadt")
    client.force_login(redaktion_user)
    page = client.get(reverse("admin:interviews_interview_add"))
    data = form_data(page)
    data.update(
        {
            "series": str(series.pk),
            "part": "2",
            "kommune": str(kommune.pk),
            "title": "Wärme für alle",
            "slug": "waerme-fuer-alle",
            "lead": "<p>Ein Teaser.</p>",
            "interviewee_name": "Erika Beispiel",
            "interviewee_role": "Klimaschutzmanagerin",
        }
    )
    add_question(data, 0, theme_a, "Wie ist Klimaschutz verankert?", "<p>Als <strong>Querschnitt</strong>.</p>")
    add_question(data, 1, theme_b, "Wo steht die Wärmeplanung?", "<p>Am Anfang.<script>alert(1)</script></p>")

    response = client.post(reverse("admin:interviews_interview_add"), data, follow=True)

    interview = Interview.objects.get(slug="waerme-fuer-alle")
    assert (interview.series, interview.part, interview.kommune) == (series, 2, kommune)
    assert interview.status == Status.DRAFT
    assert [(q.position, q.theme, q.question) for q in interview.questions.all()] == [
        (1, theme_a, "Wie ist Klimaschutz verankert?"),
        (2, theme_b, "Wo steht die Wärmeplanung?"),
    ]
    assert interview.questions.get(position=2).answer == "<p>Am Anfang.</p>"
    assert any("wurde erfolgreich hinzugefügt" in message for message in messages_of(response))


def test_editor_reorders_questions_by_posting_new_positions(client, redaktion_user):
    interview = InterviewFactory()
    first = QuestionFactory(interview=interview, position=1, question="Erste Frage?")
    second = QuestionFactory(interview=interview, position=2, question="Zweite Frage?")
    third = QuestionFactory(interview=interview, position=3, question="Dritte Frage?")
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    new_positions = {first.pk: "3", second.pk: "1", third.pk: "2"}
    for index in range(int(data["questions-TOTAL_FORMS"])):
        data[f"questions-{index}-position"] = new_positions[int(data[f"questions-{index}-id"])]

    client.post(change_url(interview), data)

    assert list(interview.questions.values_list("question", flat=True)) == [
        "Zweite Frage?",
        "Dritte Frage?",
        "Erste Frage?",
    ]


def test_second_save_of_a_stale_form_is_refused_and_the_first_save_is_kept(client, redaktion_user, freigabe_user):
    interview = InterviewFactory(title="Ursprünglicher Titel")
    QuestionFactory(interview=interview, question="Frage?")
    client.force_login(redaktion_user)
    first_form = form_data(client.get(change_url(interview)))
    other = client.__class__()
    other.force_login(freigabe_user)
    second_form = form_data(other.get(change_url(interview)))

    first_form["title"] = "Titel der Redakteurin"
    client.post(change_url(interview), first_form)
    second_form["title"] = "Titel der Freigeberin"
    second_form["questions-0-question"] = "Überschriebene Frage?"
    response = other.post(change_url(interview), second_form)

    page = response.content.decode()
    assert "Nicht gespeichert: redakteurin hat „" in page
    assert "bitte prüfen):</strong> Überschrift." in page
    interview.refresh_from_db()
    assert interview.title == "Titel der Redakteurin"
    assert interview.questions.get().question == "Frage?"


def test_fresh_form_after_a_conflict_saves(client, redaktion_user):
    interview = InterviewFactory(title="Alt")
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(interview)))
    data["title"] = "Erster"
    client.post(change_url(interview), data)
    data = form_data(client.get(change_url(interview)))
    data["title"] = "Zweiter"
    client.post(change_url(interview), data)
    interview.refresh_from_db()
    assert interview.title == "Zweiter"


def test_clearing_the_date_of_a_published_interview_is_refused_in_german(client, freigabe_user):
    interview = InterviewFactory(published=True, title="Öffentlich")
    QuestionFactory(interview=interview)
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data["published_at_0"] = data["published_at_1"] = ""
    data["title"] = "Geändert"

    response = client.post(change_url(interview), data)

    assert "braucht ein Veröffentlichungsdatum" in response.content.decode()
    interview.refresh_from_db()
    assert (interview.title, interview.status) == ("Öffentlich", Status.PUBLISHED)


@pytest.mark.parametrize(
    ("model", "make_in_use", "hint"),
    [
        ("kommune", lambda: InterviewFactory(title="Wärme im Ilmtal").kommune, "anderen Kommune zu"),
        ("series", lambda: InterviewFactory(title="Wärme im Ilmtal").series, "Reihe mit Interviews"),
        ("theme", lambda: QuestionFactory(question="Wie steht es um die Wärme?").theme, "anderen Thema zu"),
    ],
)
def test_deleting_a_row_in_use_is_refused_with_a_german_message(client, superuser, model, make_in_use, hint):
    obj = make_in_use()
    app = "municipalities" if model == "kommune" else "interviews"
    client.force_login(superuser)

    response = client.post(reverse(f"admin:{app}_{model}_delete", args=[obj.pk]), {"post": "yes"}, follow=True)

    text = " ".join(messages_of(response))
    assert "wird noch verwendet und wurde nicht gelöscht" in text
    assert hint in text
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("model", "make_in_use"),
    [
        ("kommune", lambda: InterviewFactory().kommune),
        ("series", lambda: InterviewFactory().series),
        ("theme", lambda: QuestionFactory().theme),
    ],
)
def test_bulk_delete_action_of_rows_in_use_is_refused_with_a_german_message(client, superuser, model, make_in_use):
    obj = make_in_use()
    unused = {"kommune": KommuneFactory, "series": SeriesFactory, "theme": ThemeFactory}[model]()
    app = "municipalities" if model == "kommune" else "interviews"
    client.force_login(superuser)

    response = client.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk, unused.pk], "post": "yes"},
        follow=True,
    )

    assert "wird noch verwendet und wurde nicht gelöscht" in " ".join(messages_of(response))
    assert type(obj).objects.filter(pk__in=[obj.pk, unused.pk]).count() == 2


def test_bulk_delete_of_unused_rows_still_works(client, superuser):
    unused = KommuneFactory()
    client.force_login(superuser)
    client.post(
        reverse("admin:municipalities_kommune_changelist"),
        {"action": "delete_selected", "_selected_action": [unused.pk], "post": "yes"},
    )
    assert not Kommune.objects.filter(pk=unused.pk).exists()


def test_interview_list_shows_status_berlin_time_pdf_state_and_page_budget(client, redaktion_user):
    import datetime
    from zoneinfo import ZoneInfo

    interview = InterviewFactory(
        title="Geplantes Interview",
        status=Status.PUBLISHED,
        published_at=datetime.datetime(2099, 3, 1, 9, 30, tzinfo=datetime.UTC),
    )
    client.force_login(redaktion_user)

    text = client.get(reverse("admin:interviews_interview_changelist")).content.decode()

    berlin = interview.published_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert berlin.hour == 10
    assert "Geplant (01.03.2099 10:30)" in text
    assert '<span class="pdf-missing">fehlt</span>' in text
    assert "Seitenbudget" in text


def test_series_theme_and_kommune_admin_pages_render_german_labels(client, superuser):
    SeriesFactory(title="Mal nachgefragt!")
    Theme.objects.create(title="Wärme", slug="waerme", question="Welche Bedeutung hat die Wärmeplanung?")
    KommuneFactory(name="Ilm-Kreis")
    client.force_login(superuser)
    assert "Förderhinweis" in client.get(reverse("admin:interviews_series_add")).content.decode()
    assert "Leitfrage" in client.get(reverse("admin:interviews_theme_changelist")).content.decode()
    assert "Alternativtext des Logos" in client.get(reverse("admin:municipalities_kommune_add")).content.decode()


def test_every_script_and_stylesheet_of_the_interview_form_exists(client, redaktion_user):
    import re

    from django.contrib.staticfiles import finders

    interview = InterviewFactory()
    QuestionFactory(interview=interview)
    client.force_login(redaktion_user)
    page = client.get(change_url(interview)).content.decode()

    assets = re.findall(r'(?:src|href)="/static/([^"?]+)', page)
    assert "django_prose_editor/editor.js" in assets
    assert any(path.startswith("adminsortable2/js/adminsortable2") for path in assets)
    assert "admin-extra/admin.css" in assets
    assert [path for path in assets if not finders.find(path)] == []


def test_admin_strings_missing_from_djangos_german_catalog_are_german(client, redaktion_user):
    InterviewFactory()
    client.force_login(redaktion_user)
    page = client.get(reverse("admin:interviews_interview_changelist")).content.decode()
    assert "Ausführen" in page
    assert "Bitte auswählen" in page
    assert "Select an option" not in page


def test_editing_a_public_interview_says_when_changes_go_live(client, redaktion_user, freigabe_user):
    interview = InterviewFactory(published=True)
    QuestionFactory(interview=interview)
    client.force_login(redaktion_user)
    page = client.get(change_url(interview)).content.decode()
    assert "als wartende Fassung gespeichert und erst nach der Freigabe öffentlich" in page
    assert "sofort öffentlich" not in page
    client.force_login(freigabe_user)
    page = client.get(change_url(interview)).content.decode()
    assert "Ihre Änderungen sind nach dem Speichern sofort öffentlich" in page
