"""The cover holds every field at the models' limits, with any portrait or none (issue 19).

The last session's closing note: a Kommune name of 100 characters (``Kommune.name``'s limit) with a
portrait and a 60-character headline was refused („Titelseite zu voll“). Here the name has 100
characters and the headline 200 (``Interview.title``'s limit, the form's too), with the fixtures'
short teaser and with five sentences of teaser (about 600 characters, the help text's limit). The
headline is set smaller until it takes at most three lines (not below 18 pt, still larger than the
teaser), the portrait gets shorter by what headline and name take beyond the usual; checked from the
layout tree and the PDF's text.

Then every cover field at its limit at once (``all_at_max``): the interviewee's academic title,
name and role, the photo credit, the Kommune's name, type, Land, population, AKK line, logo and an
award whose category has its 200 characters, the demo badge, with an upright, a landscape and a
tall portrait or none (then a pull quote of 300 characters stands in). ``cover.plan`` sets
portrait, teaser, name, role and quote smaller and gives the interview fewer lines on the cover;
the blocks' boxes do not meet, the text stays on the paper and in the band, headline > teaser >
body. The teaser has no length limit: the form refuses one the cover cannot hold (with the plan's
numbers), and the PDF refuses it with the same message.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from PIL import Image
from pypdf import PdfReader

from core import richtext
from interviews.models import Interview, Question, Theme
from interviews.pdf import cover, estimate, fitting
from municipalities.models import Award, Kommune, KommuneKind, State
from tests.admin_forms import change_url, form_data
from tests.pdf_shapes import make_interview, normalise, pdf_pages_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]

MM = 96 / 25.4
KOMMUNE = "Verbandsgemeinde Bernkastel-Kues an der Mosel mit den Ortsgemeinden Brauneberg, Graach und Zeltingen"
HEADLINE = (
    "Wärmeplanung, Quartierskonzepte, Solardachpflicht und Radverkehr: wie eine Verbandsgemeinde im ländlichen "
    "Raum mit wenig Personal, aber vielen Partnern ihre Klimaziele Schritt für Schritt erreicht hat"
)
FIVE_SENTENCES = (
    "<p>Die Verbandsgemeinde hat in fünf Jahren ein Klimaschutzkonzept, eine kommunale Wärmeplanung und ein "
    "Radverkehrskonzept beschlossen. Dafür hat sie eine Stelle für das Klimaschutzmanagement geschaffen und "
    "mit den Ortsgemeinden, den Stadtwerken und der Energieagentur des Landkreises ein Netzwerk aufgebaut. "
    "Die Bürgermeisterin erzählt, was dabei gelungen ist und wo es hakt. Ein Gespräch über Geduld, Personal "
    "und Fördermittel.</p>"
)


def at_length(text, length):
    """``text`` repeated and cut to exactly ``length`` characters (not ending in a space)."""
    cut = (text * (length // len(text) + 1))[:length]
    return cut[:-1] + "." if cut.endswith(" ") else cut


def test_the_fields_are_at_the_models_limits():
    assert len(KOMMUNE) == Kommune._meta.get_field("name").max_length == 100
    assert len(HEADLINE) == Interview._meta.get_field("title").max_length == 200


def boxes(document, page=0):
    """(class names, box) of every box on ``page`` of the laid-out ``document``."""
    found = []

    def visit(box):
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        found.append((classes, box))
        for child in getattr(box, "children", []):
            visit(child)

    visit(document.pages[page]._page_box)
    return found


def first(found, name, tag=None):
    return next(box for classes, box in found if name in classes and (tag is None or box.element_tag == tag))


def lines(box):
    return [b for b in box.descendants() if type(b).__name__ == "LineBox"]


@pytest.mark.parametrize("lead", [None, FIVE_SENTENCES], ids=["short teaser", "five sentences"])
def test_longest_kommune_name_and_headline_with_a_portrait_fit_the_cover(settings, tmp_path, lead):
    settings.MEDIA_ROOT = tmp_path
    interview = make_interview("compounds", title=HEADLINE, **({"lead": lead} if lead else {}))
    Kommune.objects.filter(pk=interview.kommune_id).update(name=KOMMUNE)
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.portrait

    result = fitting.fit(interview, remember=False)

    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 6
    cover_text = normalise(pdf_pages_text(result.pdf)[0])
    assert normalise(KOMMUNE.upper()) in cover_text and normalise(HEADLINE) in cover_text
    document = result.document
    found = boxes(document)
    headline, kommune = first(found, "headline", "h1"), first(found, "cover-kommune-label")
    teaser = first(found, "teaser")
    # The headline: at most four lines, never below 18 pt, larger than the teaser; the name wraps to two lines.
    assert len(lines(headline)) <= 4 and len(lines(kommune)) == 2
    assert headline.style["font_size"] >= 18 * 96 / 72 > teaser.style["font_size"]
    # The portrait, shorter than the usual 78 mm, but not below the minimum.
    portrait = first(found, "portrait")
    image = next(b for b in portrait.descendants() if b.element_tag == "img")
    assert cover.PORTRAIT_MIN_MM * MM - 1 <= image.height < 78 * MM
    # The interview begins on the cover, in a fifth of it or more, and nothing leaves the paper.
    assert "body-start" in document.pages[0].anchors
    page = document.pages[0]._page_box
    assert result.measure.cover_ok and result.measure.cover_px >= fitting.COVER_BODY_MIN * 0.95 * page.height
    right = page.content_box_x() + page.width
    assert not [b.text for _c, b in found if type(b).__name__ == "TextBox" and b.position_x + b.width > right + 0.5]


# --- Every cover field at its limit at once ---------------------------------------------------------------

ACADEMIC_TITLE = "Prof. Dr.-Ing. Dr. h.c. mult. Dipl.-Kfr."
NAME = (
    "Maria-Theresia Alexandra Friederike Henriette von Hohenzollern-Sigmaringen-Leutkirch und Waldburg-Zeil, "
    "genannt Marita Sophie Charlotte Luise Augusta von Löwenstein-Wertheim-Rosenberg zu Schwarzenberg"
)
ROLE = (
    "Leiterin der Stabsstelle Klimaschutz, Nachhaltigkeit und Energie, Beauftragte für die kommunale "
    "Wärmeplanung und das Klimaschutzmanagement sowie Koordinatorin der Zusammenarbeit mit den Stadtwerken, "
    "der Energieagentur des Landkreises, den Ortsgemeinden und den Bürgerenergiegenossenschaften der Mosel"
)
CREDIT = (
    "Stadtverwaltung der Verbandsgemeinde Bernkastel-Kues, Pressestelle und Öffentlichkeitsarbeit, Foto von "
    "Maximilian Mustermann-Beispielfotograf, Lizenz CC BY-SA 4.0, bearbeitet von der Redaktion im Dez."
)
CATEGORY = (
    "Klimaschutz durch Kooperation: Energie- und Wärmewende in der Kommune gemeinsam mit Bürgerinnen und Bürgern, "
    "Unternehmen, Stadtwerken, Energiegenossenschaften und Nachbarkommunen auf dem Land (Mosel)."
)
QUOTE = (
    "Wir haben gelernt, dass Klimaschutz in einer kleinen Verbandsgemeinde nur gelingt, wenn alle Ortsgemeinden, "
    "die Stadtwerke und die Bürgerinnen und Bürger von Anfang an mitreden und jeder Beschluss zeigt, was er "
    "kostet, was er spart und wem er nützt, auch wenn das eine Sitzung des Rates länger macht."
)
# Portrait photos (px): upright 4:5, landscape 3:2, tall 9:16; None: no portrait (a pull quote stands in).
PORTRAITS = {"upright": (1200, 1500), "landscape": (1500, 1000), "tall": (810, 1440), "none": None}


def longest_label(choices):
    return max(choices, key=lambda choice: len(str(choice.label)))


def test_the_all_at_max_fields_are_at_the_models_limits():
    limits = {
        (Interview, "interviewee_title"): ACADEMIC_TITLE,
        (Interview, "interviewee_name"): NAME,
        (Interview, "interviewee_role"): ROLE,
        (Interview, "photo_credit"): CREDIT,
        (Award, "category"): CATEGORY,
        (Question, "pull_quote"): QUOTE,
    }
    for (model, name), value in limits.items():
        assert len(value) == model._meta.get_field(name).max_length, name


def photo(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 110, 160)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def all_at_max(portrait, lead=FIVE_SENTENCES):
    """An interview whose cover fields are all at their models' limits, with ``portrait`` (a key of PORTRAITS)."""
    size = PORTRAITS[portrait]
    interview = make_interview(
        "compounds" if size else "no_portrait",
        title=HEADLINE,
        lead=lead,
        interviewee_title=ACADEMIC_TITLE,
        interviewee_name=NAME,
        interviewee_role=ROLE,
        is_sample=True,
    )
    kommune = Kommune.objects.get(pk=interview.kommune_id)
    kommune.name = KOMMUNE
    kommune.kind = longest_label(KommuneKind).value
    kommune.state = longest_label(State).value
    kommune.population = connection.ops.integer_field_range("PositiveIntegerField")[1] or 2**31 - 1
    kommune.akk_member = True
    kommune.logo.save("logo.jpg", ContentFile(photo((800, 300))), save=False)
    kommune.logo_alt = "Wappen"
    kommune.save()
    Award.objects.filter(kommune=kommune).update(category=CATEGORY)
    if size:
        interview.portrait.save("portrait.jpg", ContentFile(photo(size)), save=False)
        interview.photo_credit = CREDIT
        interview.save()
    else:
        first = interview.questions.order_by("position").first()
        Question.objects.filter(pk=first.pk).update(pull_quote=QUOTE, answer=f"<p>{QUOTE}</p>{first.answer}")
    return Interview.objects.get(pk=interview.pk)


