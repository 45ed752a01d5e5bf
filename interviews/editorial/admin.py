from functools import partial

from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import VERSION as DJANGO_VERSION
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.staticfiles import finders
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from core import renderers, richtext
from core.admin import HistoryPermissionMixin, ShownRowAdmin
from core.forms import EDITOR_FORMFIELDS, EditorFormAdminMixin, GermanSlugFormMixin, OneLineFieldsMixin
from core.locking import OptimisticLockingMixin
from interviews import fields, pdf, tasks
from interviews.editorial import admin_list, budget, compare, pending, publishing
from interviews.editorial.admin_workflow import AssignedToMeFilter, PendingChangeFilter, WorkflowAdminMixin
from interviews.editorial.office_html import clean_office_html
from interviews.editorial.print_master_admin import print_master_view
from interviews.models import (
    MAX_FIGURES,
    ApprovalStatus,
    Figure,
    Interview,
    PdfState,
    PendingChange,
    Question,
    Series,
    Status,
    Theme,
    reserved_slug_owner,
)

RICH_TEXT_CONFIG = richtext.editor_config(richtext.ANSWER)


def rich_text_widget():
    widget = AdminProseEditorWidget()
    widget.config = RICH_TEXT_CONFIG
    widget.preset = "configurable"
    return widget


class OfficeCleaningMixin:
    """Rich-text fields pass the Office paste cleaner on every save (also without JavaScript).

    What it removed is kept in ``office_notes`` for a message to the editor.
    """

    office_fields = ()

    def _clean_office(self, name):
        value = self.cleaned_data.get(name) or ""
        result = clean_office_html(value)
        if not result.notes:
            return value  # nothing Office-like: the text stays exactly as typed
        self.office_notes = [*getattr(self, "office_notes", []), *result.notes]
        return result.html

    def clean(self):
        cleaned = super().clean()
        for name in self.office_fields:
            if name in cleaned and cleaned[name]:
                cleaned[name] = self._clean_office(name)
        return cleaned


class QuestionForm(OfficeCleaningMixin, forms.ModelForm):
    office_fields = ("answer",)
    default_renderer = renderers.RENDERER

    class Meta:
        model = Question
        fields = ["theme", "question", "answer", "pull_quote"]
        widgets = {
            "answer": rich_text_widget(),
            "theme": renderers.Select,
            "question": forms.Textarea(attrs={"rows": 2, "spellcheck": "true", "lang": "de"}),
        }


# django-admin-sortable2 2.3.1 ships templates and scripts for Django up to 6.0
# and builds their names from the running Django version. The questions use
# the project's own copy of its stacked inline (QuestionInline.template), and
# the sortable change list (which needs its patched actions.js) is not used
# here, so point the script at a file that exists instead of a 404 (or a 500
# with the manifest storage).


def without_missing_sortable_actions_js(media):
    missing = "adminsortable2/js/actions-{}.{}.js".format(*DJANGO_VERSION[:2])
    if missing not in media._js or finders.find(missing):
        return media
    js = ["admin/js/actions.js" if path == missing else path for path in media._js]
    return forms.Media(css=media._css, js=js)


class QuestionFormSet(pending.InMemoryRowsFormSetMixin, budget.PageBudgetFormSet):
    """Refuses a save that breaks a live interview's page budget; shows a pending version's questions from memory.

    Every question offers the same themes: they are read once for the formset, not once per question.
    """

    @cached_property
    def theme_choices(self):
        return list(iter(self.form.base_fields["theme"].choices))  # iter(): no COUNT query first

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "theme" in form.fields:  # not for a reader without the change permission (read-only rows)
            form.fields["theme"].choices = self.theme_choices


