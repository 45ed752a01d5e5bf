"""Fit generated interview shapes and report column feet, layouts and cost against the yardstick.

    python -m bench.fit_sweep [--seeds 0-39] [--out var/fit-sweep] [--png SEED ...] [--no-yardstick]

Each seed is one shape of ``tests.pdf_shapes.generated_shape`` (1,500-3,500 words in 12-40 answers,
short or long questions, pull quotes or none, 0-3 figures of six photo shapes, portrait or none, 5,
6 or 8 pages), made in a database of its own in the output folder (rolled back) and fitted once
(``fitting.fit``, nothing remembered). Per shape: layouts, body size, figure placement, pages laid
out over all layouts (``made``: a later layout keeps the pages its change does not reach,
``interviews.pdf.repaginate``), figures moved, pull quotes moved, paragraphs tracked and full-width figures sized for
the column feet (``Setting.tracked``; ``sized``: figure index: height in mm as ``figure_fit`` sets
it > as printed, ``Setting.figures_sized``), quotes left out, the worst column foot gap on full body
pages in lines (``columns.worst_full_page_gap``), the share of loose justified lines
(``columns.loose_lines``, per cent, and the counts), hyphens at a page turn, in headlines and in web addresses
(``bench.review.hyphens``), paragraphs ending on a line of at most four letters after a hyphen
(``short_ends``), the fit's CPU seconds (``cpu_s``: the first fit, cold, its images converted for print
during it) and, with the yardstick, the fit against it as ``make bench`` compares them (``bench.pdf_one``):
the median of three more fits of the shape (``cpu_warm``: nothing remembered, the print images converted
already) against the median of three renders of the yardstick in the same process
(``../shared/tools/pdf_reference.py`` at the shape's answer words and at the words it prints, answers
and questions; rounded to 250 words). CPU seconds, so other programs on the machine do not count; medians,
so one garbage collection more or less in a run does not decide (one shape's fit varies by ±10 % from run
to run). A refusal says whether the page budget refused the
text before any layout („Budget“) or the fit after its layouts („nach Layout“: a text the meter
calls „im Rahmen“ that does not fit). Then the distribution of layouts and the worst gap, loose
lines and ratio.
``--png`` writes the PDFs of those seeds and their pages as PNGs (``pdftoppm -r 45``). ``--sentences FILE``
draws the answers from other sentences (one a line) than the 17 of ``tests.pdf_shapes``: real prose
nobody wrote for the tests (docs/pdf.md, „Text nobody wrote for the tests“).
"""

import argparse
import collections
import statistics
import subprocess
import time

from bench.workspace import own_database


def seeds(text):
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def fit_one(seed, yardstick, references, png_folder=None):
    from django.db import transaction

    from bench.review import hyphens, short_ends
    from interviews import pdf
    from interviews.pdf import columns, document, fitting
    from tests.pdf_shapes import generated_shape, make_interview

    spec, pages = generated_shape(seed)
    row = {
        "seed": seed,
        "pages": pages,
        "words": spec.words,
        "answers": spec.questions,
        "question_words": spec.question_words,
        "quotes": spec.quotes and spec.quote_every,
        "figures": "/".join(f"{w}x{h}" for w, h in spec.figures) or "-",
        "portrait": spec.portrait,
    }
    with transaction.atomic():
        interview = make_interview(spec, pages=pages, seed=seed, slug=f"sweep-{seed}")
        source = pdf.load_source(interview)
        budget = fitting.word_budget_error(pages, *fitting.source_units(source), figures=len(source.figures))
        started = time.process_time()
        try:
            result = pdf.fit(source, remember=False)
        except pdf.PageBudgetError as error:
            row["refused"] = f"{'Budget' if budget else 'nach Layout'}: {error.label}"
            transaction.set_rollback(True)
            return row
        row["cpu_s"] = time.process_time() - started
        if yardstick is not None:
            warm = []
            for _run in range(3):
                started = time.process_time()
                pdf.fit(source, remember=False)
                warm.append(time.process_time() - started)
            row["cpu_warm"] = statistics.median(warm)
        loose, justified = columns.loose_lines(result.document)
        turns, headline, address = hyphens(result.document)
        row.update(
            layouts=result.layouts,
            made=result.pages_made,
            font=result.setting.font_size,
            figure_fit=round(result.setting.figure_fit, 2),
            full_width=bool(source.figures) and document.full_width(result.setting.figure_fit),
            dropped=result.setting.quotes_dropped,
            fill=round(result.measure.last_fill, 3),
            pages_set=result.measure.pages,
            gap=round(columns.worst_full_page_gap(result.document), 2),
            loose=100 * loose / max(1, justified),
            loose_lines=loose,
            justified=justified,
            hyphens=len(turns) + len(headline) + len(address),
            short_ends=len(short_ends(result.document)),
            moved=len(result.setting.figures_moved),
            quotes_moved=len(result.setting.quotes_moved),
            tracked=len(result.setting.tracked),
            sized=";".join(
                f"{index}:{document.figure_height_mm(source.figures[index], result.setting.figure_fit):.0f}>{mm:.0f}"
                for index, mm in result.setting.figures_sized
            ),
        )
        if png_folder is not None:
            name = png_folder / f"sweep-{seed}.pdf"
            name.write_bytes(result.pdf)
            subprocess.run(["pdftoppm", "-r", "45", "-png", str(name), str(name.with_suffix(""))], check=True)
        transaction.set_rollback(True)
    if yardstick is not None:
        printed = source.word_count + sum(len(question.question.split()) for question in source.questions)
        for key, words in (("ratio", source.word_count), ("ratio_printed", printed)):
            words = round(words / 250) * 250
            if words not in references:
                html = yardstick.reference_html(words)
                yardstick.render_once(html)
                times = []
                for _run in range(3):
                    started = time.process_time()
                    yardstick.render_once(html)
                    times.append(time.process_time() - started)
                references[words] = statistics.median(times)
            row[key] = row["cpu_warm"] / references[words]
    return row


