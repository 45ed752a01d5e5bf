"""Loose lines set again with look-ahead: a justified line is never much looser than it need be.

WeasyPrint 70 breaks a paragraph's lines greedily (``weasyprint.layout.inline.iter_line_boxes``):
each line takes as much as fits, whatever that leaves the next one. Where the next allowed break
(a word, a compound's joint or syllable, ``hyphenation``) does not fit, the line is stretched over
its few word spaces: „Energieeffizienzmaßnahmen im Verwaltungs-“ with spaces of 1.17 em, or
„Wirtschaftlichkeitsuntersuchung. Förderpro-“ with one of 2.44 em, though the line before it could
have given it a word or a syllable.

``install()`` puts ``lines`` in the place of ``iter_line_boxes`` where WeasyPrint lays out a block's
lines (``weasyprint.layout.block``). It yields the same lines, up to three behind (``HELD``): when a
line comes out loose (``excess``: its word spaces wider than ``columns.LOOSE_SPACE_EM`` after the
letter spacing ``columns.even_spacing`` will give it, or a line without a word space short of the
right edge), the lines before it are set again, each a little narrower where that helps (its last
word or syllable pushed down, then its last two, three: ``PUSHES``; capped by ``split_inline_box``'s
``max_x``, still justified to the full width) and the loose line again from the new break: first
only the line just before it, then, while a loose line is left, also the second and third before it.
The setting whose lines are loose by the least (sum of the squared excess over ``LOOSE_SPACE_EM``)
is kept, only when it is better than the greedy one. On page 4 of generated seed 495
„Wirtschaftlichkeitsuntersuchung. Förderpro-“ (one space of 2.44 em) takes „che“ from the line
before, which takes „des“ from the one before it, and no line is loose; on page 5
„…ßenbeleuchtungsmodernisierung. Förderpro-“ (2.33 em) shares its space with the two lines before
it (the widest now 0.85 em).
A paragraph with no loose line is laid out exactly as before; the lines after a changed window are
broken greedily from its end again (and looked at in turn), so a paragraph may gain or lose a line.
A paragraph's first line and the first line of a column have no held line before them: they stay.
A loose line below the column's foot is not looked at here: it starts the next column, where it is
set afresh (setting the lines above for it moved the page breaks of seed 583).

Only paragraphs of text and inline boxes (links, emphasis) take part, outside floats, without
``::first-letter``/``::first-line``: a line computed ahead then has no side effects (no positioned
box, footnote or float placed by it), and one the consumer does not take (a page break) is simply
dropped. Page breaks stay WeasyPrint's and ``turns``' (no hyphen at a page turn): they see the lines
as yielded. The hook acts only inside ``turns.guarded()`` (``hooks.active``); depends on
WeasyPrint 70's internals, so ``install()`` refuses functions whose parameters changed, and
tests/test_pdf_lookahead.py fails when the hook no longer acts.
"""

import contextlib
import itertools
import threading

from interviews.pdf import hooks, linecache
from interviews.pdf.columns import (
    LOOSE_SPACE_EM,
    SPACE_EM,
    URL_BREAK,
    own_tracking,
    text_boxes,
    tracking,
    word_spaces,
)

# How many pieces (words or syllables) the line before a loose one may give it, one more each try.
PUSHES = 3
# How many lines are held back before they are handed on (the most a loose line may take pieces from).
HELD = 3
# At most this many lines are set again for one loose line (a narrow justified box of long words
# could otherwise try every combination of its held lines).
TRIES = 40
# A narrower line ends this far (px) left of the natural end of the line it replaces.
NARROWER = 0.1

# The parameters of the wrapped function in WeasyPrint 70.
SPLIT_INLINE_PARAMETERS = (
    "context",
    "box",
    "position_x",
    "max_x",
    "bottom_space",
    "skip_stack",
    "containing_block",
    "absolute_boxes",
    "fixed_boxes",
    "line_placeholders",
    "waiting_floats",
    "line_children",
    "first_letter_style",
    "first_line_style",
)

