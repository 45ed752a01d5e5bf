from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from interviews import publishing
from interviews.models import Interview, Question, Series, Status, Theme

RICH_TEXT_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "HardBreak": True,
        "History": True,
    }
}


def rich_text_widget():
    widget = AdminProseEditorWidget()
    widget.config = RICH_TEXT_CONFIG
    widget.preset = "configurable"
    return widget


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["theme", "question", "answer", "pull_quote"]
        widgets = {
            "answer": rich_text_widget(),
            "question": forms.Textarea(attrs={"rows": 2}),
        }


class QuestionInline(SortableStackedInline):
    model = Question
    form = QuestionForm
    extra = 0
    fields = ["theme", "question", "answer", "pull_quote"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "theme":
            kwargs["queryset"] = Theme.objects.order_by("position", "title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class InterviewForm(forms.ModelForm):
    """The interview form with optimistic locking.

    ``edit_version`` carries the version the editor started from; saving a
    form whose version is no longer current is refused (no lost edits).
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Interview
        fields = "__all__"
        widgets = {"lead": rich_text_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                Interview.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("edit_version") != current:
                raise ValidationError(stale_form_message(self.instance), code="stale")
        return cleaned


def stale_form_message(interview):
    latest = Version.objects.get_for_object(interview).select_related("revision__user").first()
    who = ""
    if latest is not None:
        user = latest.revision.user
        when = date_format(timezone.localtime(latest.revision.date_created), "DATETIME_FORMAT")
        who = _(" (zuletzt am %(when)s von %(user)s)") % {
            "when": when,
            "user": user.get_username() if user else _("unbekannt"),
        }
    return _(
        "Dieses Interview wurde inzwischen von jemand anderem gespeichert%(who)s. "
        "Ihre Änderungen wurden nicht übernommen, damit nichts überschrieben wird. "
        "Bitte öffnen Sie das Interview neu und tragen Sie Ihre Änderungen erneut ein."
    ) % {"who": who}


# Fields a restore from history keeps at their current values.
WORKFLOW_FIELDS = [
    "status",
    "published_at",
    "published_by_id",
    "version",
    "pdf_file",
    "pdf_fingerprint",
    "pdf_state",
    "pdf_error",
    "pdf_pages",
    "pdf_font_size",
    "pdf_size",
    "pdf_rendered_at",
]


@admin.register(Interview)
class InterviewAdmin(SortableAdminBase, CompareVersionAdmin):
    form = InterviewForm
    inlines = [QuestionInline]
    list_display = ["title", "part", "series", "kommune", "status_label", "published_at", "pdf_state"]
    list_display_links = ["title"]
    list_filter = ["series", "status", "kommune", "kommune__state"]
    list_select_related = ["series", "kommune"]
    search_fields = ["title", "interviewee_name", "kommune__name", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["kommune"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_by", "preview_links", "pdf_state", "created_at", "updated_at"]
    actions = ["action_submit_for_review", "action_publish", "action_unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["series", "part", "kommune", "title", "slug", "lead", "edit_version"]}),
        (
            gettext_lazy("Interviewte Person"),
            {
                "fields": [
                    "interviewee_name",
                    "interviewee_role",
                    "interviewer",
                    "portrait",
                    "portrait_alt",
                    "photo_credit",
                ]
            },
        ),
        (
            gettext_lazy("Veröffentlichung"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "published_by",
                    "planned_date",
                    "is_sample",
                    "preview_links",
                    "pdf_state",
                ]
            },
        ),
        (gettext_lazy("Verwaltung"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not publishing.can_publish(request.user):
            fields.append("published_at")
        return fields

    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.published_at), "SHORT_DATETIME_FORMAT")
            return _("Geplant für %(when)s") % {"when": when}
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("Vorschau"))
    def preview_links(self, obj):
        if not obj or not obj.pk:
            return _("Nach dem ersten Speichern verfügbar.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            _("Webseite ansehen"),
            obj.get_pdf_url(),
            _("PDF ansehen"),
        )

    def save_model(self, request, obj, form, change):
        restored_from = getattr(request, "_workflow_state", None)
        if restored_from is not None:
            # Restoring a version restores content, never the workflow state:
            # a restore must not publish or unpublish anything.
            for field, value in restored_from.items():
                setattr(obj, field, value)
            obj.version = restored_from["version"] + 1
        elif getattr(request, "_recovering", False):
            obj.status = Status.DRAFT
            obj.version += 1
        elif change:
            obj.version = form.cleaned_data.get("edit_version", obj.version) + 1
        super().save_model(request, obj, form, change)

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        request._workflow_state = Interview.objects.filter(pk=version.object_id).values(*WORKFLOW_FIELDS).first()
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def recover_view(self, request, version_id, extra_context=None):
        request._recovering = True
        return super().recover_view(request, version_id, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.status == Status.PUBLISHED and (
            form.has_changed() or any(fs.has_changed() for fs in formsets)
        ):
            publishing.after_content_change(form.instance)

    def response_change(self, request, obj):
        step = request.POST.get("_workflow")
        if step:
            self._apply_workflow(request, obj, step)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        step = request.POST.get("_workflow")
        if step:
            self._apply_workflow(request, obj, step)
        return super().response_add(request, obj, post_url_continue)

    def _apply_workflow(self, request, obj, step):
        obj.refresh_from_db()
        try:
            if step == "review":
                publishing.submit_for_review(obj, request.user)
                self.message_user(request, _("„%s“ wurde zur Prüfung eingereicht.") % obj.title, messages.SUCCESS)
            elif step == "publish":
                publishing.publish(obj, request.user)
                self.message_user(request, publish_message(obj), messages.SUCCESS)
            elif step == "unpublish":
                publishing.unpublish(obj, request.user)
                self.message_user(
                    request, _("„%s“ wurde zurückgezogen und ist nicht mehr öffentlich.") % obj.title, messages.SUCCESS
                )
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, error_text(error), messages.ERROR)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_publish"] = publishing.can_publish(request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_publish"] = publishing.can_publish(request.user)
        return super().add_view(request, form_url, extra_context)

    @admin.action(description=gettext_lazy("Ausgewählte zur Prüfung einreichen"))
    def action_submit_for_review(self, request, queryset):
        self._bulk(request, queryset, publishing.submit_for_review, _("%d Interview(s) zur Prüfung eingereicht."))

    @admin.action(description=gettext_lazy("Ausgewählte veröffentlichen"), permissions=["publish"])
    def action_publish(self, request, queryset):
        self._bulk(request, queryset, publishing.publish, _("%d Interview(s) veröffentlicht."))

    @admin.action(description=gettext_lazy("Ausgewählte zurückziehen"), permissions=["publish"])
    def action_unpublish(self, request, queryset):
        self._bulk(request, queryset, publishing.unpublish, _("%d Interview(s) zurückgezogen."))

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def _bulk(self, request, queryset, step, success):
        done = 0
        for interview in queryset:
            try:
                step(interview, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{interview.title}: {error_text(error)}", messages.ERROR)
        if done:
            self.message_user(request, success % done, messages.SUCCESS)


def publish_message(interview):
    if interview.is_scheduled:
        when = date_format(timezone.localtime(interview.published_at), "DATETIME_FORMAT")
        return _("„%(title)s“ ist geplant und erscheint am %(when)s von selbst.") % {
            "title": interview.title,
            "when": when,
        }
    return _("„%s“ ist veröffentlicht.") % interview.title


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@admin.register(Series)
class SeriesAdmin(CompareVersionAdmin):
    list_display = ["title", "year", "subtitle", "planned_parts"]
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


@admin.register(Theme)
class ThemeAdmin(CompareVersionAdmin):
    list_display = ["title", "question", "position", "print_color"]
    list_editable = ["position"]
    search_fields = ["title", "question"]
    prepopulated_fields = {"slug": ("title",)}
