"""PDF figures of one interview, in a new process (so the first render is cold).

    python -m bench.pdf_one <slug> [--store]     (prints one JSON object)

cold: the first fitted render in this process (WeasyPrint imported and fonts
loaded during it); warm: the same render again; single: one plain WeasyPrint
render of the same HTML at a fixed size, the reference for the fit. Peak
memory is the process's maximum resident set size. ``--store`` then stores
the PDF (interviews.pdf.store_pdf) so the HTTP part can download it.
"""

import argparse
import json
import os
import resource
import time

import django


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def measure(slug, store):
    from interviews import pdf
    from interviews.models import Interview

    interview = Interview.objects.get(slug=slug)
    row = {"slug": slug}
    fitted, row["cold_s"] = timed(pdf.render_pdf, interview)
    fitted, row["warm_s"] = timed(pdf.render_pdf, interview)
    data = fitted if isinstance(fitted, bytes) else getattr(fitted, "pdf", fitted)
    row["bytes"] = len(data)
    report = getattr(pdf, "fit_report", None)
    if report is not None:
        row.update(report(interview))
    if store:
        pdf.store_pdf(interview)
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
