"""The text going live is laid out before anything is written (issue 18, item 4), on the paths that wrote first.

A restore from history of a live interview: django-reversion writes the old version inside its transaction and the
form is checked afterwards, so a layout there held SQLite's write lock for the whole render. Now the version going
live is built in memory from the history entry and the posted form and laid out first; refused, the form comes back
with the German reason and nothing is written (not even inside a rolled-back transaction).
"""

import pytest
import reversion
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from interviews import pdf
from interviews.models import Interview, PendingChange, WorkflowEvent
from interviews.pdf import fitting
from tests.admin_forms import form_data, messages_of
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
    page = response.content.decode()
    assert "Das PDF dieses Textes lässt sich nicht setzen: Titelseite zu voll" in page
    assert "Es wurde nichts gespeichert; Leser sehen weiter die veröffentlichte Fassung und ihr PDF." in page
    assert form_data(response)["lead"] == TOO_LONG_TEASER  # the form comes back as posted
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []  # not even inside a transaction that is rolled back
    assert rows_of(live) == before
    # The old version and the live text (to know whether a PDF would be taken away), each outside a transaction.
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
