"""The editable legal pages of the reader site: Impressum, Datenschutz, Barrierefreiheit."""

import nh3
from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {"h2", "h3", "p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={"a": {"href", "title"}},
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(html):
    return _cleaner.clean(str(html or "")).strip()


class Slug(models.TextChoices):
    IMPRESSUM = "impressum", _("Impressum")
    DATENSCHUTZ = "datenschutz", _("Datenschutzerklärung")
    BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")


class Page(models.Model):
    slug = models.CharField(_("Seite"), max_length=40, choices=Slug.choices, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    description = models.CharField(
        _("Kurzbeschreibung"), max_length=300, blank=True, help_text=_("Für Suchmaschinen und Vorschauen.")
    )
    body = models.TextField(_("Text"), help_text=_("Zwischenüberschriften, Absätze, Listen und Links sind möglich."))
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"pages:{self.slug}")

    @property
    def body_html(self):
        return mark_safe(sanitize(self.body))  # noqa: S308 - sanitised by the allow-list above
