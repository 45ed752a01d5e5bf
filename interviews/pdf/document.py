"""The print document: HTML and CSS of one interview, and the resources it may load.

Every resource WeasyPrint may load goes through ``PrintURLFetcher``: the
project's print fonts and CSS, and the interview's own converted images.
"""

import datetime
import hashlib
import html
import math
import mimetypes
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import citation, richtext
from interviews.pdf import cover
from interviews.pdf.metrics import NO_BREAK_HYPHEN, PRINT_SUBSTITUTES

PRINT_DIR = Path(settings.BASE_DIR) / "static" / "print"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "interviews" / "print"
STYLESHEET = PRINT_DIR / "print.css"

# The portrait prints as wide as the cover's right-hand column.
PORTRAIT_WIDTH_MM = cover.SIDE_MM
# A project figure prints full width at the foot of a page (the page's footnote area: the text of
# both columns flows on above it, so a figure never leaves a hole at a column foot), or, when the
# text needs the room, in the text at its column's width (print.css .interview-body: two columns,
# 5.5 mm gap). The fit chooses with one knob (``Setting.figure_fit``, ``figure_height_mm``):
# 2 = full width at the photo's own shape (kept between 5:2 and 16:9) ... 1 = full width cropped
# to 5:2; then 1 = column width at the photo's own shape (kept between 3:2 and 4:5) ... 0 = column
# width cropped to 16:9.
FIGURE_WIDTH_MM = (210 - 30 - 5.5) / 2
FULL_WIDTH_MM = 210 - 30
FIGURE_RATIOS = (2 / 3, 5 / 4)  # height / width of the printed photo at column width: widest, tallest
FIGURE_MIN_RATIO = 9 / 16
FULL_RATIOS = (2 / 5, 9 / 16)  # the same at full width: widest, tallest
FIGURE_FIT_MAX = 2.0


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


def imprint_data():
    """The publisher's data for the imprint (one source: ``core.citation.publication``)."""
    return citation.publication()


# A web address in running text (ends before closing punctuation), or an e-mail address (group 2).
_URL_RE = re.compile(r"((?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)“”\"'])|([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,})")
# Where an address may break: after "/", "." and "@" (a zero-width space, never a hyphen).
_URL_BREAK_RE = re.compile(r"(?<=[/.@])(?=[^/.@])")
URL_BREAK = "\u200b"


def _address_html(address):
    """An escaped address that may break after "/", "." or "@" only (print.css ``.url``: no hyphens).

    Not after one of its own hyphens either (a word joiner follows each): „akk-“ at a line's end
    would read as a hyphen the line break added („akkklimaschutz“?).
    """
    return _URL_BREAK_RE.sub(URL_BREAK, address).replace("-", NO_BREAK_HYPHEN)


def mark_urls(text_html):
    """Set every web and e-mail address in the text nodes of ``text_html`` as a link that breaks only after
    "/", "." or "@": „post-stelle@…“ or „klima-schutzmanagement@…“ at a line's end would be read as the address."""

    def link(match):
        address = html.unescape(match.group(0))
        web = address if "://" in address else f"https://{address}"
        href = f"mailto:{address}" if match.group(2) else web
        return f'<a class="url" href="{html.escape(href)}">{_address_html(match.group(0))}</a>'

    def in_text(segment):
        return _URL_RE.sub(link, segment)

    # Text between tags; inside an existing link only the breaks are added.
    parts = re.split(r"(<a\b[^>]*>.*?</a>)", text_html, flags=re.S)
    for index, part in enumerate(parts):
        if index % 2:
            parts[index] = re.sub(
                r">([^<]+)<", lambda m: ">" + _URL_RE.sub(lambda u: _address_html(u.group(0)), m.group(1)) + "<", part
            )
        else:
            parts[index] = re.sub(r">([^<]+)<", lambda m: ">" + in_text(m.group(1)) + "<", f">{part}<")[1:-1]
    return "".join(parts)


def _printable_link(match):
    """An answer's link for print: kept with its address when it points to a public web host."""
    from urllib.parse import urlsplit

    href = html.unescape(match.group(1))
    host = urlsplit(href).hostname or ""
    private = host == "localhost" or re.fullmatch(r"[\d.]+|\[[0-9a-f:.]+\]", host) is not None
    if private or not href.startswith(("http://", "https://", "mailto:")):
        return ""
    return f'<a href="{html.escape(href)}">'


