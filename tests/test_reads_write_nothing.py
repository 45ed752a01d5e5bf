"""Reading a pending version writes nothing.

The approval page, the admin form and preview of a live interview with a
pending change, the PDF preview of the approval link and „Satzspiegel prüfen“
build the pending version in memory (``pending.as_object``): their SQL holds
no INSERT, UPDATE or DELETE, no model signal fires, and they show the
pending text (new question, new order, deleted question), not the live one.
„Satzspiegel prüfen“ records only its result, the layout of that text (PDF
state, by update(): no signal), which publishing reuses.
"""

import contextlib
import re

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.editorial import approval, budget, pending, publishing
from interviews.models import Interview, PendingChange, Question
from tests.admin_forms import browser_data
from tests.factories import (
    FITS_SHORT_PART,
    SHORT_PART_PAGES,
    InterviewFactory,
    QuestionFactory,
    ThemeFactory,
    answer_of,
)
from tests.pdf_shapes import normalise, pdf_pages_text

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
LAYOUT_RECORD = re.compile(
    r'^UPDATE "interviews_interview" SET "pdf_layout_fingerprint" = .+, "pdf_layout_error" = .+ WHERE '
    r'"interviews_interview"."id" = \d+$'
)
SIGNALS = [signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete, signals.m2m_changed]


@contextlib.contextmanager
def reads_only(records_layout=False):
    """Fails when the block writes to the database or fires a model signal.

    ``records_layout``: the block records one layout result (the interview's pdf_layout_fingerprint and
    pdf_layout_error) and writes nothing else.
    """
    fired = []

    def receiver(sender, **kwargs):
        fired.append(sender.__name__ if hasattr(sender, "__name__") else str(sender))

    for signal in SIGNALS:
        signal.connect(receiver, weak=False, dispatch_uid="reads-only")
    try:
        with CaptureQueriesContext(connection) as captured:
            yield
    finally:
        for signal in SIGNALS:
            signal.disconnect(dispatch_uid="reads-only")
    writes = [query["sql"] for query in captured.captured_queries if WRITE.match(query["sql"])]
    if records_layout:
        recorded = [sql for sql in writes if LAYOUT_RECORD.match(sql)]
        assert len(recorded) == 1, writes
        writes = [sql for sql in writes if sql not in recorded]
    assert writes == [], writes
    assert fired == [], fired


@pytest.fixture
def live(client, redaktion_user, freigabe_user):
    """A published interview with three questions and a pending change made in the admin form by Redaktion:
    a new title, the first two questions swapped, the third deleted, a new question added."""
    interview = InterviewFactory(
        title="Alte Überschrift", slug="alte-ueberschrift", review=True, page_count=SHORT_PART_PAGES
    )
    theme = ThemeFactory(title="Wärme")
    interview.series.themes.add(theme)
    for position, text in enumerate(["Erste Frage?", "Zweite Frage?", "Dritte Frage?"], start=1):
        answer = f"<p>Antwort auf {text}</p>" + (answer_of(FITS_SHORT_PART) if position == 1 else "")
        QuestionFactory(interview=interview, theme=theme, position=position, question=text, answer=answer)
    publishing.publish(interview, freigabe_user, override_reason="Test")
    interview.refresh_from_db()

    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    data = browser_data(client.get(url))
    data.update(
        {
            "title": "Neue Überschrift",
            "questions-0-position": "2",
            "questions-1-position": "1",
            "questions-2-DELETE": "on",
            "questions-TOTAL_FORMS": "4",
            "questions-3-question": "Ganz neue Frage?",
            "questions-3-answer": "<p>Ganz neue Antwort.</p>",
            "questions-3-theme": str(theme.pk),
            "questions-3-position": "3",
            "questions-3-interview": str(interview.pk),
        }
    )
    assert client.post(url, data).status_code == 302
    assert PendingChange.objects.filter(interview=interview).exists()
    assert Interview.objects.get(pk=interview.pk).title == "Alte Überschrift"
    return interview


PENDING_ORDER = ["Zweite Frage?", "Erste Frage?", "Ganz neue Frage?"]


def in_order(page, texts):
    positions = [page.find(text) for text in texts]
    return all(position >= 0 for position in positions) and positions == sorted(positions)


def test_as_object_is_the_pending_version_in_memory(live):
    with reads_only():
        version = pending.as_object(live)
    assert version.title == "Neue Überschrift"
    assert [question.question for question in version.questions.all()] == PENDING_ORDER
    assert version.questions.all()[2].pk < 0  # the placeholder key of the new question
    assert pending.in_memory(version)
    # What readers see stays live.
    assert list(Question.objects.filter(interview=live).values_list("question", flat=True)) == [
        "Erste Frage?",
        "Zweite Frage?",
        "Dritte Frage?",
    ]


@pytest.mark.parametrize("who", ["redaktion_user", "freigabe_user"])
def test_the_admin_form_of_a_pending_version_writes_nothing(client, live, request, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:interviews_interview_change", args=[live.pk])
    with reads_only():
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Formular zeigt eine wartende Änderung" in page
    assert 'value="Neue Überschrift"' in page
    assert in_order(page, [f"{text}</textarea>" for text in PENDING_ORDER]), "the questions in the pending order"
    assert "Dritte Frage?</textarea>" not in page
    # The form shown is the form saved: posting it unchanged keeps the pending version as it is.
    before = PendingChange.objects.get(interview=live).data
    assert client.post(url, browser_data(response)).status_code == 302
    assert PendingChange.objects.get(interview=live).data == before


def test_the_preview_of_a_pending_version_writes_nothing(client, live, freigabe_user):
    client.force_login(freigabe_user)
    with reads_only():
        response = client.get(reverse("admin:interviews_interview_pending_preview", args=[live.pk]))
    page = response.content.decode()
    assert "Neue Überschrift" in page and in_order(page, PENDING_ORDER) and "Dritte Frage?" not in page


def test_the_approval_page_writes_nothing(client, live):
    url = approval.approval_url(live)
    client.logout()
    with reads_only():
        response = client.get(url)
    page = response.content.decode()
    assert "Neue Überschrift" in page and "Alte Überschrift" not in page
    assert in_order(page, PENDING_ORDER) and "Dritte Frage?" not in page


@pytest.mark.slow  # lays out the PDF
def test_the_approval_pdf_writes_nothing_and_the_layout_check_only_its_result(client, live):
    url = approval.approval_url(live)
    client.logout()
    with reads_only():
        response = client.get(url.rstrip("/") + "/pdf/")
    assert response.status_code == 200, response.content[:200]
    text = normalise(" ".join(pdf_pages_text(response.getvalue())))
    assert normalise("Neue Überschrift") in text and normalise("Dritte Frage?") not in text
    positions = [text.find(normalise(question)) for question in PENDING_ORDER]
    assert -1 not in positions and positions == sorted(positions)

    with reads_only(records_layout=True):
        result = budget.check_layout_task.call(live.pk)
    assert result["ok"] and result["pages"] == live.pages, result
    stored = Interview.objects.get(pk=live.pk)
    assert (stored.title, stored.pdf_layout_error) == ("Alte Überschrift", "")  # the live text is untouched