def border_box(box):
    return (box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height())


def meet(a, b):
    """Whether two boxes (x, y, width, height) overlap by more than a hair."""
    across = a[0] + a[2] > b[0] + 0.5 and b[0] + b[2] > a[0] + 0.5
    return across and a[1] + a[3] > b[1] + 0.5 and b[1] + b[3] > a[1] + 0.5


def longest_teaser(interview):
    """The longest beginning of ``interview``'s teaser that the form accepts beside its other fields."""
    words = richtext.plain_text(interview.lead).split()
    return f"<p>{' '.join(words[: cover.teaser_words(fitting.load_source(interview))])}</p>"


COVER_BLOCKS = ["cover-band", "cover-kommune-label", "person", "teaser", "factbox"]


def assert_blocks_apart_and_on_the_paper(document, more=(), body=True):
    """The cover's blocks (``COVER_BLOCKS``, ``more`` and the headline) do not meet and the interview's columns
    (``body``) begin below them; every line of the cover stays inside the margins, the band's lines inside the
    band."""
    found = boxes(document)
    page = document.pages[0]._page_box
    blocks = {name: border_box(first(found, name)) for name in [*COVER_BLOCKS, *more]}
    blocks["headline"] = border_box(first(found, "headline", "h1"))
    for index, (name, box) in enumerate(blocks.items()):
        for other, other_box in list(blocks.items())[index + 1 :]:
            assert not meet(box, other_box), (name, other)
    if body:
        columns = first(found, "interview-body")
        assert columns.position_y >= max(y + height for _x, y, _w, height in blocks.values()) - 0.5
    text_boxes = [b for b in first(found, "cover", "section").descendants() if type(b).__name__ == "TextBox"]
    left, right = page.content_box_x(), page.content_box_x() + page.width
    bottom = page.content_box_y() + page.height
    assert [b.text for b in text_boxes if b.position_x < left - 0.5 or b.position_x + b.width > right + 0.5] == []
    assert [b.text for b in text_boxes if b.position_y + b.height > bottom + 0.5] == []
    band = blocks["cover-band"]
    band_lines = [b for b in first(found, "cover-band").descendants() if type(b).__name__ == "TextBox"]
    assert band_lines
    assert all(band[1] <= b.position_y and b.position_y + b.height <= band[1] + band[3] for b in band_lines)


