"""No hyphen across a page turn: the last line of a page never ends with a hyphen.

WeasyPrint breaks a paragraph at the foot of a column where its next line no
longer fits (``weasyprint.layout.block._break_line``, which also keeps
``orphans``/``widows``) or, when a block after it may not start the next page,
between its lines further up (``find_earlier_page_break``). ``install()`` wraps
both: when the break ends a page (a one-column flow, or the last column of a
two-column page) and the last line kept on the page ends with a hyphen, the
paragraph breaks one line earlier (that line starts the next page), as long
as ``orphans`` lines stay on the page. The column keeps a gap of a line at its
foot, which ``columns.justify`` spreads over the spaces between its blocks.
When only the paragraph's first two lines are on the page (moving them would
take the question or theme head above along and open a hole of three to nine
lines), the last line is set again with hyphenation suspended
(``hyphenation.suspended``): it ends before the word, its word spaces wider, and
the line before it may give it up to three pieces so that the two share the
space (``_set_again``; seed 489's „kosten unterlassener Maßnahmen ein. Die“ had
spaces of 2.19 em, its two lines now 1.1 and 0.9 em). Each line remembers its
paragraph and where it began for this (``iter_line_boxes``). Hyphens at a
column turn inside a page stay (the reader's eye only moves up the same page).

One more fix to WeasyPrint 70's line breaking lives here, since it is installed and
guarded alike: a text that ends with a space before an inline element (``<em>``,
``<strong>``, a link) is measured with that space, so a text that fits but for it
counts as too long and WeasyPrint hyphenates its first word alone: a line of
„na-“ between „kommu-“ and „len …“ (``split_first_line``, wrapped below).

This happens inside the one layout the fit makes: no second layout, nothing
changes where no page ends on a hyphen. The wrappers act only inside
``guarded()`` (every print render of parts, print master, Themenheft,
Sammelband), so other WeasyPrint renders in the process (the yardstick of
``make bench``) are unchanged. They depend on WeasyPrint's internals:
``install()`` refuses to patch functions whose signature is not the one it was
written for (WeasyPrint 70), and tests/test_pdf_turns.py fails when the hook
no longer acts.
"""

import contextlib
import math

from interviews.pdf import hooks, hyphenation, lookahead
from interviews.pdf.columns import end_page, line_boxes, text_boxes
from interviews.pdf.estimate import PX_PER_MM

# A column that starts right of this (px from the page's left edge) is the last of its page: the right
# column of the A4 two-column pages (15 mm margin, 87.25 mm column, 5.5 mm gap: it starts at 107.75 mm);
# the print master's bleed and slug only move it further right.
LAST_COLUMN_X = 105 * PX_PER_MM
HYPHENS = ("-", "\u2010", "\u00ad")

# The parameters of the wrapped functions in WeasyPrint 70.
BREAK_LINE_PARAMETERS = (
    "context",
    "box",
    "line",
    "new_children",
    "needed",
    "page_is_empty",
    "index",
    "skip_stack",
    "resume_at",
    "absolute_boxes",
    "fixed_boxes",
)
EARLIER_BREAK_PARAMETERS = ("context", "children", "absolute_boxes", "fixed_boxes")
FIRST_LINE_PARAMETERS = (
    "text",
    "style",
    "context",
    "max_width",
    "justification_spacing",
    "is_line_start",
    "minimum",
)

_installed = []


@contextlib.contextmanager
def guarded():
    """Inside this block, layouts in this thread keep hyphens off the last line of a page and set
    loose lines again with look-ahead (``lookahead``)."""
    install()
    with hooks.acting():
        yield


def ends_with_hyphen(line):
    """Whether a line box's text ends with a hyphen (added by hyphenation or the word's own)."""
    texts = [box.text for box in text_boxes(line) if box.text]
    return bool(texts) and texts[-1].rstrip().endswith(HYPHENS)


def _ends_page(context, line):
    """Whether a break after ``line`` turns the page: a one-column flow, or the page's last column."""
    return not context.in_column or line.position_x > LAST_COLUMN_X


def _lines_to_keep(lines, orphans):
    """How many of ``lines`` stay on the page so that the last one does not end with a hyphen (0: none can)."""
    keep = len(lines)
    while keep and ends_with_hyphen(lines[keep - 1]):
        keep -= 1
    return keep if keep >= orphans else 0