def use_sentences(path):
    """Draw the shapes' answers from the sentences in ``path`` (one a line); those with two words of 14 letters
    or more stand in for the test's compounds. The shapes keep their seeds: the same structure, other words."""
    from pathlib import Path

    from tests import pdf_shapes

    sentences = [line.strip() for line in Path(path).read_text().splitlines() if line.strip()]
    pdf_shapes.SENTENCES[:] = sentences
    pdf_shapes.COMPOUNDS[:] = [s for s in sentences if sum(len(word) >= 14 for word in s.split()) >= 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-39", help="first-last (inclusive)")
    parser.add_argument("--out", default="var/fit-sweep")
    parser.add_argument("--png", nargs="*", type=int, default=[], help="seeds whose PDF and PNGs to write")
    parser.add_argument("--no-yardstick", action="store_true")
    parser.add_argument(
        "--sentences",
        help="a file of German sentences, one a line: the answers are drawn from them instead of the test sentences",
    )
    args = parser.parse_args()
    out = own_database(args.out, "sweep.sqlite3", PDF_RENDER_TIMEOUT="600")
    from bench.pdf_one import yardstick_module

    yardstick = None if args.no_yardstick else yardstick_module()
    references = {}
    if args.sentences:
        use_sentences(args.sentences)
    fit_one(0, None, references)  # warm up: fonts, stylesheet, WeasyPrint's imports
    rows = []
    keys = ["seed", "pages", "words", "answers", "question_words", "quotes", "figures", "portrait"]
    keys += ["layouts", "made", "font", "figure_fit", "moved", "quotes_moved", "tracked", "sized", "dropped"]
    keys += ["fill", "gap"]
    keys += ["loose", "loose_lines", "justified", "hyphens", "short_ends"]
    keys += ["cpu_s", "cpu_warm"]
    keys += ["ratio", "ratio_printed"]
    keys += ["refused"]
    print("\t".join(keys), flush=True)
    for seed in seeds(args.seeds):
        row = fit_one(seed, yardstick, references, out if seed in args.png else None)
        rows.append(row)
        print("\t".join(str(round(v, 2) if isinstance(v, float) else v) for v in (row.get(k, "") for k in keys)))
    fitted = [row for row in rows if "refused" not in row]
    layouts = collections.Counter(row["layouts"] for row in fitted)
    print(f"fitted {len(fitted)} of {len(rows)}; layouts per fit: {dict(sorted(layouts.items()))}")
    late = [row["seed"] for row in rows if row.get("refused", "").startswith("nach Layout")]
    print(f"refused by the budget: {len(rows) - len(fitted) - len(late)}; refused after layouts: {late}")
    if fitted:
        print(f"worst full-page foot gap: {max(row['gap'] for row in fitted):.2f} lines; ", end="")
        print(f"shapes over 2 lines: {sum(row['gap'] > 2 for row in fitted)}")
        print(f"loose lines: worst {max(row['loose'] for row in fitted):.2f} %; ", end="")
        print(f"shapes over 3 %: {[row['seed'] for row in fitted if row['loose'] > 3]}; ", end="")
        loose, justified = sum(row["loose_lines"] for row in fitted), sum(row["justified"] for row in fitted)
        print(f"over all shapes {loose} of {justified} ({100 * loose / max(1, justified):.2f} %)")
        print(f"hyphens at a page turn, in headlines or addresses: {[row['seed'] for row in fitted if row['hyphens']]}")
        print(f"body size {min(row['font'] for row in fitted)}-{max(row['font'] for row in fitted)} pt; ", end="")
        other = [row["seed"] for row in fitted if row["pages_set"] != row["pages"]]
        print(f"page count other than the budget's: {other}")
        if yardstick is not None:
            for key in ("ratio", "ratio_printed"):
                ratios = sorted(row[key] for row in fitted)
                print(f"fit / yardstick at {key} words (CPU s): median {ratios[len(ratios) // 2]:.2f}, ", end="")
                print(f"worst {ratios[-1]:.2f}, over 1.5: {sum(r > 1.5 for r in ratios)}")


if __name__ == "__main__":
    main()
