"""PDF figures of one interview, in a new process (so the first fit is cold).

    python -m bench.pdf_one <slug> [--store]      a demo interview
    python -m bench.pdf_one --shape few_long:3000  a generated one (tests/pdf_shapes.py; rolled back)
    python -m bench.pdf_one --shape lists:1600 --png pdf-preview   also write its PDF and page PNGs there

Prints one JSON object. cold: the first fit (interviews.pdf.fit_report) in
this process, WeasyPrint imported and fonts loaded during it. Then three
rounds of: change one word of the first answer (so nothing fitted before is
remembered; the word count stays), fit again (warm), and render the
yardstick once: the issue's plain two-column six-page document with the same
number of words (../shared/tools/pdf_reference.py, or $PDF_YARDSTICK),
rendered in the same process. The medians of the three count; ``ratio`` is
fit / yardstick, ``layouts`` the layouts each warm fit needed. Peak memory is
the process's maximum resident set size. ``--store`` then stores the demo
PDF (interviews.pdf.store_pdf) so the HTTP part can download it.
"""

import argparse
import importlib.util
import json
import os
import re
import resource
import statistics
import subprocess
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def yardstick_module():
    """The yardstick script, loaded from $PDF_YARDSTICK or the shared tools next to the checkout."""
    candidates = [os.environ.get("PDF_YARDSTICK", "")]
    candidates += [str(folder / "shared" / "tools" / "pdf_reference.py") for folder in ROOT.parents[:2]]
    path = next((Path(c) for c in candidates if c and Path(c).is_file()), None)
    if path is None:
        raise SystemExit("yardstick pdf_reference.py not found: set PDF_YARDSTICK")
    spec = importlib.util.spec_from_file_location("pdf_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def change_one_word(interview, run):
    """Replace the first word of the first answer (same number of words, new content)."""
    question = interview.questions.order_by("position", "pk").first()
    question.answer = re.sub(r"<p>([^\s<]+)", f"<p>Lauf{run}", question.answer, count=1)
    question.save(update_fields=["answer"])


def measure(interview, label):
    from interviews import pdf

    yardstick = yardstick_module()
    started = time.perf_counter()
    first = pdf.fit_report(interview)
    cold_s = time.perf_counter() - started
    reference = yardstick.reference_html(first["words"])
    yardstick.render_once(reference)
    fits, references, layouts = [], [], []
    for run in range(ROUNDS):
        change_one_word(interview, run)
        started = time.perf_counter()
        report = pdf.fit_report(interview)
        fits.append(time.perf_counter() - started)
        layouts.append(report["renders"])
        started = time.perf_counter()
        yardstick.render_once(reference)
        references.append(time.perf_counter() - started)
    fit_s, yardstick_s = statistics.median(fits), statistics.median(references)
    return {
        "slug": label,
        "words": report["words"],
        "pages": report["pages"],
        "layouts": layouts,
        "font_size": report["font_size"],
        "quotes_dropped": report["quotes_dropped"],
        "worst_foot_gap_lines": report["worst_foot_gap_lines"],
        "cover_foot_gap_lines": report["cover_foot_gap_lines"],
        "loose_lines_percent": report["loose_lines_percent"],
        "last_fill": report["last_fill"],
        "cold_s": cold_s,
        "warm_s": fit_s,
        "yardstick_s": yardstick_s,
        "ratio": fit_s / yardstick_s,
        "bytes": report["bytes"],
    }


def write_preview(interview, label, folder):
    from interviews import pdf

    folder.mkdir(parents=True, exist_ok=True)
    name = folder / (label.replace(":", "-") + ".pdf")
    name.write_bytes(pdf.render_pdf(interview))
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(name), str(name.with_suffix(""))], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slug", nargs="?")
    parser.add_argument("--shape", help="a generated interview: shape[:words] of tests/pdf_shapes.py")
    parser.add_argument("--store", action="store_true")
    parser.add_argument("--png", metavar="FOLDER", help="write the PDF and PNGs of its pages (pdftoppm -r 60)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import transaction

    from interviews import pdf
    from interviews.models import Interview

    label = args.shape or args.slug
    try:
        with transaction.atomic():
            if args.shape:
                from tests.pdf_shapes import make_interview

                shape, _, words = args.shape.partition(":")
                interview = make_interview(shape, words=int(words) if words else None, slug=f"bench-{shape}")
            else:
                interview = Interview.objects.get(slug=args.slug)
            row = measure(interview, label)
            if args.png:
                write_preview(interview, label, Path(args.png))
            transaction.set_rollback(True)
        if args.store and not args.shape:
            row["stored"] = pdf.store_pdf(Interview.objects.get(slug=args.slug))
    except Exception as error:  # noqa: BLE001 (reported in the table, the run goes on)
        row = {"slug": label, "error": f"{type(error).__name__}: {error}"[:200]}
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(row))


if __name__ == "__main__":
    main()
