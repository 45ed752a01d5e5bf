"""The interview change list: state at a glance (status, page budget, PDF), filters editors ask for.

Used by ``interviews.editorial.admin.InterviewAdmin``. The page budget is the answer
word range of the fitting (``interviews.pdf.fitting.word_range``); an
interview above it cannot fit its pages and is „über Budget“. Counted in Satzwörter
(``fitting.text_units``: answers, questions, figures and the room around them).
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.models import Figure, PdfState, Question, Status, Theme


def word_budget(interview):
    """(Satzwörter, room of quotes and figures, lowest, highest) of ``interview``; reads its prefetched
    questions and figures."""
    from interviews.pdf import fitting

    questions = interview.questions.all()
    words, quote_room = fitting.text_units(
        fitting.question_items(questions),
        fitting.figure_items(interview.figures.all()),
        portrait=bool(interview.portrait),
        themes=len({question.theme_id for question in questions}),
    )
    low, high = fitting.word_range(interview.pages)
    return words, quote_room, low, high


def over_budget_ids(queryset):
    """The pks of the interviews in ``queryset`` whose answers and figures take more room than their pages hold
    (3 queries)."""
    from interviews.pdf import fitting

    words = {}
    rows = Question.objects.filter(interview__in=queryset).values_list("interview_id", "question", "answer")
    for interview_id, question, answer in rows:
        words[interview_id] = words.get(interview_id, 0) + fitting.text_units([(question, answer, "")])[0]
    figures = Figure.objects.filter(interview__in=queryset).values_list("interview_id", "caption", "credit")
    for interview_id, caption, credit in figures:
        words[interview_id] = words.get(interview_id, 0) + fitting.text_units([], [(caption, credit)])[0]
    over = []
    for interview in queryset.select_related("series"):
        if words.get(interview.pk, 0) > fitting.word_range(interview.pages)[1]:
            over.append(interview.pk)
    return over


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("Status")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return [
            ("entwurf", _("Entwurf")),
            ("pruefung", _("In Prüfung")),
            ("geplant", _("Geplant")),
            ("erschienen", _("Veröffentlicht (erschienen)")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "entwurf": lambda: queryset.filter(status=Status.DRAFT),
            "pruefung": lambda: queryset.filter(status=Status.REVIEW),
            "geplant": lambda: queryset.filter(status=Status.PUBLISHED, published_at__gt=now),
            "erschienen": lambda: queryset.filter(status=Status.PUBLISHED, published_at__lte=now),
        }.get(self.value(), lambda: queryset)()


class ThemeFilter(admin.SimpleListFilter):
    title = gettext_lazy("Thema")
    parameter_name = "thema"

    def lookups(self, request, model_admin):
        themes = Theme.objects.order_by("position", "title").values_list("pk", "title")
        return [(str(pk), title) for pk, title in themes]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        return queryset.filter(Exists(Question.objects.filter(interview=OuterRef("pk"), theme_id=self.value())))


class BudgetFilter(admin.SimpleListFilter):
    title = gettext_lazy("Seitenbudget")
    parameter_name = "budget"

    def lookups(self, request, model_admin):
        return [("ueber", _("über Budget")), ("passt", _("im Budget"))]

    def queryset(self, request, queryset):
        if self.value() not in ("ueber", "passt"):
            return queryset
        over = over_budget_ids(queryset)
        return queryset.filter(pk__in=over) if self.value() == "ueber" else queryset.exclude(pk__in=over)


class PdfFilter(admin.SimpleListFilter):
    title = gettext_lazy("PDF")
    parameter_name = "pdf"

    def lookups(self, request, model_admin):
        return [
            ("fehlt", _("PDF fehlt/fehlerhaft")),
            ("aktuell", _("PDF aktuell")),
            ("erstellt", _("PDF wird erstellt")),
        ]

    def queryset(self, request, queryset):
        return {
            "fehlt": lambda: queryset.filter(Q(pdf_state=PdfState.MISSING) | Q(pdf_state=PdfState.FAILED)),
            "aktuell": lambda: queryset.filter(pdf_state=PdfState.CURRENT),
            "erstellt": lambda: queryset.filter(pdf_state=PdfState.RENDERING),
        }.get(self.value(), lambda: queryset)()


def budget_text(interview):
    """„3.850 Wörter · passt“ / „über Budget: 300 Wörter zu viel“ / „zu kurz: 500 Wörter fehlen“."""
    words, quote_room, low, high = word_budget(interview)
    if words > high:
        return "over", _("über Budget: %(n)s Wörter zu viel (%(words)s von höchstens %(high)s)") % {
            "n": number_format(words - high, force_grouping=True),
            "words": number_format(words, force_grouping=True),
            "high": number_format(high, force_grouping=True),
        }
    if words + quote_room < low:
        return "short", _("zu kurz: %(n)s Wörter fehlen (%(words)s von mindestens %(low)s)") % {
            "n": number_format(low - words - quote_room, force_grouping=True),
            "words": number_format(words + quote_room, force_grouping=True),
            "low": number_format(low, force_grouping=True),
        }
    return "fits", _("passt: %(words)s Wörter (%(low)s–%(high)s)") % {
        "words": number_format(words, force_grouping=True),
        "low": number_format(low, force_grouping=True),
        "high": number_format(high, force_grouping=True),
    }


PDF_SHORT = {
    PdfState.MISSING: gettext_lazy("fehlt"),
    PdfState.FAILED: gettext_lazy("fehlerhaft"),
    PdfState.RENDERING: gettext_lazy("wird erstellt"),
    PdfState.CURRENT: gettext_lazy("aktuell"),
}


def changelist_queryset(queryset):
    """The change list's rows with what its columns read: series, Kommune, questions, figures (two extra queries)."""
    answers = Question.objects.only("pk", "interview_id", "theme", "question", "answer", "pull_quote")
    figures = Figure.objects.only("pk", "interview_id", "caption", "credit")
    return queryset.select_related("series", "kommune").prefetch_related(
        Prefetch("questions", queryset=answers), Prefetch("figures", queryset=figures)
    )
