"""The PDF publication: a four-colour, A4 interview on exactly the series' page count.

Contract (used by publishing, downloads, tasks, admin, the benchmark):

- ``render_pdf(interview, preview=False) -> bytes``: set the interview and
  return the PDF; raises ``PageBudgetError`` (a ValidationError with a German
  message naming the words to cut or add) when it cannot fit.
- ``check_page_budget(interview)``: raise ``PageBudgetError`` unless it fits.
- ``store_pdf(interview, force=False) -> str``: render and store the PDF when
  what it shows changed ("rendered", "unchanged", "busy", "failed").
- ``page_budget_label(interview) -> str``: the stored page budget for the admin.
- ``fit_report(interview) -> dict``: renders, timings and sizes for ``make bench``.

Layout: page 1 cover, pages 2 .. n-1 the questions and answers in two columns
theme by theme, page n the back page. Only the body text adapts: one knob
``scale`` (0..1) sets font size (9-12 pt) and leading together; the first
layout's fill predicts the right scale, one correction follows if needed.
Pull quotes are dropped only when the text does not fit at 9 pt otherwise.

Every resource WeasyPrint may load goes through ``PrintURLFetcher``: the
project's print fonts and CSS, and the interview's own converted images.
"""

import contextlib
import hashlib
import html
import json
import logging
import math
import mimetypes
import os
import re
import signal
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core import print_images, richtext
from interviews import cache

logger = logging.getLogger(__name__)

# Bump when the code that shapes the PDF changes in a way the templates don't show.
CODE_VERSION = "pdf-2026-11-25.1"

PRINT_DIR = Path(settings.BASE_DIR) / "static" / "print"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "interviews" / "print"
STYLESHEET = PRINT_DIR / "print.css"

FONT_MIN, FONT_MAX = 9.0, 12.0
LEADING_MIN, LEADING_MAX = 1.22, 1.50
# Fill of the body pages, in pages: the last body page is at least FILL_MIN_LAST filled.
FILL_TARGET_LAST = 0.82
FILL_MIN_LAST = 0.62
FILL_MAX_LAST = 0.985
# Accepted when no layout reached FILL_MIN_LAST within MAX_LAYOUTS.
FILL_FALLBACK_LAST = 0.5
MAX_LAYOUTS = 4
# Answer words of a six-page interview: outside this range it is refused before any render.
WORDS_MIN, WORDS_MAX = 1600, 2800
PORTRAIT_WIDTH_MM = 64

# Words the German hyphenation patterns split badly: the allowed breaks.
HYPHENATION_EXCEPTIONS = {
    "Übergang": "Über-gang",
    "Übergänge": "Über-gänge",
    "Klimaaktive": "Klima-aktive",
    "Klimaaktiven": "Klima-aktiven",
    "Treibhausgas": "Treib-haus-gas",
    "Treibhausgase": "Treib-haus-gase",
    "Treibhausgasbilanz": "Treib-haus-gas-bilanz",
    "Treibhausgasemissionen": "Treib-haus-gas-emis-sionen",
    "Machbarkeitsstudie": "Mach-bar-keits-studie",
    "Machbarkeitsstudien": "Mach-bar-keits-studien",
    "Stabsstelle": "Stabs-stelle",
    "Endenergieverbrauch": "End-energie-ver-brauch",
    "Arbeitsalltag": "Arbeits-all-tag",
    "Nahwärmenetze": "Nah-wärme-netze",
    "Nahwärmenetz": "Nah-wärme-netz",
    "Klimaschutzmanager": "Klima-schutz-manager",
    "Klimaschutzmanagerin": "Klima-schutz-mana-gerin",
    "Klimaschutzmanagement": "Klima-schutz-manage-ment",
    "Urbanistik": "Urba-nistik",
    "Beauftragter": "Beauf-trag-ter",
}


class PageBudgetError(ValidationError):
    """The interview cannot be set on exactly the series' page count."""

    def __init__(self, message, words_to_cut=0, words_to_add=0, label=""):
        super().__init__(message, code="page_budget")
        self.words_to_cut = words_to_cut
        self.words_to_add = words_to_add
        self.label = label or message


class RenderTimeout(Exception):
    """A render took longer than settings.PDF_RENDER_TIMEOUT."""


def render_timeout():
    return float(getattr(settings, "PDF_RENDER_TIMEOUT", 60))


# --- Resources ----------------------------------------------------------------


class PrintURLFetcher:
    """A WeasyPrint URL fetcher that reads only allow-listed local files.

    Allowed: files below ``static/print/`` and the exact image files passed in
    (the interview's own converted portrait and logo). Everything else (other
    files, ``../``, http(s), data: or any other scheme) is refused and noted in
    ``refused``; nothing is ever fetched from the network.
    """

    _fail_on_errors = False

    def __init__(self, extra_files=()):
        self.root = PRINT_DIR.resolve()
        self.files = {Path(path).resolve() for path in extra_files if path}
        self.refused = []

    def allowed_path(self, url):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
            return None
        path = Path(os.path.realpath(unquote(parts.path)))
        if path in self.files or (path.is_relative_to(self.root) and path.is_file()):
            return path
        return None

    def fetch(self, url, headers=None):
        from weasyprint.urls import URLFetcherResponse

        path = self.allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"refused by PrintURLFetcher: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})

    def __call__(self, url):
        return self.fetch(url)


