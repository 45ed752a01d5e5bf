"""The cover's sizes: the plan that lets every field the models allow fit the cover.

The cover (templates/interviews/print/cover.html, print.css „Cover“) stacks the series band, the
Kommune's name and the headline; below them the intro: on the right a column (``SIDE_MM``) with the
portrait (or a pull quote) and the themes, on the left the interviewee, the teaser and the
Steckbrief. The interview's two columns begin below the intro and keep at least a share of the
page (``TEXT_SHARE_USUAL``, at the most ``TEXT_SHARE_MIN``).

``plan(source)`` estimates each block's height from the fonts' advance widths (``metrics``),
line by line as the layout breaks it (greedy, never hyphenated: at least as many lines as the
layout sets), and goes down ``STEPS`` — the means a designer would use, one after the other:
the portrait shorter (down to ``PORTRAIT_MIN_MM``; the pull quote standing in for a missing one
smaller), the teaser, the interviewee's name and role a size smaller (the teaser always larger
than the body's largest size), the Steckbrief moved below both columns with its rows in pairs,
the smallest sizes, then fewer lines of the interview on the cover — until the intro leaves the
interview its share. The PDF takes its sizes from the plan (``css_vars``) and the fit checks the layout
(``fitting.measure``); the interview form refuses a teaser the plan cannot place
(``text_room_error``), with the same estimate.
"""

import copy
import dataclasses
import html
import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core import richtext

PT_PER_MM = 72 / 25.4
# A4 (print.css @page size).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297

# The cover's design: the lengths (mm), type sizes (pt), leadings and tracking (em) print.css „Cover“
# uses. They are this module's facts: print.css reads them as custom properties (``design_css``, in
# every stylesheet the documents generate) and the plan below estimates with the same numbers.
MARGIN_TOP_MM, MARGIN_SIDE_MM, MARGIN_BOTTOM_MM = 0, 15, 14  # @page :first
BAND_TOP_MM, BAND_BOTTOM_MM = 13, 8  # .cover-band's padding above and below
SUBTITLE_PT, SUBTITLE_LEADING, SUBTITLE_SPACE_MM = 12.5, 1.25, 2
LINE_PT, LINE_LEADING, LINE_TRACKING_EM, LINE_SPACE_MM = 8.5, 1.2, 0.06, 4.5  # „Interview 4 von 6 …“
PART_PAD_MM, PART_GAP_MM = 2, 3  # the part's white label: padding left and right, space after it
KOMMUNE_PT, KOMMUNE_LEADING, KOMMUNE_TRACKING_EM, KOMMUNE_SPACE_MM = 10, 1.2, 0.05, 9
HEADLINE_LEADING, HEADLINE_ABOVE_MM, HEADLINE_BELOW_MM = 1.12, 2, 6
INTRO_BELOW_MM = 7  # between the intro and the interview's columns
# The right-hand column (portrait or pull quote, themes): its width, the gap to the left column.
SIDE_MM, SIDE_GAP_MM, SIDE_BELOW_MM = 60, 9, 2
CAPTION_PT, CAPTION_LEADING, CAPTION_ABOVE_MM = 6.5, 1.3, 1.2  # the portrait's credit
QUOTE_PAD_MM, QUOTE_RULE_PT, QUOTE_LEADING = 5, 1.2, 1.3  # the pull quote standing in for a portrait
PERSON_LEADING, PERSON_BELOW_MM = 1.35, 4
TEASER_PARAGRAPH_MM = 2
# The demo's badge „Beispieltext – …“ (capitals, tracked, in a frame).
BADGE_PT, BADGE_LEADING, BADGE_TRACKING_EM, BADGE_ABOVE_MM = 8, 1.3, 0.04, 4
BADGE_PAD_MM, BADGE_PAD_X_MM, BADGE_RULE_PT = 1, 2.5, 0.8
# Steckbrief and themes: small sans type, a tracked head in capitals.
SMALL_PT, SMALL_LEADING = 8.3, 1.35
HEAD_PT, HEAD_LEADING, HEAD_TRACKING_EM, HEAD_BELOW_MM = 8.5, 1.2, 0.05, 1.8
FACTBOX_ABOVE_MM, FACTBOX_PAD_Y_MM, FACTBOX_PAD_X_MM = 5, 3.5, 4.5
FACTBOX_ROW_MM, FACTBOX_LABEL_MM, FACTBOX_PAIR_GAP_MM = 0.6, 26, 4
LOGO_MM, LOGO_WIDE_MM, LOGO_GAP_MM = 12, 8, 4
THEMES_ABOVE_MM, THEME_INDENT_MM, THEME_BELOW_MM = 5, 5, 1.1

