"""The room each kind of block takes at the bottom of the page budget, measured with real layouts.

    python -m bench.bottom_room [--seeds 400-479] [--offsets -80 15 110] [--no-figures] [--out var/bottom-room]

Every generated shape (``tests.pdf_shapes.generated_shape``; ``--no-figures``: without its figures)
twice: as drawn, and with the portrait flipped and its paragraphs cut again (a transcript's 8-25
words, one an answer, 20-45 words, by seed). Each is scaled until the page budget puts it
``offset`` Satzwörter above the bottom of its range (``fitting.text_units``: the words plus the
room that counts against a short text; the offsets taken in turn by seed) and laid out once at the
largest setting (``Setting(1.0)``: 10 pt, the airiest spaces, every pull quote, figures full width),
where a short text is longest. What it measures is the columns its text fills there (two a body
page and the cover's ``COVER_COLUMNS``).

Per variant: the counts of each kind of block, the room in Satzwörter (the bottom's own formula,
``fitting.word_range``, at the measured columns, without its margin), what the budget counts against
the bottom and the fill of the last text page. Then the least squares of the columns on the kinds
(answers' words, questions' characters, questions, paragraph breaks, list items, pull quotes and
their words, figures, theme heads, no portrait, and a constant), given in Satzwörter: the room of
each kind against an answer's word, the words a column holds (1 / the answers' coefficient) and
what does not grow with the pages (the constant); the budget's miss (room less counted) of every
variant; and the variants the budget calls „im Rahmen“ whose last page the fit would refuse (less
than ``FILL_FALLBACK_LAST``), or that it refuses though they fill ``FILL_MIN_LAST``.
"""

import argparse
import dataclasses
import math
import re

from bench.workspace import own_database

KINDS = (
    "answer_words",
    "question_chars",
    "questions",
    "breaks",
    "list_items",
    "quotes",
    "quote_words",
    "figures",
    "themes",
    "no_portrait",
    "body_pages",
)


def kinds(source):
    """How many of each kind of block ``source`` prints (``KINDS``)."""
    from core import richtext
    from interviews.pdf import fitting

    counts = dict.fromkeys(KINDS, 0)
    for question in source.questions:
        text = richtext.plain_text(question.answer)
        words = len(text.split())
        beyond = fitting.LONG_WORDS_FACTOR * max(0.0, len(text) / fitting.CHARS_PER_WORD - words)
        counts["answer_words"] += words + math.floor(beyond + 0.5)
        counts["question_chars"] += len(" ".join(question.question.split()))
        counts["questions"] += 1
        counts["breaks"] += fitting.paragraph_breaks(question.answer)
        counts["list_items"] += len(re.findall(r"<li[\s>]", question.answer, re.IGNORECASE))
    for question in source.body_quotes:
        counts["quotes"] += 1
        counts["quote_words"] += len(question.pull_quote.split())
    counts["figures"] = len(source.figures)
    counts["themes"] = len(source.groups)
    counts["no_portrait"] = int(not source.interview.portrait)
    counts["body_pages"] = source.interview.pages - 2
    return counts


def measure_variant(shape, pages, seed, sizes, offset, slug):
    """One variant laid out at the largest setting: a dict of its kinds, room, counted units and fill, or None."""
    from django.db import transaction

    from interviews import pdf
    from interviews.pdf.estimate import Setting
    from interviews.pdf.fitting import COVER_COLUMNS, Renderer
    from tests.pdf_shapes import make_interview, pushed, set_rows

    rows = pushed(shape, pages, seed, sizes, "bottom", offset)
    if rows is None:
        return None
    with transaction.atomic():
        interview = make_interview(shape, pages=pages, seed=seed, slug=slug)
        source = set_rows(interview, rows)
        words, short_room = pdf.fitting.source_units(source)
        _document, m = Renderer(source).layout(Setting(1.0))
        transaction.set_rollback(True)
    row = kinds(source)
    columns = 2 * m.length + COVER_COLUMNS
    row.update(
        seed=seed,
        pages=pages,
        columns=columns,
        room=round(pdf.fitting.BOTTOM_COLUMN_WORDS * columns - pdf.fitting.BOTTOM_FIXED_WORDS),
        counted=words + short_room,
        low=pdf.word_range(pages)[0],
        fill=m.length - (pages - 3),
    )
    return row


