"""The public page cache and the site-wide content version.

One number, the content version, changes with public content. It follows the
data: every write to a model that readers or PDFs show (``core.content``:
save, delete, many-to-many changes, ``loaddata``, a restore) bumps it once
per transaction, after the commit (``bump_after_commit``). Writes through
``QuerySet.update()`` call ``bump_content_version()`` themselves (the stored
PDF). Requests that change no content (logging in or out, a failed form)
change nothing. The version lives in the database, so every app server sees
a change.

``PublicPageCacheMiddleware`` keeps whole responses of public pages for
anonymous readers. The cache key contains the content state:

- the content version and the time of its last change;
- the ``published_at`` of the newest *due* interview. A scheduled interview
  becomes public by itself when its time comes; at that moment this value
  changes, and so does every key. (Between two bumps the set of interviews
  with status "published" is fixed, so the due ones only grow with time and
  their newest ``published_at`` identifies them.)

The state is one query. Each process keeps what it read for at most
``PAGE_CACHE_STATE_SECONDS`` (default 1 s) and the process that changes
content forgets it at once. So a cached page costs no query at all most of the
time (opening a database connection and asking would cost several times what
the rest of a cached answer costs), and every other worker and server shows a
change or a newly due interview at most one second later. Nothing else is
shared between processes: the page cache itself may be per process.

Cached responses carry an ``ETag`` (hash of the body) and a ``Last-Modified``
(the later of the last content change and the newest due publication), and
conditional requests get ``304 Not Modified``.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Subquery
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import (
    http_date,
    parse_http_date_safe,
    quote_etag,
    split_directive_names,
    split_header_value,
    urlencode,
)

from core import content

# Status codes worth keeping: pages, permanent redirects (e.g. APPEND_SLASH),
# and "not found" (unpublished and unknown pages; keyed by the content state,
# so a page that becomes public is never hidden by a cached 404).
CACHEABLE_STATUS = {200, 301, 404}
# Vary headers the cache may ignore: requests with cookies bypass the cache,
# and the site has one language, so Accept-Language changes nothing.
HARMLESS_VARY = {"cookie", "accept-language"}
SAFE_METHODS = {"GET", "HEAD"}


def bump_content_version():
    """Increase the content version. Touches: the one SiteState row (all page cache keys)."""
    from interviews.models import SiteState

    # Last-Modified has whole seconds: each change moves it by at least one,
    # so a copy from just before a change is never answered with 304.
    previous = SiteState.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    changed_at = timezone.now()
    if previous is not None:
        changed_at = max(changed_at, previous + timedelta(seconds=1))
    updated = SiteState.objects.filter(pk=1).update(content_version=F("content_version") + 1, changed_at=changed_at)
    if not updated:
        SiteState.objects.get_or_create(pk=1, defaults={"content_version": 2})
    forget_content_state()
    transaction.on_commit(forget_content_state)


def bump_after_commit(sender=None, **kwargs):
    """Receiver of ``core.content.content_changed``: bump the version once, when the transaction commits.

    Outside a transaction that is at once. Several writes in one transaction
    (an interview with its questions) bump once; a rolled-back transaction
    bumps nothing (``core.content.on_commit_once``).
    """
    content.on_commit_once("interviews.reader.cache:bump", bump_content_version)


@dataclass(frozen=True)
class ContentState:
    version: int
    changed_at: datetime | None
    latest_due: datetime | None

    @property
    def last_modified(self):
        """The time public content last changed, as a POSIX timestamp (or None)."""
        times = [t for t in (self.changed_at, self.latest_due) if t is not None]
        return int(max(times).timestamp()) if times else None

    @property
    def key(self):
        # changed_at too: after a restore from backup the version numbers repeat, the times do not.
        changed = self.changed_at.isoformat() if self.changed_at else "-"
        due = self.latest_due.isoformat() if self.latest_due else "-"
        return f"{self.version}:{changed}:{due}"


# The last state read by this process: (monotonic expiry, ContentState).
_memo = (0.0, None)


def forget_content_state():
    """Make this process read the content state from the database on its next request."""
    global _memo
    _memo = (0.0, None)


def current_content_state():
    """The content state, read from the database at most every ``PAGE_CACHE_STATE_SECONDS``.

    The process that changes content forgets its memo at once (bump); other
    workers and servers see the change within that many seconds (default 1).
    """
    global _memo
    expires, state = _memo
    now = time.monotonic()
    if state is None or now >= expires:
        state = content_state()
        _memo = (now + settings.PAGE_CACHE_STATE_SECONDS, state)
    return state


def content_state():
    """The current ContentState, read with one query (two before the first bump ever)."""
    from interviews.models import Interview, SiteState

    # Index interview_public_idx (status, published_at) answers this subquery.
    newest_due = Interview.objects.published().order_by("-published_at").values("published_at")[:1]
    row = (
        SiteState.objects.filter(pk=1)
        .annotate(latest_due=Subquery(newest_due))
        .values_list("content_version", "changed_at", "latest_due")
        .first()
    )
    if row is None:
        latest = Interview.objects.published().order_by("-published_at").values_list("published_at", flat=True)
        return ContentState(1, None, latest.first())
    return ContentState(*row)


def page_cache_key(request, state):
    """The cache key of ``request``: content state, scheme, host, path and sorted query."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{state.key}:{digest}"


