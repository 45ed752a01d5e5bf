"""The editorial journey in a real browser: write, reorder, submit, publish, read."""

import random

import pytest
from playwright.sync_api import expect

from core import richtext
from interviews import demo_content
from interviews.models import Interview, PdfState, Status
from tests.admin_forms import change_url
from tests.browser.conftest import login
from tests.factories import KommuneFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

THEME_SLUGS = ["verankerung", "klimapolitik-arbeitsalltag", "personal-finanzen"]
THEMES = ["Verankerung und Wirkung", "Klimapolitik im Arbeitsalltag", "Personal und Finanzen"]
WORDS_PER_ANSWER = 850  # three answers of this length are inside the six-page budget (pdf.word_range(6))


def answer_paragraphs(theme_slug, seed):
    """Plain-text paragraphs of sample text, about WORDS_PER_ANSWER words."""
    html = demo_content.sample_answer(theme_slug, WORDS_PER_ANSWER, random.Random(seed))
    return [richtext.plain_text(paragraph) for paragraph in html.split("</p>") if paragraph.strip()]


def test_editor_writes_reorders_and_submits_then_publisher_publishes_and_readers_see_it(site, new_page, settings):
    # The real journey: tasks run as in development, so publishing renders the PDF.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    themes = [ThemeFactory(**data) for data in demo_content.THEMES if data["slug"] in THEME_SLUGS]
    SeriesFactory(year=2027, themes=themes)
    KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis")
    make_user("redakteurin", group="Redaktion")
    make_user("freigeberin", group="Freigabe")

    # 1. The editor logs in and writes a new interview with three questions.
    editor = new_page()
    login(editor, "redakteurin")
    editor.get_by_role("link", name="Interviews", exact=True).first.click()
    editor.locator("a.addlink[href$='/interview/add/']").first.click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Interview hinzufügen")
    # A Redaktion user cannot publish: the button is not offered.
    expect(editor.get_by_role("button", name="Speichern und veröffentlichen")).to_have_count(0)
    editor.locator("#id_series").select_option(label="Mal nachgefragt! 2027")
    editor.locator("#id_part").fill("1")
    editor.locator("#id_kommune + .select2").click()  # autocomplete (select2), answers from the server
    editor.locator(".select2-search__field").fill("Ilm")
    editor.locator(".select2-results__option", has_text="Ilm-Kreis").click()
    editor.locator("#id_title").press_sequentially("Wärme aus dem Wald")
    expect(editor.locator("#id_slug")).to_have_value("waerme-aus-dem-wald")  # prepopulated from the title, German
    editor.locator(".field-lead .ProseMirror").click()
    editor.keyboard.type("Wie ein Landkreis mit Holz heizt.")
    editor.locator("#id_interviewee_name").fill("Erika Beispiel")
    for index, theme in enumerate(THEMES):
        editor.locator("#questions-group .add-row a").click()
        form = editor.locator(f"#questions-{index}")
        form.locator("select[name$='-theme']").select_option(label=theme)
        form.locator("textarea[name$='-question']").fill(f"Frage {index + 1}: {theme}?")
        form.locator(".ProseMirror").click()  # django-prose-editor (ProseMirror)
        editor.keyboard.press("Control+b")
        editor.keyboard.type(f"Antwort {index + 1}:")
        editor.keyboard.press("Control+b")
        editor.keyboard.type(" kurz gesagt.")
        for paragraph in answer_paragraphs(THEME_SLUGS[index], seed=index):
            editor.keyboard.press("Enter")
            editor.keyboard.insert_text(paragraph)
    editor.get_by_role("button", name="Speichern und weiter bearbeiten").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("wurde erfolgreich hinzugefügt")

    interview = Interview.objects.get(slug="waerme-aus-dem-wald")
    assert interview.status == Status.DRAFT
    assert interview.lead == "<p>Wie ein Landkreis mit Holz heizt.</p>"
    questions = list(interview.questions.all())
    assert [q.question for q in questions] == [f"Frage {n}: {theme}?" for n, theme in enumerate(THEMES, 1)]
    for number, question in enumerate(questions, 1):
        # Browsers turn a typed space after a formatting change into &nbsp;.
        assert question.answer.replace("&nbsp;", " ").startswith(
            f"<p><strong>Antwort {number}:</strong> kurz gesagt.</p><p>"
        )
        assert richtext.word_count(question.answer) > WORDS_PER_ANSWER

    # 2. She moves the third question one step up with the keyboard (it lands in second place) and submits.
    up = editor.get_by_role("button", name="Frage 3 nach oben verschieben")
    up.focus()
    editor.keyboard.press("Enter")
    expect(editor.locator("#questions-2 input._reorder_")).to_have_value("2")
    expect(editor.locator(".question-live")).to_contain_text("ist jetzt an Position 2 von 3")
    editor.get_by_role("button", name="Speichern und zur Prüfung einreichen").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("„Wärme aus dem Wald“ wurde zur Prüfung eingereicht.")
    interview.refresh_from_db()
    assert interview.status == Status.REVIEW
    assert list(interview.questions.values_list("question", flat=True)) == [
        f"Frage 1: {THEMES[0]}?",
        f"Frage 3: {THEMES[2]}?",
        f"Frage 2: {THEMES[1]}?",
    ]

    # Not public yet: readers get a 404, the editor sees a preview.
    reader = new_page()
    response = reader.goto("/interviews/waerme-aus-dem-wald/")
    assert response.status == 404
    editor.goto("/interviews/waerme-aus-dem-wald/")
    expect(editor.get_by_text("Vorschau", exact=False).first).to_be_visible()

    # 3. The publisher publishes it from the change form.
    publisher = new_page()
    login(publisher, "freigeberin")
    publisher.goto(change_url(interview))
    # Not authorised by the interviewee in this journey: publishing needs a recorded reason.
    publisher.locator("[name='override_reason']").fill("Telefonisch autorisiert am 1. Juni")
    publisher.get_by_role("button", name="Speichern und veröffentlichen").first.click(timeout=60_000)
    expect(publisher.locator(".messagelist")).to_contain_text("„Wärme aus dem Wald“ ist veröffentlicht.")
    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    assert interview.published_by.username == "freigeberin"
    assert (interview.pdf_state, interview.pdf_pages) == (PdfState.CURRENT, 6)  # rendered after publishing

    # 4. Readers see it, its themes in the new order.
    reader.goto("/interviews/waerme-aus-dem-wald/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Wärme aus dem Wald")
    expect(reader.locator("main")).to_contain_text("Erika Beispiel")
    expect(reader.locator("article").get_by_role("heading", level=3)).to_have_text(
        [f"Frage 1: {THEMES[0]}?", f"Frage 3: {THEMES[2]}?", f"Frage 2: {THEMES[1]}?"]
    )
    reader.goto("/interviews/")
    expect(reader.locator("main")).to_contain_text("Wärme aus dem Wald")
