from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin

from core.admin import HistoryPermissionMixin, ProtectedDeleteMixin
from municipalities.models import Award, Kommune


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0


@admin.register(Kommune)
class KommuneAdmin(HistoryPermissionMixin, ProtectedDeleteMixin, CompareVersionAdmin):
    in_use_hint = _("Ordnen Sie die Interviews zuerst einer anderen Kommune zu.")
    list_display = ["name", "kind", "state", "population", "akk_member", "is_fictional"]
    list_filter = ["kind", "state", "akk_member", "is_fictional"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AwardInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "state", "population", "website", "description"]}),
        (_("Logo"), {"fields": ["logo", "logo_alt"]}),
        (_("AKK und Auszeichnungen"), {"fields": ["akk_member", "is_fictional"]}),
    ]
