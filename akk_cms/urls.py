from django.conf import settings
from django.conf.urls.static import static
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
    path("", include("pages.urls")),
]

# Development only (static() is empty unless DEBUG): serve the web renditions of
# portraits and logos, never the original uploads. In production the web server does.
urlpatterns += static(settings.MEDIA_URL + "renditions/", document_root=settings.MEDIA_ROOT / "renditions")
