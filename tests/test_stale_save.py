"""A stale save explains who saved what and when, and keeps the editor's text on top of the other change."""

import re

import pytest
from django.urls import reverse

from interviews.models import Interview
from tests.admin_forms import form_data
from tests.factories import InterviewFactory, QuestionFactory, make_user

pytestmark = pytest.mark.django_db


def url(interview):
    return reverse("admin:interviews_interview_change", args=[interview.pk])


@pytest.fixture
def interview():
    interview = InterviewFactory(title="Wärme aus dem Wald", lead="<p>Ein Landkreis heizt mit Holz.</p>")
    QuestionFactory(interview=interview, question="Wie fing es an?", answer="<p>Mit zwei Stellen.</p>")
    QuestionFactory(interview=interview, question="Was kostet das?", answer="<p>Weniger als gedacht.</p>")
    return interview


def save(client, data, target):
    return client.post(url(target), data)


def test_a_colleagues_save_in_between_is_explained_and_my_text_kept_on_top(client, interview, redaktion_user):
    colleague = make_user("kollege", group="Redaktion")
    client.force_login(redaktion_user)
    mine = form_data(client.get(url(interview)))  # I open the form ...
    client.force_login(colleague)  # ... a colleague saves a new title and answer 2 in between
    theirs = form_data(client.get(url(interview)))
    theirs["title"] = "Wärme aus dem eigenen Wald"
    theirs["questions-1-answer"] = "<p>Weniger als gedacht, dank Förderung.</p>"
    save(client, theirs, interview)
    client.force_login(redaktion_user)
    mine["questions-0-answer"] = "<p>Mit zwei Stellen im Jahr 2019.</p>"  # I changed answer 1 only

    refused = save(client, mine, interview)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Nicht gespeichert: kollege hat dieses Interview inzwischen gespeichert" in page
    assert "Was kollege geändert hat" in page
    assert "Wärme aus dem <ins>eigenen</ins> Wald" in page
    assert "Weniger als <del>gedacht.</del> <ins>gedacht, dank Förderung.</ins>" in page
    assert "Aus der neuen Fassung übernommen:</strong> Überschrift, Frage 2: Antwort" in page
    interview.refresh_from_db()
    assert interview.title == "Wärme aus dem eigenen Wald"  # nothing of mine was saved yet

    # The form shows both changes and a fresh version token: saving again keeps both, without retyping.
    again = form_data(refused)
    assert again["title"] == "Wärme aus dem eigenen Wald"
    assert again["questions-0-answer"] == "<p>Mit zwei Stellen im Jahr 2019.</p>"
    client.post(url(interview), again)

    interview.refresh_from_db()
    answers = list(interview.questions.values_list("answer", flat=True))
    assert interview.title == "Wärme aus dem eigenen Wald"
    assert answers == ["<p>Mit zwei Stellen im Jahr 2019.</p>", "<p>Weniger als gedacht, dank Förderung.</p>"]


def test_the_same_editor_in_a_second_tab_is_told_so(client, interview, redaktion_user):
    client.force_login(redaktion_user)
    first_tab = form_data(client.get(url(interview)))
    second_tab = form_data(client.get(url(interview)))
    second_tab["title"] = "Aus dem zweiten Tab"
    save(client, second_tab, interview)
    first_tab["title"] = "Aus dem ersten Tab"

    page = save(client, first_tab, interview).content.decode()

    assert "Sie selbst haben dieses Interview inzwischen gespeichert" in page
    assert "in einem anderen Tab oder Fenster" in page
    assert "jemand anderem" not in page
    assert re.search(r"Von beiden geändert \(hier steht Ihre Fassung, bitte prüfen\):</strong> Überschrift", page)
    assert Interview.objects.get().title == "Aus dem zweiten Tab"


def test_other_admin_forms_also_say_when_it_was_the_same_editor_in_another_tab(client, redaktion_user):
    from municipalities.models import Kommune
    from tests.factories import KommuneFactory

    kommune = KommuneFactory(name="Neustadt")
    client.force_login(redaktion_user)
    kommune_url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    first_tab = form_data(client.get(kommune_url))
    second_tab = form_data(client.get(kommune_url))
    second_tab["description"] = "Aus dem zweiten Tab."
    client.post(kommune_url, second_tab)
    first_tab["description"] = "Aus dem ersten Tab."

    page = client.post(kommune_url, first_tab).content.decode()

    assert "wurde inzwischen von Ihnen selbst gespeichert" in page
    assert "wahrscheinlich in einem anderen Tab oder Fenster" in page
    assert Kommune.objects.get().description == "Aus dem zweiten Tab."
