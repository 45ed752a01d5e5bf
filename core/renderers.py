"""A faster form renderer for the heaviest admin forms: Django's own widget templates from their Jinja2 copies.

Django ships every built-in form template (``django/forms/...``) twice, for
its own template language and for Jinja2, with the same markup. Rendering
the interview form's ~300 widgets through Django's template language was
the larger part of opening the form (docs/performance.md, „The editor's
desk“); the Jinja2 copies render the same tags for a fraction of the work.
Every other template – the admin's widgets, the prose editor's, the
project's own, or an app's override of a Django form template – is rendered
by Django's template language as before.
"""

from pathlib import Path

import django.forms
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"


class BuiltinJinja2Renderer(DjangoTemplates):
    """Django's form renderer, with Django's own form templates taken from their Jinja2 copies."""

    def __init__(self):
        self.from_jinja2 = {}  # template name -> Django's own template with a Jinja2 copy (found once)

    @cached_property
    def jinja2(self):
        return Jinja2()

    def get_template(self, template_name):
        if template_name not in self.from_jinja2:
            self.from_jinja2[template_name] = self._has_jinja2_copy(template_name)
        if self.from_jinja2[template_name]:
            return self.jinja2.get_template(template_name)
        return super().get_template(template_name)

    def _has_jinja2_copy(self, template_name):
        template = super().get_template(template_name)
        if not Path(template.origin.name).is_relative_to(DJANGO_FORM_TEMPLATES):
            return False  # an app's or the project's own template, or an override of Django's
        try:
            self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return False
        return True


# One instance: it keeps both template engines and their caches.
RENDERER = BuiltinJinja2Renderer()


class Select(forms.Select):
    """A select rendered by ``RENDERER`` also where no renderer is passed on.

    Django's admin wraps a foreign key's select in its related-object wrapper,
    which renders the select without the form's renderer (Django's default).
    """

    def _render(self, template_name, context, renderer=None):
        return super()._render(template_name, context, renderer or RENDERER)
