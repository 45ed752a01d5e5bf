"""Hostile text in every field on every write path, and every reader output that shows stored text.

One-line fields (every CharField without choices, derived from the models)
lose line breaks and control characters; multi-line fields keep line breaks
but lose bidi, zero-width and control characters. Paths: ORM save (shell,
services), ``loaddata``, the admin forms, the Word import, the approval form.
Outputs (feed, sitemap, citations, open data, pages) answer for text stored
past these rules too (``QuerySet.update``), and a mail that cannot be sent
never turns a recorded decision into an error page.
"""

import json
import logging
import xml.etree.ElementTree as ET

import pytest
from django.core import mail, serializers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from core import text
from interviews.editorial import approval, wordimport
from interviews.models import (
    ApprovalStatus,
    Interview,
    Question,
    Series,
    Theme,
    WorkflowAction,
    WorkflowEvent,
)
from municipalities.models import Kommune
from pages.models import Page
from tests.admin_forms import form_data
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, ThemeFactory, answer_of, make_user

pytestmark = pytest.mark.django_db

HOSTILE = [
    "Zeile\neins",
    "Zeile\r\nzwei",
    "nur\rCR",
    "Word\vUmbruch",  # Word's manual line break as pasted
    "Seiten\fvorschub",
    "Tab\tulator",
    "Esc\x1b[31mape",
    "Nul\x00l",
    "Del\x7fete",
    "C1\x85NEL",
    "C1\x9bCSI",
    "Line\u2028Sep",
    "Para\u2029Sep",
    "Gruppe\x1dTrenner",
    "Bidi\u202eumgekehrt\u202c",
    "Iso\u2066late\u2069",
    "Null\u200bbreite",
    "Joiner\u200dHier",
    "BOM\ufeffmitten",
    "Marke\u200eLRM",
    "Arabisch\u061cALM",
    "Wort\u2060Joiner",
    "Nicht\ufffezeichen",
    "Sur\udc80rogat",
    "\r\nTY  - JOUR\r\nER  - ",  # forged RIS records
    "A}\\}{",
]
# What may remain: one-line fields nothing of these; multi-line fields LF (and tab).
FORBIDDEN_ONE_LINE = [text.LINE_BREAKS, text.CONTROLS, text.INVISIBLE]
MODELS = [Interview, Question, Series, Theme, WorkflowEvent, Kommune, Page]


def one_line_fields(model):
    return [field for field in model._meta.concrete_fields if text.one_line_field(field) and field.editable]


def multi_line_fields(model):
    from django.db import models

    return [field for field in model._meta.concrete_fields if isinstance(field, models.TextField) and field.editable]


def assert_one_line(value):
    for pattern in FORBIDDEN_ONE_LINE:
        assert not pattern.search(value), repr(value)


def assert_multi_line(value):
    assert not text.CONTROLS.search(value) and not text.INVISIBLE.search(value), repr(value)
    assert "\r" not in value and "\v" not in value, repr(value)


def instances():
    interview = InterviewFactory()
    question = QuestionFactory(interview=interview)
    event = WorkflowEvent.objects.create(interview=interview, action=WorkflowAction.SUBMITTED)
    page = Page.objects.get_or_create(slug="impressum", defaults={"title": "Impressum", "body": "<p>Text</p>"})[0]
    return [interview, question, interview.series, question.theme, event, interview.kommune, page]


def test_every_model_of_the_project_is_cleaned_on_save():
    from django.apps import apps
    from django.db.models.signals import pre_save

    project = [
        model
        for label in ("interviews", "municipalities", "pages")
        for model in apps.get_app_config(label).get_models()
    ]
    assert set(MODELS) <= set(project)
    for model in project:
        receivers = [entry for entry in pre_save.receivers if entry[0][0] == f"core.text:{model._meta.label}"]
        assert receivers, model