_narrow = threading.local()
_installed = []


@contextlib.contextmanager
def narrowed(box, max_x):
    """Inside this block the lines of ``box`` (a paragraph's line box) end at ``max_x`` (px) at the latest. Such a
    line is not the one a later layout asks for: it is not kept, nor taken from those kept (``linecache``).
    With ``max_x`` None the block changes nothing."""
    if max_x is None:
        yield
        return
    _narrow.box, _narrow.max_x = box, max_x
    try:
        with linecache.bypassed():
            yield
    finally:
        _narrow.box = None


class _Line:
    """A laid-out line with what it was laid out from."""

    def __init__(self, line, resume_at, skip_stack, position_y):
        self.line, self.resume_at, self.skip_stack, self.position_y = line, resume_at, skip_stack, position_y


def excess(line, last, right):
    """How much (em) a line's word spaces exceed ``LOOSE_SPACE_EM`` once ``even_spacing`` has tracked it; 0 if not.

    ``last``: the paragraph's last line (not justified); ``right``: where the line may end (px). A line
    ending inside a web address is set flush left (not loose); one without a word space counts by its
    gap at the right edge.
    """
    texts = [text for text in text_boxes(line) if text.text]
    if last or not texts or texts[-1].text.endswith(URL_BREAK):
        return 0.0
    size = line.style["font_size"]
    spaces = sum(word_spaces(text) for text in texts)
    if not spaces:
        return max(0.0, SPACE_EM + (right - line.position_x - line.width) / size - LOOSE_SPACE_EM)
    space = SPACE_EM + max(getattr(text, "justification_spacing", 0) for text in texts) / size
    letters = sum(len(text.text) for text in texts)
    extra = max(0.0, tracking(space, spaces, letters, own_tracking(line.style)))
    return max(0.0, space - extra * letters / spaces - LOOSE_SPACE_EM)


def natural_end(line):
    """Where a justified line's words end before justification (px)."""
    texts = [text for text in text_boxes(line) if text.text]
    stretch = sum(getattr(text, "justification_spacing", 0) * word_spaces(text) for text in texts)
    return line.position_x + line.width - stretch


def _text_only(box):
    from weasyprint.formatting_structure import boxes

    return all(type(child) in (boxes.TextBox, boxes.InlineBox) for child in box.descendants() if child is not box)


