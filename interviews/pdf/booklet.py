"""The theme booklet („Themenheft“): one theme of one series, set like the parts.

A cover in the parts' design (series band, the theme as headline, its
leading question as teaser, the Kommunen of the booklet), then every
published Kommune's answers on the theme in one two-column text that begins
on the cover, each Kommune with a head (part, name, portrait, interviewee),
and the series' back page (``back.html``, as on every part). Fonts and the
body, head and back-page styles are the parts' (``print.css``);
``booklet.css`` adds only what a booklet has and a part has not.

One body size per booklet, from its band ``BAND`` (9–10 pt): it is
chosen so that the last text page is at least ``FILL_MIN`` filled (a layout
at the middle of the band, then at most two corrected ones).
"""

import dataclasses
import hashlib
import math
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import citation, print_images
from interviews import selectors
from interviews.pdf import columns, cover, document, estimate, turns
from interviews.pdf.document import PRINT_DIR, PrintURLFetcher

STYLESHEET = PRINT_DIR / "booklet.css"
PORTRAIT_MM = (20, 25)  # width, height of a Kommune's portrait in its head
# The booklet's body type (a setting's scale moves size and leading inside it, as in the parts).
BAND = estimate.Band(9.0, 10.0, 1.32, 1.45)
# The last text page is filled at least this much (a lower fill is accepted only when no body size reaches it).
FILL_MIN, FILL_TARGET, FILL_MAX = 0.5, 0.8, 0.985
MAX_LAYOUTS = 3
# A Kommune's head (portrait, name, interviewee) stays with its first question and two lines, a
# unit of up to a quarter of a column that moves whole to the next one. The column before it is
# justified like a part's (columns.justify): its gap goes into the spaces between blocks (most
# before a question, some between paragraphs), each growing by at most MAX_LINES_PER_WEIGHT lines
# per unit of weight. The lines of a paragraph keep their leading: feathering them made a column
# before a moved head visibly looser than its neighbour (up to a fifth of a line more per line).
# Only what the spaces cannot take would widen it, by at most columns.FEATHER_LINES (as in the
# parts; none in the review set's and the demo's Themenhefte).
MAX_LINES_PER_WEIGHT = 4.0


@dataclass
class Booklet:
    pdf: bytes
    pages: int
    setting: estimate.Setting
    last_fill: float
    layouts: int
    document: object = None  # the laid-out weasyprint Document (for an inspection)


def _entries(interviews):
    entries, images = [], []
    for interview in interviews:
        portrait = print_images.cmyk_jpeg(interview.portrait, *PORTRAIT_MM) if interview.portrait else None
        if portrait:
            images.append(portrait)
        entries.append(
            {
                "interview": interview,
                "kommune": interview.kommune,
                "portrait": portrait.as_uri() if portrait else None,
                "questions": [
                    {"question": q.question, "answer_html": mark_safe(document.print_html(q.answer))}  # noqa: S308
                    for q in interview.theme_questions
                ],
            }
        )
    return entries, images


def build_html(theme, series, interviews):
    """The booklet's print HTML and the image files it may load."""
    with override("de"):
        entries, images = _entries(interviews)
        publisher = citation.publication()
        imprint = {**publisher, "date": formats.date_format(timezone.localdate(), "j. F Y")}
        slots = selectors.part_slots(series)
        parts = document.part_entries(slots, selectors.series_closed(series))
        context = {
            "theme": theme,
            "series": series,
            "entries": entries,
            "publisher": publisher,
            "title": _("Themenheft „%(theme)s“ – %(series)s %(year)s")
            % {"theme": theme.title, "series": series.title, "year": series.year},
            "keywords": ", ".join([theme.title, *[i.kommune.name for i in interviews], _("Kommunaler Klimaschutz")]),
            "back": {
                "interview": None,
                "series": series,
                "groups": [{"theme": t} for t in series.themes.all()],
                "parts": parts,
                "part_columns": document.part_columns(parts),
                "imprint": imprint,
                "citation": citation.for_series(series).text,
                "credits": [f"{i.kommune.name}: {i.photo_credit}" for i in interviews if i.portrait and i.photo_credit],
            },
        }
        return render_to_string("interviews/print/collection/booklet.html", context), images