def _line(context, linebox, paragraph, rest, skip, y, max_x=None, suspended=False):
    """One line of ``paragraph`` laid out from ``skip`` at ``y`` (greedy, WeasyPrint's own), at most to ``max_x``,
    with hyphenation suspended if asked; it knows its ``skip_stack`` and ``resume_at``. None at the paragraph's end."""
    from weasyprint.layout.inline import iter_line_boxes

    absolute_boxes, fixed_boxes = rest[-2:]
    with hyphenation.suspended() if suspended else contextlib.nullcontext(), lookahead.narrowed(linebox, max_x):
        lines = iter_line_boxes(
            context, linebox, y, -math.inf, skip, paragraph, absolute_boxes, fixed_boxes, None, None
        )
        line, resume_at = next(lines, (None, None))
    if line is not None:
        line.skip_stack, line.resume_at, line.paragraph = skip, resume_at, paragraph
    return line


def _set_again(context, linebox, before, line, paragraph, rest):
    """``before`` and ``line`` (a page's last two lines of ``paragraph``) set again so that ``line`` ends before a
    word, not on a hyphen: [before, line] as set again, or None where no setting does.

    ``line`` is set with hyphenation suspended, which leaves its word spaces wide; ``before`` may give it up to
    ``lookahead.PUSHES`` pieces (set narrower, as the look-ahead does) so that both share the space. Of the
    settings, the one whose lines are loose by the least (``lookahead.excess``) is kept.
    """
    from weasyprint.layout.block import remove_placeholders

    absolute_boxes, fixed_boxes = rest[-2:]
    right = paragraph.content_box_x() + paragraph.width
    firsts = [before]
    while hasattr(before, "skip_stack") and len(firsts) <= lookahead.PUSHES:
        max_x = lookahead.natural_end(firsts[-1]) - lookahead.NARROWER
        shorter = _line(context, linebox, paragraph, rest, before.skip_stack, before.position_y, max_x)
        if shorter is None or shorter.resume_at in (None, firsts[-1].resume_at):
            if shorter is not None:
                remove_placeholders(context, shorter.children, absolute_boxes, fixed_boxes)
            break
        firsts.append(shorter)
    settings = []
    for first in firsts:
        below = first.position_y + first.height
        again = _line(context, linebox, paragraph, rest, first.resume_at, below, suspended=True)
        if again is not None and (again.resume_at is None or ends_with_hyphen(again)):
            remove_placeholders(context, again.children, absolute_boxes, fixed_boxes)
        elif again is not None:
            cost = sum(lookahead.excess(one, False, right) ** 2 for one in (first, again))
            settings.append((cost, len(settings), first, again))
    best = min(settings, default=None)
    for *_setting, again in settings:
        if again is not best[3]:
            remove_placeholders(context, again.children, absolute_boxes, fixed_boxes)
    for first in firsts[1:]:
        if best is None or first is not best[2]:
            remove_placeholders(context, first.children, absolute_boxes, fixed_boxes)
    return None if best is None else [best[2], best[3]]


