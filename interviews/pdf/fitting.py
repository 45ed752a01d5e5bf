"""Fitting: find the body text setting that fills exactly the page budget.

Layout: the interview opens on the cover and flows in one two-column text
to page n-1; page n is the back page. The body adapts with what a designer
would move (``estimate.Setting``): one knob ``scale`` (0..1) sets body size
inside its band (8.5-10 pt), leading and the space between blocks together;
when the text does not fit at the smallest setting, the project figures are
cropped (their own shape down to 16:9), then pull quotes are left out from
the end of the text, one by one. The length model
(``estimate.py``) predicts the setting, so one layout fits most of the
time; a correction from the measured layout follows if needed. See docs/pdf.md.
"""

import atexit
import contextlib
import dataclasses
import hashlib
import html as html_lib
import math
import re
import signal
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from core import print_images, richtext
from interviews.pdf import columns, cover, hyphenation, linecache, onepass, repaginate, tagging, turns
from interviews.pdf.document import (
    FIGURE_FIT_MAX,
    FIGURE_MIN_RATIO,
    FIGURE_WIDTH_MM,
    FULL_RATIOS,
    FULL_WIDTH_MM,
    PORTRAIT_WIDTH_MM,
    STYLESHEET,
    PrintURLFetcher,
    build_html,
    design_digest,
    figure_height_mm,
    figure_image_mm,
    full_height_limits_mm,
    full_width,
    layout_css,
    parse,
    portrait_height_mm,
    printed_height_mm,
)
from interviews.pdf.estimate import FONT_MAX, FONT_MIN, FULL_WIDTH_MIN_FIT, LengthModel, Setting
from interviews.pdf.source import Source, fingerprint, load_source

# Fill of the body pages, in pages: the last body page is at least FILL_MIN_LAST filled.
FILL_TARGET_LAST = 0.82
FILL_MIN_LAST = 0.62
FILL_MAX_LAST = 0.985
# A correction after a layout too short (too long) aims at the near side of the window: full-width
# figures move the text in steps (a figure that no longer fits under the text of its page moves on
# to the next), so the text often moves further than the length model says.
FILL_CORRECTED = (0.72, 0.9)
# Accepted when no layout reached FILL_MIN_LAST within two layouts (a third is made only when
# neither of the first two reached this; at most MAX_LAYOUTS): the last text page may end short,
# and a third layout costs more than the yardstick's 1.5 (issue 19 item 7). Also the least a layout
# that closes a hole at a column's foot may fill the last page (``fit``).
FILL_FALLBACK_LAST = 0.5
FALLBACK_AFTER_LAYOUTS = 2
MAX_LAYOUTS = 4
# The page budget counts what takes room, in words of body text ("Satzwörter"): the answers'
# and the questions' own words, plus the room around each question (rule, spaces) in words.
# Pull quotes fill a short text (2.2 words of room per word, plus their rules), but the fit may
# drop them, so they do not count against a long one. Measured with the length model on the
# shapes of tests/pdf_shapes.py (least squares: a question takes 9.5 words besides its text).
QUESTION_SPACE_WORDS = 10
# An answer counts its words, or its characters (spaces included) in words of the length the range
# was measured with, when its words are longer than those (long compounds: fewer words a line);
# each list item adds the room of its indent, its space and its last line's end. Measured with the
# length model at the smallest setting on generated shapes (tests/pdf_shapes.generated_shape):
# the measured text's words run to 8.0-8.4 characters, long compounds to 9.2-9.5; a list item
# took 4.4-5.2 words of room besides its text.
# What its characters make beyond its words counts 1.25 times (LONG_WORDS_FACTOR): long compounds
# break less well at a line's end. At 1 (until 5 December) answers of long compounds one paragraph
# each at the top of the range took 1-4 % of a page more than their pages (generated seeds 17, 38).
CHARS_PER_WORD, LONG_WORDS_FACTOR = 8.6, 1.25
LIST_ITEM_WORDS = 5
# Each paragraph of an answer beyond its first, and each line begun by a line break, ends the line
# before it part-empty and indents its own first line (1.1 em); short paragraphs also move whole to
# the next column more often (orphans and widows: two lines). Measured with real layouts
# (bench/paragraph_room.py): the same words in answers of one paragraph and of paragraphs of 20-60
# words took 2.9-3.1 words of room a break at 8.5 pt, 2.0-2.8 at 10 pt; at the top of the fill window,
# 20-word paragraphs against one-paragraph answers, 3.1-4.6 (mean 3.8). A break counts the first
# number against the top of the range, the second against its bottom (like a figure's room).
PARAGRAPH_WORDS, PARAGRAPH_SHORT_WORDS = 4, 3
# Outside its range (``word_range``) an interview is refused before any render. The top of six pages
# (four body pages) is what fits at 8.5 pt without pull quotes, in Satzwörter. Measured with real
# layouts on 42 shapes (bench/paragraph_room.py --range: 5-40 answers, short and 25-word questions,
# paragraphs of 20-80 words or one an answer): the most that fits is 4,003-4,553. The bottom, what
# fills the last page at 10 pt with every pull quote, is counted on its own (below).
WORDS_MAX = 3970
# The bottom: what each kind of block takes at the largest setting (10 pt, the airiest spaces, every
# pull quote, figures full width), where a short text is longest. Measured with real layouts
# (bench/bottom_room.py: generated shapes of seeds 400-679 without figures, as drawn and with the
# portrait flipped and the paragraphs cut again, scaled to the bottom, laid out once at the largest
# setting; least squares of the room their text fills on the kinds of block; docs/pdf.md). Against
# the bottom, besides the answers' room (``answer_words``, with PARAGRAPH_SHORT_WORDS a break):
# - a question its characters, QUESTION_CHARS_SHORT a Satzwort (bold, set ragged: long compounds
#   fill a line sooner than words say), and QUESTION_SPACE_SHORT_WORDS for the space and rule around it;
# - a list item LIST_ITEM_SHORT_WORDS (its indent, space and last line), a pull quote
#   QUOTE_SPACE_WORDS and QUOTE_WORD_FACTOR a word (measured on quotes of 7-12 words: 30-41 each);
# - a theme head THEME_SHORT_WORDS: the bottom holds RANGE_THEMES of them, so each one fewer counts
#   that much less (a three-theme text counted as four-theme one filled its last page short);
# - without a portrait the cover holds more of the text (NO_PORTRAIT_WORDS less, below).
# The bottom of ``pages`` pages is BOTTOM_COLUMN_WORDS a column its text fills, less BOTTOM_FIXED_WORDS
# (the cover's columns hold less than a body column, the four theme heads do not grow with the pages),
# plus BOTTOM_MARGIN_WORDS: the same count fills the last page a tenth of a page more or less (sd 56
# Satzwörter: where whole blocks move to the next column), and no text the budget accepts may fill
# it less than FILL_FALLBACK_LAST (with the margin none of the 304 measured; without it one, at 0.47).
QUESTION_CHARS_SHORT, QUESTION_SPACE_SHORT_WORDS = 9.5, 14
LIST_ITEM_SHORT_WORDS = 4
QUOTE_WORD_FACTOR, QUOTE_SPACE_WORDS = 1.0, 31
THEME_SHORT_WORDS, RANGE_THEMES = 46, 4
BOTTOM_COLUMN_WORDS, BOTTOM_FIXED_WORDS, BOTTOM_MARGIN_WORDS = 315, 122, 20
# A project figure takes the room of its photo and the spaces around it, plus its caption's words
# (caption and credit count as words). Converted to Satzwörter with the range itself: the top of
# the range fills the four body pages at 8.5 pt and the cover's columns (about 0.7 of a body
# column), the bottom the body to the last page's target fill at 10 pt. Against the top the
# photo counts at its smallest (the fit sets it at column width cropped to 16:9), against the
# bottom full width at 5:2 (the widest shape it prints at when the text is short: full width at
# the foot of a page takes its height from both columns), so neither depends on the photo's shape.
COVER_COLUMNS = 0.7
BODY_COLUMN_MM = 297 - 17 - 15