@contextlib.contextmanager
def deadline(seconds):
    """Raise RenderTimeout when the block runs longer than ``seconds``.

    Uses a real-time timer signal in the main thread (a hard bound); in other
    threads the fit loop checks ``time.monotonic()`` between layouts instead.
    """
    use_signal = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not use_signal or seconds <= 0:
        yield
        return

    def on_alarm(signum, frame):
        raise RenderTimeout(_("Die Erstellung des PDFs hat zu lange gedauert."))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if previous_timer[0]:
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)


# --- What the PDF shows -------------------------------------------------------


@dataclass
class Source:
    """Everything one PDF shows, loaded with a fixed number of queries."""

    interview: object
    series: object
    kommune: object
    awards: list
    questions: list
    series_themes: list
    parts: list
    word_count: int = 0
    groups: list = field(default_factory=list)


def load_source(interview):
    """Load what the PDF of ``interview`` shows (5 queries)."""
    from interviews.models import Interview, Question

    interview = (
        Interview.objects.select_related("series", "kommune", "published_by")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.select_related("theme").order_by("position", "pk")),
            "kommune__awards",
            "series__themes",
        )
        .get(pk=interview.pk)
    )
    parts = list(
        Interview.objects.filter(series_id=interview.series_id)
        .select_related("kommune")
        .order_by("part")
        .only("part", "title", "status", "published_at", "planned_date", "kommune__name", "series_id")
    )
    questions = list(interview.questions.all())
    source = Source(
        interview=interview,
        series=interview.series,
        kommune=interview.kommune,
        awards=sorted(interview.kommune.awards.all(), key=lambda a: (-a.year, a.category)),
        questions=questions,
        series_themes=sorted(interview.series.themes.all(), key=lambda t: (t.position, t.title)),
        parts=parts,
    )
    source.word_count = sum(richtext.word_count(q.answer) for q in questions)
    source.groups = _group_by_theme(questions)
    return source


def _group_by_theme(questions):
    groups = {}
    for question in questions:
        groups.setdefault(question.theme_id, {"theme": question.theme, "questions": []})["questions"].append(question)
    return sorted(groups.values(), key=lambda g: (g["theme"].position, g["theme"].title, g["theme"].pk))


@lru_cache(maxsize=8)
def _files_digest(stamp):
    digest = hashlib.sha256()
    for path in sorted([*TEMPLATE_DIR.glob("*.html"), STYLESHEET]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def design_digest():
    """Hash of the print templates and CSS (recomputed when a file changes)."""
    paths = sorted([*TEMPLATE_DIR.glob("*.html"), STYLESHEET])
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    return _files_digest(stamp)


def fingerprint(source, layout_only=False):
    """SHA-256 of everything the PDF shows; the stored file is re-rendered when it changes.

    ``layout_only`` leaves out what does not move text (status, publication
    date): the key under which a fitted setting is remembered.
    """
    i, s, k = source.interview, source.series, source.kommune
    data = {
        "code": CODE_VERSION,
        "design": design_digest(),
        "interview": [
            i.pk,
            i.part,
            i.slug,
            i.title,
            i.lead,
            i.interviewee_name,
            i.interviewee_role,
            i.interviewer,
            i.portrait.name,
            i.portrait_alt,
            i.photo_credit,
            i.is_sample,
            i.status,
            i.published_at.isoformat() if i.published_at else None,
            i.published_by_id,
        ],
        "questions": [[q.pk, q.position, q.theme_id, q.question, q.answer, q.pull_quote] for q in source.questions],
        "kommune": [k.name, k.slug, k.kind, k.state, k.population, k.akk_member, k.logo.name, k.logo_alt],
        "awards": [[a.year, a.category] for a in source.awards],
        "series": [
            s.title,
            s.subtitle,
            s.year,
            s.planned_parts,
            s.pages_per_part,
            s.publication_line,
            s.description,
            s.funding_body,
            s.funding_programme,
            s.funding_project,
            s.grant_number,
            s.funding_notice,
        ],
        "themes": [
            [t.pk, t.title, t.question, t.position, t.print_color]
            for t in {q.theme.pk: q.theme for q in source.questions}.values()
        ],
        "parts": [
            [p.part, p.title, p.kommune.name, p.status, str(p.published_at), str(p.planned_date), p.is_public]
            for p in source.parts
        ],
        "imprint": imprint_data(),
    }
    if layout_only:
        data["interview"] = data["interview"][:-3]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def imprint_data():
    """The publisher's data for the imprint; ``settings.PUBLICATION`` overrides the defaults."""
    defaults = {
        "publisher": "Deutsches Institut für Urbanistik gGmbH (Difu)",
        "address": "Zimmerstraße 13–15, 10969 Berlin",
        "responsible": "",
        "place": "Berlin",
        "licence": _(
            "Texte: Creative Commons Namensnennung – Keine Bearbeitungen 4.0 International (CC BY-ND 4.0). "
            "Fotos und Logos sind davon ausgenommen; ihre Rechte liegen bei den genannten Urheberinnen und Urhebern."
        ),
    }
    return {**defaults, **getattr(settings, "PUBLICATION", {})}


# --- HTML ---------------------------------------------------------------------


_WORD_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, HYPHENATION_EXCEPTIONS), key=len, reverse=True)) + r")\b")


