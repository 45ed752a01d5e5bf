from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from interviews.reader import images

admin.site.site_header = _("Mal nachgefragt! – Redaktion")
admin.site.site_title = _("AKK-Redaktion")
admin.site.index_title = _("Redaktion")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("interviews.urls")),
    path("kommunen/", include("municipalities.urls")),
    path("", include("pages.urls")),
    # Web renditions of portraits and logos, only of public interviews and Kommunen (core.renditions).
    path("bilder/<str:model>/<int:pk>/<str:filename>", images.rendition, name="rendition"),
]
