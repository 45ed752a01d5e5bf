from django import forms
from django.contrib import admin
from django_prose_editor.widgets import AdminProseEditorWidget

from core.admin import StaleSaveMixin
from pages.models import Page

PAGE_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "HardBreak": True,
        "History": True,
    }
}


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["slug", "title", "description", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = AdminProseEditorWidget()
        widget.config = PAGE_EDITOR_CONFIG
        widget.preset = "configurable"
        self.fields["body"].widget = widget


@admin.register(Page)
class PageAdmin(StaleSaveMixin, admin.ModelAdmin):
    form = PageForm
    list_display = ["title", "slug", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []
