"""The interview form's stale saves (core.locking): merged where the changes do not overlap, explained where
they do, and the message names the save that really came in between – the same editor's other tab included.
"""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Revision

from interviews.editorial import publishing
from interviews.models import Interview, PendingChange
from tests.admin_forms import form_data, messages_of
from tests.factories import FITS_SIX_PAGES, InterviewFactory, QuestionFactory, answer_of, make_user

pytestmark = pytest.mark.django_db

BERLIN = datetime.timezone(datetime.timedelta(hours=1))  # December: CET


def at(hour, minute):
    return datetime.datetime(2026, 12, 4, hour, minute, tzinfo=BERLIN)


def backdate(when):
    """The history entries and admin log written so far happened at ``when``."""
    Revision.objects.update(date_created=when)
    LogEntry.objects.update(action_time=when)


def url(interview):
    return reverse("admin:interviews_interview_change", args=[interview.pk])


@pytest.fixture
def interview():
    interview = InterviewFactory(title="Wärme aus dem Wald", lead="<p>Ein Landkreis heizt mit Holz.</p>")
    QuestionFactory(interview=interview, question="Wie fing es an?", answer="<p>Mit zwei Stellen.</p>")
    QuestionFactory(interview=interview, question="Was kostet das?", answer="<p>Weniger als gedacht.</p>")
    return interview


def answers(interview):
    return list(interview.questions.values_list("answer", flat=True))


ANSWERS = ["<p>Mit zwei Stellen im Jahr 2019.</p>", "<p>Weniger als gedacht, dank Förderung.</p>"]


def test_a_colleagues_save_that_does_not_overlap_is_merged_and_named(client, interview, redaktion_user):
    colleague = make_user("kollege", group="Redaktion")
    client.force_login(redaktion_user)
    mine = form_data(client.get(url(interview)))  # I open the form ...
    client.force_login(colleague)  # ... a colleague saves a new title and answer 2 in between
    theirs = form_data(client.get(url(interview)))
    theirs["title"] = "Wärme aus dem eigenen Wald"
    theirs["questions-1-answer"] = "<p>Weniger als gedacht, dank Förderung.</p>"
    client.post(url(interview), theirs)
    client.force_login(redaktion_user)
    mine["questions-0-answer"] = "<p>Mit zwei Stellen im Jahr 2019.</p>"  # I changed answer 1 only

    response = client.post(url(interview), mine, follow=True)

    [merged] = [text for text in messages_of(response) if "Zusammengeführt" in text]
    assert "kollege hat „" in merged
    assert "Von dort übernommen: Überschrift, Frage 2: Antwort" in merged
    interview.refresh_from_db()
    assert interview.title == "Wärme aus dem eigenen Wald"
    assert answers(interview) == ANSWERS


def test_an_overlapping_change_is_not_saved_not_lost_and_explained(client, interview, redaktion_user):
    colleague = make_user("kollege", group="Redaktion")
    client.force_login(redaktion_user)
    mine = form_data(client.get(url(interview)))
    client.force_login(colleague)
    theirs = form_data(client.get(url(interview)))
    theirs["title"] = "Wärme aus dem eigenen Wald"
    theirs["questions-1-answer"] = "<p>Weniger als gedacht, dank Förderung.</p>"
    client.post(url(interview), theirs)
    client.force_login(redaktion_user)
    mine["title"] = "Holzwärme im Landkreis"  # both changed the title
    mine["questions-0-answer"] = "<p>Mit zwei Stellen im Jahr 2019.</p>"

    refused = client.post(url(interview), mine)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Nicht gespeichert: kollege hat „" in page
    assert "Was kollege geändert hat" in page
    assert "Wärme aus dem <ins>eigenen</ins> Wald" in page
    assert re.search(r"Dort und hier geändert \(hier steht Ihre Fassung, bitte prüfen\):</strong> Überschrift\.", page)
    assert "Aus der neuen Fassung übernommen:</strong> Frage 2: Antwort" in page
    interview.refresh_from_db()
    assert interview.title == "Wärme aus dem eigenen Wald"  # nothing of mine was saved yet

    # Everything I typed is still there, the colleague's answer 2 too; saving again stores what the form shows.
    again = form_data(refused)
    assert again["title"] == "Holzwärme im Landkreis"
    assert again["questions-0-answer"] == "<p>Mit zwei Stellen im Jahr 2019.</p>"
    assert again["questions-1-answer"] == "<p>Weniger als gedacht, dank Förderung.</p>"
    client.post(url(interview), again)

    interview.refresh_from_db()
    assert interview.title == "Holzwärme im Landkreis"
    assert answers(interview) == ANSWERS


