"""The one check of the WeasyPrint internals the print renders wrap (turns, lookahead, onepass, repaginate).

Each wrapper was written for WeasyPrint 70's functions; ``require(...)`` refuses to wrap a function
whose parameters are not the ones it was written for, so that a WeasyPrint upgrade fails loudly at
the first print render instead of laying out wrongly.
"""

import contextlib
import inspect
import threading


class WeasyPrintChanged(RuntimeError):
    """A WeasyPrint function is not the one a hook was written for."""


# ``weasyprint.layout.inline.iter_line_boxes`` in WeasyPrint 70: wrapped by ``lookahead``, called by ``turns``.
LINE_BOXES_PARAMETERS = (
    "context",
    "box",
    "position_y",
    "bottom_space",
    "skip_stack",
    "containing_block",
    "absolute_boxes",
    "fixed_boxes",
    "first_letter_style",
    "first_line_style",
)


# ``weasyprint.layout.inline.get_next_linebox`` in WeasyPrint 70: called by ``lookahead``, wrapped by ``linecache``.
NEXT_LINEBOX_PARAMETERS = (
    "context",
    "linebox",
    "position_y",
    "bottom_space",
    "skip_stack",
    "containing_block",
    "absolute_boxes",
    "fixed_boxes",
    "first_letter_style",
    "first_line_style",
)


def require(*expected):
    """Raise WeasyPrintChanged unless each (function, parameter names) pair matches."""
    for function, names in expected:
        if tuple(inspect.signature(function).parameters) != names:
            raise WeasyPrintChanged(f"{function.__module__}.{function.__name__} changed: {names}")


_state = threading.local()


@contextlib.contextmanager
def acting():
    """Inside this block the layout hooks (``turns``, ``lookahead``) act in this thread; see ``turns.guarded``."""
    previous = getattr(_state, "active", False)
    _state.active = True
    try:
        yield
    finally:
        _state.active = previous


def active():
    """Whether the layout hooks act in this thread."""
    return getattr(_state, "active", False)