# Without a portrait the cover's right-hand column holds a pull quote instead (``Source.cover_quote``, the
# first one, then not printed in the text): the interview's columns on the cover begin higher (seed 189:
# 459 px against 328 with a portrait), and the quote takes no room in the body. Against the bottom such a
# text counts NO_PORTRAIT_WORDS less (measured with bench/bottom_room.py: 99-105 Satzwörter, about 42 mm
# of both cover columns) and not its first pull quote. Until 5 December it was not counted: generated
# seed 189 (no portrait, a quote every fifth answer) was „im Rahmen" at 2,495 and its last page filled
# to 0.44 at 10 pt (the fit then refused it).
NO_PORTRAIT_WORDS = 100


def _figure_words(ratio, words_per_column, body_pt, full=False):
    if full:  # print.css: 5 mm above the footnote area, caption gap; both columns
        column_mm = 2 * (FULL_WIDTH_MM * ratio + 5 + 1.5)
    else:  # print.css .project-figure: caption gap, margins 1em + 1.1em
        column_mm = FIGURE_WIDTH_MM * ratio + 1.5 + 2.1 * body_pt * 25.4 / 72
    return round(column_mm * words_per_column / BODY_COLUMN_MM)


FIGURE_WORDS_LONG = _figure_words(FIGURE_MIN_RATIO, WORDS_MAX / (4 * 2 + COVER_COLUMNS), FONT_MIN)
FIGURE_WORDS_SHORT = _figure_words(FULL_RATIOS[0], BOTTOM_COLUMN_WORDS, FONT_MAX, full=True)


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


@dataclass
class Measure:
    pages: int
    body_pages: int
    last_fill: float  # 0..1 of the last body page
    cover_ok: bool
    back_ok: bool
    cover_px: float = 0.0  # height of the interview's columns on the cover

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
    pages_made: int  # pages laid out over all layouts (``repaginate``: a later layout keeps pages)
    seconds_layout: float
    seconds_write: float
    refused_urls: list
    document: object = None  # the laid-out weasyprint Document (for a second write or an inspection)


_shared = threading.local()
# Drop the cached fonts before the interpreter tears down the modules their finaliser needs.
atexit.register(_shared.__dict__.clear)


def shared_style():
    """The font configuration and the parsed print.css, made once per thread and design.

    Parsing the stylesheet loads its ten font files; every render in the
    worker reuses both (a changed design file makes new ones). Every print
    render passes here, so it also installs the print hyphenation.
    """
    hyphenation.install()
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    digest = design_digest()
    cached = getattr(_shared, "style", None)
    if cached is None or cached[0] != digest:
        font_config = FontConfiguration()
        stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=PrintURLFetcher(), font_config=font_config)
        cached = _shared.style = (digest, font_config, stylesheet)
    return cached[1], cached[2]


class Renderer:
    """Lays out one interview at different settings, sharing parsed HTML, stylesheet and fonts."""

    def __init__(self, source, preview=False):
        self.source = source
        self.preview = preview
        self.portrait_mm = portrait_height_mm(source)
        images = {
            "portrait": print_images.cmyk_jpeg(source.interview.portrait, PORTRAIT_WIDTH_MM, self.portrait_mm),
            "logo": print_images.cmyk_jpeg(source.kommune.logo, 40, 14) if source.kommune.logo else None,
        }
        figures = {
            figure.pk: print_images.cmyk_jpeg(figure.image, *figure_image_mm(figure)) for figure in source.figures
        }
        self.fetcher = PrintURLFetcher(extra_files=[p for p in [*images.values(), *figures.values()] if p])
        image_urls = {key: path.as_uri() if path else None for key, path in images.items()}
        image_urls["figures"] = {pk: path.as_uri() for pk, path in figures.items() if path}
        self.font_config, self.stylesheet = shared_style()
        self.html = parse(build_html(source, image_urls), self.fetcher)
        # The project figures' elements, in index order, each the last children of its theme section.
        parents = {child: parent for parent in self.html.etree_element.iter() for child in parent}
        self.figures = {}
        for element in self.html.etree_element.iter("figure"):
            index = figure_index(element)
            if index is not None:
                self.figures[index] = (element, parents[element])
        # The pull quotes in the text, each with the theme section it stands in; those sections' blocks as built.
        self.quotes, self.built = {}, {}
        for element in self.html.etree_element.iter("blockquote"):
            index = quote_index(element)
            if index is not None:
                self.quotes[index] = (element, parents[element])
                self.built.setdefault(parents[element], list(parents[element]))
        # Paragraphs and list items in document order: ``Setting.tracked`` names them by index.
        self.running = [element for element in self.html.etree_element.iter() if element.tag in ("p", "li")]
        self.moved = ()
        self.tracked = ()
        self.quotes_moved = ()
        self.layouts = 0
        self.pages_made = 0  # over all layouts; a later layout keeps the pages its change does not reach
        self.seconds = 0.0
        self.last = None  # (setting, repaginate.Pagination) of the last layout
        self.lines = linecache.Lines()  # lines of text laid out so far (a later layout takes those it does not change)

    def arrange(self, setting):
        """Put the figures where ``setting.figures_moved`` says (else at the end of their theme), the pull
        quotes ``setting.quotes_moved`` names one block later, and mark the paragraphs ``setting.tracked``
        names (class ``fit-tight`` or ``fit-loose``)."""
        import cssselect2

        unchanged = (self.moved, self.tracked, self.quotes_moved)
        if (setting.figures_moved, setting.tracked, setting.quotes_moved) == unchanged:
            return
        for section, blocks in self.built.items():
            section[:] = blocks
        for section, children in self.order(setting).items():
            section[:] = children
        for index in setting.quotes_moved:
            element, section = self.quotes[index]
            at = list(section).index(element)
            section.remove(element)
            section.insert(at + 1, element)
        tracked = dict(setting.tracked)
        for index, element in enumerate(self.running):
            names = [name for name in (element.get("class") or "").split() if name not in ("fit-tight", "fit-loose")]
            if index in tracked:
                names.append(f"fit-{tracked[index]}")
            if names:
                element.set("class", " ".join(names))
            elif "class" in element.attrib:
                del element.attrib["class"]
        self.html.wrapper_element = cssselect2.ElementWrapper.from_html_root(self.html.etree_element)
        self.moved = setting.figures_moved
        self.tracked = setting.tracked
        self.quotes_moved = setting.quotes_moved

    def order(self, setting):
        """The children of each theme section with figures, in the order ``setting.figures_moved`` puts them."""
        sections = {}
        for element, section in self.figures.values():
            children = sections.setdefault(section, list(section))
            children.remove(element)
            children.append(element)
        for index, after in sorted(setting.figures_moved, key=lambda move: -move[1]):
            element, section = self.figures[index]
            sections[section].remove(element)
            sections[section].insert(after + 1, element)
        return sections

    def changed(self, before, after):
        """The elements laid out differently at two settings that differ only in what a later layout may change
        (``LATER_CHANGES``): the paragraphs tracked otherwise, the figures sized otherwise; a pull quote printed
        at one and left out at the other, or moved, with the block before it (and the block it follows now); in
        a theme whose figures move, the block before the first change of order and everything after it."""
        tracked_before, tracked_after = dict(before.tracked), dict(after.tracked)
        indices = tracked_before.keys() | tracked_after.keys()
        elements = [self.running[i] for i in sorted(indices) if tracked_before.get(i) != tracked_after.get(i)]
        sized_before, sized_after = dict(before.figures_sized), dict(after.figures_sized)
        for index in sorted(sized_before.keys() | sized_after.keys()):
            if sized_before.get(index) != sized_after.get(index):
                elements.extend(self.figures[index][0].iter())
        # A quote printed at one and left out at the other: the block before it (where the text after it may now
        # end or begin) and the quote; a quote moved: also the block it follows now (the column that ended short
        # is the one before).
        quotes = [(index, 1) for index in self.quotes_printed_otherwise(before, after)]
        quotes += [(index, 2) for index in sorted(set(before.quotes_moved) ^ set(after.quotes_moved))]
        for index, through in quotes:
            element, section = self.quotes[index]
            blocks = self.built[section]
            at = blocks.index(element)
            for block in blocks[max(0, at - 1) : at + through]:
                elements.extend(block.iter())
        old, new = self.order(before), self.order(after)
        for section, children in new.items():
            moved = [i for i, (a, b) in enumerate(zip(old[section], children, strict=True)) if a is not b]
            if moved:
                for child in old[section][max(0, moved[0] - 1) :]:
                    elements.extend(child.iter())
        return elements

    def quotes_printed_otherwise(self, before, after):
        """The indices of the pull quotes printed at one setting and left out at the other (from the end)."""
        quotes = len(self.source.body_quotes)
        low, high = sorted((before.quotes_dropped, after.quotes_dropped))
        return [index for index in range(quotes - high, quotes - low) if index in self.quotes]

    def later(self, setting):
        """The last layout's setting when ``setting`` differs from it only in what a later layout may change
        (``LATER_CHANGES``), else None."""
        if self.last is None:
            return None
        before = self.last[0]
        changes = {name: getattr(setting, name) for name in LATER_CHANGES}
        return before if dataclasses.replace(before, **changes) == setting else None

    def start(self, setting):
        """Where this layout may begin from the last one (``repaginate.Start``), or None for a whole layout."""
        before = self.later(setting)
        if before is None:
            return None
        pagination = self.last[1]
        pages = pagination.pages_of(self.changed(before, setting))
        if pages and before.quotes_dropped != setting.quotes_dropped:
            # A quote left out (or printed again) shifts the later blocks of its theme by one in WeasyPrint's
            # tree, where a page's start is counted: a later page could begin at the same count before another
            # block. Every page from the first change on is made again.
            pages = (pages[0], len(pagination.pages) - 1)
        return pagination.start(*pages) if pages else None

    def kept_lines(self, setting):
        """The lines of text of the layouts before (``linecache.Lines``) that a layout at ``setting`` takes: all but
        those of the elements it changes, none after a change of anything else (type size, spaces)."""
        if self.last is not None:
            before = self.later(setting)
            if before is None:
                self.lines = linecache.Lines()
            else:
                self.lines.forget(self.changed(before, setting))
        return self.lines

    def layout(self, setting):
        """Lay out at ``setting``: the document and its ``Measure``. Each column of a page is laid out once
        (``onepass``), each line of text once (``linecache``: also over layouts, but for the elements a later
        layout changes); after a layout that differed only in tracked paragraphs, moved or sized figures, only the
        pages those reach are made again (``repaginate``)."""
        from weasyprint import CSS

        started = time.perf_counter()
        start = self.start(setting)
        lines = self.kept_lines(setting)
        self.arrange(setting)
        # With the renderer's fetcher: WeasyPrint's default fetcher makes a TLS context (~40 ms) for every stylesheet.
        generated = CSS(string=layout_css(self.source, setting, self.preview), url_fetcher=self.fetcher)
        with turns.guarded(), onepass.active(), linecache.active(lines), repaginate.recording(start) as recorded:
            document = self.html.render(
                font_config=self.font_config, stylesheets=[self.stylesheet, generated], pdf_variant="pdf/ua-1"
            )
        self.last = (setting, recorded[0])
        self.layouts += 1
        self.pages_made += recorded[0].made
        self.seconds += time.perf_counter() - started
        return document, measure(document)