def install():
    """Put ``lines`` in the place of ``iter_line_boxes`` in WeasyPrint's block layout (once per process).

    Raises ``hooks.WeasyPrintChanged`` when the functions are not the ones this was written for.
    """
    if _installed:
        return
    linecache.install()  # first: the lines laid out here are kept like every other
    from weasyprint.layout import block, inline
    from weasyprint.layout.leader import handle_leader
    from weasyprint.layout.percent import resolve_one_percentage, resolve_percentages

    hooks.require(
        (inline.iter_line_boxes, hooks.LINE_BOXES_PARAMETERS),
        (inline.get_next_linebox, hooks.NEXT_LINEBOX_PARAMETERS),
        (inline.split_inline_box, SPLIT_INLINE_PARAMETERS),
    )
    if block.iter_line_boxes is not inline.iter_line_boxes:
        raise hooks.WeasyPrintChanged("weasyprint.layout.block.iter_line_boxes is wrapped already (lookahead first)")
    greedy, get_next_linebox = inline.iter_line_boxes, inline.get_next_linebox
    split_inline_box = inline.split_inline_box

    def split(context, box, position_x, max_x, *rest):
        """WeasyPrint's ``split_inline_box``; a line's outermost box ends at ``_narrow.max_x`` when set for it."""
        narrow = getattr(_narrow, "box", None)
        if narrow is box:
            max_x = min(max_x, _narrow.max_x)
        return split_inline_box(context, box, position_x, max_x, *rest)

    def lines(
        context,
        box,
        position_y,
        bottom_space,
        skip_stack,
        containing_block,
        absolute_boxes,
        fixed_boxes,
        first_letter_style,
        first_line_style,
    ):
        """``iter_line_boxes`` with the look-ahead (see the module); the greedy one where it does not act."""
        if (
            not hooks.active()
            or first_letter_style
            or first_line_style
            or context.excluded_shapes
            or box.style["text_align_all"] != "justify"
            or not _text_only(box)
        ):
            yield from greedy(
                context,
                box,
                position_y,
                bottom_space,
                skip_stack,
                containing_block,
                absolute_boxes,
                fixed_boxes,
                first_letter_style,
                first_line_style,
            )
            return
        # As iter_line_boxes: the text indent on the paragraph's first line only.
        resolve_percentages(box, containing_block)
        if skip_stack is None:
            resolve_one_percentage(box, "text_indent", containing_block.width)
        else:
            box.text_indent = 0
        indent, first_skip = box.text_indent, skip_stack
        right = containing_block.content_box_x() + containing_block.width

        def lay(skip, y, max_x=None):
            box.text_indent = indent if skip is first_skip else 0
            with narrowed(box, max_x):
                line, resume_at = get_next_linebox(
                    context, box, y, bottom_space, skip, containing_block, absolute_boxes, fixed_boxes, None, None
                )
            if line is None:
                return None
            handle_leader(context, line, containing_block)
            return _Line(line, resume_at, skip, y)

        def below(line):
            return line.line.position_y + line.line.height

        def cost(found):
            return sum(excess(one.line, one.resume_at is None, right) ** 2 for one in found)

        def better(window):
            """``window`` (held lines and a loose last one) or the setting of it that is least loose.

            The lines before the loose one may each give the next one up to ``PUSHES`` pieces: first
            only the line just before it, then, while the window is still loose, the ones before
            that too. A line's pushes stop where it alone is as loose as the best setting found
            (each piece pushed makes it looser); at most ``TRIES`` lines are set again.
            """
            best = [window, cost(window)]
            tries = [0]

            def trial(skip, y, max_x=None):
                if tries[0] >= TRIES:
                    return None
                tries[0] += 1
                return lay(skip, y, max_x)

            def narrower(line):
                """``line`` set again from its start, each time a piece shorter (up to ``PUSHES``)."""
                shorter = line
                for _push in range(PUSHES):
                    end = shorter.resume_at
                    shorter = trial(line.skip_stack, line.position_y, natural_end(shorter.line) - NARROWER)
                    if shorter is None or shorter.resume_at in (None, line.skip_stack, end):
                        return
                    yield shorter

            def search(found, index, skip, y, spent):
                original = window[index]
                greedy = original if (original.skip_stack, original.position_y) == (skip, y) else trial(skip, y)
                if greedy is None:
                    return
                if index == len(window) - 1:
                    total = spent + cost([greedy])
                    if total < best[1]:
                        best[:] = [[*found, greedy], total]
                    return
                for line in itertools.chain([greedy], narrower(greedy)):
                    own = spent + cost([line])
                    if own >= best[1]:
                        return
                    if line.resume_at is not None:
                        search([*found, line], index + 1, line.resume_at, below(line), own)
                    if not best[1]:
                        return

            for start in range(len(window) - 2, -1, -1):
                line = window[start]
                search(window[:start], start, line.skip_stack, line.position_y, cost(window[:start]))
                if not best[1]:
                    break
            return best[0]

        held = []
        skip, y = skip_stack, position_y
        while True:
            current = lay(skip, y)
            if current is None:
                break
            held.append(current)
            if (
                len(held) > 1
                and not context.overflows_page(bottom_space, below(current))
                and excess(current.line, current.resume_at is None, right)
            ):
                held = better(held)
            while len(held) > HELD:
                line = held.pop(0)
                yield line.line, line.resume_at
            current = held[-1]
            if current.resume_at is None:
                break
            skip, y = current.resume_at, below(current)
        box.text_indent = 0
        for line in held:
            yield line.line, line.resume_at

    inline.split_inline_box = split
    block.iter_line_boxes = lines
    _installed.append((greedy, split_inline_box))
