"""Rich text: one sanitiser with named allow-lists, applied on save and on output.

``ANSWER`` (answers and teasers; the default): paragraphs, line breaks, bold,
italic, lists and links with full http, https or mailto URLs. Relative links
("../", "/admin/", "//host") are removed: nothing in rich text can point the
PDF renderer at a local path. ``LEGAL_PAGE`` (Impressum, Datenschutz,
Barrierefreiheit) adds headings h2/h3, tel: links and links within the site.
Everything else (script, style, event handlers, iframes, images,
``javascript:``/``file:`` URLs) is removed, script-like elements with their
content. The admin's rich-text editors offer the same (``editor_config``).
"""

import functools
import html as html_lib
from dataclasses import dataclass

import nh3
from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from core import text


@dataclass(frozen=True)
class AllowList:
    tags: frozenset
    url_schemes: frozenset
    relative_links: bool = False
    headings: tuple = ()


ANSWER = AllowList(
    tags=frozenset({"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}),
    url_schemes=frozenset({"http", "https", "mailto"}),
)
LEGAL_PAGE = AllowList(
    tags=ANSWER.tags | {"h2", "h3"},
    url_schemes=ANSWER.url_schemes | {"tel"},
    relative_links=True,
    headings=(2, 3),
)
ATTRIBUTES = {"a": {"href", "title"}}
# Removed together with their content, not just unwrapped.
REMOVED_WITH_CONTENT = {"script", "style", "template", "textarea", "title", "noscript", "xmp", "iframe", "noembed"}


@functools.cache
def _cleaner(allow):
    return nh3.Cleaner(
        tags=set(allow.tags),
        attributes=ATTRIBUTES,
        url_schemes=set(allow.url_schemes),
        url_relative="pass_through" if allow.relative_links else "deny",
        clean_content_tags=REMOVED_WITH_CONTENT,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitize(html, allow=ANSWER):
    """Return ``html`` reduced to the allow-list ``allow`` (never raises)."""
    if not html:
        return ""
    # Bidi, zero-width and control characters go too (core.text): invisible, or illegal in the feed's XML.
    cleaned = _cleaner(allow).clean(text.multi_line(str(html))).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


def editor_config(allow=ANSWER):
    """The configuration of django-prose-editor's admin widget that offers what ``allow`` keeps."""
    extensions = {
        "Bold": True,
        "Italic": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        # No automatic links: on paste they replaced a https://…/page link by http://www.… (its visible text).
        "Link": {"enableTarget": False, "protocols": sorted(allow.url_schemes), "autolink": False},
        "HardBreak": True,
        "History": True,
        # The editor switches the browser's spell checking off by default; editors want it (in German).
        "NoSpellCheck": False,
    }
    if allow.headings:
        extensions["Heading"] = {"levels": list(allow.headings)}
    return {"extensions": extensions}


def render(html):
    """Sanitise again on output and mark safe for templates."""
    return mark_safe(sanitize(html))


def plain_text(html):
    """The text of ``html`` without tags, for search, word counts and metadata.

    Soft hyphens go (Word leaves them in transcripts): they take no room, and „Wärme\u00adpumpe“ is found
    as „Wärmepumpe“.
    """
    # A space after each paragraph, list item and line break (static/admin-extra/word-count.js counts alike).
    text = strip_tags(sanitize(html).replace("</p>", "</p> ").replace("</li>", "</li> ").replace("<br>", " "))
    return " ".join(html_lib.unescape(text).replace("\u00ad", "").split())


def word_count(html):
    return len(plain_text(html).split())


class RichTextField(models.TextField):
    """A TextField whose value is sanitised every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def clean(self, value, model_instance):
        return super().clean(sanitize(value), model_instance)
