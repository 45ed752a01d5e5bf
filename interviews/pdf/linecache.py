"""A line of text laid out once per fit, however often WeasyPrint asks for it.

WeasyPrint 70 lays out the same line several times in one layout: a multi-column box's first pass
looks at the first block of the next column at the column's top (``columns_layout``'s
``next_box``), then lays that column out from the same point; on a page with full-width figures
(footnotes) the first pass lays all its columns out again at the height the figures leave, from the
same starting points, and the second pass lays them out a third time (``onepass`` keeps only
columns without footnotes). A later layout of the fit (``repaginate``) makes pages again whose
paragraphs are unchanged, only higher or lower. Measured on generated shapes with real prose
(seeds 1039, 1057; one layout): 1,128 and 1,350 lines laid out for 416 and 635 lines printed,
36 % and 30 % of them a line laid out before from the same point.

``active(lines)`` keeps in ``lines`` (a ``Lines``, one per fit: ``fitting.Renderer``) each line of
text as laid out the first time (``get_next_linebox``), by what decides it: the paragraph (its
element and its texts), where the line begins in it, the containing block's left edge and width,
the paragraph's text indent, and whether hyphenation is suspended (``hyphenation.suspended``).
Asked again, it hands out a copy of that line (and of where the text resumes after it), moved to
the top asked for, so that what one layout attempt does to its line (moved with its column, its
placeholders removed, justified) never reaches another. Only lines whose paragraph holds nothing
but text and inline boxes (links, emphasis) are kept, without ``::first-letter``/``::first-line``
and with no float on the page: such a line depends on nothing else and places nothing besides
itself (no positioned box, float or footnote), so a copy is what laying it out again would give;
neither its top nor the room below it (``bottom_space``) decides where it breaks. A later layout
keeps the lines of the elements it does not change (``Lines.forget``: the elements
``fitting.Renderer.changed`` names, with everything inside them); after a change of type size or
spacing nothing is kept.

Whatever else makes a line come out otherwise must be part of the key or lay the line out past the
kept ones (``bypassed()``): a line set narrower than its column (``lookahead.narrowed``, used by the
look-ahead and by ``turns``) is neither kept nor taken from them. Outside ``active()`` WeasyPrint
runs unchanged. Depends on WeasyPrint 70's internals: ``install()`` refuses a ``get_next_linebox``
whose parameters changed (``hooks.require``), and tests/test_pdf_linecache.py compares layouts with
and without, box by box.
"""

import contextlib
import threading

from interviews.pdf import hooks, hyphenation

_state = threading.local()
_installed = []


class Lines:
    """Lines of text as laid out, kept over the layouts of one fit."""

    def __init__(self):
        self.lines = {}  # key: (top, the line as laid out, resume_at, the paragraph's box after it)
        self.keys = {}  # id(element): the keys of its lines
        self.elements = {}  # id(element): element (kept alive, so that its id stays its own)
        self.served = 0  # lines handed out again

    def keep(self, element, key, kept):
        self.lines[key] = kept
        self.keys.setdefault(id(element), []).append(key)
        self.elements[id(element)] = element

    def forget(self, elements):
        """Drop the lines of ``elements`` and of everything inside them (a later layout sets them otherwise)."""
        for element in elements:
            for inner in element.iter():
                for key in self.keys.pop(id(inner), ()):
                    self.lines.pop(key, None)


def _frozen(skip_stack):
    """A skip stack (nested dicts of child index to the skip stack inside it) as a key."""
    if skip_stack is None:
        return None
    return tuple(sorted((index, _frozen(inner)) for index, inner in skip_stack.items()))


def _copy(box):
    """A copy of a laid-out line with copies of its boxes (none shares a mutable set with the original)."""
    copy = box.copy()
    copy.remove_decoration_sides = set(box.remove_decoration_sides)
    copy.children = [_copy(child) for child in box.children]
    return copy


def _resume_copy(resume_at):
    return None if resume_at is None else {index: _resume_copy(inner) for index, inner in resume_at.items()}


def _paragraph(linebox):
    """What names the paragraph of ``linebox`` over layouts (its element and texts), or None when it holds more
    than text and inline boxes; remembered per box for the layout."""
    from weasyprint.formatting_structure import boxes

    known = _state.paragraphs.get(id(linebox))
    if known is None:
        descendants = [child for child in linebox.descendants() if child is not linebox]
        plain = linebox.element is not None and all(
            type(child) in (boxes.TextBox, boxes.InlineBox) and not child.footnote for child in descendants
        )
        name = (linebox.element, tuple(getattr(child, "text", None) for child in descendants)) if plain else None
        known = _state.paragraphs[id(linebox)] = (linebox, name)
    return known[1]


def install():
    """Wrap WeasyPrint's ``get_next_linebox`` (once per process); raises WeasyPrintChanged."""
    if _installed:
        return
    from weasyprint.layout import inline

    hooks.require((inline.get_next_linebox, hooks.NEXT_LINEBOX_PARAMETERS))
    original = inline.get_next_linebox

    def get_next_linebox(
        context,
        linebox,
        position_y,
        bottom_space,
        skip_stack,
        containing_block,
        absolute_boxes,
        fixed_boxes,
        first_letter_style,
        first_line_style,
    ):
        lines = getattr(_state, "lines", None)
        arguments = (containing_block, absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
        if lines is None or first_letter_style or first_line_style or context.excluded_shapes:
            return original(context, linebox, position_y, bottom_space, skip_stack, *arguments)
        paragraph = _paragraph(linebox)
        if paragraph is None:
            return original(context, linebox, position_y, bottom_space, skip_stack, *arguments)
        key = (
            paragraph,
            _frozen(skip_stack),
            containing_block.content_box_x(),
            containing_block.width,
            linebox.text_indent,
            hyphenation.is_suspended(),
        )
        kept = lines.lines.get(key)
        if kept is None:
            line, resume_at = original(context, linebox, position_y, bottom_space, skip_stack, *arguments)
            after = (linebox.position_x, linebox.width, linebox.height)
            copy = None if line is None else _copy(line)
            lines.keep(paragraph[0], key, (position_y, copy, _resume_copy(resume_at), after))
            return line, resume_at
        lines.served += 1
        top, line, resume_at, after = kept
        linebox.position_x, linebox.width, linebox.height = after
        linebox.position_y = position_y
        if line is not None:
            line = _copy(line)
            line.translate(0, position_y - top)
            line.position_y = position_y  # as WeasyPrint sets it, against rounding
        return line, _resume_copy(resume_at)

    inline.get_next_linebox = get_next_linebox
    _installed.append(original)


@contextlib.contextmanager
def bypassed():
    """Inside this block lines are laid out as WeasyPrint does, not kept (``lookahead``: a line set narrower)."""
    previous = getattr(_state, "lines", None)
    _state.lines = None
    try:
        yield
    finally:
        _state.lines = previous


@contextlib.contextmanager
def active(lines):
    """Inside this block, a layout in this thread keeps its lines of text in ``lines`` (a ``Lines``) and takes
    those kept there before (see the module)."""
    install()
    previous = getattr(_state, "lines", None), getattr(_state, "paragraphs", None)
    _state.lines, _state.paragraphs = lines, {}
    try:
        yield lines
    finally:
        _state.lines, _state.paragraphs = previous
