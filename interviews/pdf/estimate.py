"""A length model of the interview text: where it ends at a setting, without a layout.

The text is cut into blocks (theme heads, questions, paragraphs, list items,
pull quotes); each block's width at 1 em comes from the print fonts' advance
widths, so its number of lines in a column of known width follows for any
font size. Heights add up to one long column, which fills the cover's two
columns and then two columns per body page.

The model starts from a ratio of measured to predicted height found on the
test shapes (``START_RATIO``); within one fit the ratio of the interview's
own layout corrects the next guess. Nothing is learned across fits, so a
text's layout never depends on what the process laid out before (the
publishing gate reuses a recorded layout by the text's fingerprint alone).
Constants in mm/pt follow static/print/print.css; change them together.
"""

import math
import re
from dataclasses import dataclass

from core import richtext
from interviews.pdf.document import (
    FIGURE_FIT_MAX,
    FULL_WIDTH_MM,
    cover_type,
    figure_ratio,
    full_width,
    height_for_ratio_mm,
)
from interviews.pdf.metrics import text_em

PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72
PAGE_HEIGHT_MM = 297
COLUMN_WIDTH_PX = (210 - 30 - 5.5) / 2 * PX_PER_MM
# Height of a column on a body page (A4 minus the page's top and bottom margin).
BODY_COLUMN_PX = (297 - 17 - 15) * PX_PER_MM
# A figure's caption (print.css .project-figure figcaption: 7.5 pt, whatever the body size).
CAPTION_PX = 7.5 * PX_PER_PT
FULL_WIDTH_PX = FULL_WIDTH_MM * PX_PER_MM
# Above a full-width figure at the foot of a page: the footnote area's margin (5 mm; a second figure: its own 4 mm).
FULL_FIGURE_SPACE_PX = 5 * PX_PER_MM
# Share of a justified, hyphenated line that holds text on average.
LINE_USE = 0.97
# Width of a text as set against the sum of its advance widths (kerning pairs narrow it), for the
# test whether a text fits the measure in one line: 0.987-0.994 measured on the questions of the
# generated shapes (Source Sans 3 bold); the least narrowed, so that a text the model sets in one
# line is never two. A question 318.4 px wide by its advances at 8.5 pt against a measure of 318.6
# is set 316.5 wide: counted without this it took two lines from 8.51 pt on, and 40 such questions
# came out 0.2 pages shorter than predicted (seeds 222, 231: a second layout). With 0.99 the model
# set them in one line up to 8.59 pt where they take two from 8.56 (seed 127: seven pages).
SET_WIDTH = 0.994

# The body type's band (one design, one body size within 1.5 pt: never above 10 pt, where the
# teaser of 10.5 pt would no longer be larger) and the leading that goes with it.
FONT_MIN, FONT_MAX = 8.5, 10.0
LEADING_MIN, LEADING_MAX = 1.2, 1.36
# Space between blocks (theme heads, questions, pull quotes), as a factor of the design's spaces.
SPACE_MIN, SPACE_MAX = 0.7, 1.6
# The design's spaces between blocks at factor 1, in em of the element they belong to
# (print.css reads them as custom properties; the model below uses the same numbers).
SPACES = {
    "theme-space": 1.2,  # above a theme head
    "head-space": 0.75,  # below a theme head
    "question-space": 0.9,  # above a question (not the first of a theme)
    "quote-space-top": 0.7,  # above a pull quote (quote em)
    "quote-space-bottom": 0.8,  # below a pull quote (quote em)
}


@dataclass(frozen=True)
class Band:
    """A design's body type: size (pt) and leading from tight (scale 0) to airy (scale 1)."""

    font_min: float
    font_max: float
    leading_min: float
    leading_max: float

    def font_size(self, scale):
        return round(self.font_min + (self.font_max - self.font_min) * scale, 2)

    def leading(self, scale):
        return round(self.leading_min + (self.leading_max - self.leading_min) * scale, 3)


# The parts' band (the Themenheft has its own, booklet.BAND).
PART_BAND = Band(FONT_MIN, FONT_MAX, LEADING_MIN, LEADING_MAX)


