"""Project figures: rules in the database, uploads checked, inline on the form, on the web page and in
the approval preview, waiting in pending versions of live interviews, in the publishing checklist."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from interviews.editorial import approval, publishing
from interviews.models import MAX_FIGURES, Figure, PendingChange
from tests.admin_forms import change_url, form_data, messages_of
from tests.factories import FITS_SIX_PAGES, FigureFactory, InterviewFactory, QuestionFactory, ThemeFactory, answer_of
from tests.pdf_shapes import alt_texts
from tests.test_uploads import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(freigabe_user):
    """A published interview with two themes, published through the workflow."""
    interview = InterviewFactory(title="Sonne auf dem Bauhof", slug="sonne-bauhof", review=True)
    for number, title in enumerate(["Wärme", "Strom"], start=1):
        theme = ThemeFactory(title=title)
        interview.series.themes.add(theme)
        QuestionFactory(
            interview=interview,
            theme=theme,
            position=number,
            question=f"Frage {number}?",
            answer=answer_of(FITS_SIX_PAGES // 2),
        )
    publishing.publish(interview, freigabe_user)
    interview.refresh_from_db()
    return interview


def add_figure_row(data, **values):
    """Add one new row to the figures inline of the posted ``data``."""
    index = int(data["figures-TOTAL_FORMS"])
    data["figures-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"figures-{index}-{name}"] = value
    data.setdefault(f"figures-{index}-position", str(index + 1))
    return data


def upload(name="projekt.jpg", size=(1200, 800), color=(30, 120, 60)):
    return SimpleUploadedFile(name, image_bytes("JPEG", size=size, color=color), content_type="image/jpeg")


def test_the_database_refuses_a_figure_without_image_alt_text_or_credit(live):
    figure = FigureFactory(interview=live)
    for field in ["image", "alt_text", "credit"]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Figure.objects.filter(pk=figure.pk).update(**{field: ""})
    figure.refresh_from_db()
    assert figure.image and figure.alt_text and figure.credit
    bad = Figure(interview=live, image=figure.image.name, caption="x", credit="", alt_text="")
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    text = " ".join(error.value.messages)
    assert "Dieses Feld darf nicht leer sein" in text or "braucht einen Bildnachweis" in text


def test_figures_are_added_inline_checked_like_the_portrait_and_stored_re_encoded(client, superuser):
    interview = InterviewFactory(slug="entwurf")
    client.force_login(superuser)
    data = form_data(client.get(change_url(interview)))
    # An image with markup hidden in it is refused in German; nothing is stored.
    polyglot = image_bytes("JPEG") + b"<script>alert(1)</script>"
    add_figure_row(
        data,
        image=SimpleUploadedFile("x.jpg", polyglot, content_type="image/jpeg"),
        caption="Das Dach",
        credit="Foto: Stadt",
        alt_text="Ein Dach",
    )
    response = client.post(change_url(interview), data)
    assert response.status_code == 200
    assert "enthält neben dem Bild weitere Inhalte" in response.content.decode()
    assert not Figure.objects.exists()

    data = form_data(client.get(change_url(interview)))
    exif = Image.Exif()
    exif[0x010E] = "geheime Beschreibung"
    raw = io.BytesIO()
    Image.new("RGB", (1600, 900), (200, 90, 20)).save(raw, "JPEG", exif=exif.tobytes())
    add_figure_row(
        data,
        image=SimpleUploadedFile("Mein Foto.JPG", raw.getvalue(), content_type="image/jpeg"),
        caption="Die neue Solaranlage auf dem Bauhof",
        credit="Foto: Gemeinde Modellheim",
        alt_text="Blaue Solarmodule auf einem Flachdach",
        rights_cleared="on",
    )
    add_figure_row(data, image=upload(size=(800, 1200)), caption="", credit="Foto: B", alt_text="Ein Windrad")
    response = client.post(change_url(interview), data, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    first, second = interview.figures.order_by("position")
    assert first.image.name.startswith("figures/") and "Mein" not in first.image.name
    assert (first.image_width, first.image_height, first.is_landscape) == (1600, 900, True)
    assert (second.is_landscape, second.rights_cleared, first.rights_cleared) == (False, False, True)
    with first.image.open("rb") as handle:
        assert b"geheime Beschreibung" not in handle.read()


def test_more_figures_than_the_maximum_are_refused_in_german(client, superuser):
    interview = InterviewFactory()
    client.force_login(superuser)
    data = form_data(client.get(change_url(interview)))
    for number in range(MAX_FIGURES + 1):
        add_figure_row(data, image=upload(), credit="Foto: A", alt_text=f"Bild {number}")
    response = client.post(change_url(interview), data)
    assert f"höchstens {MAX_FIGURES}" in response.content.decode()
    assert not Figure.objects.exists()


def test_the_reader_page_shows_figures_with_caption_credit_and_alt_text_after_their_themes(client, live):
    FigureFactory(interview=live, position=2, caption="Zweites Bild", credit="Foto: Zwei", alt_text="Alt zwei")
    FigureFactory(interview=live, position=1, caption="Erstes Bild", credit="Foto: Eins", alt_text="Alt eins")
    page = client.get(live.get_absolute_url()).content.decode()
    # One figure after each of the two themes, in their order.
    first_q, second_q = (page.index(f'<h3 class="qa__question">Frage {n}?') for n in (1, 2))
    assert first_q < page.index("Erstes Bild") < second_q < page.index("Zweites Bild")
    assert 'alt="Alt eins"' in page and "Foto: Eins" in page and "Foto: Zwei" in page
    assert "Foto: Foto:" not in page  # a credit that names itself a photo is not prefixed again
    assert 'width="640" height="427"' in page  # 1500 x 1000 scaled: the page reserves the image's space
    src = page.split('alt="Alt eins"')[0].rsplit('src="', 1)[1].split('"')[0]
    assert client.get(src).status_code == 200
    publishing.unpublish(live, live.published_by)
    client.logout()
    assert client.get(src).status_code == 404


def test_the_approval_preview_shows_and_serves_the_figures_of_a_draft(client, superuser):
    interview = InterviewFactory(slug="noch-entwurf")
    QuestionFactory(interview=interview)
    FigureFactory(interview=interview, caption="Unser Wärmenetz", alt_text="Rohre im Graben")
    url = approval.approval_url(interview, superuser)
    client.logout()
    page = client.get(url).content.decode()
    assert "Unser Wärmenetz" in page and 'alt="Rohre im Graben"' in page
    src = page.split('alt="Rohre im Graben"')[0].rsplit('src="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert src.startswith("/bilder/figure/") and "vorschau=" in src
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    # Without the page's preview grant a draft's figure is not served.
    assert client.get(src.split("?")[0]).status_code == 404


def test_a_figure_added_to_a_live_interview_by_redaktion_waits_for_freigabe(
    client, live, redaktion_user, freigabe_user
):
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(live)))
    add_figure_row(data, image=upload(), caption="Neu am Bauhof", credit="Foto: Neu", alt_text="Neues Dach")
    response = client.post(change_url(live), data, follow=True)
    assert any("wartet auf die Freigabe" in message for message in messages_of(response)), messages_of(response)
    assert not Figure.objects.exists()  # readers keep the live version
    [waiting] = PendingChange.objects.get().data["figures"]
    assert waiting["caption"] == "Neu am Bauhof" and waiting["id"] < 0
    client.logout()
    assert "Neu am Bauhof" not in client.get(live.get_absolute_url()).content.decode()

    # The staff preview of the pending version shows it, with an image served from the pending version.
    client.force_login(freigabe_user)
    preview_url = reverse("admin:interviews_interview_pending_preview", args=[live.pk])
    preview = client.get(preview_url).content.decode()
    assert "Neu am Bauhof" in preview
    src = preview.split('alt="Neues Dach"')[0].rsplit('src="', 1)[1].split('"')[0].replace("&amp;", "&")
    client.logout()
    assert client.get(src).status_code == 200  # the preview grant in the URL serves the pending figure

    publishing.publish(live, freigabe_user, override_reason="Nur ein Bild")
    [figure] = live.figures.all()
    assert (figure.caption, figure.image.name) == ("Neu am Bauhof", waiting["image"])
    client.logout()
    assert "Neu am Bauhof" in client.get(live.get_absolute_url()).content.decode()


def test_the_publishing_checklist_names_figures_without_cleared_rights(live):
    FigureFactory(interview=live, position=1, rights_cleared=True)
    FigureFactory(interview=live, position=2, rights_cleared=False)
    item = next(item for item in publishing.checklist(live) if item["key"] == "figure_rights")
    assert item["ok"] is False and item["detail"] == "nicht vermerkt bei Abbildung 2"
    Figure.objects.update(rights_cleared=True)
    item = next(item for item in publishing.checklist(live) if item["key"] == "figure_rights")
    assert (item["ok"], item["detail"]) == (True, "ja")


@pytest.mark.slow
def test_the_pdf_prints_the_figures_in_cmyk_with_caption_and_credit_on_its_page_budget():
    import pikepdf
    from pypdf import PdfReader

    from interviews import pdf
    from tests.pdf_shapes import make_interview

    interview = make_interview("compounds", published=True, words=2200)
    FigureFactory(interview=interview, position=1, caption="Die Heizzentrale am Bauhof", credit="Foto: Ilm-Kreis")
    FigureFactory(
        interview=interview,
        position=2,
        caption="Das Windrad",
        credit="Foto: Anna Bild, CC BY 4.0",
        image__width=1500,
        image__height=2400,
    )
    before = pdf.fingerprint(pdf.load_source(interview))
    data = pdf.render_pdf(interview)

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == interview.series.pages_per_part
    text = " ".join(page.extract_text() for page in reader.pages).replace("-\n", "").replace("\n", " ")
    for words in ["Die Heizzentrale am Bauhof", "Foto: Ilm-Kreis", "Das Windrad", "Foto: Anna Bild, CC BY 4.0"]:
        assert words in text
    document = pikepdf.open(io.BytesIO(data))
    figures = {}
    for page in document.pages:
        for xobject in (page.obj.Resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Image" and int(xobject.Width) == 1500:
                figures[xobject.objgen] = xobject
    figures = list(figures.values())
    # One print image per figure, CMYK, cropped to the tallest shape it may print at (the upright one
    # to 4:5, the wide one keeps 3:2), never enlarged (full width at 300 ppi would be 2126 pixels).
    assert sorted(int(x.Height) for x in figures) == [1000, 1875]
    assert {str(x.ColorSpace) for x in figures} == {"/DeviceCMYK"}

    # The figure's alt text reaches the tag structure; a changed caption changes what the stored PDF shows.
    alts = list(alt_texts(document.Root.StructTreeRoot))
    assert sum("Beschreibung des Bildes" in alt for alt in alts) == 2, alts
    Figure.objects.filter(position=1).update(caption="Eine andere Bildunterschrift")
    assert pdf.fingerprint(pdf.load_source(interview)) != before


def test_figures_take_room_in_the_page_budget_and_the_messages_name_what_to_add_or_take_out(live):
    from interviews import pdf
    from interviews.pdf import fitting

    answer = answer_of(2700)
    items = [("Wie fing es an?", answer, "")]
    words, short_room = pdf.text_units(items)
    # A figure takes the room of its smallest crop (column wide, 16:9) plus its caption's words against a
    # long text, and the room of its widest printed shape (full width at the foot of a page, 5:2: its height
    # in both columns) against a short one.
    with_figure = pdf.text_units(items, [("Die Heizzentrale", "Anna Bild")])
    assert with_figure == (
        words + fitting.FIGURE_WORDS_LONG + 5,
        short_room + fitting.FIGURE_WORDS_SHORT - fitting.FIGURE_WORDS_LONG,
    )
    assert 60 < fitting.FIGURE_WORDS_LONG < fitting.FIGURE_WORDS_SHORT < 250

    # Too short: add words, quotes or figures (as many as fill the gap, at most the maximum), or take five pages.
    short = pdf.word_budget_error(6, pdf.word_range(6)[0] - 199, 0, figures=0)
    assert short.words_to_add == 200
    message = short.messages[0]
    assert "bitte ca. 200 Wörter oder Zitate ergänzen oder 1 Abbildung(en) hinzufügen" in message
    assert f"(jede füllt den Platz von ca. {fitting.FIGURE_WORDS_SHORT} Wörtern)" in message
    assert message.endswith("– oder 5 Seiten wählen.")
    full = pdf.word_budget_error(6, pdf.word_range(6)[0] - 199, 0, figures=MAX_FIGURES).messages[0]
    assert "Abbildung" not in full.split("(")[0]
    # Too long: cut words or take a figure out, or take seven pages.
    long = pdf.word_budget_error(6, 4020, 0, figures=2).messages[0]
    assert "bitte ca. 50 Wörter kürzen oder eine Abbildung herausnehmen" in long
    assert long.endswith("– oder 7 Seiten wählen.")

    # The saved interview's check counts its figures: four figures take a text at the top of its range out.
    live.questions.update(answer=answer_of(1800))  # two questions in 23 paragraphs each: about 3,800 Satzwörter
    pdf.check_page_budget(live)
    for position in range(1, MAX_FIGURES + 1):
        FigureFactory(interview=live, position=position, caption="", credit="X")
    with pytest.raises(pdf.PageBudgetError, match="zu lang für 6 Seiten") as caught:
        pdf.check_page_budget(live)
    assert "oder eine Abbildung herausnehmen" in caught.value.messages[0]


def test_a_photo_too_small_for_print_is_kept_and_the_editor_told_what_a_print_shop_needs(client, live, redaktion_user):
    # 800 px across the full page width (180 mm) are 113 ppi; a print shop wants 150 (the preflight's limit).
    client.force_login(redaktion_user)
    data = form_data(client.get(change_url(live)))
    add_figure_row(data, image=upload(size=(800, 533)), caption="Klein", credit="Foto: Handy", alt_text="Ein Foto")
    add_figure_row(data, image=upload(size=(2400, 1600)), caption="Groß", credit="Foto: Kamera", alt_text="Noch eins")

    response = client.post(change_url(live), data, follow=True)

    shown = [message for message in messages_of(response) if "ppi" in message]
    assert len(shown) == 1, shown
    assert shown[0].startswith("Abbildung 1: Das Bild hat 800 × 533 Bildpunkte;")
    assert "sind das 113 ppi" in shown[0] and "mindestens 150 ppi" in shown[0]
    assert "mindestens 1.063 × 709 Bildpunkten" in shown[0]
    # Nothing refused: the figures wait for Freigabe like any change to a live interview.
    waiting = PendingChange.objects.get().data["figures"]
    assert [figure["caption"] for figure in waiting] == ["Klein", "Groß"]