# Compounds starting with these split badly inside ("Klimaschut-zinvestition"):
# break after the listed parts, then nowhere else in the word.
HYPHENATION_PREFIXES = {"Klimaschutz": "Klima-schutz-", "Treibhausgas": "Treib-haus-gas-"}
_PREFIX_RE = re.compile(r"\b(" + "|".join(HYPHENATION_PREFIXES) + r")(?=[a-zäöüß]{5,})")


def hyphenate_exceptions(text_html):
    """Put soft hyphens into known words so that only the listed breaks are used."""

    def fix_text(segment):
        segment = _WORD_RE.sub(lambda m: HYPHENATION_EXCEPTIONS[m.group(1)].replace("-", "\u00ad"), segment)
        return _PREFIX_RE.sub(lambda m: HYPHENATION_PREFIXES[m.group(1)].replace("-", "\u00ad"), segment)

    return re.sub(r">([^<]+)<", lambda m: ">" + fix_text(m.group(1)) + "<", f">{text_html}<")[1:-1]


def _print_html(answer_html):
    """Answer HTML for print: sanitised again, links reduced to their text."""
    cleaned = richtext.sanitize(answer_html)
    cleaned = re.sub(r"<a\b[^>]*>", "", cleaned).replace("</a>", "")
    return hyphenate_exceptions(cleaned)


def _with_pull_quote(answer_html, quote):
    """Insert the pull quote after the answer's first block (or at its end)."""
    from django.utils.safestring import mark_safe

    if not quote:
        return mark_safe(answer_html)
    aside = f'<p class="pull-quote" aria-hidden="true">„{html.escape(quote)}“</p>'
    match = re.search(r"</(p|ul|ol)>", answer_html)
    if match and match.end() < len(answer_html):
        return mark_safe(answer_html[: match.end()] + aside + answer_html[match.end() :])
    return mark_safe(answer_html + aside)


def month_year(value):
    return formats.date_format(value, "F Y")


def _parts(source):
    by_part = {p.part: p for p in source.parts}
    now = timezone.now()
    result = []
    for number in range(1, source.series.planned_parts + 1):
        part = by_part.get(number)
        current = part is not None and part.pk == source.interview.pk
        if part is None:
            label, state = _("Kommune wird noch bekannt gegeben"), _("in Vorbereitung")
        else:
            label = f"{part.kommune.name}: {part.title}"
            if current:
                state = _("dieses Interview")
            elif part.status == "published" and part.published_at and part.published_at <= now:
                state = _("erschienen %(when)s") % {"when": month_year(timezone.localtime(part.published_at))}
            elif part.status == "published" and part.published_at:
                state = _("erscheint %(when)s") % {"when": month_year(timezone.localtime(part.published_at))}
            elif part.planned_date:
                state = _("erscheint voraussichtlich %(when)s") % {"when": month_year(part.planned_date)}
            else:
                state = _("in Vorbereitung")
        result.append({"number": number, "label": label, "state": state, "current": current})
    return result


def _metadata(source, imprint):
    i, s = source.interview, source.series
    title = _("%(series)s %(year)s – Interview %(part)s von %(total)s: %(kommune)s – %(title)s") % {
        "series": s.title,
        "year": s.year,
        "part": i.part,
        "total": s.planned_parts,
        "kommune": source.kommune.name,
        "title": i.title,
    }
    created = i.published_at or timezone.now()
    return {
        "title": title,
        "author": f"{i.interviewee_name}; {imprint['publisher']}",
        "subject": richtext.plain_text(i.lead),
        "keywords": ", ".join(
            [source.kommune.name, *[g["theme"].title for g in source.groups], _("Kommunaler Klimaschutz")]
        ),
        "created": created.isoformat(timespec="seconds"),
        "modified": timezone.now().isoformat(timespec="seconds"),
    }