class QuestionInline(OneLineFieldsMixin, SortableStackedInline):
    model = Question
    # django-admin-sortable2's stacked inline, same markup, rendered cheaper (tests/test_interview_form_rendering.py).
    template = "admin/interviews/question/stacked_inline.html"
    form = QuestionForm
    formset = QuestionFormSet
    formfield_overrides = EDITOR_FORMFIELDS
    extra = 0
    fields = ["theme", "question", "answer", "pull_quote"]

    def get_formset(self, request, obj=None, **kwargs):
        """Offer only the themes of the interview's series (all themes while the series is not chosen yet)."""
        formset = super().get_formset(request, obj, **kwargs)
        themes = Theme.objects.order_by("position", "title")
        field = formset.form.base_fields["theme"]
        if obj is not None and obj.series_id:
            themes = themes.filter(series=obj.series_id)
            allowed = ", ".join(f"„{theme.title}“" for theme in themes)
            field.error_messages["invalid_choice"] = _(
                "Dieses Thema gehört nicht zur Reihe. Möglich sind: %(allowed)s."
            ) % {"allowed": allowed}
        field.queryset = themes
        # A question only chooses among its series' themes: no links to add, change or delete a theme in
        # every row (one added here would not belong to the series; one changed here changes every interview).
        # The series and theme forms do that. (Also a tenth of the work of opening the form, docs/performance.md.)
        field.widget.can_add_related = field.widget.can_change_related = False
        field.widget.can_delete_related = field.widget.can_view_related = False
        for each in formset.form.base_fields.values():  # translated once here, not again in every question row
            each.label = each.label if each.label is None else str(each.label)
            each.help_text = str(each.help_text)
        return formset


class FigureInline(SortableStackedInline):
    """Photos of the Kommune's projects: web page (after the themes), PDF (placed by the fit), open data."""

    model = Figure
    template = "adminsortable2/edit_inline/stacked-django-6.0.html"  # sortable2 on Django 6.1
    formfield_overrides = EDITOR_FORMFIELDS  # a chosen photo is kept when the form comes back with an error
    extra = 0
    max_num = MAX_FIGURES
    fields = ["image", "caption", "credit", "alt_text", "rights_cleared"]
    verbose_name_plural = gettext_lazy("Abbildungen (Projektfotos, höchstens %(n)s)") % {"n": MAX_FIGURES}

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_max=True, **kwargs)


