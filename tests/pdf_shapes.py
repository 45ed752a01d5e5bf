"""Interviews of different shapes for the PDF tests, and helpers to read PDFs.

Answers are built from plain German sentences, deterministic (seeded), so the
tests can check that every word of every answer is in the PDF.
"""

import functools
import io
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from core import richtext
from interviews.models import Question
from municipalities.models import Award
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory

SENTENCES = [
    "Der Klimaschutz ist bei uns als Querschnittsaufgabe in allen Fachbereichen verankert.",
    "Eine Stabsstelle koordiniert die Arbeit und berichtet direkt an die Verwaltungsspitze.",
    "Jede Beschlussvorlage enthält eine kurze Abschätzung der Klimawirkung.",
    "Die Energieverbräuche der kommunalen Liegenschaften werden monatlich ausgewertet.",
    "Sichtbare Wirkung zeigt sich vor allem bei der Sanierung von Schulen und Kindertagesstätten.",
    "Förderprogramme sind hilfreich, aber die Antragsverfahren binden viel Arbeitszeit.",
    "Die kommunale Wärmeplanung schafft Orientierung für Bürgerinnen, Bürger und Unternehmen.",
    "Im ländlichen Raum spielen Nahwärmenetze und Biomasse eine größere Rolle als in der Stadt.",
    "Die Kämmerei bezieht heute auch die Folgekosten unterlassener Maßnahmen ein.",
    "Qualifizierte Fachkräfte sind schwer zu finden, die Konkurrenz mit der Privatwirtschaft ist groß.",
    "Netzwerke wie der Arbeitskreis helfen, Erfahrungen schnell auszutauschen.",
    "Entscheidend ist, dass auf die Planung auch Umsetzungsschritte folgen.",
]

COMPOUNDS = [
    "Die Treibhausgasminderungsquote steht im Klimaschutzinvestitionsprogramm ganz oben.",
    "Das Liegenschaftsenergiemanagement begleitet die Straßenbeleuchtungsmodernisierung.",
    "Photovoltaikfreiflächenanlagen und die Fernwärmeausbaustrategie ergänzen sich.",
    "Die Bundesförderungsrichtlinie verlangt eine ausführliche Wirtschaftlichkeitsuntersuchung.",
    "Energieeffizienzmaßnahmen im Verwaltungsgebäudebestand sparen Betriebskosten.",
]

MARGIN_TEXTS = ["Beispieltext (Demo-Inhalt)", "Vorschau – nicht veröffentlicht", "VORSCHAU"]


def paragraph(rng, words, pool):
    """Sentences from ``pool`` with exactly ``words`` words (the last one cut short if needed)."""
    out = []
    while len(out) < words:
        out.extend(rng.choice(pool).split())
    out = out[:words]
    out[-1] = out[-1].rstrip(".,") + "."
    return " ".join(out)


# A question of 25 words (issue 19: 24 answers whose questions run to 25 words each).
QUESTION_OF_25_WORDS = (
    "Wie gelingt es Ihnen, die Aufgaben im Klimaschutz mit den knappen Mitteln der Verwaltung, "
    "den Erwartungen der Bürgerschaft und den Vorgaben des Landes zu verbinden?"
)

LONG_QUESTIONS = [
    "Wie verändert die Treibhausgasminderungsquote die Klimaschutzinvestitionsprogrammplanung Ihrer Kreisverwaltung?",
    "Welche Rolle spielen Liegenschaftsenergiemanagement und Straßenbeleuchtungsmodernisierung?",
    "Was bedeutet die Bundesförderungsrichtlinie für Ihre Wirtschaftlichkeitsuntersuchungen?",
]


