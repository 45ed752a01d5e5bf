"""Back up the database and media: ``python manage.py backup [--root DIR]`` (see core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    # A backup must run while the site is busy; the system checks query the database and can
    # fail spuriously under write load (e.g. the SQLite JSON check on a locked database).
    requires_system_checks = []
    help = "Sichert Datenbank und Medien in einen neuen Ordner mit Zeitstempel (online, konsistent)."

    def add_arguments(self, parser):
        parser.add_argument("--root", help="Zielordner (Standard: $BACKUP_ROOT oder ./backups)")

    def handle(self, *args, root=None, **options):
        try:
            folder = backup.create_backup(root)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.read_manifest(folder)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Sicherung erstellt: {folder} ({manifest['engine']}, {rows} Zeilen)")