@dataclass(frozen=True)
class Setting:
    """One point of the adaptive layout: what a designer would move, and nothing else.

    ``scale`` 0..1 sets body size and leading inside the ``band`` and the space
    between blocks together; ``figure_fit`` 2..0 places and sizes the project
    figures (``document.figure_height_mm``): full width at the foot of a page
    (2..1, cropped down to 5:2), then, when the text needs their room at the
    smallest body size, at column width in the text (1..0, cropped down to
    16:9); ``quotes_dropped`` pull quotes are left out from the end of the text
    (``Source.body_quotes``) after that. ``figures_moved``: column-wide figures set
    earlier in their theme, (figure index, position of the block in its theme section it
    follows), where the layout left a hole before them (``fitting._figure_moves``).
    ``tracked``: running paragraphs and list items set a little tighter or looser where a column
    ended short (``fitting._tracked``): (index of the print HTML's ``p`` or ``li`` element,
    "tight" or "loose"), print.css ``.fit-tight`` and ``.fit-loose``.
    ``figures_sized``: full-width figures printed taller or lower than ``figure_fit`` sets them, where a
    column above one ended short (``fitting._figure_sized``): (figure index, height in mm), within
    ``document.full_height_limits_mm``; ``document.printed_height_mm`` reads it. The length model does
    not (a one-off correction after a layout that fitted). ``quotes_moved``: pull quotes (index of
    ``Source.body_quotes``) set one block later in their answer, where the quote did not fit below a
    column's text and left a hole (``fitting._quote_moved``).
    """

    scale: float  # 0 = 8.5 pt, tight ... 1 = 10 pt, airy (in the parts' band)
    quotes_dropped: int = 0
    compact_back: bool = False
    figure_fit: float = FIGURE_FIT_MAX  # 2 = full width, own shape ... 1 = column, own shape ... 0 = column, 16:9
    band: Band = PART_BAND
    figures_moved: tuple = ()
    tracked: tuple = ()
    figures_sized: tuple = ()
    quotes_moved: tuple = ()

    @property
    def font_size(self):
        return self.band.font_size(self.scale)

    @property
    def leading(self):
        return self.band.leading(self.scale)

    @property
    def space(self):
        return round(SPACE_MIN + (SPACE_MAX - SPACE_MIN) * self.scale, 3)

    def spaces(self):
        """The spaces between blocks at this setting, in em (``SPACES`` times ``space``)."""
        return {name: round(value * self.space, 3) for name, value in SPACES.items()}


@dataclass(frozen=True)
class Block:
    """One block of the text for the length model.

    A figure is a block too: ``Block("figure", em=<caption width at 1 em>,
    ratio=<its photo's height / width>)``; ``text_height`` adds its height at the
    setting's ``figure_fit`` and its caption lines (twice at full width: it takes
    its height from both columns of its page).
    """

    kind: str  # "theme", "question", "p", "li", "quote", "figure"
    em: float  # width of its text at 1 em
    extra_em: float = 0.0  # a second text (a theme's leading question)
    first: bool = False  # first block of its kind in a theme / answer
    quote: int = -1  # a pull quote's index in Source.body_quotes
    ratio: float = 0.0  # a figure's photo: height / width


_BLOCK_RE = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.S)


def blocks(source):
    """The interview's text as blocks, in reading order."""
    result = []
    quote_index = {q.pk: index for index, q in enumerate(source.body_quotes)}
    for group in source.groups:
        theme = group["theme"]
        result.append(Block("theme", text_em(theme.title, "sans-bold"), text_em(theme.question, "serif-italic")))
        for index, question in enumerate(group["questions"]):
            result.append(Block("question", text_em(question.question, "sans-bold"), first=index == 0))
            cleaned = richtext.sanitize(question.answer)
            for number, (tag, inner) in enumerate(_BLOCK_RE.findall(cleaned)):
                text = richtext.plain_text(f"<p>{inner}</p>")
                result.append(Block(tag, text_em(text, "serif"), first=number == 0))
                if number == 0 and question.pk in quote_index:
                    quote = f"„{question.pull_quote}“"
                    result.append(Block("quote", text_em(quote, "serif-italic"), quote=quote_index[question.pk]))
        for figure in group.get("figures", []):
            caption = f"{figure.caption} {figure.credit_line}".strip()
            result.append(Block("figure", text_em(caption, "sans"), ratio=figure_ratio(figure)))
    return result


