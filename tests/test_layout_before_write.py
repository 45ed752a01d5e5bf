"""The text going live is laid out before anything is written (issue 18, item 4), on the paths that wrote first.

On SQLite every transaction takes the write lock when it begins (``transaction_mode`` IMMEDIATE): a layout inside one
holds it for the whole render. So the text going live is built in memory and laid out first, outside any transaction:

- a restore from history of a live interview (django-reversion writes the old version inside its transaction and the
  form was checked afterwards): built from the history entry and the posted form; refused, the form comes back with
  the German reason and nothing is written, not even inside a rolled-back transaction;
- a first publication (and a publication planned for later): laid out before its writes; from the admin form the
  step runs once the form's save is committed, the bulk action once the change list's transaction has ended;
- a scheduled part shortly before its date (the worker): refused, it does not appear and the editors are told.
"""

import datetime

import pytest
import reversion
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import model_to_dict
from django.tasks import default_task_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from interviews import pdf, tasks
from interviews.editorial import publishing
from interviews.models import ApprovalStatus, Interview, PendingChange, Status, WorkflowAction, WorkflowEvent
from interviews.pdf import fitting
from tests.admin_forms import change_url, form_data, messages_of
from tests.pdf_shapes import make_interview

# Lays out PDFs with WeasyPrint.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

TOO_LONG_TEASER = "<p>" + " ".join(["Ein Teaser, der die Titelseite füllt und nicht enden will."] * 70) + "</p>"
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def layouts_seen(db, monkeypatch):
    """Each layout made: (title laid out, whether the code opened a transaction that was open while it ran).

    The test itself runs in a transaction (pytest-django): what counts is a block opened beyond that one.
    """
    seen = []
    real_fit = fitting.fit
    test_blocks = len(connection.atomic_blocks)

    def watching_fit(source, *args, **kwargs):
        seen.append((source.interview.title, len(connection.atomic_blocks) > test_blocks))
        return real_fit(source, *args, **kwargs)

    monkeypatch.setattr(fitting, "fit", watching_fit)
    monkeypatch.setattr(pdf, "fit", watching_fit)
    return seen


def rows_of(interview):
    """Everything stored about ``interview``: its row (PDF and layout fields too), questions, history, events."""
    row = Interview.objects.get(pk=interview.pk)
    return (
        model_to_dict(row, exclude=["portrait"]) | {"updated_at": row.updated_at},
        list(row.questions.order_by("pk").values()),
        Version.objects.get_for_object(row).count(),
        list(WorkflowEvent.objects.filter(interview=row).values_list("action", flat=True)),
        list(PendingChange.objects.filter(interview=row).values("data")),
    )


def live_with_history(**old_values):
    """A small published interview whose history holds an earlier version with ``old_values``."""
    live = make_interview("no_portrait", published=True, questions=4, words_per_answer=170, pages=3)
    current = {name: getattr(live, name) for name in old_values}
    for name, value in old_values.items():
        setattr(live, name, value)
    with reversion.create_revision():
        live.save()
        reversion.add_to_revision(live)
    Interview.objects.filter(pk=live.pk).update(**current)  # the live text today (no history entry of its own)
    entry = Version.objects.get_for_object(live).first()
    return Interview.objects.get(pk=live.pk), f"/admin/interviews/interview/{live.pk}/history/{entry.pk}/"


def test_a_restore_that_does_not_lay_out_is_refused_before_any_write(client, freigabe_user, layouts_seen):
    live, url = live_with_history(lead=TOO_LONG_TEASER)
    client.force_login(freigabe_user)
    data = form_data(client.get(url))
    assert data["lead"] == TOO_LONG_TEASER  # the restore form shows the old version
    before = rows_of(live)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)

    assert response.status_code == 200
    # The restore form refuses the old teaser on its field (the cover's plan), before any layout.
    assert response.context["adminform"].form.errors["lead"][0].startswith("Titelseite zu voll: Der Teaser hat")
    assert form_data(response)["lead"] == TOO_LONG_TEASER  # the form comes back as posted
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []  # not even inside a transaction that is rolled back
    assert rows_of(live) == before
    # The old version and the live text (to know whether a PDF would be taken away), each outside a transaction
    # (the old version's fit refuses it by the cover's plan, before it lays anything out).
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False, False]