@pytest.mark.parametrize("portrait", list(PORTRAITS))
def test_every_cover_field_at_its_limit_fits_the_cover(settings, tmp_path, portrait):
    settings.MEDIA_ROOT = tmp_path
    # The teaser has no limit of its own: five sentences, the most its help text asks for (425 characters).
    interview = all_at_max(portrait)
    assert cover.teaser_error(fitting.load_source(interview)) is None
    plan = cover.plan(fitting.load_source(interview))
    assert plan.fits
    # The demo's badge stands below the portrait (or quote), the list of themes is left out: the last rung.
    assert (plan.factbox, plan.badge_beside, plan.themes) == (cover.RUN_IN, True, "")

    result = fitting.fit(interview, remember=False)

    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 6
    # Nothing is cut: every field's text is on the cover.
    cover_text = normalise(pdf_pages_text(result.pdf)[0])
    shown = [KOMMUNE.upper(), HEADLINE, ACADEMIC_TITLE, NAME, ROLE, richtext.plain_text(interview.lead), CATEGORY]
    shown.append(CREDIT if PORTRAITS[portrait] else QUOTE)
    assert [text[:40] for text in shown if normalise(text) not in cover_text] == []
    document = result.document
    found = boxes(document)
    page = document.pages[0]._page_box
    assert not [box for classes, box in found if "cover-themes" in classes]
    assert_blocks_apart_and_on_the_paper(
        document, ["sample-badge", "portrait" if PORTRAITS[portrait] else "cover-quote"]
    )
    # The hierarchy: headline > teaser > the body's largest size; the name above the role.
    headline, teaser = first(found, "headline", "h1").style["font_size"], first(found, "teaser").style["font_size"]
    assert headline > teaser > max(estimate.FONT_MAX, result.setting.font_size) * 96 / 72
    person = first(found, "person")
    name = next(b for b in person.descendants() if b.element_tag == "strong")
    assert name.style["font_size"] > person.style["font_size"] >= 9 * 96 / 72
    # The interview begins on the cover in at least the smallest share; the plan's estimate reached at least
    # as far down as the layout (the form refuses with the same estimate).
    assert result.measure.cover_ok
    assert result.measure.cover_px >= cover.TEXT_SHARE_MIN * page.height - 1
    anchor_mm = document.pages[0].anchors["cover-text-end"][1] * 25.4 / 96
    assert anchor_mm <= plan.intro_end_mm + 0.5


