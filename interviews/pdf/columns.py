"""Columns that end together: vertical justification of the laid-out body text.

WeasyPrint fills the body's columns one after the other; whatever may not
split (a theme head with its first lines, a question with its answer's first
two lines, a pull quote) moves whole to the next column and leaves a gap at
the foot. After the fit's layout, ``justify`` spreads each column's gap over
the spaces between its blocks, weighted the way a typesetter would (most
before a theme head, some before a question and around a pull quote or
figure, little between paragraphs, none between a question and its answer),
each space growing by at most ``MAX_LINES_PER_WEIGHT`` lines per weight.
Only boxes move (no line breaks change), so it costs no layout. Columns
before the one where the text ends are justified; the last text column may
end short.

``foot_gaps(document)`` measures what is left: per justified column the
distance of its last line from the column's foot.
"""

from dataclasses import dataclass

from interviews.pdf.document import URL_BREAK

# How much a space between blocks may grow, in lines per unit of weight.
MAX_LINES_PER_WEIGHT = 1.5
# Then what is left may widen the leading of a column's running paragraphs, by at most this much
# of a line per line (4 %: 0.5 pt at 9 pt on 12.4 pt leading; a neighbour column's leading
# differs by no more than a typesetter's feathering).
FEATHER_LINES = 0.04


@dataclass
class Column:
    page: int  # index of the page
    box: object  # the column box
    blocks: list  # its block boxes in reading order
    last: bool  # the column where the text ends (not justified)
    line: float  # the body's line height in px
    foot: float = 0.0  # where the column may end: above the page's foot figures, else the foot of the type area

    @property
    def end(self):
        return max((ink_bottom(block) for block in self.blocks), default=self.box.content_box_y())

    @property
    def gap(self):
        return max(0.0, self.foot - self.end)


def ink_bottom(box):
    """Where a block's ink ends: a paragraph split at the column's foot ends with its last line.

    (WeasyPrint stretches a box that continues in the next column down to the
    column's foot, also when it kept a line or two for the next column:
    ``orphans``/``widows``, or no hyphen at a page turn, ``turns.py``.)
    """
    bottom = box.border_box_y() + box.border_height()
    children = getattr(box, "children", [])
    if children and not any(type(child).__name__ == "LineBox" for child in children):
        content = max((ink_bottom(child) for child in children if child.is_in_normal_flow()), default=None)
    else:
        lines = [child for child in children if type(child).__name__ == "LineBox"]
        content = lines[-1].position_y + lines[-1].height if lines else None
    if content is None:
        return bottom
    return min(bottom, content + box.padding_bottom + box.border_bottom_width)


def _classes(box):
    return (box.element.get("class") or "").split() if box.element is not None else []


def kind(box):
    """What a block is: "theme", "question", "quote", "figure", "text" or "" (an empty marker)."""
    if (box.element_tag or "").endswith("::footnote-call"):
        return ""  # the empty line where a full-width figure stands in the text: nothing to see
    classes = _classes(box)
    if "theme-head" in classes:
        return "theme"
    if "pull-quote" in classes:
        return "quote"
    if box.element_tag == "h3":
        return "question"
    if box.element_tag == "figure" or "figure" in classes:
        return "figure"
    if box.border_height() <= 0:
        return ""
    return "text"


def _flatten(box):
    """The blocks of a column: theme sections (a Themenheft's Kommune sections too) and lists opened up, so
    heads, questions, paragraphs and list items are blocks."""
    blocks = []
    for child in getattr(box, "children", []):
        if child.element_tag == "section" and {"theme", "kommune"} & set(_classes(child)):
            blocks.extend(_flatten(child))
        elif child.element_tag in ("ul", "ol"):
            blocks.extend(item for item in child.children if item.element_tag == "li" and kind(item))
        elif kind(child):
            blocks.append(child)
    return blocks


def end_page(document):
    """The index of the page where the interview's text ends (its ``body-end`` anchor), else the page count."""
    return next((i for i, page in enumerate(document.pages) if "body-end" in page.anchors), len(document.pages))