COVER_AREA_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM
MEASURE_MM = PAGE_WIDTH_MM - 2 * MARGIN_SIDE_MM
MAIN_MM = MEASURE_MM - SIDE_MM - SIDE_GAP_MM
# The interview's columns keep at least this share of the cover's height (a fifth); when the other
# means are used up, down to TEXT_SHARE_MIN (fewer lines, never none).
TEXT_SHARE_USUAL = 0.2
TEXT_SHARE_MIN = 0.15

# The headline: a long one is set smaller until it takes at most HEADLINE_MAX_LINES lines, down to
# HEADLINE_LINES_MIN_PT; a word too long for the line makes it smaller still, down to HEADLINE_MIN_PT.
HEADLINE_MAX_LINES = 3
HEADLINE_LINES_MIN_PT = 18
HEADLINE_MIN_PT = 16
# The headline's size is chosen for a line this much shorter than the measure.
HEADLINE_SAFETY = 0.97
# The body's largest size (estimate.FONT_MAX is 10 pt): the teaser stays above it. The pull quote standing
# in for a missing portrait (italic, in the series' colour, beside the text) goes down to the body's largest size.
TEASER_MIN_PT = 10.5
QUOTE_MIN_PT = 10

PORTRAIT_MIN_MM = 50
PORTRAIT_MAX_MM = 78  # beside a teaser of up to 80 words (``usual_portrait_mm``)
PORTRAIT_WIDE_MIN_MM = 40
# The series' name in the band (.wordmark, leading 1): a long one is set smaller until it takes at most
# two lines, not below WORDMARK_MIN_PT.
WORDMARK_PT = 32
WORDMARK_MIN_PT = 20


def design_css():
    """The cover's design (the constants above) as CSS custom properties, for every generated stylesheet
    of a document that uses print.css (its cover rules and ``@page :first`` read them)."""
    mm = {
        "margin-top": MARGIN_TOP_MM,
        "margin-side": MARGIN_SIDE_MM,
        "margin-bottom": MARGIN_BOTTOM_MM,
        "band-top": BAND_TOP_MM,
        "band-bottom": BAND_BOTTOM_MM,
        "subtitle-above": SUBTITLE_SPACE_MM,
        "line-above": LINE_SPACE_MM,
        "part-pad": PART_PAD_MM,
        "part-gap": PART_GAP_MM,
        "kommune-above": KOMMUNE_SPACE_MM,
        "headline-above": HEADLINE_ABOVE_MM,
        "headline-below": HEADLINE_BELOW_MM,
        "intro-below": INTRO_BELOW_MM,
        "side": SIDE_MM,
        "side-gap": SIDE_GAP_MM,
        "side-below": SIDE_BELOW_MM,
        "caption-above": CAPTION_ABOVE_MM,
        "quote-pad": QUOTE_PAD_MM,
        "person-below": PERSON_BELOW_MM,
        "teaser-paragraph": TEASER_PARAGRAPH_MM,
        "badge-above": BADGE_ABOVE_MM,
        "badge-pad": BADGE_PAD_MM,
        "badge-pad-x": BADGE_PAD_X_MM,
        "head-below": HEAD_BELOW_MM,
        "factbox-above": FACTBOX_ABOVE_MM,
        "factbox-pad-y": FACTBOX_PAD_Y_MM,
        "factbox-pad-x": FACTBOX_PAD_X_MM,
        "factbox-row": FACTBOX_ROW_MM,
        "factbox-label": FACTBOX_LABEL_MM,
        "factbox-pair-gap": FACTBOX_PAIR_GAP_MM,
        "logo": LOGO_MM,
        "logo-wide": LOGO_WIDE_MM,
        "logo-gap": LOGO_GAP_MM,
        "themes-above": THEMES_ABOVE_MM,
        "theme-indent": THEME_INDENT_MM,
        "theme-below": THEME_BELOW_MM,
    }
    pt = {
        "wordmark-size": WORDMARK_PT,
        "subtitle-size": SUBTITLE_PT,
        "line-size": LINE_PT,
        "kommune-size": KOMMUNE_PT,
        "caption-size": CAPTION_PT,
        "quote-rule": QUOTE_RULE_PT,
        "badge-size": BADGE_PT,
        "badge-rule": BADGE_RULE_PT,
        "small-size": SMALL_PT,
        "head-size": HEAD_PT,
    }
    em = {
        "line-tracking": LINE_TRACKING_EM,
        "kommune-tracking": KOMMUNE_TRACKING_EM,
        "head-tracking": HEAD_TRACKING_EM,
        "badge-tracking": BADGE_TRACKING_EM,
    }
    plain = {
        "subtitle-leading": SUBTITLE_LEADING,
        "line-leading": LINE_LEADING,
        "kommune-leading": KOMMUNE_LEADING,
        "headline-leading": HEADLINE_LEADING,
        "caption-leading": CAPTION_LEADING,
        "quote-leading": QUOTE_LEADING,
        "person-leading": PERSON_LEADING,
        "badge-leading": BADGE_LEADING,
        "small-leading": SMALL_LEADING,
        "head-leading": HEAD_LEADING,
    }
    found = [
        f"--cover-{name}: {value}{unit}; "
        for values, unit in ((mm, "mm"), (pt, "pt"), (em, "em"), (plain, ""))
        for name, value in values.items()
    ]
    return "".join(found)


