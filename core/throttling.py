"""Admin login throttling with django-axes.

Five failed logins from one address lock that address out for
``AXES_COOLOFF_TIME``; while locked, even the correct password is refused.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginThrottleBackend(AxesStandaloneBackend):
    """The axes lockout check for every login that comes with a request.

    Logins without a request (``Client.login`` in tests, management commands)
    are not HTTP logins and cannot be brute-forced from outside, so they are
    passed on to the next backend instead of raising an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind the proxy the last X-Forwarded-For entry.

    Only the last entry is trusted: it is the one our own proxy appended
    (``proxy_add_x_forwarded_for``); earlier entries come from the client.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            address = forwarded[-1]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"  # noqa: S104 - an unparsable address counts as one shared client


def lockout_response(request, original_response=None, credentials=None):
    """A German page (HTTP 429) for a locked-out address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Zu viele fehlgeschlagene Anmeldeversuche von dieser Adresse. "
        "Die Anmeldung ist für %(minutes)d Minuten gesperrt, auch mit dem richtigen Passwort."
    ) % {"minutes": minutes}
    return render(request, "admin/locked_out.html", {"message": message, "title": _("Anmeldung gesperrt")}, status=429)