def columns(document):
    """The body's columns in reading order (cover and body pages)."""
    found = []

    def visit(box, page, foot):
        children = getattr(box, "children", [])
        if any(getattr(child, "is_column", False) for child in children):
            # Columns alone in their box run down to the page's text bottom; beside a block spanning
            # them (``column-span: all``) they end where their own box ends.
            alone = all(getattr(child, "is_column", False) for child in children)
            for child in children:
                if getattr(child, "is_column", False):
                    bottom = foot if alone else child.content_box_y() + child.height
                    found.append(Column(page, child, _flatten(child), False, 0.0, bottom))
            return
        for child in children:
            visit(child, page, foot)

    for index, page in enumerate(document.pages):
        visit(page._page_box, index, text_bottom(page._page_box))
    found = [column for column in found if column.blocks]
    ending = end_page(document)
    end_y = document.pages[ending].anchors["body-end"][1] if ending < len(document.pages) else None
    line = _line_height(found)
    for column in found:
        column.line = line
        if column.page == ending:
            left, right = column.box.content_box_x(), column.box.content_box_x() + column.box.width
            x = document.pages[ending].anchors["body-end"][0]
            column.last = left - 1 <= x <= right + 1 and end_y is not None
    # Columns after the end (none) and the end column itself are not justified.
    return found


def foot_figures(page_box):
    """The page's footnote area when full-width figures stand in it (print.css), else None."""
    for child in page_box.children:
        if type(child).__name__ == "FootnoteAreaBox" and child.children:
            return child
    return None


def text_bottom(page_box):
    """Where a page's columns may end: above its full-width figures, else at the foot of its type area.

    Not the column box's own height: WeasyPrint 70 sets that to its taller column, and leaves it
    shortened when a figure it had made room for moves on to the next page.
    """
    area = foot_figures(page_box)
    return area.position_y if area is not None else page_box.content_box_y() + page_box.height


def _line_height(found):
    """The body's line height: the height of a line of a running paragraph."""
    for column in found:
        for block in column.blocks:
            if block.element_tag == "p" and kind(block) == "text":
                for child in block.children:
                    if type(child).__name__ == "LineBox":
                        return child.height
    return 1.0


def _weight(before, after):
    """How much the space between two blocks may grow, relative to the others."""
    first, second = kind(before), kind(after)
    if first in ("theme", "question"):
        return 0.0  # a head stays with what it introduces
    if second == "theme":
        return 3.0
    if second == "question":
        return 2.0
    if "quote" in (first, second) or "figure" in (first, second):
        return 1.5
    return 0.5


def justify(document, max_lines_per_weight=MAX_LINES_PER_WEIGHT, feather=FEATHER_LINES):
    """Spread each full column's foot gap over the spaces between its blocks; re-gather links and anchors.

    Each space grows by at most ``max_lines_per_weight`` lines per unit of its weight.
    What the spaces cannot take (they reached their limit) goes into the lines of its running
    paragraphs, at most ``feather`` of a line per line.
    """
    touched = set()
    for column in columns(document):
        if column.last:
            break
        if getattr(column.box, "justified", False):
            continue  # a page kept from an earlier layout (``repaginate``) was justified with it
        column.box.justified = True
        gap = column.gap
        if gap <= 0.5:
            continue
        weights = [_weight(a, b) for a, b in zip(column.blocks, column.blocks[1:], strict=False)]
        lines = [_lines(block) if feather else [] for block in column.blocks]
        line_gaps = sum(max(0, len(found) - 1) for found in lines)
        total = sum(weights)
        per_weight = min(gap / total, max_lines_per_weight * column.line) if total else 0.0
        left = gap - per_weight * total
        per_line = min(left / line_gaps, feather * column.line) if left > 0.5 and line_gaps else 0.0
        if not per_weight and not per_line:
            continue
        shift = 0.0
        for index, block in enumerate(column.blocks):
            if index:
                shift += weights[index - 1] * per_weight
            if shift:
                block.translate(dy=shift)
            inside = 0.0
            for line in lines[index][1:]:
                inside += per_line
                line.translate(dy=inside)
            block.height += inside
            shift += inside
        touched.add(column.page)
    _gather(document, touched)
    return document


