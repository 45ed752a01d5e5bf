"""Template helpers of the reader site: images, numbers in German, rich text, JSON-LD."""

import json

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from core import renditions, richtext

register = template.Library()

ACCENTS = 6

# The same escapes as django.utils.html.json_script: no "</script>" can end the block early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/picture.html", takes_context=True)
def picture(
    context, field_file, alt, kind="portrait", sizes="(min-width: 48rem) 16rem, 60vw", css_class="", eager=False
):
    """A ``<picture>`` with WebP and JPEG/PNG renditions in several widths; nothing when there is no image.

    On preview pages (``preview`` in the context: staff previews, the approval link) the URLs carry a signed
    grant, so a new or pending image shows before it is public (``interviews.reader.images``).
    """
    return {
        "image": renditions.picture(field_file, kind=kind, preview=bool(context.get("preview"))),
        "alt": alt,
        "sizes": sizes,
        "css_class": css_class,
        "eager": eager,
    }


@register.filter
def rich(value):
    """Sanitised rich text (teasers, answers)."""
    return richtext.render(value)


@register.filter
def plain(value):
    """Rich text as plain text, e.g. for meta descriptions."""
    return richtext.plain_text(value)


@register.filter
def file_size(value):
    """Bytes in German notation: "1,2 MB", "850 KB"."""
    if not value:
        return ""
    if value >= 1_000_000:
        return f"{number_format(value / 1_000_000, decimal_pos=1)} MB"
    return f"{max(1, round(value / 1000))} KB"


@register.filter
def thousands(value):
    """An integer with German thousands separators: 48200 -> "48.200"."""
    if value in (None, ""):
        return ""
    return number_format(value, decimal_pos=0, force_grouping=True)


@register.filter
def accent(theme):
    """The CSS accent class number (1..6) of a theme.

    From the primary key, not the position: themes of different series may
    share a position (the 2022 series had another third theme).
    """
    return ((theme.pk - 1) % ACCENTS) + 1 if theme is not None and theme.pk else 1


@register.filter
def ld_json(data):
    """``data`` as a non-executable ``<script type="application/ld+json">`` block (CSP-safe)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def highwire_date(value):
    """A date as Highwire Press expects it: 2026/09/15."""
    if not value:
        return ""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%Y/%m/%d")


@register.filter
def pdf_label(interview):
    """The download's description: "PDF, 6 Seiten, 1,2 MB" (size only once the PDF exists)."""
    pages = interview.pdf_pages or interview.pages
    label = ngettext("PDF, %(pages)s Seite", "PDF, %(pages)s Seiten", pages) % {"pages": pages}
    if interview.pdf_size and interview.pdf_file:
        label += ", " + file_size(interview.pdf_size)
    return label
