"""The PDF publication: a four-colour, A4 interview on exactly its page count.

Contract (used by publishing, downloads, tasks, admin, the benchmark):

- ``render_pdf(interview_or_source, preview=False) -> bytes``: set the interview (or a
  ``source_for(instance)``, e.g. a pending version in memory) and
  return the PDF; raises ``PageBudgetError`` (a ValidationError with a German
  message naming the words to cut or add) when it cannot fit.
- ``check_page_budget(interview)``: raise ``PageBudgetError`` unless its text fits the
  range of its page count (``word_range(pages)`` in Satzwörter, ``text_units``: answers,
  questions and the room around them; no layout).
- ``store_pdf(interview, force=False) -> str``: render and store the PDF when
  what it shows changed ("rendered", "unchanged", "busy", "failed",
  "skipped"); called only by the render task (``interviews.tasks``).
- ``layout_refusal(interview) -> str | None``: why exactly the text the
  interview holds now cannot be laid out (German), reusing the last layout of
  that text or laying it out now; publishing needs None. ``source_refusal(interview_id,
  source, record=True)``: the same for a version built in memory (a pending version, a
  posted form), checked before anything is written; ``record_fit(interview)``: once that
  version is stored, its layout is recorded under the stored text's fingerprint.
  ``layout_label(interview)``: that recorded layout for the checklist;
  ``record_layout(interview_id, layout_fingerprint(source), error)``: what
  „Satzspiegel prüfen“ and the worker remember of a layout.
- ``cover_refusal(cover_source(interview))``: a ``PageBudgetError`` when the cover cannot hold the
  teaser beside the other fields as a form holds them (the interview form refuses it; ``fit`` too).
- ``page_budget_label(interview) -> str``: the stored page budget for the admin.
- ``pull_quote_report(interview) -> list``: which pull quotes the current PDF prints and why others not.
- ``fit_report(interview) -> dict``: renders, timings and sizes for ``make bench``.
- ``missing_characters(text) -> str``: the characters of a text the print fonts lack (the admin warns).
- ``low_resolution_images(portrait, figures) -> list``: images too small for print at their largest
  placement (under ``PRINT_MIN_PPI``; the admin warns, the print master's preflight checks).
- ``render_print_master(interview) -> bytes``: the PDF/X-4 print master (bleed,
  crop marks, CMYK output intent) with the reader PDF's pages (``print_master``).

Modules by concern: ``source`` (what the PDF shows, loaded in a fixed number
of queries, and its fingerprint), ``document`` (print HTML and CSS, the URL
fetcher), ``metrics`` (the fonts' advance widths), ``estimate`` (the setting
and the length model), ``fitting`` (layouts until the body fills the page
budget; the page budget in Satzwörter), ``columns`` (columns that end
together, loose lines), ``hyphenation`` (German breaks at the dictionary
level), ``tagging`` (tags as the interview is built, pull quotes as
artifacts), ``storage`` (stored files and the database claim on their render,
for parts and collections), ``collections`` (series volume, theme booklets:
stored, queued) and ``booklet`` (the theme booklet's layout).
Imports go one way: fitting -> estimate -> document, metrics.
"""

from interviews.pdf.document import PRINT_MIN_PPI, low_resolution_images
from interviews.pdf.fitting import (
    PageBudgetError,
    RenderTimeout,
    check_page_budget,
    cover_refusal,
    fit,
    fit_report,
    render_pdf,
    text_units,
    word_budget_error,
    word_range,
)
from interviews.pdf.metrics import missing_characters
from interviews.pdf.print_master import render_print_master
from interviews.pdf.source import cover_source, fingerprint, load_source, source_for
from interviews.pdf.storage import (
    PDF_FIELDS,
    layout_fingerprint,
    layout_label,
    layout_reason,
    layout_refusal,
    page_budget_label,
    pull_quote_report,
    record_fit,
    record_layout,
    source_refusal,
    store_pdf,
)

__all__ = [
    "PDF_FIELDS",
    "PRINT_MIN_PPI",
    "PageBudgetError",
    "RenderTimeout",
    "check_page_budget",
    "cover_refusal",
    "cover_source",
    "fingerprint",
    "fit",
    "fit_report",
    "layout_fingerprint",
    "layout_label",
    "layout_reason",
    "layout_refusal",
    "load_source",
    "low_resolution_images",
    "missing_characters",
    "page_budget_label",
    "pull_quote_report",
    "record_fit",
    "record_layout",
    "render_pdf",
    "render_print_master",
    "source_for",
    "source_refusal",
    "store_pdf",
    "text_units",
    "word_budget_error",
    "word_range",
]