def test_a_restore_that_lays_out_is_laid_out_once_outside_the_transaction_then_saved(
    client, freigabe_user, layouts_seen
):
    live, url = live_with_history(title="Wärme für das ganze Tal")
    client.force_login(freigabe_user)

    response = client.post(url, form_data(client.get(url)), follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    row = Interview.objects.get(pk=live.pk)
    assert row.title == "Wärme für das ganze Tal"
    assert layouts_seen == [("Wärme für das ganze Tal", False)]  # once, before django-reversion's transaction
    assert row.pdf_layout_fingerprint == pdf.layout_fingerprint(pdf.load_source(row))  # recorded for the stored text
    assert row.pdf_layout_error == ""


# --- A first publication ---------------------------------------------------------------------------------------


def small_interview(**values):
    """A short interview (three pages) that lays out, ready for Freigabe."""
    return make_interview("no_portrait", questions=4, words_per_answer=170, pages=3, **values)


def test_a_first_publication_lays_out_before_any_write_and_outside_a_transaction(freigabe_user, layouts_seen):
    interview = small_interview(status=Status.REVIEW)
    order = []
    real_fit = fitting.fit

    with CaptureQueriesContext(connection) as queries:

        def noting_fit(source, *args, **kwargs):
            order.append(len(queries))  # the queries run before the layout
            return real_fit(source, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(fitting, "fit", noting_fit)
            publishing.publish(interview, freigabe_user, override_reason="telefonisch autorisiert")

    assert [open_transaction for _title, open_transaction in layouts_seen] == [False]
    before_layout = [query["sql"] for query in queries[: order[0]]]
    assert not [sql for sql in before_layout if sql.lstrip().upper().startswith(WRITES)]
    row = Interview.objects.get(pk=interview.pk)
    assert row.status == Status.PUBLISHED and row.is_public
    # Recorded for exactly the stored text: the worker's render finds the text laid out.
    assert row.pdf_layout_fingerprint == pdf.layout_fingerprint(pdf.load_source(row))
    assert pdf.layout_label(row)[0] is True


def test_a_first_publication_that_does_not_lay_out_writes_nothing(freigabe_user, layouts_seen):
    interview = small_interview(status=Status.REVIEW, lead=TOO_LONG_TEASER)
    before = rows_of(interview)

    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as refusal:
        publishing.publish(interview, freigabe_user, override_reason="telefonisch autorisiert")

    assert "Titelseite zu voll" in " ".join(refusal.value.messages)
    assert "Es wurde nichts veröffentlicht." in " ".join(refusal.value.messages)
    assert [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)] == []
    assert rows_of(interview) == before
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False]


def test_publishing_from_the_form_lays_out_after_the_form_is_saved_outside_its_transaction(
    client, freigabe_user, layouts_seen
):
    """The form is saved in the admin's transaction; the step „Veröffentlichen“ runs once that is committed."""
    interview = small_interview(status=Status.REVIEW)
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(interview)))
    data.update(title="Wärme aus dem Tal", _workflow="publish", override_reason="telefonisch autorisiert")

    response = client.post(change_url(interview), data, follow=True)

    assert any("ist veröffentlicht" in message for message in messages_of(response)), messages_of(response)
    row = Interview.objects.get(pk=interview.pk)
    assert (row.title, row.status) == ("Wärme aus dem Tal", Status.PUBLISHED)
    assert layouts_seen == [("Wärme aus dem Tal", False)]  # the saved title, laid out outside the transaction


def test_the_bulk_action_publishes_outside_the_change_lists_transaction(client, freigabe_user, layouts_seen):
    interview = small_interview(status=Status.REVIEW, approval_status=ApprovalStatus.APPROVED)
    client.force_login(freigabe_user)

    response = client.post(
        "/admin/interviews/interview/",
        {"action": "action_publish", "_selected_action": [interview.pk]},
        follow=True,
    )

    assert "1 Interview(s) veröffentlicht." in messages_of(response)
    assert Interview.objects.get(pk=interview.pk).status == Status.PUBLISHED
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False]


