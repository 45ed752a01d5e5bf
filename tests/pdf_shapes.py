"""Interviews of different shapes for the PDF tests, and helpers to read PDFs.

Answers are built from plain German sentences, deterministic (seeded), so the
tests can check that every word of every answer is in the PDF.
"""

import io
import random
import re

from pypdf import PdfReader

from core import richtext
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
    sentences = []
    count = 0
    while count < words:
        sentence = rng.choice(pool)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def answer_html(rng, words, shape):
    pool = SENTENCES + COMPOUNDS if shape == "compounds" else SENTENCES
    if shape == "lists":
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


SHAPES = {
    # name: (questions, words per answer, themes, portrait, pull quotes)
    "compounds": (10, 215, 4, True, True),
    "many_short": (30, 58, 4, True, False),
    "few_long": (3, 760, 3, True, True),
    "lists": (10, 190, 4, True, True),
    "no_portrait": (8, 205, 4, False, True),
}


def portrait_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 1500), (30, 110, 160)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_interview(shape="compounds", words_per_answer=None, questions=None, seed=4, **fields):
    """An interview of ``shape`` (see SHAPES) with a Kommune, awards, themes and a series."""
    from django.core.files.base import ContentFile

    count, per_answer, theme_count, with_portrait, with_quotes = SHAPES[shape]
    count = questions or count
    per_answer = words_per_answer or per_answer
    rng = random.Random(seed)
    themes = [
        ThemeFactory(title=title, print_color=color)
        for title, color in [
            ("Verankerung und Wirkung", "100,35,0,15"),
            ("Klimapolitik im Arbeitsalltag", "0,65,100,0"),
            ("Klimaneutrale Wärmeplanung", "0,95,85,5"),
            ("Personal und Finanzen", "75,0,100,10"),
        ][:theme_count]
    ]
    series = SeriesFactory(themes=themes)
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
    if with_portrait:
        interview.portrait.save("portrait.jpg", ContentFile(portrait_bytes()), save=False)
        interview.portrait_alt = "Porträt: Person vor blauem Hintergrund"
        interview.photo_credit = "Testarchiv"
        interview.save()
    for position in range(count):
        answer = answer_html(rng, per_answer, shape)
        quote = ""
        if with_quotes and position % 3 == 1:
            quote = richtext.plain_text(answer).split(". ")[0].rstrip(".") + "."
        QuestionFactory(
            interview=interview,
            theme=themes[position * theme_count // count],
            position=position + 1,
            question=f"Frage {position + 1}: Wie gehen Sie mit dieser Herausforderung im Alltag um?",
            answer=answer,
            pull_quote=quote,
        )
    return interview


def normalise(text):
    """Text without whitespace, hyphens and soft hyphens (undoes hyphenation and line breaks)."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def pdf_pages_text(data, margin_texts=()):
    """The text of every page, with running headers and footers (also upper-cased) removed."""
    reader = PdfReader(io.BytesIO(data))
    texts = []
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        margins = [f"Seite {number} von {total}", *MARGIN_TEXTS, *margin_texts]
        for margin in margins + [text.upper() for text in margin_texts]:
            text = text.replace(margin, "")
        texts.append(text)
    return texts


def missing_texts(interview, data, margin_texts=()):
    """Questions and answer blocks of ``interview`` whose text is not found in the PDF."""
    body = normalise("".join(pdf_pages_text(data, margin_texts)[1:-1]))
    missing = []
    for question in interview.questions.all():
        if normalise(question.question) not in body:
            missing.append(question.question)
        blocks = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", richtext.sanitize(question.answer), flags=re.S)
        for block in blocks:
            text = richtext.plain_text(f"<p>{block}</p>")
            if normalise(text) not in body:
                missing.append(text[:80])
    return missing
