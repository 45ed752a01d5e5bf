"""``manage.py preflight <slug>``: make an interview's print master and check it as a print shop would.

Prints one line per check (interviews.pdf.preflight) with its result; exits
with status 1 when a check fails. ``--output FILE`` keeps the print master.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from interviews.models import Interview
from interviews.pdf import render_print_master
from interviews.pdf.preflight import preflight


class Command(BaseCommand):
    help = "Erstellt die Druckvorlage eines Interviews und prüft sie wie die PDF/X-4-Prüfung einer Druckerei."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Kurzname (URL) des Interviews")
        parser.add_argument("--output", help="Die Druckvorlage zusätzlich in diese Datei schreiben.")

    def handle(self, *args, slug, output=None, **options):
        interview = Interview.objects.select_related("series", "kommune").filter(slug=slug).first()
        if interview is None:
            raise CommandError(f"Kein Interview mit dem Kurznamen „{slug}“.")
        try:
            data = render_print_master(interview)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        checks = preflight(data)
        self.stdout.write(f"Druckvorlage „{interview.title}“ ({len(data) // 1024} KB)")
        for check in checks:
            mark = self.style.SUCCESS("OK    ") if check.ok else self.style.ERROR("FEHLER")
            self.stdout.write(f"{mark} {check.name}: {check.detail}")
        failed = [check for check in checks if not check.ok]
        if failed:
            raise CommandError(f"{len(failed)} von {len(checks)} Prüfungen nicht bestanden.")
        self.stdout.write(self.style.SUCCESS(f"Alle {len(checks)} Prüfungen bestanden."))