class InterviewForm(OfficeCleaningMixin, GermanSlugFormMixin, forms.ModelForm):
    """The interview form (optimistic locking: core.locking, see InterviewAdmin)."""

    office_fields = ("lead",)
    default_renderer = renderers.RENDERER
    # Not stored on the interview: carried by the workflow step of this save (interviews.editorial.admin_workflow).
    workflow_comment = forms.CharField(
        label=gettext_lazy("Kommentar zum Arbeitsschritt"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("z. B. was geändert wurde oder was die Freigabe beachten soll."),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Begründung: trotz offener Punkte veröffentlichen"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "Nur ausfüllen, wenn das Interview veröffentlicht werden soll, obwohl die Checkliste offene Punkte hat: "
            "von der interviewten Person nicht über den Link autorisiert (z. B. „telefonisch autorisiert am …“) "
            "oder Bildrechte am Porträt nicht vermerkt (z. B. „Foto der Stadt, Rechte per Mail bestätigt“). "
            "Wird im Verlauf festgehalten."
        ),
    )

    class Meta:
        model = Interview
        fields = "__all__"
        widgets = {"lead": rich_text_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "part" in self.fields:
            self.fields["part"].help_text = part_help_text(self.instance)
        if "published_at" in self.fields:
            # One word per date: "Erscheint am" (past or future), "voraussichtlich" only for the plan.
            self.fields["published_at"].label = _("Erscheint am")
            self.fields["published_at"].help_text = _(
                "Tag und Uhrzeit der Veröffentlichung (deutsche Zeit). Liegt der Zeitpunkt in der Zukunft, "
                "ist das Interview geplant und erscheint dann von selbst."
            )
        if "planned_date" in self.fields:
            self.fields["planned_date"].help_text = planned_date_help(self.instance.planned_date)
        if "portrait" in self.fields:
            # Django groups a file input with a current file in a fieldset
            # without a <label for>: name the input itself for screen readers.
            self.fields["portrait"].widget.attrs["aria-label"] = _("Porträt-Datei auswählen")

    def clean(self):
        cleaned = super().clean()
        if (
            "published_at" in self.fields
            and self.instance.status == Status.PUBLISHED
            and not cleaned.get("published_at")
            and not self.has_error("published_at")
        ):
            self.add_error(
                "published_at",
                _(
                    "Ein veröffentlichtes Interview braucht ein Veröffentlichungsdatum. Zum Zurückziehen gibt es "
                    "den Knopf „Speichern und zurückziehen“."
                ),
            )
        return cleaned

    # The fields the cover of the PDF shows (besides the Kommune's Steckbrief and the series' band).
    cover_fields = (
        "series",
        "kommune",
        "title",
        "lead",
        "interviewee_title",
        "interviewee_name",
        "interviewee_role",
        "portrait",
        "photo_credit",
        "is_sample",
    )

    def _post_clean(self):
        """Refuse a teaser the PDF's cover cannot hold beside the other fields (``pdf.cover_refusal``)."""
        super()._post_clean()
        interview = self.instance
        if "lead" not in self.fields or any(self.has_error(name) for name in self.cover_fields):
            return
        if interview.series_id and interview.kommune_id:
            refusal = pdf.cover_refusal(pdf.cover_source(interview))
            if refusal is not None:
                self.add_error("lead", pdf.layout_reason(refusal))

    def _slug_taken(self, slug):
        """Another interview's old address is taken too: it stays reserved for its redirect."""
        return super()._slug_taken(slug) or reserved_slug_owner(slug, self.instance.pk) is not None

    def _slug_owner(self, slug):
        owner = reserved_slug_owner(slug, self.instance.pk)
        if owner is not None and not super()._slug_taken(slug):
            return _("die frühere Adresse von „%(title)s“, die dorthin weiterleitet") % {"title": owner.title}
        return super()._slug_owner(slug)


def planned_date_help(planned_date):
    """The planned-date help with the words readers will see for this date."""
    example = date_format(planned_date, "F Y") if planned_date else _("Mai 2027")
    text = _(
        "Nur für noch nicht erschienene Teile: Leser sehen „erscheint voraussichtlich %(month)s“ "
        "(nur Monat und Jahr). Der Tag der Veröffentlichung steht unter „Erscheint am“."
    ) % {"month": example}
    return text


def part_help_text(interview):
    """Which part numbers are taken and free, for the series of ``interview`` (or every recent series)."""
    series_list = [interview.series] if interview.series_id else list(Series.objects.order_by("-year")[:3])
    lines = []
    for series in series_list:
        taken = series.taken_parts(exclude_pk=interview.pk)
        free = series.free_parts(exclude_pk=interview.pk)
        own = ""
        if interview.pk and interview.series_id == series.pk:
            own = _(" (dieses Interview: Teil %s)") % interview.part
            free = [part for part in free if part != interview.part]
        lines.append(
            _("%(series)s: vergeben %(taken)s%(own)s; frei %(free)s")
            % {
                "series": series,
                "taken": ", ".join(map(str, taken)) or "–",
                "own": own,
                "free": ", ".join(map(str, free)) or _("keiner"),
            }
        )
    return _("Nummer in der Reihe, z. B. 4 für „Interview 4 von 6“.") + " " + " · ".join(lines)


def layout_refusal_on_top(form, formsets):
    """A refused layout (budget.LayoutGate, raised by the question formset) concerns the whole text: show it with the
    form's errors at the top of the page, not in the questions block. True when one was moved."""
    moved = []
    for formset in formsets:
        if not formset.is_bound:
            continue
        shown = formset.non_form_errors().as_data()
        layout = [error for error in shown if error.code == "layout"]
        if layout:
            kept = [error for error in shown if error.code != "layout"]
            formset._non_form_errors = formset.error_class(kept, error_class="nonform", renderer=formset.renderer)
            moved += layout
    if moved:
        existing = form.errors[NON_FIELD_ERRORS].as_data() if NON_FIELD_ERRORS in form.errors else []
        form.errors[NON_FIELD_ERRORS] = form.error_class(
            [*existing, *moved], error_class="nonfield", renderer=form.renderer
        )
    return bool(moved)


def kept_by_restore():
    """A restore from history brings back content only: every other field keeps its current value.

    (interviews.fields: editorial, workflow – status, publication, the
    authorisation link and decision –, PDF state and technical fields.)
    """
    return [name for name in fields.not_content(Interview) if name != Interview._meta.pk.attname]


def berlin_datetime(value, format_name="SHORT_DATETIME_FORMAT"):
    """A datetime as German local time (Europe/Berlin), e.g. "15.09.2026 10:00"."""
    if value is None:
        return "–"
    return date_format(timezone.localtime(value), format_name)


@admin.register(Interview)
class InterviewAdmin(
    OptimisticLockingMixin,
    WorkflowAdminMixin,
    EditorFormAdminMixin,
    HistoryPermissionMixin,
    SortableAdminBase,
    CompareVersionAdmin,
):
    form = InterviewForm
    stale_save_section = True  # change_form.html includes admin/interviews/includes/stale_save.html
    inlines = [QuestionInline, FigureInline]
    # Four columns that fit 1024 px: what, state, page budget, PDF (admin_list.py).
    list_display = ["list_title", "status_label", "list_budget", "list_pdf"]
    list_display_links = ["list_title"]
    list_filter = [
        admin_list.StatusFilter,
        "series",
        admin_list.ThemeFilter,
        admin_list.BudgetFilter,
        admin_list.PdfFilter,
        PendingChangeFilter,
        AssignedToMeFilter,
        "kommune__state",
    ]
    list_select_related = ["series", "kommune"]
    search_fields = [
        "title",
        "interviewee_name",
        "kommune__name",
        "slug",
        "lead",
        "questions__question",
        "questions__answer",
    ]
    search_help_text = gettext_lazy(
        "Sucht in Überschrift, Teaser, Fragen und Antworten, Name der interviewten Person und Kommune."
    )
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["kommune"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "workflow_status",
        "published_by",
        "preview_links",
        "pdf_status",
        "page_budget",
        "pull_quotes_in_pdf",
        "budget_meter",
        "created_at",
        "updated_at",
    ]
    actions = ["action_submit_for_review", "action_publish", "action_unpublish", "action_render_pdf"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["series", "part", "kommune", "title", "slug", "lead"]}),
        (
            gettext_lazy("Interviewte Person"),
            {
                "fields": [
                    "interviewee_title",
                    "interviewee_name",
                    "interviewee_wording",
                    "interviewee_role",
                    "interviewer",
                    "portrait",
                    "portrait_alt",
                    "photo_credit",
                    "portrait_rights",
                ]
            },
        ),
        (
            gettext_lazy("Veröffentlichung"),
            {
                "description": gettext_lazy(
                    "Die Redaktion reicht Interviews zur Prüfung ein; veröffentlichen und zurückziehen kann die "
                    "Gruppe „Freigabe“. Alle Zeiten sind deutsche Zeit (Europe/Berlin)."
                ),
                "fields": [
                    "workflow_status",
                    "published_at",
                    "published_by",
                    "planned_date",
                    "is_sample",
                    "preview_links",
                ],
            },
        ),
        (
            gettext_lazy("PDF"),
            {"fields": ["page_count", "budget_meter", "pdf_status", "page_budget", "pull_quotes_in_pdf"]},
        ),
        (gettext_lazy("Verwaltung"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @property
    def media(self):
        extra = forms.Media(
            css={"all": ["admin-extra/workflow.css", "admin-extra/page-budget.css"]},
            js=[
                "admin-extra/editor-labels.js",
                "admin-extra/word-count.js",
                "admin-extra/questions.js",
                "admin-extra/paste.js",
                "admin-extra/page-budget.js",
            ],
        )
        return without_missing_sortable_actions_js(super().media) + extra

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not publishing.can_publish(request.user):
            fields.append("published_at")
        return fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == "interviews_interview_changelist":
            return admin_list.changelist_queryset(queryset)
        if match is not None and match.url_name == "interviews_interview_change":
            return queryset.select_related("series", "kommune")  # the form's title, part help, meter and PDF fields
        return queryset

    @admin.display(description=gettext_lazy("Interview"), ordering="title")
    def list_title(self, obj):
        return format_html(
            '{}<span class="list-meta">Teil {} · {} · {}</span>', obj.title, obj.part, obj.series.year, obj.kommune.name
        )

    @admin.display(description=gettext_lazy("Status"), ordering="published_at")
    def status_label(self, obj):
        if obj.is_scheduled:
            return _("Geplant (%(when)s)") % {"when": berlin_datetime(obj.published_at)}
        if obj.status == Status.PUBLISHED:
            return _("Veröffentlicht (%(when)s)") % {"when": berlin_datetime(obj.published_at, "SHORT_DATE_FORMAT")}
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("Seitenbudget"))
    def list_budget(self, obj):
        kind, text = admin_list.budget_text(obj)
        return format_html('<span class="budget-{}">{}</span>', kind, text)

    @admin.display(description=gettext_lazy("PDF"), ordering="pdf_state")
    def list_pdf(self, obj):
        label = admin_list.PDF_SHORT.get(obj.pdf_state, obj.get_pdf_state_display())
        if obj.pdf_state == PdfState.CURRENT and obj.pdf_pages:
            label = _("aktuell, %(pages)s Seiten") % {"pages": obj.pdf_pages}
        return format_html('<span class="pdf-{}">{}</span>', obj.pdf_state, label)

    @admin.display(description=gettext_lazy("Status"))
    def workflow_status(self, obj):
        if obj is None or obj.pk is None:
            return _("Entwurf (neu)")
        if obj.is_scheduled:
            return _("Geplant: erscheint am %(when)s von selbst") % {
                "when": berlin_datetime(obj.published_at, "DATETIME_FORMAT")
            }
        if obj.status == Status.REVIEW:
            return _("In Prüfung – wartet auf die Freigabe")
        if obj.status == Status.PUBLISHED:
            return _("Veröffentlicht seit %(when)s") % {"when": berlin_datetime(obj.published_at, "DATETIME_FORMAT")}
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("PDF"), ordering="pdf_state")
    def pdf_status(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        if obj.pdf_rendered_at and obj.pdf_state == PdfState.CURRENT:
            return _("%(state)s (erstellt %(when)s)") % {
                "state": obj.get_pdf_state_display(),
                "when": berlin_datetime(obj.pdf_rendered_at),
            }
        return obj.get_pdf_state_display()

    @admin.display(description=gettext_lazy("Satzspiegel des PDFs"))
    def page_budget(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return pdf.page_budget_label(obj)

    @admin.display(description=gettext_lazy("Zitate im PDF"))
    def pull_quotes_in_pdf(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        report = pdf.pull_quote_report(obj)
        if not report:
            return _("keine Zitate")
        return format_html_join(mark_safe("<br>"), "„{}“ – {}", report)

    @admin.display(description=gettext_lazy("Wortumfang"))
    def budget_meter(self, obj):
        url = reverse("admin:interviews_interview_layout_check", args=[obj.pk]) if obj and obj.pk else ""
        return budget.meter_html(obj or Interview(), url)

    @admin.display(description=gettext_lazy("Vorschau"))
    def preview_links(self, obj):
        if not obj or not obj.pk:
            return _("Nach dem ersten Speichern verfügbar.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>'
            ' · <a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("Webseite ansehen"),
            obj.get_pdf_url(),
            _("PDF ansehen"),
            reverse("admin:interviews_interview_print_master", args=[obj.pk]),
            _("Druckvorlage (PDF/X-4) herunterladen"),
        )

    # --- optimistic locking (core.locking) -----------------------------------------------------

    def edit_version(self, obj):
        """The interview's version counter: every save counts it up, pending versions included
        (a PDF render by the worker does not, so it never makes an open form stale)."""
        return obj.version

    def other_saves(self, obj):
        """A pending version's save (who, when): it writes no history entry and no admin log until published;
        workflow steps write history entries (publishing.save_with_history)."""
        changes = PendingChange.objects.filter(interview_id=obj.pk).select_related("updated_by")
        return [(change.updated_by, change.updated_at) for change in changes]

    def edit_base_extra(self, obj):
        return compare.snapshot(obj)

    def stale_changes(self, extra, obj):
        """What the other save changed: the version the editor started from ↔ the one stored now."""
        return compare.compare_interviews(extra, compare.snapshot(obj)) if extra else []

    def save_model(self, request, obj, form, change):
        restored_from = getattr(request, "_workflow_state", None)
        if restored_from is not None:
            # Restoring a version restores content, never the rest: a restore must not publish or
            # unpublish anything, nor bring back a revoked or expired authorisation link or a decision
            # on another text. Editorial fields the editor changed in the restore form are taken.
            chosen = {
                field.attname for field in fields.fields(Interview, fields.EDITORIAL) if field.name in form.changed_data
            }
            for attname, value in restored_from.items():
                if attname not in chosen:
                    setattr(obj, attname, value)
            obj.version = restored_from["version"] + 1
        elif getattr(request, "_recovering", False):
            # A deleted interview comes back as a draft without a link or an authorisation
            # (its workflow events were deleted with it).
            obj.status = Status.DRAFT
            obj.published_at = None
            obj.published_by = None
            obj.approval_key = ""
            obj.approval_link_created_at = None
            obj.approval_status = ApprovalStatus.PENDING
            obj.version += 1
        elif change:
            obj.version += 1  # obj as stored now: the version check (core.locking) locked the row
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        formsets = [inline.formset for inline in context["inline_admin_formsets"]]
        if layout_refusal_on_top(context["adminform"].form, formsets):
            context["errors"] = helpers.AdminErrorList(context["adminform"].form, formsets)
        # The question form offers only the chosen series' themes (static/admin-extra/questions.js).
        series_themes = {}
        for series_id, theme_id in Series.themes.through.objects.values_list("series_id", "theme_id"):
            series_themes.setdefault(str(series_id), []).append(str(theme_id))
        context["series_themes"] = series_themes
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        paste = path("paste/", self.admin_site.admin_view(self.paste_view), name="interviews_interview_paste")
        print_master = path(
            "<path:object_id>/druckvorlage/",
            self.admin_site.admin_view(partial(print_master_view, self)),
            name="interviews_interview_print_master",
        )
        return [paste, print_master, *budget.admin_urls(self.admin_site), *super().get_urls()]

    def paste_view(self, request):
        """Clean pasted Office HTML for the rich-text editor (static/admin-extra/paste.js): JSON html + notes."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        result = clean_office_html(request.POST.get("html", ""))
        return JsonResponse({"html": result.html, "notes": result.notes})

    def _report_office_cleaning(self, request, form, formsets):
        notes = [(_("Teaser"), note) for note in getattr(form, "office_notes", [])]
        for formset in formsets:
            for number, inline_form in enumerate(formset.forms, start=1):
                notes += [(_("Frage %s") % number, note) for note in getattr(inline_form, "office_notes", [])]
        for where, note in notes:
            self.message_user(request, _("%(where)s: %(note)s") % {"where": where, "note": note}, messages.WARNING)

    def _report_missing_characters(self, request, form, formsets):
        """Tell the editor which saved characters the print fonts lack (an emoji, „✓“): the PDF would set them
        in another font of the machine or print an empty box. Nothing is changed."""
        places = [("", form)]
        for formset in formsets:
            kept = [inline_form for inline_form in formset.forms if not inline_form.cleaned_data.get("DELETE")]
            places += [(f"{formset.model._meta.verbose_name} {number}", f) for number, f in enumerate(kept, start=1)]
        for where, place in places:
            model = place._meta.model
            for name in fields.names(model, fields.CONTENT):
                value = place.cleaned_data.get(name)
                missing = pdf.missing_characters(value) if isinstance(value, str) else ""
                if missing:
                    field = fields.label(model, name)
                    message = _(
                        "%(where)s: Die Druckschrift hat kein Zeichen für „%(chars)s“. Im PDF stünde es in einer "
                        "anderen Schrift oder als leeres Kästchen – bitte ersetzen oder entfernen."
                    ) % {"where": f"{where}, {field}" if where else field, "chars": " ".join(missing)}
                    self.message_user(request, message, messages.WARNING)

    def _report_low_resolution(self, request, form, formsets):
        """Tell the editor which images are too small for print at their largest placement (a print shop wants
        ``PRINT_MIN_PPI``; the print master's preflight checks it). Nothing is changed: screen and web are fine."""
        figures = [
            inline_form.instance
            for formset in formsets
            if formset.model is Figure
            for inline_form in formset.forms
            if not inline_form.cleaned_data.get("DELETE")
        ]
        for index, width, height, ppi, needed in pdf.low_resolution_images(form.instance.portrait, figures):
            where = _("Porträt") if index is None else f"{Figure._meta.verbose_name} {index + 1}"
            message = _(
                "%(where)s: Das Bild hat %(w)s × %(h)s Bildpunkte; so groß gedruckt, wie das PDF es setzen kann, "
                "sind das %(ppi)s ppi. Eine Druckerei verlangt mindestens %(min)s ppi: bitte ein Bild mit "
                "mindestens %(nw)s × %(nh)s Bildpunkten hochladen (für Webseite und Lese-PDF reicht es)."
            ) % {
                "where": where,
                "w": number_format(width, force_grouping=True),
                "h": number_format(height, force_grouping=True),
                "ppi": round(ppi),
                "min": pdf.PRINT_MIN_PPI,
                "nw": number_format(needed[0], force_grouping=True),
                "nh": number_format(needed[1], force_grouping=True),
            }
            self.message_user(request, message, messages.WARNING)

    def compare_view(self, request, object_id, extra_context=None):
        """The history comparison: word-level differences of what readers see, question by question."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        nav = self._resolve_versions_and_navigation(request.GET, Version.objects.get_for_object(obj))
        changes = compare.compare_interviews(
            compare.snapshot_from_version(nav["version1"]), compare.snapshot_from_version(nav["version2"])
        )
        context = {
            **self._build_base_context(request, obj, nav["version1"], nav["version2"]),
            **nav,
            "changes": changes,
            **(extra_context or {}),
        }
        return render(request, self.compare_template, context)

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        request._workflow_state = Interview.objects.filter(pk=version.object_id).values(*kept_by_restore()).first()
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def recover_view(self, request, version_id, extra_context=None):
        request._recovering = True
        return super().recover_view(request, version_id, extra_context)

    def _create_formsets(self, request, obj, change):
        """The question formset's checks see the whole posted form: each formset knows the others (the page budget
        counts the posted figures), and a save that goes live at once must lay out (``budget.LayoutGate``)."""
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        gate = getattr(request, "_layout_gate", None) if request.method == "POST" else None
        for formset in formsets:
            formset.siblings = formsets
            formset.layout_gate = gate
        return formsets, inline_instances

    def save_form(self, request, form, change):
        request._form_valid = True  # the form validated; its formsets are checked next (the layout gate)
        return super().save_form(request, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._report_office_cleaning(request, form, formsets)
        self._report_missing_characters(request, form, formsets)
        self._report_low_resolution(request, form, formsets)
        # The PDF follows the saved rows by itself (receivers in interviews.tasks).

    @admin.action(description=gettext_lazy("Ausgewählte zur Prüfung einreichen"), permissions=["change"])
    def action_submit_for_review(self, request, queryset):
        self._bulk(request, queryset, publishing.submit_for_review, _("%d Interview(s) zur Prüfung eingereicht."))

    @admin.action(description=gettext_lazy("Ausgewählte veröffentlichen"), permissions=["publish"])
    def action_publish(self, request, queryset):
        # Publishing lays out each text outside any transaction: it runs once the change list's has ended.
        request._step_after_commit = partial(
            self._bulk, request, list(queryset), publishing.publish, _("%d Interview(s) veröffentlicht.")
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        step = getattr(request, "_step_after_commit", None)
        if step is not None:
            step()
        return response

    @admin.action(description=gettext_lazy("Ausgewählte zurückziehen"), permissions=["publish"])
    def action_unpublish(self, request, queryset):
        self._bulk(request, queryset, publishing.unpublish, _("%d Interview(s) zurückgezogen."))

    @admin.action(description=gettext_lazy("PDF neu erstellen"), permissions=["change"])
    def action_render_pdf(self, request, queryset):
        # Only published interviews get a stored PDF: count only what is really queued.
        ids = list(queryset.published().values_list("pk", flat=True))
        tasks.queue_renders(ids, force=True)
        count = len(ids)
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request, _("Die PDFs von %d Interview(s) werden im Hintergrund neu erstellt.") % count, messages.SUCCESS
            )
        if skipped:
            self.message_user(
                request,
                _("%d Interview(s) sind nicht veröffentlicht: für sie wird kein PDF gespeichert.") % skipped,
                messages.INFO,
            )

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def _bulk(self, request, queryset, step, success):
        done = 0
        for interview in queryset:
            try:
                step(interview, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"„{interview.title}“: {error_text(error)}", messages.ERROR)
        if done:
            self.message_user(request, success % done, messages.SUCCESS)


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class SeriesForm(GermanSlugFormMixin, forms.ModelForm):
    slug_sources = ("title", "year")

    class Meta:
        model = Series
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "themes" in cleaned:
            kept = [theme.pk for theme in cleaned["themes"]]
            in_use = (
                Theme.objects.filter(questions__interview__series=self.instance)
                .exclude(pk__in=kept)
                .distinct()
                .values_list("title", flat=True)
            )
            if in_use:
                self.add_error(
                    "themes",
                    _(
                        "Diese Themen haben Fragen in Interviews der Reihe und bleiben deshalb: %(themes)s. "
                        "Ordnen Sie die Fragen zuerst einem anderen Thema zu."
                    )
                    % {"themes": ", ".join(f"„{title}“" for title in in_use)},
                )
        return cleaned


@admin.register(Series)
class SeriesAdmin(ShownRowAdmin):
    form = SeriesForm
    in_use_hint = gettext_lazy("Eine Reihe mit Interviews kann nicht gelöscht werden.")
    list_display = ["title", "year", "subtitle", "parts_overview"]
    search_fields = ["title", "subtitle"]
    prepopulated_fields = {"slug": ("title", "year")}
    filter_horizontal = ["themes"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "subtitle",
                    "slug",
                    "year",
                    "planned_parts",
                    "pages_per_part",
                    "publication_line",
                    "description",
                    "themes",
                ]
            },
        ),
        (
            gettext_lazy("Förderhinweis"),
            {"fields": ["funding_body", "funding_programme", "funding_project", "grant_number", "funding_notice"]},
        ),
    ]

    def get_queryset(self, request):
        parts = Interview.objects.only("pk", "part", "series_id")
        return super().get_queryset(request).prefetch_related(Prefetch("interviews", queryset=parts))

    @admin.display(description=gettext_lazy("Teile (vergeben/frei)"), ordering="planned_parts")
    def parts_overview(self, obj):
        taken = sorted(interview.part for interview in obj.interviews.all())
        free = [part for part in range(1, obj.planned_parts + 1) if part not in taken]
        return _("%(count)s von %(planned)s vergeben (%(taken)s) · frei: %(free)s") % {
            "count": len(taken),
            "planned": obj.planned_parts,
            "taken": ", ".join(map(str, taken)) or "–",
            "free": ", ".join(map(str, free)) or _("keiner"),
        }


class ThemeForm(GermanSlugFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = "__all__"


@admin.register(Theme)
class ThemeAdmin(ShownRowAdmin):
    form = ThemeForm
    in_use_hint = gettext_lazy("Ordnen Sie die Fragen zuerst einem anderen Thema zu.")
    # The order is changed in the theme's form only: that save lays out the live parts it reorders first
    # (ChangeCheckedAdminMixin); the change list's inline editing would write without asking.
    list_display = ["title", "question", "position", "print_color"]
    search_fields = ["title", "question"]
    prepopulated_fields = {"slug": ("title",)}