def _citation(source, imprint):
    i, s = source.interview, source.series
    return _(
        "%(publisher)s (Hrsg.) (%(year)s): %(series)s Interview %(part)s von %(total)s: %(kommune)s – "
        "„%(title)s“. Interview mit %(person)s. %(place)s. %(url)s"
    ) % {
        "publisher": imprint["publisher"],
        "year": s.year,
        "series": s.title,
        "part": i.part,
        "total": s.planned_parts,
        "kommune": source.kommune.name,
        "title": i.title,
        "person": i.interviewee_name,
        "place": imprint["place"],
        "url": settings.SITE_URL + i.get_absolute_url(),
    }


def portrait_height_mm(source):
    """The cover portrait's height: smaller when headline and teaser are long."""
    lead_words = richtext.word_count(source.interview.lead) + len(source.interview.title.split()) * 2
    if lead_words <= 80:
        return 100
    if lead_words <= 115:
        return 86
    return 70


def build_html(source, images):
    """The print document as an HTML string (sizes come from ``layout_css``)."""
    with override("de"):
        imprint = imprint_data()
        imprint["date"] = formats.date_format(timezone.localdate(), "j. F Y")
        publisher_user = source.interview.published_by
        if not imprint["responsible"] and publisher_user is not None:
            imprint["responsible"] = publisher_user.get_full_name() or publisher_user.get_username()
        groups = [
            {
                "theme": group["theme"],
                "items": [
                    {
                        "question": q.question,
                        "answer_html": _with_pull_quote(_print_html(q.answer), q.pull_quote),
                    }
                    for q in group["questions"]
                ],
            }
            for group in source.groups
        ]
        population = source.kommune.population
        context = {
            "interview": source.interview,
            "series": source.series,
            "kommune": source.kommune,
            "awards": source.awards,
            "population": f"{population:,}".replace(",", ".") if population else "",
            "lead": richtext.render(hyphenate_exceptions(richtext.sanitize(source.interview.lead))),
            "groups": groups,
            "parts": _parts(source),
            "imprint": imprint,
            "citation": _citation(source, imprint),
            "meta": _metadata(source, imprint),
            "cover_quote": next((q.pull_quote for q in source.questions if q.pull_quote), ""),
            "portrait": images.get("portrait"),
            "logo": images.get("logo"),
        }
        return render_to_string("interviews/print/document.html", context)


def _css_string(value):
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@dataclass(frozen=True)
class Setting:
    """One point of the adaptive layout."""

    scale: float  # 0 = 9 pt tight ... 1 = 12 pt loose
    pull_quotes: bool = True

    @property
    def font_size(self):
        return round(FONT_MIN + (FONT_MAX - FONT_MIN) * self.scale, 2)

    @property
    def leading(self):
        return round(LEADING_MIN + (LEADING_MAX - LEADING_MIN) * self.scale, 3)


def layout_css(source, setting, portrait_mm, preview=False):
    """The generated part of the print CSS: sizes, theme colours, running texts."""
    rules = [
        f":root {{ --body-size: {setting.font_size}pt; --body-leading: {setting.leading}; "
        f"--portrait-height: {portrait_mm}mm; }}"
    ]
    for group in source.groups:
        theme = group["theme"]
        c, m, y, k = theme.cmyk
        dark = min(1.0, k + 0.25)
        rules.append(
            f".theme-{theme.pk} {{ --accent: {theme.device_cmyk}; "
            f"--accent-dark: device-cmyk({c:.2f} {m:.2f} {y:.2f} {dark:.2f}); }}"
        )
    if not setting.pull_quotes:
        rules.append(".pull-quote { display: none; }")
    footer = _css_string(_("Seite ")) + " counter(page) " + _css_string(_(" von ")) + " counter(pages)"
    rules.append(f"@page body {{ @bottom-right {{ content: {footer}; }} }}")
    rules.append(f"@page back {{ @bottom-right {{ content: {footer}; }} }}")
    marks = []
    if source.interview.is_sample:
        marks.append(_("Beispieltext (Demo-Inhalt)"))
    if preview:
        marks.append(_("Vorschau – nicht veröffentlicht"))
    if marks:
        text = _css_string(" · ".join(marks))
        rules.append(f"@page {{ @bottom-left {{ content: {text}; }} }}")
        rules.append(f"@page cover {{ @bottom-left {{ content: {text}; margin-left: 15mm; }} }}")
    if preview:
        rules.append(f"@page {{ @top-center {{ content: {_css_string(_('VORSCHAU'))}; }} }}")
    return "\n".join(rules)


# --- Layout and fitting ---------------------------------------------------------


@dataclass
class Measure:
    pages: int
    body_pages: int
    last_fill: float  # 0..1 of the last body page
    cover_ok: bool
    back_ok: bool

    @property
    def length(self):
        """Body length in pages (e.g. 3.85 = three full pages and 85 % of a fourth)."""
        return self.body_pages - 1 + self.last_fill


@dataclass
class FitResult:
    pdf: bytes
    setting: Setting
    measure: Measure
    layouts: int
    seconds_layout: float
    seconds_write: float
    refused_urls: list