def test_a_five_sentence_teaser_beside_every_other_field_at_its_limit_keeps_the_list_of_themes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interview = all_at_max("upright")
    Interview.objects.filter(pk=interview.pk).update(is_sample=False)  # a real interview: no demo badge
    interview = Interview.objects.get(pk=interview.pk)
    plan = cover.plan(fitting.load_source(interview))
    # The Steckbrief runs into one paragraph below both columns; the themes stay beside the teaser.
    assert plan.fits and plan.themes and plan.factbox == cover.RUN_IN

    result = fitting.fit(interview, remember=False)

    found = boxes(result.document)
    titles = {b.element for b in first(found, "cover-themes").descendants() if b.element_tag == "li"}
    assert len(titles) == 4
    assert_blocks_apart_and_on_the_paper(result.document, ["portrait", "cover-themes"])
    cover_text = normalise(pdf_pages_text(result.pdf)[0])
    assert normalise(richtext.plain_text(FIVE_SENTENCES)) in cover_text and normalise(CATEGORY) in cover_text
    assert result.measure.cover_ok
    assert result.document.pages[0].anchors["cover-text-end"][1] * 25.4 / 96 <= plan.intro_end_mm + 0.5


THEME_TITLE = at_length("Klimaneutrale Wärmeplanung, Quartierskonzepte und Energieversorgung im ländlichen Raum ", 200)


def with_long_theme_titles(interview, length=200):
    """``interview`` with its four themes' titles ``length`` characters long (the model's limit: 200)."""
    for number, theme in enumerate(Theme.objects.filter(questions__interview=interview).distinct()):
        Theme.objects.filter(pk=theme.pk).update(title=f"{number} {THEME_TITLE}"[:length].strip())
    assert Theme._meta.get_field("title").max_length == len(THEME_TITLE) == 200
    return Interview.objects.get(pk=interview.pk)