# How the Steckbrief is set: in the left column, one row below the other; below both columns, its rows in
# pairs; below both columns, its rows run into one paragraph („Kommunentyp: Landkreis · Bundesland: …“).
# Below both columns it is headed „Steckbrief“ (the Kommune's name stands above the headline), and the
# portrait may then be a landscape crop (``PORTRAIT_WIDE_MIN_MM``).
COLUMN, PAIRS, RUN_IN = "column", "pairs", "run-in"


@dataclass(frozen=True)
class Step:
    """One rung of the ladder: type sizes (pt) of the blocks that may get smaller, how the Steckbrief is
    set, where the demo's badge stands."""

    teaser: tuple | None  # (size, leading); None: by the teaser's length (``usual_teaser``)
    name: float
    role: float
    quote: float
    factbox: str = COLUMN
    badge_beside: bool = False  # the demo's badge below the portrait rather than below the teaser


STEPS = (
    Step(None, 12.5, 10.5, 16),
    Step((TEASER_MIN_PT, 1.45), 12.5, 10.5, 16),
    Step((TEASER_MIN_PT, 1.4), 11.5, 9.5, 14),
    Step((TEASER_MIN_PT, 1.4), 11.5, 9.5, 14, factbox=PAIRS),
    Step((TEASER_MIN_PT, 1.35), 11, 9, 13, factbox=PAIRS),
    Step((TEASER_MIN_PT, 1.35), 11, 9, 13, factbox=RUN_IN),
    Step((TEASER_MIN_PT, 1.35), 11, 9, 13, factbox=RUN_IN, badge_beside=True),
)
# Where the list of themes stands: in the right-hand column below the portrait, or, when that column would
# reach too far (long titles), below both columns, the titles in pairs side by side, tried on every rung of
# the ladder; only when no rung holds it, nowhere (the themes head the interview's sections and stand on the
# back page), again from the first rung: smaller type in the left column would not shorten the right one.
SIDE, BELOW, NONE = "side", "below", ""
THEME_PLACES = ((SIDE, BELOW), (NONE,))