# --- A scheduled publication -----------------------------------------------------------------------------------


def test_a_scheduled_part_that_does_not_lay_out_shortly_before_its_date_does_not_appear_and_editors_are_told(
    freigabe_user, redaktion_user, layouts_seen, mailoutbox, django_capture_on_commit_callbacks
):
    freigabe_user.email, redaktion_user.email = "freigabe@example.org", "redaktion@example.org"
    freigabe_user.save()
    redaktion_user.save()
    interview = small_interview(status=Status.REVIEW, assigned_to=redaktion_user)
    date = timezone.now() + datetime.timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(interview, freigabe_user, at=date, override_reason="telefonisch autorisiert")

    [check] = [result for result in default_task_backend.results if result.task.name == "go_live_check_task"]
    assert list(check.args) == [interview.pk, date.isoformat()]
    assert check.task.run_after == date - tasks.GO_LIVE_CHECK_LEAD  # the worker runs it shortly before the date
    assert tasks.go_live_check_task.call(interview.pk, date.isoformat()) == "fits"
    assert Interview.objects.get(pk=interview.pk).is_scheduled
    # Meanwhile the text changed in a way no form checked (here: directly in the database).
    Interview.objects.filter(pk=interview.pk).update(lead=TOO_LONG_TEASER)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.go_live_check_task.call(interview.pk, date.isoformat())

    assert outcome == "withdrawn"
    row = Interview.objects.get(pk=interview.pk)
    assert row.status == Status.DRAFT and not row.is_public
    event = WorkflowEvent.objects.filter(interview=row).first()
    assert event.action == WorkflowAction.UNPUBLISHED
    assert event.actor == "PDF-Prüfung vor dem Erscheinen"
    assert "Das PDF lässt sich nicht setzen: Titelseite zu voll" in event.comment
    assert "nicht wie geplant" in event.comment and "wieder ein Entwurf" in event.comment
    [mail] = mailoutbox
    assert sorted(mail.to) == ["freigabe@example.org", "redaktion@example.org"]
    assert "Titelseite zu voll" in mail.body
    # A check queued for a date the part no longer has leaves it alone.
    assert tasks.go_live_check_task.call(interview.pk, date.isoformat()) == "skipped"


def test_a_scheduled_part_moved_to_another_date_is_checked_before_that_date(
    freigabe_user, layouts_seen, django_capture_on_commit_callbacks
):
    interview = small_interview(status=Status.REVIEW)
    first = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(interview, freigabe_user, at=first, override_reason="telefonisch autorisiert")
    later = first + datetime.timedelta(days=5)
    moved = Interview.objects.get(pk=interview.pk)
    moved.published_at = later

    with django_capture_on_commit_callbacks(execute=True):
        moved.save()  # e.g. Freigabe's form; any save of a scheduled interview

    checks = [list(result.args) for result in default_task_backend.results if result.task.name == "go_live_check_task"]
    assert checks == [[interview.pk, first.isoformat()], [interview.pk, later.isoformat()]]
    assert tasks.go_live_check_task.call(interview.pk, first.isoformat()) == "skipped"  # the old date
    assert tasks.go_live_check_task.call(interview.pk, later.isoformat()) == "fits"


# --- A series, theme or Kommune that live PDFs show ------------------------------------------------------------

LONG_FUNDING_NOTICE = " ".join(
    ["Gefördert durch das Bundesministerium aufgrund eines Beschlusses des Deutschen Bundestages."] * 60
)


def stored_row(obj):
    return model_to_dict(type(obj).objects.get(pk=obj.pk))