@pytest.mark.parametrize("length, place", [(150, cover.BELOW), (200, cover.NONE)])
def test_long_theme_titles_go_below_both_columns_or_leave_the_cover_and_the_interview_begins_on_it(
    settings, tmp_path, length, place
):
    settings.MEDIA_ROOT = tmp_path
    interview = with_long_theme_titles(make_interview("compounds"), length)
    plan = cover.plan(fitting.load_source(interview))
    # The usual sizes: smaller type in the left column would not shorten the right one.
    assert plan.fits and (plan.step, plan.headline, plan.teaser, plan.themes) == (0, 26, 11.5, place)

    result = fitting.fit(interview, remember=False, write=False)

    document = result.document
    found = boxes(document)
    themes = [box for classes, box in found if "cover-themes" in classes]
    assert_blocks_apart_and_on_the_paper(document, ["portrait", *(["cover-themes"] if themes else [])])
    if place == cover.BELOW:
        # Four titles in two rows of two, below both columns.
        items = {}
        for box in themes[0].descendants():
            if box.element_tag == "li" and box.element not in items:
                items[box.element] = (round(box.border_box_x()), round(box.border_box_y()))
        assert len(items) == 4 and len({x for x, _y in items.values()}) == len({y for _x, y in items.values()}) == 2
    else:
        assert themes == []
    # The interview begins on the cover with its first theme head (a title of seven or nine lines).
    assert result.measure.cover_ok
    first_title = fitting.load_source(interview).groups[0]["theme"].title
    heads = [b for classes, b in found if "theme-head" in classes]
    head_text = " ".join(t.text for t in heads[0].descendants() if type(t).__name__ == "TextBox") if heads else ""
    assert normalise(first_title) in normalise(head_text)
    assert document.pages[0].anchors["cover-text-end"][1] * 25.4 / 96 <= plan.intro_end_mm + 0.5