@dataclass(frozen=True)
class Plan:
    """The cover's sizes (print.css reads them as custom properties) and its estimated heights (mm)."""

    headline: float
    teaser: float
    teaser_leading: float
    name: float
    role: float
    quote: float
    portrait_mm: int
    intro_end_mm: float  # where the interview's columns begin, from the paper's top edge (the cover-text-end anchor)
    step: int = 0
    factbox: str = COLUMN
    themes: str = SIDE  # SIDE, BELOW or "" (none)
    badge_beside: bool = False
    wordmark: float = WORDMARK_PT
    opening_mm: float = 0.0  # what the interview's opening needs on the cover (``opening_mm``)

    @property
    def badge_text(self):
        """The demo's badge (sample_badge.html; ``badge_mm`` measures it)."""
        return badge_text()

    @property
    def wide_factbox(self):
        """Whether the Steckbrief stands below both columns."""
        return self.factbox != COLUMN

    @property
    def text_share(self):
        """The share of the cover's height left to the interview's columns."""
        return (PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM - self.intro_end_mm) / COVER_AREA_MM

    @property
    def fits(self):
        """Whether the interview's columns get at least ``TEXT_SHARE_MIN`` of the cover and its opening."""
        columns = PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM - self.intro_end_mm
        return self.text_share >= TEXT_SHARE_MIN and columns >= self.opening_mm

    def css_vars(self):
        """The plan's sizes as CSS custom properties (after ``design_css``: the series' name overrides its size)."""
        return (
            f"--portrait-height: {self.portrait_mm}mm; --headline-size: {self.headline}pt; "
            f"--teaser-size: {self.teaser}pt; --teaser-leading: {self.teaser_leading}; "
            f"--person-size: {self.role}pt; --name-size: {self.name}pt; --cover-quote-size: {self.quote}pt; "
            f"--cover-wordmark-size: {self.wordmark}pt; "
        )


def lines(text, font, size_pt, measure_mm, tracking_em=0.0, safety=1.0):
    """The lines ``text`` takes at ``size_pt`` on ``measure_mm``, broken at spaces and after hyphens only.

    ``text`` is a string in ``font`` or a list of (string, font) runs (a run ends with a word).
    The advance widths without kerning are the text's widest (kerning only narrows it), so the
    layout, which also hyphenates some blocks, sets at most as many lines. A word longer than the
    line is broken wherever it must (``overflow-wrap``), as the layout does.
    """
    from interviews.pdf.metrics import text_em

    measure = measure_mm * PT_PER_MM * safety
    runs = [(text, font)] if isinstance(text, str) else text
    words = [(word, font) for run, font in runs for word in run.split()]
    count, width = 0, 0.0
    for word, font in words:
        space = (text_em(" ", font) + tracking_em) * size_pt
        for index, piece in enumerate(re.findall(r"[^-]*-|[^-]+", word)):
            piece_pt = (text_em(piece, font) + tracking_em * len(piece)) * size_pt
            gap = space if index == 0 else 0.0
            if width and width + gap + piece_pt <= measure:
                width += gap + piece_pt
            elif piece_pt > measure:
                count += math.ceil(piece_pt / measure)
                width = piece_pt % measure
            else:
                count += 1
                width = piece_pt
    return count


def lead_words(source):
    return richtext.word_count(source.interview.lead) + len(source.interview.title.split()) * 2


def usual_teaser(source):
    """The headline's and teaser's sizes by the teaser's length: (headline pt, (teaser pt, leading))."""
    return (26, (11.5, 1.5)) if lead_words(source) <= 80 else (23, (TEASER_MIN_PT, 1.45))


def headline_size(source):
    """The headline's size (pt): smaller when it would take more than three lines or a word is too long.

    A headline is never hyphenated: when its longest word does not fit the line, the headline is
    set smaller until it does; a headline of more than three lines is set smaller until it takes
    three (not below 18 pt: a 200-character headline takes four lines of 18 pt, not six of 26).
    """
    from interviews.pdf.metrics import text_em

    title = source.interview.title
    headline = usual_teaser(source)[0]
    while headline > HEADLINE_LINES_MIN_PT and headline_lines(title, headline) > HEADLINE_MAX_LINES:
        headline -= 0.5
    longest = max((text_em(word, "serif-bold") for word in title.split()), default=0)
    measure = MEASURE_MM * PT_PER_MM * HEADLINE_SAFETY
    if longest * headline > measure:
        headline = max(HEADLINE_MIN_PT, math.floor(measure / longest * 2) / 2)
    return headline


def headline_lines(title, size_pt):
    """The lines ``title`` takes at ``size_pt`` (headlines are never hyphenated)."""
    return lines(title, "serif-bold", size_pt, MEASURE_MM, safety=HEADLINE_SAFETY)


def usual_portrait_mm(source, headline_pt):
    """The portrait's height before the plan: by the teaser's length (78, 70 or 60 mm), less what headline
    and Kommune name take beyond two headline lines at 26 pt and one line of the name."""
    words = lead_words(source)
    height = PORTRAIT_MAX_MM if words <= 80 else 70 if words <= 115 else 60
    kommune = kommune_lines(source.kommune.name) * KOMMUNE_LINE_PT
    headline = headline_lines(source.interview.title, headline_pt) * headline_pt * HEADLINE_LEADING
    beyond = _mm(headline + kommune) - _mm(2 * 26 * HEADLINE_LEADING + KOMMUNE_LINE_PT)
    return max(PORTRAIT_MIN_MM, round(height - max(0.0, beyond)))