def test_a_series_change_that_a_live_part_could_not_print_is_refused_naming_the_part(
    client, freigabe_user, layouts_seen
):
    live = small_interview(published=True)
    draft = small_interview(series=live.series, part=2)  # not live: its PDF does not count
    series = live.series
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(series)))
    data["funding_notice"] = LONG_FUNDING_NOTICE
    before = stored_row(series), stored_row(live), stored_row(draft)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(change_url(series), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Diese Änderung wird nicht gespeichert" in page
    assert f"Teil 4 der Reihe „{series.title}“ („{live.title}“): Rückseite zu voll" in page
    assert form_data(response)["funding_notice"] == LONG_FUNDING_NOTICE  # everything typed is still there
    assert (stored_row(series), stored_row(live), stored_row(draft)) == before
    assert [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)] == []
    # The changed back page and the live one (to know a PDF would be taken away), outside any transaction.
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False, False]


def test_a_kommune_change_is_free_unless_a_pdf_shows_it_and_refused_when_the_cover_could_not_hold_it(
    client, freigabe_user, layouts_seen
):
    live = small_interview(published=True)
    kommune = live.kommune
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(kommune)))
    data["description"] = "Der Landkreis liegt im Herzen Thüringens."  # the web page shows it, the PDF does not

    response = client.post(change_url(kommune), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    assert layouts_seen == []  # its PDF's layout fingerprint is the same: nothing to lay out

    data = form_data(client.get(change_url(kommune)))
    rows = int(data["awards-TOTAL_FORMS"])
    # Sixty awards (the cover's plan moves a long Steckbrief below both columns and runs its rows into one
    # paragraph: thirty fit now).
    for index in range(rows, rows + 60):
        data[f"awards-{index}-year"] = str(2009 + index // 2)
        data[f"awards-{index}-category"] = f"Klimaschutz durch Kooperation mit Unternehmen und Vereinen ({index})"
    data["awards-TOTAL_FORMS"] = str(rows + 60)
    before = stored_row(kommune), list(kommune.awards.values())

    response = client.post(change_url(kommune), data)

    page = response.content.decode()
    assert f"Teil 4 der Reihe „{live.series.title}“ („{live.title}“): Titelseite zu voll" in page
    assert (stored_row(kommune), list(kommune.awards.values())) == before
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False, False]


def test_a_theme_change_a_live_part_prints_is_laid_out_before_it_is_saved(client, freigabe_user, layouts_seen):
    live = small_interview(published=True)
    theme = live.questions.first().theme
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(theme)))
    data["title"] = "Wärme und Strom"

    response = client.post(change_url(theme), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    assert type(theme).objects.get(pk=theme.pk).title == "Wärme und Strom"
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False]


def test_the_theme_order_live_parts_print_is_changed_in_the_checked_form_only(client, freigabe_user, layouts_seen):
    live = small_interview(published=True)
    theme = live.questions.first().theme
    client.force_login(freigabe_user)
    changelist = reverse("admin:interviews_theme_changelist")
    assert 'name="form-0-position"' not in client.get(changelist).content.decode()

    data = form_data(client.get(change_url(theme)))
    data["position"] = theme.position + 5
    response = client.post(change_url(theme), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    assert type(theme).objects.get(pk=theme.pk).position == theme.position + 5
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False]


# --- Freigabe's direct edit of a live text ---------------------------------------------------------------------


def test_freigabes_direct_edit_of_a_live_text_is_laid_out_once_before_the_admins_transaction(
    client, freigabe_user, layouts_seen
):
    live = small_interview(published=True)
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(live)))
    data["title"] = "Wärme für alle Ortsteile"

    response = client.post(change_url(live), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    assert Interview.objects.get(pk=live.pk).title == "Wärme für alle Ortsteile"
    assert layouts_seen == [("Wärme für alle Ortsteile", False)]


def test_a_word_import_into_a_live_text_is_laid_out_before_its_transaction(freigabe_user, layouts_seen):
    from interviews.editorial import wordimport

    live = small_interview(published=True)
    theme = live.questions.first().theme
    items = [
        {
            "question": "Was kommt als Nächstes?",
            "answer_html": "<p>Das Wärmenetz im Ortskern.</p>",
            "theme_id": theme.pk,
        }
    ]

    assert wordimport.save_questions(live, items, freigabe_user) == "saved"

    assert live.questions.filter(question="Was kommt als Nächstes?").exists()
    assert [open_transaction for _title, open_transaction in layouts_seen] == [False]