def parse(print_document, fetcher):
    """WeasyPrint's document of the print HTML ``print_document`` (relative to ``static/print/``), its text set
    as ``metrics.PRINT_SUBSTITUTES`` says.

    Soft hyphens go: Word leaves them in transcripts, and text pasted from the web carries them (as the
    character or as ``&shy;``); next to a word that holds one WeasyPrint 70 hyphenates no line, and the
    lines around it come out loose. Print breaks every word itself (``hyphenation``: the dictionary,
    joints preferred). A non-breaking hyphen, which the serif faces lack (WeasyPrint would take it from
    another font of the machine), becomes a hyphen with a word joiner after it. The stored text keeps
    both. Every print render (part, print master, Themenheft, Sammelband and its back page) parses here.
    """
    from weasyprint import HTML

    parsed = HTML(string=print_document, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=fetcher)
    table = str.maketrans(PRINT_SUBSTITUTES)
    for element in parsed.etree_element.iter():
        if element.text:
            element.text = element.text.translate(table)
        if element.tail:
            element.tail = element.tail.translate(table)
    return parsed


def print_html(answer_html):
    """Answer HTML for print: sanitised again; links kept with their address (PDF link annotations).

    A link to a bare IP address or localhost keeps only its text. Web
    addresses in the text become links too and break only after "/" or "."
    (print.css ``.url``), never with a hyphen.
    """
    cleaned = richtext.sanitize(answer_html)
    cleaned = re.sub(r'<a\b[^>]*?href="([^"]*)"[^>]*>', _printable_link, cleaned)
    cleaned = re.sub(r"<a\b(?![^>]*href)[^>]*>", "", cleaned)
    # Links whose opening tag was dropped lose their closing tag too.
    depth, out = 0, []
    for token in re.split(r"(<a\b[^>]*>|</a>)", cleaned):
        if token.startswith("<a"):
            depth += 1
        elif token == "</a>":
            if depth == 0:
                continue
            depth -= 1
        out.append(token)
    return _last_words("".join(out))


# The last word of a paragraph or list item, with the inline tags that close after it.
# (with the tokens without letters or digits after it: „Interesse –.“)
_LAST_WORD_RE = re.compile(r"([^\s<>]+(?:\s+[^\s\w<>]+)*)((?:</(?:strong|em|b|i|a|span)>)*\s*</(?:p|li)>)")


def _last_words(text_html):
    """Web addresses as links (``mark_urls``); the last word of each paragraph and list item in a
    ``span.last-word``, which print.css hyphenates only with five letters after the break: a paragraph
    never ends on a line of two to four letters („Wär-/me“). A dash or other punctuation standing
    after the last word goes with it, joined by no-break spaces (real prose: „Interes-/se –.“)."""

    def last_word(match):
        word = re.sub(r"\s+", "\u00a0", match.group(1))
        return f'<span class="last-word">{word}</span>{match.group(2)}'

    return _LAST_WORD_RE.sub(last_word, mark_urls(text_html))


def _with_pull_quote(answer_html, quote, index):
    """Insert the pull quote (number ``index`` of ``Source.body_quotes``) after the answer's first block."""
    if not quote:
        return mark_safe(answer_html)
    # A BlockQuote in the tags, made an artifact by tagging.tidy (the answer holds the same words).
    aside = f'<blockquote class="pull-quote pull-quote-{index}">„{html.escape(quote)}“</blockquote>'
    match = re.search(r"</(p|ul|ol)>", answer_html)
    if match and match.end() < len(answer_html):
        return mark_safe(answer_html[: match.end()] + aside + answer_html[match.end() :])
    return mark_safe(answer_html + aside)


def month_year(value):
    return formats.date_format(value, "F Y")


def _parts(source):
    """The back page's list of parts: public ones with Kommune and title, others only their month."""
    current = (source.interview.part, source.kommune.name, source.interview.title)
    return part_entries(source.parts, source.series_closed, current)


