"""The stale-save merge (core.locking) on shapes other than text fields: choices of many, check boxes,
question order, rows added and deleted by the other save."""

import pytest
from django.db.models import F

from interviews.models import Interview, Question
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def merged_message(response):
    [text] = [text for text in messages_of(response) if text.startswith("Zusammengeführt und gespeichert")]
    return text


def test_themes_chosen_meanwhile_are_kept_when_i_change_the_title(editors):
    wood, sun, wind = ThemeFactory(title="Holz"), ThemeFactory(title="Sonne"), ThemeFactory(title="Wind")
    series = SeriesFactory(themes=[wood])
    first, second = editors
    mine = form_data(first.get(change_url(series)))
    theirs = form_data(second.get(change_url(series)))
    theirs["themes"] = [str(wood.pk), str(sun.pk), str(wind.pk)]
    assert second.post(change_url(series), theirs).status_code == 302

    mine["title"] = "Neue Reihe"
    message = merged_message(first.post(change_url(series), mine, follow=True))

    assert "Von dort übernommen: Themen;" in message
    series.refresh_from_db()
    assert series.title == "Neue Reihe"
    assert set(series.themes.all()) == {wood, sun, wind}


def test_a_box_ticked_meanwhile_stays_ticked_and_one_i_untick_is_unticked(editors):
    kommune = KommuneFactory(is_fictional=False, akk_member=True)
    first, second = editors
    mine = form_data(first.get(change_url(kommune)))
    theirs = form_data(second.get(change_url(kommune)))
    theirs["is_fictional"] = "on"
    second.post(change_url(kommune), theirs)

    mine["akk_member"] = "False"
    merged_message(first.post(change_url(kommune), mine, follow=True))

    kommune.refresh_from_db()
    assert (kommune.is_fictional, kommune.akk_member) == (True, False)


@pytest.fixture
def interview():
    interview = InterviewFactory(title="Wärme aus dem Wald")
    for number in (1, 2, 3):
        QuestionFactory(interview=interview, position=number, question=f"Frage {number}?", answer=f"<p>A{number}</p>")
    return interview


def by_position(interview):
    return list(interview.questions.order_by("position").values_list("question", "answer"))


def test_an_order_changed_meanwhile_stays_and_my_answer_is_saved(editors, interview):
    first, second = editors
    mine = form_data(first.get(change_url(interview)))
    theirs = form_data(second.get(change_url(interview)))
    theirs["questions-0-position"], theirs["questions-2-position"] = "3", "1"  # question 3 first
    second.post(change_url(interview), theirs)

    mine["questions-0-answer"] = "<p>Meine Antwort eins.</p>"
    merged_message(first.post(change_url(interview), mine, follow=True))

    assert by_position(interview) == [
        ("Frage 3?", "<p>A3</p>"),
        ("Frage 2?", "<p>A2</p>"),
        ("Frage 1?", "<p>Meine Antwort eins.</p>"),
    ]


def test_a_question_added_meanwhile_stays(editors, interview):
    first, _second = editors
    mine = form_data(first.get(change_url(interview)))
    QuestionFactory(interview=interview, position=4, question="Neu von der anderen?")
    Interview.objects.filter(pk=interview.pk).update(version=F("version") + 1)  # as a save of the form does

    mine["questions-1-answer"] = "<p>Meine Antwort zwei.</p>"
    merged_message(first.post(change_url(interview), mine, follow=True))

    assert [question for question, _answer in by_position(interview)] == [
        "Frage 1?",
        "Frage 2?",
        "Frage 3?",
        "Neu von der anderen?",
    ]
    assert by_position(interview)[1][1] == "<p>Meine Antwort zwei.</p>"


def test_a_question_deleted_meanwhile_that_i_changed_comes_back_as_a_new_one_and_is_named(editors, interview):
    first, _second = editors
    mine = form_data(first.get(change_url(interview)))
    Question.objects.filter(interview=interview, position=2).delete()
    Interview.objects.filter(pk=interview.pk).update(version=F("version") + 1)

    mine["questions-1-answer"] = "<p>Meine Antwort zwei.</p>"
    mine["questions-2-answer"] = "<p>Meine Antwort drei.</p>"
    refused = first.post(change_url(interview), mine)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "bitte prüfen):</strong> Frage 2: dort gelöscht, Ihre Fassung steht unten als neue Zeile." in page
    assert len(by_position(interview)) == 2
    again = form_data(refused)
    assert (again["questions-INITIAL_FORMS"], again["questions-TOTAL_FORMS"]) == ("2", "3")
    assert [again[f"questions-{index}-answer"] for index in range(3)] == [
        "<p>A1</p>",
        "<p>Meine Antwort drei.</p>",
        "<p>Meine Antwort zwei.</p>",
    ]

    assert first.post(change_url(interview), again).status_code == 302
    assert by_position(interview) == [
        ("Frage 1?", "<p>A1</p>"),
        ("Frage 2?", "<p>Meine Antwort zwei.</p>"),
        ("Frage 3?", "<p>Meine Antwort drei.</p>"),
    ]


def test_a_question_deleted_meanwhile_that_i_left_alone_stays_deleted(editors, interview):
    first, _second = editors
    mine = form_data(first.get(change_url(interview)))
    Question.objects.filter(interview=interview, position=2).delete()
    Interview.objects.filter(pk=interview.pk).update(version=F("version") + 1)

    mine["questions-2-answer"] = "<p>Meine Antwort drei.</p>"
    message = merged_message(first.post(change_url(interview), mine, follow=True))

    assert "Frage 2 gelöscht" in message
    assert by_position(interview) == [("Frage 1?", "<p>A1</p>"), ("Frage 3?", "<p>Meine Antwort drei.</p>")]


def test_a_merge_stopped_by_another_error_says_it_was_not_saved(editors):
    kommune = KommuneFactory(name="Altstadt")
    first, second = editors
    mine = form_data(first.get(change_url(kommune)))
    theirs = form_data(second.get(change_url(kommune)))
    theirs["description"] = "Von der anderen."
    second.post(change_url(kommune), theirs)

    mine["name"] = ""  # required
    response = first.post(change_url(kommune), mine)

    assert response.status_code == 200
    [text] = [text for text in messages_of(response) if "erste hat" in text or "zweite hat" in text]
    assert text.startswith("Nicht gespeichert: zweite hat „Altstadt (")
    assert "Aus der neuen Fassung übernommen: Beschreibung." in text
    assert form_data(response)["description"] == "Von der anderen."
