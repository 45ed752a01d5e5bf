"""A length model of the interview text: where it ends at a setting, without a layout.

The text is cut into blocks (theme heads, questions, paragraphs, list items,
pull quotes); each block's width at 1 em comes from the print fonts' advance
widths, so its number of lines in a column of known width follows for any
font size. Heights add up to one long column, which fills the cover's two
columns and then two columns per body page.

The model is calibrated by measuring: ``Calibration`` keeps, per design,
the ratio of measured to predicted height of the layouts done so far, and
within one fit the ratio of the interview's own first layout corrects the
next guess. Constants in mm/pt follow static/print/print.css; change them
together.
"""

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from core import richtext
from interviews.pdf.document import PRINT_DIR, cover_type, design_digest, figure_height_mm

PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72
PAGE_HEIGHT_MM = 297
COLUMN_WIDTH_PX = (210 - 30 - 5.5) / 2 * PX_PER_MM
# Height of a column on a body page (A4 minus the page's top and bottom margin).
BODY_COLUMN_PX = (297 - 17 - 15) * PX_PER_MM
# Share of a justified, hyphenated line that holds text on average.
LINE_USE = 0.97

FONT_FILES = {
    "serif": "source-serif-4-latin-400-normal.ttf",
    "serif-italic": "source-serif-4-latin-400-italic.ttf",
    "sans-bold": "source-sans-3-latin-700-normal.ttf",
    "sans": "source-sans-3-latin-400-normal.ttf",
}


@lru_cache(maxsize=8)
def advances(font):
    """Advance width of every character of ``font`` in em, and the average for unknown ones."""
    from fontTools.ttLib import TTFont

    with TTFont(PRINT_DIR / "fonts" / FONT_FILES[font], lazy=True) as ttf:
        units = ttf["head"].unitsPerEm
        metrics = ttf["hmtx"].metrics
        widths = {code: metrics[name][0] / units for code, name in ttf.getBestCmap().items()}
    return widths, sum(widths.values()) / len(widths)


def text_em(text, font):
    """The width of ``text`` set in ``font`` at 1 em (no kerning)."""
    widths, average = advances(font)
    return sum(widths.get(ord(char), average) for char in text)


@dataclass(frozen=True)
class Block:
    kind: str  # "theme", "question", "p", "li", "quote", "figure" (em: the image's height in mm)
    em: float  # width of its text at 1 em
    extra_em: float = 0.0  # a second text (a theme's leading question)
    first: bool = False  # first block of its kind in a theme / answer


_BLOCK_RE = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.S)


def blocks(source):
    """The interview's text as blocks, in reading order."""
    result = []
    on_cover = source.cover_quote
    for group in source.groups:
        theme = group["theme"]
        result.append(Block("theme", text_em(theme.title, "sans-bold"), text_em(theme.question, "serif-italic")))
        for index, question in enumerate(group["questions"]):
            result.append(Block("question", text_em(question.question, "sans-bold"), first=index == 0))
            cleaned = richtext.sanitize(question.answer)
            for number, (tag, inner) in enumerate(_BLOCK_RE.findall(cleaned)):
                text = richtext.plain_text(f"<p>{inner}</p>")
                result.append(Block(tag, text_em(text, "serif"), first=number == 0))
                if number == 0 and question.pull_quote and question is not on_cover:
                    result.append(Block("quote", text_em(f"„{question.pull_quote}“", "serif-italic")))
        for figure in group.get("figures", []):
            caption = f"{figure.caption} Foto: {figure.credit}".strip()
            result.append(Block("figure", figure_height_mm(figure), text_em(caption, "sans")))
    return result


def _lines(width_em, font_px, measure_px):
    return max(1, math.ceil(width_em * font_px / (measure_px * LINE_USE)))


def text_height(text_blocks, font_size, leading, pull_quotes=True):
    """Height in px of all blocks set one after another in one column."""
    em = font_size * PX_PER_PT
    line = em * leading
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
            height += lines * 0.97 * em * 1.3 + (0.4 if block.first else 1.3) * em
        elif block.kind == "theme":
            title_lines = _lines(block.em, 1.5 * em, COLUMN_WIDTH_PX)
            question_lines = _lines(block.extra_em, em, COLUMN_WIDTH_PX)
            height += em * (0.3 + 0.4 + 0.72 * 1.2 + 0.1 + title_lines * 1.5 * 1.15 + 0.1)
            height += em * (question_lines * 1.3 + 0.75 + 1.2)
        elif block.kind == "figure":
            caption_pt = 7.5
            caption_lines = _lines(block.extra_em, caption_pt * PX_PER_PT, COLUMN_WIDTH_PX)
            height += block.em * PX_PER_MM + 1.5 * PX_PER_MM + caption_lines * caption_pt * 1.3 * PX_PER_PT
            height += 2.1 * em
        elif block.kind == "quote" and pull_quotes:
            lines = _lines(block.em, 1.42 * em, COLUMN_WIDTH_PX)
            height += 1.42 * em * (lines * 1.28 + 0.95 + 1.5) + 2 * PX_PER_PT
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


class Calibration:
    """Measured / predicted text height, per design, learned from the layouts done in this process."""

    # Starting value, measured on the test shapes (tests/pdf_shapes.py).
    DEFAULT = 1.03

    def __init__(self):
        self.lock = threading.Lock()
        self.ratios = {}

    def get(self):
        with self.lock:
            return self.ratios.get(design_digest(), self.DEFAULT)

    def learn(self, ratio):
        with self.lock:
            key = design_digest()
            previous = self.ratios.get(key)
            self.ratios[key] = ratio if previous is None else (previous + ratio) / 2


calibration = Calibration()


class LengthModel:
    """Predicted body length (pages after the cover) of one interview at any setting."""

    def __init__(self, source, portrait_mm):
        self.blocks = blocks(source)
        self.cover_px = cover_column_px(source, portrait_mm)
        self.ratio = calibration.get()

    def height(self, setting):
        return text_height(self.blocks, setting.font_size, setting.leading, setting.pull_quotes)

    def length(self, setting, ratio=None):
        text = self.height(setting) * (ratio or self.ratio)
        return (text - 2 * self.cover_px) / (2 * BODY_COLUMN_PX)

    def learn(self, setting, measure, cover_px):
        """Correct the model with a layout's measure (``cover_px``: the cover's real column height)."""
        self.cover_px = cover_px
        measured = 2 * cover_px + 2 * BODY_COLUMN_PX * measure.length
        ratio = measured / self.height(setting)
        self.ratio = ratio
        calibration.learn(ratio)

    def scale_for(self, target_length, pull_quotes=True):
        """The scale (0..1) whose predicted length is ``target_length`` (bisection), clamped to 0..1."""
        from interviews.pdf.fitting import Setting

        low, high = 0.0, 1.0
        if self.length(Setting(0.0, pull_quotes)) >= target_length:
            return 0.0
        if self.length(Setting(1.0, pull_quotes)) <= target_length:
            return 1.0
        for _step in range(20):
            middle = (low + high) / 2
            if self.length(Setting(middle, pull_quotes)) < target_length:
                low = middle
            else:
                high = middle
        return (low + high) / 2
