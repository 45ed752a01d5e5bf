"""Security headers Django does not set by itself.

Django's SecurityMiddleware sends nosniff, Referrer-Policy, COOP and HSTS, and
its ContentSecurityPolicyMiddleware sends ``SECURE_CSP``. This middleware adds
``Permissions-Policy`` (and ``X-Frame-Options`` where Django's middleware does
not reach, e.g. static files) to every response and gives uploaded media (anything
below ``MEDIA_URL``) a policy of its own that allows nothing to run, so a file
that slipped through as HTML or SVG could never execute script. The same media
policy must be set by the web server that serves ``/media/`` in production
(see docs/reliability.md).
"""

from django.conf import settings

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
    )
)

MEDIA_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# PDFs are opened by the browser's PDF viewer, which a sandbox would block.
MEDIA_CSP_SANDBOX = MEDIA_CSP + "; sandbox"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Static files (WhiteNoise) never reach XFrameOptionsMiddleware.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", "DENY")
        if settings.MEDIA_URL and request.path.startswith(settings.MEDIA_URL):
            # Set before Django's CSP middleware runs (it is outside this one), which then keeps it.
            is_pdf = request.path.lower().endswith(".pdf")
            response.headers["Content-Security-Policy"] = MEDIA_CSP if is_pdf else MEDIA_CSP_SANDBOX
        return response