def least_squares(rows, names, target="columns"):
    """Coefficients of ``names`` and a constant that fit ``row[target]`` best (normal equations)."""
    matrix = [[float(row[name]) for name in names] + [1.0] for row in rows]
    target = [float(row[target]) for row in rows]
    size = len(names) + 1
    normal = [[sum(r[i] * r[j] for r in matrix) for j in range(size)] for i in range(size)]
    right = [sum(r[i] * t for r, t in zip(matrix, target, strict=True)) for i in range(size)]
    for column in range(size):  # Gauss-Jordan with partial pivoting
        pivot = max(range(column, size), key=lambda r: abs(normal[r][column]))
        normal[column], normal[pivot] = normal[pivot], normal[column]
        right[column], right[pivot] = right[pivot], right[column]
        if abs(normal[column][column]) < 1e-9:
            continue
        for other in range(size):
            if other != column:
                factor = normal[other][column] / normal[column][column]
                normal[other] = [a - factor * b for a, b in zip(normal[other], normal[column], strict=True)]
                right[other] -= factor * right[column]
    return [right[i] / normal[i][i] if abs(normal[i][i]) >= 1e-9 else 0.0 for i in range(size)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="400-479", help="first-last (inclusive)")
    parser.add_argument("--offsets", type=int, nargs="*", default=[-80, 15, 110])
    parser.add_argument("--out", default="var/bottom-room")
    parser.add_argument("--drawn-only", action="store_true", help="only the shapes as drawn")
    parser.add_argument("--no-figures", action="store_true", help="the shapes without their figures")
    args = parser.parse_args()
    own_database(args.out, "bottom.sqlite3")
    from interviews.pdf.fitting import FILL_FALLBACK_LAST, FILL_MIN_LAST
    from tests.pdf_shapes import CUTS, generated_shape

    first, _, last = args.seeds.partition("-")
    cuts = list(CUTS.values())
    keys = ["seed", "pages", "variant", *KINDS, "columns", "room", "counted", "low", "fill"]
    print("\t".join(keys), flush=True)
    rows = []
    for seed in range(int(first), int(last or first) + 1):
        drawn, pages = generated_shape(seed)
        if args.no_figures:
            drawn = dataclasses.replace(drawn, figures=())
        offset = args.offsets[seed % len(args.offsets)]
        variants = [("drawn", drawn, (45, 90))]  # the paragraphs' sizes as drawn (``pdf_shapes.answer_html``)
        if not args.drawn_only:
            flipped = dataclasses.replace(drawn, portrait=not drawn.portrait)
            variants.append(("flipped", flipped, cuts[seed % len(cuts)]))
        for name, shape, sizes in variants:
            row = measure_variant(shape, pages, seed, sizes, offset, f"bottom-{seed}-{name}")
            if row is None:
                continue
            row["variant"] = name
            rows.append(row)
            cells = (round(value, 3) if isinstance(value, float) else value for value in (row[k] for k in keys))
            print("\t".join(map(str, cells)), flush=True)
    names = [name for name in KINDS if name != "body_pages" and any(row[name] for row in rows)]
    coefficients = least_squares(rows, names)
    word = coefficients[0]  # columns an answer's word fills
    print("room of each kind at the bottom (Satzwörter at 10 pt, least squares of the columns):")
    for name, value in zip(names, coefficients[:-1], strict=True):
        print(f"  {name}\t{value / word:.3f}")
    print(f"  words a column\t{1 / word:.1f}\n  not growing with the pages\t{coefficients[-1] / word:.1f}")
    misses = sorted(row["room"] - row["counted"] for row in rows)
    print(f"measured less counted: {misses[0]} ... {misses[-1]} (median {misses[len(misses) // 2]})")
    accepted_short = [row for row in rows if row["counted"] >= row["low"] and row["fill"] < FILL_FALLBACK_LAST]
    refused_full = [row for row in rows if row["counted"] < row["low"] and row["fill"] >= FILL_MIN_LAST]
    print(f"{len(rows)} variants; „im Rahmen“ but filling less than {FILL_FALLBACK_LAST}: ", end="")
    print([(row["seed"], row["variant"], round(row["fill"], 2)) for row in accepted_short])
    print(f"refused but filling {FILL_MIN_LAST} or more: ", end="")
    print([(row["seed"], row["variant"], round(row["fill"], 2)) for row in refused_full])


if __name__ == "__main__":
    main()
