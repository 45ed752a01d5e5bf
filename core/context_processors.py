"""What every page's template gets besides its own content."""

from django.conf import settings


def site(request):
    """``site_url``: the absolute base URL (settings.SITE_URL) for canonical links, feeds and citations."""
    return {"site_url": settings.SITE_URL}