class Renderer:
    """Lays out one interview at different settings, sharing parsed HTML and fonts."""

    def __init__(self, source, preview=False):
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        self.source = source
        self.preview = preview
        self.portrait_mm = portrait_height_mm(source)
        images = {
            "portrait": print_images.cmyk_jpeg(source.interview.portrait, PORTRAIT_WIDTH_MM, self.portrait_mm),
            "logo": print_images.cmyk_jpeg(source.kommune.logo, 40, 14) if source.kommune.logo else None,
        }
        self.fetcher = PrintURLFetcher(extra_files=[p for p in images.values() if p])
        image_urls = {key: path.as_uri() if path else None for key, path in images.items()}
        self.font_config = FontConfiguration()
        self.html = HTML(
            string=build_html(source, image_urls), base_url=PRINT_DIR.as_uri() + "/", url_fetcher=self.fetcher
        )
        self.stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=self.fetcher, font_config=self.font_config)
        self.layouts = 0
        self.seconds = 0.0

    def layout(self, setting):
        from weasyprint import CSS

        started = time.perf_counter()
        generated = CSS(
            string=layout_css(self.source, setting, self.portrait_mm, self.preview),
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )
        document = self.html.render(
            font_config=self.font_config, stylesheets=[self.stylesheet, generated], pdf_variant="pdf/ua-1"
        )
        self.layouts += 1
        self.seconds += time.perf_counter() - started
        return document, measure(document)


def measure(document):
    """Where the body ends, and whether the cover and back page kept to one page."""
    where = {}
    for index, page in enumerate(document.pages):
        for name in ("body-start", "body-end", "back-start", "back-end", "cover-text-end", "cover-foot"):
            if name in page.anchors and name not in where:
                where[name] = (index, page.anchors[name])
    pages = len(document.pages)
    body_start = where.get("body-start", (1, None))[0]
    end_index, end_box = where.get("body-end", (pages - 2, (0, 0, 0, 0)))
    box = document.pages[end_index]._page_box
    top = box.content_box_y()
    fill = max(0.0, min(1.0, (end_box[1] - top) / box.height)) if box.height else 1.0
    cover_ok = body_start == 1
    if "cover-text-end" in where and "cover-foot" in where:
        cover_ok = cover_ok and where["cover-text-end"][1][1] <= where["cover-foot"][1][1] - 8
    back_start = where.get("back-start", (pages - 1,))[0]
    back_ok = back_start == pages - 1 and where.get("back-end", (pages - 1,))[0] == pages - 1
    return Measure(
        pages=pages,
        body_pages=back_start - body_start,
        last_fill=fill,
        cover_ok=cover_ok,
        back_ok=back_ok,
    )


def _area(setting):
    """Relative page area one word of body text takes at ``setting``."""
    return setting.font_size**2 * setting.leading


def predict_scale(target_length, known_setting, known_length):
    """The scale whose body length is predicted to be ``target_length`` pages.

    Body length grows with the area a word takes (font size squared times
    leading); solve ``length(s) = known_length * area(s) / area(known)`` by
    bisection (no render needed).
    """
    return _scale_for_area(_area(known_setting) * target_length / known_length)


# Body length in pages of one answer word at scale 0.5, with the questions etc.
# counted as extra words (calibrated on the demo interviews).
PRIOR_PAGES_PER_WORD = 1 / 530


def first_guess(source, target_length):
    words = source.word_count + 14 * len(source.questions) + 70 * len(source.groups)
    words += 28 * sum(1 for q in source.questions if q.pull_quote)
    predicted_at_middle = words * PRIOR_PAGES_PER_WORD
    return min(1.0, max(0.0, predict_scale(target_length, Setting(0.5), predicted_at_middle)))


def _round_words(n):
    return max(10, int(math.ceil(n / 10.0)) * 10)


def _too_long(source, body_pages, length):
    words = _round_words(source.word_count * (1 - (body_pages - 1 + FILL_TARGET_LAST) / length))
    message = _(
        "Das Interview ist zu lang für %(pages)s Seiten: bitte ca. %(words)s Wörter kürzen "
        "(auch bei kleinster Schrift von 9 pt passt es nicht)."
    ) % {"pages": source.series.pages_per_part, "words": words}
    return PageBudgetError(message, words_to_cut=words, label=_("zu lang: ca. %(n)s Wörter kürzen") % {"n": words})


def _too_short(source, body_pages, length):
    wanted = (body_pages - 1 + FILL_TARGET_LAST) / max(length, 0.2)
    words = _round_words(source.word_count * (wanted - 1))
    message = _(
        "Das Interview ist zu kurz für %(pages)s Seiten: bitte ca. %(words)s Wörter ergänzen "
        "(auch bei größter Schrift von 12 pt bleibt Seite %(last)s zu leer)."
    ) % {"pages": source.series.pages_per_part, "words": words, "last": source.series.pages_per_part - 1}
    return PageBudgetError(message, words_to_add=words, label=_("zu kurz: ca. %(n)s Wörter ergänzen") % {"n": words})


