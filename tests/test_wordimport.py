"""Word import: recognising questions, themes and formatting; refusing unsafe files; preview and confirm."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from reversion.models import Version

from interviews.editorial import wordimport
from tests import docx_files
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return ThemeFactory(title="Wärmeplanung", slug="waermeplanung")


def test_a_word_transcript_becomes_questions_with_theme_and_clean_formatting(theme):
    items = wordimport.read_docx(io.BytesIO(docx_files.word_transcript()))

    assert [item.question for item in items] == [
        "Wie hat die Wärmeplanung begonnen?",
        "Was kostet das?",
        "Und wer bezahlt?",
    ]
    assert [item.theme for item in items] == [theme, theme, theme]
    first = items[0].answer_html
    assert "<strong>Bestandsaufnahme</strong>" in first and "<em>vielen Gesprächen</em>" in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt; bleibt Text." in first
    assert "<p>Zweiter Absatz der Antwort.</p>" in first
    assert "<ul><li>Erstens die Netze</li><li>Zweitens die Speicher</li></ul>" in first
    assert 'href="https://www.example.org/waerme"' in first
    assert "javascript" not in first and "böser Link" in first
    assert items[1].answer_html == "<p>Weniger als gedacht.</p>"
    assert items[2].answer_html == "<p>Bund und Land.</p>"
    assert "Musterhausen" not in "".join(item.question + item.answer_html for item in items)


def test_a_libreoffice_transcript_with_other_style_names(theme):
    items = wordimport.read_docx(io.BytesIO(docx_files.libreoffice_transcript()))

    assert [(item.question, item.theme) for item in items] == [
        ("Welche Rolle spielt die Kommune?", theme),
        ("Und die Bürger?", theme),
    ]
    assert items[0].answer_html == "<p>Sie plant und moderiert.</p><ol><li>Netze</li><li>Speicher</li></ol>"


def test_an_unknown_theme_heading_leaves_the_theme_open():
    items = wordimport.read_docx(io.BytesIO(docx_files.word_transcript(theme_title="Unbekanntes Thema")))
    assert {item.theme for item in items} == {None}
    assert items[0].heading == "Unbekanntes Thema"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Das ist nur Text, kein Word.", "keine Word-Datei"),
        (docx_files.encrypted_document(), "verschlüsselt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, "alten Word-Format"),
        (docx_files.macro_document(), "Makros"),
        (docx_files.zip_bomb(), "Zip-Bombe"),
        (docx_files.external_image_document(), "externe Dateien oder Bilder"),
        (b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024 + 10), "größer als 10 MB"),
    ],
    ids=["text", "encrypted", "doc", "docm", "zip-bomb", "external-image", "too-large"],
)
def test_bad_files_are_refused_in_german_before_unpacking(data, message, record_property, monkeypatch):
    """Refused from the zip directory and the small XML parts, never by unpacking a large one (no timing):
    the bomb's 80 MB part stays packed, and no refusal unpacks more than 2 MB."""
    unpacked = []
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        chunk = read(self, n)
        unpacked.append(len(chunk))
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    record_property("docx_tried", 1)
    with pytest.raises(ValidationError, match=message):
        wordimport.read_docx(io.BytesIO(data))
    assert sum(unpacked) <= 2 * 1024 * 1024
    record_property("docx_refused", 1)


def test_a_document_without_recognisable_questions_is_refused():
    import docx

    document = docx.Document()
    document.add_paragraph("Nur ein Absatz ohne Fragen.")
    with pytest.raises(ValidationError, match="keine Fragen gefunden"):
        wordimport.read_docx(io.BytesIO(docx_files.to_bytes(document)))


# --- the admin: upload, preview, confirm -----------------------------------------------------------


def import_url(interview):
    from django.urls import reverse

    return reverse("admin:interviews_interview_word_import", args=[interview.pk])