# The Kommune's line above the headline (.cover-kommune-label: capitals, tracked).
KOMMUNE_LINE_PT = KOMMUNE_PT * KOMMUNE_LEADING


def kommune_lines(name):
    return lines(name.upper(), "sans-bold", KOMMUNE_PT, MEASURE_MM, tracking_em=KOMMUNE_TRACKING_EM)


def _mm(pt):
    return pt / PT_PER_MM


def wordmark_size(series):
    size = WORDMARK_PT
    while size > WORDMARK_MIN_PT and lines(series.title, "sans-bold", size, MEASURE_MM) > 2:
        size -= 0.5
    return size


def top_mm(source, headline_pt):
    """From the paper's top edge to the intro: the series band, the Kommune's name, the headline (print.css)."""
    series = source.series
    wordmark = wordmark_size(series)
    band = MARGIN_TOP_MM + BAND_TOP_MM + _mm(lines(series.title, "sans-bold", wordmark, MEASURE_MM) * wordmark)
    if series.subtitle:
        subtitle = lines(series.subtitle, "sans", SUBTITLE_PT, MEASURE_MM)
        band += SUBTITLE_SPACE_MM + _mm(subtitle * SUBTITLE_PT * SUBTITLE_LEADING)
    part = _("Interview %(part)s von %(total)s") % {"part": 99, "total": 99}
    line = " ".join([part, series.publication_line, "2099"])
    measure = MEASURE_MM - 2 * PART_PAD_MM - PART_GAP_MM
    line_lines = lines(line.upper(), "sans-bold", LINE_PT, measure, tracking_em=LINE_TRACKING_EM)
    band += LINE_SPACE_MM + _mm(line_lines * LINE_PT * LINE_LEADING) + BAND_BOTTOM_MM
    kommune = KOMMUNE_SPACE_MM + _mm(kommune_lines(source.kommune.name) * KOMMUNE_LINE_PT)
    headline = _mm(headline_lines(source.interview.title, headline_pt) * headline_pt * HEADLINE_LEADING)
    return band + kommune + HEADLINE_ABOVE_MM + headline + HEADLINE_BELOW_MM


def _paragraphs(html):
    """The teaser's lines of text (paragraphs, list items, lines after a break) with their measure (mm):
    a list item's is shorter by the list's indent (40 px, 10.6 mm)."""
    parts = re.split(r"</p>|</li>|<br\s*/?>", richtext.sanitize(html))
    found = [(richtext.plain_text(part), MAIN_MM - (10.6 if "<li" in part else 0)) for part in parts]
    return [(text, measure) for text, measure in found if text]


def main_mm(source, step, teaser):
    """The left column: interviewee, teaser, sample badge (print.css .person, .teaser, .sample-badge),
    and the Steckbrief unless it stands below both columns."""
    interview = source.interview
    name = lines(interview.interviewee_full_name, "sans-bold", step.name, MAIN_MM)
    height = _mm(name * step.name * PERSON_LEADING)
    role = lines(interview.interviewee_role, "sans", step.role, MAIN_MM)
    height += _mm(role * step.role * PERSON_LEADING) + PERSON_BELOW_MM
    size, leading = teaser
    paragraphs = _paragraphs(interview.lead)
    height += sum(_mm(lines(text, "serif", size, measure) * size * leading) for text, measure in paragraphs)
    height += TEASER_PARAGRAPH_MM * max(0, len(paragraphs) - 1)
    if interview.is_sample and not step.badge_beside:
        height += badge_mm(MAIN_MM)
    return height if step.factbox != COLUMN else height + factbox_mm(source, MAIN_MM)


def badge_text():
    return _("Beispieltext – Demo-Inhalt, keine echten Aussagen")


def badge_mm(width_mm):
    """The demo's badge in a column ``width_mm`` wide, with the space above it."""
    text = badge_text().upper()
    measure = width_mm - 2 * BADGE_PAD_X_MM - 2 * BADGE_RULE_PT / PT_PER_MM
    count = lines(text, "sans-bold", BADGE_PT, measure, tracking_em=BADGE_TRACKING_EM)
    return BADGE_ABOVE_MM + _mm(count * BADGE_PT * BADGE_LEADING + 2 * BADGE_RULE_PT) + 2 * BADGE_PAD_MM