def word_range(series):
    """The answer words an interview of ``series`` may have (scaled by its page count)."""
    body_pages = series.pages_per_part - 2
    return round(WORDS_MIN * body_pages / 4), round(WORDS_MAX * body_pages / 4)


def _quick_refusal(source, body_pages):
    """Refuse without rendering when the answers are outside the word range."""
    low, high = word_range(source.series)
    words = source.word_count
    if words > high:
        n = _round_words(words - high)
        message = _(
            "Das Interview ist zu lang für %(pages)s Seiten: bitte ca. %(n)s Wörter kürzen "
            "(die Antworten haben %(words)s Wörter, höchstens %(high)s passen)."
        ) % {"pages": source.series.pages_per_part, "n": n, "words": words, "high": high}
        return PageBudgetError(message, words_to_cut=n, label=_("zu lang: ca. %(n)s Wörter kürzen") % {"n": n})
    if words < low:
        n = _round_words(low - words)
        message = _(
            "Das Interview ist zu kurz für %(pages)s Seiten: bitte ca. %(n)s Wörter ergänzen "
            "(die Antworten haben %(words)s Wörter, mindestens %(low)s sind nötig)."
        ) % {"pages": source.series.pages_per_part, "n": n, "words": words, "low": low}
        return PageBudgetError(message, words_to_add=n, label=_("zu kurz: ca. %(n)s Wörter ergänzen") % {"n": n})
    return None


def _fits(m, body_pages, pages):
    return (
        m.pages == pages
        and m.body_pages == body_pages
        and FILL_MIN_LAST <= m.last_fill <= FILL_MAX_LAST
        and m.cover_ok
        and m.back_ok
    )


# Settings that fitted, by fingerprint: a later render of the same content
# (the page-budget check on publish, then the stored render) needs one layout.
_fitted = {}


def fit(interview_or_source, preview=False, write=True, remember=True):
    """Find the setting that fills exactly the page budget and (optionally) write the PDF.

    Renders: one layout at the predicted scale; if its fill is off, one
    corrected layout (predicted from the first one's fill); rarely a third by
    secant. Raises PageBudgetError when even 9 pt is too long or 12 pt too short.
    With ``remember`` a setting that fitted the same content before is tried first.
    """
    source = interview_or_source if isinstance(interview_or_source, Source) else load_source(interview_or_source)
    pages = source.series.pages_per_part
    body_pages = pages - 2
    if not source.questions:
        raise PageBudgetError(_("Das Interview hat noch keine Fragen."), label=_("keine Fragen"))
    refusal = _quick_refusal(source, body_pages)
    if refusal is not None:
        raise refusal
    target = body_pages - 1 + FILL_TARGET_LAST
    started = time.monotonic()
    limit = render_timeout()
    with deadline(limit):
        renderer = Renderer(source, preview=preview)
        tried = []
        digest = fingerprint(source, layout_only=True)
        setting = (remember and _fitted.get(digest)) or Setting(first_guess(source, target))
        best = fallback = None
        has_quotes = any(q.pull_quote for q in source.questions)
        while renderer.layouts < MAX_LAYOUTS:
            document, m = renderer.layout(setting)
            tried.append((setting, m))
            # Also checked here, not only by the timer signal: library code may
            # swallow the signal's exception, and threads get no signal at all.
            if time.monotonic() - started > limit:
                raise RenderTimeout(_("Die Erstellung des PDFs hat zu lange gedauert."))
            if not m.cover_ok:
                raise PageBudgetError(
                    _("Überschrift und Teaser sind zu lang für die Titelseite: bitte den Teaser kürzen."),
                    label=_("Titelseite zu voll"),
                )
            if not m.back_ok:
                raise PageBudgetError(_("Die Rückseite ist zu voll."), label=_("Rückseite zu voll"))
            if _fits(m, body_pages, pages):
                best = (setting, document, m)
                break
            acceptable = m.pages == pages and m.body_pages == body_pages and m.last_fill >= FILL_FALLBACK_LAST
            if acceptable and (fallback is None or m.last_fill > fallback[2].last_fill):
                fallback = (setting, document, m)
            del document
            setting = _next_setting(tried, target, body_pages, has_quotes)
            if setting is None:
                break
        if best is None:
            best = fallback or _at_bound(tried, body_pages, pages, renderer, source)
        setting, document, m = best
        if len(_fitted) > 200:
            _fitted.clear()
        _fitted[digest] = setting
        write_started = time.perf_counter()
        pdf = _write(document, source) if write else b""
        seconds_write = time.perf_counter() - write_started
    return FitResult(
        pdf=pdf,
        setting=setting,
        measure=m,
        layouts=renderer.layouts,
        seconds_layout=renderer.seconds,
        seconds_write=seconds_write,
        refused_urls=renderer.fetcher.refused,
    )