# What a later layout may change and still keep the pages it does not reach (``Renderer.start``).
LATER_CHANGES = ("tracked", "figures_moved", "figures_sized", "quotes_moved", "quotes_dropped")


def quote_index(element):
    """The index of a pull quote's element in the text (class ``pull-quote-<index>``), else None."""
    for name in (element.get("class") or "").split():
        if name.startswith("pull-quote-") and name.removeprefix("pull-quote-").isdigit():
            return int(name.removeprefix("pull-quote-"))
    return None


def figure_index(element):
    """The index of a project figure's element (class ``project-figure-<index>``), else None."""
    for name in (element.get("class") or "").split():
        if name.startswith("project-figure-"):
            return int(name.removeprefix("project-figure-"))
    return None


def _figure_moves(document, setting, renderer):
    """Column-wide figures to set earlier in their theme: (moves, the columns they would close), or ((), []).

    A figure that does not fit at the foot of a column goes whole to the next one and leaves a
    hole, often deeper than the spaces between blocks can take. Set after the last block of its
    own theme that still leaves room for it in that column, the text after it fills the column's
    foot (breaking between lines) and the columns after it hold the same text as before.
    Measured before the columns are justified.
    """
    if full_width(setting.figure_fit):
        return (), []
    moves, closed = dict(setting.figures_moved), []
    found = columns.columns(document)
    limit = columns.FOOT_GAP_LINES
    for column, following in zip(found, found[1:], strict=False):
        if column.last:
            break
        figure = following.blocks[0]
        index = figure_index(figure.element) if columns.kind(figure) == "figure" else None
        if index is None or index not in renderer.figures or column.gap <= limit * column.line:
            continue
        section = renderer.figures[index][1]
        children = list(section)
        room = column.foot - figure.margin_height()
        candidates = [
            block
            for block in column.blocks
            if block.element in children
            and columns.kind(block) == "text"
            and block.element is not children[-1]
            and columns.ink_bottom(block) <= room
        ]
        if candidates:
            moves[index] = children.index(candidates[-1].element)
            closed.append(column)
    return tuple(sorted(moves.items())), closed


MM = 96 / 25.4  # CSS pixels per millimetre
# The cover keeps at least this share of its height for the interview's first columns (``cover.plan``
# sets the cover's type so that every field at its model's limit leaves it).
COVER_BODY_MIN = cover.TEXT_SHARE_MIN


def measure(document):
    """Where the body ends, and whether the cover and back page hold what they must.

    The body is one two-column flow from the cover to the last body page; its
    length counts the pages after the cover: the last page's fill is the
    share of its two columns used (the first column fills before the second).
    """
    where = {}
    for index, page in enumerate(document.pages):
        for name in ("body-start", "body-end", "back-start", "back-end", "cover-text-end"):
            if name in page.anchors and name not in where:
                where[name] = (index, page.anchors[name])
    pages = len(document.pages)
    end_index, end_box = where.get("body-end", (pages - 2, (0, 0, 0, 0)))
    box = document.pages[end_index]._page_box
    top, left = box.content_box_y(), box.content_box_x()
    # Full-width figures at the page's foot take their height from both columns; the columns end above them.
    area = columns.foot_figures(box)
    figures_px = area.margin_height() if area is not None else 0.0
    text_px = max(0.0, box.height - figures_px)
    depth_px = max(0.0, min(text_px, end_box[1] - top))
    second_column = end_box[0] > left + box.width / 2
    fill = min(1.0, (depth_px + (text_px if second_column else 0.0) + 2 * figures_px) / (2 * box.height))
    back_start = where.get("back-start", (pages - 1,))[0]
    spilled = columns.foot_figures(document.pages[back_start]._page_box) if end_index < back_start else None
    if spilled is not None:
        # A figure did not fit below the text of the last body page and went on to the back page:
        # the body is too long by the figure's room (in both columns).
        fill += spilled.margin_height() / box.height
    cover_ok = where.get("body-start", (1,))[0] == 0
    cover_px = 0.0
    if cover_ok:
        cover_box = document.pages[0]._page_box
        cover_px = cover_box.content_box_y() + cover_box.height - where["body-start"][1][1]
    if "cover-text-end" in where:
        cover_box = document.pages[0]._page_box
        cover_ok = cover_ok and where["cover-text-end"][0] == 0
        cover_ok = cover_ok and where["cover-text-end"][1][1] <= cover_box.height * (1 - COVER_BODY_MIN)
    back_ok = back_start == pages - 1 and where.get("back-end", (pages - 1,))[0] == pages - 1
    if back_ok and "back-end" in where:
        # The white sheet (down to the imprint) ends inside the page area.
        back_box = document.pages[-1]._page_box
        back_ok = where["back-end"][1][1] <= back_box.content_box_y() + back_box.height
    # A back page pushed on by a figure from the body is the body's fault (too long), not the back page's.
    back_ok = back_ok or spilled is not None
    return Measure(
        pages=pages,
        body_pages=end_index,
        last_fill=fill,
        cover_ok=cover_ok,
        back_ok=back_ok,
        cover_px=cover_px,
    )


