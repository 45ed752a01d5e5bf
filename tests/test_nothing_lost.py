"""Nothing typed or chosen is lost when the interview form comes back with an error.

A property over the form: for every field and every inline action (change a
question, reorder, add, delete, portrait with alt text, comment …), an error
elsewhere in the form followed by the corrected save stores the same as a
save without the error. The corrected save posts what the re-rendered page
holds (read from its HTML, as a browser sends it: without the file, which
browsers never send twice). Tried on a draft and on a live interview
(Redaktion: the save becomes a pending change).
"""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from interviews.editorial import pending, publishing
from interviews.models import Interview, Status, WorkflowEvent
from tests.admin_forms import browser_data
from tests.factories import (
    FITS_SIX_PAGES,
    InterviewFactory,
    KommuneFactory,
    QuestionFactory,
    SeriesFactory,
    ThemeFactory,
    answer_of,
)

pytestmark = pytest.mark.django_db

FILL = answer_of(FITS_SIX_PAGES)  # publishing lays the text out: it must fill its six pages


def png(name="erika.png", colour=(200, 120, 40)):
    out = io.BytesIO()
    Image.new("RGB", (60, 80), colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def new_question(data, prefix="questions"):
    """What the browser adds for „Frage hinzufügen“ (Django's inline script and questions.js)."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-question"] = "Eine neue Frage?"
    data[f"{prefix}-{index}-answer"] = "<p>Eine neue Antwort.</p>"
    data[f"{prefix}-{index}-theme"] = data[f"{prefix}-0-theme"]
    data[f"{prefix}-{index}-pull_quote"] = ""
    data[f"{prefix}-{index}-position"] = str(index + 1)
    data[f"{prefix}-{index}-interview"] = data[f"{prefix}-0-interview"]


def toggle(data, name):
    if data.get(name):
        del data[name]
    else:
        data[name] = "on"


# name -> (form fields it covers, change to the posted data, button pressed, file chosen)
ACTIONS = {
    "title": (["title"], lambda d, w: d.update(title=d["title"] + " – neu"), None),
    "slug": (["slug"], lambda d, w: d.update(slug="ganz-neuer-kurzname"), None),
    "lead": (["lead"], lambda d, w: d.update(lead="<p>Ein neuer Teaser.</p>"), None),
    "people": (
        ["interviewee_title", "interviewee_name", "interviewee_role", "interviewer", "photo_credit"],
        lambda d, w: d.update(
            interviewee_title="Dr.",
            interviewee_name="Erika Neu",
            interviewee_role="Bürgermeisterin",
            interviewer="Difu",
            photo_credit="Foto",
        ),
        None,
    ),
    "wording": (["interviewee_wording"], lambda d, w: d.update(interviewee_wording=WORDING), None),
    "portrait": (
        ["portrait", "portrait_alt"],
        lambda d, w: d.update(portrait=png(), portrait_alt="Erika Neu vor dem Rathaus"),
        None,
    ),
    "kommune": (["kommune"], lambda d, w: d.update(kommune=str(w["kommune"].pk)), None),
    "series": (["series"], lambda d, w: d.update(series=str(w["series"].pk)), None),
    "part": (["part"], lambda d, w: d.update(part="5"), None),
    "is_sample": (["is_sample"], lambda d, w: toggle(d, "is_sample"), None),
    "planned_date": (["planned_date"], lambda d, w: d.update(planned_date="01.05.2027"), None),
    "page_count": (["page_count"], lambda d, w: d.update(page_count=""), None),
    "portrait_rights": (["portrait_rights"], lambda d, w: toggle(d, "portrait_rights"), None),
    "assigned_to": (["assigned_to"], lambda d, w: d.update(assigned_to=str(w["colleague"].pk)), None),
    # A comment goes with a step: „zur Prüfung einreichen“ (draft), „Änderung speichern“ (live).
    "comment": (
        ["workflow_comment"],
        lambda d, w: d.update(workflow_comment="Bitte Zahlen prüfen.", lead="<p>Ein neuer Teaser.</p>"),
        "review",
    ),
    "question text": (
        ["questions:question", "questions:answer", "questions:pull_quote"],
        lambda d, w: d.update(
            {
                "questions-0-question": "Eine geänderte Frage?",
                "questions-0-answer": "<p>Eine geänderte Antwort mit einem Zitat.</p>" + FILL,
                "questions-0-pull_quote": "geänderte Antwort",
            }
        ),
        None,
    ),
    "question theme": (["questions:theme"], lambda d, w: d.update({"questions-0-theme": str(w["theme2"].pk)}), None),
    "reorder": (
        ["questions:position"],
        lambda d, w: d.update({"questions-0-position": "2", "questions-1-position": "1"}),
        None,
    ),
    "add question": (["questions:interview", "questions:id"], lambda d, w: new_question(d), None),
    "delete question": (["questions:DELETE"], lambda d, w: d.update({"questions-1-DELETE": "on"}), None),
}
WORDING = "w"  # „die Interviewpartnerin“ (the factory's default is neutral)
# Fields of the form no editor action changes: the optimistic-locking tokens, and what only a step reads.
NOT_EDITED = {"edit_version", "edit_base", "override_reason", "published_at"}


def error_for(action):
    """An error elsewhere: the title emptied (or, when the action is on the title, the name), or a question."""
    fields = ACTIONS[action][0]
    main = "interviewee_name" if "title" in fields else "title"
    return [main, "questions-2-question"]


@pytest.fixture
def world(redaktion_user, freigabe_user):
    theme, theme2 = ThemeFactory(title="Wärme"), ThemeFactory(title="Mobilität")
    series = SeriesFactory(themes=[theme, theme2])
    other_series = SeriesFactory(slug="andere-reihe", year=2025, themes=[theme, theme2])
    interview = InterviewFactory(series=series, part=2, title="Wärme aus dem Fluss", page_count=6)
    # The first answer brings the words of the page budget (submitting and publishing check it).
    answers = ["<p>Erste.</p>" + FILL, "<p>Zweite Antwort.</p>", "<p>Dritte Antwort.</p>"]
    for position, (text, answer) in enumerate(
        zip(["Erste Frage?", "Zweite Frage?", "Dritte Frage?"], answers, strict=True), 1
    ):
        QuestionFactory(interview=interview, theme=theme, position=position, question=text, answer=answer)
    return {
        "interview": interview,
        "theme2": theme2,
        "series": other_series,
        "kommune": KommuneFactory(name="Neustadt"),
        "colleague": freigabe_user,
    }


def outcome(interview):
    """What the save stored: the next version (pending or live) and editorial fields, without keys or file names."""
    data = pending.current_data(interview)
    row = Interview.objects.get(pk=interview.pk)
    content = dict(data["interview"])
    name = content.pop("portrait")
    image = None
    if name:
        with Image.open(row.portrait.storage.open(name)) as opened:
            image = (opened.size, hashlib.sha256(opened.tobytes()).hexdigest())
    # A row the action added has a key of its own (SQLite may reuse a freed one, PostgreSQL's sequence never does).
    original = WORLD.get("question_ids", set())
    questions = [{**q, "id": q["id"] if q["id"] in original else "new"} for q in data["questions"]]
    events = list(WorkflowEvent.objects.filter(interview=interview).order_by("pk").values_list("action", "comment"))
    return {
        "content": content,
        "portrait": image,
        "questions": questions,
        "editorial": (row.assigned_to_id, row.portrait_rights, row.interviewee_wording, row.status),
        "events": events,
    }


def run(client, interview, action, with_error):
    """Edit the form as ``action`` says (with an error elsewhere first, if asked), save; return what was stored."""
    fields, change, button = ACTIONS[action]
    button = None if WORLD["live"] else button  # a live interview's change waits for Freigabe
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    savepoint = transaction.savepoint_create()
    try:
        original = browser_data(client.get(url))
        data = dict(original)
        change(data, WORLD)
        if button:
            data["_workflow"] = button
        if with_error:
            broken = dict(data)
            for name in error_for(action):
                broken[name] = ""
            refused = client.post(url, broken)
            assert refused.status_code == 200, action
            assert refused.context["errors"], action
            data = browser_data(refused)
            for name in error_for(action):
                data[name] = original[name]
            if button:
                data["_workflow"] = button
        response = client.post(url, data)
        assert response.status_code == 302, (action, response.context and response.context["errors"])
        return outcome(interview)
    finally:
        transaction.savepoint_rollback(savepoint)


WORLD = {}


def make_live(interview, freigabe_user):
    Interview.objects.filter(pk=interview.pk).update(status=Status.REVIEW)
    interview.refresh_from_db()
    publishing.publish(interview, freigabe_user, override_reason="Test")
    interview.refresh_from_db()


def test_every_field_of_the_form_is_tried(client, world, redaktion_user):
    client.force_login(redaktion_user)
    page = client.get(reverse("admin:interviews_interview_change", args=[world["interview"].pk]))
    form = page.context["adminform"].form
    inline_form = page.context["inline_admin_formsets"][0].formset.forms[0]
    fields = set(form.fields) | {f"questions:{name}" for name in inline_form.fields}
    covered = {field for fields, _change, _button in ACTIONS.values() for field in fields}
    assert fields - NOT_EDITED <= covered, "a form field no action tries"


@pytest.mark.slow  # 38 admin round trips of five requests each
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("live", [False, True], ids=["draft", "live"])
def test_an_error_elsewhere_then_the_corrected_save_stores_the_same(client, world, redaktion_user, live, action):
    interview = world["interview"]
    if live:
        make_live(interview, world["colleague"])
    WORLD.clear()
    WORLD.update(world, live=live, question_ids=set(interview.questions.values_list("pk", flat=True)))
    client.force_login(redaktion_user)

    expected = run(client, interview, action, with_error=False)
    assert expected != outcome(interview), f"{action}: the action changes nothing"
    assert run(client, interview, action, with_error=True) == expected
