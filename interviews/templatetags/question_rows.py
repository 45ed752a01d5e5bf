"""The question rows of the interview form (templates/admin/interviews/question/stacked_inline.html)."""

from django import template
from django.utils.safestring import mark_safe

from core import renderers

register = template.Library()


@register.simple_tag
def question_fieldset(fieldset, label_suffix):
    """One editable fieldset of a question row: Django's fieldset markup from a Jinja2 template.

    interviews/jinja2/admin/interviews/question/fieldset.html, rendered by the Jinja2 engine of the
    form's renderer (core.renderers) at a fraction of the work of Django's template language
    (docs/performance.md); tests/test_interview_form_rendering.py holds it to Django's markup.
    """
    context = {"fieldset": fieldset, "label_suffix": label_suffix}
    return mark_safe(renderers.RENDERER.jinja2.render("admin/interviews/question/fieldset.html", context))  # noqa: S308