def factbox_rows(source):
    """The Steckbrief's rows (factbox.html prints them, ``factbox_mm`` measures them): label, value, and
    whether it is the awards' row (on a row of its own when the rows stand in pairs)."""
    kommune = source.kommune
    rows = [
        (_("Kommunentyp"), kommune.get_kind_display(), False),
        (_("Bundesland"), kommune.get_state_display(), False),
    ]
    if kommune.population:
        rows.append((_("Einwohner"), f"{kommune.population:,}".replace(",", "."), False))
    akk = _("Mitglied im Arbeitskreis Kommunaler Klimaschutz") if kommune.akk_member else _("kein Mitglied")
    rows.append((_("AKK"), akk, False))
    awards = "; ".join(
        _("Klimaaktive Kommune %(year)s: %(category)s") % {"year": award.year, "category": award.category}
        for award in source.awards
    )
    rows.append((_("Auszeichnungen"), awards or _("keine eingetragen"), True))
    return rows


# Beside the Steckbrief's head (and a run-in Steckbrief's first lines): the logo, at most this wide with its gap.
LOGO_ROOM_MM = 38


def factbox_mm(source, width_mm, how=COLUMN):
    """The Steckbrief (print.css .factbox): ``width_mm`` wide, set ``how`` (``COLUMN``, ``PAIRS``, ``RUN_IN``)."""
    logo = bool(source.kommune.logo)
    inner = width_mm - 2 * FACTBOX_PAD_X_MM
    heading = _("Steckbrief: %(name)s") % {"name": source.kommune.name} if how == COLUMN else _("Steckbrief")
    box = head_mm(heading, inner - LOGO_ROOM_MM if logo else inner)
    rows = factbox_rows(source)
    if how == RUN_IN:
        # One paragraph, the labels bold. Beside the logo its first line is shorter or moves below the logo:
        # a line more at most (the head and a line are taller than the logo).
        runs = []
        for index, (label, value, _awards) in enumerate(rows):
            runs += [(f"{'· ' if index else ''}{label}:", "sans-bold"), (value, "sans")]
        count = lines(runs, None, SMALL_PT, inner) + (1 if logo else 0)
        return FACTBOX_ABOVE_MM + 2 * FACTBOX_PAD_Y_MM + box + small_mm(count)
    if how == PAIRS and logo:
        box = max(box, LOGO_WIDE_MM)  # the rows begin below the logo
    cells = [value for _label, value, awards in rows if not awards]
    pairs = how == PAIRS
    grouped = [cells[index : index + 2] for index in range(0, len(cells), 2)] if pairs else [[c] for c in cells]
    cell_measure = (inner / 2 - FACTBOX_PAIR_GAP_MM if pairs else inner) - FACTBOX_LABEL_MM
    for row in grouped:
        box += small_mm(max(lines(cell, "sans", SMALL_PT, cell_measure) for cell in row)) + FACTBOX_ROW_MM
    awards = next(value for _label, value, awards in rows if awards)
    box += small_mm(lines(awards, "sans", SMALL_PT, inner - FACTBOX_LABEL_MM)) + FACTBOX_ROW_MM
    box = max(box, LOGO_MM if logo and not pairs else 0)
    return FACTBOX_ABOVE_MM + 2 * FACTBOX_PAD_Y_MM + box


def head_mm(text, measure_mm):
    """A Steckbrief's or the themes' head (capitals, tracked) with the space below it."""
    count = lines(text.upper(), "sans-bold", HEAD_PT, measure_mm, tracking_em=HEAD_TRACKING_EM)
    return _mm(count * HEAD_PT * HEAD_LEADING) + HEAD_BELOW_MM


def small_mm(count):
    """The height of ``count`` lines of the Steckbrief's and the themes' small type."""
    return _mm(count * SMALL_PT * SMALL_LEADING)