def _round_words(n):
    return max(10, int(math.ceil(n / 10.0)) * 10)


def _too_long(source, body_pages, length):
    words = _round_words(source.word_count * (1 - (body_pages - 1 + FILL_TARGET_LAST) / length))
    pages = source.interview.pages
    units = source_units(source)
    figure_text, pages_text = _remedies(pages, *units, len(source.figures))
    message = _(
        "Das Interview ist zu lang für %(pages)s Seiten: bitte ca. %(words)s Wörter kürzen%(figures)s "
        "(auch bei kleinster Schrift von %(size)s pt und kleinsten Abbildungen passt es nicht)%(other_pages)s."
    ) % {
        "pages": pages,
        "words": words,
        "size": formats.number_format(FONT_MIN, 1),
        "figures": figure_text,
        "other_pages": pages_text,
    }
    return PageBudgetError(message, words_to_cut=words, label=_("zu lang: ca. %(n)s Wörter kürzen") % {"n": words})


def _too_short(source, body_pages, length):
    wanted = (body_pages - 1 + FILL_TARGET_LAST) / max(length, 0.2)
    words = _round_words(source.word_count * (wanted - 1))
    pages = source.interview.pages
    units = source_units(source)
    figure_text, pages_text = _remedies(pages, *units, len(source.figures), missing=words)
    message = _(
        "Das Interview ist zu kurz für %(pages)s Seiten: bitte ca. %(words)s Wörter oder Zitate ergänzen%(figures)s "
        "(auch bei größter Schrift von %(size)s pt bleibt Seite %(last)s zu leer)%(other_pages)s."
    ) % {
        "pages": pages,
        "words": words,
        "last": pages - 1,
        "size": formats.number_format(FONT_MAX, 0),
        "figures": figure_text,
        "other_pages": pages_text,
    }
    return PageBudgetError(message, words_to_add=words, label=_("zu kurz: ca. %(n)s Wörter ergänzen") % {"n": words})


def word_range(pages):
    """The Satzwörter a PDF of ``pages`` pages may hold: (low, high).

    The bottom is what fills the columns of the text at the largest setting to the last page's
    ``FILL_MIN_LAST`` (two a body page and the cover's): ``BOTTOM_COLUMN_WORDS`` a column, less what
    does not grow with the page count (``BOTTOM_FIXED_WORDS``; measured, bench/bottom_room.py). The
    top scales by the smaller of the columns and the body pages: the cover's columns do not grow with
    the page count, but neither does the room of the theme heads. Measured (real layouts at the
    smallest setting, plain text at the top): three pages hold about 1,200 (by columns 1,232 were
    too many), eight pages about 6,400, but long compounds on eight pages were beyond at 5,955 (by
    body pages alone).
    """
    body_pages = pages - 2

    def columns(body, last):
        return 2 * (body - 1 + last) + COVER_COLUMNS

    low = BOTTOM_COLUMN_WORDS * columns(body_pages, FILL_MIN_LAST) - BOTTOM_FIXED_WORDS + BOTTOM_MARGIN_WORDS
    high = WORDS_MAX * min(columns(body_pages, 1) / columns(4, 1), body_pages / 4)
    return round(low), round(high)


def answer_words(html):
    """The room of an answer in Satzwörter (``static/admin-extra/word-count.js`` counts alike)."""
    text = richtext.plain_text(html)
    words = len(text.split())
    # (rounded half up, as the meter's Math.floor(x + 0.5))
    words += math.floor(LONG_WORDS_FACTOR * max(0.0, len(text) / CHARS_PER_WORD - words) + 0.5)
    return words + LIST_ITEM_WORDS * list_items(html) + PARAGRAPH_WORDS * paragraph_breaks(html)


def list_items(html):
    """How many list items the answer ``html`` holds."""
    return len(re.findall(r"<li[\s>]", html or "", re.IGNORECASE))


_TOKEN_RE = re.compile(r"<(/?)([a-z0-9]+)[^>]*>|([^<]+)", re.IGNORECASE)


def paragraph_breaks(html):
    """How many lines of the answer ``html`` begin after a break, not after the line before: one less
    than the lines its paragraphs begin (outside list items, which count as items). A paragraph begins
    one line, and one more after each line break in it, except after a break that ends it; an empty
    paragraph begins none (it takes no room), one of a blank or a no-break space begins a blank line."""
    lines = depth = 0
    pieces = None  # the text of the open paragraph between its line breaks
    for closing, tag, data in _TOKEN_RE.findall(richtext.sanitize(html)):
        tag = tag.lower()
        if not tag:
            if pieces is not None:
                pieces[-1] += html_lib.unescape(data)
        elif tag == "li":
            depth += -1 if closing else 1
        elif depth:
            continue
        elif tag == "p":
            if closing and pieces is not None:
                lines += len(pieces) - 1 + bool(pieces[-1].strip(" \t\n\r\f"))
            pieces = None if closing else [""]
        elif tag == "br" and pieces is not None:
            pieces.append("")
    return max(0, lines - 1)


def text_units(items, figures=(), portrait=True, themes=RANGE_THEMES):
    """(Satzwörter, room that counts against a short text only) of ``items`` and ``figures``.

    ``items``: (question, answer_html, pull_quote) triples in reading order; ``figures``:
    (caption, credit) pairs of the project figures; ``portrait``: whether the interview has one;
    ``themes``: how many theme heads it prints (the themes of its questions).
    The second number is what the text takes at the largest body size beyond the first
    (``word_range``'s bottom; measured, bench/bottom_room.py): the pull quotes' room and what
    the figures take beyond their smallest size (the fit may drop quotes and crop figures when
    the text is long), the questions counted by their characters, paragraph breaks and list
    items by their room at 10 pt, each theme head fewer or more than ``RANGE_THEMES``, and
    without a portrait less the cover's room (``NO_PORTRAIT_WORDS``; the first pull quote then
    prints on the cover). The one count of the page budget: the fit, the admin meter (its
    numbers), the change list, the Word import and the save check all use it.
    """
    words = 0
    short = 0 if portrait else -NO_PORTRAIT_WORDS
    cover_quote = not portrait
    for question, answer, quote in items:
        asked = (question or "").split()
        words += answer_words(answer) + len(asked) + QUESTION_SPACE_WORDS
        short += len(" ".join(asked)) / QUESTION_CHARS_SHORT + QUESTION_SPACE_SHORT_WORDS
        short -= len(asked) + QUESTION_SPACE_WORDS
        short += (PARAGRAPH_SHORT_WORDS - PARAGRAPH_WORDS) * paragraph_breaks(answer)
        short += (LIST_ITEM_SHORT_WORDS - LIST_ITEM_WORDS) * list_items(answer)
        if quote and cover_quote:
            cover_quote = False
        elif quote:
            short += QUOTE_WORD_FACTOR * len(quote.split()) + QUOTE_SPACE_WORDS
    for caption, credit in figures:
        words += FIGURE_WORDS_LONG + len(f"{caption or ''} Foto: {credit or ''}".split())
        short += FIGURE_WORDS_SHORT - FIGURE_WORDS_LONG
    short += THEME_SHORT_WORDS * (themes - RANGE_THEMES)
    # (summed in this order and rounded half up, as the meter does: Math.floor(x + 0.5))
    return words, math.floor(short + 0.5)


