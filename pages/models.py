"""The editable legal pages of the reader site: Impressum, Datenschutz, Barrierefreiheit."""

from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import richtext


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
        self.body = richtext.sanitize(self.body, richtext.LEGAL_PAGE)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"pages:{self.slug}")

    @property
    def body_html(self):
        return mark_safe(richtext.sanitize(self.body, richtext.LEGAL_PAGE))  # noqa: S308 - sanitised just now