def booklet_css(theme, series, interviews, setting):
    marks = [_("Beispieltext (Demo-Inhalt)")] if any(i.is_sample for i in interviews) else []
    themes = {theme.pk: theme, **{t.pk: t for t in series.themes.all()}}
    # The spaces print.css reads (above theme heads and questions, around pull quotes): the design's own.
    spaces = "".join(f"--{name}: {value}em; " for name, value in estimate.SPACES.items())
    return "\n".join(
        [
            f":root {{ --body-size: {setting.font_size}pt; --body-leading: {setting.leading}; {spaces}"
            f"{document.back_vars(setting.compact_back)} {cover.design_css()}"
            f"--portrait-width: {PORTRAIT_MM[0]}mm; --portrait-height: {PORTRAIT_MM[1]}mm; }}",
            *document.theme_rules(themes.values()),
            *document.page_rules(series, marks),
        ]
    )


def render_booklet(theme, series, interviews):
    """Lay out the booklet at the body size that fills its last text page; a ``Booklet``."""
    from weasyprint import CSS

    from interviews.pdf.fitting import measure, shared_style

    html, images = build_html(theme, series, interviews)
    font_config, stylesheet = shared_style()
    fetcher = PrintURLFetcher(extra_files=images)
    own = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=font_config)
    parsed = document.parse(html, fetcher)

    def layout(setting):
        generated = CSS(
            string=booklet_css(theme, series, interviews, setting), url_fetcher=fetcher, font_config=font_config
        )
        with turns.guarded():
            rendered = parsed.render(font_config=font_config, stylesheets=[stylesheet, own, generated])
        return rendered, measure(rendered)

    setting = estimate.Setting(0.5, band=BAND)
    tried = []
    while len(tried) < MAX_LAYOUTS:
        rendered, m = layout(setting)
        if not m.back_ok and not setting.compact_back:
            setting = dataclasses.replace(setting, compact_back=True)
            continue
        tried.append((setting, rendered, m))
        if FILL_MIN <= m.last_fill <= FILL_MAX:
            break
        setting = _next(setting, m, tried, rendered.pages[1]._page_box.height)
        if setting is None:
            break
    setting, rendered, m = max(tried, key=lambda t: (FILL_MIN <= t[2].last_fill <= FILL_MAX, t[2].last_fill))
    # Full columns end together (a Kommune's head moved whole leaves no hole), even word spaces.
    columns.finish(rendered, MAX_LINES_PER_WEIGHT)
    identifier = hashlib.md5(f"booklet-{theme.pk}-{series.pk}".encode()).hexdigest()  # noqa: S324 - an identifier
    pdf = rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode())
    return Booklet(pdf, len(rendered.pages), setting, m.last_fill, len(tried), rendered)


def _next(setting, m, tried, page_px):
    """The body size that brings the last text page to FILL_TARGET, or None (out of the band, or tried).

    The text's length grows with size² × leading; the cover holds a fixed part of it (``cover_px``).
    """
    cover = m.cover_px / page_px / 2  # the cover's two columns, in body pages
    total = cover + m.length
    whole = math.floor(m.length)
    # Fill the last page further (larger type) or end on the page before (smaller type).
    for target in (whole + FILL_TARGET, whole - 1 + FILL_MAX - 0.05):
        if target + cover <= 0 or target < 0:
            continue
        ratio = (target + cover) / total
        low, high = 0.0, 1.0
        for _step in range(30):
            middle = (low + high) / 2
            low, high = (middle, high) if _growth(setting, middle) < ratio else (low, middle)
        scale = round((low + high) / 2, 3)
        if abs(_growth(setting, scale) - ratio) < 0.01 and all(abs(s.scale - scale) > 0.01 for s, _r, _m in tried):
            return dataclasses.replace(setting, scale=scale)
    return None


def _growth(setting, scale):
    candidate = dataclasses.replace(setting, scale=scale)
    return (candidate.font_size**2 * candidate.leading) / (setting.font_size**2 * setting.leading)
