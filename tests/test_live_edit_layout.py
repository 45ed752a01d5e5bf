"""Freigabe's direct edit of a live interview lays out the text going live before anything is written (issue 18,
item 4: a live interview never ends up without a PDF because of content).

Someone who may publish saves a published (or scheduled) interview directly, without a pending change. The admin
builds the version going live in memory from the posted form, question and figure rows and lays it out (or reuses
the recorded layout of exactly that text). Refused, the form comes back with a German message and the editor's
input; the database is as before. Saved, its layout is recorded for the stored text (publishing, the checklist and
the worker's fingerprint find it).
"""

import pytest
import reversion
from django.forms.models import model_to_dict
from django.tasks import default_task_backend
from reversion.models import Version

from interviews import pdf
from interviews.editorial import publishing
from interviews.models import Figure, Interview, PendingChange, WorkflowEvent
from interviews.pdf import fitting
from tests.admin_forms import browser_data, change_url, form_data, messages_of
from tests.pdf_shapes import make_interview
from tests.test_figures import add_figure_row, upload

# Lays out PDFs with WeasyPrint.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# A headline and teaser the word count accepts but the cover cannot hold (other inputs than test_publish_gate*).
HEADLINE = (
    "Kommunale Wärmeplanung, Quartierskonzepte, Solardachpflicht und Radverkehr: wie eine Verbandsgemeinde im "
    "ländlichen Raum mit wenig Personal ihre Klimaziele Schritt für Schritt erreicht"
)
TEASER = "<p>" + " ".join(["Die Verbandsgemeinde rechnet jede Maßnahme vorher durch und berichtet dem Rat."] * 14)
TEASER += "</p>"


@pytest.fixture
def live():
    """A published interview whose PDF is stored (its layout recorded by the render, as the worker does)."""
    interview = make_interview("compounds", published=True)
    assert pdf.store_pdf(interview) == "rendered"
    default_task_backend.results.clear()
    return Interview.objects.get(pk=interview.pk)


def stored(interview):
    """Everything stored about ``interview``: row (PDF fields included), questions, figures, history, events."""
    row = Interview.objects.get(pk=interview.pk)
    return (
        model_to_dict(row, exclude=["portrait"]) | {"updated_at": row.updated_at, "portrait": row.portrait.name},
        list(row.questions.order_by("pk").values()),
        list(Figure.objects.filter(interview=row).order_by("pk").values()),
        Version.objects.get_for_object(row).count(),
        list(WorkflowEvent.objects.filter(interview=row).values_list("action", flat=True)),
        list(PendingChange.objects.filter(interview=row).values("data")),
    )


def renders_queued():
    return [list(result.args) for result in default_task_backend.results if result.task.name == "render_pdf_task"]


def test_freigabes_edit_that_overfills_the_cover_is_refused_and_nothing_changes(
    client, freigabe_user, live, layouts, django_capture_on_commit_callbacks
):
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(live)))
    data.update(title=HEADLINE, lead=TEASER, interviewer="Redaktion AKK")
    data["questions-1-question"] = "Wie haben Sie angefangen, ganz konkret?"
    before = stored(live)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(live), data)

    assert response.status_code == 200
    # The form itself refuses the teaser (the cover's plan, interviews.pdf.cover): no layout is needed.
    assert response.context["adminform"].form.errors["lead"][0].startswith("Titelseite zu voll: Der Teaser hat")
    assert stored(live) == before
    assert renders_queued() == []
    shown = form_data(response)
    assert (shown["title"], shown["interviewer"]) == (HEADLINE, "Redaktion AKK")
    assert shown["questions-1-question"] == "Wie haben Sie angefangen, ganz konkret?"
    assert len(layouts) == 0
    # The live PDF stays where readers get it.
    assert client.get(live.get_pdf_url()).status_code == 200


