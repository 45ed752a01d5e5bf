from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ShownRowAdmin
from core.forms import EDITOR_FORMFIELDS, GermanSlugFormMixin, OneLineFieldsMixin
from interviews.models import Status
from municipalities.models import Award, Kommune

PUBLISH_PERMISSION = "interviews.publish_interview"


def shown_by_live_interviews_to_non_publisher(request, kommune):
    """A Kommune that published or scheduled interviews show may be changed only by „Freigabe“.

    Its name, data and awards appear on live pages and PDFs; a change by Redaktion
    would be public at once without review (issue 12: the simpler rule instead of
    pending versions of Kommunen).
    """
    if kommune is None or kommune.pk is None or request.user.has_perm(PUBLISH_PERMISSION):
        return False
    return kommune.interviews.filter(status=Status.PUBLISHED).exists()


class AwardInline(OneLineFieldsMixin, admin.TabularInline):
    model = Award
    extra = 0
    formfield_overrides = EDITOR_FORMFIELDS

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not shown_by_live_interviews_to_non_publisher(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not shown_by_live_interviews_to_non_publisher(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not shown_by_live_interviews_to_non_publisher(
            request, obj
        )


class KommuneForm(GermanSlugFormMixin, forms.ModelForm):
    """AKK membership is a choice the editor makes: nothing is preselected on a new Kommune."""

    slug_sources = ("name",)
    akk_member = forms.TypedChoiceField(
        label=_("Mitglied im AKK"),
        choices=[(True, _("Ja, Mitglied im AKK")), (False, _("Nein, kein Mitglied"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        help_text=_("Wird öffentlich angezeigt. Bitte bewusst auswählen."),
        error_messages={"required": _("Bitte wählen Sie, ob die Kommune Mitglied im AKK ist.")},
    )

    class Meta:
        model = Kommune
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "logo" in self.fields:
            # The file input sits in a fieldset without <label for>: name it for screen readers.
            self.fields["logo"].widget.attrs["aria-label"] = _("Logo-Datei auswählen")
        if not self.instance.pk:
            self.initial.pop("akk_member", None)
            self.fields["akk_member"].initial = None


@admin.register(Kommune)
class KommuneAdmin(ShownRowAdmin):
    form = KommuneForm
    in_use_hint = _("Ordnen Sie die Interviews zuerst einer anderen Kommune zu.")
    list_display = ["name", "kind", "state", "population", "akk_member", "is_fictional"]
    list_filter = ["kind", "state", "akk_member", "is_fictional"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AwardInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not shown_by_live_interviews_to_non_publisher(
            request, obj
        )

    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "state", "population", "website", "description"]}),
        (_("Lage für die Karte"), {"fields": ["latitude", "longitude"]}),
        (_("Logo"), {"fields": ["logo", "logo_alt"]}),
        (_("AKK und Auszeichnungen"), {"fields": ["akk_member", "is_fictional"]}),
    ]
