"""The site-wide content version: one number that changes with public content.

Public page caches and ETags include it, so publishing, changing or
unpublishing anything invalidates them on every app server at once (the
number lives in the database, which all servers share).
"""

from django.db.models import F
from django.utils import timezone


def bump_content_version():
    """Increase the content version. Touches: the one SiteState row."""
    from interviews.models import SiteState

    updated = SiteState.objects.filter(pk=1).update(content_version=F("content_version") + 1, changed_at=timezone.now())
    if not updated:
        SiteState.objects.get_or_create(pk=1, defaults={"content_version": 2})


def content_version():
    from interviews.models import SiteState

    return SiteState.objects.filter(pk=1).values_list("content_version", flat=True).first() or 1
