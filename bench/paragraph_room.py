"""The room a paragraph break takes, and the page budget's range, measured with real layouts.

    python -m bench.paragraph_room [--seeds 4] [--out var/paragraph-room] [--no-layouts]
    python -m bench.paragraph_room --range [--answers 12 24 40] [--question-words 0 25]

Interviews of ``tests.pdf_shapes`` (plain sentences, a portrait, no pull quotes or figures) in a
database of its own in the output folder (rolled back). Only where the answers' paragraphs break
changes: one paragraph an answer, or paragraphs of 20-80 words.

Without ``--range``: 3,000 answer words in 24 answers on eight pages (room to spare). At the
smallest setting (8.5 pt) and the largest (10 pt): the body length in pages (``LengthModel.length``
and ``Renderer.layout`` measured from the layout tree) and the room of one break in words of that
setting (the length gained over the one-paragraph answers, divided by the breaks, in words: the
slope of 30 more words an answer), per text of other sentences (``--seeds``) and their mean.

``--range``: six pages. For every paragraph size, number of answers and question length, the
answer words whose layout ends the text at the top of the fill window at the smallest setting
(``fitting.FILL_MAX_LAST`` of the last body page: the most that fits) and at ``FILL_MIN_LAST`` at
the largest (the least that fills), found with the slope of the length model and corrected with a
second and third layout; printed in Satzwörter (``fitting.text_units``) next to ``fitting.word_range(6)``.
The range is honest when every "most" is at least its top and every "least" at most its bottom.
"""

import argparse
import random

from bench.workspace import own_database

SIZES = (20, 25, 30, 40, 60, 80, 0)  # words per paragraph; 0: one paragraph per answer


