from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import uploads


class KommuneKind(models.TextChoices):
    LANDKREIS = "landkreis", _("Landkreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("kreisfreie Stadt")
    STADT = "stadt", _("Stadt")
    GEMEINDE = "gemeinde", _("Gemeinde")
    REGION = "region", _("Region/Verband")


class State(models.TextChoices):
    """The 16 German Länder, keyed by their ISO 3166-2 codes."""

    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


# The map on /kommunen/ shows Germany: coordinates must lie in its bounding box (WGS 84, decimal degrees).
LATITUDE_RANGE = (Decimal("47.2"), Decimal("55.1"))
LONGITUDE_RANGE = (Decimal("5.8"), Decimal("15.1"))


class KommuneManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Kommune(models.Model):
    # 100 characters hold every German Kommune's official name with its prefix (the longest run to
    # about 60); the back page of a part lists 24 of them at this length (tests/test_back_page.py).
    name = models.CharField(
        _("Name"), max_length=100, help_text=_("Amtlicher Name, z. B. „Landkreis Vorpommern-Greifswald“.")
    )
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    kind = models.CharField(_("Kommunentyp"), max_length=20, choices=KommuneKind.choices)
    state = models.CharField(_("Bundesland"), max_length=2, choices=State.choices)
    population = models.PositiveIntegerField(
        _("Einwohnerzahl"), null=True, blank=True, help_text=_("Optional, z. B. 106.000")
    )
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Kurze Vorstellung der Kommune (Klartext).")
    )
    logo = models.ImageField(_("Logo"), upload_to=uploads.logo_path, blank=True)
    logo_alt = models.CharField(
        _("Alternativtext des Logos"),
        max_length=300,
        blank=True,
        help_text=_("Pflicht, wenn ein Logo hochgeladen ist: was das Logo zeigt."),
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LATITUDE_RANGE[0], _("Der Breitengrad liegt in Deutschland zwischen 47,2 und 55,1.")),
            MaxValueValidator(LATITUDE_RANGE[1], _("Der Breitengrad liegt in Deutschland zwischen 47,2 und 55,1.")),
        ],
        help_text=_("Für die Karte: Lage des Verwaltungssitzes in Dezimalgrad, z. B. 50,8345 (Arnstadt)."),
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LONGITUDE_RANGE[0], _("Der Längengrad liegt in Deutschland zwischen 5,8 und 15,1.")),
            MaxValueValidator(LONGITUDE_RANGE[1], _("Der Längengrad liegt in Deutschland zwischen 5,8 und 15,1.")),
        ],
        help_text=_("Für die Karte: Lage des Verwaltungssitzes in Dezimalgrad, z. B. 10,9464 (Arnstadt)."),
    )
    akk_member = models.BooleanField(
        _("Mitglied im AKK"),
        default=False,
        help_text=_("Mitglied im Arbeitskreis Kommunaler Klimaschutz; wird öffentlich angezeigt."),
    )
    is_fictional = models.BooleanField(
        _("fiktiv (Demo-Inhalt)"),
        default=False,
        help_text=_("Erfundene Beispielkommune; wird öffentlich als fiktiv gekennzeichnet."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = KommuneManager()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""),
                name="kommune_logo_needs_alt",
                violation_error_message=_("Ein Logo braucht einen Alternativtext."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=LATITUDE_RANGE[0],
                    latitude__lte=LATITUDE_RANGE[1],
                    longitude__gte=LONGITUDE_RANGE[0],
                    longitude__lte=LONGITUDE_RANGE[1],
                ),
                name="kommune_coordinates_in_germany",
                violation_error_message=_(
                    "Breiten- und Längengrad gehören zusammen und müssen in Deutschland liegen "
                    "(Breite 47,2 bis 55,1, Länge 5,8 bis 15,1)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gt=0),
                name="kommune_population_positive",
                violation_error_message=_("Die Einwohnerzahl muss größer als 0 sein."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.get_state_display()})"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("municipalities:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        try:
            # A new upload is checked and replaced by a re-encoded copy (no EXIF/GPS, no appended data).
            self.logo = uploads.validate_image(self.logo)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from None


class AwardManager(models.Manager):
    def get_by_natural_key(self, kommune_slug, year, category):
        return self.get(kommune__slug=kommune_slug, year=year, category=category)


class Award(models.Model):
    """A prize of the federal competition "Klimaaktive Kommune"."""

    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="awards", verbose_name=_("Kommune"))
    year = models.PositiveSmallIntegerField(_("Jahr"))
    category = models.CharField(
        _("Kategorie"),
        max_length=200,
        help_text=_("z. B. „Ressourcen- und Energieeffizienz in der Kommune“"),
    )

    objects = AwardManager()

    class Meta:
        verbose_name = _("Auszeichnung „Klimaaktive Kommune“")
        verbose_name_plural = _("Auszeichnungen „Klimaaktive Kommune“")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "year", "category"],
                name="award_unique_per_kommune_year_category",
                violation_error_message=_("Diese Auszeichnung ist schon eingetragen."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2008) & Q(year__lte=2100),
                name="award_year_plausible",
                violation_error_message=_("Das Jahr muss zwischen 2008 (erster Wettbewerb) und 2100 liegen."),
            ),
        ]

    def __str__(self):
        return f"Klimaaktive Kommune {self.year}: {self.category}"

    def natural_key(self):
        return (*self.kommune.natural_key(), self.year, self.category)

    natural_key.dependencies = ["municipalities.kommune"]