def install():
    """Wrap WeasyPrint's two line-level page breaks (once per process); raises WeasyPrintChanged.

    Also wraps ``iter_line_boxes`` where the block layout calls it, so that each line knows its paragraph
    (``find_earlier_page_break`` gets the lines only), and sets a line again with it.
    """
    if _installed:
        return
    lookahead.install()  # first: the lines it sets again are the ones this wrapper hands on
    from weasyprint.layout import block, inline

    hooks.require(
        (block._break_line, BREAK_LINE_PARAMETERS),
        (block.find_earlier_page_break, EARLIER_BREAK_PARAMETERS),
        (inline.iter_line_boxes, hooks.LINE_BOXES_PARAMETERS),
        (inline.split_first_line, FIRST_LINE_PARAMETERS),
    )
    first_line_of = inline.split_first_line

    def split_first_line(text, style, context, max_width, *rest, **options):
        # WeasyPrint 70 measures a text that ends with a space (before a <strong>, <em> or link) with that
        # space, though a space at a line's end takes no room: a text that fits but for its last space
        # counts as too long, and the first word is hyphenated alone („na-“ on a line of its own, the word
        # broken twice). Such a text takes the line whole.
        result = first_line_of(text, style, context, max_width, *rest, **options)
        if result[2] is None or max_width is None or not text.endswith(" ") or not hooks.active():
            return result
        # Where the line holds more than the text's first word, the break was not that one: no second
        # measuring (every paragraph's text ends with a space before its ``span.last-word``).
        if " " in text.encode()[: result[2]].decode(errors="ignore").strip(" "):
            return result
        bare = text.rstrip(" ")
        if not bare or "\n" in text or first_line_of(bare, style, context, max_width, *rest, **options)[2] is not None:
            return result
        return first_line_of(text, style, context, None, *rest, **options)

    break_line, earlier_break = block._break_line, block.find_earlier_page_break
    line_boxes_of = block.iter_line_boxes
    remove_placeholders = block.remove_placeholders

    def iter_line_boxes(context, linebox, position_y, bottom_space, skip_stack, paragraph, *rest):
        # Each line remembers its paragraph, so that a break moved up later can set its last line again.
        lines = line_boxes_of(context, linebox, position_y, bottom_space, skip_stack, paragraph, *rest)
        if not hooks.active():
            yield from lines
            return
        for line, resume_at in lines:
            line.paragraph, line.skip_stack = paragraph, skip_stack
            skip_stack = resume_at
            yield line, resume_at

    def _break_line(context, box, line, new_children, needed, page_is_empty, index, *rest):
        abort, stop, resume_at = break_line(context, box, line, new_children, needed, page_is_empty, index, *rest)
        if abort or not stop or not hooks.active() or not new_children:
            return abort, stop, resume_at
        if not ends_with_hyphen(new_children[-1]) or not _ends_page(context, new_children[-1]):
            return abort, stop, resume_at
        absolute_boxes, fixed_boxes = rest[-2:]
        keep = _lines_to_keep(new_children, box.style["orphans"])
        if keep:
            for moved in new_children[keep:]:
                remove_placeholders(context, moved.children, absolute_boxes, fixed_boxes)
            del new_children[keep:]  # _linebox_layout resumes after its last kept line
        elif len(new_children) >= 2:
            # Only the paragraph's first lines are on the page: moving them would take the heading
            # above along and open a hole. The last line is set again, without hyphenation.
            again = _set_again(context, box.children[index], new_children[-2], new_children[-1], box, rest)
            if again is not None:
                for old in new_children[-2:]:
                    if old not in again:
                        remove_placeholders(context, old.children, absolute_boxes, fixed_boxes)
                new_children[-2:] = again
        return abort, stop, resume_at

    def find_earlier_page_break(context, children, absolute_boxes, fixed_boxes):
        result = earlier_break(context, children, absolute_boxes, fixed_boxes)
        if result is None or not hooks.active() or not children:
            return result
        lines, resume_at = result
        if type(children[0]).__name__ != "LineBox" or not lines or not ends_with_hyphen(lines[-1]):
            return result
        if not _ends_page(context, lines[-1]):
            return result
        keep = _lines_to_keep(lines, children[0].style["orphans"])
        if keep:
            remove_placeholders(context, lines[keep:], absolute_boxes, fixed_boxes)
            return lines[:keep], {0: lines[keep - 1].resume_at}
        paragraph = getattr(lines[-1], "paragraph", None)
        if len(lines) < 2 or paragraph is None:
            return result
        # Only the paragraph's first lines stay (a break further up would take the heading along): the
        # last line is set again, without hyphenation.
        rest = (absolute_boxes, fixed_boxes)
        again = _set_again(context, paragraph.children[0], lines[-2], lines[-1], paragraph, rest)
        if again is None:
            return result
        for old in lines[-2:]:
            if old not in again:
                remove_placeholders(context, old.children, absolute_boxes, fixed_boxes)
        return [*lines[:-2], *again], {0: again[-1].resume_at}

    block._break_line = _break_line
    block.find_earlier_page_break = find_earlier_page_break
    block.iter_line_boxes = iter_line_boxes
    inline.split_first_line = split_first_line
    _installed.append((break_line, earlier_break))


def page_turn_hyphens(document, columns):
    """(page number, word) of every page whose body text ends on a hyphen and goes on overleaf.

    ``columns``: ``columns.columns(document)``. A page's last body column,
    for every page before the one where the body text ends.
    """
    ending = end_page(document)
    last_per_page = {}
    for column in columns:
        last_per_page[column.page] = column
    found = []
    for page, column in sorted(last_per_page.items()):
        if page >= ending:
            continue
        lines = [line for block in column.blocks for line in line_boxes(block)]
        if lines and ends_with_hyphen(lines[-1]):
            text = "".join(box.text for box in text_boxes(lines[-1]))
            found.append((page + 1, text.split()[-1]))
    return found