def part_entries(slots, series_closed, current=None):
    """The entries of a back page's list of parts from ``selectors.part_slots``.

    ``current`` is (part, Kommune name, title) of the interview the page belongs to, or None (a collection).
    An entry's ``text`` is what the list prints: Kommune and title (a series of up to
    ``PARTS_WITH_TITLES`` parts) or the Kommune alone (a longer one).
    """
    with_titles = len(slots) <= PARTS_WITH_TITLES
    result = []
    for slot in slots:
        part, number = slot["interview"], slot["part"]
        is_current = current is not None and number == current[0]
        kommune = title = ""
        if is_current:
            kommune, title, state = current[1], current[2], _("dieses Interview")
        elif part is not None:
            kommune, title = part.kommune.name, part.title
            state = _("erschienen %(when)s") % {"when": month_year(timezone.localtime(part.published_at))}
        else:
            if slot["expected"]:
                expected = slot["expected"]
                if isinstance(expected, datetime.datetime):
                    expected = timezone.localtime(expected)
                state = _("erscheint voraussichtlich %(when)s") % {"when": month_year(expected)}
            elif series_closed:
                state = _("nicht erschienen")
            else:
                state = _("in Vorbereitung")
        if not kommune:
            text = _("Kommune wird noch bekannt gegeben")
        elif with_titles:
            text = f"{kommune}: {title}"
        else:
            text = kommune
        result.append({"number": number, "text": text, "kommune": kommune, "state": state, "current": is_current})
    return result


# The back page lists the parts across the page in two columns: with their titles up to this
# many parts, a longer series (up to the 24 a series may have) with the Kommunen only.
PARTS_WITH_TITLES = 8
PARTS_COLUMNS = 2