# The page counts an interview may choose (Interview.page_count's validators).
PAGES_MIN, PAGES_MAX = 3, 24


def _other_pages(pages, words, short_room, shorter):
    """The page count next to ``pages`` (fewer when ``shorter``) whose range holds the text, or None."""
    candidates = range(pages - 1, PAGES_MIN - 1, -1) if shorter else range(pages + 1, PAGES_MAX + 1)
    for other in candidates:
        low, high = word_range(other)
        if words <= high and words + short_room >= low:
            return other
    return None


def _remedies(pages, words, short_room, figures, missing=0):
    """What else the editor can do, in German: (for a short text (``missing`` Satzwörter) add figures,
    for a long one take one out; the page count that would hold the text as it is)."""
    from interviews.models import MAX_FIGURES

    text = pages_text = ""
    if missing and figures < MAX_FIGURES:
        count = min(MAX_FIGURES - figures, max(1, round(missing / FIGURE_WORDS_SHORT)))
        text += _(" oder %(count)s Abbildung(en) hinzufügen (jede füllt den Platz von ca. %(words)s Wörtern)") % {
            "count": count,
            "words": FIGURE_WORDS_SHORT,
        }
    elif not missing and figures:
        text += _(" oder eine Abbildung herausnehmen (jede nimmt den Platz von ca. %(words)s Wörtern ein)") % {
            "words": FIGURE_WORDS_LONG
        }
    other = _other_pages(pages, words, short_room, shorter=bool(missing))
    if other is not None:
        pages_text = _(" – oder %(pages)s Seiten wählen") % {"pages": other}
    elif missing:
        pages_text = _(" – oder weniger Seiten wählen")
    return text, pages_text


def word_budget_error(pages, words, quote_room=0, figures=0):
    """The PageBudgetError for ``words`` Satzwörter on ``pages`` pages, or None inside the range (no layout).

    ``quote_room``: what counts for a short text only (``text_units``);
    ``figures``: how many figures the interview has (the message names what to add or take out).
    """
    low, high = word_range(pages)
    if words > high:
        n = _round_words(words - high)
        figure_text, pages_text = _remedies(pages, words, 0, figures)
        message = _(
            "Das Interview ist zu lang für %(pages)s Seiten: bitte ca. %(n)s Wörter kürzen%(figures)s "
            "(Antworten, Fragen und Abbildungen nehmen den Platz von %(words)s Wörtern ein, höchstens %(high)s "
            "passen)%(other_pages)s."
        ) % {"pages": pages, "n": n, "words": words, "high": high, "figures": figure_text, "other_pages": pages_text}
        return PageBudgetError(message, words_to_cut=n, label=_("zu lang: ca. %(n)s Wörter kürzen") % {"n": n})
    if words + quote_room < low:
        n = _round_words(low - words - quote_room)
        figure_text, pages_text = _remedies(pages, words, quote_room, figures, missing=n)
        message = _(
            "Das Interview ist zu kurz für %(pages)s Seiten: bitte ca. %(n)s Wörter oder Zitate ergänzen%(figures)s "
            "(Antworten, Fragen, Zitate und Abbildungen nehmen den Platz von %(words)s Wörtern ein, mindestens "
            "%(low)s sind nötig)%(other_pages)s."
        ) % {
            "pages": pages,
            "n": n,
            "words": words + quote_room,
            "low": low,
            "figures": figure_text,
            "other_pages": pages_text,
        }
        return PageBudgetError(message, words_to_add=n, label=_("zu kurz: ca. %(n)s Wörter ergänzen") % {"n": n})
    return None


def source_units(source):
    """``text_units`` of a loaded ``Source``."""
    return text_units(
        question_items(source.questions),
        figure_items(source.figures),
        portrait=bool(source.interview.portrait),
        themes=len({question.theme_id for question in source.questions}),
    )


def question_items(questions):
    """The (question, answer, pull_quote) triples of model questions, for ``text_units``."""
    return [(q.question, q.answer, q.pull_quote) for q in questions]


def figure_items(figures):
    """The (caption, credit) pairs of model figures, for ``text_units``."""
    return [(figure.caption, figure.credit) for figure in figures]


def _fits(m, body_pages, pages, least=FILL_MIN_LAST):
    return (
        m.pages == pages
        and m.body_pages == body_pages
        and least <= m.last_fill <= FILL_MAX_LAST
        and m.cover_ok
        and m.back_ok
    )


# Settings that fitted, by fingerprint: a later render of the same content
# (the page-budget check on publish, then the stored render) needs one layout.
_fitted = {}