def answer_html(rng, words, style):
    pool = SENTENCES + COMPOUNDS if style == "compounds" else SENTENCES
    if style == "lists":
        items = "".join(f"<li>{paragraph(rng, 9, pool)}</li>" for _ in range(4))
        rest = max(20, words - 50)
        return f"<p>{paragraph(rng, rest // 2, pool)}</p><ul>{items}</ul><p>{paragraph(rng, rest // 2, pool)}</p>"
    paragraphs = []
    remaining = words
    while remaining > 0:
        size = min(remaining, rng.randint(45, 90))
        paragraphs.append(f"<p>{paragraph(rng, size, pool)}</p>")
        remaining -= size
    return "".join(paragraphs)


@dataclass(frozen=True)
class Shape:
    """How an interview's answer words are spread."""

    questions: int
    words: int  # answer words in all (default size)
    themes: int = 4
    portrait: bool = True
    quotes: bool = True
    # "plain", "lists" (bulleted lists), "compounds" (long compounds, also in questions) or
    # "long_questions" (every question 25 words)
    style: str = "plain"
    weights: tuple = ()  # relative size of each answer (default: all equal)
    theme_share: tuple = ()  # relative number of questions per theme, themes in order (default: equal)
    quote_every: int = 3  # a pull quote in every n-th answer (with ``quotes``)
    question_words: int = 0  # words of every question (0: the style's questions)
    figures: tuple = ()  # (width, height) of each project photo, in px


SHAPES = {
    "compounds": Shape(10, 2400, style="compounds"),
    "many_short": Shape(30, 1800, quotes=False),
    "very_many_short": Shape(46, 2400, quotes=False),
    "few_long": Shape(5, 2600),
    "lists": Shape(10, 2300, style="lists"),
    "no_portrait": Shape(8, 2200, portrait=False),
    # Theme 1 holds more than half of all words.
    "dominant_theme": Shape(12, 2400, weights=(3,) * 6 + (1,) * 6, theme_share=(6, 2, 2, 2)),
    "one_long_answer": Shape(9, 2300, weights=(1, 1, 1, 1, 8.5, 1, 1, 1, 1)),
    "three_themes": Shape(9, 2200, themes=3),
    "long_questions": Shape(24, 3000, quotes=False, style="long_questions"),
    # Many short answers, a pull quote in every third.
    "quote_heavy": Shape(40, 3000),
}


def portrait_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 1500), (30, 110, 160)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def answer_sizes(shape, words):
    """Answer words per question: ``words`` in all, spread by the shape's weights."""
    weights = shape.weights or (1,) * shape.questions
    total = sum(weights)
    sizes = [max(10, round(words * weight / total)) for weight in weights]
    sizes[-1] += words - sum(sizes)
    return sizes


def theme_of_questions(shape, count):
    """The theme index (0-based) of each of ``count`` questions, themes in order."""
    share = shape.theme_share or (1,) * shape.themes
    bounds, running = [], 0
    for part in share:
        running += part
        bounds.append(running * count / sum(share))
    return [next(t for t, bound in enumerate(bounds) if position < bound) for position in range(count)]


# What an editor can save as a pull quote (``Question.pull_quote``).
QUOTE_MAX = Question._meta.get_field("pull_quote").max_length


def question_rows(spec, sizes, seed=4):
    """(theme index, question, answer HTML, pull quote) of every question: deterministic for ``seed``."""
    rng = random.Random(seed)
    theme_index = theme_of_questions(spec, len(sizes))
    rows = []
    for position, size in enumerate(sizes):
        answer = answer_html(rng, size, spec.style)
        quote = ""
        if spec.quotes and position % spec.quote_every == 1 % spec.quote_every:
            quote = richtext.plain_text(answer).split(". ")[0].rstrip(".") + "."
            if len(quote) > QUOTE_MAX:  # a long first sentence (real prose): its longest beginning of whole words
                quote = quote[: QUOTE_MAX + 1].rsplit(" ", 1)[0]
        question = f"Frage {position + 1}: Wie gehen Sie mit dieser Herausforderung im Alltag um?"
        if spec.style == "compounds" and position % 3 == 0:
            question = f"Frage {position + 1}: {LONG_QUESTIONS[position // 3 % len(LONG_QUESTIONS)]}"
        if spec.style == "long_questions":
            question = QUESTION_OF_25_WORDS
        if spec.question_words:
            question = paragraph(rng, spec.question_words, SENTENCES).rstrip(".") + "?"
        rows.append((theme_index[position], question, answer, quote))
    return rows


