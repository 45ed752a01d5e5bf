"""Readable comparisons: word-level, question by question, German, no technical fields."""

import pytest
from django.urls import reverse
from reversion.models import Version

from interviews.editorial import compare
from tests.admin_forms import form_data
from tests.factories import InterviewFactory, QuestionFactory


def snap(title="Wärme aus dem Wald", lead="<p>Ein Landkreis heizt mit Holz.</p>", questions=()):
    return {"title": title, "lead": lead, "questions": list(questions)}


def question(key, text, answer="<p>Eine Antwort.</p>", theme="Verankerung", pull_quote=""):
    return {"key": key, "question": text, "answer": answer, "theme": theme, "pull_quote": pull_quote}


def test_equal_snapshots_have_no_changes():
    same = snap(questions=[question(1, "Wie?")])
    assert compare.compare_interviews(same, snap(questions=[question(1, "Wie?")])) == []


def test_changed_answer_word_is_marked_with_its_context_and_the_question_named():
    old = snap(questions=[question(1, "Wie fing es an?", "<p>Wir haben 2019 mit zwei Stellen begonnen.</p>")])
    new = snap(questions=[question(1, "Wie fing es an?", "<p>Wir haben 2018 mit zwei Stellen begonnen.</p>")])

    [change] = compare.compare_interviews(old, new)

    assert change.kind == "changed"
    assert change.label == "Frage 1: Wie fing es an?"
    [field] = change.fields
    assert field.label == "Antwort"
    assert str(field.html) == "Wir haben <del>2019</del> <ins>2018</ins> mit zwei Stellen begonnen."


def test_markup_in_text_is_escaped_not_rendered():
    [change] = compare.compare_interviews(snap(title="Alt"), snap(title="<script>alert(1)</script> & Co"))
    html = str(change.fields[0].html)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;" in html


def test_added_removed_and_moved_questions_are_named():
    first, second, third = question(1, "Erste?"), question(2, "Zweite?"), question(3, "Dritte?")
    old = snap(questions=[first, second, third, question(4, "Alt?")])
    new = snap(questions=[second, third, first, question(None, "Neu?")])

    changes = {(change.kind, change.label): change for change in compare.compare_interviews(old, new)}

    assert set(changes) == {
        ("moved", "Frage 3: Erste?"),
        ("added", "Frage 4: Neu?"),
        ("removed", "Frage 4: Alt?"),
    }
    assert changes["moved", "Frage 3: Erste?"].note == "Verschoben von Position 1 auf Position 3"
    assert "<del>Alt?</del>" in str(changes["removed", "Frage 4: Alt?"].fields[0].html)


def test_theme_and_pull_quote_changes_are_shown_technical_fields_never():
    old = {**snap(questions=[question(1, "Wie?", theme="Verankerung")]), "version": 3, "pdf_fingerprint": "abc"}
    new = {**snap(questions=[question(1, "Wie?", theme="Personal", pull_quote="Ein Satz")]), "version": 4}
    new["pdf_fingerprint"] = "def"

    [change] = compare.compare_interviews(old, new)

    assert [field.label for field in change.fields] == ["Thema", "Zitat zum Hervorheben"]
    assert str(change.fields[0].html) == "<del>Verankerung</del> <ins>Personal</ins>"


def test_long_unchanged_text_is_shortened_around_the_change():
    words = " ".join(f"wort{n}" for n in range(200))
    old = snap(lead=f"<p>{words} Ende.</p>")
    new = snap(lead=f"<p>{words} Schluss.</p>")

    [change] = compare.compare_interviews(old, new)

    html = str(change.fields[0].html)
    assert html.startswith('<span class="diff-skip">[…]</span> wort188')
    assert html.endswith("<del>Ende.</del> <ins>Schluss.</ins>")
    assert "wort100" not in html


def test_new_paragraph_is_marked():
    [change] = compare.compare_interviews(snap(lead="<p>Eins zwei.</p>"), snap(lead="<p>Eins.</p><p>Zwei drei.</p>"))
    assert "¶<br>" in str(change.fields[0].html)


@pytest.mark.django_db
def test_history_comparison_shows_the_edited_answer_word_by_word_in_german(client, redaktion_user):
    interview = InterviewFactory(title="Wärme aus dem Wald")
    QuestionFactory(interview=interview, question="Wie heizt der Kreis?", answer="<p>Mit Holz aus dem Wald.</p>")
    QuestionFactory(interview=interview, question="Was kostet das?", answer="<p>Weniger als gedacht.</p>")
    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    for answer in ("<p>Mit Holz aus dem Wald.</p>", "<p>Mit Hackschnitzeln aus dem eigenen Wald.</p>"):
        data = form_data(client.get(url))
        data["questions-0-answer"] = answer
        client.post(url, data)
    old, new = Version.objects.get_for_object(interview).order_by("pk")

    page = client.get(
        reverse("admin:interviews_interview_compare", args=[interview.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    ).content.decode()

    assert "Frage 1: Wie heizt der Kreis?" in page
    assert "Mit <del>Holz</del> <ins>Hackschnitzeln</ins> aus dem <ins>eigenen</ins> Wald." in page
    assert "Was kostet das?" not in page  # unchanged questions stay out
    for technical in ("Version", "Fingerabdruck", "PDF", "Bytes", "Revert", "History", "compare"):
        assert technical not in page.split('id="content-main"')[1].split("</main>")[0], technical
    assert "Zurück zum Verlauf" in page


@pytest.mark.django_db
def test_kommune_history_comparison_is_german_and_leaves_timestamps_out(client, redaktion_user):
    from municipalities.models import Kommune
    from tests.factories import KommuneFactory

    kommune = KommuneFactory(name="Neustadt", description="Eine kleine Stadt am Wald.")
    client.force_login(redaktion_user)
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    for description in ("Eine kleine Stadt am Wald.", "Eine kleine Stadt am großen Wald."):
        data = form_data(client.get(url))
        data["description"] = description
        client.post(url, data)
    old, new = Version.objects.get_for_object(Kommune.objects.get()).order_by("pk")

    page = client.get(
        reverse("admin:municipalities_kommune_compare", args=[kommune.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    ).content.decode()

    main = page.split('id="content-main"')[1]
    assert "Beschreibung" in main
    assert "großen" in main
    assert "geändert" not in main.split("Zurück zum Verlauf")[0].split("Neuerer Stand")[1].split("</dl>")[1]
    assert "Vergleich: Neustadt" in page