def fit(interview_or_source, preview=False, write=True, remember=True):
    """Find the setting that fills exactly the page budget and (optionally) write the PDF.

    Layouts: one at the scale the length model predicts; if its fill is off,
    one with the last full-width figures lower or taller (``_length_sized``: only
    the pages from the first of them on are made again) or else one corrected with
    the measured ratio (rarely more, at most MAX_LAYOUTS).
    Raises PageBudgetError when even 8.5 pt is too long or 12 pt too short,
    or when the cover or the back page cannot hold what they must.
    With ``remember`` a setting that fitted the same content before is tried first.
    """
    source = interview_or_source if isinstance(interview_or_source, Source) else load_source(interview_or_source)
    pages = source.interview.pages
    body_pages = pages - 2
    if not source.questions:
        raise PageBudgetError(_("Das Interview hat noch keine Fragen."), label=_("keine Fragen"))
    units = source_units(source)
    refusal = word_budget_error(pages, *units, figures=len(source.figures))
    if refusal is not None:
        raise refusal
    refusal = cover_refusal(source)
    if refusal is not None:
        raise refusal
    target = body_pages - 1 + FILL_TARGET_LAST
    started = time.monotonic()
    limit = render_timeout()
    with deadline(limit):
        renderer = Renderer(source, preview=preview)
        model = LengthModel(source, renderer.portrait_mm)
        tried = []
        digest = fingerprint(source, layout_only=True)
        remembered = remember and _fitted.get(digest)
        setting = remembered or _predict(model, target)
        best = fallback = holed = None
        compact_back = False
        while renderer.layouts < MAX_LAYOUTS:
            document, m = renderer.layout(setting)
            tried.append((setting, m))
            # Also checked here, not only by the timer signal: library code may
            # swallow the signal's exception, and threads get no signal at all.
            if time.monotonic() - started > limit:
                raise RenderTimeout(_("Die Erstellung des PDFs hat zu lange gedauert."))
            if not m.cover_ok:
                raise PageBudgetError(
                    _(
                        "Überschrift, Teaser und die Angaben zur interviewten Person lassen auf der Titelseite "
                        "zu wenig Platz für den Beginn des Interviews: bitte die Überschrift oder den Teaser kürzen."
                    ),
                    label=_("Titelseite zu voll"),
                )
            if not m.back_ok:
                if setting.compact_back:
                    raise PageBudgetError(_("Die Rückseite ist zu voll."), label=_("Rückseite zu voll"))
                # The series' texts need the smaller back page; the body is unchanged.
                compact_back = True
                setting = dataclasses.replace(setting, compact_back=True)
                continue
            # A layout that moves text to close a hole at a column's foot (and the setting such a layout
            # found before) may end the last page as short as a fallback: the last text page may end short,
            # a column of a full page may not (seed 1239 of real prose: 4.37 lines, or a last page of 0.56).
            least = FILL_FALLBACK_LAST if holed is not None or setting == remembered else FILL_MIN_LAST
            if _fits(m, body_pages, pages, least):
                # Full columns end together (boxes move, no layout). Rarely a column still ends short:
                # a column-wide figure went on to the next column, or WeasyPrint 70 left the columns
                # shortened for a full-width figure it then moved on. Once, the next layout sets such
                # figures earlier in their theme, else moves the text a little.
                moves, closed = _figure_moves(document, setting, renderer)
                columns.justify(document)
                gap = columns.worst_full_page_gap(document)
                holed = holed if holed is not None and holed[3] <= gap else (setting, document, m, gap)
                if gap <= columns.FOOT_GAP_LINES:
                    best = holed[:3]
                    break
                # A column-wide figure that went on leaves a hole of up to a column: set it earlier, also
                # after two layouts (the one case of a third layout for the feet).
                figure_hole = any(column.gap > columns.FOOT_GAP_LINES * column.line for column in closed)
                if figure_hole and renderer.layouts < 3:
                    setting = dataclasses.replace(setting, figures_moved=moves)
                    continue
                if renderer.layouts >= 2:
                    best = holed[:3]
                    break
                sized = _figure_sized(document, setting, renderer, m) or _quote_moved(document, setting, renderer)
                if sized is not None:
                    setting = sized
                    continue
                tracked = _tracked(document, setting, renderer)
                if tracked is not None:
                    setting = tracked
                    continue
                nudged = _nudged(setting, m)
                if _same(nudged, setting):
                    best = holed[:3]
                    break
                setting = nudged
                continue
            if holed is not None:
                # The moved text did not fit: the layout that fitted stays.
                best = holed[:3]
                break
            acceptable = m.pages == pages and m.body_pages == body_pages and m.last_fill >= FILL_FALLBACK_LAST
            if acceptable and (fallback is None or m.last_fill > fallback[2].last_fill):
                fallback = (setting, document, m)
            # Off by a little with full-width figures: their heights take it, not the body size (fewer pages made).
            corrected = body_pages - 1 + FILL_CORRECTED[m.length > target]
            first = renderer.layouts == 1
            sized = _length_sized(document, setting, renderer, m, corrected) if first else None
            del document
            if fallback is not None and renderer.layouts >= FALLBACK_AFTER_LAYOUTS:
                break
            if m.cover_px and not setting.figures_sized:  # the model does not read figures_sized
                model.learn(setting, m, m.cover_px)
            # Pull quotes left out: more (fewer) of them at the same body size, also from the first change on.
            later = sized or (_quotes_dropped(setting, m, model, target, corrected) if first else None)
            if later is not None:
                setting = later
                continue
            setting = _next_setting(model, tried, corrected, body_pages, compact_back)
            if setting is None:
                break
        if best is None:
            best = fallback or _at_bound(tried, body_pages, pages, renderer, source, model)
        setting, document, m = best
        # Full columns end together (done above for a layout that fitted), word spaces evened out
        # (boxes move, no second layout).
        if holed is None or document is not holed[1]:
            columns.justify(document)
        columns.even_spacing(document)
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
        pages_made=renderer.pages_made,
        seconds_layout=renderer.seconds,
        seconds_write=seconds_write,
        refused_urls=renderer.fetcher.refused,
        document=document,
    )


def cover_refusal(source):
    """A PageBudgetError when the cover cannot hold the teaser with the other fields (``cover.teaser_error``)."""
    message = cover.teaser_error(source)
    return PageBudgetError(message, label=_("Titelseite zu voll")) if message else None


def _predict(model, target, compact_back=False):
    """The setting the length model expects to end the text at ``target``.

    The body size moves first (inside its band); when the text is too long at
    the smallest size, the figures are cropped (down to 16:9), then pull quotes
    are left out from the end. When full-width figures (at 5:2) make the text too
    long and column-wide ones (at their own shape) too short, the figures go into
    the column and the body grows inside its band.
    """
    if model.length(Setting(0.0)) <= target:
        return Setting(model.scale_for(target), compact_back=compact_back)
    if model.figures and model.length(Setting(0.0, figure_fit=0.0)) <= target:
        fit = model.figure_fit_for(target)
        if not full_width(fit) and model.length(Setting(0.0, figure_fit=fit)) < target:
            # Full width (at 5:2) too long, column wide at their own shape too short: the figures stay in
            # the column and the body grows inside its band.
            return Setting(model.scale_for(target, figure_fit=fit), compact_back=compact_back, figure_fit=fit)
        return Setting(0.0, compact_back=compact_back, figure_fit=fit)
    dropped = model.quotes_to_drop(target)
    scale = model.scale_for(target, dropped, figure_fit=0.0)
    return Setting(scale, quotes_dropped=dropped, compact_back=compact_back, figure_fit=0.0)


def _tracked(document, setting, renderer):
    """The setting with the running text around the first hole set a little looser or tighter, or None.

    A column of running text ends short when the heading after it (a question or theme head with
    the first two lines of its answer) did not fit below it. When a line more would bring it within
    ``FOOT_GAP_LINES`` of its foot, its paragraphs are set a little looser (``.fit-loose``): they
    take that line and the columns after it keep their text. A paragraph that began in the column
    before stays as it is when others began in this one and that column ended with room for two lines
    or more as laid out (hyphens kept off a page's last lines, ``turns``): set looser, it fills that
    room first (generated seed 1189 with real prose: the cover's right column took two lines more,
    page 2's left column two fewer). Else its paragraphs and those of the three columns before it are set a
    little tighter (``.fit-tight``): they take fewer lines and the heading fits below them. The text
    before them is laid out as before. Measured on the justified document (``laid_out_gap``).
    """
    hole = columns.first_hole(document, columns.FOOT_GAP_LINES)
    if hole is None:
        return None
    column = hole[-1]
    loose = column.gap / column.line <= columns.FOOT_GAP_LINES + 1
    elements = columns.running_elements(hole[-1:] if loose else hole)
    before = hole[-2] if loose and len(hole) > 1 else None
    if before is not None and getattr(before.box, "laid_out_gap", before.gap) // before.line >= 2:
        continued = {id(element) for element in columns.running_elements([before])}
        elements = [element for element in elements if id(element) not in continued] or elements
    indices = {id(element): index for index, element in enumerate(renderer.running)}
    tracked = dict(setting.tracked)
    new = {indices[id(e)] for e in elements if id(e) in indices and indices[id(e)] not in tracked}
    if not new:
        return None
    tracked.update(dict.fromkeys(new, "loose" if loose else "tight"))
    return dataclasses.replace(setting, tracked=tuple(sorted(tracked.items())))


# A full-width figure lowered for a column foot is lowered by this much more than the block above it lacks
# (in lines): the block's height is measured where the layout set it, at the top of the next column.
SIZED_SAFETY_LINES = 0.3


