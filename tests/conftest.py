import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.factories import make_user

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def pytest_configure(config):
    # Declared here rather than in pyproject.toml: a change there makes every checkout's `make` reinstall .venv.
    config.addinivalue_line(
        "markers",
        "backend_independent: PDF layout and print files, whose outcome cannot depend on the database backend: "
        "make test runs them once, in the PostgreSQL pass (docs/testing.md)",
    )
    config.addinivalue_line(
        "markers",
        "sqlite_pass: a backend_independent test that make test runs in the SQLite pass instead, so that the two "
        "passes take about as long (docs/testing.md)",
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run only in the PostgreSQL pass of ``make test``; tests marked
    ``sqlite`` (SQLite's own search index) are deselected in that pass.

    A test that reaches the database only through a shared (module or session) fixture built
    on ``django_db_setup`` gets the ``django_db`` mark: pytest-django creates the test database
    only when a selected test declares it, so such a test run alone (``-k``) would otherwise
    write into the development database, or find no tables."""
    for item in items:
        uses_setup = "django_db_setup" in getattr(item, "fixturenames", ())
        if uses_setup and item.get_closest_marker("django_db") is None and not DB_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.django_db)
    if django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        sqlite_only = [item for item in items if "sqlite" in item.keywords]
        if sqlite_only:
            config.hook.pytest_deselected(items=sqlite_only)
            items[:] = [item for item in items if "sqlite" not in item.keywords]
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass (make test-postgres)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _media_folders(tmp_path_factory):
    """The parent of every test's media folder, and the numbers of the folders.

    In memory (/dev/shm, removed after the session) when there is room: stored files are synced to disk
    (core.files), ~4 ms of waiting per file on a disk (4,700 files in ``make test-fast``), nothing in memory.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1024**3:
        parent = Path(tempfile.mkdtemp(prefix="akk-cms-media-", dir=shm))
        yield parent, itertools.count()
        shutil.rmtree(parent, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("media"), itertools.count()


@pytest.fixture(autouse=True)
def _media_root(settings, _media_folders):
    """Every test writes uploads and PDFs into its own temporary folder (made by the first write).

    Not ``tmp_path``: pytest makes and numbers that folder for every test, a few
    milliseconds each, which on 1,600 tests is more than the tests that write files need.
    """
    parent, numbers = _media_folders
    settings.MEDIA_ROOT = parent / str(next(numbers))


@pytest.fixture(autouse=True)
def _tasks_are_only_queued(settings):
    """Tasks (PDF renders, ~1-3 s each) are queued, not run: a test that wants the PDF
    asks for it with the fixture ``immediate_tasks`` (or the worker's database backend)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run when queued, as in development: saving a live interview renders its PDF."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages are rendered fresh in tests (tests may change rows directly); tests/test_cache.py turns the cache on."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test accounts need no slow PBKDF2 (0.7 s per password on this machine)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redaktion_user(db):
    return make_user("redakteurin", group="Redaktion")


@pytest.fixture
def freigabe_user(db):
    return make_user("freigeberin", group="Freigabe")


@pytest.fixture
def editors(client):
    """Two editors, each logged in with a client of their own (two people, or one person in two tabs)."""
    first = client
    first.force_login(make_user("erste", superuser=True))
    second = type(client)()
    second.force_login(make_user("zweite", superuser=True))
    return first, second


@pytest.fixture
def superuser(db):
    return make_user("chefin", superuser=True)


@pytest.fixture
def layouts(monkeypatch):
    """The layouts made (calls of fitting.fit, also through ``pdf.fit``); the real function does the work."""
    from interviews import pdf
    from interviews.pdf import fitting

    calls = []
    real_fit = fitting.fit

    def counting_fit(*args, **kwargs):
        calls.append(args)
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(fitting, "fit", counting_fit)
    monkeypatch.setattr(pdf, "fit", counting_fit)
    return calls


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """A transactional test's flush recreates content types under new keys:
    forget the cached ones so history entries (reversion) point at real rows."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