def _lines(width_em, font_px, measure_px):
    """Lines of a text ``width_em`` wide: one when it fits the measure, else by the lines' average use."""
    width = width_em * font_px
    if width * SET_WIDTH <= measure_px:
        return 1
    return max(2, math.ceil(width / (measure_px * LINE_USE)))


def text_height(text_blocks, setting, quotes=None):
    """Height in px of all blocks set one after another in one column at ``setting``.

    ``quotes``: how many of the body's pull quotes print (default: all but
    the setting's dropped ones; pass the total number of quotes).
    """
    em = setting.font_size * PX_PER_PT
    line = em * setting.leading
    space = setting.spaces()
    printed = None if quotes is None else quotes - setting.quotes_dropped
    height = 0.0
    for block in text_blocks:
        if block.kind == "p":
            indent = 0 if block.first else 1.1
            height += _lines(block.em + indent, em, COLUMN_WIDTH_PX) * line
        elif block.kind == "li":
            height += _lines(block.em, em, COLUMN_WIDTH_PX - 1.2 * em) * line + 0.2 * em
        elif block.kind == "question":
            measure = COLUMN_WIDTH_PX - 2.4 * PX_PER_MM - 1.6 * PX_PER_PT
            lines = _lines(block.em, 0.97 * em, measure)
            above = 0 if block.first else space["question-space"] * 0.97
            height += lines * 0.97 * em * 1.3 + (0.4 * 0.97 + above) * em
        elif block.kind == "theme":
            title_lines = _lines(block.em, 1.5 * em, COLUMN_WIDTH_PX)
            question_lines = _lines(block.extra_em, em, COLUMN_WIDTH_PX)
            height += em * (0.3 + 0.4 + 0.72 * 1.2 + 0.1 + title_lines * 1.5 * 1.15 + 0.1)
            height += em * (question_lines * 1.3 + space["head-space"] + space["theme-space"])
        elif block.kind == "quote" and (printed is None or block.quote < printed):
            lines = _lines(block.em, 1.42 * em, COLUMN_WIDTH_PX)
            margins = space["quote-space-top"] + space["quote-space-bottom"]
            height += 1.42 * em * (lines * 1.28 + 0.95 + margins) + 2 * PX_PER_PT
        elif block.kind == "figure":
            image = height_for_ratio_mm(block.ratio, setting.figure_fit) * PX_PER_MM
            if full_width(setting.figure_fit):
                caption = _lines(block.em, CAPTION_PX, FULL_WIDTH_PX) * CAPTION_PX * 1.3 + 1.5 * PX_PER_MM
                height += 2 * (image + caption + FULL_FIGURE_SPACE_PX)
            else:
                # print.css .project-figure: margins 1em + 1.1em, caption 7.5 pt / 1.3 set 1.5 mm below the photo.
                caption = _lines(block.em, CAPTION_PX, COLUMN_WIDTH_PX) * CAPTION_PX * 1.3 + 1.5 * PX_PER_MM
                height += image + caption + 2.1 * em
                # It may not split: where it does not fit at a column's foot it moves on and leaves the room
                # that was left, on average (room uniform over the column) its height squared over twice
                # the column's (a 4:5 photo with its caption about 25 mm, a 16:9 one 5.5 mm).
                height += (image + caption) ** 2 / (2 * BODY_COLUMN_PX)
    # A column break wastes about half a line (widows, orphans, headings kept with their text).
    columns = height / BODY_COLUMN_PX
    return height + columns * 0.5 * line