def _figure_sized(document, setting, renderer, m):
    """The setting with the full-width figure below the first hole printed lower or taller, or None.

    A column above a full-width figure at its page's foot ends short when the block after it (a theme
    head or question with the first two lines of its answer, a pull quote) did not fit the room left
    above the figure and went to the next column, and the spaces and feathering of ``columns.justify``
    cannot take the rest. With the figure lower by what the block lacks, the block fits above it; taller
    by the hole, the column's text ends at the figure and the columns after it begin earlier in the text.
    In a right column whose left neighbour ends in a paragraph going on in it, that neighbour takes (or
    gives) whole lines too, and the change counts them (``_least``). Of the two, the smaller change within
    ``document.full_height_limits_mm`` that keeps the last page's fill inside its window; the pages before
    the figure's stay as laid out (``start``). None where the block would have fitted the room as
    measured (the hole has another cause). Measured on the justified document, with each column's room
    as laid out (``laid_out_gap``).
    """
    if not full_width(setting.figure_fit):
        return None
    hole = columns.first_hole(document, columns.FOOT_GAP_LINES)
    if hole is None:
        return None
    page_box = document.pages[hole[-1].page]._page_box
    area = columns.foot_figures(page_box)
    index = figure_index(area.children[0].element) if area is not None else None
    if index is None or index not in renderer.figures:
        return None
    found = columns.columns(document)
    position = next(i for i, column in enumerate(found) if column.box is hole[-1].box)
    column, line = found[position], found[position].line
    # A left column beside it that ends in a paragraph going on in this one takes (gives) whole lines when
    # the figure is lower (taller): this column gains (loses) them too, and they move with a lower margin.
    beside = found[position - 1] if position else None
    split = beside is not None and beside.page == column.page and beside.blocks[-1].element is column.blocks[0].element
    spare = getattr(beside.box, "laid_out_gap", beside.gap) if split else math.inf
    lacks = _pushed_px(found[position + 1]) - getattr(column.box, "laid_out_gap", column.gap)
    if lacks <= 0:
        # The block would have fitted the room as measured: the hole has another cause (WeasyPrint 70 may lay
        # a page's columns out shorter around its figures), which the figure's height does not reach.
        return None
    lower = _least(
        lacks + SIZED_SAFETY_LINES * line,
        lambda x: math.floor((x + spare) / line - SIZED_SAFETY_LINES) * line if split else 0.0,
    )
    taller = _least(
        column.gap, lambda x: math.ceil((x - spare) / line - SIZED_SAFETY_LINES) * line if x > spare else 0.0
    )
    figure = renderer.source.figures[index]
    height = printed_height_mm(figure, index, setting)
    low, high = full_height_limits_mm(figure)
    # The body grows or shrinks by the change in both columns: the last page's fill moves by about that.
    fill_per_mm = MM / page_box.height
    candidates = []
    if height - lower / MM >= low and m.last_fill - lower / MM * fill_per_mm >= FILL_MIN_LAST:
        candidates.append((lower, height - lower / MM))
    if height + taller / MM <= high and m.last_fill + taller / MM * fill_per_mm <= FILL_MAX_LAST:
        candidates.append((taller, height + taller / MM))
    if not candidates:
        return None
    sized = dict(setting.figures_sized)
    sized[index] = round(min(candidates)[1], 1)
    return dataclasses.replace(setting, figures_sized=tuple(sorted(sized.items())))


def _length_sized(document, setting, renderer, m, target):
    """The setting with the last full-width figures printed lower (taller) by what the text is too long
    (short) to end its last page at ``target``, or None.

    A first layout a little off its page budget (seed 1086 of real prose: 0.06 pages too long, 8 pages, three
    figures) would otherwise be laid out again at another body size, every page of it; a figure's height
    changes only its page and the pages after it (``start``). A full-width figure lower by 1 mm gives both
    columns of its page 1 mm more text. From the last figure back, each between the heights the figures'
    fit gives it at full width (5:2 up to its own shape, ``document.figure_height_mm``); None when they cannot
    take it all (then the body size moves), for column-wide figures and once figures were sized (the length
    model does not read their sizes).
    """
    if not full_width(setting.figure_fit) or setting.figures_sized:
        return None
    # In pages of the body: the page where the text ends (the back page's type area is taller), as ``measure``.
    need_mm = (m.length - target) * document.pages[m.body_pages]._page_box.height / MM
    placed = []  # full-width figures by page, the last first
    for page in reversed(document.pages):
        area = columns.foot_figures(page._page_box)
        if area is not None:
            placed += [figure_index(child.element) for child in reversed(area.children)]
    sized = {}
    for index in placed:
        if index is None or index not in renderer.figures or abs(need_mm) < 0.05:
            continue
        figure = renderer.source.figures[index]
        height = printed_height_mm(figure, index, setting)
        low, high = figure_height_mm(figure, FULL_WIDTH_MIN_FIT), figure_height_mm(figure, FIGURE_FIT_MAX)
        change = min(need_mm, height - low) if need_mm > 0 else max(need_mm, height - high)
        if abs(change) >= 0.05:
            sized[index] = round(height - change, 1)
            need_mm -= change
    if abs(need_mm) >= 0.05 or not sized:
        return None
    return dataclasses.replace(setting, figures_sized=tuple(sorted(sized.items())))


def _quotes_dropped(setting, m, model, target, corrected):
    """The setting with more (fewer) pull quotes left out at the same body size, where a first layout that left
    some out ends its last page outside the window; None otherwise or when no number brings it in.

    A text too long at the band's foot leaves pull quotes out from the end (``_predict``), and the body size
    takes up what a whole quote more or less leaves (seed 1133 of real prose: 8.55 pt, five of the twelve in
    the text out). When that layout ran over (0.04 pages onto a seventh page), the length model, corrected,
    asked for three more out at 8.56 pt: a whole second layout. At 8.55 pt with those three out, the pages before the
    first of them stay as laid out (``Renderer.start``). Too long (past ``target``): the fewest more out that
    the corrected model ends at ``corrected`` (the window's near side, ``FILL_CORRECTED``) or before; too short:
    the fewest out that it ends at ``target`` or before.
    """
    if not setting.quotes_dropped:
        return None
    if m.length > target:
        limit, candidates = corrected, range(setting.quotes_dropped + 1, model.quotes + 1)
    else:
        limit, candidates = target, range(setting.quotes_dropped)
    for dropped in candidates:
        following = dataclasses.replace(setting, quotes_dropped=dropped)
        if model.length(following) <= limit:
            return following
    return None


def _least(needed, lines):
    """The least change in px (in steps of 0.1 mm) that with the ``lines`` it moves in the column beside
    reaches ``needed`` px."""
    change = 0.0
    while change + lines(change) < needed:
        change += MM / 10
    return change


def _pushed_px(column):
    """The room the blocks ``column`` begins with would need at the foot of the column before: its headings
    with the first two lines of the block after them (a pull quote or figure whole), and the space above
    them there (their margins as styled; at a column's top WeasyPrint may drop them)."""
    outer = column.box.children[0]
    box, space = outer, 0.0
    while box is not None:
        space = max(space, getattr(box.style["margin_top"], "value", 0.0))
        box = box.children[0] if box is not column.blocks[0] and getattr(box, "children", None) else None
    end = None
    for block in column.blocks:
        if columns.kind(block) in ("theme", "question"):
            continue
        lines = list(columns.line_boxes(block))
        end = lines[1].position_y + lines[1].height if len(lines) > 1 else columns.ink_bottom(block)
        break
    if end is None:
        end = columns.ink_bottom(column.blocks[-1])
    return end - outer.border_box_y() + space


def _quote_moved(document, setting, renderer):
    """The setting with the pull quote after the first hole set one block later in its answer, or None.

    A pull quote may not split: where it does not fit below a column's text it goes whole to the next
    column and leaves a hole (a quote of the field's 300 characters takes ten lines and more). Set after
    the block that follows it, that block (a paragraph, which may split) fills the column's foot, and
    the quote stands in the next column. Only a quote that has a block after it in its answer.
    """
    hole = columns.first_hole(document, columns.FOOT_GAP_LINES)
    if hole is None:
        return None
    found = columns.columns(document)
    after = [b for a, b in zip(found, found[1:], strict=False) if a.box is hole[-1].box and a.page == hole[-1].page]
    following = after[0] if after else None
    if following is None or not following.blocks or columns.kind(following.blocks[0]) != "quote":
        return None
    index = quote_index(following.blocks[0].element)
    if index is None or index not in renderer.quotes or index in setting.quotes_moved:
        return None
    element, section = renderer.quotes[index]
    blocks = renderer.built[section]
    following = blocks[blocks.index(element) + 1 :]
    if not following or following[0].tag not in ("p", "ul", "ol"):
        return None  # the answer ends with it: the next block is a question or theme head
    return dataclasses.replace(setting, quotes_moved=tuple(sorted({*setting.quotes_moved, index})))


