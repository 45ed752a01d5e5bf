"""A database and media folder of its own for a bench script (fit sweep, review set, paragraph room)."""

import os
import shutil
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


def own_database(folder, database_name, **environ):
    """Empty ``folder`` and set Django up on a migrated SQLite database ``database_name`` and a media folder in it.

    Tasks are only queued (the script makes its renders itself); ``environ`` gives further defaults
    of the settings' environment. Touches: the folder (emptied), this process's environment, the new
    database. Returns the folder as an absolute path.
    """
    out = Path(folder).resolve()
    if out == ROOT or ROOT.is_relative_to(out):
        raise SystemExit(f"refusing to empty {out}")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{out / database_name}"
    os.environ["MEDIA_ROOT"] = str(out / "media")
    os.environ["TASKS_BACKEND"] = "db"
    for name, value in environ.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akk_cms.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return out
