"""Restore a backup: ``python manage.py restore [FOLDER] --yes`` (default: the newest backup)."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    # A backup must run while the site is busy; the system checks query the database and can
    # fail spuriously under write load (e.g. the SQLite JSON check on a locked database).
    requires_system_checks = []
    help = "Stellt Datenbank und Medien aus einer Sicherung wieder her (ersetzt den aktuellen Datenbankinhalt)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="Sicherungsordner (Standard: die neueste Sicherung)")
        parser.add_argument("--root", help="Ordner mit den Sicherungen (Standard: $BACKUP_ROOT oder ./backups)")
        parser.add_argument("--yes", action="store_true", help="ohne Rückfrage wiederherstellen")

    def handle(self, *args, folder=None, root=None, yes=False, **options):
        try:
            folder = folder or backup.latest_backup(root)
            manifest = backup.read_manifest(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if not yes:
            answer = input(f"Datenbank und Medien durch die Sicherung {folder} ersetzen? [ja/nein] ")
            if answer.strip().lower() not in {"ja", "j", "yes", "y"}:
                raise CommandError("Abgebrochen, nichts geändert.")
        try:
            manifest = backup.restore_backup(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Wiederhergestellt: {folder} ({manifest['engine']}, {rows} Zeilen, Zeilenzahlen geprüft)")
