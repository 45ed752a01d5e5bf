"""A later layout of the fit makes again only the pages its change reaches.

The fit's second layout usually differs from its first in a few elements only: paragraphs set a
little tighter or looser at a column's foot (``Setting.tracked``), or a column-wide figure set
earlier in its theme (``Setting.figures_moved``). Every other style is the same, and the renderer
lays out the same parsed element tree again (``fitting.Renderer``). The pages before the first one
holding a changed element therefore come out as before, and so does every page after the last one
that begins where it began before.

WeasyPrint already makes a page again only when needed: ``make_all_pages`` keeps a page whose start
(its ``page_maker`` entry: where the text resumes, the counters) is unchanged and not marked
``content_changed`` — its own mechanism for page-based counters. ``recording(start)`` hands a layout
the previous layout's pages and ``page_maker``, marked as changed from ``start.first`` to
``start.last``, and records what the layout leaves for the next (``Pagination``). Outside
``recording()`` WeasyPrint runs unchanged (the yardstick of ``make bench``, other renders).

This depends on WeasyPrint 70's internals: ``install()`` refuses functions whose signature is not the
one it was written for (``hooks.WeasyPrintChanged``), and tests/test_pdf_repaginate.py compares such a
layout with a whole new one, box by box.
"""

import contextlib
import copy
import dataclasses
import threading

from interviews.pdf import hooks

_state = threading.local()
_installed = []

INITIALIZE_PARAMETERS = ("context", "root_box")
MAKE_ALL_PAGES_PARAMETERS = ("context", "root_box", "html", "pages")
PAGE_STYLES_PARAMETERS = ("page_type", "html", "style_for")


@dataclasses.dataclass
class Pagination:
    """What one layout leaves for a later one: its pages as made (before WeasyPrint adds the margin
    boxes), each page's start (``page_maker``) and whether a page sent footnotes on to the next."""

    pages: list = dataclasses.field(default_factory=list)
    made: int = 0  # pages laid out (the others kept from the layout before)
    children: list = dataclasses.field(default_factory=list)  # (page.children, its root's children) as made
    reported: list = dataclasses.field(default_factory=list)
    page_maker: list = dataclasses.field(default_factory=list)

    def pages_of(self, elements):
        """(first, last) index of the pages holding a box of one of ``elements``, or None."""
        wanted = {id(element) for element in elements}
        found = [
            index
            for index, page in enumerate(self.pages)
            if any(id(getattr(box, "element", None)) in wanted for box in page.descendants())
        ]
        return (found[0], found[-1]) if found else None

    def start(self, first, last):
        """A start for the next layout: pages ``first`` to ``last`` made again, the others kept where they
        begin as before.

        A page that begins with footnotes sent on by the page before (full-width figures) is made
        again from that page, since the footnotes travel in the layout's state, not in the page.
        """
        while first > 0 and self.reported[first - 1]:
            first -= 1
        return Start(self, first, last)


@dataclasses.dataclass
class Start:
    previous: Pagination
    first: int
    last: int

    def page_maker(self):
        """A copy of the previous layout's page starts, those of the pages to make again marked as changed."""
        fresh = []
        for index, (resume_at, next_page, right_page, page_state, _remake) in enumerate(self.previous.page_maker):
            remake = {
                "content_changed": self.first <= index <= self.last,
                "pages_wanted": False,
                "anchors": [],
                "content_lookups": [],
            }
            fresh.append((resume_at, copy.deepcopy(next_page), right_page, copy.deepcopy(page_state), remake))
        return fresh

    def kept(self, page):
        """A page of the previous layout that this one keeps, as ``make_all_pages`` made it (WeasyPrint adds the
        margin boxes after the layout). Only kept pages are touched: the previous layout stays whole, in case
        the fit keeps it."""
        index = self.previous.pages.index(page)
        children, root_children = self.previous.children[index]
        page.children = list(children)
        children[0].children = list(root_children)


def install():
    """Wrap WeasyPrint's pagination (once per process); raises WeasyPrintChanged."""
    if _installed:
        return
    from weasyprint import layout
    from weasyprint.layout.page import set_page_type_computed_styles

    initialize, make_all_pages = layout.initialize_page_maker, layout.make_all_pages
    hooks.require(
        (initialize, INITIALIZE_PARAMETERS),
        (make_all_pages, MAKE_ALL_PAGES_PARAMETERS),
        (set_page_type_computed_styles, PAGE_STYLES_PARAMETERS),
    )

    def initialize_page_maker(context, root_box):
        initialize(context, root_box)
        start = getattr(_state, "start", None)
        if start is not None:
            context.page_maker = start.page_maker()

    def make_pages(context, root_box, html, pages):
        if getattr(_state, "recorded", None) is None:
            yield from make_all_pages(context, root_box, html, pages)
            return
        start = _state.start
        if not pages and start is not None:
            pages = list(start.previous.pages)
        given = {id(page) for page in pages}
        previous = {id(page) for page in start.previous.pages} if start is not None else set()
        made = Pagination(made=_state.recorded.made)  # WeasyPrint may paginate twice in one layout
        for page in make_all_pages(context, root_box, html, pages):
            if id(page) in previous:
                start.kept(page)
            if id(page) in given:
                # A kept page's margin boxes are made again after the layout, from this layout's page styles.
                set_page_type_computed_styles(page.page_type, html, context.style_for)
            else:
                made.made += 1
                _state.reported[id(page)] = bool(context.reported_footnotes)
            made.pages.append(page)
            made.children.append((tuple(page.children), list(page.children[0].children)))
            made.reported.append(_state.reported[id(page)])
            yield page
        made.page_maker = context.page_maker
        _state.recorded = made

    layout.initialize_page_maker = initialize_page_maker
    layout.make_all_pages = make_pages
    _installed.append(True)


@contextlib.contextmanager
def recording(start=None):
    """Inside this block a layout in this thread begins from ``start`` (a ``Start``, or None for a
    whole new layout) and records its ``Pagination``: the block yields a list that holds it afterwards."""
    install()
    result = []
    _state.recorded, _state.start = Pagination(), start
    # Whether a page sent footnotes on to the next, by page box (kept pages keep theirs).
    previous = start.previous if start else Pagination()
    _state.reported = {id(page): sent for page, sent in zip(previous.pages, previous.reported, strict=True)}
    try:
        yield result
        result.append(_state.recorded)
    finally:
        _state.recorded = _state.start = _state.reported = None
