"""Settings for the benchmark server: the project's settings plus bench-only URLs.

Selected with ``DJANGO_SETTINGS_MODULE=bench.settings`` by ``bench/run.py``;
never used by the site itself.
"""

from akk_cms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The minimal view is the framework's ceiling: the page cache must not serve it.
PAGE_CACHE_SKIP_PREFIXES = ["/bench/"]