def test_every_field_through_the_orm_save(record_property):
    tried = 0
    for row in instances():
        model = type(row)
        for field in one_line_fields(model) + multi_line_fields(model):
            for index, hostile in enumerate(HOSTILE):
                value = hostile if field.max_length is None else hostile[: field.max_length]
                if field.unique:
                    value = f"{value}{index}"
                setattr(row, field.attname, value)
                row.save(update_fields=[field.name])
                stored = model.objects.values_list(field.attname, flat=True).get(pk=row.pk)
                if text.one_line_field(field):
                    assert_one_line(stored)
                else:
                    assert_multi_line(stored)
                tried += 1
    # e.g. „Zeile eins“: the line break became one space; the visible letters stay.
    interview = Interview.objects.first()
    interview.title = "Wärme\r\naus dem\vWald\u202e"
    interview.save()
    interview.refresh_from_db()
    assert interview.title == "Wärme aus dem Wald"
    record_property("hostile_text_tried", tried)
    record_property("hostile_text_stored_dirty", 0)


def test_slugs_stay_slugs():
    interview = InterviewFactory()
    interview.slug = "wärme\naus dem\x1bwald"
    interview.save()
    interview.refresh_from_db()
    assert interview.slug == "waerme-aus-demwald"  # the line break a hyphen, the ESC gone


def test_loaddata_cleans_what_fixtures_bring(tmp_path, record_property):
    kommune = KommuneFactory(name="Altstadt")
    data = json.loads(serializers.serialize("json", [kommune]))
    data[0]["fields"]["name"] = "Neu\r\nstadt\x1b\u202e"
    data[0]["fields"]["logo_alt"] = "Logo\vder\u200bStadt"
    fixture = tmp_path / "kommune.json"
    fixture.write_text(json.dumps(data), encoding="utf-8")

    call_command("loaddata", str(fixture), verbosity=0)

    kommune.refresh_from_db()
    assert (kommune.name, kommune.logo_alt) == ("Neu stadt", "Logo derStadt")
    record_property("hostile_text_tried", 2)


def test_the_admin_refuses_line_breaks_and_controls_in_german_and_changes_nothing(client, record_property):
    client.force_login(make_user("chefin", superuser=True))
    kommune = KommuneFactory(name="Ilmenau")
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    tried = 0
    for hostile, message in [
        ("Ilm\nenau", "Dieses Feld ist einzeilig: bitte ohne Zeilenumbruch und ohne Tabulator."),
        ("Ilm\venau", "Dieses Feld ist einzeilig"),
        ("Ilm\x1benau", "Das Feld enthält ein unsichtbares Steuerzeichen (U+001B). Bitte entfernen Sie es."),
        ("Ilm\x00enau", "U+0000"),
    ]:
        data = form_data(client.get(url))
        data["name"] = hostile
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Kommune.objects.get(pk=kommune.pk).name == "Ilmenau"
        tried += 1

    interview = InterviewFactory(title="Alter Titel")
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    for field in ["title", "interviewee_name", "interviewee_role", "portrait_alt", "photo_credit"]:
        data = form_data(client.get(url))
        data[field] = "Zwei\r\nZeilen"
        response = client.post(url, data)
        assert "Dieses Feld ist einzeilig" in response.content.decode()
        tried += 1
    interview.refresh_from_db()
    assert interview.title == "Alter Titel"
    record_property("hostile_text_tried", tried)


def test_the_word_import_stores_no_invisible_characters(redaktion_user):
    theme = ThemeFactory()
    interview = InterviewFactory()
    wordimport.save_questions(
        interview,
        [
            {
                "question": "Wie\u200b geht\u202e es\x1b weiter?",
                "answer_html": "<p>Gut\u2066 und\u200d\x0b schnell.</p>",
                "theme_id": theme.pk,
            }
        ],
        redaktion_user,
    )
    question = interview.questions.get()
    assert question.question == "Wie geht es weiter?"
    assert_multi_line(question.answer)
    assert "Gut und" in question.answer and "schnell." in question.answer


class RefusingBackend(BaseEmailBackend):
    """A mail layer that refuses the message as Python's does for a header it will not send."""

    def send_messages(self, email_messages):
        raise ValueError("Header values may not contain linefeed or carriage return characters")


def approvable():
    interview = InterviewFactory(approval_status=ApprovalStatus.PENDING)
    QuestionFactory(interview=interview, question="Wie?", answer=answer_of(2000))
    editor = make_user("redakteur")
    editor.email = "redaktion@example.org"
    editor.save()
    interview.assigned_to = editor
    interview.save()
    return interview


