"""Re-render the stored PDFs: ``python manage.py render_pdfs [--force] [--slug SLUG ...]``."""

import sys
import time

from django.core.management.base import BaseCommand

from interviews import pdf
from interviews.models import Interview, Series, Status
from interviews.pdf import collections


class Command(BaseCommand):
    help = "Erstellt die PDFs aller veröffentlichten und geplanten Interviews neu, wo sich etwas geändert hat."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Auch unveränderte PDFs neu erstellen.")
        parser.add_argument("--slug", action="append", default=[], help="Nur dieses Interview (mehrfach möglich).")

    def handle(self, *args, **options):
        interviews = Interview.objects.filter(status=Status.PUBLISHED).order_by("-series__year", "part")
        if options["slug"]:
            interviews = interviews.filter(slug__in=options["slug"])
        interviews = list(interviews)
        counts = {"rendered": 0, "unchanged": 0, "failed": 0, "busy": 0, "skipped": 0}
        failures = []
        started = time.monotonic()
        total = len(interviews)
        for done, interview in enumerate(interviews, start=1):
            self.progress(done - 1, total, interview.slug)
            outcome = pdf.store_pdf(interview, force=options["force"])
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "failed":
                interview.refresh_from_db(fields=["pdf_error"])
                failures.append(f"  {interview.slug}: {interview.pdf_error}")
        self.progress(total, total, "")
        self.stdout.write("")
        for line in failures:
            self.stdout.write(self.style.ERROR(line))
        summary = (
            f"{counts['rendered']} neu erstellt, {counts['unchanged']} unverändert, {counts['failed']} fehlgeschlagen"
        )
        if counts["busy"]:
            summary += f", {counts['busy']} gerade in Arbeit"
        summary += f" ({time.monotonic() - started:.1f} s)"
        self.stdout.write(self.style.ERROR(summary) if counts["failed"] else self.style.SUCCESS(summary))
        if not options["slug"]:
            self.collections(options["force"])

    def collections(self, force):
        """Series volumes and theme booklets that are missing or outdated (see interviews.pdf.collections)."""
        series_ids = Interview.objects.published().values("series_id")
        outcomes = {}
        for series in Series.objects.filter(pk__in=series_ids).order_by("-year", "title"):
            outcomes.update(collections.store_series_collections(series, force=force))
        for label, outcome in outcomes.items():
            if outcome == "failed":
                self.stdout.write(self.style.ERROR(f"  {label}: fehlgeschlagen"))
        made = sum(outcome == "rendered" for outcome in outcomes.values())
        failed = sum(outcome == "failed" for outcome in outcomes.values())
        summary = f"Sammelbände und Themenhefte: {made} neu erstellt, {len(outcomes) - made - failed} unverändert"
        summary += f", {failed} fehlgeschlagen" if failed else ""
        self.stdout.write(self.style.ERROR(summary) if failed else self.style.SUCCESS(summary))

    def progress(self, done, total, label):
        """A one-line progress bar (redrawn in place on a terminal)."""
        width = 30
        filled = width * done // total if total else width
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
        if self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty():
            self.stdout.write("\r" + line.ljust(90), ending="")
            self.stdout.flush()
        elif label:
            self.stdout.write(line)