def figure_caption(position):
    return f"Projekt {position}: die neue Anlage am Ortsrand.", f"Foto: Archiv {position}"


def make_interview(shape="compounds", words_per_answer=None, questions=None, seed=4, words=None, pages=6, **fields):
    """An interview of ``shape`` (a name of SHAPES, or a Shape) with a Kommune, awards, themes and a series
    of ``pages`` pages, and the shape's project figures.

    ``words``: answer words in all (default: the shape's); ``words_per_answer``
    and ``questions`` instead give equal answers of that size.
    """
    from django.core.files.base import ContentFile

    from tests.factories import FigureFactory

    spec = SHAPES[shape] if isinstance(shape, str) else shape
    if words_per_answer or questions:
        count = questions or spec.questions
        sizes = [words_per_answer or round(spec.words / count)] * count
    else:
        sizes = answer_sizes(spec, words or spec.words)
    themes = [
        ThemeFactory(title=title, print_color=color)
        for title, color in [
            ("Verankerung und Wirkung", "100,35,0,15"),
            ("Klimapolitik im Arbeitsalltag", "0,65,100,0"),
            ("Klimaneutrale Wärmeplanung", "0,95,85,5"),
            ("Personal und Finanzen", "75,0,100,10"),
        ][: spec.themes]
    ]
    series = SeriesFactory(themes=themes, pages_per_part=pages)
    kommune = KommuneFactory(name="Ilm-Kreis", kind="landkreis", population=106000)
    Award.objects.create(kommune=kommune, year=2021, category="Klimaschutz durch Kooperation")
    values = {
        "series": series,
        "part": 4,
        "kommune": kommune,
        "title": "Klimaschutz als Gemeinschaftsaufgabe",
        "interviewee_name": "Felix Beispiel",
        "interviewee_role": "Klimaschutzmanager des Landkreises",
        "lead": "<p>Ein Landkreis zeigt, wie Klimaschutz gemeinsam gelingt. Zwei Sätze Teaser genügen hier.</p>",
        **fields,
    }
    interview = InterviewFactory(**values)
    if spec.portrait:
        interview.portrait.save("portrait.jpg", ContentFile(portrait_bytes()), save=False)
        interview.portrait_alt = "Porträt: Person vor blauem Hintergrund"
        interview.photo_credit = "Testarchiv"
        interview.save()
    for position, (theme, question, answer, quote) in enumerate(question_rows(spec, sizes, seed)):
        QuestionFactory(
            interview=interview,
            theme=themes[theme],
            position=position + 1,
            question=question,
            answer=answer,
            pull_quote=quote,
        )
    for position, (width, height) in enumerate(spec.figures, start=1):
        caption, credit = figure_caption(position)
        FigureFactory(
            interview=interview,
            position=position,
            caption=caption,
            credit=credit,
            image__width=width,
            image__height=height,
        )
    return interview


# Photo sizes (px) of generated shapes: from a 2.9:1 banner to a 9:16 upright.
PHOTOS = [(2000, 700), (1600, 900), (1500, 1000), (1000, 1000), (900, 1200), (810, 1440)]


# The page budget the generated shapes are drawn inside: the one of 5 December 2026 (main at 03:45 UTC,
# before paragraph breaks counted), frozen here so that a seed draws the same shape whatever the budget
# counts today (tests, benches and notes compare seeds across changes). The tests judge every shape
# with today's budget (``fitting.word_budget_error``): it may refuse a few of them.
DRAWN_RANGE = (2370, 3850)  # Satzwörter of six pages (four body pages)
DRAWN_FIGURE_WORDS = (95, 168)  # a figure against the top, against the bottom
DRAWN_QUESTION_SPACE, DRAWN_QUOTE = 10, (2.2, 24)


