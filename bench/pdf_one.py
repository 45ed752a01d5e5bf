"""PDF figures of one interview, in a new process (so the first render is cold).

    python -m bench.pdf_one <slug> [--store]     (prints one JSON object)

cold: the first fit (interviews.pdf.fit_report) in this process, WeasyPrint
imported and fonts loaded during it; warm: the same fit again; single: one
plain WeasyPrint layout and write of the same HTML at a fixed size, the
reference for the fit. Warm and single run alternately twice; the faster of
each counts. Peak memory is the process's maximum resident set
size. ``--store`` then stores the PDF (interviews.pdf.store_pdf) so the HTTP
part can download it.
"""

import argparse
import json
import os
import resource
import time

import django


def plain_render(interview):
    """One WeasyPrint render and write of the interview's print HTML at a fixed size (9-12 pt scale 0.5)."""
    from interviews import pdf

    started = time.perf_counter()
    source = pdf.load_source(interview)
    renderer = pdf.fitting.Renderer(source)
    document, _measure = renderer.layout(pdf.fitting.Setting(0.5))
    document.write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - started


def measure(slug, store):
    from interviews import pdf
    from interviews.models import Interview

    interview = Interview.objects.get(slug=slug)
    started = time.perf_counter()
    pdf.fit_report(interview)
    cold_s = time.perf_counter() - started
    # Warm fit and plain render alternately, twice; the faster of each counts (other load on the machine).
    warm_times, single_times = [], []
    for _round in range(2):
        started = time.perf_counter()
        warm = pdf.fit_report(interview)
        warm_times.append(time.perf_counter() - started)
        single_times.append(plain_render(interview))
    warm_s, single_s = min(warm_times), min(single_times)
    row = {
        "slug": slug,
        "pages": warm["pages"],
        "renders": warm["renders"],
        "font_size": warm["font_size"],
        "words": warm["words"],
        "cold_s": cold_s,
        "warm_s": warm_s,
        "single_s": single_s,
        "bytes": warm["bytes"],
    }
    if store:
        row["stored"] = pdf.store_pdf(interview)
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slug")
    parser.add_argument("--store", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    try:
        row = measure(args.slug, args.store)
    except Exception as error:  # noqa: BLE001 (reported in the table, the run goes on)
        row = {"slug": args.slug, "error": f"{type(error).__name__}: {error}"[:200]}
    print(json.dumps(row))


if __name__ == "__main__":
    main()
