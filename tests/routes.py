"""The public routes of the site, read from the URL configuration (for the security tests).

``public_routes()`` lists every named route outside the admin. Routes with a
``slug`` are filled from the objects of a ``Scene`` (see ``SLUG_SOURCES``); a
new route with a slug that is missing there makes the tests fail, so the
permission matrix and the header checks grow with the site. Routes with a
``token`` (the interviewee's approval link) get a forged token here: without
a valid link they must show nothing to anybody (valid links: tests/test_approval.py).
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# route name -> which object of the scene provides the slug
SLUG_SOURCES = {
    "interviews:detail": "interview",
    "interviews:pdf": "interview",
    "interviews:citation_bib": "interview",
    "interviews:citation_ris": "interview",
    "interviews:citation_json": "interview",
    "interviews:series_citation_bib": "series",
    "interviews:series_citation_ris": "series",
    "interviews:series_citation_json": "series",
    "interviews:series": "series",
    "interviews:series_pdf": "series",
    "interviews:theme_pdf": "theme",
    "interviews:theme": "theme",
    "municipalities:detail": "kommune",
}
# Routes of the scene's images (portrait renditions, interviews.reader.images): filled by ``image_url``.
IMAGE_ROUTES = {"rendition"}
# Routes reached only through a signed link (interviews.editorial.approval), with their other parameters.
TOKEN_ROUTES = {
    "interviews:approval": {},
    "interviews:approval_pdf": {},
}
FORGED_TOKEN = "eyJpIjoxLCJrIjoiZ2VmYWVsc2NodCJ9:1vPZ2a:gefaelschte-signatur"


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def public_routes():
    """Sorted (name, needs_slug) of every named non-admin route."""
    routes = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name in routes:
            continue
        converters = set(pattern.pattern.converters) - set(pattern.default_args)
        routes[name] = "slug" in converters
        known = {"slug", "token", *TOKEN_ROUTES.get(name, {})}
        unknown = converters - known if name not in IMAGE_ROUTES else set()
        if "token" in converters and name not in TOKEN_ROUTES:
            raise AssertionError(f"Route {name} takes a token; add it to TOKEN_ROUTES in tests/routes.py.")
        if unknown:
            raise AssertionError(f"Route {name} has parameters {unknown}; teach tests/routes.py about them.")
    return sorted(routes.items())


def image_url(scene):
    """The URL of a web rendition of the scene's portrait (given one here, made on save)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from core import renditions

    interview = scene.interview
    if not interview.portrait:
        buffer = io.BytesIO()
        Image.new("RGB", (400, 500), (40, 110, 160)).save(buffer, "JPEG")
        interview.portrait.save("portrait.jpg", ContentFile(buffer.getvalue()), save=False)
        interview.portrait_alt = "Porträt"
        interview.save()
    return renditions.picture(interview.portrait)["src"]


def route_url(name, needs_slug, scene):
    if name in IMAGE_ROUTES:
        return image_url(scene)
    if name in TOKEN_ROUTES:
        return reverse(name, kwargs={"token": FORGED_TOKEN, **TOKEN_ROUTES[name]})
    if not needs_slug:
        return reverse(name)
    if name not in SLUG_SOURCES:
        raise AssertionError(f"Route {name} takes a slug; add it to SLUG_SOURCES in tests/routes.py.")
    return reverse(name, kwargs={"slug": getattr(scene, SLUG_SOURCES[name]).slug})


class Scene:
    """One interview (with its own series, Kommune, theme and question) in a given state."""

    def __init__(self, state, marker, answer_words=0):
        """``answer_words`` more words in the answer (publishing checks the page budget: FITS_SIX_PAGES fit)."""
        from tests.factories import InterviewFactory, QuestionFactory, answer_of

        traits = {"published": {"published": True}, "scheduled": {"scheduled": True}, "review": {"review": True}}
        self.state = state
        self.interview = InterviewFactory(
            title=f"Geheimtitel {marker}",
            kommune__name=f"Geheimkommune {marker}",
            **traits.get(state, {}),
        )
        answer = f"<p>Geheimantwort {marker}</p>" + (answer_of(answer_words) if answer_words else "")
        self.question = QuestionFactory(interview=self.interview, answer=answer)
        self.series = self.interview.series
        self.series.themes.add(self.question.theme)
        self.theme = self.question.theme
        self.kommune = self.interview.kommune
        self.secrets = [self.interview.title, self.kommune.name, f"Geheimantwort {marker}"]