def drawn_inside(pages, rows, captions):
    """Whether ``rows`` ((theme, question, answer, quote)) and figures with ``captions`` ((caption, credit))
    lie inside ``DRAWN_RANGE`` scaled to ``pages`` pages, counted as the budget counted then."""
    words = short_room = 0
    for _theme, question, answer, quote in rows:
        text = richtext.plain_text(answer)
        items = len(re.findall(r"<li[\s>]", answer))
        words += max(len(text.split()), round(len(text) / 8.6)) + 5 * items
        words += len(question.split()) + DRAWN_QUESTION_SPACE
        if quote:
            short_room += round(DRAWN_QUOTE[0] * len(quote.split())) + DRAWN_QUOTE[1]
    for caption, credit in captions:
        words += DRAWN_FIGURE_WORDS[0] + len(f"{caption} Foto: {credit}".split())
        short_room += DRAWN_FIGURE_WORDS[1] - DRAWN_FIGURE_WORDS[0]
    low, high = (round(n * (pages - 2) / 4) for n in DRAWN_RANGE)
    return words <= high and words + short_room >= low


def generated_shape(seed):
    """A random interview shape inside the page budget of its page count: (Shape, pages), deterministic.

    1,500-3,500 answer words in 12-40 answers of uneven length, short, long or 25-word questions,
    pull quotes in every second to fifth answer or none, 0-3 figures of any of ``PHOTOS``, a
    portrait or none, three or four themes, 5, 6 or 8 pages. Shapes outside ``DRAWN_RANGE`` are
    drawn again; today's budget may refuse a few of the others (the fit then refuses them before
    any layout, with a German message).
    """
    rng = random.Random(seed)
    while True:
        pages = rng.choice((5, 6, 6, 6, 8))
        questions = rng.randint(12, 40)
        themes = rng.choice((3, 4, 4))
        spec = Shape(
            questions=questions,
            words=rng.randint(1500, 3500),
            themes=themes,
            portrait=rng.random() < 0.7,
            quotes=rng.random() < 0.6,
            style=rng.choice(("plain", "plain", "compounds", "lists")),
            weights=tuple(round(rng.uniform(0.3, 2.5), 2) for _ in range(questions)),
            theme_share=tuple(rng.randint(1, 4) for _ in range(themes)),
            quote_every=rng.choice((2, 3, 5)),
            question_words=rng.choice((0, 0, 8, 15, 25)),
            figures=tuple(rng.choice(PHOTOS) for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))),
        )
        rows = question_rows(spec, answer_sizes(spec, spec.words), seed)
        if drawn_inside(pages, rows, [figure_caption(position) for position in range(1, len(spec.figures) + 1)]):
            return spec, pages


# Paragraphs of recut variants, in words (None: each run of paragraphs one paragraph): a pasted
# transcript, interview answers, one paragraph an answer.
CUTS = {"transcript": (8, 25), "answers": (20, 45), "one": None}


def recut(html, rng, sizes):
    """``html`` with each run of paragraphs joined and cut again into paragraphs of ``sizes`` words."""

    def cut(match):
        words = richtext.plain_text(match.group(0)).split()
        pieces, start = [], 0
        while start < len(words):
            size = rng.randint(*sizes) if sizes else len(words)
            pieces.append(" ".join(words[start : start + size]))
            start += size
        return "".join(f"<p>{piece}</p>" for piece in pieces)

    return re.sub(r"(?:<p>.*?</p>)+", cut, html)


