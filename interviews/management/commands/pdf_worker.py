"""The task worker that renders PDFs: ``python manage.py pdf_worker [db_worker options]``.

django-tasks-db's ``db_worker`` with two additions: before it takes the
first task it clears what a killed worker left behind (tasks still RUNNING,
interviews at „wird erstellt“; see ``interviews.tasks.sweep_after_crash``),
and its worker id is "host:pid" so that the next worker on the same host
recognises a dead one at once.
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from interviews import tasks


class Command(DBWorkerCommand):
    help = "Startet den Hintergrund-Worker für PDFs (räumt zuerst auf, was ein abgebrochener Worker hinterließ)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=tasks.worker_id())

    def handle(self, *args, **options):
        failed, released = tasks.sweep_after_crash()
        if failed or released:
            self.stdout.write(
                f"Aufgeräumt: {failed} abgebrochene Aufgabe(n), {released} Interview(s) nicht mehr „wird erstellt“."
            )
        return super().handle(*args, **options)
