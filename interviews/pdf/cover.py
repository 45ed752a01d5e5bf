"""The cover's sizes: the plan that lets every field the models allow fit the cover.

The cover (templates/interviews/print/cover.html, print.css „Cover“) stacks the series band, the
Kommune's name and the headline; below them the intro: on the right a 60 mm column with the
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
# The page (A4) and the cover's margins (print.css @page :first: 0 15 14 15 mm).
PAGE_HEIGHT_MM = 297
COVER_AREA_MM = PAGE_HEIGHT_MM - 14
MEASURE_MM = 210 - 30
# The interview's columns keep at least this share of the cover's height (a fifth); when the other
# means are used up, down to TEXT_SHARE_MIN (fewer lines, never none).
TEXT_SHARE_USUAL = 0.2
TEXT_SHARE_MIN = 0.15

# The headline: a long one is set smaller until it takes at most HEADLINE_MAX_LINES lines, down to
# HEADLINE_LINES_MIN_PT; a word too long for the line makes it smaller still, down to HEADLINE_MIN_PT.
HEADLINE_LEADING = 1.12
HEADLINE_MAX_LINES = 3
HEADLINE_LINES_MIN_PT = 18
HEADLINE_MIN_PT = 16
# The headline's size is chosen for a line this much shorter than the measure.
HEADLINE_SAFETY = 0.97
# The body's largest size (estimate.FONT_MAX is 10 pt): the teaser stays above it. The pull quote standing
# in for a missing portrait (italic, in the series' colour, beside the text) goes down to the body's largest size.
TEASER_MIN_PT = 10.5
QUOTE_MIN_PT = 10

# The right-hand column: portrait width, gap to the left column; the portrait's usual heights by the
# teaser's length and its smallest height.
SIDE_MM = 60
SIDE_GAP_MM = 9
MAIN_MM = MEASURE_MM - SIDE_MM - SIDE_GAP_MM
PORTRAIT_MIN_MM = 50
# The series' name in the band (print.css .wordmark: 32 pt / 1): a long one is set smaller until it takes
# at most two lines, not below WORDMARK_MIN_PT.
WORDMARK_PT = 32
WORDMARK_MIN_PT = 20
PORTRAIT_WIDE_MIN_MM = 40


@dataclass(frozen=True)
class Step:
    """One rung of the ladder: type sizes (pt) of the blocks that may get smaller."""

    teaser: tuple | None  # (size, leading); None: by the teaser's length (``usual_teaser``)
    name: float
    role: float
    quote: float
    # The Steckbrief below both columns, its rows in pairs, headed „Steckbrief“ (the Kommune's name stands
    # above the headline); the portrait may then be a landscape crop (``PORTRAIT_WIDE_MIN_MM``).
    wide_factbox: bool = False


STEPS = (
    Step(None, 12.5, 10.5, 16),
    Step((TEASER_MIN_PT, 1.45), 12.5, 10.5, 16),
    Step((TEASER_MIN_PT, 1.4), 11.5, 9.5, 14),
    Step((TEASER_MIN_PT, 1.4), 11.5, 9.5, 14, wide_factbox=True),
    Step((TEASER_MIN_PT, 1.35), 11, 9, 13, wide_factbox=True),
)


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
    intro_end_mm: float  # where the interview's columns begin (the cover-text-end anchor)
    step: int = 0
    wide_factbox: bool = False
    wordmark: float = WORDMARK_PT

    @property
    def text_share(self):
        """The share of the cover's height left to the interview's columns."""
        return (COVER_AREA_MM - self.intro_end_mm) / COVER_AREA_MM

    @property
    def fits(self):
        return self.text_share >= TEXT_SHARE_MIN

    def css_rules(self):
        """The part cover's own rules (the theme booklet's cover shares print.css, not these)."""
        return [f".cover-band .wordmark {{ font-size: {self.wordmark}pt; }}"] if self.wordmark != WORDMARK_PT else []

    def css_vars(self):
        return (
            f"--portrait-height: {self.portrait_mm}mm; --headline-size: {self.headline}pt; "
            f"--teaser-size: {self.teaser}pt; --teaser-leading: {self.teaser_leading}; "
            f"--person-size: {self.role}pt; --name-size: {self.name}pt; --cover-quote-size: {self.quote}pt; "
        )


def lines(text, font, size_pt, measure_mm, tracking_em=0.0, safety=1.0):
    """The lines ``text`` takes at ``size_pt`` on ``measure_mm``, broken at spaces and after hyphens only.

    The advance widths without kerning are the text's widest (kerning only narrows it), so the
    layout, which also hyphenates some blocks, sets at most as many lines. A word longer than the
    line is broken wherever it must (``overflow-wrap``), as the layout does.
    """
    from interviews.pdf.metrics import text_em

    measure = measure_mm * PT_PER_MM * safety
    space = (text_em(" ", font) + tracking_em) * size_pt
    count, width = 0, 0.0
    for word in text.split():
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
    height = 78 if words <= 80 else 70 if words <= 115 else 60
    kommune = kommune_lines(source.kommune.name) * KOMMUNE_LINE_PT
    headline = headline_lines(source.interview.title, headline_pt) * headline_pt * HEADLINE_LEADING
    beyond = _mm(headline + kommune) - _mm(2 * 26 * HEADLINE_LEADING + KOMMUNE_LINE_PT)
    return max(PORTRAIT_MIN_MM, round(height - max(0.0, beyond)))


# The Kommune's line above the headline (print.css .cover-kommune-label: 10 pt / 1.2, capitals, tracked 0.05 em).
KOMMUNE_LINE_PT = 12


def kommune_lines(name):
    return lines(name.upper(), "sans-bold", 10, MEASURE_MM, tracking_em=0.05)


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
    band = 13 + _mm(lines(series.title, "sans-bold", wordmark, MEASURE_MM) * wordmark)
    if series.subtitle:
        band += 2 + _mm(lines(series.subtitle, "sans", 12.5, MEASURE_MM) * 12.5 * 1.25)
    part = _("Interview %(part)s von %(total)s") % {"part": 99, "total": 99}
    line = " ".join([part, series.publication_line, "2099"])
    band += 4.5 + _mm(lines(line.upper(), "sans-bold", 8.5, MEASURE_MM - 7, tracking_em=0.06) * 8.5 * 1.2) + 8
    kommune = 9 + _mm(kommune_lines(source.kommune.name) * KOMMUNE_LINE_PT)
    headline = 2 + _mm(headline_lines(source.interview.title, headline_pt) * headline_pt * HEADLINE_LEADING) + 6
    return band + kommune + headline


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
    height = _mm(lines(interview.interviewee_full_name, "sans-bold", step.name, MAIN_MM) * step.name * 1.35)
    height += _mm(lines(interview.interviewee_role, "sans", step.role, MAIN_MM) * step.role * 1.35) + 4
    size, leading = teaser
    paragraphs = _paragraphs(interview.lead)
    height += sum(_mm(lines(text, "serif", size, measure) * size * leading) for text, measure in paragraphs)
    height += 2 * max(0, len(paragraphs) - 1)
    if interview.is_sample:
        height += 4 + _mm(8 * 1.3 + 1.6) + 2
    return height if step.wide_factbox else height + factbox_mm(source, MAIN_MM)


def factbox_mm(source, width_mm, pairs=False):
    """The Steckbrief (print.css .factbox): ``width_mm`` wide, its rows one below the other or in
    ``pairs`` side by side (the awards always on a row of their own)."""
    kommune = source.kommune
    inner = width_mm - 9
    heading = _("Steckbrief") if pairs else _("Steckbrief: %(name)s") % {"name": kommune.name}
    head_measure = inner - 38 if kommune.logo else inner
    box = _mm(lines(heading.upper(), "sans-bold", 8.5, head_measure, tracking_em=0.05) * 8.5 * 1.2) + 1.8
    if pairs and kommune.logo:
        box = max(box, 8)  # the rows begin below the logo (8 mm high)
    awards = "; ".join(f"Klimaaktive Kommune {award.year}: {award.category}" for award in source.awards)
    cells = [
        kommune.get_kind_display(),
        kommune.get_state_display(),
        *([f"{kommune.population:,}"] if kommune.population else []),
        _("Mitglied im Arbeitskreis Kommunaler Klimaschutz"),
    ]
    rows = [cells[index : index + 2] for index in range(0, len(cells), 2)] if pairs else [[cell] for cell in cells]
    cell_measure = (inner / 2 - 4 if pairs else inner) - 26  # print.css .factbox-wide: 4 mm between a pair
    for row in rows:
        box += _mm(max(lines(cell, "sans", 8.3, cell_measure) for cell in row) * 8.3 * 1.35) + 0.6
    box += _mm(lines(awards or _("keine eingetragen"), "sans", 8.3, inner - 26) * 8.3 * 1.35) + 0.6
    return 5 + 7 + max(box, 12 if kommune.logo and not pairs else 0)


def side_mm(source, quote_pt):
    """The right column without the portrait's photo: its caption, or the pull quote standing in for it
    at ``quote_pt``; the themes (print.css .cover-side)."""
    interview = source.interview
    height = 0.0
    if interview.portrait and interview.photo_credit:
        height += 1.2 + _mm(lines(_("Foto:") + " " + interview.photo_credit, "sans", 6.5, SIDE_MM) * 6.5 * 1.3)
    elif not interview.portrait and source.cover_quote is not None:
        quote = f"„{source.cover_quote.pull_quote}“"
        # padding 5 mm above and below, 1.2 pt rules
        height += 10 + _mm(2.4 + lines(quote, "serif-italic", quote_pt, SIDE_MM) * quote_pt * 1.3)
    themes = 5 + _mm(lines(_("Die Themen dieses Interviews").upper(), "sans-bold", 8.5, SIDE_MM, 0.05) * 8.5 * 1.2)
    themes += 1.8
    for group in source.groups:
        themes += _mm(lines(group["theme"].title, "sans", 8.3, SIDE_MM - 5) * 8.3 * 1.35) + 1.1
    return height + themes + 2


def stand_in_size(source):
    """The largest size (pt, in half points) at which the longest word of the stand-in pull quote fits its column."""
    from interviews.pdf.metrics import text_em

    if source.cover_quote is None:
        return STEPS[0].quote
    longest = max((text_em(word, "serif-italic") for word in f"„{source.cover_quote.pull_quote}“".split()), default=0)
    measure = SIDE_MM * PT_PER_MM
    return max(QUOTE_MIN_PT, min(STEPS[0].quote, math.floor(measure / longest * 2) / 2 if longest else STEPS[0].quote))


def plan(source):
    """The cover's sizes for ``source``: the first step of ``STEPS`` whose intro leaves the interview
    ``TEXT_SHARE_USUAL`` of the cover, else the first that leaves ``TEXT_SHARE_MIN``, else the last
    (``Plan.fits`` is false: the teaser, the one field without a length limit, is too long)."""
    headline = headline_size(source)
    usual = usual_teaser(source)[1]
    top = top_mm(source, headline)
    usual_portrait = usual_portrait_mm(source, headline)
    has_portrait = bool(source.interview.portrait)
    candidates = []
    for share in (TEXT_SHARE_USUAL, TEXT_SHARE_MIN):
        room = COVER_AREA_MM * (1 - share) - top - 7  # the intro's margin below
        for index, step in enumerate(STEPS):
            teaser = step.teaser or usual
            below = factbox_mm(source, MEASURE_MM, pairs=True) if step.wide_factbox else 0.0
            main = main_mm(source, step, teaser)
            portrait, quote = usual_portrait, step.quote
            if has_portrait:
                side = side_mm(source, quote)
                least = PORTRAIT_WIDE_MIN_MM if step.wide_factbox else PORTRAIT_MIN_MM
                portrait = max(least, min(usual_portrait, math.floor(room - below - side)))
                side += portrait
            else:
                # The pull quote standing in for the portrait gets smaller as the portrait would, and until its
                # longest word fits the column (it is never hyphenated).
                quote = min(quote, stand_in_size(source))
                while quote > QUOTE_MIN_PT and side_mm(source, quote) > room - below:
                    quote -= 0.5
                side = side_mm(source, quote)
            intro = max(main, side) + below
            found = Plan(
                headline,
                *teaser,
                step.name,
                step.role,
                quote,
                portrait,
                top + intro + 7,
                index,
                step.wide_factbox,
                wordmark_size(source.series),
            )
            if intro <= room:
                return found
            candidates.append(found)
    return candidates[-1]


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