def test_the_same_editor_in_a_second_tab_is_told_so_with_the_time_of_that_save(client, interview, redaktion_user):
    client.force_login(redaktion_user)
    first_tab = form_data(client.get(url(interview)))
    second_tab = form_data(client.get(url(interview)))
    second_tab["title"] = "Aus dem zweiten Tab"
    client.post(url(interview), second_tab)
    backdate(at(16, 21))
    first_tab["title"] = "Aus dem ersten Tab"

    page = client.post(url(interview), first_tab).content.decode()

    assert "Sie selbst haben „" in page
    assert "am 4. Dezember 2026 16:21 in einem anderen Fenster oder Tab gespeichert" in page
    assert "kollege" not in page and "jemand" not in page
    assert Interview.objects.get().title == "Aus dem zweiten Tab"


def test_an_overlapping_save_is_explained_once_not_in_a_section_and_again_in_the_error_list(
    client, interview, redaktion_user
):
    colleague = make_user("kollege", group="Redaktion")
    client.force_login(redaktion_user)
    mine = form_data(client.get(url(interview)))
    client.force_login(colleague)
    theirs = form_data(client.get(url(interview)))
    theirs["title"] = "Wärme aus dem eigenen Wald"
    client.post(url(interview), theirs)
    client.force_login(redaktion_user)
    mine["title"] = "Holzwärme im Landkreis"

    page = client.post(url(interview), mine).content.decode()

    assert page.count("kollege hat „") == 1
    assert page.count("Dort und hier geändert") == 1
    assert page.count("Inzwischen von kollege gespeichert") == 1
    assert 'class="errornote"' not in page  # no „Bitte den unten aufgeführten Fehler korrigieren.“ above no error
    assert Interview.objects.get().title == "Wärme aus dem eigenen Wald"


def test_a_merged_save_stopped_by_another_error_is_explained_once_next_to_that_error(client, interview, redaktion_user):
    colleague = make_user("kollege", group="Redaktion")
    client.force_login(redaktion_user)
    mine = form_data(client.get(url(interview)))
    client.force_login(colleague)
    theirs = form_data(client.get(url(interview)))
    theirs["title"] = "Wärme aus dem eigenen Wald"
    client.post(url(interview), theirs)
    client.force_login(redaktion_user)
    mine["kommune"] = ""  # no overlap with the colleague's save, but an error of its own

    response = client.post(url(interview), mine)
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("kollege hat „") == 1
    assert "Aus der neuen Fassung übernommen:</strong> Überschrift" in page
    assert 'class="errornote"' in page  # the slug's error
    assert Interview.objects.get().title == "Wärme aus dem eigenen Wald"
    assert form_data(response)["title"] == "Wärme aus dem eigenen Wald"


def test_a_pending_save_in_another_tab_is_named_not_the_earlier_publication(
    client, interview, redaktion_user, freigabe_user
):
    """The bug from the editor's desk: „freigabe hat … 16:19 gespeichert“ although the newer save was the
    editor's own other tab at 16:21 (a pending version writes no history entry)."""
    QuestionFactory(interview=interview, question="Und weiter?", answer=answer_of(FITS_SIX_PAGES))  # lays out
    publishing.publish(interview, freigabe_user, override_reason="telefonisch autorisiert")
    backdate(at(16, 19))
    client.force_login(redaktion_user)
    first_tab = form_data(client.get(url(interview)))
    second_tab = form_data(client.get(url(interview)))
    second_tab["title"] = "Aus dem zweiten Tab"
    client.post(url(interview), second_tab)
    PendingChange.objects.update(updated_at=at(16, 21))  # a pending save writes no history entry, no admin log
    assert PendingChange.objects.get().data["interview"]["title"] == "Aus dem zweiten Tab"
    first_tab["questions-0-answer"] = "<p>Aus dem ersten Tab.</p>"

    response = client.post(url(interview), first_tab, follow=True)

    [merged] = [text for text in messages_of(response) if "Zusammengeführt" in text]
    assert "Sie selbst haben „" in merged
    assert "am 4. Dezember 2026 16:21 in einem anderen Fenster oder Tab gespeichert" in merged
    assert "freigabe" not in merged
    data = PendingChange.objects.get().data
    assert data["interview"]["title"] == "Aus dem zweiten Tab"
    assert data["questions"][0]["answer"] == "<p>Aus dem ersten Tab.</p>"
