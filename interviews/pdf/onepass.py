"""Each column of a page laid out once, not twice.

WeasyPrint 70 lays out a multi-column box in two passes (``weasyprint.layout.column.columns_layout``):
the first lays out every column at the full height to learn whether the text fits and how high
the columns are (footnotes and balancing may make it repeat), the second lays the columns out
again, now each at its own place. With ``column-fill: auto`` (print.css: the body never balances)
and no footnotes on the page, the second pass gets the very arguments of the first: the same
children, where to resume, the same room. ``active()`` keeps the first pass's columns and hands
them to the second, moved to the column's place; a fifth to a quarter of every layout.

A column is laid out again as before when anything could differ: the page was not empty where
the columns begin (the cover), the first pass placed footnotes, floats or positioned boxes (a
full-width figure, which stands in the page's footnote area; a list item's marker, whose box the
passes share), or the column sits elsewhere in the second pass and its last line ends with a
hyphen (``turns`` keeps hyphens off a page's last line by the column's place, which the first
pass does not know).

Depends on WeasyPrint 70's internals: ``install()`` refuses functions whose signature is not the
one it was written for, and tests/test_pdf_onepass.py compares layouts with and without, box by box.
"""

import contextlib
import math
import threading

from interviews.pdf import hooks
from interviews.pdf.columns import line_boxes
from interviews.pdf.turns import ends_with_hyphen

_state = threading.local()
_installed = []
# The first pass computes the columns' room as the page's bottom less the height it gives them, the second
# as the larger of that and the room asked for: the same room, apart from a rounding error (px).
ROOM_EPSILON = 1e-6

BLOCK_BOX_PARAMETERS = (
    "context",
    "box",
    "bottom_space",
    "skip_stack",
    "containing_block",
    "page_is_empty",
    "absolute_boxes",
    "fixed_boxes",
    "adjoining_margins",
    "first_letter_style",
    "first_line_style",
    "discard",
    "max_lines",
)
# columns_layout takes block_box_layout's parameters but the last two.
COLUMNS_PARAMETERS = BLOCK_BOX_PARAMETERS[:-2]


def _placed(context):
    """What a layout may add to the page besides its boxes: footnotes, floats, broken out-of-flow boxes."""
    return (
        len(context.current_page_footnotes),
        len(context.reported_footnotes),
        len(context.excluded_shapes),
        len(context.broken_out_of_flow),
    )


def _children(box):
    """Which children a column box lays out: both passes make their column boxes from one list (copied)."""
    return (id(box.children[0]) if box.children else None, len(box.children))


def _last_line_hyphenated(box):
    lines = list(line_boxes(box))
    return bool(lines) and ends_with_hyphen(lines[-1])


def install():
    """Wrap WeasyPrint's column layout (once per process); raises WeasyPrintChanged."""
    if _installed:
        return
    from weasyprint.layout import block

    hooks.require(
        (block.block_box_layout, BLOCK_BOX_PARAMETERS),
        (block.columns_layout, COLUMNS_PARAMETERS),
    )
    block_box_layout, columns_layout = block.block_box_layout, block.columns_layout

    def columns(context, box, *rest, **named):
        frames = getattr(_state, "frames", None)
        if frames is None:
            return columns_layout(context, box, *rest, **named)
        frames.append([] if box.style["column_fill"] == "auto" else None)
        try:
            return columns_layout(context, box, *rest, **named)
        finally:
            frames.pop()

    def column(
        context, box, bottom_space, skip_stack, containing, page_is_empty, absolute, fixed, margins, *rest, **named
    ):
        def lay_out():
            return block_box_layout(
                context,
                box,
                bottom_space,
                skip_stack,
                containing,
                page_is_empty,
                absolute,
                fixed,
                margins,
                *rest,
                **named,
            )

        frames = getattr(_state, "frames", None)
        kept = frames[-1] if frames else None
        if kept is None or not getattr(box, "is_column", False) or bottom_space == math.inf or not page_is_empty:
            return lay_out()
        if margins is None:
            # The second pass: the first pass's column for the same children, resume point and room.
            for index, (children, resume, room, x, result, positioned) in enumerate(kept):
                if children == _children(box) and resume == skip_stack and abs(room - bottom_space) < ROOM_EPSILON:
                    del kept[index]
                    dx = box.position_x - x
                    if dx and _last_line_hyphenated(result[0]):
                        break
                    if dx:
                        result[0].translate(dx=dx)
                    for placeholder, inner, px, py in positioned:
                        # Later layouts of the same list item (the first pass's look at the next column's first
                        # box) moved the marker's box: back to where this column put it.
                        placeholder._box = inner
                        inner.position_x, inner.position_y = px + dx, py
                    absolute.extend(placeholder for placeholder, *_rest in positioned)
                    return result
            return lay_out()
        before = _placed(context)
        result = lay_out()
        if result[0] is not None and _placed(context) == before and not fixed:
            positioned = [(p, p._box, p._box.position_x, p._box.position_y) for p in absolute]
            kept.append((_children(box), skip_stack, bottom_space, box.position_x, result, positioned))
        return result

    block.block_box_layout = column
    block.columns_layout = columns
    _installed.append(True)


@contextlib.contextmanager
def active():
    """Inside this block, layouts in this thread lay out each column of a page once."""
    install()
    previous = getattr(_state, "frames", None)
    _state.frames = []
    try:
        yield
    finally:
        _state.frames = previous