def pushed(spec, pages, seed, sizes, end, offset=15):
    """The rows (theme, question, answer, quote) of ``spec`` with its paragraphs cut into ``sizes`` words (as
    ``recut``) and its answer words scaled until the page budget (``fitting.text_units``) puts it ``offset``
    Satzwörter inside ``end`` of its range: "top", "bottom", or "top before" (the top of the range before
    paragraph breaks counted: 3,850 Satzwörter without them on six pages). None when the answers'
    smallest size keeps it above."""
    from interviews import pdf

    low, high = pdf.word_range(pages)
    captions = [figure_caption(position) for position in range(1, len(spec.figures) + 1)]
    words = spec.words
    for _step in range(10):
        rng = random.Random(f"{seed}-{sizes}-{words}")
        rows = [
            (theme, question, recut(answer, rng, sizes), quote)
            for theme, question, answer, quote in question_rows(spec, answer_sizes(spec, words), seed)
        ]
        themes = len({row[0] for row in rows})
        units, short_room = pdf.text_units([row[1:] for row in rows], captions, spec.portrait, themes)
        if end == "top":
            have, goal = units, high - offset
        elif end == "bottom":
            have, goal = units + short_room, low + offset
        else:
            breaks = sum(pdf.fitting.paragraph_breaks(row[2]) for row in rows)
            have, goal = units - pdf.fitting.PARAGRAPH_WORDS * breaks, round(3850 * (pages - 2) / 4)
        if abs(have - goal) <= 15:
            return rows
        words = max(10 * spec.questions, round(words * goal / have))
    return None


def set_rows(interview, rows):
    """Give ``interview``'s questions, in order, the question, answer and pull quote of ``rows``; its ``Source``."""
    from interviews import pdf
    from interviews.models import Question

    questions = interview.questions.order_by("position")
    for question, (_theme, text, answer, quote) in zip(questions, rows, strict=True):
        Question.objects.filter(pk=question.pk).update(question=text, answer=answer, pull_quote=quote)
    return pdf.load_source(interview)


def real_prose(seed):
    """A shape of real prose nobody wrote for the tests, kept as a fixture (tests/fixtures/real_prose_<seed>.json:
    the shape, pages and rows of seed ``seed`` of ``bench.fit_sweep --sentences``): (the fixture's data, the
    interview, its ``Source``)."""
    data = json.loads((Path(__file__).parent / "fixtures" / f"real_prose_{seed}.json").read_text())
    fields = {key: tuple(map(tuple, value)) if key == "figures" else value for key, value in data["shape"].items()}
    spec = Shape(**{key: tuple(value) if isinstance(value, list) else value for key, value in fields.items()})
    interview = make_interview(spec, pages=data["pages"], seed=data["seed"])
    return data, interview, set_rows(interview, [(None, *row) for row in data["rows"]])


def normalise(text):
    """Text without whitespace, hyphens and soft hyphens (undoes hyphenation and line breaks)."""
    return re.sub(r"[\s\-\u2010\u00ad\u200b]+", "", text)


@functools.lru_cache(maxsize=32)
def page_texts(data):
    """The text of every page of the PDF ``data``, as pypdf extracts it (a tuple).

    Remembered by the bytes: many tests read the same shared PDF, and pypdf's
    extraction takes longer than some of the layouts.
    """
    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages_text(data, margin_texts=()):
    """The text of every page, with running headers and footers (also upper-cased) removed."""
    texts = []
    total = len(page_texts(data))
    for number, text in enumerate(page_texts(data), start=1):
        margins = [f"Seite {number} von {total}", *MARGIN_TEXTS, *margin_texts]
        for margin in margins + [text.upper() for text in margin_texts]:
            text = text.replace(margin, "")
        texts.append(text)
    return texts


def missing_texts(interview, data, margin_texts=()):
    """Questions and answer blocks of ``interview`` whose text is not found in the PDF.

    The interview runs from the cover to the page before the back page. The
    cover's list of themes is read out after the cover's columns, and list
    bullets after a page's text: both are taken out first (theme titles are
    in no question or answer; a bullet in an answer's own text is taken out of
    it too).
    """
    text = "".join(pdf_pages_text(data, margin_texts)[:-1]).replace("•", "")
    for title in {question.theme.title for question in interview.questions.select_related("theme")}:
        text = text.replace(title, "")
    body = normalise(text)
    missing = []
    for question in interview.questions.all():
        if normalise(question.question) not in body:
            missing.append(question.question)
        blocks = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", richtext.sanitize(question.answer), flags=re.S)
        for block in blocks:
            text = richtext.plain_text(f"<p>{block}</p>")
            if normalise(text.replace("•", "")) not in body:
                missing.append(text[:80])
    return missing