def cover_column_px(source, portrait_mm):
    """Estimated height of the columns the interview gets on the cover (before any layout)."""
    interview = source.interview
    headline_pt, teaser_pt, teaser_leading = cover_type(source)
    headline_lines = _lines(text_em(interview.title, "sans-bold") * 1.05, headline_pt * PX_PER_PT, 180 * PX_PER_MM)
    teaser_lines = _lines(text_em(richtext.plain_text(interview.lead), "serif"), teaser_pt * PX_PER_PT, 111 * PX_PER_MM)
    side = (portrait_mm + 4 if interview.portrait else 45) + 10 + 4.7 * len(source.groups)
    main = 15 + teaser_lines * teaser_pt * teaser_leading * 0.3528 + 5 + 33 + (9 if interview.is_sample else 0)
    top = 48 + 13 + headline_lines * headline_pt * 1.12 * 0.3528 + 8 + max(side, main) + 11
    return max(0.0, (PAGE_HEIGHT_MM - 14 - top) * PX_PER_MM)


# The smallest fit at which the figures print full width (``document.full_width``: above 1), at 5:2.
FULL_WIDTH_MIN_FIT = math.nextafter(1.0, FIGURE_FIT_MAX)
# Measured / predicted text height where a fit starts, measured on the test shapes (tests/pdf_shapes.py).
START_RATIO = 1.03


class LengthModel:
    """Predicted body length (pages after the cover) of one interview at any setting."""

    def __init__(self, source, portrait_mm):
        self.blocks = blocks(source)
        self.quotes = len(source.body_quotes)
        self.figures = len(source.figures)
        self.cover_px = cover_column_px(source, portrait_mm)
        self.ratio = START_RATIO

    def height(self, setting):
        return text_height(self.blocks, setting, self.quotes)

    def length(self, setting, ratio=None):
        text = self.height(setting) * (ratio or self.ratio)
        return (text - 2 * self.cover_px) / (2 * BODY_COLUMN_PX)

    def learn(self, setting, measure, cover_px):
        """Correct the model with a layout's measure (``cover_px``: the cover's real column height)."""
        self.cover_px = cover_px
        measured = 2 * cover_px + 2 * BODY_COLUMN_PX * measure.length
        ratio = measured / self.height(setting)
        self.ratio = ratio

    def scale_for(self, target_length, quotes_dropped=0, figure_fit=FIGURE_FIT_MAX):
        """The scale (0..1) whose predicted length is ``target_length`` (bisection), clamped to 0..1."""

        def length(scale):
            return self.length(Setting(scale, quotes_dropped, figure_fit=figure_fit))

        return _bisect(length, target_length)

    def figure_fit_for(self, target_length):
        """The figures' fit (2..0) at scale 0 whose predicted length reaches ``target_length`` (clamped).

        The length rises with the fit inside each placement (column width 0..1, full width 1..2), not
        across them: at 1 the figures go from full width at 5:2 (taking their height from both columns)
        to column width at their own shape, which is often shorter. So each placement is searched on its
        own (a search across both ended just above 1, full width, even when that was far too long):
        full width when the text reaches the target with them at 5:2, else column width (where a
        larger body can take up what the column-wide figures leave short, ``fitting._predict``).
        """

        def length(fit):
            return self.length(Setting(0.0, figure_fit=fit))

        if length(FULL_WIDTH_MIN_FIT) <= target_length:
            return _bisect(length, target_length, FULL_WIDTH_MIN_FIT, FIGURE_FIT_MAX)
        return _bisect(length, target_length, 0.0, 1.0)

    def quotes_to_drop(self, target_length):
        """How many pull quotes (from the end) must go for the text to reach ``target_length`` at scale 0
        with the figures at their smallest."""
        for dropped in range(self.quotes + 1):
            if self.length(Setting(0.0, dropped, figure_fit=0.0)) <= target_length:
                return dropped
        return self.quotes


def _bisect(length, target_length, bottom=0.0, top=1.0):
    """The value in bottom..top where the rising ``length(value)`` reaches ``target_length``, clamped.

    The length steps where texts gain a line (a shape's questions of one length all at one size):
    when the target falls into a step, the side of it whose length is nearer the target.
    """
    low, high = bottom, top
    if length(bottom) >= target_length:
        return bottom
    if length(top) <= target_length:
        return top
    for _step in range(20):
        middle = (low + high) / 2
        if length(middle) < target_length:
            low = middle
        else:
            high = middle
    return low if target_length - length(low) <= length(high) - target_length else high
