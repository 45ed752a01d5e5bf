"""Nothing is published without its PDF, nor past an open check (issue 18, item 4).

Publishing and making a pending change live need a successful layout of exactly the text going live: the last layout
of that text (worker, „Satzspiegel prüfen“) or one made then. The blocking checklist items (rights to the portrait,
the interviewee's authorisation) stop publishing unless Freigabe records a reason.
"""

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from reversion.models import Version

from interviews import pdf
from interviews.editorial import budget, pending, publishing
from interviews.models import Interview, PendingChange, Status, WorkflowAction, WorkflowEvent
from tests.factories import FigureFactory
from tests.pdf_shapes import make_interview

# Lays out PDFs with WeasyPrint.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

TOO_LONG_TEASER = "<p>" + " ".join(["Ein Teaser, der nicht enden will."] * 120) + "</p>"


def rows_of(interview):
    """Everything stored about ``interview``: its row, its questions, its history and workflow events."""
    row = Interview.objects.get(pk=interview.pk)
    return (
        model_to_dict(row, exclude=["portrait"]) | {"updated_at": row.updated_at},
        list(row.questions.values()),
        Version.objects.get_for_object(row).count(),
        list(WorkflowEvent.objects.filter(interview=row).values_list("action", flat=True)),
        list(PendingChange.objects.filter(interview=row).values("data", "version")),
    )


def test_an_interview_whose_cover_cannot_be_laid_out_is_not_published_and_nothing_changes(freigabe_user, layouts):
    interview = make_interview("no_portrait", lead=TOO_LONG_TEASER, status=Status.REVIEW)
    # The word count is in range: only a real layout finds the problem.
    pdf.check_page_budget(interview)
    before = rows_of(interview)

    with pytest.raises(ValidationError) as refusal:
        publishing.publish(interview, freigabe_user, comment="Passt so.")

    message = " ".join(refusal.value.messages)
    assert "Titelseite zu voll" in message and "Es wurde nichts veröffentlicht." in message
    assert rows_of(interview) == before
    assert Interview.objects.get(pk=interview.pk).status == Status.REVIEW
    assert len(layouts) == 1


def test_a_pending_change_whose_text_does_not_lay_out_cannot_be_made_live(redaktion_user, freigabe_user, layouts):
    live = make_interview("no_portrait", published=True)
    data = pending.snapshot(live)
    data["interview"]["lead"] = TOO_LONG_TEASER
    publishing.save_pending(live, data, redaktion_user, live.version)
    before = rows_of(live)

    with pytest.raises(ValidationError, match="Titelseite zu voll"):
        publishing.publish(live, freigabe_user, override_reason="Autorisiert am Telefon")

    assert rows_of(live) == before
    assert Interview.objects.get(pk=live.pk).lead != TOO_LONG_TEASER


def test_the_layout_checked_by_satzspiegel_pruefen_is_reused_for_exactly_that_text(
    redaktion_user, freigabe_user, layouts
):
    live = make_interview("no_portrait", published=True)
    data = pending.snapshot(live)
    data["interview"]["title"] = "Eine neue Überschrift"
    publishing.save_pending(live, data, redaktion_user, live.version)

    assert budget.check_layout_task.call(live.pk)["ok"] is True
    assert len(layouts) == 1
    publishing.publish(live, freigabe_user, override_reason="Autorisiert am Telefon")

    live.refresh_from_db()
    assert live.title == "Eine neue Überschrift"
    assert len(layouts) == 1  # the pending text was laid out by the check: not again
    event = WorkflowEvent.objects.get(action=WorkflowAction.CHANGE_PUBLISHED)
    budget_item = next(item for item in event.data["checklist"] if item["key"] == "page_budget")
    assert budget_item["ok"] is True


def test_a_failed_layout_of_the_same_text_refuses_without_laying_it_out_again(freigabe_user, layouts):
    live = make_interview("no_portrait", published=True)
    Interview.objects.filter(pk=live.pk).update(lead=TOO_LONG_TEASER)
    assert pdf.store_pdf(live) == "failed"  # the worker tried this text
    assert len(layouts) == 1
    recorded = Interview.objects.get(pk=live.pk)
    assert recorded.pdf_layout_error.startswith("Titelseite zu voll: ")

    with pytest.raises(ValidationError, match="Titelseite zu voll"):
        publishing.publish(recorded, freigabe_user)

    assert len(layouts) == 1


def test_open_portrait_rights_stop_publishing_unless_a_reason_is_recorded(freigabe_user, layouts):
    interview = make_interview("compounds", status=Status.REVIEW, portrait_rights=False)
    assert interview.portrait

    with pytest.raises(ValidationError, match="Bildrechte am Porträt sind nicht als geklärt vermerkt"):
        publishing.publish(interview, freigabe_user)
    assert Interview.objects.get(pk=interview.pk).status == Status.REVIEW
    assert layouts == []  # refused before any layout

    publishing.publish(interview, freigabe_user, override_reason="Foto der Stadt, Rechte per Mail bestätigt")

    assert Interview.objects.get(pk=interview.pk).status == Status.PUBLISHED
    event = WorkflowEvent.objects.get(action=WorkflowAction.PUBLISHED)
    assert event.data["override_reason"] == "Foto der Stadt, Rechte per Mail bestätigt"
    assert event.data["overridden"] == ["portrait_rights"]
    rights = next(item for item in event.data["checklist"] if item["key"] == "portrait_rights")
    assert (rights["ok"], rights["detail"]) == (False, "nicht vermerkt")
    history = Version.objects.get_for_object(interview).first().revision.get_comment()
    assert "trotz offener Punkte" in history and "Rechte per Mail bestätigt" in history


def test_open_figure_rights_stop_publishing_unless_a_reason_is_recorded(freigabe_user, layouts):
    interview = make_interview("compounds", status=Status.REVIEW, portrait_rights=True)
    FigureFactory(interview=interview, rights_cleared=True)
    FigureFactory(interview=interview, rights_cleared=False)

    with pytest.raises(ValidationError, match=r"Bildrechte an den Abbildungen .* \(nicht vermerkt bei Abbildung 2\)"):
        publishing.publish(interview, freigabe_user)
    assert Interview.objects.get(pk=interview.pk).status == Status.REVIEW
    assert layouts == []  # refused before any layout

    publishing.publish(interview, freigabe_user, override_reason="Foto vom Bauamt, Rechte liegen der Stadt vor")

    assert Interview.objects.get(pk=interview.pk).status == Status.PUBLISHED
    event = WorkflowEvent.objects.get(action=WorkflowAction.PUBLISHED)
    assert event.data["overridden"] == ["figure_rights"]