def answers(words, count, size, seed):
    """``count`` answers of ``words`` words in all, cut into paragraphs of ``size`` words (0: one; a rest of
    less than half of it joins the paragraph before)."""
    from tests.pdf_shapes import SENTENCES

    rng = random.Random(seed)
    stream = []
    while len(stream) < words:
        stream.extend(rng.choice(SENTENCES).split())
    stream = stream[:words]
    per = [words // count + (1 if n < words % count else 0) for n in range(count)]
    html, start = [], 0
    for n in per:
        own = stream[start : start + n]
        start += n
        step = size or n
        pieces = [own[i : i + step] for i in range(0, n, step)]
        if len(pieces) > 1 and len(pieces[-1]) < step / 2:  # no paragraph of a word or two at the end
            pieces[-2:] = [pieces[-2] + pieces[-1]]
        html.append("".join(f"<p>{' '.join(piece)}</p>" for piece in pieces))
    return html


def lengths(interview, texts, scales, layouts):
    """{scale: (model length, layout length)} with ``texts`` as the answers (layout length None without)."""
    from interviews import pdf
    from interviews.pdf.document import portrait_height_mm
    from interviews.pdf.estimate import LengthModel, Setting
    from interviews.pdf.fitting import Renderer

    for question, html in zip(interview.questions.order_by("position"), texts, strict=True):
        question.answer = html
        question.save(update_fields=["answer"])
    source = pdf.load_source(interview)
    model = LengthModel(source, portrait_height_mm(source))
    renderer = Renderer(source) if layouts else None
    row = {}
    for scale in scales:
        setting = Setting(scale, figure_fit=0.0)
        row[scale] = (model.length(setting), renderer.layout(setting)[1].length if renderer else None)
    return row


def units(interview, short=False):
    """The Satzwörter of ``interview`` (``short``: with the room that counts against the bottom only)."""
    from interviews import pdf

    words, short_room = pdf.text_units(pdf.fitting.question_items(interview.questions.order_by("position")))
    return words + short_room if short else words


def break_room(args, layouts):
    from django.db import transaction

    from tests.pdf_shapes import Shape, make_interview

    count, words, more = 24, 3000, 30
    kinds = ("model", "layout") if layouts else ("model",)
    costs = {}
    with transaction.atomic():
        interview = make_interview(Shape(count, words, quotes=False), pages=8, slug="paragraph-room")
        print("seed\tsize\tbreaks\tscale\t" + "\t".join(kinds) + "\t" + "\t".join(f"{k} words/break" for k in kinds))
        for seed in range(1, args.seeds + 1):
            base = lengths(interview, answers(words, count, 0, seed), (0.0, 1.0), layouts)
            longer = lengths(interview, answers(words + more * count, count, 0, seed), (0.0, 1.0), layouts)
            for size in SIZES:
                texts = answers(words, count, size, seed)
                breaks = sum(html.count("<p>") - 1 for html in texts)
                row = lengths(interview, texts, (0.0, 1.0), layouts) if size else base
                for scale in (0.0, 1.0):
                    cells = []
                    for kind, name in enumerate(kinds):
                        slope = (longer[scale][kind] - base[scale][kind]) / (more * count)
                        if breaks:
                            cost = (row[scale][kind] - base[scale][kind]) / slope / breaks
                            costs.setdefault((size, scale, name), []).append(cost)
                            cells.append(f"{cost:.2f}")
                    cells = [f"{row[scale][kind]:.3f}" for kind in range(len(kinds))] + cells
                    print(f"{seed}\t{size or 'one'}\t{breaks}\t{scale:.0f}\t" + "\t".join(cells), flush=True)
        transaction.set_rollback(True)
    print("words a break: size, setting, mean (least-most over the seeds)")
    for (size, scale, name), values in sorted(costs.items()):
        mean = sum(values) / len(values)
        print(
            f"  {size}\t{'8.5' if scale == 0 else '10'} pt\t{name}\t{mean:.2f}\t({min(values):.2f}-{max(values):.2f})"
        )


def solve(interview, count, size, seed, scale, target, layouts):
    """Answer words whose layout (else model) length at ``scale`` is ``target``: (words, Satzwörter, length).

    The model's guess first, then corrections from layouts with the model's slope (a layout's is
    stepped), until a layout ends within 0.01 pages of the target (at most three layouts)."""
    words, measured = 3000, None
    for step in range(6 if layouts else 3):
        use_layout = layouts and step >= 2
        low = lengths(interview, answers(words, count, size, seed), (scale,), use_layout)[scale]
        high = lengths(interview, answers(words + 20 * count, count, size, seed), (scale,), False)[scale]
        slope = (high[0] - low[0]) / (20 * count)
        measured = low[1] if use_layout else low[0]
        if use_layout and abs(measured - target) < 0.01:
            break
        words = round(words + (target - measured) / slope)
    lengths(interview, answers(words, count, size, seed), (), False)
    return words, units(interview, short=scale > 0), measured


def range_check(args, layouts):
    from django.db import transaction

    from interviews.pdf import fitting
    from tests.pdf_shapes import Shape, make_interview

    low, high = fitting.word_range(6)
    body = 4
    print(f"word_range(6) = {low}-{high}; most at 8.5 pt: fill {fitting.FILL_MAX_LAST}, ", end="")
    print(f"least at 10 pt: {fitting.FILL_MIN_LAST}")
    print("answers\tquestion words\tsize\tmost words\tmost Satzwörter\tleast words\tleast Satzwörter")
    most, least = [], []
    for count in args.answers:
        for question_words in args.question_words:
            with transaction.atomic():
                shape = Shape(count, 3000, quotes=False, question_words=question_words)
                interview = make_interview(shape, pages=6, slug="paragraph-range")
                for size in SIZES:
                    top = solve(interview, count, size, 1, 0.0, body - 1 + fitting.FILL_MAX_LAST, layouts)
                    bottom = solve(interview, count, size, 1, 1.0, body - 1 + fitting.FILL_MIN_LAST, layouts)
                    most.append(top[1])
                    least.append(bottom[1])
                    print(
                        f"{count}\t{question_words or 'default'}\t{size or 'one'}\t{top[0]}\t{top[1]}"
                        f"\t{bottom[0]}\t{bottom[1]}",
                        flush=True,
                    )
                transaction.set_rollback(True)
    print(f"most that fits at 8.5 pt: {min(most)}-{max(most)} Satzwörter (top of the range {high})")
    print(f"least that fills at 10 pt: {min(least)}-{max(least)} Satzwörter (bottom of the range {low})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=4, help="texts of other sentences, averaged")
    parser.add_argument("--range", action="store_true", help="check the range instead")
    parser.add_argument("--answers", type=int, nargs="*", default=[12, 24, 40])
    parser.add_argument("--question-words", type=int, nargs="*", default=[0, 25])
    parser.add_argument("--out", default="var/paragraph-room")
    parser.add_argument("--no-layouts", action="store_true", help="the length model only")
    args = parser.parse_args()
    own_database(args.out, "room.sqlite3")
    if args.range:
        range_check(args, not args.no_layouts)
    else:
        break_room(args, not args.no_layouts)


if __name__ == "__main__":
    main()
