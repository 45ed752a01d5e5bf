import pytest

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads and PDFs into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages are rendered fresh in tests (tests may change rows directly); tests/test_cache.py turns the cache on."""
    settings.PAGE_CACHE = False


@pytest.fixture
def redaktion_user(db):
    return make_user("redakteurin", group="Redaktion")


@pytest.fixture
def freigabe_user(db):
    return make_user("freigeberin", group="Freigabe")


@pytest.fixture
def superuser(db):
    return make_user("chefin", superuser=True)