def boxes(box):
    """``box`` and every box below it in the layout tree (WeasyPrint), in order."""
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


def figure_photos(document):
    """{figure index: (page index, img box)} of the project figures' photos in the layout tree."""
    from interviews.pdf.fitting import figure_index

    found = {}
    for page_index, page in enumerate(document.pages):
        for box in boxes(page._page_box):
            index = figure_index(box.element) if box.element_tag == "figure" else None
            if index is not None and type(box).__name__ != "InlineBox":
                photo = next((child for child in boxes(box) if child.element_tag == "img"), None)
                if photo is not None:
                    found[index] = (page_index, photo)
    return found


def layout_boxes(document):
    """Every box of every page of a laid-out document: page, kind, text, and position and size in px."""
    return [
        (
            (index, type(box).__name__, getattr(box, "text", None)),
            (box.position_x, box.position_y, getattr(box, "width", 0) or 0, getattr(box, "height", 0) or 0),
        )
        for index, page in enumerate(document.pages)
        for box in boxes(page._page_box)
    ]


def assert_same_layout(one, other, tolerance=1e-3):
    """Two laid-out documents have the same boxes with the same texts, placed and sized alike (within
    ``tolerance`` px: floating-point rounding where a box was moved rather than laid out in place)."""
    first, second = layout_boxes(one), layout_boxes(other)
    assert len(first) == len(second)
    for (kind, numbers), (other_kind, other_numbers) in zip(first, second, strict=True):
        assert kind == other_kind
        assert max(abs(a - b) for a, b in zip(numbers, other_numbers, strict=True)) <= tolerance, (kind, numbers)
    return len(first)


def end_page(document):
    """The index of the page where the interview's text ends (its ``body-end`` anchor)."""
    return next(i for i, page in enumerate(document.pages) if "body-end" in page.anchors)


def full_page_gaps(document):
    """(page index, gap px) of every column of the full body pages (after the cover, before the page where
    the text ends): where its ink ends against the page's text bottom (the top of the full-width figures at
    its foot, else the foot of the type area). Measured by the tests on their own (not with ``columns``): a block with
    lines ends with its last line (WeasyPrint stretches the box of a paragraph that goes on in the next
    column down to the foot, also when it kept lines back for it), any other with its lowest box."""

    def lowest(box):
        lines = [child for child in getattr(box, "children", []) if type(child).__name__ == "LineBox"]
        if lines:
            return lines[-1].position_y + lines[-1].height
        bottom = box.position_y + box.margin_height() - box.margin_bottom if box.margin_height() else 0.0
        children = getattr(box, "children", [])
        return max(lowest(child) for child in children) if children else bottom

    gaps = []
    for index in range(1, end_page(document)):
        page = document.pages[index]._page_box
        area = next((box for box in page.children if type(box).__name__ == "FootnoteAreaBox" and box.children), None)
        foot = area.position_y if area is not None else page.content_box_y() + page.height
        gaps += [(index, foot - lowest(box)) for box in boxes(page) if getattr(box, "is_column", False)]
    return gaps


def alt_texts(node):
    """The alternative texts (/Alt) in a PDF's tag structure below ``node`` (pikepdf), in order."""
    import pikepdf

    if isinstance(node, pikepdf.Dictionary):
        if "/Alt" in node:
            yield str(node.Alt)
        yield from alt_texts(node.get("/K"))
    elif isinstance(node, pikepdf.Array):
        for child in node:
            yield from alt_texts(child)