def _is_cacheable(request, response):
    if getattr(request, "_csp_nonce", None):
        # The page holds this request's CSP nonce; another request gets another one.
        return False
    if response.status_code not in CACHEABLE_STATUS or response.cookies:
        return False
    if response.streaming and not _is_small_file(response):
        return False
    if response.has_header("Content-Encoding"):
        return False
    if set(split_directive_names(response.get("Cache-Control", ""))) & {"private", "no-cache", "no-store"}:
        return False
    vary = {value.lower() for value in split_header_value(response.get("Vary", ""))}
    return vary <= HARMLESS_VARY


def _is_small_file(response):
    """A streamed file (e.g. a stored PDF) small enough for the "files" cache."""
    length = response.get("Content-Length", "")
    limit = getattr(settings, "PAGE_CACHE_MAX_FILE_BYTES", 0)
    return length.isdigit() and int(length) <= limit and getattr(settings, "PAGE_CACHE_FILES_ALIAS", None)


def _in_memory(response):
    """A streamed response read into an HttpResponse with the same status and headers."""
    if not response.streaming:
        return response
    try:
        content = b"".join(response.streaming_content)
    finally:
        # Close the file only: response.close() would send request_finished in the
        # middle of this request, and close_old_connections() would close the
        # database connection (on PostgreSQL, the test's transaction with it).
        if getattr(response, "file_to_stream", None) is not None:
            response.file_to_stream.close()
    copy = HttpResponse(content, status=response.status_code)
    for name, value in response.headers.items():
        copy.headers[name] = value
    return copy


def _add_validators(response, state):
    """ETag, Last-Modified and cache headers of a response that goes into the cache."""
    if response.status_code == 200 and not response.has_header("ETag"):
        response.headers["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
    if response.status_code == 200 and state.last_modified and not response.has_header("Last-Modified"):
        response.headers["Last-Modified"] = http_date(state.last_modified)
    if not response.has_header("Cache-Control"):
        # Browsers keep the page but ask every time; the answer is usually a 304.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))


def _from_entry(entry):
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _conditional(request, response):
    """The response, or 304/412 when the request's preconditions say so."""
    if response.status_code != 200:
        return response
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=last_modified and parse_http_date_safe(last_modified),
        response=response,
    )


class PublicPageCacheMiddleware:
    """Serve public pages to anonymous readers from the "pages" cache.

    Place it right after WhiteNoiseMiddleware: a hit skips sessions, CSRF and
    authentication, and a stored response already holds the headers the
    inner middleware added. Settings: ``PAGE_CACHE`` (on/off),
    ``PAGE_CACHE_ALIAS``, ``PAGE_CACHE_TIMEOUT`` (seconds; a safety net,
    keys change with the content anyway) and ``PAGE_CACHE_SKIP_PREFIXES``.
    Streamed files up to ``PAGE_CACHE_MAX_FILE_BYTES`` (the stored PDFs) are
    kept too, in the small ``PAGE_CACHE_FILES_ALIAS`` cache, so a download
    costs no query and no file system access either.

    Not cached: requests with any cookie (editors, previews, messages),
    methods other than GET/HEAD, the admin, and responses that set cookies,
    use the request's CSP nonce, stream more than that, are
    private/no-cache/no-store, vary on more than Cookie/Accept-Language, or
    have another status than 200, 301 or 404.

    Touches: nothing but the caches; a request never bumps the content
    version itself (the data it writes does, see ``bump_after_commit``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._skip_prefixes = None

    def skip_prefixes(self):
        """The admin, plus ``PAGE_CACHE_SKIP_PREFIXES`` (paths never cached)."""
        if self._skip_prefixes is None:
            extra = getattr(settings, "PAGE_CACHE_SKIP_PREFIXES", ())
            self._skip_prefixes = (reverse("admin:index"), *extra)
        return self._skip_prefixes

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE", True):
            return self.get_response(request)
        if request.method not in SAFE_METHODS or request.COOKIES or request.path.startswith(self.skip_prefixes()):
            response = self.get_response(request)
            patch_vary_headers(response, ("Cookie",))
            return response

        state = current_content_state()
        key = page_cache_key(request, state)
        pages = caches[settings.PAGE_CACHE_ALIAS]
        files_alias = getattr(settings, "PAGE_CACHE_FILES_ALIAS", None)
        entry = pages.get(key)
        if entry is None and files_alias:
            entry = caches[files_alias].get(key)
        if entry is not None:
            return _conditional(request, _from_entry(entry))

        response = self.get_response(request)
        if request.method != "GET" or not _is_cacheable(request, response):
            return response
        cache = caches[files_alias] if response.streaming else pages
        response = _in_memory(response)
        _add_validators(response, state)
        entry = (response.status_code, list(response.headers.items()), response.content)
        cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        return _conditional(request, response)