def _lines(block):
    """The line boxes of a running paragraph or list item (a ``p`` or ``li`` of the body text), else []."""
    if block.element_tag not in ("p", "li") or kind(block) != "text":
        return []
    return [child for child in block.children if type(child).__name__ == "LineBox"]


def _gather(document, touched):
    """Gather links and anchors again on the pages whose boxes moved."""
    from weasyprint.document import gather_anchors

    for index in touched:
        page = document.pages[index]
        page.anchors.clear()
        page.links.clear()
        page.bookmarks.clear()
        page.forms = {None: []}
        gather_anchors(page._page_box, page.anchors, page.links, page.bookmarks, page.forms)


def finish(document, max_lines_per_weight=MAX_LINES_PER_WEIGHT):
    """Before a layout is written: full columns end together, word spaces are evened out.

    Both move boxes only (no second layout); the fit, the print master and the Themenheft call it.
    """
    justify(document, max_lines_per_weight)
    even_spacing(document)
    return document


# Issue 19 item 4: on a full body page no column ends more than this many lines short of its foot.
FOOT_GAP_LINES = 2.0


def worst_full_page_gap(document):
    """The largest foot gap, in lines, of the columns of the full body pages (after the cover, before the
    page where the text ends)."""
    ending = end_page(document)
    return max((lines for page, _px, lines in foot_gaps(document) if 0 < page < ending), default=0.0)


def first_hole(document, limit):
    """The first column of a full body page ending more than ``limit`` lines short (after ``justify``),
    after the (up to) three columns before it, else None."""
    ending = end_page(document)
    found = columns(document)
    for index, column in enumerate(found):
        if column.last:
            break
        if 0 < column.page < ending and column.gap > limit * column.line:
            return found[max(0, index - 3) : index + 1]
    return None


def running_elements(found):
    """The elements of the running paragraphs and list items in ``found`` columns (a split one once)."""
    elements = []
    for column in found:
        for block in column.blocks:
            if _lines(block) and block.element not in elements:
                elements.append(block.element)
    return elements


def foot_gaps(document):
    """(page index, gap in px, gap in lines) of every column before the one where the text ends."""
    gaps = []
    for column in columns(document):
        if column.last:
            break
        gaps.append((column.page, column.gap, column.gap / column.line if column.line else 0.0))
    return gaps


# A justified line is loose when its word spaces are wider than this (em of its text).
LOOSE_SPACE_EM = 0.6
# The natural word space of the body font (Source Serif 4) in em.
SPACE_EM = 0.237
# A line whose word spaces are wider than this gives part of its extra width to its letters ...
SPACE_GOAL_EM = 0.5
# ... at most this much letter spacing (em; a typesetter's tracking of +20 for a loose line).
TRACKING_MAX_EM = 0.03


def justified_lines(document):
    """(page index, line box, paragraph box) of every justified line of the body text.

    A justified line is any line of a justified body paragraph but its
    last (a fragment's last line at a column's foot is justified: the
    paragraph goes on); pull quotes, questions and list items without ``<p>``
    do not count.
    """

    def visit(box, in_body, index):
        classes = _classes(box)
        in_body = in_body or "interview-body" in classes
        if (
            in_body
            and box.element_tag == "p"
            and box.style["text_align_all"] == "justify"
            and "pull-quote" not in classes
        ):
            lines = [child for child in box.children if type(child).__name__ == "LineBox"]
            for line in lines:
                # A fragment's last line is justified when the paragraph goes on in the next column.
                if line is not lines[-1] or getattr(line, "resume_at", None) is not None:
                    yield index, line, box
            return
        for child in getattr(box, "children", []):
            yield from visit(child, in_body, index)

    for index, page in enumerate(document.pages):
        yield from visit(page._page_box, False, index)


def word_space(line, paragraph):
    """The word space of a justified line in em of its paragraph: the font's space plus the stretch."""
    spacing = max((getattr(text, "justification_spacing", 0) for text in text_boxes(line)), default=0)
    return SPACE_EM + spacing / paragraph.style["font_size"]


def loose_lines(document):
    """(loose, justified) lines of the body text: word spaces wider than ``LOOSE_SPACE_EM``."""
    loose = justified = 0
    for _index, line, paragraph in justified_lines(document):
        justified += 1
        loose += word_space(line, paragraph) > LOOSE_SPACE_EM
    return loose, justified


