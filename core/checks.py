"""System checks of the deployment (``manage.py check --deploy``): what a production start must refuse."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def is_local(host):
    """Whether ``host`` names this machine or a private network (nobody else can follow a link to it)."""
    host = (host or "").strip("[]").lower()
    if host in LOCAL_NAMES or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """In production SITE_URL is printed into every PDF, citation, feed and sitemap: it must be the public address."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if is_local(parts.hostname) or parts.scheme not in ("http", "https"):
        return [
            checks.Error(
                f"SITE_URL is {settings.SITE_URL!r}, a local address: PDFs, citations, the feed and the sitemap "
                "would print it for readers.",
                hint="Set SITE_URL to the public address, e.g. https://mal-nachgefragt.de (docs/deploy.md).",
                id="akk.E001",
            )
        ]
    if parts.scheme != "https":
        return [
            checks.Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in PDFs and citations should use https.",
                hint="Set SITE_URL to the https address of the site.",
                id="akk.W001",
            )
        ]
    return []