def part_columns(entries):
    """The list of parts split into ``PARTS_COLUMNS`` columns (filled column by column)."""
    rows = max(1, -(-len(entries) // PARTS_COLUMNS))
    return [entries[start : start + rows] for start in range(0, len(entries), rows)]


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
        "author": f"{i.interviewee_full_name}; {imprint['publisher']}",
        "subject": richtext.plain_text(i.lead),
        "keywords": ", ".join(
            [source.kommune.name, *[g["theme"].title for g in source.groups], _("Kommunaler Klimaschutz")]
        ),
        "created": created.isoformat(timespec="seconds"),
        "modified": timezone.now().isoformat(timespec="seconds"),
    }


def portrait_height_mm(source):
    """The cover portrait's height (mm): see ``cover.plan``."""
    return cover.plan(source).portrait_mm


def cover_type(source):
    """Headline and teaser sizes (pt) and the teaser's leading on the cover: see ``cover.plan``."""
    found = cover.plan(source)
    return found.headline, found.teaser, found.teaser_leading


def figure_ratio(figure):
    """Height / width of the figure's photo (3:2 when unknown)."""
    return figure.image_height / figure.image_width if figure.image_width and figure.image_height else 2 / 3


def full_width(fit):
    """Whether the figures print full width at the foot of a page at ``fit`` (``Setting.figure_fit``)."""
    return fit > 1.0


def figure_width_mm(fit):
    return FULL_WIDTH_MM if full_width(fit) else FIGURE_WIDTH_MM


def figure_height_mm(figure, fit=FIGURE_FIT_MAX):
    """The printed height of ``figure`` at the fit's ``Setting.figure_fit`` (see ``FIGURE_FIT_MAX``).

    ``fit`` 2 ... 1: full width, from the photo's own shape (kept between 5:2 and
    16:9) down to 5:2; 1 ... 0: column width, from its own shape (kept between 3:2
    and 4:5) down to 16:9; in between linearly.
    """
    return round(height_for_ratio_mm(figure_ratio(figure), fit), 1)


def height_for_ratio_mm(ratio, fit):
    if full_width(fit):
        own = min(max(ratio, FULL_RATIOS[0]), FULL_RATIOS[1])
        return FULL_WIDTH_MM * (FULL_RATIOS[0] + (own - FULL_RATIOS[0]) * (fit - 1.0))
    own = min(max(ratio, FIGURE_RATIOS[0]), FIGURE_RATIOS[1])
    return FIGURE_WIDTH_MM * (FIGURE_MIN_RATIO + (own - FIGURE_MIN_RATIO) * fit)


# Where a column above a full-width figure ends short, the fit may print that figure taller or lower
# (``Setting.figures_sized``, ``fitting._figure_sized``), within what a designer accepts: never flatter than
# 3:1, never taller than the photo's own shape (taller crops its sides away) nor than 3:2 (the page's
# text above it keeps more than half the type area; the footnote area holds at most 135 mm).
FULL_SIZED_RATIOS = (1 / 3, 2 / 3)


def full_height_limits_mm(figure):
    """(lowest, tallest) height in mm at which the full-width ``figure`` may print for a column foot.

    The tallest is never below the lowest; a photo wider than 5:2 (already cropped at its sides at
    the fit's smallest full-width height) gets no taller than it already prints.
    """
    low = FULL_WIDTH_MM * FULL_SIZED_RATIOS[0]
    high = FULL_WIDTH_MM * min(figure_ratio(figure), FULL_SIZED_RATIOS[1])
    return round(low, 1), round(max(low, high), 1)


def printed_height_mm(figure, index, setting):
    """The height ``figure`` (number ``index`` of the interview's figures) prints at ``setting``: the one
    the fit set for a column foot (``Setting.figures_sized``), else ``figure_height_mm`` at its
    ``figure_fit``. The one place the print CSS, the tests and the reports take it from."""
    return dict(setting.figures_sized).get(index, figure_height_mm(figure, setting.figure_fit))


def figure_image_mm(figure):
    """The box the figure's print image is converted for: full width, as high as its tallest crop.

    Every placement shows a crop of it (``object-fit: cover`` in print.css), so one file serves both.
    """
    return FULL_WIDTH_MM, round(FULL_WIDTH_MM * min(max(figure_ratio(figure), FULL_RATIOS[0]), FIGURE_RATIOS[1]), 1)


# The least resolution a print shop accepts where an image is placed (the print master's preflight checks it).
PRINT_MIN_PPI = 150


def print_resolution(width_px, height_px, box_mm):
    """The resolution (ppi) of a ``width_px`` × ``height_px`` image cropped to fill ``box_mm`` (object-fit: cover)."""
    return min(width_px * 25.4 / box_mm[0], height_px * 25.4 / box_mm[1])


def low_resolution_images(portrait, figures):
    """The images too small for print at their largest placement: (index (None: the portrait), width px,
    height px, ppi, the pixels needed as (width, height)).

    ``portrait``: an image field file or None; ``figures``: ``Figure`` instances (saved or not). A
    figure's largest placement is the full page width at its tallest crop (``figure_image_mm``), the
    portrait's the cover's right column at its tallest.
    """
    images = [(None, portrait, (PORTRAIT_WIDTH_MM, cover.PORTRAIT_MAX_MM))] if portrait else []
    images += [(index, figure.image, figure_image_mm(figure)) for index, figure in enumerate(figures) if figure.image]
    found = []
    for index, image, box in images:
        try:
            width, height = image.width, image.height
        except (OSError, ValueError):
            continue  # unreadable: the upload check says so
        if not width or not height:
            continue
        ppi = print_resolution(width, height, box)
        if ppi < PRINT_MIN_PPI - 0.5:
            needed = tuple(math.ceil(mm / 25.4 * PRINT_MIN_PPI) for mm in box)
            found.append((index, width, height, ppi, needed))
    return found


def build_html(source, images):
    """The print document as an HTML string (sizes come from ``layout_css``)."""
    with override("de"):
        imprint = imprint_data()
        imprint["licence"] = mark_safe(mark_urls(html.escape(imprint["licence"])))
        imprint["date"] = formats.date_format(timezone.localdate(), "j. F Y")
        publisher_user = source.interview.published_by
        if not imprint["responsible"] and publisher_user is not None:
            imprint["responsible"] = publisher_user.get_full_name() or publisher_user.get_username()
        on_cover = source.cover_quote
        quote_index = {q.pk: index for index, q in enumerate(source.body_quotes)}
        figure_index = {figure.pk: index for index, figure in enumerate(source.figures)}
        groups = [
            {
                "theme": group["theme"],
                "items": [
                    {
                        "question": q.question,
                        "answer_html": _with_pull_quote(
                            print_html(q.answer),
                            q.pull_quote if q.pk in quote_index else "",
                            quote_index.get(q.pk),
                        ),
                    }
                    for q in group["questions"]
                ],
                "figures": [
                    {
                        "src": images.get("figures", {})[figure.pk],
                        "index": figure_index[figure.pk],
                        "caption": figure.caption,
                        "credit": figure.credit_line,
                        "alt": figure.alt_text,
                    }
                    for figure in group["figures"]
                    if images.get("figures", {}).get(figure.pk)
                ],
            }
            for group in source.groups
        ]
        parts = _parts(source)
        context = {
            "interview": source.interview,
            "series": source.series,
            "kommune": source.kommune,
            "awards": source.awards,
            "factbox_rows": cover.factbox_rows(source),
            "lead": richtext.render(richtext.sanitize(source.interview.lead)),
            "groups": groups,
            "parts": parts,
            "part_columns": part_columns(parts),
            "imprint": imprint,
            # The same text as the web page's „Zitieren“ box.
            "citation": mark_safe(mark_urls(html.escape(citation.for_interview(source.interview).text))),
            "meta": _metadata(source, imprint),
            "cover_quote": on_cover.pull_quote if on_cover else "",
            "cover": cover.plan(source),
            "portrait": images.get("portrait"),
            "logo": images.get("logo"),
        }
        return render_to_string("interviews/print/document.html", context)


def _css_string(value):
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


# The back page's type size, section gap and the list of parts' type size (pt, mm, pt): normal and
# compact (a long series, long names or series texts). The list stays at 7 pt or more.
BACK_SIZES = {False: (9.2, 8, 8.0), True: (7.8, 4, 7.0)}


def back_vars(compact):
    """The CSS custom properties of the back page's sizes (``BACK_SIZES``)."""
    size, gap, list_size = BACK_SIZES[compact]
    return f"--back-size: {size}pt; --back-gap: {gap}mm; --back-list-size: {list_size}pt;"


def theme_rules(themes):
    """CSS rules giving each theme's class its print colour (``--accent``) and a darker shade (``--accent-dark``)."""
    rules = []
    for theme in themes:
        c, m, y, k = theme.cmyk
        dark = min(1.0, k + 0.25)
        rules.append(
            f".theme-{theme.pk} {{ --accent: {theme.device_cmyk}; "
            f"--accent-dark: device-cmyk({c:.2f} {m:.2f} {y:.2f} {dark:.2f}); }}"
        )
    return rules


def page_rules(series, marks=(), folios=True):
    """The running texts of the pages: folio „Seite x von n“ (none on the first page), marks, the back page's foot."""
    rules = []
    if folios:
        footer = _css_string(_("Seite ")) + " counter(page) " + _css_string(_(" von ")) + " counter(pages)"
        rules.append(f"@page {{ @bottom-right {{ content: {footer}; }} }}")
        rules.append("@page :first { @bottom-right { content: none; } }")
    else:
        rules.append("@page back { @bottom-right { content: none; } }")
    if marks:
        text = _css_string(" · ".join(marks))
        rules.append(f"@page {{ @bottom-left {{ content: {text}; }} }}")
    # The back page's blue foot carries the series' name (and the marks).
    back_mark = _css_string(" · ".join([series.title.upper(), *marks]))
    rules.append(f"@page back {{ @bottom-left {{ content: {back_mark}; }} }}")
    return rules


def back_css(series, themes, compact):
    """The generated CSS of a stand-alone series back page (the Sammelband's): sizes, colours, foot."""
    size = BACK_SIZES[compact][0]
    return "\n".join(
        [
            f":root {{ {cover.design_css()}{back_vars(compact)} --body-size: {size}pt; --body-leading: 1.4; }}",
            *theme_rules(themes),
            *page_rules(series, folios=False),
        ]
    )


def layout_css(source, setting, preview=False):
    """The generated part of the print CSS: sizes (the cover's design and its plan: ``cover.design_css``,
    ``cover.plan``), theme colours, running texts."""
    spaces = "".join(f"--{name}: {value}em; " for name, value in setting.spaces().items())
    plan = cover.plan(source)
    rules = [
        f":root {{ --body-size: {setting.font_size}pt; --body-leading: {setting.leading}; {spaces}"
        f"{cover.design_css()}{plan.css_vars()}"
        # A series with long texts gets a smaller back page.
        f"{back_vars(setting.compact_back)} }}",
        *theme_rules(group["theme"] for group in source.groups),
    ]
    quotes = len(source.body_quotes)
    for index in range(quotes - setting.quotes_dropped, quotes):
        rules.append(f".pull-quote-{index} {{ display: none; }}")
    for index, figure in enumerate(source.figures):
        rules.append(f".project-figure-{index} img {{ height: {printed_height_mm(figure, index, setting):.1f}mm; }}")
    if source.figures and full_width(setting.figure_fit):
        # Full width at the foot of the page where the theme ends (the next page's when it does not fit).
        rules.append(".project-figure { float: footnote; margin: 4mm 0 0 0; }")
    marks = []
    if source.interview.is_sample:
        marks.append(_("Beispieltext (Demo-Inhalt)"))
    if preview:
        marks.append(_("Vorschau – nicht veröffentlicht"))
    rules += page_rules(source.series, marks)
    if preview:
        rules.append(f"@page {{ @top-center {{ content: {_css_string(_('VORSCHAU'))}; }} }}")
    return "\n".join(rules)