def even_spacing(document):
    """Even out the word spaces of the justified body lines; the number of lines changed.

    WeasyPrint justifies by widening word spaces only. A line whose spaces
    are wider than ``SPACE_GOAL_EM`` gets letter spacing of up to
    ``TRACKING_MAX_EM`` (its paragraph's own tracking included), and its word
    spaces shrink by what the letters take.
    A line that ends inside a web address (broken after „/" or „.") is set
    flush left instead of stretched. The lines keep their words (no layout):
    each text box gets a copy of its style with the letter spacing and a new
    Pango layout for drawing, the boxes after it in the line move. Links and
    anchors are gathered again on the pages that changed.
    """
    touched, changed = set(), 0
    for index, line, paragraph in justified_lines(document):
        texts = [text for text in text_boxes(line) if text.text]
        spaces = sum(word_spaces(text) for text in texts)
        letters = sum(len(text.text) for text in texts)
        if not spaces or not letters:
            continue
        own = own_tracking(paragraph.style)
        if texts[-1].text.endswith(URL_BREAK):
            done = _respace(line, texts, own, flush_left=True)
        else:
            extra = tracking(word_space(line, paragraph), spaces, letters, own)
            done = extra > 0 and _respace(line, texts, own + extra)
        if done:
            touched.add(index)
            changed += 1
    _gather(document, touched)
    return changed


def own_tracking(style):
    """A paragraph's own letter spacing in em (``.fit-loose``, ``.fit-tight``; it stays)."""
    own = style["letter_spacing"]
    return 0.0 if own == "normal" else own / style["font_size"]


def tracking(space, spaces, letters, own):
    """The letter spacing (em) ``even_spacing`` adds to a justified line whose word spaces are ``space`` em.

    ``spaces`` and ``letters``: the line's word spaces and characters; ``own``: its paragraph's own
    tracking (the total stays at most ``TRACKING_MAX_EM``). Not positive: none added.
    """
    return min(TRACKING_MAX_EM - max(0.0, own), (space - SPACE_GOAL_EM) * spaces / letters)


def _respace(line, texts, letter_spacing, flush_left=False):
    """Set a line's text boxes with ``letter_spacing`` em, justified (or flush left); False if too wide."""
    from weasyprint.text.line_break import create_layout, line_size

    planned = []
    for text in texts:
        style = text.style.copy()
        style["letter_spacing"] = letter_spacing * style["font_size"] if letter_spacing else "normal"
        layout = create_layout(text.text, style, None, None, 0)
        first_line, _ = layout.get_first_line()
        natural, _ = line_size(first_line, style)
        layout.deactivate()
        planned.append((text, style, natural))
    spaces = sum(word_spaces(text) for text in texts)
    spacing = 0.0 if flush_left else (sum(text.width for text in texts) - sum(p[2] for p in planned)) / spaces
    if spacing < 0:
        return False
    deltas = {}
    for text, style, natural in planned:
        layout = create_layout(text.text, style, None, None, spacing)
        layout.deactivate()
        width = natural + spacing * word_spaces(text)
        deltas[id(text)] = width - text.width
        text.style, text.pango_layout, text.width = style, layout, width
        text.justification_spacing = spacing
    _move(line, deltas, 0.0)
    return True


def word_spaces(text):
    return text.text.count(" ") + text.text.count("\u00a0")


def _move(box, deltas, advance):
    """Move the boxes of a line after text boxes that changed width (as WeasyPrint's add_word_spacing)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        box.position_x += advance
        return advance + deltas.get(id(box), 0.0)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += advance
        before = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _move(child, deltas, advance)
        box.width += advance - before
        return advance
    if advance:
        box.translate(advance, 0)
    return advance


def line_boxes(box):
    """The line boxes inside ``box`` (a block, a column, a page), in reading order."""
    for child in getattr(box, "children", []):
        if type(child).__name__ == "LineBox":
            yield child
        else:
            yield from line_boxes(child)


def text_boxes(box):
    """The text boxes inside ``box`` (a line, a block, a page), in order."""
    for child in getattr(box, "children", []):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from text_boxes(child)
