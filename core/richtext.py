"""Rich text for answers and teasers: one allow-list, applied on save and on output.

Allowed: paragraphs, line breaks, bold, italic, lists and links (http, https,
mailto). Everything else (script, style, event handlers, iframes, images,
``javascript:``/``file:`` URLs, relative URLs) is removed.
"""

import html as html_lib

import nh3
from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    # Relative links ("../", "/admin/", "//host") are removed: answers link out with full URLs only,
    # and nothing in rich text can point the PDF renderer at a local path.
    url_relative="deny",
    # Removed together with their content, not just unwrapped.
    clean_content_tags={"script", "style", "template", "textarea", "title", "noscript", "xmp", "iframe", "noembed"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(html):
    """Return ``html`` reduced to the allow-list (never raises)."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html)).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


def render(html):
    """Sanitise again on output and mark safe for templates."""
    return mark_safe(sanitize(html))


def plain_text(html):
    """The text of ``html`` without tags, for search, word counts and metadata."""
    text = strip_tags(sanitize(html).replace("</p>", "</p> ").replace("</li>", "</li> "))
    return " ".join(html_lib.unescape(text).split())


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
