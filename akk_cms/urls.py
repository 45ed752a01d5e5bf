from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Mal nachgefragt! – Redaktion")
admin.site.site_title = _("AKK-Redaktion")
admin.site.index_title = _("Redaktion")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("interviews.urls")),
    path("kommunen/", include("municipalities.urls")),
]