def test_a_question_added_in_the_same_form_counts_for_the_check_before_saving(client, freigabe_user, live, layouts):
    """The added question is part of the version checked (and kept in the form when it is refused): the live
    text fitted its pages, with the added answer it is too long."""
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(live)))
    index = int(data["questions-TOTAL_FORMS"])
    theme = data["questions-0-theme"]
    data["questions-TOTAL_FORMS"] = str(index + 1)
    # Alone, the answer is ordinary; with the live text it is more than six pages hold.
    answer = "<p>" + " ".join(["Wir bauen das Nahwärmenetz im Ortskern weiter aus."] * 160) + "</p>"
    data.update(
        {
            f"questions-{index}-theme": theme,
            f"questions-{index}-question": "Und was kommt als Nächstes?",
            f"questions-{index}-answer": answer,
            f"questions-{index}-pull_quote": "",
        }
    )
    before = stored(live)

    response = client.post(change_url(live), data)

    assert "Das Interview ist zu lang für 6 Seiten" in response.content.decode()
    assert stored(live) == before
    assert form_data(response)[f"questions-{index}-question"] == "Und was kommt als Nächstes?"
    assert layouts == []  # refused by the page budget, before any layout


def test_a_fitting_edit_is_saved_and_its_layout_recorded_for_the_stored_text(
    client, freigabe_user, live, layouts, django_capture_on_commit_callbacks
):
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(live)))
    data["title"] = "Wärme aus dem Ortskern"
    data["questions-0-answer"] = data["questions-0-answer"].replace("</p>", " Das gilt auch für Schulen.</p>", 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(live), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    row = Interview.objects.get(pk=live.pk)
    assert row.title == "Wärme aus dem Ortskern"
    assert len(layouts) == 1
    # Recorded for exactly the stored text: publishing's check and the checklist reuse it, no second layout.
    assert row.pdf_layout_fingerprint == pdf.layout_fingerprint(pdf.load_source(row))
    assert row.pdf_layout_error == ""
    assert pdf.layout_refusal(row) is None
    assert pdf.layout_label(row)[0] is True
    assert len(layouts) == 1
    assert renders_queued() == [[live.pk]]  # the worker makes the new PDF


def test_a_save_that_leaves_the_laid_out_text_alone_costs_no_layout(client, freigabe_user, live, layouts):
    client.force_login(freigabe_user)
    data = form_data(client.get(change_url(live)))
    data["portrait_rights"] = "on"
    data["workflow_comment"] = "Bildrechte per Mail bestätigt"

    response = client.post(change_url(live), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    assert Interview.objects.get(pk=live.pk).portrait_rights is True
    assert layouts == []


def test_a_figure_added_with_a_headline_that_overfills_the_cover_is_not_saved_and_stays_chosen(
    client, freigabe_user, live, layouts
):
    client.force_login(freigabe_user)
    data = add_figure_row(
        form_data(client.get(change_url(live))),
        image=upload(),
        caption="Das neue Nahwärmenetz.",
        credit="Foto: Verbandsgemeinde",
        alt_text="Rohre im Graben vor dem Rathaus",
        rights_cleared="on",
    )
    data.update(title=HEADLINE, lead=TEASER)
    before = stored(live)

    response = client.post(change_url(live), data)

    assert "Titelseite zu voll" in response.content.decode()
    assert stored(live) == before
    again = browser_data(response)  # what the page holds; the browser sends no file again
    assert again["figures-0-caption"] == "Das neue Nahwärmenetz."
    assert again["figures-0-image-kept"]  # the chosen photo is kept for the next save (core.kept_uploads)

    # The corrected save stores the figure with the photo chosen before.
    again.update(title="Wärme aus dem Ortskern", lead="<p>Die Verbandsgemeinde rechnet jede Maßnahme durch.</p>")
    saved = client.post(change_url(live), again, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(saved)), messages_of(saved)
    figure = Figure.objects.get(interview=live)
    assert (figure.caption, figure.image_width, figure.image_height) == ("Das neue Nahwärmenetz.", 1200, 800)


def test_a_figure_added_by_freigabe_is_laid_out_with_the_text_and_saved(client, freigabe_user, live, layouts):
    client.force_login(freigabe_user)
    data = add_figure_row(
        form_data(client.get(change_url(live))),
        image=upload(size=(900, 1200)),
        caption="Die Heizzentrale im Schulzentrum.",
        credit="Foto: Verbandsgemeinde",
        alt_text="Ein Holzbau mit Schornstein",
        rights_cleared="on",
    )

    response = client.post(change_url(live), data, follow=True)

    assert any("erfolgreich geändert" in message for message in messages_of(response)), messages_of(response)
    figure = Figure.objects.get(interview=live)
    assert (figure.image_width, figure.image_height) == (900, 1200)  # the upload was saved whole after the layout
    assert len(layouts) == 1
    row = Interview.objects.get(pk=live.pk)
    assert row.pdf_layout_fingerprint == pdf.layout_fingerprint(pdf.load_source(row))


def test_restoring_an_old_version_of_a_live_interview_that_does_not_lay_out_is_refused(
    client, freigabe_user, live, layouts, django_capture_on_commit_callbacks
):
    # An earlier version (saved before the form refused such teasers) had a teaser the cover cannot hold.
    client.force_login(freigabe_user)
    current = (live.title, live.lead)
    live.title, live.lead = HEADLINE, TEASER
    with reversion.create_revision():
        live.save()
        reversion.add_to_revision(live)
    Interview.objects.filter(pk=live.pk).update(title=current[0], lead=current[1])
    old = Version.objects.get_for_object(live).first()
    default_task_backend.results.clear()
    before = stored(live)
    url = f"/admin/interviews/interview/{live.pk}/history/{old.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(client.get(url)))

    assert response.status_code == 200
    assert "Titelseite zu voll" in response.content.decode()
    assert stored(live) == before
    assert renders_queued() == []


def test_a_word_import_into_a_live_interview_by_freigabe_is_laid_out_and_saved(client, freigabe_user, live, layouts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import docx_files

    url = f"/admin/interviews/interview/{live.pk}/word-import/"
    client.force_login(freigabe_user)
    preview = client.post(url, {"docx": SimpleUploadedFile("interview.docx", docx_files.word_transcript())})
    theme = live.series.themes.order_by("position").first()
    before = live.questions.count()

    response = client.post(
        url, {"payload": preview.context["payload"], **{f"theme_{i}": theme.pk for i in range(3)}}, follow=True
    )

    assert any("wurden zu" in message for message in messages_of(response)), messages_of(response)
    assert live.questions.count() == before + 3
    assert len(layouts) == 1
    row = Interview.objects.get(pk=live.pk)
    assert row.pdf_layout_fingerprint == pdf.layout_fingerprint(pdf.load_source(row))
    assert row.pdf_layout_error == ""


def test_publishing_a_pending_change_lays_it_out_before_writing_it(redaktion_user, freigabe_user, monkeypatch):
    from interviews.editorial import pending

    live = make_interview("no_portrait", published=True)
    data = pending.snapshot(live)
    data["interview"]["title"] = "Wärme für das ganze Tal"
    data["questions"][0]["question"] = "Wie hat alles angefangen?"
    publishing.save_pending(live, data, redaktion_user, live.version)
    seen = []
    real_fit = fitting.fit

    def watching_fit(source, *args, **kwargs):
        stored_title = Interview.objects.get(pk=live.pk).title  # what the database holds while the layout runs
        seen.append((source.interview.title, source.questions[0].question, stored_title))
        return real_fit(source, *args, **kwargs)

    monkeypatch.setattr(fitting, "fit", watching_fit)

    publishing.publish(live, freigabe_user, override_reason="telefonisch autorisiert")

    assert seen == [("Wärme für das ganze Tal", "Wie hat alles angefangen?", "Klimaschutz als Gemeinschaftsaufgabe")]
    row = Interview.objects.get(pk=live.pk)
    assert row.title == "Wärme für das ganze Tal"
    assert not PendingChange.objects.filter(interview=row).exists()
    # Its layout is recorded for the stored text (the worker's fingerprint, the checklist find it).
    assert row.pdf_layout_fingerprint == pdf.layout_fingerprint(pdf.load_source(row))
    assert pdf.layout_label(row)[0] is True
