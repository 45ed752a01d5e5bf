from django import forms
from django.contrib import admin
from django_prose_editor.widgets import AdminProseEditorWidget

from core import richtext
from core.forms import OneLineFieldsMixin
from core.locking import OptimisticLockingMixin
from pages.models import Page


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["slug", "title", "description", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = AdminProseEditorWidget()
        widget.config = richtext.editor_config(richtext.LEGAL_PAGE)
        widget.preset = "configurable"
        self.fields["body"].widget = widget


@admin.register(Page)
class PageAdmin(OptimisticLockingMixin, OneLineFieldsMixin, admin.ModelAdmin):
    form = PageForm
    list_display = ["title", "slug", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []
