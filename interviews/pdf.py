"""The PDF publication (placeholder until the PDF work lands).

Contract: ``render_pdf(interview) -> bytes`` and ``PageBudgetError``.
"""

from django.core.exceptions import ValidationError


class PageBudgetError(ValidationError):
    """The interview cannot be set on exactly the series' page count."""


def check_page_budget(interview):
    """Raise PageBudgetError when the interview cannot fit its page budget."""
    return None


def render_pdf(interview):
    raise NotImplementedError


def store_pdf(interview):
    return "skipped"


def page_budget_label(interview):
    """A short German label of the stored page budget, e.g. "6/6 Seiten, Schrift 10,2 pt" (no render)."""
    return interview.get_pdf_state_display()