def _next_setting(tried, target, body_pages, has_quotes=True):
    """The next scale to try, or None when the bounds are reached."""
    setting, m = tried[-1]
    length = m.length if m.body_pages <= body_pages else max(m.length, body_pages + 0.02)
    if len(tried) >= 2 and tried[-2][0].pull_quotes == setting.pull_quotes:
        (s1, m1), (s2, m2) = tried[-2], tried[-1]
        # Secant on the area model, guarded against flat or noisy steps.
        a1, a2 = _area(s1) / m1.length, _area(s2) / m2.length
        ratio = (a1 + a2) / 2
        wanted_area = ratio * target
        scale = _scale_for_area(wanted_area)
    else:
        scale = predict_scale(target, setting, length)
    scale = min(1.0, max(0.0, scale))
    if abs(scale - setting.scale) < 0.004:
        # Same setting again: nudge by one step in the needed direction.
        scale = setting.scale + (0.02 if length < target else -0.02)
    if scale < 0 or (setting.scale == 0.0 and length > body_pages):
        if setting.pull_quotes and has_quotes:
            return Setting(0.0, pull_quotes=False)
        return None
    if scale > 1 or (setting.scale == 1.0 and length < target):
        return None
    if any(abs(s.scale - scale) < 0.002 and s.pull_quotes == setting.pull_quotes for s, _m in tried):
        return None
    return Setting(scale, pull_quotes=setting.pull_quotes)


def _scale_for_area(wanted_area):
    """The scale whose area per word is ``wanted_area`` (bisection; the area grows with the scale)."""
    low, high = 0.0, 1.0
    for _step in range(40):
        middle = (low + high) / 2
        if _area(Setting(middle)) < wanted_area:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _at_bound(tried, body_pages, pages, renderer, source):
    """No acceptable layout: measure at the bound that decides and explain in words."""
    longest = max(tried, key=lambda sm: sm[1].length)
    if longest[1].length > body_pages:
        bound = Setting(0.0, pull_quotes=False)
        document, m = renderer.layout(bound) if longest[0] != bound else (None, longest[1])
        if document is not None and _fits(m, body_pages, pages):
            return bound, document, m
        raise _too_long(source, body_pages, m.length)
    bound = Setting(1.0)
    document, m = renderer.layout(bound) if tried[-1][0] != bound else (None, tried[-1][1])
    if document is not None and _fits(m, body_pages, pages):
        return bound, document, m
    raise _too_short(source, body_pages, m.length)


def _write(document, source):
    identifier = hashlib.md5(  # noqa: S324 - an identifier, not security
        f"{source.interview.pk}-{source.series.pk}".encode()
    ).hexdigest()
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode())


# --- Public API ----------------------------------------------------------------------


def render_pdf(interview, preview=False):
    """Set ``interview`` on its page budget and return the PDF bytes (needs no request)."""
    return fit(interview, preview=preview).pdf


def render_on_publish():
    return getattr(settings, "PDF_RENDER_ON_PUBLISH", True)


def check_page_budget(interview):
    """Raise PageBudgetError when ``interview`` cannot fit its page budget.

    Cheap when the stored PDF is current; otherwise lays the interview out
    (without writing a PDF). Skipped when settings.PDF_RENDER_ON_PUBLISH is
    False (tests that do not care about the PDF).
    """
    if not render_on_publish():
        return None
    source = load_source(interview)
    if (
        source.interview.pdf_state == "current"
        and source.interview.pdf_fingerprint == fingerprint(source)
        and source.interview.pdf_file
    ):
        return None
    fit(source, write=False)
    return None


def stored_name(source, digest):
    return f"pdf/{source.interview.pdf_filename[:-4]}-{digest[:16]}.pdf"


def _local_path(name):
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None


def write_atomically(name, data):
    """Write ``data`` to storage ``name``: temp file in the same folder, fsync, rename.

    A render killed midway leaves at most a ``.tmp-*`` file that is never
    served. Storages without local paths (S3) write objects atomically anyway.
    """
    path = _local_path(name)
    if path is None:
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


PDF_FIELDS = [
    "pdf_file",
    "pdf_fingerprint",
    "pdf_state",
    "pdf_error",
    "pdf_pages",
    "pdf_font_size",
    "pdf_size",
    "pdf_rendered_at",
]


def lock_path(interview_id):
    return Path(settings.MEDIA_ROOT) / "pdf" / f".render-{interview_id}.lock"


