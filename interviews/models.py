import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import citation, richtext, uploads
from core.richtext import RichTextField
from core.text import quoted
from municipalities.models import Kommune


class SeriesManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def current(self):
        """The series shown on the home page: the newest one."""
        return self.order_by("-year", "-pk").first()


class Series(models.Model):
    title = models.CharField(_("Titel"), max_length=200, default="Mal nachgefragt!")
    subtitle = models.CharField(_("Untertitel"), max_length=300, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    planned_parts = models.PositiveSmallIntegerField(
        _("geplante Teile"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    pages_per_part = models.PositiveSmallIntegerField(
        _("Seiten je PDF"),
        default=6,
        validators=[MinValueValidator(2), MaxValueValidator(24)],
        help_text=_("Seitenzahl der PDF-Ausgaben dieser Reihe (Standard: 6); ein Teil kann eine eigene haben."),
    )
    publication_line = models.CharField(
        _("Publikationsreihe"), max_length=200, blank=True, default="Kommunaler Klimaschutz"
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    themes = models.ManyToManyField("Theme", related_name="series", verbose_name=_("Themen"), blank=True)
    # The funding notice is data: ministry names change between series.
    funding_body = models.CharField(
        _("Fördermittelgeber"),
        max_length=300,
        blank=True,
        help_text=_("z. B. Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit"),
    )
    funding_programme = models.CharField(
        _("Förderprogramm"), max_length=300, blank=True, help_text=_("z. B. Nationale Klimaschutzinitiative")
    )
    funding_project = models.CharField(_("Projekttitel"), max_length=300, blank=True)
    grant_number = models.CharField(_("Förderkennzeichen"), max_length=100, blank=True)
    funding_notice = models.TextField(
        _("Förderhinweis"),
        blank=True,
        help_text=_("Vollständiger Text des Förderhinweises, wie er im PDF und auf der Website erscheint."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = SeriesManager()

    class Meta:
        verbose_name = _("Reihe")
        verbose_name_plural = _("Reihen")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_parts__gte=1) & Q(planned_parts__lte=24),
                name="series_planned_parts_range",
                violation_error_message=_("Eine Reihe hat 1 bis 24 Teile."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="series_year_plausible",
                violation_error_message=_("Das Jahr muss zwischen 2000 und 2100 liegen."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.year}"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("interviews:series", kwargs={"slug": self.slug})

    def taken_parts(self, exclude_pk=None):
        """The part numbers already given to interviews of this series (one query)."""
        interviews = self.interviews.exclude(pk=exclude_pk) if exclude_pk else self.interviews.all()
        return sorted(interviews.values_list("part", flat=True))

    def free_parts(self, exclude_pk=None):
        """The part numbers 1..planned_parts no interview of this series has yet."""
        taken = set(self.taken_parts(exclude_pk))
        return [part for part in range(1, self.planned_parts + 1) if part not in taken]


class ThemeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


cmyk_validator = RegexValidator(
    r"^\d{1,3},\d{1,3},\d{1,3},\d{1,3}$",
    _("Bitte vier Prozentwerte C,M,Y,K eingeben, z. B. 100,0,60,10."),
)


class Theme(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    question = models.CharField(
        _("Leitfrage"), max_length=400, help_text=_("Die Leitfrage des Themas, wie Leser sie sehen.")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    print_color = models.CharField(
        _("Druckfarbe (CMYK)"),
        max_length=20,
        default="100,40,0,20",
        validators=[cmyk_validator],
        help_text=_("Vier Prozentwerte C,M,Y,K für den Vierfarbdruck, z. B. 100,40,0,20."),
    )

    objects = ThemeManager()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("interviews:theme", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        valid = self.print_color and re.fullmatch(r"[\d,]+", self.print_color)
        if valid and any(int(part) > 100 for part in self.print_color.split(",")):
            raise ValidationError({"print_color": _("Jeder CMYK-Wert liegt zwischen 0 und 100.")})

    @property
    def cmyk(self):
        """The print colour as four fractions 0..1."""
        return tuple(min(int(part), 100) / 100 for part in self.print_color.split(","))

    @property
    def device_cmyk(self):
        """The print colour as a CSS ``device-cmyk()`` value."""
        return "device-cmyk({:.2f} {:.2f} {:.2f} {:.2f})".format(*self.cmyk)


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    REVIEW = "review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")


class ApprovalStatus(models.TextChoices):
    """Authorisation of the interview text by the interviewee (see interviews.editorial.approval)."""

    PENDING = "pending", _("noch nicht autorisiert")
    APPROVED = "approved", _("autorisiert")
    CHANGES_REQUESTED = "changes_requested", _("Änderungen gewünscht")


class IntervieweeWording(models.TextChoices):
    """How notes, mails and the workflow name the interviewee (Dr. Sabine Krüger: „die Interviewpartnerin“)."""

    FEMALE = "w", _("Interviewpartnerin")
    MALE = "m", _("Interviewpartner")
    NEUTRAL = "n", _("interviewte Person")


# The phrases the editorial texts need, per wording: {key: (phrase for w, for m, for n)}.
INTERVIEWEE_PHRASES = {
    "noun": (_("Interviewpartnerin"), _("Interviewpartner"), _("interviewte Person")),
    "the": (_("die Interviewpartnerin"), _("der Interviewpartner"), _("die interviewte Person")),
    "for": (_("für die Interviewpartnerin"), _("für den Interviewpartner"), _("für die interviewte Person")),
    "by": (_("von der Interviewpartnerin"), _("vom Interviewpartner"), _("von der interviewten Person")),
}


def part_pages(page_count, series_pages):
    """The one definition of a part's page count: its own ``page_count``, else the series' ``pages_per_part``.

    ``Interview.pages`` uses it; the form's meter gets its results for every choice from the server
    (``interviews.editorial.budget.meter_numbers``).
    """
    return page_count or series_pages


# The page counts a part may have (the constraint interview_page_count_range).
PAGE_COUNTS = range(3, 25)


class PdfState(models.TextChoices):
    MISSING = "missing", _("noch nicht erstellt")
    CURRENT = "current", _("aktuell")
    RENDERING = "rendering", _("wird erstellt")
    FAILED = "failed", _("fehlgeschlagen")


# The portrait rule, once: the database refuses a portrait without alt text; forms and publishing ask it.
PORTRAIT_NEEDS_ALT = models.CheckConstraint(
    condition=Q(portrait="") | ~Q(portrait_alt=""),
    name="interview_portrait_needs_alt",
    violation_error_message=_("Ein Porträt braucht einen Alternativtext."),
)


class InterviewQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "public": published and due.

        Used by every public view, feed, sitemap and PDF route. An interview
        with status published and a future ``published_at`` becomes visible by
        itself when that time has come (no cron job needed).
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())


class InterviewManager(models.Manager.from_queryset(InterviewQuerySet)):
    def get_by_natural_key(self, series_slug, part):
        return self.get(series__slug=series_slug, part=part)


class Interview(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("Reihe"))
    part = models.PositiveSmallIntegerField(
        _("Teil"),
        validators=[MinValueValidator(1)],
        help_text=_("Nummer in der Reihe, z. B. 4 für „Interview 4 von 6“."),
    )
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("Kommune"))
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    lead = RichTextField(_("Teaser"), blank=True, help_text=_("Kurze Zusammenfassung, 2–5 Sätze."))
    interviewee_title = models.CharField(
        _("Akademischer Titel"),
        max_length=40,
        blank=True,
        help_text=_(
            "z. B. „Dr.“ oder „Prof. Dr.“: steht auf der Seite und im PDF vor dem Namen, in Literaturangaben nicht."
        ),
    )
    interviewee_name = models.CharField(
        _("Name der interviewten Person"), max_length=200, help_text=_("Vor- und Nachname, ohne akademischen Titel.")
    )
    interviewee_wording = models.CharField(
        _("In Hinweisen genannt als"),
        max_length=1,
        choices=IntervieweeWording.choices,
        default=IntervieweeWording.NEUTRAL,
        help_text=_("Wie die Redaktion, Mails und Hinweise die Person nennen, z. B. „die Interviewpartnerin“."),
    )
    interviewee_role = models.CharField(_("Funktion"), max_length=300, blank=True)
    interviewer = models.CharField(_("Interview geführt von"), max_length=200, blank=True)
    portrait = models.ImageField(_("Porträt"), upload_to=uploads.portrait_path, blank=True)
    portrait_alt = models.CharField(
        _("Alternativtext des Porträts"),
        max_length=300,
        blank=True,
        help_text=_("Pflicht, wenn ein Porträt hochgeladen ist: wer ist zu sehen, wie?"),
    )
    photo_credit = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    is_sample = models.BooleanField(
        _("Beispieltext (Demo)"),
        default=False,
        help_text=_("Die Antworten sind Platzhaltertext und werden öffentlich als Beispieltext gekennzeichnet."),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("veröffentlicht am"),
        null=True,
        blank=True,
        help_text=_(
            "Zeitpunkt der Veröffentlichung (deutsche Zeit). "
            "Liegt er in der Zukunft, erscheint das Interview dann von selbst."
        ),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("veröffentlicht von"),
    )
    planned_date = models.DateField(
        _("geplantes Erscheinen"),
        null=True,
        blank=True,
        help_text=_("Für noch nicht erschienene Teile: öffentlich als „erscheint voraussichtlich <Monat Jahr>“."),
    )
    page_count = models.PositiveSmallIntegerField(
        _("Seiten im PDF"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(24)],
        help_text=_("Leer lassen für die Seitenzahl der Reihe. Der Wortumfang der Antworten richtet sich danach."),
    )
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    # Editorial fields: never shown to readers (every field is classified in interviews.fields).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_interviews",
        verbose_name=_("zuständig"),
        help_text=_("Wer sich in der Redaktion um dieses Interview kümmert."),
    )
    portrait_rights = models.BooleanField(
        _("Bildrechte geklärt"),
        default=False,
        help_text=_("Die Rechte am Porträt (Fotograf, abgebildete Person) sind geklärt und im Bildnachweis genannt."),
    )
    # Authorisation by the interviewee (interviews.editorial.approval).
    approval_status = models.CharField(
        _("Autorisierung"),
        max_length=20,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
        editable=False,
    )
    approval_key = models.CharField(_("Schlüssel des Autorisierungslinks"), max_length=64, blank=True, editable=False)
    approval_link_created_at = models.DateTimeField(
        _("Autorisierungslink erstellt am"), null=True, blank=True, editable=False
    )

    # The stored PDF (interviews.pdf.storage: its fields, with this prefix); rendered explicitly, never from save().
    stored_pdf_prefix = "pdf_"
    pdf_file = models.FileField(_("PDF-Datei"), upload_to="pdf/", blank=True, editable=False)
    pdf_fingerprint = models.CharField(_("PDF-Fingerabdruck"), max_length=64, blank=True, editable=False)
    pdf_state = models.CharField(
        _("PDF-Status"), max_length=20, choices=PdfState.choices, default=PdfState.MISSING, editable=False
    )
    pdf_error = models.TextField(_("PDF-Fehler"), blank=True, editable=False)
    pdf_pages = models.PositiveSmallIntegerField(_("PDF-Seiten"), null=True, blank=True, editable=False)
    pdf_font_size = models.DecimalField(
        _("PDF-Schriftgröße (pt)"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    # How many pull quotes the PDF leaves out, from the end of the text (the fit's Setting.quotes_dropped).
    pdf_quotes_dropped = models.PositiveSmallIntegerField(_("PDF: ausgelassene Zitate"), default=0, editable=False)
    pdf_size = models.PositiveIntegerField(_("PDF-Größe (Bytes)"), null=True, blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(_("PDF erstellt am"), null=True, blank=True, editable=False)
    # The newest attempt (pdf_state "rendering" or "failed"): what it renders and since when.
    # The fields above keep describing the last good PDF, which readers get meanwhile.
    pdf_attempt_fingerprint = models.CharField(
        _("PDF-Fingerabdruck des letzten Versuchs"), max_length=64, blank=True, editable=False
    )
    pdf_attempt_started_at = models.DateTimeField(_("PDF-Versuch begonnen am"), null=True, blank=True, editable=False)
    # The last layout of a text (by the worker, „Satzspiegel prüfen“ or publishing): its layout fingerprint and
    # outcome ("" = it fits). Publishing reuses it for the same text instead of laying it out again.
    pdf_layout_fingerprint = models.CharField(
        _("Fingerabdruck des zuletzt gesetzten Textes"), max_length=64, blank=True, editable=False
    )
    pdf_layout_error = models.TextField(_("Satzfehler des zuletzt gesetzten Textes"), blank=True, editable=False)

    objects = InterviewManager()

    class Meta:
        verbose_name = _("Interview")
        verbose_name_plural = _("Interviews")
        ordering = ["-series__year", "part"]
        permissions = [
            ("publish_interview", _("Kann Interviews veröffentlichen und zurückziehen")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "part"],
                name="interview_unique_part_per_series",
                violation_error_message=_("Diese Reihe hat schon ein Interview mit dieser Teilnummer."),
            ),
            models.CheckConstraint(
                condition=Q(part__gte=1) & Q(part__lte=24),
                name="interview_part_range",
                violation_error_message=_("Die Teilnummer liegt zwischen 1 und 24."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="interview_published_has_date",
                violation_error_message=_("Ein veröffentlichtes Interview braucht ein Veröffentlichungsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="interview_status_valid",
                violation_error_message=_("Unbekannter Status."),
            ),
            models.CheckConstraint(
                condition=Q(page_count__isnull=True)
                | (Q(page_count__gte=PAGE_COUNTS[0]) & Q(page_count__lte=PAGE_COUNTS[-1])),
                name="interview_page_count_range",
                violation_error_message=_("Ein PDF hat 3 bis 24 Seiten."),
            ),
            models.CheckConstraint(
                condition=Q(approval_status__in=ApprovalStatus.values),
                name="interview_approval_status_valid",
                violation_error_message=_("Unbekannter Stand der Autorisierung."),
            ),
            PORTRAIT_NEEDS_ALT,
            models.CheckConstraint(
                condition=~Q(citation.title_prefix_lookup("interviewee_name")),
                name="interview_name_without_academic_title",
                violation_error_message=_(
                    "Akademische Titel (Dr., Prof. …) gehören in das Feld „Akademischer Titel“, nicht in den Namen."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="interview_public_idx"),
            # "Published interviews of this series" (series pages, theme comparison).
            models.Index(fields=["series", "status", "published_at"], name="interview_series_public_idx"),
        ]

    def __str__(self):
        return f"Teil {self.part}/{self.series.year}: {self.kommune.name} – {self.title}"

    def natural_key(self):
        return (*self.series.natural_key(), self.part)

    natural_key.dependencies = ["interviews.series", "municipalities.kommune"]

    def get_absolute_url(self):
        return reverse("interviews:detail", kwargs={"slug": self.slug})

    @property
    def interviewee_full_name(self):
        """The name as German usage shows it on the page and in the PDF: with the academic title."""
        return f"{self.interviewee_title} {self.interviewee_name}".strip()

    def get_pdf_url(self):
        return reverse("interviews:pdf", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not self.interviewee_title:
            # „Dr. Sabine Krüger“ typed into the name: the title moves to its own field.
            self.interviewee_title, self.interviewee_name = citation.split_academic_title(self.interviewee_name)
        # The database cannot compare with the series' planned_parts: check here.
        if self.series_id and self.part and self.part > self.series.planned_parts:
            raise ValidationError(
                {
                    "part": _("Teil %(part)s gibt es nicht: die Reihe hat %(n)s geplante Teile.")
                    % {"part": self.part, "n": self.series.planned_parts}
                }
            )
        if self.series_id and self.part and self.part <= self.series.planned_parts:
            clash = Interview.objects.filter(series_id=self.series_id, part=self.part).exclude(pk=self.pk).first()
            if clash is not None:
                raise ValidationError({"part": part_taken_message(self.series, self.part, clash, self.pk)})
        if error := self.portrait_error():
            raise ValidationError({"portrait_alt": error})
        try:
            # A new upload is checked and replaced by a re-encoded copy (no EXIF/GPS, no appended data).
            self.portrait = uploads.validate_image(self.portrait)
        except ValidationError as error:
            raise ValidationError({"portrait": error.messages}) from None

    def portrait_error(self):
        """The German message if the portrait lacks its alt text (rule: ``PORTRAIT_NEEDS_ALT``), else None."""
        try:
            PORTRAIT_NEEDS_ALT.validate(Interview, self)
        except ValidationError as error:
            return error.messages[0]
        return None

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at and self.published_at > timezone.now()

    def interviewee(self, key="noun"):
        """The interviewee in editorial texts, in this interview's wording: ``key`` noun, the, for or by."""
        index = {IntervieweeWording.FEMALE: 0, IntervieweeWording.MALE: 1}.get(self.interviewee_wording, 2)
        return INTERVIEWEE_PHRASES[key][index]

    @property
    def pages(self):
        """The number of pages of this part's PDF (see ``part_pages``)."""
        return part_pages(self.page_count, self.series.pages_per_part)

    @property
    def pdf_filename(self):
        return f"mal-nachgefragt-{self.series.year}-teil-{self.part}-{self.kommune.slug}.pdf"

    def theme_errors(self):
        """German messages for questions whose theme is not one of the series' themes (one query)."""
        allowed = set(self.series.themes.values_list("pk", flat=True))
        return [
            theme_not_in_series_message(question.theme, self.series, number)
            for number, question in enumerate(self.questions.select_related("theme"), start=1)
            if question.theme_id not in allowed
        ]


def part_taken_message(series, part, clash, exclude_pk=None):
    free = series.free_parts(exclude_pk)
    free_text = ", ".join(str(number) for number in free) if free else _("keiner – alle geplanten Teile sind vergeben")
    return _("Teil %(part)s der Reihe „%(series)s“ ist schon vergeben (an %(title)s). Freie Teile: %(free)s.") % {
        "part": part,
        "series": series,
        "title": quoted(clash.title),
        "free": free_text,
    }


def theme_not_in_series_message(theme, series, number=None):
    allowed = ", ".join(f"„{title}“" for title in series.themes.values_list("title", flat=True))
    where = _("Frage %(number)s: ") % {"number": number} if number else ""
    return where + _("Das Thema „%(theme)s“ gehört nicht zur Reihe „%(series)s“. Möglich sind: %(allowed)s.") % {
        "theme": theme,
        "series": series,
        "allowed": allowed or _("(die Reihe hat noch keine Themen)"),
    }


class Question(models.Model):
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="questions", verbose_name=_("Interview")
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="questions", verbose_name=_("Thema"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0, db_index=True)
    question = models.TextField(_("Frage"))
    answer = RichTextField(_("Antwort"), blank=True)
    pull_quote = models.CharField(
        _("Zitat zum Hervorheben"),
        max_length=300,
        blank=True,
        help_text=_(
            "Ein Satz aus der Antwort, der als Zitat hervorgehoben wird. Er muss wörtlich in der Antwort stehen."
        ),
    )

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["position", "pk"]
        indexes = [
            # The theme comparison: the questions of one theme, per interview.
            models.Index(fields=["theme", "interview"], name="question_theme_interview_idx"),
        ]

    def __str__(self):
        text = " ".join(self.question.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def clean(self):
        super().clean()
        # A theme must belong to the interview's series. The database cannot check
        # this (it spans Question, Interview and the series' themes): the model,
        # the admin form (which offers only these themes) and publishing check it.
        interview = self._interview_or_none()
        if self.theme_id and interview is not None and interview.series_id:
            series = interview.series
            if not series.themes.filter(pk=self.theme_id).exists():
                raise ValidationError({"theme": theme_not_in_series_message(self.theme, series)})
        if self.pull_quote:
            answer = richtext.plain_text(self.answer)
            if " ".join(self.pull_quote.split()) not in answer:
                raise ValidationError({"pull_quote": _("Das Zitat muss wörtlich in der Antwort stehen.")})

    def _interview_or_none(self):
        try:
            return self.interview
        except Interview.DoesNotExist:
            return None

    @property
    def anchor(self):
        """A stable anchor for the public page: #frage-<pk>."""
        return f"frage-{self.pk}"


# The figure rules, once: the database refuses a figure without image, alt text or credit; forms ask it.
FIGURE_NEEDS_IMAGE = models.CheckConstraint(
    condition=~Q(image=""),
    name="figure_needs_image",
    violation_error_message=_("Eine Abbildung braucht eine Bilddatei."),
)
FIGURE_NEEDS_ALT = models.CheckConstraint(
    condition=~Q(alt_text=""),
    name="figure_needs_alt",
    violation_error_message=_("Eine Abbildung braucht einen Alternativtext."),
)
FIGURE_NEEDS_CREDIT = models.CheckConstraint(
    condition=~Q(credit=""),
    name="figure_needs_credit",
    violation_error_message=_("Eine Abbildung braucht einen Bildnachweis."),
)
# At most this many figures per interview (the admin's inline offers no more; the PDF places them all).
MAX_FIGURES = 4


class Figure(models.Model):
    """A photo of one of the Kommune's projects, shown with caption and credit on the web and in the PDF."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="figures", verbose_name=_("Interview")
    )
    image = models.ImageField(
        _("Bild"), upload_to=uploads.figure_path, width_field="image_width", height_field="image_height"
    )
    # Filled by the ImageField from the file: the page reserves the image's space, the PDF chooses its size.
    image_width = models.PositiveIntegerField(_("Bildbreite (px)"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("Bildhöhe (px)"), null=True, blank=True, editable=False)
    caption = models.CharField(
        _("Bildunterschrift"), max_length=300, blank=True, help_text=_("Was zeigt das Bild? Ein bis zwei Sätze.")
    )
    credit = models.CharField(
        _("Bildnachweis"), max_length=200, help_text=_("Wer hat das Foto gemacht, unter welcher Lizenz?")
    )
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Für Menschen, die das Bild nicht sehen: was ist zu sehen?"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0, db_index=True)
    rights_cleared = models.BooleanField(
        _("Bildrechte geklärt"),
        default=False,
        help_text=_("Die Rechte am Bild (Fotograf, abgebildete Personen) sind geklärt und im Bildnachweis genannt."),
    )

    class Meta:
        verbose_name = _("Abbildung")
        verbose_name_plural = _("Abbildungen")
        ordering = ["position", "pk"]
        constraints = [FIGURE_NEEDS_IMAGE, FIGURE_NEEDS_ALT, FIGURE_NEEDS_CREDIT]

    def __str__(self):
        return self.caption or self.alt_text or _("Abbildung")

    @property
    def credit_line(self):
        """The credit as printed under the photo (web page and PDF): „Foto: …“, unless the credit says so already."""
        credit = self.credit.strip()
        if credit.lower().startswith(("foto", "bild", "grafik", "©")):
            return credit
        return f"{_('Foto:')} {credit}"

    def clean(self):
        super().clean()
        try:
            # A new upload is checked and replaced by a re-encoded copy (no EXIF/GPS, no appended data).
            self.image = uploads.validate_image(self.image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from None

    @property
    def is_landscape(self):
        """True when the image is wider than tall."""
        return bool(self.image_width and self.image_height and self.image_width > self.image_height)


class SlugRedirect(models.Model):
    """An old URL name of a published interview: its old page and PDF address redirect (reader.redirects)."""

    old_slug = models.SlugField(_("alter Kurzname (URL)"), max_length=200, unique=True)
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("Interview")
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("alte Adresse")
        verbose_name_plural = _("alte Adressen")

    def __str__(self):
        return self.old_slug


def reserved_slug_owner(slug, exclude_pk=None):
    """The interview whose old address ``slug`` is (it redirects there), if not ``exclude_pk``'s own; else None.

    A slug a live interview ever had stays reserved for its redirect: no
    other interview may take it (interviews.reader.redirects, the admin form).
    """
    redirect = SlugRedirect.objects.filter(old_slug=slug).exclude(interview_id=exclude_pk).select_related("interview")
    redirect = redirect.first() if slug else None
    return redirect.interview if redirect is not None else None


def reserved_slug_message(slug, owner):
    return _(
        "Den Kurznamen (URL) „%(slug)s“ hatte früher „%(title)s“; die alte Adresse leitet Leser dorthin weiter und "
        "bleibt deshalb reserviert. Bitte wählen Sie einen anderen Kurznamen."
    ) % {"slug": slug, "title": owner.title}


class PendingChange(models.Model):
    """A change to a live (published or scheduled) interview that waits for „Freigabe“.

    ``data`` holds everything a reader sees (interviews.editorial.pending.snapshot):
    the interview's content fields and its questions. Readers keep seeing the
    live rows until ``interviews.editorial.publishing.publish`` applies it.
    """

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="pending_change", verbose_name=_("Interview")
    )
    data = models.JSONField(_("Inhalt"))
    version = models.PositiveIntegerField(_("Version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("von")
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("zuletzt geändert von"),
    )
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("wartende Änderung")
        verbose_name_plural = _("wartende Änderungen")

    def __str__(self):
        return _("Wartende Änderung an %s") % quoted(self.interview.title)


class WorkflowAction(models.TextChoices):
    SUBMITTED = "submitted", _("Zur Prüfung eingereicht")
    PUBLISHED = "published", _("Veröffentlicht")
    SCHEDULED = "scheduled", _("Geplant")
    UNPUBLISHED = "unpublished", _("Zurückgezogen")
    SENT_BACK = "sent_back", _("Zurück in den Entwurf")
    CHANGE_PENDING = "change_pending", _("Änderung wartet auf Freigabe")
    CHANGE_PUBLISHED = "change_published", _("Änderung veröffentlicht")
    CHANGE_DISCARDED = "change_discarded", _("Änderung verworfen")
    LIVE_EDIT = "live_edit", _("Von der Freigabe direkt geändert")
    LINK_CREATED = "link_created", _("Autorisierungslink erstellt")
    LINK_REVOKED = "link_revoked", _("Autorisierungslink widerrufen")
    APPROVED = "approved", _("Autorisiert (über den Link)")
    CHANGES_REQUESTED = "changes_requested", _("Änderungen gewünscht (über den Link)")
    APPROVAL_RESET = "approval_reset", _("Autorisierung nach Änderung zurückgesetzt")
    IMPORTED = "imported", _("Aus Word importiert")
    ASSIGNED = "assigned", _("Zugewiesen")


class WorkflowEvent(models.Model):
    """One step of the editorial workflow with who, when and an optional comment.

    Shown on the interview form and in its history. ``data`` keeps what the
    step checked (the publishing checklist, an override reason, …).
    """

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="workflow_events", verbose_name=_("Interview")
    )
    action = models.CharField(_("Schritt"), max_length=30, choices=WorkflowAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("von"),
    )
    actor = models.CharField(
        _("von (ohne Konto)"), max_length=200, blank=True, help_text=_("z. B. die interviewte Person über den Link")
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Arbeitsschritt")
        verbose_name_plural = _("Arbeitsschritte")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=WorkflowAction.values),
                name="workflowevent_action_valid",
                violation_error_message=_("Unbekannter Arbeitsschritt."),
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y %H:%M})"

    @property
    def who(self):
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.actor or _("unbekannt")


class CollectionKind(models.TextChoices):
    VOLUME = "volume", _("Sammelband")
    BOOKLET = "booklet", _("Themenheft")


class CollectionPdf(models.Model):
    """A stored collected PDF: a series volume („Sammelband“) or a theme booklet („Themenheft“).

    Made by the task (interviews.pdf.collections), never in a reader's request;
    the last good file stays until a new one is stored. Its render is claimed
    and stored by the same mechanism as a part's PDF (interviews.pdf.storage:
    the stored-PDF fields below, without a prefix).
    """

    stored_pdf_prefix = ""

    kind = models.CharField(_("Art"), max_length=20, choices=CollectionKind.choices)
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="collection_pdfs", verbose_name=_("Reihe")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="collection_pdfs", verbose_name=_("Thema")
    )
    file = models.FileField(_("PDF-Datei"), upload_to="collections/", blank=True)
    fingerprint = models.CharField(_("Fingerabdruck"), max_length=64, blank=True)
    state = models.CharField(_("Status"), max_length=20, choices=PdfState.choices, default=PdfState.MISSING)
    error = models.TextField(_("Fehler"), blank=True)
    pages = models.PositiveIntegerField(_("Seiten"), null=True, blank=True)
    size = models.PositiveIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("erstellt am"), null=True, blank=True)
    # The newest attempt (state "rendering" or "failed"): what it renders and since when.
    attempt_fingerprint = models.CharField(_("Fingerabdruck des letzten Versuchs"), max_length=64, blank=True)
    attempt_started_at = models.DateTimeField(_("Versuch begonnen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Sammel-PDF")
        verbose_name_plural = _("Sammel-PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["series"], condition=Q(kind="volume"), name="collection_one_volume_per_series"
            ),
            models.UniqueConstraint(
                fields=["series", "theme"], condition=Q(kind="booklet"), name="collection_one_booklet_per_theme"
            ),
            models.CheckConstraint(
                condition=(Q(kind="volume") & Q(theme__isnull=True)) | (Q(kind="booklet") & Q(theme__isnull=False)),
                name="collection_theme_only_for_booklets",
                violation_error_message=_("Nur ein Themenheft gehört zu einem Thema."),
            ),
        ]

    def __str__(self):
        if self.kind == CollectionKind.BOOKLET:
            return f"{self.get_kind_display()} {self.theme} – {self.series}"
        return f"{self.get_kind_display()} {self.series}"


class SiteState(models.Model):
    """A single row: the version of all public content (see interviews.reader.cache)."""

    content_version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstand")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="sitestate_single_row"),
        ]

    def __str__(self):
        return f"Inhaltsstand {self.content_version}"