def upload(client, interview, data, name="interview.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(import_url(interview), {"docx": SimpleUploadedFile(name, data)})


def test_editor_uploads_sees_the_preview_and_confirms(client, theme, redaktion_user):
    from interviews.models import Question, WorkflowAction, WorkflowEvent
    from tests.factories import InterviewFactory

    interview = InterviewFactory(title="Importziel")
    interview.series.themes.add(theme)
    client.force_login(redaktion_user)
    assert (
        "Fragen aus einer Word-Datei importieren"
        in client.get(f"/admin/interviews/interview/{interview.pk}/change/").content.decode()
    )

    preview = upload(client, interview, docx_files.word_transcript())

    page = preview.content.decode()
    assert "Die Datei enthält 3 Fragen." in page
    assert "Wie hat die Wärmeplanung begonnen?" in page and "Wärmeplanung" in page
    assert "das Seitenbudget erlaubt" in page
    assert not Question.objects.filter(interview=interview).exists()  # nothing saved before confirming

    response = client.post(import_url(interview), {"payload": preview.context["payload"]}, follow=True)

    assert "3 Fragen aus der Word-Datei wurden zu „Importziel“ hinzugefügt." in [
        str(m) for m in response.context["messages"]
    ]
    assert list(interview.questions.order_by("position").values_list("question", "theme")) == [
        ("Wie hat die Wärmeplanung begonnen?", theme.pk),
        ("Was kostet das?", theme.pk),
        ("Und wer bezahlt?", theme.pk),
    ]
    assert WorkflowEvent.objects.filter(interview=interview, action=WorkflowAction.IMPORTED).exists()
    # The history has an entry with the imported questions, by the editor, with what happened.
    version = Version.objects.get_for_object(interview).first()
    assert version.revision.user == redaktion_user
    assert version.revision.comment == "3 Fragen aus Word importiert"
    assert version.revision.version_set.filter(content_type__model="question").count() == 3


def test_each_question_gets_its_own_theme_choice_from_the_series(client, redaktion_user):
    from tests.factories import InterviewFactory

    interview = InterviewFactory()
    series_theme, second_theme, other_theme = ThemeFactory(), ThemeFactory(), ThemeFactory()
    interview.series.themes.add(series_theme, second_theme)
    client.force_login(redaktion_user)
    preview = upload(client, interview, docx_files.word_transcript(theme_title="Kein Thema"))
    page = preview.content.decode()
    for number in range(3):
        assert f'name="theme_{number}"' in page  # one choice per question, with a guess selected
    assert "vermutet" in page
    payload = preview.context["payload"]

    refused = client.post(import_url(interview), {"payload": payload, "theme_0": str(other_theme.pk)})
    assert "Bitte wählen Sie für jede Frage ein Thema der Reihe." in refused.content.decode()
    assert not interview.questions.exists()

    client.post(
        import_url(interview),
        {
            "payload": payload,
            "theme_0": str(series_theme.pk),
            "theme_1": str(second_theme.pk),
            "theme_2": str(series_theme.pk),
        },
    )
    assert list(interview.questions.order_by("position").values_list("theme", flat=True)) == [
        series_theme.pk,
        second_theme.pk,
        series_theme.pk,
    ]


def heading2_transcript():
    """Title line, teaser and interviewee first, then Heading-2 questions and no theme headings (as Julia gets them)."""
    import docx

    document = docx.Document()
    document.add_heading("„Wärme ist Teamarbeit“", level=1)
    document.add_paragraph("Wie eine Kleinstadt ihre Wärmeplanung mit den Stadtwerken aufstellt.")
    document.add_paragraph("Interviewpartnerin: Dr. Sabine Krüger, Klimaschutzmanagerin der Stadt Beispielhausen")
    document.add_heading("Wie sind die Stadtwerke in die Wärmeplanung eingebunden?", level=2)
    document.add_paragraph("Von Anfang an, mit eigenem Personal.")
    document.add_heading("Wie viel Personal hat der Klimaschutz?", level=2)
    document.add_paragraph("Zwei Stellen.")
    document.add_heading("Und was kommt als Nächstes?", level=2)
    document.add_paragraph("Die Umsetzung.")
    return docx_files.to_bytes(document)


def test_the_title_line_is_no_theme_and_questions_get_guesses_by_keywords_and_order():
    from interviews.editorial import wordimport

    waerme = ThemeFactory(title="Klimaneutrale Wärmeplanung", question="Wie plant die Kommune die Wärme?")
    personal = ThemeFactory(title="Personal und Finanzen", question="Wer macht den Klimaschutz?")
    front = wordimport.FrontMatter()

    items = wordimport.read_docx(io.BytesIO(heading2_transcript()), themes=[waerme, personal], front=front)
    wordimport.guess_themes(items, [waerme, personal])

    assert [item.heading for item in items] == ["", "", ""]  # the title line is not a theme heading
    assert [item.theme for item in items] == [waerme, personal, personal]
    assert [item.guessed for item in items] == [
        "vermutet nach Stichworten",
        "vermutet nach Stichworten",
        "vermutet: wie die Frage davor",
    ]
    assert front.fields() == {
        "title": "„Wärme ist Teamarbeit“",
        "lead": "<p>Wie eine Kleinstadt ihre Wärmeplanung mit den Stadtwerken aufstellt.</p>",
        "interviewee_title": "Dr.",
        "interviewee_name": "Sabine Krüger",
        "interviewee_role": "Klimaschutzmanagerin der Stadt Beispielhausen",
    }


def test_title_teaser_and_interviewee_fill_only_what_is_empty_unless_asked(client, redaktion_user):
    from tests.factories import InterviewFactory

    interview = InterviewFactory(title="Arbeitstitel", lead="", interviewee_name="N. N.", interviewee_role="")
    theme = ThemeFactory(title="Klimaneutrale Wärmeplanung")
    interview.series.themes.add(theme)
    client.force_login(redaktion_user)

    preview = upload(client, interview, heading2_transcript())
    rows = {row["name"]: row["take"] for row in preview.context["front_rows"]}
    assert rows == {
        "title": False,  # filled: replaced only when ticked
        "lead": True,
        "interviewee_name": False,  # with its academic title: „Dr. Sabine Krüger“
        "interviewee_role": True,
    }
    page = preview.content.decode()
    assert 'name="take_lead" id="id_take_lead" value="1" checked' in page
    assert "ersetzt: Arbeitstitel" in page and "Dr. Sabine Krüger" in page

    # What the browser sends: the ticked boxes (the empty fields) only.
    client.post(
        import_url(interview),
        {
            "payload": preview.context["payload"],
            "take_lead": "1",
            "take_interviewee_role": "1",
        },
    )

    interview.refresh_from_db()
    assert interview.title == "Arbeitstitel"
    assert interview.interviewee_name == "N. N."
    assert interview.lead == "<p>Wie eine Kleinstadt ihre Wärmeplanung mit den Stadtwerken aufstellt.</p>"
    assert (interview.interviewee_title, interview.interviewee_role) == (
        "",  # goes with the name, which was not taken
        "Klimaschutzmanagerin der Stadt Beispielhausen",
    )
    assert interview.questions.count() == 3


def test_a_bad_file_shows_a_german_error_and_saves_nothing(client, theme, redaktion_user):
    from tests.factories import InterviewFactory

    interview = InterviewFactory()
    client.force_login(redaktion_user)
    response = upload(client, interview, docx_files.macro_document(), name="makro.docm")
    assert "Die Datei enthält Makros" in response.content.decode()
    assert not interview.questions.exists()


def test_a_tampered_preview_is_refused(client, theme, redaktion_user):
    from tests.factories import InterviewFactory

    interview = InterviewFactory()
    client.force_login(redaktion_user)
    response = client.post(import_url(interview), {"payload": "gefälscht:abc"})
    assert "Die Vorschau ist abgelaufen oder ungültig" in response.content.decode()
    assert not interview.questions.exists()


def test_importing_into_a_live_interview_by_redaktion_waits_for_freigabe(client, theme, redaktion_user):
    from interviews.models import PendingChange
    from tests.factories import InterviewFactory, QuestionFactory

    interview = InterviewFactory(published=True)
    interview.series.themes.add(theme)
    QuestionFactory(interview=interview, theme=theme, question="Live-Frage?")
    client.force_login(redaktion_user)
    preview = upload(client, interview, docx_files.word_transcript())

    client.post(import_url(interview), {"payload": preview.context["payload"]})

    assert list(interview.questions.values_list("question", flat=True)) == ["Live-Frage?"]
    pending_questions = [row["question"] for row in PendingChange.objects.get().data["questions"]]
    assert pending_questions == [
        "Live-Frage?",
        "Wie hat die Wärmeplanung begonnen?",
        "Was kostet das?",
        "Und wer bezahlt?",
    ]


def test_freigabe_imports_into_a_live_interview_at_once_only_a_text_that_lays_out(client, theme, freigabe_user):
    """Two short questions are far from filling the live part's pages: refused, nothing imported
    (tests/test_live_edit_layout.py imports into a live interview that then fits)."""
    from interviews.models import PendingChange
    from tests.factories import InterviewFactory

    interview = InterviewFactory(published=True)
    interview.series.themes.add(theme)
    client.force_login(freigabe_user)
    preview = upload(client, interview, docx_files.libreoffice_transcript())
    before = interview_state(interview)

    refused = client.post(import_url(interview), {"payload": preview.context["payload"]})

    page = refused.content.decode()
    assert "Das PDF des Textes mit den importierten Fragen lässt sich nicht setzen: " in page
    assert "Es wurde nichts importiert; Leser sehen weiter die veröffentlichte Fassung." in page
    assert "Welche Rolle spielt die Kommune?" in page  # the preview is shown again
    assert interview_state(interview) == before
    assert not PendingChange.objects.exists()


# --- files built to be slow, DTDs in any part and encoding, a preview for another interview --------


def interview_state(interview):
    """What a refused import must leave as it was: questions, pending change, version, history, events."""
    from interviews.models import PendingChange, WorkflowEvent

    interview.refresh_from_db()
    return (
        list(interview.questions.values_list("pk", "question", "answer")),
        list(PendingChange.objects.filter(interview=interview).values_list("pk", "version")),
        interview.version,
        Version.objects.get_for_object(interview).count(),
        WorkflowEvent.objects.filter(interview=interview).count(),
    )


SLOW_FILES = [
    # (builder, German message): small files that took seconds to minutes before the bounds
    (lambda: docx_files.many_styles(20000, questions=10), "20164 Formatvorlagen (höchstens 2000)"),
    (lambda: docx_files.many_styles(wordimport.MAX_STYLES, questions=150), "Formatvorlagen (höchstens 2000)"),
    (lambda: docx_files.many_paragraphs(wordimport.MAX_PARAGRAPHS + 1), "Absätze (höchstens 2000)"),
    (lambda: docx_files.many_paragraphs(10000), "10001 Absätze (höchstens 2000)"),
    (lambda: docx_files.many_questions(wordimport.MAX_QUESTIONS + 1), "mehr als 300 Fragen"),
    (lambda: docx_files.many_questions(3000), "6000 Absätze (höchstens 2000)"),
]


@pytest.mark.parametrize(
    ("build", "message"),
    SLOW_FILES,
    ids=["20000-styles", "2164-styles", "2001-paragraphs", "10000-paragraphs", "301-questions", "3000-questions"],
)
def test_files_built_to_be_slow_are_refused_in_german_and_change_nothing(
    build, message, client, theme, redaktion_user, record_property
):
    from tests.factories import InterviewFactory, QuestionFactory

    interview = InterviewFactory(published=True)
    interview.series.themes.add(theme)
    QuestionFactory(interview=interview, theme=theme, question="Bleibt?")
    before = interview_state(interview)
    client.force_login(redaktion_user)
    record_property("docx_slow_tried", 1)

    response = upload(client, interview, build())

    assert message in response.context["error"]
    assert message in response.content.decode()
    assert "payload" not in response.context
    assert interview_state(interview) == before
    record_property("docx_slow_refused", 1)


def test_files_at_the_limits_are_read(theme):
    styled = wordimport.read_docx(io.BytesIO(docx_files.many_styles(1800, questions=wordimport.MAX_QUESTIONS)))
    assert len(styled) == wordimport.MAX_QUESTIONS
    assert styled[-1].question == "Wie geht es weiter?" and styled[-1].answer_html == "<p>Gut.</p>"

    long = wordimport.read_docx(io.BytesIO(docx_files.many_paragraphs(wordimport.MAX_PARAGRAPHS - 2)))
    assert [item.question for item in long] == ["Wie geht es weiter?"]
    assert long[0].answer_html.count("<p>") == wordimport.MAX_PARAGRAPHS - 2

    questions = wordimport.read_docx(io.BytesIO(docx_files.many_questions(wordimport.MAX_QUESTIONS)))
    assert len(questions) == wordimport.MAX_QUESTIONS


def test_the_style_map_agrees_with_python_docx():
    import docx

    for data in (docx_files.word_transcript(), docx_files.libreoffice_transcript(), docx_files.many_styles(30)):
        document = docx.Document(io.BytesIO(data))
        styles = wordimport.paragraph_styles(document)
        for paragraph in document.paragraphs:
            name, bold = styles.get(paragraph._p.style, styles[None])
            assert name == paragraph.style.name
            assert bold == bool(paragraph.style.font.bold)


DTD_PARTS = [
    "word/document.xml",
    "word/styles.xml",
    "word/settings.xml",
    "word/numbering.xml",
    "docProps/core.xml",
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("part", DTD_PARTS)
def test_a_dtd_is_refused_in_every_xml_part_in_any_encoding(
    part, encoding, client, theme, redaktion_user, record_property
):
    from tests.factories import InterviewFactory

    interview = InterviewFactory()
    before = interview_state(interview)
    client.force_login(redaktion_user)
    record_property("docx_dtd_tried", 1)

    response = upload(client, interview, docx_files.with_doctype(part, encoding))

    assert "unzulässige XML-Angaben (DTD)" in response.context["error"]
    assert interview_state(interview) == before
    record_property("docx_dtd_refused", 1)


def test_a_part_in_another_encoding_is_refused():
    latin = docx_files.rewrite(
        docx_files.word_transcript(),
        replace={"word/settings.xml": lambda xml: xml.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'", 1)},
    )
    with pytest.raises(ValidationError, match="unzulässige Zeichenkodierung"):
        wordimport.read_docx(io.BytesIO(latin))


def test_utf16_parts_without_a_dtd_are_read(theme):
    def utf16(xml):
        return "\ufeff".encode("utf-16-le") + xml.decode("utf-8").replace(
            "encoding='UTF-8'", "encoding='UTF-16'"
        ).encode("utf-16-le")

    data = docx_files.rewrite(docx_files.word_transcript(), replace={"word/styles.xml": utf16})
    items = wordimport.read_docx(io.BytesIO(data))
    assert [item.theme for item in items] == [theme, theme, theme]  # the heading style came from the UTF-16 part


def test_a_preview_is_confirmed_only_for_the_interview_it_was_made_for(client, theme, redaktion_user, record_property):
    from tests.factories import InterviewFactory

    made_for, other = InterviewFactory(title="Vorschau hier"), InterviewFactory(title="Anderes")
    made_for.series.themes.add(theme)
    other.series.themes.add(theme)
    client.force_login(redaktion_user)
    preview = upload(client, made_for, docx_files.word_transcript())
    before = interview_state(other)
    record_property("docx_preview_tried", 1)

    response = client.post(import_url(other), {"payload": preview.context["payload"]})

    assert "Diese Vorschau wurde für ein anderes Interview erstellt" in response.content.decode()
    assert interview_state(other) == before
    assert not made_for.questions.exists()
    record_property("docx_preview_refused", 1)