@contextlib.contextmanager
def render_lock(interview_id):
    """An O_EXCL lock file next to the PDFs: one render per interview across processes.

    Yields True when this caller holds the lock, False when another render is
    running. A lock older than the render timeout (or whose process on this
    host is gone) is stale and taken over.
    """
    path = lock_path(interview_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = f"{socket.gethostname()} {os.getpid()} {time.time():.0f}"
    acquired = False
    for _attempt in range(2):
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _lock_is_stale(path):
                path.unlink(missing_ok=True)
                continue
            break
        with os.fdopen(descriptor, "w") as handle:
            handle.write(token)
        acquired = True
        break
    try:
        yield acquired
    finally:
        if acquired:
            path.unlink(missing_ok=True)


def _lock_is_stale(path):
    try:
        host, pid, started = path.read_text().split()
        age = time.time() - float(started)
    except (OSError, ValueError):
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return True
        return age > 5
    if age > render_timeout() + 30:
        return True
    if host == socket.gethostname():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def is_current(interview, digest):
    return (
        interview.pdf_state == "current"
        and interview.pdf_fingerprint == digest
        and bool(interview.pdf_file)
        and default_storage.exists(interview.pdf_file.name)
    )


def store_pdf(interview, force=False, source=None):
    """Render and store the PDF of ``interview`` if what it shows changed.

    Returns "rendered", "unchanged", "busy" (another process renders it right
    now), "failed" (the error is stored in ``pdf_error``) or "skipped" (a
    draft or an interview in review: only published and scheduled ones are
    stored; staff see drafts as an unstored preview).
    Touches: the file ``MEDIA_ROOT/pdf/<name>-<hash>.pdf`` (the previous file
    is deleted), the interview's pdf_* fields (via update(), not save()), the
    lock file while rendering, and the content version (page caches).
    """
    from interviews.models import Interview, PdfState

    source = source or load_source(interview)
    if source.interview.status != "published":
        return "skipped"
    digest = fingerprint(source)
    if not force and is_current(source.interview, digest):
        return "unchanged"
    rows = Interview.objects.filter(pk=interview.pk)
    with render_lock(interview.pk) as acquired:
        if not acquired:
            return "busy"
        current = rows.only("pdf_state", "pdf_fingerprint", "pdf_file").first()
        if current is None:
            return "failed"
        if not force and is_current(current, digest):
            return "unchanged"
        rows.update(pdf_state=PdfState.RENDERING)
        try:
            result = fit(source)
        except PageBudgetError as error:
            rows.update(pdf_state=PdfState.FAILED, pdf_error=error.label, pdf_fingerprint="", pdf_pages=None)
            return "failed"
        except Exception as error:
            logger.exception("PDF render of interview %s failed", interview.pk)
            message = _("Die Erstellung ist fehlgeschlagen: %(error)s") % {"error": str(error)[:300] or type(error)}
            rows.update(pdf_state=PdfState.FAILED, pdf_error=message)
            return "failed"
        name = stored_name(source, digest)
        write_atomically(name, result.pdf)
        old_name = current.pdf_file.name
        rows.update(
            pdf_file=name,
            pdf_fingerprint=digest,
            pdf_state=PdfState.CURRENT,
            pdf_error="",
            pdf_pages=result.measure.pages,
            pdf_font_size=round(result.setting.font_size, 1),
            pdf_size=len(result.pdf),
            pdf_rendered_at=timezone.now(),
        )
        if old_name and old_name != name:
            with contextlib.suppress(OSError):
                default_storage.delete(old_name)
    # The interview page shows the PDF's size and pages: refresh cached pages.
    cache.bump_content_version()
    interview.refresh_from_db(fields=PDF_FIELDS)
    return "rendered"


def page_budget_label(interview):
    """A short German label of the stored page budget (no render), for the admin."""
    from interviews.models import PdfState

    if interview.pdf_state == PdfState.CURRENT and interview.pdf_pages:
        size = formats.number_format(interview.pdf_font_size, 1) if interview.pdf_font_size else "?"
        return _("%(pages)s/%(total)s Seiten, Schrift %(size)s pt") % {
            "pages": interview.pdf_pages,
            "total": interview.series.pages_per_part,
            "size": size,
        }
    if interview.pdf_state == PdfState.FAILED:
        return interview.pdf_error or interview.get_pdf_state_display()
    return interview.get_pdf_state_display()


def fit_report(interview):
    """Figures for ``make bench``: one fit, timed, with sizes.

    Always fits from scratch (no remembered setting). Returns a dict:
    renders (layouts needed), font_size, pages, last_fill,
    seconds_layout, seconds_write, seconds_total, bytes, words, peak_rss_mb
    (of this process so far). Raises PageBudgetError like render_pdf.
    """
    import resource

    started = time.perf_counter()
    source = load_source(interview)
    result = fit(source, remember=False)
    total = time.perf_counter() - started
    return {
        "interview": source.interview.slug,
        "words": source.word_count,
        "renders": result.layouts,
        "font_size": result.setting.font_size,
        "leading": result.setting.leading,
        "pull_quotes": result.setting.pull_quotes,
        "pages": result.measure.pages,
        "last_fill": round(result.measure.last_fill, 3),
        "seconds_layout": round(result.seconds_layout, 3),
        "seconds_write": round(result.seconds_write, 3),
        "seconds_total": round(total, 3),
        "bytes": len(result.pdf),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def words_label(n):
    return ngettext("%(n)s Wort", "%(n)s Wörter", n) % {"n": n}