def side_mm(source, quote_pt, themes=True, badge=False):
    """The right column without the portrait's photo: its caption, or the pull quote standing in for it
    at ``quote_pt``; the demo's ``badge``; the ``themes`` (print.css .cover-side)."""
    interview = source.interview
    height = badge_mm(SIDE_MM) if badge and interview.is_sample else 0.0
    if interview.portrait and interview.photo_credit:
        credit = lines(_("Foto:") + " " + interview.photo_credit, "sans", CAPTION_PT, SIDE_MM)
        height += CAPTION_ABOVE_MM + _mm(credit * CAPTION_PT * CAPTION_LEADING)
    elif not interview.portrait and source.cover_quote is not None:
        quote = f"„{source.cover_quote.pull_quote}“"
        rules = 2 * QUOTE_RULE_PT
        height += 2 * QUOTE_PAD_MM + _mm(
            rules + lines(quote, "serif-italic", quote_pt, SIDE_MM) * quote_pt * QUOTE_LEADING
        )
    if themes:
        height += themes_mm(source)
    return height + SIDE_BELOW_MM


def themes_mm(source, pairs=False):
    """The list of themes (print.css .cover-themes) in the right-hand column, or below both columns with its
    titles in ``pairs`` side by side."""
    height = THEMES_ABOVE_MM + head_mm(_("Die Themen dieses Interviews"), MEASURE_MM if pairs else SIDE_MM)
    measure = (MEASURE_MM / 2 - FACTBOX_PAIR_GAP_MM if pairs else SIDE_MM) - THEME_INDENT_MM
    titles = [lines(group["theme"].title, "sans", SMALL_PT, measure) for group in source.groups]
    rows = [titles[index : index + 2] for index in range(0, len(titles), 2)] if pairs else [[n] for n in titles]
    return height + sum(small_mm(max(row)) + THEME_BELOW_MM for row in rows)


def stand_in_size(source):
    """The largest size (pt, in half points) at which the longest word of the stand-in pull quote fits its column."""
    from interviews.pdf.metrics import text_em

    if source.cover_quote is None:
        return STEPS[0].quote
    longest = max((text_em(word, "serif-italic") for word in f"„{source.cover_quote.pull_quote}“".split()), default=0)
    measure = SIDE_MM * PT_PER_MM
    return max(QUOTE_MIN_PT, min(STEPS[0].quote, math.floor(measure / longest * 2) / 2 if longest else STEPS[0].quote))


# The ladder: every step at TEXT_SHARE_USUAL, then every step at TEXT_SHARE_MIN (``Plan.step`` is the step's index).
LADDER = tuple((share, index, step) for share in (TEXT_SHARE_USUAL, TEXT_SHARE_MIN) for index, step in enumerate(STEPS))


def plan(source):
    """The cover's sizes for ``source``: the first rung of ``LADDER`` (the list of themes where
    ``THEME_PLACES`` says) whose intro leaves the interview its share of the cover and the room its opening
    needs (``opening_mm``), else the last (``Plan.fits`` is false: the teaser, the one field without a length
    limit, is too long, or the first theme's head)."""
    headline = headline_size(source)
    usual = usual_teaser(source)[1]
    top = top_mm(source, headline)
    usual_portrait = usual_portrait_mm(source, headline)
    has_portrait = bool(source.interview.portrait)
    wordmark = wordmark_size(source.series)
    opening = opening_mm(source)
    found = None
    rungs = ((*rung, themes) for places in THEME_PLACES for rung in LADDER for themes in places)
    for share, index, step, themes in rungs:
        columns = max(COVER_AREA_MM * share, opening)
        room = PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM - columns - top - INTRO_BELOW_MM
        teaser = step.teaser or usual
        below = factbox_mm(source, MEASURE_MM, step.factbox) if step.factbox != COLUMN else 0.0
        below += themes_mm(source, pairs=True) if themes == BELOW else 0.0
        main = main_mm(source, step, teaser)
        portrait, quote = usual_portrait, step.quote
        beside = themes == SIDE
        if has_portrait:
            side = side_mm(source, quote, beside, step.badge_beside)
            least = PORTRAIT_WIDE_MIN_MM if step.factbox != COLUMN else PORTRAIT_MIN_MM
            portrait = max(least, min(usual_portrait, math.floor(room - below - side)))
            side += portrait
        else:
            # The pull quote standing in for the portrait gets smaller as the portrait would, and until its
            # longest word fits the column (it is never hyphenated).
            quote = min(quote, stand_in_size(source))
            while quote > QUOTE_MIN_PT and side_mm(source, quote, beside, step.badge_beside) > room - below:
                quote -= 0.5
            side = side_mm(source, quote, beside, step.badge_beside)
        intro = max(main, side) + below
        found = Plan(
            headline,
            *teaser,
            step.name,
            step.role,
            quote,
            portrait,
            top + intro + INTRO_BELOW_MM,
            index,
            step.factbox,
            themes,
            step.badge_beside,
            wordmark,
            opening,
        )
        if intro <= room:
            return found
    return found