def test_a_first_theme_head_the_cover_cannot_begin_with_is_refused_naming_the_theme(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interview = with_long_theme_titles(all_at_max("upright"))
    source = fitting.load_source(interview)
    assert not cover.plan(source).fits

    refusal = fitting.cover_refusal(source)

    assert refusal.label == "Titelseite zu voll"
    assert refusal.messages[0].startswith("Der Titel und die Leitfrage des ersten Themas („0 Klimaneutrale")


def test_a_usual_cover_keeps_its_usual_sizes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interview = make_interview("compounds")
    plan = cover.plan(fitting.load_source(interview))
    sizes = (plan.step, plan.headline, plan.teaser, plan.name, plan.role, plan.portrait_mm)
    assert sizes == (0, 26, 11.5, 12.5, 10.5, 78)
    assert plan.text_share >= cover.TEXT_SHARE_USUAL


def too_long_teaser():
    return "<p>" + " ".join([FIVE_SENTENCES[3:-4]] * 2) + "</p>"


def test_a_teaser_the_cover_cannot_hold_is_refused_by_the_pdf_with_the_plans_numbers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interview = all_at_max("upright", lead=too_long_teaser())

    with pytest.raises(fitting.PageBudgetError) as refusal:
        fitting.fit(interview, remember=False, write=False)

    assert refusal.value.label == "Titelseite zu voll"
    message = " ".join(refusal.value.messages)
    assert message.startswith(f"Der Teaser hat {len(richtext.plain_text(too_long_teaser()))} Zeichen;")
    # The number it names is the longest beginning of the teaser that the plan fits.
    fits = int(message.split("etwa ")[1].split(" Zeichen")[0])
    words = richtext.plain_text(too_long_teaser()).split()
    shorter = next(n for n in range(len(words), 0, -1) if len(" ".join(words[:n])) == fits)
    source = fitting.load_source(interview)
    source.interview.lead = f"<p>{' '.join(words[:shorter])}</p>"
    assert cover.plan(source).fits
    source.interview.lead = f"<p>{' '.join(words[: shorter + 1])}</p>"
    assert not cover.plan(source).fits


def test_the_form_refuses_that_teaser_on_its_field_and_saves_nothing(settings, tmp_path, client, redaktion_user):
    settings.MEDIA_ROOT = tmp_path
    interview = all_at_max("upright")
    client.force_login(redaktion_user)
    url = change_url(interview)
    data = form_data(client.get(url))

    response = client.post(url, {**data, "lead": too_long_teaser()})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["lead"][0].startswith("Titelseite zu voll: Der Teaser hat")
    assert Interview.objects.get(pk=interview.pk).lead == interview.lead
    # The longest teaser the message allows is accepted.
    allowed = longest_teaser(interview)
    response = client.post(url, {**data, "lead": allowed})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Interview.objects.get(pk=interview.pk).lead == allowed


def test_awards_the_cover_cannot_hold_are_named_in_the_refusal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interview = make_interview("compounds")
    for year in range(2009, 2039):
        Award.objects.create(kommune=interview.kommune, year=year, category=CATEGORY)
    source = fitting.load_source(interview)

    refusal = fitting.cover_refusal(source)

    assert refusal.label == "Titelseite zu voll"
    assert (
        "Steckbrief der Kommune (31 Auszeichnungen) lassen auf der Titelseite des PDFs keinen Platz"
        in (refusal.messages[0])
    )


def test_the_word_import_refuses_a_teaser_the_cover_cannot_hold_and_imports_nothing(settings, tmp_path, redaktion_user):
    from interviews.editorial import wordimport

    settings.MEDIA_ROOT = tmp_path
    interview = all_at_max("upright")
    questions = interview.questions.count()
    item = {"question": "Und was kommt jetzt?", "answer_html": "<p>Das Netz.</p>", "theme_id": None}
    item["theme_id"] = interview.questions.first().theme_id

    with pytest.raises(ValidationError) as refusal:
        wordimport.save_questions(interview, [item], redaktion_user, {"lead": too_long_teaser()})

    assert refusal.value.messages[0].startswith("Titelseite zu voll: Der Teaser hat")
    assert refusal.value.messages[0].endswith("Es wurde nichts importiert.")
    row = Interview.objects.get(pk=interview.pk)
    assert (row.lead, row.questions.count()) == (interview.lead, questions)


def test_the_series_band_at_its_limits_stays_in_the_band_above_a_usual_interview(settings, tmp_path):
    from interviews.models import Series

    settings.MEDIA_ROOT = tmp_path
    interview = make_interview("compounds")
    limits = {name: Series._meta.get_field(name).max_length for name in ("title", "subtitle", "publication_line")}
    Series.objects.filter(pk=interview.series_id).update(
        title=at_length("Mal nachgefragt! Kommunen im Gespräch über Klimaschutz und Klimaanpassung ", limits["title"]),
        subtitle=at_length("Interviews zu Herausforderungen im kommunalen Klimaschutz, ", limits["subtitle"]),
        publication_line=at_length("Kommunaler Klimaschutz in der Praxis ", limits["publication_line"]),
    )
    interview = Interview.objects.get(pk=interview.pk)
    plan = cover.plan(fitting.load_source(interview))
    assert plan.fits and cover.WORDMARK_MIN_PT <= plan.wordmark < cover.WORDMARK_PT

    result = fitting.fit(interview, remember=False, write=False)

    found = boxes(result.document)
    band = border_box(first(found, "cover-band"))
    page = result.document.pages[0]._page_box
    band_lines = [b for b in first(found, "cover-band").descendants() if type(b).__name__ == "TextBox"]
    assert all(band[1] <= b.position_y and b.position_y + b.height <= band[1] + band[3] for b in band_lines)
    right = page.content_box_x() + page.width
    assert [b.text for b in band_lines if b.position_x + b.width > right + 0.5] == []
    wordmark = first(found, "wordmark")
    assert wordmark.style["font_size"] == pytest.approx(plan.wordmark * 96 / 72)
    assert result.measure.cover_ok
    anchor_mm = result.document.pages[0].anchors["cover-text-end"][1] * 25.4 / 96
    assert anchor_mm <= plan.intro_end_mm + 0.5


def test_a_teaser_with_a_list_and_line_breaks_is_estimated_at_least_as_long_as_it_is_set(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    items = ["Wärmeplanung", "Radverkehrskonzept", "Stelle für das Klimaschutzmanagement", "Netzwerk", "Fördermittel"]
    lead = "<p>Was die Verbandsgemeinde beschlossen hat:<br>fünf Jahre, fünf Vorhaben.</p><ul>"
    lead += "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    interview = all_at_max("landscape", lead=lead)
    source = fitting.load_source(interview)
    while not cover.plan(source).fits:  # drop list items from the end until the form would accept it
        assert source.interview.lead.count("<li>") > 1
        source.interview.lead = source.interview.lead.rsplit("<li>", 1)[0] + "</ul>"
    Interview.objects.filter(pk=interview.pk).update(lead=source.interview.lead)
    plan = cover.plan(source)

    result = fitting.fit(Interview.objects.get(pk=interview.pk), remember=False, write=False)

    anchor_mm = result.document.pages[0].anchors["cover-text-end"][1] * 25.4 / 96
    assert result.measure.cover_ok and anchor_mm <= plan.intro_end_mm + 0.5


# --- One source for the cover's design -------------------------------------------------------------------

# The cover's design in cover.py, changed: print.css has none of these numbers, so the layout follows.
CHANGED_DESIGN = {
    "MARGIN_SIDE_MM": 18,
    "MARGIN_BOTTOM_MM": 20,
    "BAND_TOP_MM": 20,
    "SIDE_MM": 52,
    "SIDE_GAP_MM": 12,
    "FACTBOX_LABEL_MM": 30,
    "THEME_INDENT_MM": 8,
}


@pytest.mark.parametrize("design", [{}, CHANGED_DESIGN], ids=["as designed", "changed in cover.py"])
def test_the_covers_boxes_follow_the_design_constants_of_cover_py(settings, tmp_path, monkeypatch, design):
    settings.MEDIA_ROOT = tmp_path
    for name, value in design.items():
        monkeypatch.setattr(cover, name, value)
    interview = make_interview("compounds")

    document, _measure = fitting.Renderer(fitting.load_source(interview)).layout(estimate.Setting(0.5))

    found = boxes(document)
    page = document.pages[0]._page_box
    assert page.margin_top == pytest.approx(cover.MARGIN_TOP_MM * MM, abs=0.1)
    assert page.margin_left == page.margin_right == pytest.approx(cover.MARGIN_SIDE_MM * MM, abs=0.1)
    assert page.margin_bottom == pytest.approx(cover.MARGIN_BOTTOM_MM * MM, abs=0.1)
    # The band runs across the paper; its first line begins BAND_TOP_MM below its top.
    band = first(found, "cover-band")
    assert band.border_width() == pytest.approx(page.margin_width(), abs=0.1)
    assert lines(band)[0].position_y - band.border_box_y() == pytest.approx(cover.BAND_TOP_MM * MM, abs=0.1)
    # The right-hand column and the portrait are SIDE_MM wide, SIDE_GAP_MM beside the left column.
    side, main = first(found, "cover-side"), first(found, "cover-main")
    image = next(b for b in first(found, "portrait").descendants() if b.element_tag == "img")
    assert side.width == image.width == pytest.approx(cover.SIDE_MM * MM, abs=0.1)
    assert side.border_box_x() + side.border_width() == pytest.approx(page.content_box_x() + page.width, abs=0.1)
    assert side.border_box_x() - (main.content_box_x() + main.width) == pytest.approx(cover.SIDE_GAP_MM * MM, abs=0.1)
    assert main.width == pytest.approx(page.width - (cover.SIDE_MM + cover.SIDE_GAP_MM) * MM, abs=0.1)
    # The Steckbrief's values stand FACTBOX_LABEL_MM right of its labels; a theme's title THEME_INDENT_MM in.
    factbox = first(found, "factbox")
    label = next(b for b in factbox.descendants() if b.element_tag == "dt")
    value = next(b for b in factbox.descendants() if b.element_tag == "dd")
    assert value.content_box_x() - label.border_box_x() == pytest.approx(cover.FACTBOX_LABEL_MM * MM, abs=0.1)
    theme = next(b for b in first(found, "cover-themes").descendants() if b.element_tag == "li")
    assert lines(theme)[0].position_x - theme.border_box_x() == pytest.approx(cover.THEME_INDENT_MM * MM, abs=0.1)