def _nudged(setting, m):
    """A setting a little tighter (or, when the last page is not full, a little airier): the columns break elsewhere."""
    step = -0.02 if m.last_fill > FILL_TARGET_LAST else 0.02
    if 0.0 < setting.scale + step < 1.0 or setting.figure_fit <= 0.0:
        return dataclasses.replace(setting, scale=min(1.0, max(0.0, setting.scale + step)))
    return dataclasses.replace(setting, figure_fit=max(0.0, setting.figure_fit - 0.1))


def _same(one, other):
    return (
        one.quotes_dropped == other.quotes_dropped
        and abs(one.scale - other.scale) < 0.002
        and abs(one.figure_fit - other.figure_fit) < 0.002
    )


def _knob(setting):
    """Where a setting (all quotes printed) stands on one line: 0 ... 2 the figures' fit at the smallest
    body size, 2 ... 3 the body size (scale) with the figures at full width and their own shape;
    None for column-wide figures with a larger body (``_predict``), which stand beside that line."""
    if setting.scale > 0.0 and not full_width(setting.figure_fit):
        return None
    return setting.figure_fit + setting.scale


def _from_knob(value, compact_back):
    if value <= FIGURE_FIT_MAX:
        return Setting(0.0, compact_back=compact_back, figure_fit=value)
    return Setting(value - FIGURE_FIT_MAX, compact_back=compact_back)


def _bracketed(tried, body_pages, compact_back):
    """Halfway between the longest layout that was too short and the shortest that was too long
    (all quotes printed), or None. Full-width figures move in steps (a figure that does not fit
    moves to the next page), where the length model's correction overshoots."""
    on_line = [(_knob(s), s, m) for s, m in tried if not s.quotes_dropped and _knob(s) is not None]
    short = [knob for knob, s, m in on_line if m.body_pages == body_pages and m.last_fill < FILL_MIN_LAST]
    long = [knob for knob, s, m in on_line if m.body_pages > body_pages or m.last_fill > FILL_MAX_LAST]
    if short and long and max(short) < min(long):
        return _from_knob((max(short) + min(long)) / 2, compact_back)
    return None


def _next_setting(model, tried, target, body_pages, compact_back=False):
    """The next setting to try (from the model, corrected by the layouts so far), or None at the bounds."""
    setting, m = tried[-1]
    too_long = m.body_pages > body_pages or m.length > body_pages - 1 + FILL_MAX_LAST
    halfway = _bracketed(tried, body_pages, compact_back) if model.figures else None
    if halfway is not None and not any(_same(earlier, halfway) for earlier, _m in tried):
        return halfway
    if too_long and setting.scale == 0.0:
        if model.figures and setting.figure_fit > 0.0:
            fit = max(0.0, min(setting.figure_fit - 0.25, model.figure_fit_for(target)))
            return Setting(0.0, compact_back=compact_back, figure_fit=fit)
        if setting.quotes_dropped >= model.quotes:
            return None
        dropped = max(setting.quotes_dropped + 1, model.quotes_to_drop(target))
        return Setting(0.0, quotes_dropped=min(dropped, model.quotes), compact_back=compact_back, figure_fit=0.0)
    if not too_long and setting.scale == 1.0 and setting.quotes_dropped == 0:
        return None
    following = _predict(model, target, compact_back)
    if _same(following, setting):
        # The model asks for the same setting again: one step in the needed direction.
        if following.scale == 0.0 and following.quotes_dropped == 0 and following.figure_fit < FIGURE_FIT_MAX:
            fit = min(FIGURE_FIT_MAX, max(0.0, setting.figure_fit + (-0.15 if too_long else 0.15)))
            following = dataclasses.replace(following, figure_fit=fit)
        else:
            scale = min(1.0, max(0.0, setting.scale + (-0.03 if too_long else 0.03)))
            following = dataclasses.replace(following, scale=scale)
    for earlier, _m in tried:
        if _same(earlier, following):
            return None
    return following


def _at_bound(tried, body_pages, pages, renderer, source, model):
    """No acceptable layout: measure at the bound that decides and explain in words."""
    longest = max(tried, key=lambda sm: sm[1].length)
    compact_back = tried[-1][0].compact_back
    if longest[1].length > body_pages:
        bound = Setting(0.0, quotes_dropped=model.quotes, compact_back=compact_back, figure_fit=0.0)
        document, m = renderer.layout(bound) if longest[0] != bound else (None, longest[1])
        if document is not None and _fits(m, body_pages, pages):
            return bound, document, m
        raise _too_long(source, body_pages, m.length)
    bound = Setting(1.0, compact_back=compact_back)
    document, m = renderer.layout(bound) if tried[-1][0] != bound else (None, tried[-1][1])
    if document is not None and _fits(m, body_pages, pages):
        return bound, document, m
    raise _too_short(source, body_pages, m.length)


def _write(document, source):
    identifier = hashlib.md5(  # noqa: S324 - an identifier, not security
        f"{source.interview.pk}-{source.series.pk}".encode()
    ).hexdigest()
    # Written uncompressed: ``tidy`` rewrites it anyway and compresses faster (see there).
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode(), uncompressed_pdf=True)
    # Tags follow the interview (one section per theme), pull quotes are artifacts.
    return tagging.tidy(data, tagging.continuations(document))


def render_pdf(interview_or_source, preview=False):
    """Set ``interview_or_source`` on its page budget and return the PDF bytes (needs no request)."""
    return fit(interview_or_source, preview=preview).pdf


def check_page_budget(interview):
    """Raise PageBudgetError unless the answers of ``interview`` fit its page count (three queries, no layout).

    Inside the range of its page count (``text_units``: answers, questions,
    figures and the room around them) every interview fits (the layout adapts body size,
    spaces and pull quotes); what a layout finds beyond that (a cover too
    full, a broken image) the render task records on the interview (pdf_state
    "failed", pdf_error), where the editor sees it.
    """
    from interviews.models import Interview

    interview = Interview.objects.select_related("series").get(pk=interview.pk)
    rows = interview.questions.values_list("question", "answer", "pull_quote", "theme")
    figures = list(interview.figures.values_list("caption", "credit"))
    items = [row[:3] for row in rows]
    units = text_units(items, figures, portrait=bool(interview.portrait), themes=len({row[3] for row in rows}))
    error = word_budget_error(interview.pages, *units, figures=len(figures))
    if error is not None:
        raise error


def fit_report(interview):
    """Figures for ``make bench``: one fit, timed, with sizes.

    Always fits from scratch (no remembered setting). Returns a dict:
    renders (layouts needed), font_size, pages, last_fill, worst_foot_gap_lines (full body pages),
    cover_foot_gap_lines,
    seconds_layout, seconds_write, seconds_total, bytes, words, peak_rss_mb
    (of this process so far). Raises PageBudgetError like render_pdf.
    """
    import resource

    started = time.perf_counter()
    source = load_source(interview)
    result = fit(source, remember=False)
    total = time.perf_counter() - started
    loose, justified = columns.loose_lines(result.document)
    cover_gaps = [lines for page, _px, lines in columns.foot_gaps(result.document) if page == 0]
    return {
        "interview": source.interview.slug,
        "words": source.word_count,
        "renders": result.layouts,
        "font_size": result.setting.font_size,
        "leading": result.setting.leading,
        "quotes_dropped": result.setting.quotes_dropped,
        "pages": result.measure.pages,
        # Issue 19 item 4's measure (full body pages), and the cover's columns apart.
        "worst_foot_gap_lines": round(columns.worst_full_page_gap(result.document), 2),
        "cover_foot_gap_lines": round(max(cover_gaps, default=0.0), 2),
        "loose_lines_percent": round(100 * loose / max(1, justified), 1),
        "last_fill": round(result.measure.last_fill, 3),
        "seconds_layout": round(result.seconds_layout, 3),
        "seconds_write": round(result.seconds_write, 3),
        "seconds_total": round(total, 3),
        "bytes": len(result.pdf),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