# The body's theme head (print.css .theme-head): title 1.5 em / 1.15, leading question 1 em / 1.3, in a column.
THEME_TITLE_EM, THEME_TITLE_LEADING, THEME_QUESTION_LEADING = 1.5, 1.15, 1.3


def opening_mm(source):
    """What the interview's opening needs of the cover's columns (mm): ``TEXT_SHARE_MIN`` of the cover, and
    more by every line beyond the first that the first theme's title and leading question take at the body's
    largest size. A theme head is never split nor left alone at a column's foot: a long one would go on to
    page 2 and leave the cover's columns empty."""
    from interviews.pdf import estimate

    least = TEXT_SHARE_MIN * COVER_AREA_MM
    if not source.groups:
        return least
    theme = source.groups[0]["theme"]
    size = estimate.FONT_MAX
    column = estimate.COLUMN_WIDTH_PX / estimate.PX_PER_MM
    title = lines(theme.title, "sans-bold", size * THEME_TITLE_EM, column)
    question = lines(theme.question, "serif-italic", size, column)
    extra = (title - 1) * size * THEME_TITLE_EM * THEME_TITLE_LEADING + (question - 1) * size * THEME_QUESTION_LEADING
    return least + _mm(max(0.0, extra))


def _with_lead(source, lead):
    """``source`` with another teaser (copies: the form's instance stays as it is)."""
    interview = copy.copy(source.interview)
    interview.lead = lead
    return dataclasses.replace(source, interview=interview)


def teaser_words(source):
    """How many words of ``source``'s teaser the cover holds beside the other fields (all when ``plan`` fits)."""
    words = richtext.plain_text(source.interview.lead).split()
    if plan(source).fits:
        return len(words)
    low, high = 0, len(words) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if plan(_with_lead(source, f"<p>{html.escape(' '.join(words[:middle]))}</p>")).fits:
            low = middle
        else:
            high = middle - 1
    return low


def teaser_error(source):
    """Why the cover cannot hold ``source``'s teaser with the other fields (German), or None.

    The teaser is the one cover field without a length limit; every other field at its model's
    limit fits (``tests/test_cover_limits.py``). The message names how long a teaser may be with
    these other fields: the longest beginning of this teaser that ``plan`` still fits.
    """
    words = richtext.plain_text(source.interview.lead).split()
    fits = teaser_words(source)
    if fits == len(words):
        return None
    if fits == 0 and opening_mm(source) > TEXT_SHARE_MIN * COVER_AREA_MM:
        return _(
            "Der Titel und die Leitfrage des ersten Themas („%(theme)s“) brauchen zu Beginn des Interviews mehr "
            "Platz auf der Titelseite des PDFs, als neben Überschrift, interviewter Person und Steckbrief bleibt. "
            "Bitte den Titel oder die Leitfrage des Themas kürzen (oder Überschrift oder Funktion)."
        ) % {"theme": source.groups[0]["theme"].title}
    if fits == 0:
        return _(
            "Überschrift, Name und Funktion der interviewten Person und der Steckbrief der Kommune "
            "(%(awards)s Auszeichnungen) lassen auf der Titelseite des PDFs keinen Platz für einen Teaser und den "
            "Beginn des Interviews. Bitte die Überschrift oder die Funktion kürzen oder Auszeichnungen der Kommune "
            "zusammenfassen."
        ) % {"awards": len(source.awards)}
    return _(
        "Der Teaser hat %(chars)s Zeichen; neben dieser Überschrift, dem Namen und der Funktion der interviewten "
        "Person und dem Steckbrief der Kommune passen auf die Titelseite des PDFs etwa %(fits)s Zeichen "
        "(%(words)s Wörter). Bitte den Teaser kürzen (oder Überschrift oder Funktion)."
    ) % {"chars": len(" ".join(words)), "fits": len(" ".join(words[:fits])), "words": fits}