def test_a_title_with_a_line_break_stored_past_the_rules_still_mails_one_line(
    client, django_capture_on_commit_callbacks
):
    interview = approvable()
    Interview.objects.filter(pk=interview.pk).update(title="Wärme\r\nBcc: alle@example.org")
    url = approval.approval_url(interview)
    fingerprint = client.get(url).context["form"].initial["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve", "comment": "Gut\u202e so\x1b.", "fingerprint": fingerprint})

    assert response.status_code == 302
    event = WorkflowEvent.objects.get(interview=interview, action=WorkflowAction.APPROVED)
    assert event.comment == "Gut so."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith("Wärme Bcc: alle@example.org")
    assert mail.outbox[0].bcc == [] and mail.outbox[0].to == ["redaktion@example.org"]


def test_a_mail_layer_that_raises_is_logged_and_the_decision_stays(
    client, settings, caplog, django_capture_on_commit_callbacks, record_property
):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_hostile_text.RefusingBackend"}}
    interview = approvable()
    url = approval.approval_url(interview)
    fingerprint = client.get(url).context["form"].initial["fingerprint"]

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve", "comment": "", "fingerprint": fingerprint})

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.approval_status == ApprovalStatus.APPROVED
    assert WorkflowEvent.objects.filter(interview=interview, action=WorkflowAction.APPROVED).exists()
    assert "Workflow mail could not be sent" in caplog.text and "ValueError" in caplog.text
    record_property("mail_failures_tried", 1)
    record_property("mail_failures_500", 0)


OUTPUTS = [
    ("interviews:feed", False),
    ("interviews:sitemap", False),
    ("interviews:data_json", False),
    ("interviews:data_csv", False),
    ("interviews:citation_ris", True),
    ("interviews:citation_bib", True),
    ("interviews:citation_json", True),
    ("interviews:detail", True),
    ("interviews:list", False),
    ("interviews:home", False),
]


def test_reader_outputs_never_fail_on_any_stored_text(client, record_property):
    interview = InterviewFactory(published=True, slug="waerme")
    QuestionFactory(interview=interview, question="Wie?", answer="<p>Gut.</p>")
    tried = failures = 0
    for hostile in HOSTILE:
        storable = hostile.replace("\x00", "").replace("\udc80", "")  # neither database stores these two
        Interview.objects.filter(pk=interview.pk).update(
            title=f"Titel {storable}",
            interviewee_name=f"Anna {storable}",
            interviewee_title=f"Dr. {storable}",
            interviewee_role=storable,
            interviewer=storable,
            lead=f"<p>{storable}</p>",
        )
        Kommune.objects.filter(pk=interview.kommune_id).update(name=f"Stadt {storable}")
        Question.objects.filter(interview=interview).update(question=storable, answer=f"<p>{storable}</p>")
        for name, with_slug in OUTPUTS:
            response = client.get(reverse(name, kwargs={"slug": "waerme"} if with_slug else {}))
            tried += 1
            if response.status_code != 200:
                failures += 1
                continue
            if name in ("interviews:feed", "interviews:sitemap"):
                ET.fromstring(b"".join(response) if response.streaming else response.content)
    record_property("hostile_outputs_tried", tried)
    record_property("hostile_outputs_failed", failures)
    assert failures == 0


def test_the_feed_shows_the_title_without_the_illegal_characters(client):
    interview = InterviewFactory(published=True)
    Interview.objects.filter(pk=interview.pk).update(title="Wärme\vaus\x1bdem Wald")
    feed = ET.fromstring(client.get(reverse("interviews:feed")).content)
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed]
    assert f"{interview.kommune.name}: Wärmeausdem Wald" in titles


def test_rich_text_loses_bidi_zero_width_and_controls_on_output():
    from core import richtext

    assert richtext.sanitize("<p>A\u202eB\u200bC\x1bD\u2066E</p>") == "<p>ABCDE</p>"


def test_tested_fields_cover_every_one_line_field_of_the_models():
    names = {(model.__name__, field.name) for model in MODELS for field in one_line_fields(model)}
    for expected in [
        ("Interview", "title"),
        ("Interview", "interviewee_name"),
        ("Interview", "interviewee_role"),
        ("Interview", "portrait_alt"),
        ("Interview", "slug"),
        ("Kommune", "name"),
        ("Kommune", "logo_alt"),
        ("Theme", "title"),
        ("Series", "title"),
        ("Page", "title"),
    ]:
        assert expected in names
